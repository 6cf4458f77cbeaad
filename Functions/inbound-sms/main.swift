import FunctionRuntime
import Handlers

await FunctionRuntime.run(function: "inbound-sms") { try InboundSMSHandler(environment: $0) }
