import FunctionRuntime
import Service

await FunctionRuntime.run(function: "message-status") { try MessageStatusHandler(environment: $0) }
