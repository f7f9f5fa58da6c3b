import EventLog
import Ingest

/// An in-memory `IngestLog` with the same promise as the real one: a frame's events and checkpoints are
/// kept together or not at all. `failAppend` simulates a crash before a frame became durable.
final class MemoryLog: IngestLog {
    private(set) var events: [Event] = []
    private(set) var frames: [[SourceCheckpoint]] = []
    var failAppend: (Int) -> Bool = { _ in false }

    var checkpoints: [SourceCheckpoint] { frames.last ?? [] }

    func append(_ drafts: [EventDraft], checkpoints: [SourceCheckpoint]) throws(IngestError) {
        if failAppend(frames.count) { throw IngestError(.log, "simulated crash before frame \(frames.count)") }
        let base = events.count
        events += drafts.enumerated().map { $1.withSequence(UInt64(base + $0)) }
        frames.append(checkpoints)
    }

    func forEachEvent(_ body: (Event) -> Void) throws(IngestError) {
        for event in events { body(event) }
    }
}

/// A stand-in normalizer for driver tests: `{...}` lines are decisions (event time = line length),
/// anything else is `invalid_json`.
func testNormalizer(_ bytes: ArraySlice<UInt8>) -> LineVerdict {
    guard bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else {
        return .rejected(RecordRejected(reason: .invalidJSON, detail: "not an object"), eventTime: nil)
    }
    let text = String(decoding: bytes, as: UTF8.self)
    return .event(
        eventTime: Int64(bytes.count),
        payload: .decisionLogged(
            DecisionLogged(
                symbol: text,
                side: .long,
                sideRaw: "LONG",
                disposition: .executed,
                dispositionRaw: "executed"
            )
        )
    )
}

extension Event {
    var originalText: String { String(decoding: original, as: UTF8.self) }
}
