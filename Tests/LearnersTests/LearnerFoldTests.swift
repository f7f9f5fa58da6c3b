import EventLog
import Projections
import Testing

@testable import Learners

@Suite struct LearnerFoldTests {
    typealias T = TestEvents

    static func event(_ seq: Int, at time: Int64, _ payload: EventPayload) -> Event {
        Event(
            seq: UInt64(seq),
            eventTime: time,
            ingestTime: 0,
            source: .signalOutcomes,
            position: .none,
            payload: payload,
            original: []
        )
    }

    /// Outcomes for 3 days: liquidation wins at 1h, funding loses; one outcome every 10 minutes each.
    static func outcomeEvents(days: Int64 = 3) -> [Event] {
        var events: [Event] = []
        let start: Int64 = 1_765_843_200_000_000  // 2025-12-16T00:00:00Z
        var t = start
        while t < start + days * T.day {
            for (name, r) in [("liquidation", 0.004), ("funding", -0.003)] {
                let o = T.outcome(name, at: t, returns: [(.m1, r / 4), (.h1, r)])
                events.append(event(events.count, at: t + T.hour, .signalOutcomeResolved(o)))
            }
            t += 10 * 60_000_000
        }
        return events
    }

    @Test func registryBuildsEveryLearnerAndAppliesOverrides() throws {
        let registry = try FoldRegistry(LearnerCatalog.descriptors)
        #expect(
            registry.descriptors.map(\.nameAndVersion) == [
                "allocation@1", "allocation@2", "killed_combos@1", "signal_weights@1",
            ]
        )
        #expect(registry.latest(name: "allocation")?.version == 2)
        for variant in LearnerCatalog.variants {
            let fold = try registry.makeFold(spec: variant.fold, overrides: variant.overrides)
            #expect(fold.identity != (try registry.makeFold(spec: variant.fold)).identity)
        }
        let slow = try registry.makeFold(spec: "signal_weights@1", overrides: ["maxChangePct": "0.1"])
        #expect(slow.unwrap(as: SignalWeightsFold.self)?.configuration.maxChangePct == 0.1)
        #expect(throws: ProjectionsError.self) {
            try registry.makeFold(spec: "signal_weights@1", overrides: ["weightFloor": "0.5"])
        }
        #expect(throws: ProjectionsError.self) {
            try registry.makeFold(spec: "allocation@2", overrides: ["maxChangePerTrade": "-1"])
        }
    }

    /// Cycles run at 00:00 and 12:00 UTC of event time; the one at a boundary sees only earlier events.
    @Test func signalWeightsCyclesInEventTimeAndRestoresFromSnapshot() throws {
        let events = Self.outcomeEvents()
        let pipeline = Pipeline(folds: [AnyFold.wrap(SignalWeightsFold())])
        pipeline.apply(contentsOf: events)
        let fold = try #require(pipeline.folds[0].unwrap(as: SignalWeightsFold.self))
        // Events from 01:00 on day 0 to 00:50 + 1 h on day 3: boundaries 12:00 d0 … 00:00 d3 → 6 cycles.
        #expect(fold.state.clock.cycles == 6)
        let learner = fold.state.learner
        let liquidation = learner.componentIndex("liquidation")!
        let funding = learner.componentIndex("funding")!
        #expect(learner.weights[liquidation] > 0.22)
        #expect(learner.weights[funding] < 0.16)
        #expect(learner.stats[liquidation].bestHorizon?.horizon == .h1)
        #expect(learner.history.count == 6)
        #expect(fold.comparisonMetrics[0].name == "weighted_mean_return")
        // Snapshot half-way, restore into a fresh fold, continue: same export bytes as one pass.
        let half = events.count / 2
        let first = Pipeline(folds: [AnyFold.wrap(SignalWeightsFold())])
        first.apply(contentsOf: events[..<half])
        let snapshot = try first.folds[0].encodeState()
        let restoredFold = AnyFold.wrap(SignalWeightsFold())
        try restoredFold.restoreState(snapshot)
        let second = Pipeline(folds: [restoredFold])
        second.apply(contentsOf: events[..<half])  // rebuild the shared context (watermark)…
        try restoredFold.restoreState(snapshot)  // …then put the snapshot back before continuing
        second.apply(contentsOf: events[half...])
        #expect(try second.exports() == (try pipeline.exports()))
    }

    @Test func exportsAreByteIdenticalAcrossRuns() throws {
        func run() throws -> [ExportFile] {
            let registry = try FoldRegistry(LearnerCatalog.descriptors)
            let folds = try ["allocation@2", "killed_combos@1", "signal_weights@1"].map {
                try registry.makeFold(spec: $0)
            }
            let pipeline = Pipeline(folds: folds)
            var events = Self.outcomeEvents(days: 2)
            for k in 0..<40 {
                let closed = T.closed(
                    symbol: k % 2 == 0 ? "ETHUSDT" : "BTCUSDT",
                    side: k % 3 == 0 ? .short : .long,
                    closedAt: 1_765_843_200_000_000 + Int64(k) * T.hour,
                    netReturn: k % 4 == 0 ? 0.02 : -0.01,
                    timeframe: ["15m", "1h", "4h"][k % 3]
                )
                events.append(Self.event(events.count, at: closed.closedAt, .positionClosed(closed)))
            }
            events.sort { $0.eventTime < $1.eventTime }
            pipeline.apply(contentsOf: events)
            return try pipeline.exports()
        }
        let files = try run()
        let paths = files.map(\.relativePath).filter { $0.hasPrefix("feature_store/") }
        #expect(
            paths == [
                "feature_store/blocked_combos.json", "feature_store/counterfactual_learnings.json",
                "feature_store/signal_weights_gate.json",
                "feature_store/timeframe_allocation.json",
            ]
        )
        #expect(files == (try run()))
    }

    @Test func allocationVersionsRunSideBySide() throws {
        let registry = try FoldRegistry(LearnerCatalog.descriptors)
        let v1 = try registry.makeFold(spec: "allocation@1")
        let v2 = try registry.makeFold(spec: "allocation@2")
        for (k, r) in [0.05, -0.02, 0.03, 0.01].enumerated() {
            let closed = T.closed(closedAt: Int64(k), netReturn: r, timeframe: ["15m", "1h", "4h", "15m"][k])
            let e = Self.event(k, at: Int64(k), .positionClosed(closed))
            v1.apply(e, context: FoldContext(watermark: Int64(k)))
            v2.apply(e, context: FoldContext(watermark: Int64(k)))
        }
        let m1 = try #require(LearnerCatalog.comparisonMetrics(of: v1))
        let m2 = try #require(LearnerCatalog.comparisonMetrics(of: v2))
        #expect(m1[0].name == "allocated_return" && m2[0].name == "allocated_return")
        #expect(m1[0].value != m2[0].value)
        #expect(v1.identity.nameAndVersion == "allocation@1")
    }

    /// Allocation learns on every closed position (no schedule): its report says so, and learning_health
    /// must not claim "No learning cycle has run" for it (a fresh pipeline has run no cycle of anything).
    @Test(arguments: [1, 2])
    func allocationReportsContinuousLearningToHealth(version: Int) throws {
        let allocation = version == 1 ? AnyFold.wrap(AllocationFoldV1()) : AnyFold.wrap(AllocationFoldV2())
        let pipeline = Pipeline(folds: [allocation, AnyFold.wrap(LearningHealth())])
        pipeline.apply(contentsOf: Self.outcomeEvents(days: 1))
        let report = try #require(pipeline.reports().first { $0.identity.name == AllocationFoldV2.name })
        #expect(report.continuous)
        let health = try #require(try pipeline.exports().first { $0.relativePath == LearningHealth.exportPath })
        let text = String(decoding: health.bytes, as: UTF8.self)
        #expect(text.contains("Learns on every event (no schedule)"))
        #expect(!text.contains("No learning cycle has run"))
    }
}
