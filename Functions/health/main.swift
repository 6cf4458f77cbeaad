import FunctionRuntime
import Handlers

await FunctionRuntime.run(function: "health") { try HealthHandler(environment: $0) }
