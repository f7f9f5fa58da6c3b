import EventLog
import HindsightTestSupport
import Ingest
import Testing

/// The encoding path (`RecordNormalizer.encode`, payloads written straight from the parsed JSON) against the value
/// path (`normalize`, the oracle every other normalizer test checks): same verdicts, and payload bytes identical to
/// the value's encoding, on real, reference and mutated lines.
@Suite("Normalize: encoding path = value path")
struct EncodingNormalizerTests {
    /// Outcome shapes the corpus lacks: partial horizons, nulls, epoch times, extra labels.
    static let outcomeVariants: [String] = [
        #"{"ts": 1765823602.5, "symbol": "BTCUSDT", "signal_name": "ofi", "direction": "short", "confidence": 0.4, "price_at_signal": 1.5, "prices": {"5m": 1.6, "1h": null}, "partial": true}"#,
        #"{"ts": "2025-12-15T18:33:23-07:00", "symbol": "ETHUSDT", "signal_name": "x", "direction": "STRONG_LONG", "confidence": 1, "price_at_signal": 2, "returns": {"15m": -0.1, "2h": 0.3}, "hits": {"1m": false}}"#,
        #"{"ts": "2025-12-15T18:33:23", "symbol": "é", "signal_name": "", "direction": "", "confidence": 0, "price_at_signal": 0}"#,
        #"{"ts": 1765823602000, "symbol": "S", "signal_name": "n", "direction": "LONG", "confidence": 0.5, "price_at_signal": 3, "prices": {}, "returns": null, "ev_contribution": null}"#,
    ]

    static func corpus() -> [(LineFormat, [UInt8])] {
        NormalizeFuzzTests.corpus() + outcomeVariants.map { (.signalOutcomes, Array($0.utf8)) }
    }

    /// Checks one line; returns false (after recording the issue) when the paths disagree.
    static func check(
        _ line: [UInt8],
        _ format: LineFormat,
        value: inout RecordNormalizer,
        encoder: inout RecordNormalizer,
        writer: inout PayloadWriter
    ) -> Bool {
        let expected = value.normalize(line, as: format)
        writer.removeAll()
        let got = encoder.encode(line[...], as: format, into: &writer)
        let bytes = writer.makeArray()
        switch (expected, got) {
        case (.event(let t1, let payload), .event(let t2, let kind)):
            var oracle = PayloadWriter()
            oracle.write(payload)
            let decoded = EventDraft(
                eventTime: t2,
                ingestTime: 0,
                source: "s",
                position: .none,
                encodedPayload: PayloadWriter.encodedPayload(kind: kind, bytes, 0..<bytes.count),
                original: []
            ).payload
            let same = t1 == t2 && kind == payload.kind && bytes == oracle.makeArray() && decoded == payload
            #expect(same, "\(String(decoding: line, as: UTF8.self))")
            return same
        case (.rejected(let r1, let t1), .rejected(let r2, let t2)):
            let same = r1 == r2 && t1 == t2 && bytes.isEmpty
            #expect(same, "\(String(decoding: line, as: UTF8.self)): \(r1) vs \(r2)")
            return same
        default:
            Issue.record("verdicts differ for \(String(decoding: line, as: UTF8.self)): \(expected) vs \(got)")
            return false
        }
    }

    @Test("every real and reference line gives the same verdict and the same payload bytes")
    func corpusLines() {
        var value = RecordNormalizer()
        var encoder = RecordNormalizer()
        var writer = PayloadWriter()
        var events = 0
        for (format, line) in Self.corpus() {
            _ = Self.check(line, format, value: &value, encoder: &encoder, writer: &writer)
            if case .event = value.normalize(line, as: format) { events += 1 }
        }
        // The corpus must exercise the encoding of events, not only rejections.
        #expect(events > 500)
    }

    @Test("20k mutated lines: the encoding path agrees with the value path on every one", arguments: [3, 4])
    func mutatedLines(seed: UInt64) {
        let corpus = Self.corpus()
        var rng = NormalizeRNG(seed: seed)
        var value = RecordNormalizer()
        var encoder = RecordNormalizer()
        var writer = PayloadWriter()
        var failures = 0
        for _ in 0..<10_000 where failures < 5 {
            let (format, original) = corpus[Int(rng.next() % UInt64(corpus.count))]
            var line = original
            NormalizeFuzzTests.mutate(&line, rng: &rng)
            if !Self.check(line, format, value: &value, encoder: &encoder, writer: &writer) { failures += 1 }
        }
        #expect(failures == 0)
    }

    @Test(
        "records cut by the splitter are parsed in place, with the next lines right after them: same verdicts and payloads as copies",
        arguments: [1, 7, 300, 4096]
    )
    func inPlaceRecords(chunk: Int) {
        var rng = NormalizeRNG(seed: UInt64(chunk))
        // One stream per format (mutated lines included), so that each record is followed by other records' bytes.
        var streams: [LineFormat: [UInt8]] = [:]
        for (index, (format, original)) in Self.corpus().enumerated() {
            var line = original
            if index % 3 == 0 { NormalizeFuzzTests.mutate(&line, rng: &rng) }
            line.removeAll { $0 == 10 }
            streams[format, default: []] += line + [10]
        }
        var inPlace = RecordNormalizer()
        var copied = RecordNormalizer()
        var a = PayloadWriter()
        var b = PayloadWriter()
        var records = 0
        for format in LineFormat.allCases {
            guard let stream = streams[format] else { continue }
            var splitter = LineSplitter()
            var start = 0
            while start < stream.count {
                // No slack after the chunk: its last line must still be padded (by a copy).
                let piece = Array(stream[start..<min(stream.count, start + chunk)])
                splitter.feed(piece) { record in
                    records += 1
                    #expect(record.isPaddedForParsing)
                    a.removeAll()
                    b.removeAll()
                    let x = inPlace.encode(record, as: format, into: &a)
                    let y = copied.encode(Array(record.bytes)[...], as: format, into: &b)
                    #expect(
                        x == y && a.makeArray() == b.makeArray(),
                        "\(String(decoding: record.bytes, as: UTF8.self))"
                    )
                }
                start += chunk
            }
        }
        #expect(records > 500)
    }

    @Test("payloads appended back to back stay separable: each verdict's bytes are its own")
    func consecutivePayloads() {
        var encoder = RecordNormalizer()
        var value = RecordNormalizer()
        var writer = PayloadWriter()
        var ends: [Int] = []
        var expected: [EventPayload?] = []
        for (format, line) in Self.corpus().prefix(200) {
            let verdict = encoder.encode(line[...], as: format, into: &writer)
            ends.append(writer.count)
            if case .event(_, let payload) = value.normalize(line, as: format) {
                expected.append(payload)
                guard case .event = verdict else {
                    Issue.record("verdict kinds differ")
                    return
                }
            } else {
                expected.append(nil)
            }
        }
        let storage = writer.makeArray()
        var start = 0
        for (end, payload) in zip(ends, expected) {
            if let payload {
                let draft = EventDraft(
                    eventTime: 0,
                    ingestTime: 0,
                    source: "s",
                    position: .none,
                    encodedPayload: PayloadWriter.encodedPayload(kind: payload.kind, storage, start..<end),
                    original: []
                )
                #expect(draft.payload == payload)
            } else {
                #expect(start == end)
            }
            start = end
        }
    }
}
