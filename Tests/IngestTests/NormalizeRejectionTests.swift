import EventLog
import Ingest
import Testing

@Suite("Normalize: rejections name the field")
struct NormalizeRejectionTests {
    static let valid = #"{"ts": 1765823600, "symbol": "DOGEUSDT", "side": "LONG", "disposition": "blocked"}"#

    static let cases: [(LineFormat, [UInt8], RejectionReason, String, Int64?)] = [
        (.signals, Array(#"{"ts": 1765823600, "symbol": "#.utf8), .invalidJSON, "invalid JSON", nil),
        (.signals, [], .invalidJSON, "invalid JSON: no JSON value", nil),
        (
            .signals, Array(#"{"symbol": "A"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8), .invalidUTF8,
            "invalid UTF-8 at byte 13", nil
        ),
        (.signals, Array("[1, 2]".utf8), .notAnObject, "record is an array, expected an object", nil),
        (.signals, Array(#""text""#.utf8), .notAnObject, "record is a string, expected an object", nil),
        (
            .signals, Array(#"{"ts": 1765823600, "side": "LONG", "disposition": "blocked"}"#.utf8), .missingField,
            "field 'symbol' is missing", 1_765_823_600_000_000
        ),
        (
            .signals, Array(#"{"symbol": "A", "side": "LONG", "disposition": "blocked"}"#.utf8), .missingField,
            "field 'ts' is missing", nil
        ),
        (
            .signals, Array(#"{"ts": 1765823600, "symbol": 5, "side": "LONG", "disposition": "blocked"}"#.utf8),
            .wrongType,
            "field 'symbol' has the wrong type: expected a string, found an integer", 1_765_823_600_000_000
        ),
        (
            .signals,
            Array(
                #"{"ts": 1765823600, "symbol": "A", "side": "LONG", "disposition": "blocked", "intelligence": {"ofi": "high"}}"#
                    .utf8
            ),
            .wrongType, "field 'intelligence.ofi' has the wrong type: expected a number, found a string",
            1_765_823_600_000_000
        ),
        (
            .signals, Array(#"{"ts": true, "symbol": "A", "side": "LONG", "disposition": "blocked"}"#.utf8), .wrongType,
            "field 'ts' has the wrong type: expected a timestamp (number or string), found a boolean", nil
        ),
        (
            .signals, Array(#"{"ts": "yesterday", "symbol": "A", "side": "LONG", "disposition": "blocked"}"#.utf8),
            .invalidValue,
            #"field 'ts' has an invalid value "yesterday": not a timestamp"#, nil
        ),
        (
            .signals, Array(#"{"ts": -5, "symbol": "A", "side": "LONG", "disposition": "blocked"}"#.utf8),
            .invalidValue,
            "field 'ts' has an invalid value -5: epoch out of range", nil
        ),
        (
            .signalOutcomes,
            Array(
                #"{"ts": "2025-12-11T20:21:28Z", "symbol": "X", "signal_name": "funding", "direction": "LONG", "confidence": 1.0}"#
                    .utf8
            ),
            .missingField, "field 'price_at_signal' is missing", 1_765_484_488_000_000
        ),
        (
            .signalOutcomes,
            Array(
                #"{"ts": "2025-12-11T20:21:28Z", "symbol": "X", "signal_name": "f", "direction": "LONG", "confidence": 1, "price_at_signal": 2, "hits": {"1m": 1}}"#
                    .utf8
            ),
            .wrongType, "field 'hits.1m' has the wrong type: expected a boolean, found an integer",
            1_765_484_488_000_000
        ),
        (
            .signalOutcomes,
            Array(
                #"{"ts": "2025-12-11T20:21:28Z", "symbol": "X", "signal_name": "f", "direction": "LONG", "confidence": 1, "price_at_signal": 2, "prices": [1]}"#
                    .utf8
            ),
            .wrongType, "field 'prices' has the wrong type: expected an object, found an array", 1_765_484_488_000_000
        ),
        (
            .blockedTrades, Array(#"{"ts": 1765823600, "symbol": "A", "gate": "g"}"#.utf8), .missingField,
            "field 'side' is missing",
            1_765_823_600_000_000
        ),
        (
            .blockedTrades, Array(#"{"ts": "2025-02-30T00:00:00", "symbol": "A", "side": "LONG"}"#.utf8), .invalidValue,
            #"field 'ts' has an invalid value "2025-02-30T00:00:00": not a timestamp"#, nil
        ),
    ]

    @Test("each rejection reason with its detail and the record's time when one parsed")
    func reasons() {
        var normalizer = RecordNormalizer()
        for (format, bytes, reason, detail, time) in Self.cases {
            let verdict = normalizer.normalize(bytes, as: format)
            guard case .rejected(let rejection, let eventTime) = verdict else {
                Issue.record("accepted \(String(decoding: bytes, as: UTF8.self)): \(verdict)")
                continue
            }
            #expect(rejection.reason == reason, "\(String(decoding: bytes, as: UTF8.self))")
            #expect(rejection.detail.hasPrefix(detail), "\(rejection.detail)")
            #expect(eventTime == time, "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(
            normalizer.normalize(Array(Self.valid.utf8), as: .signals)
                != .rejected(RecordRejected(reason: .missingField, detail: ""), eventTime: nil)
        )
    }

    @Test("every reason a normalizer can give is produced by some input")
    func coverage() {
        // lineTooLong is decided by the tailer (it never hands over an over-long line) and invalidDocument is how
        // the tailer records a positions document that failed as a whole (PositionsDocumentError).
        let produced = Set(Self.cases.map(\.2))
        let normalizerReasons = Set(RejectionReason.allCases).subtracting([.lineTooLong, .invalidDocument])
        #expect(produced == normalizerReasons)
    }

    @Test("the same bytes always give the same verdict, whatever came before (parser reuse)")
    func purity() {
        var fresh = RecordNormalizer()
        var reused = RecordNormalizer()
        for (format, bytes, _, _, _) in Self.cases + Self.cases.reversed() {
            _ = reused.normalize(Array(Self.valid.utf8), as: .signals)
            #expect(reused.normalize(bytes, as: format) == fresh.normalize(bytes, as: format))
        }
    }
}
