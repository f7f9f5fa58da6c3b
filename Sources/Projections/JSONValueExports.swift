public import HindsightJSON

/// Export helpers over `HindsightJSON.JSONValue` (ordered keys, deterministic Python-like writer).
extension JSONValue {
    /// `value` rounded half away from zero to `places` decimals (`nil` and non-finite become `null`): the
    /// reference's fixed precisions (4 dp weights and pnl_pct, 6 dp EVs) keep goldens stable.
    public static func rounded(_ value: Double?, places: Int) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .double(round(value, places: places))
    }

    public static func round(_ value: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let r = (value * scale).rounded(.toNearestOrAwayFromZero) / scale
        return r == 0 ? 0 : r  // no "-0.0" in exports
    }

    public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    public static func optional(_ value: Bool?) -> JSONValue { value.map(JSONValue.bool) ?? .null }
    public static func optional(_ value: Int64?) -> JSONValue { value.map(JSONValue.int) ?? .null }
    public static func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }

    /// One line with Python's `json.dumps` separators (`", "`, `": "`): a JSONL row, without the newline.
    public func line() -> [UInt8] { JSONWriter.pythonLine.bytes(self) }

    /// `json.dump(indent=2)` layout plus a final newline: a JSON document export.
    public func document() -> [UInt8] {
        var out = JSONWriter.pretty.bytes(self)
        out.append(0x0A)
        return out
    }
}

extension [JSONValue] {
    /// JSON Lines: one `line()` per value, each ending with `\n`.
    public func jsonLines() -> [UInt8] {
        var out: [UInt8] = []
        for row in self {
            JSONWriter.pythonLine.write(row, into: &out)
            out.append(0x0A)
        }
        return out
    }
}
