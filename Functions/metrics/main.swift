import FunctionRuntime
import Service

await FunctionRuntime.run(function: "metrics") { try MetricsHandler(environment: $0) }
