import EventLog
import Projections
import Replay
import Testing

/// Seed 004's walkthrough as events: three trades close on 15m (+5 %), 1h (−2 %), 4h (+3 %).
enum Seed004Example {
    static let start: Int64 = 1_767_225_600_000_000  // 2026-01-01T00:00:00Z
    static let hour: Int64 = 3_600_000_000

    static func closed(_ tf: String, roi: Double, at time: Int64, opened: Int64) -> EventPayload {
        let key = PositionKey(symbol: "SOLUSDT", strategy: "alpha", directionRaw: "LONG", openedAt: opened)
        return .positionClosed(
            PositionClosed(
                key: key,
                side: .long,
                exitVariant: .standard,
                entryPrice: 100,
                exitPrice: 100 * (1 + roi / 5),
                sizeUSD: 1000,
                leverage: 5,
                marginUSD: 200,
                closedAt: time,
                closeReason: "tp",
                netReturn: roi,
                netPnlUSD: roi * 200,
                timeframe: tf
            )
        )
    }

    static func opened(_ tf: String, at time: Int64) -> EventPayload {
        .positionOpened(
            PositionOpened(
                key: PositionKey(symbol: "SOLUSDT", strategy: "alpha", directionRaw: "LONG", openedAt: time),
                side: .long,
                entryPrice: 100,
                sizeUSD: 1000,
                leverage: 5,
                marginUSD: 200,
                timeframe: tf
            )
        )
    }

    static var events: [Event] {
        let payloads: [(Int64, EventPayload)] = [
            (start, opened("15m", at: start)),
            (start + hour, opened("1h", at: start + hour)),
            (start + 2 * hour, opened("4h", at: start + 2 * hour)),
            (start + 3 * hour, closed("15m", roi: 0.05, at: start + 3 * hour, opened: start)),
            (start + 4 * hour, closed("1h", roi: -0.02, at: start + 4 * hour, opened: start + hour)),
            (start + 5 * hour, closed("4h", roi: 0.03, at: start + 5 * hour, opened: start + 2 * hour)),
        ]
        return payloads.enumerated().map { i, p in
            Event(
                seq: UInt64(i),
                eventTime: p.0,
                ingestTime: 0,
                source: .positions,
                position: .none,
                payload: p.1,
                original: Array("{\"trade\":\(i)}".utf8)
            )
        }
    }
}

@Suite struct LearnerDiffTests {
    private func diff(
        _ a: String,
        _ b: String,
        setA: [String: String] = [:],
        setB: [String: String] = [:],
        events: [Event],
        to: LogPoint? = nil
    ) throws -> DiffReport {
        let registry = try ReplayCatalog.registry()
        var progress = ProgressBar(label: "", total: 0, enabled: false)
        return try DiffEngine.run(
            a: ReplayCatalog.diffSide(a, overrides: setA, registry: registry),
            b: ReplayCatalog.diffSide(b, overrides: setB, registry: registry),
            log: InMemoryEventLog(events),
            to: to,
            progress: &progress
        )
    }

    @Test func seed004AllocationVersionsDivergeAtTheFirstClosedTrade() throws {
        let report = try diff("allocation@1", "allocation@2", events: Seed004Example.events)
        // Both start from 15/50/35: the old rule re-weights instantly on trade 1 (seq 3), the new rule waits for
        // a second timeframe.
        #expect(!report.initiallyDifferent)
        #expect(report.first?.seq == 3)
        #expect(report.first?.kind == "PositionClosed")
        #expect(report.first?.record == "{\"trade\":3}")
        #expect(report.first?.changedA.isEmpty == false)
        #expect(report.first?.changedB.isEmpty == true)
        #expect(report.first?.differences.map(\.key) == ["allocation.15m", "allocation.1h", "allocation.4h"])
        #expect(!report.outcomes.isEmpty)
        let text = report.renderText()
        #expect(text.contains("first divergent event: seq 3"))
    }

    @Test func seed004NewRuleMovesSixHundredthsOfAPercentOnTrade2() throws {
        // allocation@2 against itself with the first two trades: no divergence, and the walkthrough's numbers.
        let report = try diff("allocation@2", "allocation@2", events: Seed004Example.events, to: .sequence(4))
        #expect(report.isIdentical)
        let vsOld = try diff("allocation@2", "allocation@1", events: Seed004Example.events, to: .sequence(4))
        let final = Dictionary(uniqueKeysWithValues: vsOld.finalDifferences.map { ($0.key, $0.a ?? 0) })
        #expect(abs(final["allocation.15m"]! - 0.1506) < 1e-9)
        #expect(abs(final["allocation.1h"]! - 0.4994) < 1e-9)
        #expect(abs(final["allocation.4h"]! - 0.35) < 1e-9)
    }

    @Test(arguments: ["signal_weights@1", "allocation@1", "allocation@2", "killed_combos@1"])
    func everyLearnerAgainstItselfReportsNoDivergence(spec: String) throws {
        let report = try diff(spec, spec, events: SyntheticEvents.make(count: 4_000, seed: 5))
        #expect(report.isIdentical)
        #expect(report.first == nil)
        #expect(report.outcomes.allSatisfy { $0.a == $0.b })
    }

    @Test func signalWeightsVariantDivergesAtALearningCycle() throws {
        let events = SyntheticEvents.make(count: 6_000, seed: 9)
        let report = try diff(
            "signal_weights@1",
            "signal_weights@1",
            setB: ["minSamples": "10"],
            events: events
        )
        #expect(!report.initiallyDifferent)
        let first = try #require(report.first)
        #expect(first.differences.allSatisfy { $0.key.hasPrefix("weight.") })
        #expect(first.changedA != first.changedB)
        #expect(!first.changedB.isEmpty)
        #expect(report.changesB > 0)
    }
}
