import EventLog
import HindsightJSON
import Projections
import Replay
import Testing

/// Reads `TallyFold`'s price sum and counts as outputs.
struct TallyProbe: DiffProbe {
    func outputs(of fold: AnyFold) -> DiffOutputs {
        guard let tally = fold.unwrap(as: TallyFold.self) else { return .empty }
        return DiffOutputs(
            [("price_sum", tally.state.priceSum), ("digest", Double(tally.state.digest % 1_000_000))]
        )
    }
    func outcomes(of fold: AnyFold) -> [(name: String, value: Double, higherIsBetter: Bool, meaning: String)] {
        let tally = fold.unwrap(as: TallyFold.self)
        return [("price_sum", tally?.state.priceSum ?? 0, true, "USD")]
    }
}

@Suite struct DiffEngineTests {
    static let events = SyntheticEvents.make(count: 2_000, seed: 11)

    private func side(scale: Double) -> DiffSide {
        var configuration = TallyFold.Configuration()
        configuration.scale = scale
        return DiffSide(
            label: "tally x\(scale)",
            fold: AnyFold.wrap(TallyFold(configuration: configuration)),
            probe: TallyProbe()
        )
    }

    private func diff(_ a: DiffSide, _ b: DiffSide, from: LogPoint? = nil, to: LogPoint? = nil) throws -> DiffReport {
        var progress = ProgressBar(label: "", total: 0, enabled: false)
        return try DiffEngine.run(
            a: a,
            b: b,
            log: InMemoryEventLog(Self.events),
            from: from,
            to: to,
            progress: &progress
        )
    }

    @Test func aFoldAgainstItselfNeverDiverges() throws {
        let report = try diff(side(scale: 1), side(scale: 1))
        #expect(report.isIdentical)
        #expect(report.first == nil)
        #expect(report.events == 2_000)
        #expect(report.divergedEvents == 0)
        #expect(report.changesA == report.changesB)
        #expect(report.changesA > 0)
        #expect(report.renderText().contains("no divergence"))
    }

    @Test func firstDivergenceIsTheFirstPricedDecision() throws {
        let report = try diff(side(scale: 1), side(scale: 2))
        let expected = Self.events.first {
            if case .decisionLogged(let d) = $0.payload { return d.entryPrice != nil }
            return false
        }!
        #expect(!report.initiallyDifferent)
        #expect(report.first?.seq == expected.seq)
        #expect(report.first?.record == String(decoding: expected.original, as: UTF8.self))
        #expect(report.first?.differences.map(\.key) == ["price_sum"])
        #expect(report.finalDifferences.map(\.key) == ["price_sum"])
        #expect(report.outcomes.first?.better == "B")
        #expect(report.days.reduce(0) { $0 + $1.events } == 2_000)
        let json = JSONWriter.compact.string(report.json())
        #expect(json.contains("\"first_divergence\":{\"seq\":\(expected.seq)"))
    }

    @Test func rangeBoundsBothSides() throws {
        let report = try diff(side(scale: 1), side(scale: 2), from: .sequence(500), to: .sequence(899))
        #expect(report.startSequence == 500)
        #expect(report.endSequence == 900)
        #expect(report.events == 400)
        #expect((report.first?.seq ?? 0) >= 500)
    }
}
