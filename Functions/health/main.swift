import FunctionRuntime
import Service

await FunctionRuntime.run(function: "health") { _ in HealthHandler() }
