import FunctionRuntime
import SendHandler

await FunctionRuntime.run(function: "send-sms") { try SendSMSHandler(environment: $0) }
