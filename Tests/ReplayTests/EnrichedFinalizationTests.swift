import EventLog
import Projections
import Replay
import Testing

/// Bounded enriched-decision state: rows finalize and leave the state, and what is final plus what is
/// pending is exactly what the unbounded join gives.
@Suite struct EnrichedFinalizationTests {
    static let events = SyntheticEvents.make(count: 12_000, seed: 99)

    private func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func stateStaysBoundedAndFinalPlusPendingEqualsTheUnboundedJoin() throws {
        let bounded = Pipeline(folds: [AnyFold.wrap(EnrichedDecisions())])
        var neverFinal = EnrichedDecisionsConfiguration()
        neverFinal.finalizeDelaySeconds = 100 * 365 * 86_400
        let unbounded = Pipeline(folds: [AnyFold.wrap(EnrichedDecisions(configuration: neverFinal))])
        var finalRows: [UInt8] = []
        var largest = 0
        for (i, event) in Self.events.enumerated() {
            bounded.apply(event)
            unbounded.apply(event)
            if i % 997 == 0 {  // hand rows out at odd moments: the rows must not depend on when
                finalRows +=
                    bounded.takeFinalizedRows().first { $0.relativePath == EnrichedDecisions.exportPath }!.bytes
            }
            let state = bounded.folds[0].unwrap(as: EnrichedDecisions.self)!.state
            largest = max(largest, state.decisions.count + state.outcomes.count + state.positions.count)
        }
        finalRows += bounded.takeFinalizedRows().first { $0.relativePath == EnrichedDecisions.exportPath }!.bytes
        let pending = try bounded.exports().first { $0.relativePath == EnrichedDecisions.pendingPath }!.bytes
        let all = try unbounded.exports().first { $0.relativePath == EnrichedDecisions.pendingPath }!.bytes
        let allLines = lines(all)
        #expect(allLines.count > 6_000)
        // 12,000 events over ~8 days: most rows are final, the state holds a few hours of records.
        #expect(lines(finalRows).count > allLines.count * 9 / 10)
        #expect(largest < 1_500, "state held \(largest) records")
        #expect((lines(finalRows) + lines(pending)).sorted() == allLines.sorted())
        // The health counters agree too.
        let a = bounded.folds[0].report(context: bounded.context).counters
        let b = unbounded.folds[0].report(context: unbounded.context).counters
        #expect(a == b)
    }

    /// Final rows are a function of the events: folding in one pass or handing rows out after every event
    /// gives the same bytes.
    @Test func finalRowsDoNotDependOnWhenTheyAreTaken() throws {
        func run(every: Int) -> [String: [UInt8]] {
            let pipeline = Pipeline(folds: [AnyFold.wrap(EnrichedDecisions())])
            var files: [String: [UInt8]] = [:]
            func take() {
                for row in pipeline.takeFinalizedRows() { files[row.relativePath, default: []] += row.bytes }
            }
            for (i, event) in Self.events.prefix(5_000).enumerated() {
                pipeline.apply(event)
                if i % every == 0 { take() }
            }
            take()
            return files
        }
        let once = run(every: Int.max)
        #expect(once.keys.sorted() == [Counterfactual.outcomesPath, EnrichedDecisions.exportPath])
        #expect(once.values.allSatisfy { !$0.isEmpty })
        #expect(run(every: 1) == once)
        #expect(run(every: 333) == once)
    }

    /// Outcomes are kept sorted by signal time so that settling binary-searches them; a state restored from a
    /// snapshot that holds them in another order (written before that rule) must give the same rows.
    @Test func outcomesRestoredOutOfOrderGiveTheSameState() throws {
        var straight = EnrichedDecisions()
        var restored = EnrichedDecisions()
        var context = FoldContext()
        var reordered = false
        for (i, event) in Self.events.enumerated() {
            context.observe(event)
            if i == Self.events.count / 2, restored.state.outcomes.count > 1 {
                restored.state.outcomes.reverse()
                reordered = true
            }
            straight.apply(event, context: context)
            restored.apply(event, context: context)
        }
        #expect(reordered)
        #expect(straight.state.finalized.count > 1_000)
        let same = restored.state == straight.state  // a Bool: the states themselves are megabytes when printed
        #expect(
            same,
            "rows \(restored.state.finalized.count) vs \(straight.state.finalized.count), totals \(restored.state.totals) vs \(straight.state.totals)"
        )
    }

    /// Decisions arriving out of time order (blocked trades and signals interleave by ingest, each up to 40
    /// minutes late): the due-decision scan, which stops early when decisions arrive in order, must still
    /// settle every due one. Final plus pending rows equal the unbounded join, as with ordered input.
    @Test func lateDecisionsAreSettledLikeTheUnboundedJoin() throws {
        var rng = SplitMix64(seed: 7)
        var late = 0
        let events = Self.events.map { event -> Event in
            guard event.kind == .decisionLogged, Bool.random(using: &rng) else { return event }
            var moved = event
            moved.eventTime -= Int64.random(in: 1...2_400, using: &rng) * 1_000_000
            late += 1
            return moved
        }
        #expect(late > 1_000)
        let bounded = Pipeline(folds: [AnyFold.wrap(EnrichedDecisions())])
        var neverFinal = EnrichedDecisionsConfiguration()
        neverFinal.finalizeDelaySeconds = 100 * 365 * 86_400
        let unbounded = Pipeline(folds: [AnyFold.wrap(EnrichedDecisions(configuration: neverFinal))])
        var finalRows: [UInt8] = []
        for (i, event) in events.enumerated() {
            bounded.apply(event)
            unbounded.apply(event)
            if i % 1_000 == 0 {
                finalRows +=
                    bounded.takeFinalizedRows().first { $0.relativePath == EnrichedDecisions.exportPath }!.bytes
            }
        }
        finalRows += bounded.takeFinalizedRows().first { $0.relativePath == EnrichedDecisions.exportPath }!.bytes
        let pending = try bounded.exports().first { $0.relativePath == EnrichedDecisions.pendingPath }!.bytes
        let all = try unbounded.exports().first { $0.relativePath == EnrichedDecisions.pendingPath }!.bytes
        #expect(lines(finalRows).count > lines(all).count * 9 / 10)
        let same = (lines(finalRows) + lines(pending)).sorted() == lines(all).sorted()  // a Bool: megabytes printed
        #expect(same, "\(lines(finalRows).count) final + \(lines(pending).count) pending vs \(lines(all).count) rows")
        let a = bounded.folds[0].report(context: bounded.context).counters
        let b = unbounded.folds[0].report(context: unbounded.context).counters
        #expect(a == b)
    }
}
