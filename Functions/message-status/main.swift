import FunctionRuntime
import Handlers

await FunctionRuntime.run(function: "message-status") { try MessageStatusHandler(environment: $0) }
