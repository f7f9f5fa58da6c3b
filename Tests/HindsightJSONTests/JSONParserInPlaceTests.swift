import HindsightJSON
import Testing

/// `parse(paddedInPlace:)` reads the document where it lies, with whatever bytes follow it (in ingest: the line's
/// newline and the next lines). These tests put hostile bytes right after documents and check that the in-place
/// parse gives exactly what the copying parse (zeroed padding) gives: the padding's content must never matter.
@Suite("JSON parser: in-place parsing of padded bytes")
struct JSONParserInPlaceTests {
    /// Bytes that would change the meaning of a truncated document if simdjson used them.
    static let fills: [[UInt8]] = [
        Array("0123456789012345678901234567890123456789012345678901234567890123456789".utf8),
        Array(String(repeating: "\"", count: 70).utf8),
        Array(String(repeating: "e5", count: 35).utf8),
        Array(("rue" + String(repeating: "l", count: 67)).utf8),
        Array(("\n{\"a\":1}" + String(repeating: " ", count: 62)).utf8),
        Array(String(repeating: "]}", count: 35).utf8),
        [UInt8](repeating: 0xFF, count: 70),
        [UInt8](repeating: 0x80, count: 70),
    ]

    /// The outcome of one parse, comparable: the value, or the error code.
    enum Outcome: Equatable {
        case value(JSONValue)
        case error(JSONError)
    }

    static func copying(_ parser: JSONParser, _ bytes: [UInt8]) -> Outcome {
        bytes.withUnsafeBytes { raw in
            do throws(JSONError) {
                return .value(try parser.parse(raw).root.toJSONValue())
            } catch { return .error(error) }
        }
    }

    static func inPlace(_ parser: JSONParser, _ bytes: [UInt8], followedBy fill: [UInt8]) -> Outcome {
        var buffer = bytes + fill
        let padding = JSONParser.requiredPadding
        if fill.count < padding { buffer += [UInt8](repeating: 0, count: padding - fill.count) }
        return buffer.withUnsafeBytes { raw in
            do throws(JSONError) {
                let document = try parser.parse(paddedInPlace: UnsafeRawBufferPointer(rebasing: raw[0..<bytes.count]))
                return .value(document.root.toJSONValue())
            } catch { return .error(error) }
        }
    }

    @Test("truncated scalars, strings and containers: the bytes after them are never used")
    func edgeCases() {
        let parser = JSONParser()
        let documents = [
            "12", "-", "1e", "1.", "0", "tru", "fals", "nul", "true", "null", "\"abc", "\"abc\"", "\"a\\", "[1,", "[1",
            "{\"a\":", "{\"a\":1", "{\"a\":1}", "", " ", "{\"a\":\"x\"}", "[\"", "1234567890123456789", "-0.5e",
        ]
        for text in documents {
            let bytes = Array(text.utf8)
            let expected = Self.copying(parser, bytes)
            for fill in Self.fills {
                #expect(Self.inPlace(parser, bytes, followedBy: fill) == expected, "\(text) + \(fill.prefix(8))")
            }
        }
    }

    @Test("generated and mutated documents: in place = copied, for every fill", arguments: [31, 32])
    func generatedDocuments(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let parser = JSONParser()
        var rejected = 0
        for n in 0..<1500 {
            var bytes = JSONWriter.compact.bytes(JSONGenerator.value(depth: 0, rng: &rng))
            if n % 2 == 1 { JSONGenerator.mutate(&bytes, rng: &rng) }
            let expected = Self.copying(parser, bytes)
            if case .error = expected { rejected += 1 }
            let fill = Self.fills[n % Self.fills.count]
            #expect(
                Self.inPlace(parser, bytes, followedBy: fill) == expected,
                "\(String(decoding: bytes, as: UTF8.self))"
            )
        }
        #expect(rejected > 100, "mutations should produce invalid documents too")
    }
}
