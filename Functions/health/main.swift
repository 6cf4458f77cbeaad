import FunctionRuntime
import Service

await FunctionRuntime.run(function: "health") { try HealthHandler(environment: $0) }
