import Foundation
import HindsightJSON
import Testing

/// Differential tests: simdjson (through `JSONParser`) against Foundation's `JSONSerialization` on thousands of
/// generated documents, valid and mutated. Foundation is the oracle for values; the known, documented differences
/// (Foundation accepts trailing commas, a leading BOM and integers beyond UInt64) are the only disagreements allowed.
@Suite("JSON differential vs Foundation")
struct JSONDifferentialTests {
    @Test(
        "generated documents: writer → simdjson round-trips, and Foundation reads the same values",
        arguments: [11, 12]
    )
    func validDocuments(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let parser = JSONParser()
        for n in 0..<1500 {
            let value = JSONGenerator.value(depth: 0, rng: &rng)
            let writer = [JSONWriter.compact, .pythonLine, .pretty, JSONWriter(layout: .compact, asciiOnly: true)][
                n % 4
            ]
            let bytes = writer.bytes(value)
            let parsed = try parser.value(bytes)
            #expect(JSONGenerator.sameFloats(parsed, value), "\(writer.string(value))")
            let foundation = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            #expect(FoundationComparison.equal(parsed, foundation), "\(writer.string(value))")
        }
    }

    @Test("mutated documents: both accept or both reject, except documented differences", arguments: [21, 22])
    func mutatedDocuments(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let parser = JSONParser()
        var rejected = 0
        for _ in 0..<2500 {
            var bytes = JSONWriter.compact.bytes(JSONGenerator.value(depth: 0, rng: &rng))
            JSONGenerator.mutate(&bytes, rng: &rng)
            let ours = try? parser.value(bytes)
            let foundation = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            switch (ours, foundation) {
            case (let ours?, let foundation?):
                #expect(FoundationComparison.equal(ours, foundation), "\(String(decoding: bytes, as: UTF8.self))")
            case (nil, nil): rejected += 1
            case (_?, nil):
                Issue.record("simdjson accepted what Foundation rejects: \(String(decoding: bytes, as: UTF8.self))")
            case (nil, _?):
                rejected += 1
                #expect(
                    FoundationComparison.isDocumentedLeniency(bytes),
                    "Foundation accepted: \(String(decoding: bytes, as: UTF8.self))"
                )
            }
        }
        #expect(rejected > 500, "mutations should produce plenty of invalid documents")
    }
}

enum JSONGenerator {
    static let strings: [String] = [
        "", "a", "BTCUSDT", "héllo", "日本", "😀x", "\"q\"", "back\\slash", "line\nbreak", "tab\t", "\u{01}\u{1f}",
        "\u{7f}", "\u{2028}", "/", "long string with spaces and punctuation!?",
    ]

    static func value(depth: Int, rng: inout SplitMix64) -> JSONValue {
        let pick = depth >= 4 ? Int(rng.next() % 6) : Int(rng.next() % 8)
        switch pick {
        case 0: return .null
        case 1: return .bool(rng.next() & 1 == 0)
        case 2:
            let choices: [Int64] = [0, 1, -1, .max, .min, Int64(bitPattern: rng.next()), Int64(rng.next() % 1000)]
            return .int(choices[Int(rng.next() % UInt64(choices.count))])
        case 3:
            var d = Double(bitPattern: rng.next())
            // Random bit patterns within ±1e60 (beyond, Foundation's Decimal path loses the value entirely).
            if !d.isFinite || !(1e-60...1e60).contains(abs(d)) || rng.next() % 2 == 0 {
                d = Double(Int64(bitPattern: rng.next()) % 1_000_000) / 997
            }
            return .double(d)
        case 4, 5: return .string(strings[Int(rng.next() % UInt64(strings.count))])
        case 6: return .array((0..<Int(rng.next() % 5)).map { _ in value(depth: depth + 1, rng: &rng) })
        default:
            return .object(
                (0..<Int(rng.next() % 5)).map { i in
                    ("k\(i)" + strings[Int(rng.next() % 4)], value(depth: depth + 1, rng: &rng))
                }
            )
        }
    }

    /// Flip, delete, insert or truncate a few bytes (structural characters are favoured as insertions).
    static func mutate(_ bytes: inout [UInt8], rng: inout SplitMix64) {
        let interesting = Array(#"{}[],:"\0123456789.eE+-tfnul \#u{FF}"#.utf8) + [0xC3, 0xE2, 0x80]
        for _ in 0..<(1 + Int(rng.next() % 3)) {
            guard !bytes.isEmpty else {
                bytes = [interesting[Int(rng.next() % UInt64(interesting.count))]]
                continue
            }
            let at = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 4 {
            case 0: bytes[at] ^= UInt8(truncatingIfNeeded: 1 << (rng.next() % 8))
            case 1: bytes.remove(at: at)
            case 2: bytes.insert(interesting[Int(rng.next() % UInt64(interesting.count))], at: at)
            default: bytes.removeSubrange(at...)
            }
        }
    }

    /// Equality where doubles must match bit for bit (−0.0 included); `.int` and `.double` are distinct.
    static func sameFloats(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { sameFloats($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && sameFloats($0.1, $1.1) }
        default: return a == b
        }
    }
}

enum FoundationComparison {
    static func equal(_ ours: JSONValue, _ theirs: Any) -> Bool {
        switch ours {
        case .null: return theirs is NSNull
        case .bool(let b): return (theirs as? NSNumber)?.boolValue == b
        case .int(let i):
            guard let n = theirs as? NSNumber else { return false }
            return n.int64Value == i || close(n.doubleValue, Double(i))
        case .double(let d):
            guard let n = theirs as? NSNumber else { return false }
            return close(n.doubleValue, d)
        case .string(let s): return (theirs as? String) == s
        case .array(let elements):
            guard let other = theirs as? [Any], other.count == elements.count else { return false }
            return zip(elements, other).allSatisfy { equal($0, $1) }
        case .object(let members):
            guard let other = theirs as? [String: Any] else { return false }
            var lastWins: [String: JSONValue] = [:]
            for (k, v) in members { lastWins[k] = v }
            guard lastWins.count == other.count else { return false }
            return lastWins.allSatisfy { k, v in other[k].map { equal(v, $0) } ?? false }
        }
    }

    /// Foundation on Linux parses numbers through `Decimal` and is not correctly rounded (nor exact for integers
    /// near Int64.max): compare with a relative tolerance. The writer → simdjson round trip is the bit-exact check.
    static func close(_ a: Double, _ b: Double) -> Bool {
        a == b || abs(a - b) <= 1e-13 * max(abs(a), abs(b))
    }

    /// Inputs Foundation accepts and simdjson (strict RFC 8259) rejects: trailing commas, a BOM, huge integers.
    static func isDocumentedLeniency(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { return true }
        let compact = text.filter { !$0.isWhitespace }
        if compact.contains(",]") || compact.contains(",}") { return true }
        var run = 0
        for c in text.unicodeScalars {
            run = ("0"..."9").contains(c) ? run + 1 : 0
            if run >= 19 { return true }
        }
        return false
    }
}
