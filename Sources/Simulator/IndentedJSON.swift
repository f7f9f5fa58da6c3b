/// A small ordered JSON value for the positions document, written as Python's `json.dumps(obj, indent=2)`
/// does (items separated by `,` + newline, `": "` after keys, empty containers as `{}` / `[]`).
///
/// Why a value tree here but not for JSONL: positions are few (one per trade) and written once each, while
/// the JSONL files are hot; the tree keeps the 60-field position records readable.
enum PyValue {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case object([(String, PyValue)])
    case array([PyValue])

    static func optionalDouble(_ x: Double?) -> PyValue { x.map { .double($0) } ?? .null }
    static func optionalString(_ s: String?) -> PyValue { s.map { .string($0) } ?? .null }

    /// Appends the value at nesting `level` (the caller has already written the indentation of the first line).
    func writeIndented(into out: inout [UInt8], level: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: PythonFloat.repr(d).utf8)
        case .string(let s):
            out.append(UInt8(ascii: "\""))
            PythonJSONWriter.appendEscaped(s, to: &out)
            out.append(UInt8(ascii: "\""))
        case .object(let fields):
            guard !fields.isEmpty else {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                PyValue.newline(&out, level + 1)
                out.append(UInt8(ascii: "\""))
                PythonJSONWriter.appendEscaped(key, to: &out)
                out.append(contentsOf: "\": ".utf8)
                value.writeIndented(into: &out, level: level + 1)
            }
            PyValue.newline(&out, level)
            out.append(UInt8(ascii: "}"))
        case .array(let items):
            guard !items.isEmpty else {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, value) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                PyValue.newline(&out, level + 1)
                value.writeIndented(into: &out, level: level + 1)
            }
            PyValue.newline(&out, level)
            out.append(UInt8(ascii: "]"))
        }
    }

    static func newline(_ out: inout [UInt8], _ level: Int) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }
}
