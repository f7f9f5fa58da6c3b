import HindsightJSON

/// Writes one Python-`json.dumps`-style line (`", "` and `": "` separators) straight into a byte buffer.
///
/// The large JSONL exports (`enriched_decisions`, `counterfactual_outcomes`) have one row per record; building a
/// `JSONValue` tree per row cost more than the fold itself. This builder emits the same bytes as
/// `JSONWriter.pythonLine` would for the equivalent tree (same scalar formatting, same escaping), without
/// the intermediate allocations. Keys are `StaticString`s the callers know to need no escaping.
struct JSONLineBuilder {
    var bytes: [UInt8] = []
    /// True when the next member or element must be preceded by `", "`.
    private var needsSeparator = false

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Ends a row: `\n`, and the next row starts without a separator.
    mutating func endLine() {
        bytes.append(0x0A)
        needsSeparator = false
    }

    /// `"key": ` for a plain-ASCII key that needs no escaping.
    mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":"), UInt8(ascii: " ")])
    }

    /// `"key": ` for a key known only at run time (escaped like any string).
    mutating func key(_ key: String) {
        separate()
        JSONWriter.appendString(key, to: &bytes)
        bytes.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
    }

    mutating func null() { value { $0.append(contentsOf: Self.nullBytes) } }
    mutating func bool(_ b: Bool) { value { $0.append(contentsOf: b ? Self.trueBytes : Self.falseBytes) } }
    mutating func int(_ i: Int64) { value { JSONWriter.appendInt(i, to: &$0) } }
    mutating func double(_ d: Double) { value { JSONWriter.appendDouble(d, to: &$0) } }
    mutating func string(_ s: String) { value { JSONWriter.appendString(s, to: &$0) } }

    mutating func string(_ s: String?) { if let s { string(s) } else { null() } }
    mutating func double(_ d: Double?) { if let d { double(d) } else { null() } }
    mutating func bool(_ b: Bool?) { if let b { bool(b) } else { null() } }

    /// Same as `JSONValue.rounded(_:places:)`: `null` for nil or non-finite values.
    mutating func rounded(_ d: Double?, places: Int) {
        guard let d, d.isFinite else { return null() }
        double(JSONValue.round(d, places: places))
    }

    private static let nullBytes: [UInt8] = Array("null".utf8)
    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)

    private mutating func separate() {
        if needsSeparator { bytes.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
        needsSeparator = false
    }

    /// A scalar value: a separator first when it is an array element, then the value, then one is owed.
    private mutating func value(_ write: (inout [UInt8]) -> Void) {
        separate()
        write(&bytes)
        needsSeparator = true
    }

    private mutating func open(_ byte: UInt8) {
        separate()
        bytes.append(byte)
        needsSeparator = false
    }

    private mutating func close(_ byte: UInt8) {
        bytes.append(byte)
        needsSeparator = true
    }
}
