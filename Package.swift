// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "hindsight",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hindsight", targets: ["hindsight"]),
        // Libraries are products so that the Benchmarks package (its own package) can link them.
        .library(name: "HindsightJSON", targets: ["HindsightJSON"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "Ingest", targets: ["Ingest"]),
        .library(name: "Simulator", targets: ["Simulator"]),
        .library(name: "Projections", targets: ["Projections"]),
        .library(name: "Learners", targets: ["Learners"]),
        .library(name: "Replay", targets: ["Replay"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // MARK: - C libraries (the only places that touch C APIs)
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"]), .brew(["zstd"])]
        ),
        // CRC-32C with the SSE4.2 instruction (plain C; EventLog falls back to its software CRC elsewhere).
        .target(name: "CCRC32C", cSettings: [.unsafeFlags(["-O3"])]),
        .target(
            name: "CSimdjson",
            cxxSettings: [.unsafeFlags(["-O3"])],
            linkerSettings: [.linkedLibrary("simdjson")]
        ),

        // MARK: - Targets
        .target(name: "HindsightJSON", dependencies: ["CSimdjson"]),
        .target(name: "EventLog", dependencies: ["CZstd", "CCRC32C", "HindsightJSON"]),
        .target(
            name: "Ingest",
            dependencies: ["EventLog", "HindsightJSON", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "Simulator", dependencies: ["HindsightJSON"]),
        .target(name: "Projections", dependencies: ["EventLog", "HindsightJSON"]),
        .target(name: "Learners", dependencies: ["Projections", "EventLog", "HindsightJSON"]),
        .target(
            name: "Replay",
            dependencies: [
                "Learners", "Projections", "EventLog", "Ingest", "HindsightJSON",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "hindsight",
            dependencies: [
                "EventLog", "Ingest", "Simulator", "Projections", "Learners", "Replay", "HindsightJSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "HindsightTestSupport",
            dependencies: ["EventLog", "HindsightJSON", "Simulator"],
            path: "Sources/HindsightTestSupport"
        ),

        // MARK: - Tests
        .testTarget(
            name: "HindsightJSONTests",
            dependencies: [
                "HindsightJSON", "HindsightTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "EventLogTests",
            dependencies: [
                "EventLog", "HindsightTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "IngestTests",
            dependencies: [
                "Ingest", "EventLog", "HindsightTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "HindsightJSON", "HindsightTestSupport"]),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: [
                "Projections", "EventLog", "HindsightJSON", "HindsightTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "LearnersTests",
            dependencies: [
                "Learners", "Projections", "EventLog", "Ingest", "Simulator", "HindsightTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ReplayTests",
            dependencies: [
                "Replay", "Learners", "Projections", "EventLog", "Ingest", "HindsightTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "CLITests", dependencies: ["HindsightTestSupport"]),
    ],
    cxxLanguageStandard: .cxx17
)

// MARK: - Settings applied to every Swift target
for target in package.targets where [.regular, .executable, .test].contains(target.type) {
    guard target.name != "CSimdjson" && target.name != "CCRC32C" else { continue }
    target.swiftSettings =
        (target.swiftSettings ?? [])
        + [
            "ExistentialAny", "MemberImportVisibility", "InternalImportsByDefault",
            "NonisolatedNonsendingByDefault",
        ].map { .enableUpcomingFeature($0) }
}
