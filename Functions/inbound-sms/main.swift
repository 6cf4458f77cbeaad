import FunctionRuntime
import Service

await FunctionRuntime.run(function: "inbound-sms") { try InboundSMSHandler(environment: $0) }
