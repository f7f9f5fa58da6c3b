// swift-tools-version:6.2
import PackageDescription

// Benchmarks live in their own package so that the main package's build and tests never pay for
// ordo-one benchmark. Run: `cd Benchmarks && swift package benchmark` (release build, jemalloc-free malloc
// interposer for allocation counts). Each module adds its own executable target under Benchmarks/.
let package = Package(
    name: "benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The root package is named explicitly: a path dependency is otherwise identified by its directory
        // name, which differs between clones (main, worktrees, CI).
        .package(name: "hindsight", path: ".."),
        .package(
            url: "https://github.com/ordo-one/benchmark",
            from: "1.38.0",
            traits: ["MallocInterposer"]
        ),
    ],
    targets: [
        // MARK: - Ingest (end to end; input from Benchmarks/IngestBaseline/ingest_baseline.py generate)
        .executableTarget(
            name: "IngestBenchmarks",
            dependencies: [
                .product(name: "EventLog", package: "hindsight"),
                .product(name: "Ingest", package: "hindsight"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/IngestBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // MARK: - Replay
        .target(
            name: "ReplayBenchmarkData",
            dependencies: [.product(name: "EventLog", package: "hindsight")],
            path: "Benchmarks/ReplayBenchmarkData"
        ),
        .executableTarget(
            name: "ReplayProfile",
            dependencies: [
                "ReplayBenchmarkData",
                .product(name: "EventLog", package: "hindsight"),
                .product(name: "Projections", package: "hindsight"),
                .product(name: "Replay", package: "hindsight"),
            ],
            path: "Benchmarks/ReplayProfile"
        ),
        .executableTarget(
            name: "ReplayBenchmarks",
            dependencies: [
                "ReplayBenchmarkData",
                .product(name: "EventLog", package: "hindsight"),
                .product(name: "Projections", package: "hindsight"),
                .product(name: "Replay", package: "hindsight"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ReplayBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // MARK: - EventLog
        .target(
            name: "EventLogBenchmarkData",
            dependencies: [.product(name: "EventLog", package: "hindsight")],
            path: "Benchmarks/EventLogBenchmarkData"
        ),
        .executableTarget(
            name: "EventLogProfile",
            dependencies: ["EventLogBenchmarkData", .product(name: "EventLog", package: "hindsight")],
            path: "Benchmarks/EventLogProfile"
        ),
        .executableTarget(
            name: "EventLogBenchmarks",
            dependencies: [
                "EventLogBenchmarkData",
                .product(name: "EventLog", package: "hindsight"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EventLogBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SimulatorBenchmarks",
            dependencies: [
                .product(name: "Simulator", package: "hindsight"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SimulatorBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),

        // MARK: - JSON and normalization
        .executableTarget(
            name: "JSONBenchmarks",
            dependencies: [
                .product(name: "HindsightJSON", package: "hindsight"),
                .product(name: "Ingest", package: "hindsight"),
                .product(name: "EventLog", package: "hindsight"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/JSONBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)

for target in package.targets where [.regular, .executable, .test].contains(target.type) {
    target.swiftSettings =
        (target.swiftSettings ?? [])
        + [
            "ExistentialAny", "MemberImportVisibility", "InternalImportsByDefault",
            "NonisolatedNonsendingByDefault",
        ].map { .enableUpcomingFeature($0) }
}
