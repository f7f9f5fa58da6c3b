import HindsightJSON
import Testing

/// `collectMembers` (the C one-pass matcher) against the Swift `member(_:)` scan as oracle.
@Suite("JSONElement.collectMembers")
struct JSONCollectMembersTests {
    let parser = JSONParser()

    /// Checks every key of `table` in `text`'s root against `member(_:)`.
    func expectAgreesWithMember(_ text: String, _ table: JSONKeyTable) throws {
        let root = try parser.parse(Array(text.utf8)).root
        var slots: [Int32] = [7, 7]
        let isObject = root.collectMembers(table, into: &slots)
        #expect(isObject == (root.kind == .object))
        #expect(slots.count == table.count)
        for (i, name) in table.names.enumerated() {
            let expected = root.kind == .object ? root[name] : nil
            let found = root.value(atTapeIndex: slots[i])
            #expect(found?.toJSONValue() == expected?.toJSONValue(), "\(name) in \(text)")
            #expect((found == nil) == (expected == nil), "\(name) in \(text)")
        }
    }

    @Test("hand-picked objects: duplicates (first wins), nesting, empty key, prefixes, non-objects")
    func handPicked() throws {
        let table = JSONKeyTable(["a", "ab", "", "nested", "é", "n"])
        try expectAgreesWithMember(#"{"a":1,"ab":2,"":3,"nested":{"a":9},"é":"x","n":null}"#, table)
        try expectAgreesWithMember(#"{"a":1,"a":2,"ab":[1,{"ab":3}],"ab":4}"#, table)
        try expectAgreesWithMember(#"{"x":{"a":{"a":1}},"abc":1,"b":2.5,"n":-1}"#, table)
        try expectAgreesWithMember(#"{}"#, table)
        try expectAgreesWithMember(#"[{"a":1}]"#, table)
        try expectAgreesWithMember(#""a""#, table)
        try expectAgreesWithMember(#"{"a":1}"#, JSONKeyTable([]))
    }

    @Test("generated objects with random keys and values agree with member(_:)")
    func generated() throws {
        var random = SplitMix64(seed: 42)
        let names = ["a", "b", "ab", "ba", "ts", "symbol", "", "x"]
        let table = JSONKeyTable(Array(names.prefix(6)))
        let values = ["1", "-2", "18446744073709551615", "2.5", "true", "null", #""s""#, "[1,[2]]", #"{"a":1}"#, "{}"]
        for _ in 0..<2_000 {
            let count = Int(random.next() % 9)
            let members = (0..<count).map { _ in
                "\"\(names[Int(random.next() % UInt64(names.count))])\":\(values[Int(random.next() % UInt64(values.count))])"
            }
            try expectAgreesWithMember("{" + members.joined(separator: ",") + "}", table)
        }
    }
}
