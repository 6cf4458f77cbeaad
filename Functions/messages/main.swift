import FunctionRuntime
import Service

await FunctionRuntime.run(function: "messages") { try MessagesHandler(environment: $0) }
