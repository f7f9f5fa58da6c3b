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
        // Byte by byte: an array literal here was materialized (`swift_initStaticObject`) on every call.
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
    }

    /// `"key": ` for a key known only at run time (escaped like any string).
    mutating func key(_ key: String) {
        separate()
        JSONWriter.appendString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
    }

    mutating func null() { value { $0.append(contentsOf: Self.nullBytes) } }
    mutating func bool(_ b: Bool) { value { $0.append(contentsOf: b ? Self.trueBytes : Self.falseBytes) } }
    mutating func int(_ i: Int64) { value { JSONWriter.appendInt(i, to: &$0) } }
    mutating func double(_ d: Double) { value { JSONWriter.appendDouble(d, to: &$0) } }
    /// Escaped as `JSONWriter.appendString` does (runs of plain bytes are appended whole there).
    mutating func string(_ s: String) { value { JSONWriter.appendString(s, to: &$0) } }

    /// `"2025-12-15T18:33:20.512345Z"`: the same bytes as `string(UTCTime.iso8601(micros))`, written without
    /// building a `String` (rows carry several timestamps). Years outside 0...9999 take the `String` path.
    mutating func iso8601(_ micros: Int64) {
        let f = UTCTime.fields(micros)
        guard f.year >= 0, f.year <= 9999 else { return string(UTCTime.iso8601(micros)) }
        value { out in
            func digits(_ value: Int64, _ width: Int) {
                var divisor: Int64 = 1
                for _ in 1..<width { divisor *= 10 }
                var v = value
                while divisor > 0 {
                    out.append(UInt8(ascii: "0") + UInt8(v / divisor))
                    v %= divisor
                    divisor /= 10
                }
            }
            out.append(0x22)
            digits(f.year, 4)
            out.append(UInt8(ascii: "-"))
            digits(f.month, 2)
            out.append(UInt8(ascii: "-"))
            digits(f.day, 2)
            out.append(UInt8(ascii: "T"))
            digits(f.secondOfDay / 3600, 2)
            out.append(UInt8(ascii: ":"))
            digits(f.secondOfDay / 60 % 60, 2)
            out.append(UInt8(ascii: ":"))
            digits(f.secondOfDay % 60, 2)
            out.append(UInt8(ascii: "."))
            digits(f.fraction, 6)
            out.append(UInt8(ascii: "Z"))
            out.append(0x22)
        }
    }

    /// Writes the separator the next value owes and returns the offset in `bytes` where that value will
    /// start (to keep a copy of its bytes, see `rendered`).
    mutating func valueStart() -> Int {
        separate()
        return bytes.count
    }

    /// A whole JSON value rendered before (bytes captured from `valueStart()` to the end of that value).
    mutating func rendered(_ value: UnsafeBufferPointer<UInt8>) {
        separate()
        bytes.append(contentsOf: value)
        needsSeparator = true
    }

    mutating func string(_ s: String?) { if let s { string(s) } else { null() } }
    mutating func double(_ d: Double?) { if let d { double(d) } else { null() } }
    mutating func int(_ i: Int64?) { if let i { int(i) } else { null() } }
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
        if needsSeparator {
            bytes.append(UInt8(ascii: ","))
            bytes.append(UInt8(ascii: " "))
        }
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

extension ExportSink {
    /// Renders one line per element of `rows` (`line` writes the row, the newline is added here) into the
    /// sink's buffer, draining it between lines whenever it is full.
    mutating func renderLines<Rows: Collection>(_ rows: Rows, _ line: (Rows.Element, inout JSONLineBuilder) -> Void) {
        var out = JSONLineBuilder()
        swap(&out.bytes, &buffer)
        for row in rows {
            line(row, &out)
            out.endLine()
            if out.bytes.count >= chunkSize {
                swap(&out.bytes, &buffer)
                drain()
                swap(&out.bytes, &buffer)
            }
        }
        swap(&out.bytes, &buffer)
    }
}
