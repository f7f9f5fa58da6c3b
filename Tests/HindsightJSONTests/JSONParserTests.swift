import HindsightJSON
import Testing

@Suite("JSONParser (simdjson)")
struct JSONParserTests {
    let parser = JSONParser()

    func value(_ text: String) throws -> JSONValue { try parser.value(Array(text.utf8)) }

    func error(_ text: String, parser: JSONParser? = nil) -> JSONError? {
        do {
            _ = try (parser ?? self.parser).parse(Array(text.utf8))
            return nil
        } catch { return error }
    }

    @Test("navigation: kinds, members, elements, scalars")
    func navigation() throws {
        let doc = try parser.parse(
            Array(
                #"{"s":"héllo","i":-3,"u":18446744073709551615,"d":2.5,"t":true,"f":false,"n":null,"a":[1,[2],{}],"o":{"k":"v"}}"#
                    .utf8
            )
        )
        let root = doc.root
        #expect(root.kind == .object)
        #expect(root.count == 9)
        #expect(root["s"]?.string == "héllo")
        #expect(root["s"]?.stringEquals("héllo") == true)
        #expect(root["i"]?.int64 == -3)
        #expect(root["i"]?.double == -3)
        #expect(root["i"]?.uint64 == nil)
        #expect(root["u"]?.kind == .uint64)
        #expect(root["u"]?.uint64 == .max)
        #expect(root["u"]?.int64 == nil)
        #expect(root["d"]?.double == 2.5)
        #expect(root["d"]?.int64 == nil)
        #expect(root["t"]?.bool == true)
        #expect(root["f"]?.bool == false)
        #expect(root["n"]?.isNull == true)
        #expect(root["a"]?.count == 3)
        #expect(root["a"]?[1]?[0]?.int64 == 2)
        #expect(root["a"]?[2]?.kind == .object)
        #expect(root["a"]?[3] == nil)
        #expect(root["o"]?["k"]?.string == "v")
        #expect(root["missing"] == nil)
        #expect(root["s"]?["x"] == nil)
        #expect(root.members?.map(\.0) == ["s", "i", "u", "d", "t", "f", "n", "a", "o"])
    }

    @Test("escapes and surrogate pairs are decoded; lone surrogates are rejected")
    func escapes() throws {
        #expect(try value(#""\ud83d\ude00 \u00e9 \n\t\"\\\/ \u0000""#) == .string("😀 é \n\t\"\\/ \u{0}"))
        #expect(error(#""\ud800""#)?.code == .invalidJSON)
        #expect(error(#""\udc00""#)?.code == .invalidJSON)
        #expect(error("\"a\tb\"")?.code == .invalidJSON)
    }

    @Test("integers: Int64, then UInt64, beyond that rejected; doubles; exponent forms")
    func numbers() throws {
        #expect(try value("9223372036854775807") == .int(.max))
        #expect(try value("-9223372036854775808") == .int(.min))
        #expect(try parser.parse(Array("9223372036854775808".utf8)).root.uint64 == 9_223_372_036_854_775_808)
        #expect(try value("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(error("18446744073709551616")?.code == .invalidJSON)
        #expect(error("1e400")?.code == .invalidJSON)
        #expect(try value("1e-400") == .double(0))
        #expect(try value("-0") == .int(0))
        #expect(try value("-0.0") == .double(-0.0))
        #expect(try value("1E2") == .double(100))
        #expect(error("01")?.code == .invalidJSON)
        #expect(error("1.")?.code == .invalidJSON)
    }

    @Test("nesting limit")
    func depth() {
        let shallow = JSONParser(maxDepth: 4)
        #expect(error("[[[[1]]]]", parser: shallow) == nil)
        #expect(error("[[[[[1]]]]]", parser: shallow)?.code == .tooDeep)
        #expect(error(String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000))?.code == .tooDeep)
    }

    @Test("invalid UTF-8 is reported with the offset of the first bad byte")
    func invalidUTF8() {
        let bytes: [UInt8] = Array(#"{"a":"xx"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        do {
            _ = try parser.parse(bytes)
            Issue.record("accepted invalid UTF-8")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.byteOffset == 8)
        }
        // Overlong encoding and an encoded surrogate are invalid too.
        for bad: [UInt8] in [
            [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],
        ] {
            #expect((try? parser.parse(bad)) == nil)
        }
    }

    @Test("empty input, whitespace, trailing content, trailing commas, BOM")
    func structure() {
        #expect(error("")?.code == .empty)
        #expect(error("  \n")?.code == .empty)
        #expect(error(#"{"a":1} x"#)?.code == .invalidJSON)
        #expect(error("[1,]")?.code == .invalidJSON)
        #expect(error("\u{FEFF}{}")?.code == .invalidJSON)
        #expect(error(" {} ") == nil)
    }

    @Test("a document used after the parser moved on traps (checked, not undefined)")
    func generations() async {
        await #expect(processExitsWith: .failure) {
            let parser = JSONParser()
            let first = try parser.parse(Array("[1]".utf8))
            _ = try parser.parse(Array("[2]".utf8))
            _ = first.root.kind
        }
    }

    @Test("non-contiguous collections parse too")
    func nonContiguous() throws {
        let bytes = Array(#"{"k":[1,2]}"#.utf8)
        #expect(try parser.value(bytes.lazy.map { $0 }) == ["k": [1, 2]])
    }
}

@Suite("JSONParser: Python non-finite tokens")
struct JSONParserNonFiniteTests {
    @Test("NaN / Infinity / -Infinity read as null only when enabled; strings untouched")
    func pythonTokens() throws {
        let text = #"{"a": NaN, "b": [Infinity, -Infinity], "c": "NaN Infinity", "d": 1}"#
        #expect(throws: JSONError.self) { try JSONParser().value(Array(text.utf8)) }
        let value = try JSONParser(acceptsPythonNonFinite: true).value(Array(text.utf8))
        #expect(value == ["a": nil, "b": [nil, nil], "c": "NaN Infinity", "d": 1])
        #expect(throws: JSONError.self) { try JSONParser(acceptsPythonNonFinite: true).value(Array("[NaN,]".utf8)) }
        #expect(throws: JSONError.self) { try JSONParser(acceptsPythonNonFinite: true).value(Array("[nan]".utf8)) }
    }
}
