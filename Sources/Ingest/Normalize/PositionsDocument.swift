public import EventLog
import HindsightJSON

/// One element of `open_positions` or `closed_positions` with its exact original bytes.
public struct PositionRecord: Sendable, Equatable {
    /// Position in its array (0-based).
    public var index: Int
    /// The element's exact byte range in the document (`document[byteRange]` is the original record, no
    /// surrounding whitespace or comma).
    public var byteRange: Range<Int>
    public var verdict: PositionElement.Verdict
}

/// `logs/positions_futures.json` read as a whole (trading-bot-formats.md §1.3). The bot rewrites the document in
/// place; the tailer diffs successive versions. Top-level keys other than `open_positions` and `closed_positions`
/// are ignored; each array is optional (absent = empty).
public struct PositionsDocument: Sendable, Equatable {
    public var open: [PositionRecord]
    public var closed: [PositionRecord]

    public init(open: [PositionRecord], closed: [PositionRecord]) {
        self.open = open
        self.closed = closed
    }

    /// The open-position fields whose change is a `PositionUpdated` (see `PositionRecordNormalizer.meaningfulFields`
    /// and docs/sources.md for why these).
    public static var meaningfulFields: [String] { PositionRecordNormalizer.meaningfulFields }
}

/// The document as a whole could not be read: the tailer must keep the previous version and retry later (a
/// half-written or unparsable document must never read as "every position vanished").
public struct PositionsDocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// Not valid JSON (including empty or truncated).
        case invalidJSON
        case invalidUTF8
        /// The top level is not an object.
        case notAnObject
        /// `open_positions` or `closed_positions` is present but not an array.
        case wrongType
    }
    public var code: Code
    public var message: String
    public var description: String { message }
}

extension RecordNormalizer {
    /// Parses a whole positions document. Per-element problems become `.rejected` outcomes; only a document that
    /// cannot be read as a whole throws.
    public mutating func positions(
        _ document: UnsafeRawBufferPointer
    ) throws(PositionsDocumentError)
        -> PositionsDocument
    {
        let root: JSONElement
        do throws(JSONError) {
            root = try parser.parse(document).root
        } catch {
            let rejection = Self.rejection(for: error)
            throw PositionsDocumentError(
                code: error.code == .invalidUTF8 ? .invalidUTF8 : .invalidJSON,
                message: "positions document: \(rejection.detail)"
            )
        }
        guard root.kind == .object else {
            throw PositionsDocumentError(
                code: .notAnObject,
                message: "positions document is \(root.kind.withArticle), expected an object"
            )
        }
        let scanner = ElementSpanScanner(bytes: document)
        var result = PositionsDocument(open: [], closed: [])
        for (name, isOpen) in [("open_positions", true), ("closed_positions", false)] {
            guard let array = root[name], !array.isNull else { continue }
            guard array.kind == .array else {
                throw PositionsDocumentError(
                    code: .wrongType,
                    message: "positions document: '\(name)' is \(array.kind.withArticle), expected an array"
                )
            }
            let spans = scanner.arrayElementSpans(ofMember: Array(name.utf8)) ?? []
            var records: [PositionRecord] = []
            var index = 0
            var mismatch = false
            array.forEachElement { element in
                guard index < spans.count else {
                    mismatch = true
                    return false
                }
                let outcome = isOpen ? positions.normalizeOpen(element) : positions.normalizeClosed(element)
                records.append(PositionRecord(index: index, byteRange: spans[index], verdict: outcome))
                index += 1
                return true
            }
            // Cannot happen for a document simdjson accepted; never guess which bytes belong to which record.
            guard !mismatch, index == spans.count else {
                throw PositionsDocumentError(
                    code: .invalidJSON,
                    message: "positions document: could not locate the elements of '\(name)' (unsupported key spelling)"
                )
            }
            if isOpen { result.open = records } else { result.closed = records }
        }
        return result
    }

    public mutating func positions(_ document: [UInt8]) throws(PositionsDocumentError) -> PositionsDocument {
        let result: Result<PositionsDocument, PositionsDocumentError> = document.withUnsafeBytes { buffer in
            do throws(PositionsDocumentError) { return .success(try positions(buffer)) } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

extension RecordNormalizer {
    /// The meaningful fields (see `PositionsDocument.meaningfulFields`) of one open-position element given as its
    /// own bytes; the same list `positions(_:)` reports for it. Empty when the bytes are not a valid open position.
    public mutating func meaningfulFields(ofOpenPosition element: [UInt8]) -> [PositionFieldChange] {
        guard let root = try? parser.parse(element).root,
            case .open(_, _, let meaningful) = positions.normalizeOpen(root)
        else { return [] }
        return meaningful
    }
}
