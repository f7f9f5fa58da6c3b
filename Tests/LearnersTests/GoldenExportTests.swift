import EventLog
import Foundation
import Testing

@testable import Learners

/// Golden files for the learners' exports (`Tests/LearnersTests/Golden/`): a fixed synthetic history folded
/// through each learner must give these exact bytes. To accept an intended change, run the tests with
/// `HINDSIGHT_UPDATE_GOLDEN=1` and review the diff.
@Suite struct GoldenExportTests {
    typealias T = TestEvents
    static let start: Int64 = 1_765_843_200_000_000  // 2025-12-16T00:00:00Z

    static func check(_ bytes: [UInt8], golden name: String) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
            .path
        if ProcessInfo.processInfo.environment["HINDSIGHT_UPDATE_GOLDEN"] == "1" {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        let expected = try #require(FileManager.default.contents(atPath: path), "missing golden file \(path)")
        #expect(bytes == Array(expected), "\(name) differs from its golden file")
    }

    @Test func signalWeightsGate() throws {
        var learner = try SignalWeightsLearner()
        let names = SignalWeightsConfiguration.referenceDefaults.map(\.name) + ["ensemble"]
        for cycle in 0..<3 {
            for k in 0..<240 {
                let name = names[k % names.count]
                let t = Self.start + Int64(cycle) * 12 * T.hour + Int64(k) * 60_000_000
                let edge = Double(name.count % 5 - 2) / 1000  // fixed, name-derived drift
                let r = (k % 3 == 0 ? -1.0 : 1.0) * 0.001 + edge
                let partial = k % 7 == 0
                let returns: [(Horizon, Double)] =
                    partial
                    ? [(.m1, r / 3), (.m5, r / 2)] : [(.m1, r / 3), (.m5, r / 2), (.m15, r), (.m30, r), (.h1, r * 1.5)]
                learner.observe(
                    T.outcome(
                        name,
                        symbol: k % 2 == 0 ? "BTCUSDT" : "ETHUSDT",
                        side: k % 4 < 2 ? .long : .short,
                        at: t,
                        returns: returns
                    )
                )
            }
            learner.learn(at: Self.start + Int64(cycle + 1) * 12 * T.hour)
        }
        try Self.check(learner.exportBytes(), golden: "signal_weights_gate.json")
    }

    @Test func blockedCombos() throws {
        var learner = try KilledCombosLearner()
        for k in 0..<150 {
            let symbol = ["ETHUSDT", "BTCUSDT", "SOLUSDT"][k % 3]
            let pnl = symbol == "SOLUSDT" ? 5.0 : (k % 5 == 0 ? 12.0 : -7.5)
            learner.observe(
                T.closed(
                    symbol: symbol,
                    side: k % 2 == 0 ? .long : .short,
                    closedAt: Self.start + Int64(k) * T.hour,
                    netReturn: pnl / 100,
                    netPnlUSD: pnl
                )
            )
        }
        learner.learn(at: Self.start + 156 * T.hour)
        try Self.check(learner.exportBytes(), golden: "blocked_combos.json")
    }

    @Test func timeframeAllocation() throws {
        var learner = try AllocationLearner()
        for k in 0..<60 {
            let tf = ["15m", "1h", "4h"][k % 3]
            let r = tf == "1h" ? 0.03 : (tf == "4h" ? 0.01 : -0.02)
            learner.observe(
                T.closed(closedAt: Self.start + Int64(k) * T.hour, netReturn: r + Double(k % 4) / 1000, timeframe: tf)
            )
        }
        try Self.check(learner.book.exportBytes(), golden: "timeframe_allocation.json")
    }
}
