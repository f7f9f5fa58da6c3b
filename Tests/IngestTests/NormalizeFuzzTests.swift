import EventLog
import HindsightJSON
import HindsightTestSupport
import Ingest
import Testing

@Suite("Normalize: fuzz")
struct NormalizeFuzzTests {
    static func corpus() -> [(LineFormat, [UInt8])] {
        var lines: [(LineFormat, [UInt8])] = [
            (.signals, Array(NormalizeRecordTests.signalsExampleA.utf8)),
            (.signals, Array(NormalizeRecordTests.signalsExampleB.utf8)),
            (.signalOutcomes, Array(NormalizeRecordTests.outcomeExample.utf8)),
            (.blockedTrades, Array(NormalizeRecordTests.convictionBlockedExample.utf8)),
        ]
        lines += RealData.lines("conviction_gate.f1f5ab65.head1500.jsonl").prefix(300).map {
            (.blockedTrades, $0)
        }
        lines += RealData.lines("fee_entry_blocks.f1f5ab65.jsonl").prefix(300).map { (.blockedTrades, $0) }
        lines += RealData.lines("strategy_signals.f1f5ab65.head3000.jsonl").prefix(300).map { (.signals, $0) }
        return lines
    }

    static func mutate(_ bytes: inout [UInt8], rng: inout NormalizeRNG) {
        let interesting = Array(#"{}[],:"\0123456789.eE+-tfnul NaIy"#.utf8) + [0xC3, 0xE2, 0x80, 0xFF, 0x00]
        for _ in 0..<(1 + Int(rng.next() % 3)) {
            guard !bytes.isEmpty else {
                bytes = [interesting[Int(rng.next() % UInt64(interesting.count))]]
                continue
            }
            let at = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 6 {
            case 0: bytes[at] ^= UInt8(truncatingIfNeeded: 1 << (rng.next() % 8))
            case 1: bytes.remove(at: at)
            case 2: bytes.insert(interesting[Int(rng.next() % UInt64(interesting.count))], at: at)
            case 3: bytes.removeSubrange(at...)
            case 4:  // give a member a value of another type, keeping the JSON valid: `"k": <T>, "zz": <old>`
                let colons = bytes.indices.filter { bytes[$0] == UInt8(ascii: ":") }
                guard let colon = colons.isEmpty ? nil : colons[Int(rng.next() % UInt64(colons.count))] else {
                    continue
                }
                let replacement = [#" "s", "zz":"#, #" [1], "zz":"#, #" {}, "zz":"#, #" 7, "zz":"#, #" null, "zz":"#][
                    Int(rng.next() % 5)
                ]
                bytes.insert(contentsOf: Array(replacement.utf8), at: colon + 1)
            default:  // swap a value's first byte for a quote, digit or letter: type confusions
                bytes[at] =
                    [UInt8(ascii: "\""), UInt8(ascii: "7"), UInt8(ascii: "n"), UInt8(ascii: "[")][Int(rng.next() % 4)]
            }
        }
    }

    @Test(
        "≥100k mutated real and reference lines: no crash, exactly one verdict each, deterministic",
        arguments: [7, 8]
    )
    func mutatedLines(seed: UInt64) {
        let corpus = Self.corpus()
        var rng = NormalizeRNG(seed: seed)
        var normalizer = RecordNormalizer()
        var second = RecordNormalizer()
        var events = 0
        var reasons: [RejectionReason: Int] = [:]
        for i in 0..<50_000 {
            let (format, original) = corpus[Int(rng.next() % UInt64(corpus.count))]
            var bytes = original
            Self.mutate(&bytes, rng: &rng)
            let verdict = normalizer.normalize(bytes, as: format)
            switch verdict {
            case .event(let time, let payload):
                events += 1
                #expect(time >= 0)
                #expect(payload.kind != .recordRejected)
            case .rejected(let rejection, let time):
                reasons[rejection.reason, default: 0] += 1
                #expect(!rejection.detail.isEmpty)
                #expect(time.map { $0 >= 0 } ?? true)
            }
            if i % 16 == 0 { #expect(second.normalize(bytes, as: format) == verdict) }
        }
        #expect(events > 1_000)
        for reason in [
            RejectionReason.invalidJSON, .invalidUTF8, .notAnObject, .missingField, .wrongType, .invalidValue,
        ] {
            #expect(reasons[reason, default: 0] > 0, "no \(reason) produced: \(reasons)")
        }
    }

    @Test("mutated positions documents: a document error or one verdict per element, never a crash", arguments: [9])
    func mutatedDocuments(seed: UInt64) {
        let original = RealData.bytes("positions_futures.f1f5ab65.json")
        var rng = NormalizeRNG(seed: seed)
        var normalizer = RecordNormalizer()
        var readable = 0
        for _ in 0..<400 {
            var bytes = original
            Self.mutate(&bytes, rng: &rng)
            do {
                let document = try normalizer.positions(bytes)
                readable += 1
                for record in document.open + document.closed {
                    #expect(record.byteRange.upperBound <= bytes.count)
                }
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
        #expect(readable > 20)
    }
}
