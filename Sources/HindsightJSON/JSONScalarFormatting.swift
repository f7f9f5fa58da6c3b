/// Low-level appenders for JSON scalars: the fast path for code that writes JSON straight into a byte buffer
/// without building a `JSONValue` (e.g. `log cat --json` writing millions of lines).
extension JSONWriter {
    private static let nullBytes: [UInt8] = Array("null".utf8)

    /// Appends `value` in decimal.
    public static func appendInt(_ value: Int64, to buffer: inout [UInt8]) {
        if value == 0 { return buffer.append(UInt8(ascii: "0")) }
        // Work on the magnitude as UInt64 so that Int64.min does not overflow.
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            while magnitude > 0 {
                digits[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            if value < 0 { buffer.append(UInt8(ascii: "-")) }
            for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(digits[i]) }
        }
    }

    /// Appends `value` like Python's `repr(float)`: the shortest digits that read back to the same `Double`,
    /// positional when the decimal exponent is in [-4, 16), scientific (`1e-05`, `1.5e+16`) otherwise, and
    /// always with a fraction or an exponent so that the value reads back as a float (`1.0`, not `1`).
    /// NaN and ±infinity are written as `null` (JSON cannot spell them).
    public static func appendDouble(_ value: Double, to buffer: inout [UInt8]) {
        guard value.isFinite else { return buffer.append(contentsOf: nullBytes) }
        if ShortDecimal.append(value, to: &buffer) { return }
        appendDoubleViaDescription(value, to: &buffer)
    }

    /// The general path of `appendDouble` (any finite value; also the oracle of `ShortDecimal`'s tests).
    static func appendDoubleViaDescription(_ value: Double, to buffer: inout [UInt8]) {
        // Swift's `description` is the shortest round-trip representation; only its layout differs from
        // Python's, so take its digits and exponent and lay them out again (in a stack buffer: no allocation
        // beyond the description itself, which is inline for up to 15 characters).
        var text = value.description
        text.withUTF8 { source in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digits in
                layOut(source, digits: digits, into: &buffer)
            }
        }
    }

    private static func layOut(
        _ source: UnsafeBufferPointer<UInt8>,
        digits: UnsafeMutableBufferPointer<UInt8>,
        into buffer: inout [UInt8]
    ) {
        var count = 0
        var negative = false
        var pointPosition: Int? = nil  // digits before the '.' in the mantissa
        var exponent = 0
        var exponentNegative = false
        var inExponent = false
        for byte in source {
            switch byte {
            case UInt8(ascii: "-"):
                if inExponent { exponentNegative = true } else { negative = true }
            case UInt8(ascii: "+"): break
            case UInt8(ascii: "."): pointPosition = count
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else if count < digits.count {
                    digits[count] = byte
                    count += 1
                }
            default: break
            }
        }
        if exponentNegative { exponent = -exponent }
        // value = 0.d1d2d3... × 10^decimalPoint after removing leading zeros.
        var decimalPoint = (pointPosition ?? count) + exponent
        var first = 0
        while first < count && digits[first] == UInt8(ascii: "0") {
            first += 1
            decimalPoint -= 1
        }
        var last = count
        while last > first && digits[last - 1] == UInt8(ascii: "0") { last -= 1 }
        if negative { buffer.append(UInt8(ascii: "-")) }
        if first == last {  // zero
            return buffer.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: "."), UInt8(ascii: "0")])
        }
        let significant = UnsafeBufferPointer(rebasing: digits[first..<last])
        if decimalPoint > -4 && decimalPoint <= 16 {
            if decimalPoint <= 0 {
                buffer.append(UInt8(ascii: "0"))
                buffer.append(UInt8(ascii: "."))
                for _ in 0..<(-decimalPoint) { buffer.append(UInt8(ascii: "0")) }
                buffer.append(contentsOf: significant)
            } else if decimalPoint >= significant.count {
                buffer.append(contentsOf: significant)
                for _ in 0..<(decimalPoint - significant.count) { buffer.append(UInt8(ascii: "0")) }
                buffer.append(UInt8(ascii: "."))
                buffer.append(UInt8(ascii: "0"))
            } else {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: significant[..<decimalPoint]))
                buffer.append(UInt8(ascii: "."))
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: significant[decimalPoint...]))
            }
        } else {
            buffer.append(significant[0])
            if significant.count > 1 {
                buffer.append(UInt8(ascii: "."))
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: significant[1...]))
            }
            let e = decimalPoint - 1
            buffer.append(UInt8(ascii: "e"))
            buffer.append(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            if abs(e) < 10 { buffer.append(UInt8(ascii: "0")) }
            appendInt(Int64(abs(e)), to: &buffer)
        }
    }

    /// Appends `string` as a quoted JSON string (RFC 8259 escaping, see `JSONWriter`).
    public static func appendString(_ string: String, to buffer: inout [UInt8], asciiOnly: Bool = false) {
        buffer.append(UInt8(ascii: "\""))
        if asciiOnly {
            for unit in string.utf16 {
                if unit >= 0x20 && unit < 0x7F {
                    appendASCII(UInt8(unit), to: &buffer)
                } else if unit < 0x20 {
                    appendControl(UInt8(unit), to: &buffer)
                } else {
                    appendUnicodeEscape(unit, to: &buffer)
                }
            }
        } else {
            // Runs of bytes that need no escape are appended whole (exports write millions of strings, nearly
            // all plain: appending byte by byte was the exports' largest cost).
            var contiguous = string
            contiguous.withUTF8 { utf8 in
                var start = 0
                for i in 0..<utf8.count {
                    let byte = utf8[i]
                    guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                    if start < i { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
                    if byte < 0x20 { appendControl(byte, to: &buffer) } else { appendASCII(byte, to: &buffer) }
                    start = i + 1
                }
                if start < utf8.count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// A byte ≥ 0x20: only `"` and `\` need escaping.
    @inline(__always)
    private static func appendASCII(_ byte: UInt8, to buffer: inout [UInt8]) {
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { buffer.append(UInt8(ascii: "\\")) }
        buffer.append(byte)
    }

    private static func appendControl(_ byte: UInt8, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x08: buffer.append(UInt8(ascii: "b"))
        case 0x09: buffer.append(UInt8(ascii: "t"))
        case 0x0A: buffer.append(UInt8(ascii: "n"))
        case 0x0C: buffer.append(UInt8(ascii: "f"))
        case 0x0D: buffer.append(UInt8(ascii: "r"))
        default:
            buffer.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            buffer.append(hexDigit(byte >> 4))
            buffer.append(hexDigit(byte & 0xF))
        }
    }

    private static func appendUnicodeEscape(_ unit: UInt16, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
        buffer.append(hexDigit(UInt8(unit >> 12)))
        buffer.append(hexDigit(UInt8((unit >> 8) & 0xF)))
        buffer.append(hexDigit(UInt8((unit >> 4) & 0xF)))
        buffer.append(hexDigit(UInt8(unit & 0xF)))
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
