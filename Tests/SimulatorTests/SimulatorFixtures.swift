import Foundation
import Simulator

/// Shared generated roots (generated once per test process: simulation is the slow part of these tests).
enum SimulatorFixtures {
    /// Four simulated days at 60 evaluations/hour: ~5,800 evaluations, ~2,000 outcomes per component.
    static let statistical: (root: InMemoryBotRoot, truth: PlantedTruth) = {
        var sink = InMemoryBotRoot()
        var simulator = BotSimulator(
            configuration: SimulatorConfiguration(seed: 7, days: 4, symbolCount: 8, evaluationsPerHour: 60)
        )
        let truth = try! simulator.generate(into: &sink)
        return (sink, truth)
    }()

    /// The package root, found from this file's path (Tests/SimulatorTests/<file>).
    static let packageRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    static func temporaryDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "hindsight-sim-\(name)-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Parses every line of a JSONL byte buffer that is valid JSON (broken lines are skipped: the truth file
    /// lists them, and the schema test checks that list).
    static func jsonLines(_ bytes: [UInt8]) -> [[String: Any]] {
        var records: [[String: Any]] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            if let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                object["symbol"] is String
            {
                records.append(object)
            }
        }
        return records
    }

    /// Runs `scripts/check_sample_schema.py` (the independent Python checker) on a root; returns its exit code
    /// and output.
    static func runSchemaChecker(root: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", packageRoot + "/scripts/check_sample_schema.py", root]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
