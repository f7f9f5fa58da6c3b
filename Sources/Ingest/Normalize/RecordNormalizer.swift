public import EventLog
import HindsightJSON

/// Which JSONL source a line comes from.
public enum RecordFormat: Sendable, Equatable, CaseIterable {
    /// `logs/signals.jsonl` → `DecisionLogged`.
    case signals
    /// `logs/signal_outcomes.jsonl` → `SignalOutcomeResolved`.
    case signalOutcomes
    /// `state/blocked_trades.jsonl` → `TradeBlocked` (four accepted shapes).
    case blockedTrades
}

/// What one record became: exactly one of an event or a rejection, never nothing.
public enum NormalizedRecord: Sendable, Equatable {
    /// A normalized payload and its event time (UTC µs, see docs/architecture.md "Event time by kind").
    case event(eventTime: Int64, payload: EventPayload)
    /// The record cannot be normalized. `eventTime` is a timestamp read from the record when one parsed; when nil
    /// the tailer uses the source's previous event time.
    case rejected(RecordRejected, eventTime: Int64?)
}

/// Turns one JSONL record's bytes into a `NormalizedRecord`. Pure: no file I/O, no clock; the same bytes always
/// give the same result. Holds a reusable simdjson parser and scratch space, so keep one per tailer (not shared
/// across threads) and call it for every line.
///
/// The bytes are one line **without** its terminator. A blank line is `invalidJSON` ("no JSON value"): tailers are
/// expected to skip blank lines themselves (they are not records). Unknown fields are ignored here and kept in
/// the event's `original` bytes.
public struct RecordNormalizer {
    let parser: JSONParser
    private var signals = SignalsNormalizer()
    private var outcomes = SignalOutcomesNormalizer()
    private var blocked = BlockedTradesNormalizer()
    var positions = PositionRecordNormalizer()

    public init() { parser = JSONParser(maxDepth: 64) }

    public mutating func normalize(_ line: UnsafeRawBufferPointer, as format: RecordFormat) -> NormalizedRecord {
        let root: JSONElement
        do throws(JSONError) {
            root = try parser.parse(line).root
        } catch {
            return .rejected(Self.rejection(for: error), eventTime: nil)
        }
        guard root.kind == .object else {
            return .rejected(
                RecordRejected(reason: .notAnObject, detail: "record is \(root.kind.withArticle), expected an object"),
                eventTime: nil
            )
        }
        switch format {
        case .signals: return signals.normalize(root)
        case .signalOutcomes: return outcomes.normalize(root)
        case .blockedTrades: return blocked.normalize(root)
        }
    }

    public mutating func normalize(_ line: some Collection<UInt8>, as format: RecordFormat) -> NormalizedRecord {
        if let result = line.withContiguousStorageIfAvailable({ normalize(UnsafeRawBufferPointer($0), as: format) }) {
            return result
        }
        return Array(line).withUnsafeBytes { normalize($0, as: format) }
    }

    static func rejection(for error: JSONError) -> RecordRejected {
        switch error.code {
        case .invalidUTF8:
            let at = error.byteOffset.map { " at byte \($0)" } ?? ""
            return RecordRejected(reason: .invalidUTF8, detail: "invalid UTF-8\(at)")
        case .empty: return RecordRejected(reason: .invalidJSON, detail: "invalid JSON: no JSON value")
        case .tooDeep: return RecordRejected(reason: .invalidJSON, detail: "invalid JSON: nested too deeply")
        default: return RecordRejected(reason: .invalidJSON, detail: "invalid JSON: \(error.message)")
        }
    }
}

extension JSONElement.Kind {
    var withArticle: String {
        switch self {
        case .null: "null"
        case .array, .object, .int64, .uint64: "an \(self)"
        default: "a \(self)"
        }
    }
}
