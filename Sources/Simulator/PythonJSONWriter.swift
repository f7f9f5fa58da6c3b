/// Builds JSON bytes exactly as Python's `json.dumps(obj)` writes them with default arguments: `", "` between
/// items, `": "` after keys, `repr()` floats, `ensure_ascii` escapes. The bot writes every JSONL line that way, so
/// the simulator does too (and `scripts/check_sample_schema.py` checks `json.dumps(json.loads(line)) == line`).
///
/// Why not a generic encoder: the simulator must write ≥ 50 MB/s; appending bytes directly into one reused
/// buffer is several times faster than building a value tree first.
struct PythonJSONWriter {
    var bytes: [UInt8] = []
    /// Bit d is set once the container at depth d has an item (so the next one needs a separator).
    private var hasItems: UInt64 = 0
    private var depth = 0

    init(capacity: Int = 2048) { bytes.reserveCapacity(capacity) }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        hasItems = 0
        depth = 0
    }

    // MARK: containers

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        depth += 1
        hasItems &= ~(1 << UInt64(depth))
    }

    mutating func endObject() {
        depth -= 1
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        depth += 1
        hasItems &= ~(1 << UInt64(depth))
    }

    mutating func endArray() {
        depth -= 1
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `"name": ` (with the item separator first when needed); the next value call writes no separator.
    mutating func key(_ name: StaticString) {
        separateItem()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":"), UInt8(ascii: " ")])
        pendingValueAfterKey = true
    }

    mutating func key(_ name: String) {
        separateItem()
        appendQuoted(name)
        bytes.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
        pendingValueAfterKey = true
    }

    // MARK: values

    mutating func string(_ s: String) {
        separate()
        appendQuoted(s)
    }

    mutating func string(_ s: String?) {
        if let s { string(s) } else { null() }
    }

    mutating func double(_ x: Double) {
        separate()
        bytes.append(contentsOf: PythonFloat.repr(x).utf8)
    }

    mutating func double(_ x: Double?) {
        if let x { double(x) } else { null() }
    }

    mutating func int(_ x: Int64) {
        separate()
        appendDecimal(x)
    }

    mutating func int(_ x: Int) { int(Int64(x)) }

    mutating func bool(_ x: Bool) {
        separate()
        bytes.append(contentsOf: x ? Array("true".utf8) : Array("false".utf8))
    }

    mutating func null() {
        separate()
        bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
    }

    /// Appends already-formatted JSON text as a value (used for pre-built fragments).
    mutating func raw(_ text: String) {
        separate()
        bytes.append(contentsOf: text.utf8)
    }

    // MARK: internals

    private var pendingValueAfterKey = false

    /// Called before a value: after a key nothing is needed, inside an array a `", "` may be.
    private mutating func separate() {
        if pendingValueAfterKey {
            pendingValueAfterKey = false
            return
        }
        separateItem()
    }

    private mutating func separateItem() {
        guard depth > 0 else { return }
        let bit: UInt64 = 1 << UInt64(depth)
        if hasItems & bit != 0 {
            bytes.append(UInt8(ascii: ","))
            bytes.append(UInt8(ascii: " "))
        } else {
            hasItems |= bit
        }
    }

    private mutating func appendDecimal(_ value: Int64) {
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var v = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while v > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[i]) }
        }
    }

    private mutating func appendQuoted(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        PythonJSONWriter.appendEscaped(s, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `json.dumps` escaping with `ensure_ascii=True`: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other controls and
    /// every non-ASCII scalar as `\uXXXX` (UTF-16 surrogate pairs above the BMP).
    static func appendEscaped(_ s: String, to bytes: inout [UInt8]) {
        // Fast path (nearly every string the bot writes): printable ASCII without quote or backslash.
        let copied: Bool? = s.utf8.withContiguousStorageIfAvailable { buffer in
            for b in buffer where b < 0x20 || b >= 0x7F || b == 0x22 || b == 0x5C { return false }
            bytes.append(contentsOf: buffer)
            return true
        }
        if copied == true { return }
        let hex = Array("0123456789abcdef".utf8)
        func u(_ unit: UInt16, _ bytes: inout [UInt8]) {
            bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
            bytes.append(hex[Int(unit >> 12) & 0xF])
            bytes.append(hex[Int(unit >> 8) & 0xF])
            bytes.append(hex[Int(unit >> 4) & 0xF])
            bytes.append(hex[Int(unit) & 0xF])
        }
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x22: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case 0x5C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20, 0x7F...0xFFFF:
                if scalar.value == 0x7F {
                    bytes.append(0x7F)
                } else {
                    u(UInt16(scalar.value), &bytes)
                }
            case 0x20..<0x7F: bytes.append(UInt8(scalar.value))
            default:
                let v = scalar.value - 0x10000
                u(UInt16(0xD800 + (v >> 10)), &bytes)
                u(UInt16(0xDC00 + (v & 0x3FF)), &bytes)
            }
        }
    }
}
