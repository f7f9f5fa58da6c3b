/// A JSON value for exports, with object keys in the order given (exports list keys in the reference's
/// order, or sorted, never in `Dictionary` order) and a deterministic writer.
///
/// Numbers are written like Python's `json.dumps` writes floats (shortest round-trip form: `0.1`, `1e-05`,
/// `2.0`), so files look like the bot's own; `rounded(_:places:)` gives the reference's fixed precisions.
public indirect enum ExportJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([ExportJSON])
    case object([(String, ExportJSON)])

    public static func == (a: ExportJSON, b: ExportJSON) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.double(let x), .double(let y)): x == y || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// `value` rounded half away from zero to `places` decimals (`nil` and non-finite become `null`).
    public static func rounded(_ value: Double?, places: Int) -> ExportJSON {
        guard let value, value.isFinite else { return .null }
        return .double(ExportJSON.round(value, places: places))
    }

    public static func round(_ value: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let r = (value * scale).rounded(.toNearestOrAwayFromZero) / scale
        return r == 0 ? 0 : r  // no "-0.0" in exports
    }

    public static func optional(_ value: String?) -> ExportJSON { value.map(ExportJSON.string) ?? .null }
    public static func optional(_ value: Bool?) -> ExportJSON { value.map(ExportJSON.bool) ?? .null }
    public static func optional(_ value: Int64?) -> ExportJSON { value.map(ExportJSON.int) ?? .null }

    /// Compact form (one line, `", "` and `": "` separators like Python's default `json.dumps`): for JSONL rows.
    public func line() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out, indent: nil, level: 0)
        return out
    }

    /// Pretty form (2-space indent, like `json.dump(indent=2)`), ending with a newline: for JSON documents.
    public func document() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(into: &out, indent: 2, level: 0)
        out.append(0x0A)
        return out
    }

    func write(into out: inout [UInt8], indent: Int?, level: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): ExportJSON.writeDouble(d, into: &out)
        case .string(let s): ExportJSON.writeString(s, into: &out)
        case .array(let items):
            writeContainer(open: 0x5B, close: 0x5D, count: items.count, into: &out, indent: indent, level: level) {
                i,
                out in
                items[i].write(into: &out, indent: indent, level: level + 1)
            }
        case .object(let members):
            writeContainer(open: 0x7B, close: 0x7D, count: members.count, into: &out, indent: indent, level: level) {
                i,
                out in
                ExportJSON.writeString(members[i].0, into: &out)
                out.append(contentsOf: ": ".utf8)
                members[i].1.write(into: &out, indent: indent, level: level + 1)
            }
        }
    }

    private func writeContainer(
        open: UInt8,
        close: UInt8,
        count: Int,
        into out: inout [UInt8],
        indent: Int?,
        level: Int,
        element: (Int, inout [UInt8]) -> Void
    ) {
        out.append(open)
        guard count > 0 else {
            out.append(close)
            return
        }
        for i in 0..<count {
            if i > 0 { out.append(0x2C) }
            if let indent {
                out.append(0x0A)
                out.append(contentsOf: repeatElement(0x20, count: indent * (level + 1)))
            } else if i > 0 {
                out.append(0x20)
            }
            element(i, &out)
        }
        if let indent {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: indent * level))
        }
        out.append(close)
    }

    static func writeDouble(_ d: Double, into out: inout [UInt8]) {
        guard d.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        // Swift's description is the shortest round-trip form, and uses the same exponent style as Python
        // repr ("1e-05", "1e+16") for the same ranges; integral values print as "2.0".
        out.append(contentsOf: d.description.utf8)
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        for byte in s.utf8 {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}

extension [ExportJSON] {
    /// JSON Lines: one compact value per line, each line ending with `\n`.
    public func jsonLines() -> [UInt8] {
        var out: [UInt8] = []
        for row in self {
            row.write(into: &out, indent: nil, level: 0)
            out.append(0x0A)
        }
        return out
    }
}
