// swift-tools-version:6.0
// The function executables depend on swift-crypto and C libraries only (SQLite, libpq, and OpenSSL for libpq's TLS
// and send-sms's HTTPS client); no NIO. Every other package serves only the local stack (Tools/sms-local).
// README "Design notes" says why; ARCHITECTURE.md shows the module graph.
import PackageDescription

/// Nonisolated async functions run on their caller's executor (SE-0461): a function process then serves its
/// request on the main thread without starting the concurrency runtime's worker threads (3 clone() calls fewer per
/// process). Every target that calls `FunctionRuntime.run` must use it too: with Swift 6.3.1 a caller built
/// without it crashed in generic metadata instantiation.
let functionSettings: [SwiftSetting] = [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]

/// Release builds of every function are fully static executables (glibc, libstdc++, SQLite, libpq and OpenSSL from
/// their `.a` archives): no dynamic loader, no symbol lookups, no shared library needed where they run, so the same
/// file runs on any x86-64 Linux (README "Start-up" has the figures and the commands that measure them).
let staticExecutable: [LinkerSetting] = [
    .unsafeFlags(["-static-executable"], .when(platforms: [.linux], configuration: .release))
]

/// One endpoint's executable: `Functions/<name>/main.swift` over the module holding its handler, built with the
/// settings every function shares.
func function(_ name: String, handlers: Target.Dependency) -> Target {
    .executableTarget(
        name: name, dependencies: [handlers], path: "Functions/\(name)",
        swiftSettings: functionSettings, linkerSettings: staticExecutable)
}

let package = Package(
    name: "sms-functions",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "health", targets: ["health"]),
        .executable(name: "send-sms", targets: ["send-sms"]),
        .executable(name: "inbound-sms", targets: ["inbound-sms"]),
        .executable(name: "message-status", targets: ["message-status"]),
        .executable(name: "messages", targets: ["messages"]),
        .executable(name: "metrics", targets: ["metrics"]),
        .executable(name: "sms-local", targets: ["sms-local"]),
    ],
    dependencies: [
        // swift-crypto: webhook HMAC, SHA-256 and the RS256 application JWT, in the functions and the local stack.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        // The five below serve only the local stack (Tools/sms-local): Hummingbird and NIO; no function links them.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
    ],
    targets: [
        // C libraries through thin modules.
        // HTTP/1.1 over OpenSSL for send-sms; Debian ships libssl.a/libcrypto.a, so it links into a static executable.
        .target(
            name: "CTLSClient", path: "Core/CTLSClient",
            linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]),
        .systemLibrary(name: "CSQLite", path: "Core/CSQLite"),
        // libpq from the static archive scripts/build-libpq.sh makes (run by every README command before a build),
        // with OpenSSL for its TLS: no libpq.so is needed at run time. One flag list keeps the archives in the order
        // a single-pass linker needs.
        .target(
            name: "CPostgres", path: "Core/CPostgres",
            linkerSettings: [
                .unsafeFlags(["-L\(Context.packageDirectory)/.tools/libpq/lib", "-lpq_static", "-lssl", "-lcrypto"])
            ]),

        // Core modules. Dependency direction: SendHandler → {Handlers, Vonage}; Handlers → {FunctionRuntime, Store, SMS,
        // VonageWebhooks}; Vonage → {CTLSClient, Primitives}; nothing imports a module above it (ARCHITECTURE.md).
        // JSON values, a strict byte-level parser and a writer: shared by host events, request bodies and webhook
        // tokens/payloads (JSONDecoder's generic walk was the largest per-invocation cost of a warm bootstrap).
        .target(name: "JSON", path: "Core/JSON"),
        // Byte and text helpers every layer shares: base64url, hex, constant-time comparison, whitespace trimming.
        .target(name: "Primitives", path: "Core/Primitives"),
        .target(
            name: "FunctionRuntime", dependencies: ["JSON", "Primitives"], path: "Core/FunctionRuntime",
            swiftSettings: functionSettings),
        .target(name: "SMS", dependencies: ["Primitives"], path: "Core/SMS"),
        .target(
            name: "VonageWebhooks",
            dependencies: ["JSON", "Primitives", .product(name: "Crypto", package: "swift-crypto")],
            path: "Core/VonageWebhooks"
        ),
        .target(
            name: "Vonage",
            dependencies: [
                "Primitives", "CTLSClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Core/Vonage"
        ),
        .target(name: "Store", dependencies: ["CSQLite", "CPostgres", "Primitives"], path: "Core/Store"),
        .target(
            name: "Handlers",
            dependencies: [
                "FunctionRuntime", "JSON", "Primitives", "SMS", "VonageWebhooks", "Store",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Core/Handlers",
            swiftSettings: functionSettings
        ),
        .target(
            name: "SendHandler", dependencies: ["Primitives", "Handlers", "Vonage"], path: "Core/SendHandler",
            swiftSettings: functionSettings),

        // One executable per endpoint.
        function("health", handlers: "Handlers"),
        function("send-sms", handlers: "SendHandler"),
        function("inbound-sms", handlers: "Handlers"),
        function("message-status", handlers: "Handlers"),
        function("messages", handlers: "Handlers"),
        function("metrics", handlers: "Handlers"),

        // Local developer stack: gateway running the function executables as CGI, plus a Vonage sandbox. It depends
        // on the function executables so that `swift run sms-local` builds them too (they are not linked into it).
        .executableTarget(
            name: "sms-local",
            dependencies: [
                "health", "send-sms", "inbound-sms", "message-status", "messages", "metrics", "FunctionRuntime",
                "JSON", "Primitives", "SMS", "VonageWebhooks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Tools/sms-local"
        ),

        // Tests.
        .target(
            name: "TestSupport", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/TestSupport"),
        .executableTarget(
            name: "runtime-probe", dependencies: ["FunctionRuntime"], path: "Tests/RuntimeProbe",
            swiftSettings: functionSettings),
        .executableTarget(
            name: "sms-fuzz", dependencies: ["CTLSClient", "FunctionRuntime", "JSON", "VonageWebhooks"],
            path: "Tests/Fuzz"),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "FunctionRuntimeTests", dependencies: ["TestSupport", "FunctionRuntime", "JSON"]),
        .testTarget(name: "SMSTests", dependencies: ["TestSupport", "SMS"]),
        .testTarget(name: "PrimitivesTests", dependencies: ["Primitives"]),
        .testTarget(name: "VonageTests", dependencies: ["TestSupport", "Primitives", "Vonage"]),
        .testTarget(
            name: "VonageWebhooksTests",
            // Crypto only for the test-side HS256 minter: production code has no way to mint webhook tokens.
            dependencies: [
                "TestSupport", "Primitives", "VonageWebhooks", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "StoreTests", dependencies: ["TestSupport", "Store"]),
        .testTarget(name: "HandlerTests", dependencies: ["TestSupport", "Handlers", "SendHandler", "Vonage"]),
        .testTarget(name: "IntegrationTests", dependencies: ["TestSupport", "FunctionRuntime"]),
        // Starts the built sms-local as a process (`swift build --build-tests` builds it with every executable).
        .testTarget(name: "LocalStackTests", dependencies: ["TestSupport"]),
    ]
)
