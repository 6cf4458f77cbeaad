import FunctionRuntime
import Handlers

await FunctionRuntime.run(function: "messages") { try MessagesHandler(environment: $0) }
