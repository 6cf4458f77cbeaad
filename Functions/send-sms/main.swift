import FunctionRuntime
import SendService

await FunctionRuntime.run(function: "send-sms") { try SendSMSHandler(environment: $0) }
