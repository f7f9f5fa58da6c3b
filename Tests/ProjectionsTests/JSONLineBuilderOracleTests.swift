import HindsightJSON
import HindsightTestSupport
import PropertyBased
import Testing

@testable import Projections

/// `JSONLineBuilder` (pointer writes into room made ahead) against the general writer it must match byte for
/// byte, `JSONWriter.pythonLine` over the equivalent `JSONValue` tree: random rows of nested objects and arrays
/// with every kind of scalar (non-finite doubles, `Int64.min`, strings needing every escape, non-ASCII), many
/// rows per builder so that the room grows from empty many times, and through `ExportSink` at random chunk sizes.
@Suite struct JSONLineBuilderOracleTests {
    static let strings = [
        "", "BTCUSDT", "quote \" inside", "back\\slash", "tab\tnew\nline\r", "\u{0}\u{8}\u{C}\u{1F}", "DEL\u{7F}",
        "ünïcödé", "emoji 🚀", "/slash/", String(repeating: "long plain text ", count: 40),
        String(repeating: "\u{1}", count: 100),
    ]

    static func randomScalar(_ rng: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0..<9, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int([Int64.min, Int64.max, 0, -1, 9, 10, -10].randomElement(using: &rng)!)
        case 3: return .int(Int64.random(in: Int64.min...Int64.max, using: &rng))
        case 4:
            return .double([.nan, .infinity, -.infinity, 0, -0.0, 1e-5, 1e16, 0.1 + 0.2].randomElement(using: &rng)!)
        case 5: return .double(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng)))
        case 6: return .double((Double.random(in: -1e6...1e6, using: &rng) * 1e4).rounded() / 1e4)
        default: return .string(strings.randomElement(using: &rng)!)
        }
    }

    static func randomValue(_ rng: inout SeededGenerator, depth: Int) -> JSONValue {
        guard depth < 3, Int.random(in: 0..<4, using: &rng) == 0 else { return randomScalar(&rng) }
        let count = Int.random(in: 0...5, using: &rng)
        if Bool.random(using: &rng) {
            return .array((0..<count).map { _ in randomValue(&rng, depth: depth + 1) })
        }
        return .object(
            (0..<count).map { _ in (strings.randomElement(using: &rng)!, randomValue(&rng, depth: depth + 1)) }
        )
    }

    /// Writes `value` with the builder's calls, as the export row writers do (`key(String)` for the keys).
    static func write(_ value: JSONValue, into out: inout JSONLineBuilder) {
        switch value {
        case .null: out.null()
        case .bool(let b): out.bool(b)
        case .int(let i): out.int(i)
        case .double(let d): out.double(d)
        case .string(let s): out.string(s)
        case .array(let elements):
            out.beginArray()
            for element in elements { write(element, into: &out) }
            out.endArray()
        case .object(let members):
            out.beginObject()
            for (key, member) in members {
                out.key(key)
                write(member, into: &out)
            }
            out.endObject()
        }
    }

    static func randomRows(_ rng: inout SeededGenerator) -> [JSONValue] {
        (0..<Int.random(in: 0...40, using: &rng)).map { _ in
            .object(
                (0..<Int.random(in: 0...8, using: &rng)).map { _ in
                    (strings.randomElement(using: &rng)!, randomValue(&rng, depth: 1))
                }
            )
        }
    }

    static func expectedLines(_ rows: [JSONValue]) -> [UInt8] {
        rows.flatMap { JSONWriter.pythonLine.bytes($0) + [0x0A] }
    }

    @Test func rowsEqualTheGeneralWriter() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            let rows = Self.randomRows(&rng)
            var out = JSONLineBuilder(capacity: Int.random(in: 0...64, using: &rng))
            for row in rows {
                Self.write(row, into: &out)
                out.endLine()
            }
            #expect(out.bytes == Self.expectedLines(rows), "seed \(seed)")
            #expect(out.takeBytes() == Self.expectedLines(rows), "seed \(seed)")
            #expect(out.count == 0 && out.bytes.isEmpty)
        }
    }

    @Test func staticKeysEqualStringKeys() {
        var a = JSONLineBuilder()
        var b = JSONLineBuilder()
        a.beginObject()
        b.beginObject()
        for i in 0..<200 {
            a.key("symbol")
            b.key(String("symbol"))
            a.int(Int64(i))
            b.int(Int64(i))
        }
        a.endObject()
        b.endObject()
        #expect(a.bytes == b.bytes)
    }

    @Test func renderingThroughTheSinkAtAnyChunkSizeGivesTheSameBytes() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            let rows = Self.randomRows(&rng)
            var drained: [UInt8] = []
            // Start with bytes already in the sink's buffer, as the export writer's reused chunk may hold.
            let head = Array("{\"head\": 1}\n".utf8)
            var sink = ExportSink(buffer: head, chunkSize: Int.random(in: 1...2_000, using: &rng)) {
                drained.append(contentsOf: $0)
            }
            sink.renderLines(rows) { row, out in Self.write(row, into: &out) }
            sink.drain()
            #expect(drained == head + Self.expectedLines(rows), "seed \(seed)")
        }
    }

    @Test func theValueStartCapturesExactlyTheValueBytes() {
        var out = JSONLineBuilder()
        out.beginArray()
        out.int(1)
        let start = out.valueStart()
        out.beginObject()
        out.key("a")
        out.string("b")
        out.endObject()
        let captured = out.withBytes(from: start) { Array($0) }
        captured.withUnsafeBufferPointer { out.rendered($0) }
        out.endArray()
        #expect(captured == Array(#"{"a": "b"}"#.utf8))
        #expect(out.bytes == Array(#"[1, {"a": "b"}, {"a": "b"}]"#.utf8))
    }
}
