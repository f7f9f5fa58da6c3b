/// Rewrites Python's non-standard float tokens (`NaN`, `Infinity`, `-Infinity`) outside strings to `null`.
enum PythonNonFinite {
    private static let nan = Array("NaN".utf8)
    private static let infinity = Array("Infinity".utf8)
    private static let null = Array("null".utf8)

    /// Writes the rewritten text into `output`; false when there was nothing to rewrite (the original error stands).
    static func rewrite(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        output.reserveCapacity(bytes.count + 16)
        var changed = false
        var inString = false
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if inString {
                output.append(b)
                if b == UInt8(ascii: "\\"), i + 1 < n {
                    output.append(bytes[i + 1])
                    i += 2
                    continue
                }
                if b == UInt8(ascii: "\"") { inString = false }
                i += 1
                continue
            }
            if b == UInt8(ascii: "\"") {
                inString = true
            } else if b == UInt8(ascii: "N"), matches(nan, bytes, at: i) {
                output.append(contentsOf: null)
                i += nan.count
                changed = true
                continue
            } else if b == UInt8(ascii: "I"), matches(infinity, bytes, at: i) {
                output.append(contentsOf: null)
                i += infinity.count
                changed = true
                continue
            } else if b == UInt8(ascii: "-"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "I"),
                matches(infinity, bytes, at: i + 1)
            {
                output.append(contentsOf: null)
                i += 1 + infinity.count
                changed = true
                continue
            }
            output.append(b)
            i += 1
        }
        return changed
    }

    private static func matches(_ token: [UInt8], _ bytes: UnsafeRawBufferPointer, at start: Int) -> Bool {
        guard start + token.count <= bytes.count else { return false }
        for k in 0..<token.count where bytes[start + k] != token[k] { return false }
        return true
    }
}
