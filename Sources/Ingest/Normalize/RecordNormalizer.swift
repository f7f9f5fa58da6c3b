public import EventLog
import HindsightJSON

/// Turns one JSONL record's bytes into a `LineVerdict` (an event with its event time, or a rejection naming the
/// field). Pure: no file I/O, no clock; the same bytes always
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

    public init() { parser = JSONParser(maxDepth: 64, acceptsPythonNonFinite: true) }

    public mutating func normalize(_ line: UnsafeRawBufferPointer, as format: LineFormat) -> LineVerdict {
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

    /// Like `normalize`, but an event's payload is appended to `writer` (encoded straight from the parsed JSON,
    /// no payload value built) instead of returned. A rejection appends nothing.
    public mutating func encode(
        _ line: UnsafeRawBufferPointer,
        as format: LineFormat,
        into writer: inout PayloadWriter
    ) -> EncodedLineVerdict {
        encode(line, paddedInPlace: false, as: format, into: &writer)
    }

    /// `encode` of a tailer's record: parsed where it lies when the splitter padded it (no copy).
    public mutating func encode(
        _ record: LineRecord,
        as format: LineFormat,
        into writer: inout PayloadWriter
    ) -> EncodedLineVerdict {
        // A record's slice is contiguous (it slices an array); a padded one's padding lies in the same array.
        record.bytes.withUnsafeBytes {
            encode($0, paddedInPlace: record.isPaddedForParsing, as: format, into: &writer)
        }
    }

    /// `encode`; with `paddedInPlace`, the caller guarantees `JSONParser.requiredPadding` readable bytes after `line`.
    mutating func encode(
        _ line: UnsafeRawBufferPointer,
        paddedInPlace: Bool,
        as format: LineFormat,
        into writer: inout PayloadWriter
    ) -> EncodedLineVerdict {
        let root: JSONElement
        do throws(JSONError) {
            root = try paddedInPlace ? parser.parse(paddedInPlace: line).root : parser.parse(line).root
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
        case .signals: return signals.encode(root, into: &writer)
        case .signalOutcomes: return outcomes.encode(root, into: &writer)
        case .blockedTrades:
            // Rare in practice: the value path, then its encoding.
            switch blocked.normalize(root) {
            case .event(let time, let payload): return .event(eventTime: time, kind: writer.write(payload))
            case .rejected(let rejection, let time): return .rejected(rejection, eventTime: time)
            }
        }
    }

    public mutating func encode(
        _ line: ArraySlice<UInt8>,
        as format: LineFormat,
        into writer: inout PayloadWriter
    ) -> EncodedLineVerdict {
        if let result = line.withContiguousStorageIfAvailable({
            encode(UnsafeRawBufferPointer($0), as: format, into: &writer)
        }) {
            return result
        }
        return Array(line).withUnsafeBytes { encode($0, as: format, into: &writer) }
    }

    public mutating func normalize(_ line: some Collection<UInt8>, as format: LineFormat) -> LineVerdict {
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
