/// Writes `JSONValue`s as deterministic JSON text: the same value always gives the same bytes.
///
/// Three layouts, chosen to match what Python's `json` module writes, so that files hindsight exports for the
/// bot look exactly like the bot's own:
/// - `.compact`: one line, no spaces (`{"a":1,"b":[1,2]}`), the smallest JSONL.
/// - `.pythonLine`: one line, Python `json.dumps` default separators (`{"a": 1, "b": [1, 2]}`), the bot's JSONL style.
/// - `.pretty(indent:)`: Python `json.dump(indent=2)` layout: `"key": value`, one member per line, `[]`/`{}` when empty.
///
/// Numbers: integers as decimal; doubles in the shortest text that reads back to the same `Double`, formatted
/// like Python's `repr(float)` (`1.0`, `0.0001`, `1e-05`, `1e+16`, `1.5e+300`). NaN and ±infinity have no JSON
/// spelling: they are written as `null` (Python would write the invalid tokens `NaN`/`Infinity`). Callers that must
/// not lose them should check with `JSONValue.containsNonFinite` first.
///
/// Strings: RFC 8259 escaping: `"` `\` and control characters (`\n \r \t \b \f`, others as `\u00XX` lowercase hex,
/// as Python does). Non-ASCII is written as raw UTF-8 by default (Python `ensure_ascii=False`); set
/// `asciiOnly` to escape it as `\uXXXX` with surrogate pairs (Python's default `ensure_ascii=True`, which also
/// escapes DEL, 0x7F).
public struct JSONWriter: Sendable {
    public enum Layout: Sendable, Equatable {
        case compact
        case pythonLine
        case pretty(indent: Int)
    }

    public var layout: Layout
    public var asciiOnly: Bool

    public init(layout: Layout = .compact, asciiOnly: Bool = false) {
        self.layout = layout
        self.asciiOnly = asciiOnly
    }

    public static let compact = JSONWriter(layout: .compact)
    public static let pythonLine = JSONWriter(layout: .pythonLine)
    /// `json.dump(obj, f, indent=2)`.
    public static let pretty = JSONWriter(layout: .pretty(indent: 2))

    /// Appends the text of `value` to `buffer` (no trailing newline).
    public func write(_ value: JSONValue, into buffer: inout [UInt8]) {
        switch layout {
        case .compact:
            writeLine(value, into: &buffer, itemSeparator: [UInt8(ascii: ",")], keySeparator: [UInt8(ascii: ":")])
        case .pythonLine:
            writeLine(value, into: &buffer, itemSeparator: Self.commaSpace, keySeparator: Self.colonSpace)
        case .pretty(let indent): writePretty(value, into: &buffer, indent: max(0, indent), depth: 0)
        }
    }

    /// The text of `value` as bytes (no trailing newline).
    public func bytes(_ value: JSONValue) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(128)
        write(value, into: &buffer)
        return buffer
    }

    /// The text of `value` as a `String` (no trailing newline).
    public func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    private static let commaSpace: [UInt8] = Array(", ".utf8)
    private static let colonSpace: [UInt8] = Array(": ".utf8)

    private func writeLine(
        _ value: JSONValue,
        into buffer: inout [UInt8],
        itemSeparator: [UInt8],
        keySeparator: [UInt8]
    ) {
        switch value {
        case .array(let elements):
            buffer.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { buffer.append(contentsOf: itemSeparator) }
                writeLine(element, into: &buffer, itemSeparator: itemSeparator, keySeparator: keySeparator)
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let members):
            buffer.append(UInt8(ascii: "{"))
            for (i, (key, member)) in members.enumerated() {
                if i > 0 { buffer.append(contentsOf: itemSeparator) }
                JSONWriter.appendString(key, to: &buffer, asciiOnly: asciiOnly)
                buffer.append(contentsOf: keySeparator)
                writeLine(member, into: &buffer, itemSeparator: itemSeparator, keySeparator: keySeparator)
            }
            buffer.append(UInt8(ascii: "}"))
        default:
            writeScalar(value, into: &buffer)
        }
    }

    private func writePretty(_ value: JSONValue, into buffer: inout [UInt8], indent: Int, depth: Int) {
        switch value {
        case .array(let elements):
            guard !elements.isEmpty else { return buffer.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")]) }
            buffer.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { buffer.append(UInt8(ascii: ",")) }
                newline(&buffer, indent: indent, depth: depth + 1)
                writePretty(element, into: &buffer, indent: indent, depth: depth + 1)
            }
            newline(&buffer, indent: indent, depth: depth)
            buffer.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { return buffer.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]) }
            buffer.append(UInt8(ascii: "{"))
            for (i, (key, member)) in members.enumerated() {
                if i > 0 { buffer.append(UInt8(ascii: ",")) }
                newline(&buffer, indent: indent, depth: depth + 1)
                JSONWriter.appendString(key, to: &buffer, asciiOnly: asciiOnly)
                buffer.append(contentsOf: Self.colonSpace)
                writePretty(member, into: &buffer, indent: indent, depth: depth + 1)
            }
            newline(&buffer, indent: indent, depth: depth)
            buffer.append(UInt8(ascii: "}"))
        default:
            writeScalar(value, into: &buffer)
        }
    }

    private func newline(_ buffer: inout [UInt8], indent: Int, depth: Int) {
        buffer.append(UInt8(ascii: "\n"))
        buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * depth))
    }

    private func writeScalar(_ value: JSONValue, into buffer: inout [UInt8]) {
        switch value {
        case .null: buffer.append(contentsOf: Self.nullBytes)
        case .bool(let b): buffer.append(contentsOf: b ? Self.trueBytes : Self.falseBytes)
        case .int(let i): JSONWriter.appendInt(i, to: &buffer)
        case .double(let d): JSONWriter.appendDouble(d, to: &buffer)
        case .string(let s): JSONWriter.appendString(s, to: &buffer, asciiOnly: asciiOnly)
        case .array, .object: preconditionFailure("containers are written by the layout functions")
        }
    }

    private static let nullBytes: [UInt8] = Array("null".utf8)
    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)
}

extension JSONValue {
    /// True when some double in the value is NaN or infinite (the writer would write it as `null`).
    public var containsNonFinite: Bool {
        switch self {
        case .double(let d): !d.isFinite
        case .array(let a): a.contains { $0.containsNonFinite }
        case .object(let o): o.contains { $0.1.containsNonFinite }
        default: false
        }
    }
}
