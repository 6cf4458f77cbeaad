import FunctionRuntime
import Handlers

await FunctionRuntime.run(function: "metrics") { try MetricsHandler(environment: $0) }
