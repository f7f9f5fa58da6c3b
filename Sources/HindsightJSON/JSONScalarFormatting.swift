/// Low-level appenders for JSON scalars: the fast path for code that writes JSON straight into a byte buffer
/// without building a `JSONValue` (e.g. `log cat --json` writing millions of lines).
extension JSONWriter {
    /// Room `writeInt` needs (`-9223372036854775808`).
    public static let maximumIntBytes = 20
    /// Room `writeDouble` needs (`-2.2250738585072014e-308` is 24 bytes; `null` 4).
    public static let maximumDoubleBytes = 32

    /// Appends `value` in decimal.
    public static func appendInt(_ value: Int64, to buffer: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumIntBytes) { scratch in
            let count = writeInt(value, to: scratch.baseAddress!)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<count]))
        }
    }

    /// Writes `value` in decimal at `out` (room for `maximumIntBytes`); returns how many bytes.
    ///
    /// The scalar writers write through a pointer the caller sized: appending to an array byte by byte paid a
    /// capacity and a uniqueness check per byte, the largest cost of rendering the JSONL exports.
    @inline(__always)
    public static func writeInt(_ value: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        // Work on the magnitude as UInt64 so that Int64.min does not overflow.
        guard value < 0 else { return ShortDecimal.writeDigits(UInt64(value), minimumCount: 1, to: out) }
        out[0] = UInt8(ascii: "-")
        return 1 + ShortDecimal.writeDigits(value.magnitude, minimumCount: 1, to: out + 1)
    }

    /// Appends `value` like Python's `repr(float)`: the shortest digits that read back to the same `Double`,
    /// positional when the decimal exponent is in [-4, 16), scientific (`1e-05`, `1.5e+16`) otherwise, and
    /// always with a fraction or an exponent so that the value reads back as a float (`1.0`, not `1`).
    /// NaN and ±infinity are written as `null` (JSON cannot spell them).
    public static func appendDouble(_ value: Double, to buffer: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumDoubleBytes) { scratch in
            let count = writeDouble(value, to: scratch.baseAddress!)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<count]))
        }
    }

    /// `appendDouble` at `out` (room for `maximumDoubleBytes`); returns how many bytes it wrote.
    @inline(__always)
    public static func writeDouble(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        guard value.isFinite else {
            for (i, byte) in "null".utf8.enumerated() { out[i] = byte }
            return 4
        }
        let count = ShortDecimal.write(value, to: out)
        return count > 0 ? count : writeDoubleViaDescription(value, to: out)
    }

    /// The general path of `appendDouble` (any finite value; also the oracle of `ShortDecimal`'s tests).
    static func appendDoubleViaDescription(_ value: Double, to buffer: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumDoubleBytes) { scratch in
            let count = writeDoubleViaDescription(value, to: scratch.baseAddress!)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<count]))
        }
    }

    /// The general path of `writeDouble`.
    static func writeDoubleViaDescription(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        // Swift's `description` is the shortest round-trip representation; only its layout differs from
        // Python's, so take its digits and exponent and lay them out again (in a stack buffer: no allocation
        // beyond the description itself, which is inline for up to 15 characters).
        var text = value.description
        return text.withUTF8 { source in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digits in
                layOut(source, digits: digits, into: out)
            }
        }
    }

    private static func layOut(
        _ source: UnsafeBufferPointer<UInt8>,
        digits: UnsafeMutableBufferPointer<UInt8>,
        into out: UnsafeMutablePointer<UInt8>
    ) -> Int {
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
        var written = 0
        func put(_ byte: UInt8) {
            out[written] = byte
            written += 1
        }
        func put(_ bytes: Slice<UnsafeMutableBufferPointer<UInt8>>) { for byte in bytes { put(byte) } }
        if negative { put(UInt8(ascii: "-")) }
        if first == last {  // zero
            put(UInt8(ascii: "0"))
            put(UInt8(ascii: "."))
            put(UInt8(ascii: "0"))
            return written
        }
        let significant = digits[first..<last]
        let significantCount = last - first
        if decimalPoint > -4 && decimalPoint <= 16 {
            if decimalPoint <= 0 {
                put(UInt8(ascii: "0"))
                put(UInt8(ascii: "."))
                for _ in 0..<(-decimalPoint) { put(UInt8(ascii: "0")) }
                put(significant)
            } else if decimalPoint >= significantCount {
                put(significant)
                for _ in 0..<(decimalPoint - significantCount) { put(UInt8(ascii: "0")) }
                put(UInt8(ascii: "."))
                put(UInt8(ascii: "0"))
            } else {
                put(significant.prefix(decimalPoint))
                put(UInt8(ascii: "."))
                put(significant.dropFirst(decimalPoint))
            }
        } else {
            put(digits[first])
            if significantCount > 1 {
                put(UInt8(ascii: "."))
                put(significant.dropFirst())
            }
            let e = decimalPoint - 1
            put(UInt8(ascii: "e"))
            put(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            if abs(e) < 10 { put(UInt8(ascii: "0")) }
            written += writeInt(Int64(abs(e)), to: out + written)
        }
        return written
    }

    /// Appends `string` as a quoted JSON string (RFC 8259 escaping, see `JSONWriter`).
    public static func appendString(_ string: String, to buffer: inout [UInt8], asciiOnly: Bool = false) {
        guard asciiOnly else {
            var contiguous = string
            return contiguous.withUTF8 { utf8 in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumStringBytes(utf8Count: utf8.count)) {
                    let count = writeString(utf8, to: $0.baseAddress!)
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<count]))
                }
            }
        }
        buffer.append(UInt8(ascii: "\""))
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 6) { scratch in
            for unit in string.utf16 {
                if unit >= 0x20 && unit < 0x7F && unit != UInt16(UInt8(ascii: "\""))
                    && unit != UInt16(UInt8(ascii: "\\"))
                {
                    buffer.append(UInt8(unit))
                } else if unit < 0x7F {
                    let count = writeEscape(UInt8(unit), to: scratch.baseAddress!)
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<count]))
                } else {
                    appendUnicodeEscape(unit, to: &buffer)
                }
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Room `writeString` needs for a string of `utf8Count` UTF-8 bytes: two quotes and, at worst, six bytes
    /// per byte (`\u001f`).
    @inline(__always)
    public static func maximumStringBytes(utf8Count: Int) -> Int { 2 + 6 * utf8Count }

    /// Writes the UTF-8 text `utf8` as a quoted JSON string at `out` (room for `maximumStringBytes`), escaped
    /// as `appendString` escapes it (non-ASCII as raw UTF-8); returns how many bytes it wrote. Runs of bytes that
    /// need no escape are copied whole (nearly every string in the exports is one such run).
    @inline(__always)
    public static func writeString(_ utf8: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = UInt8(ascii: "\"")
        var written = 1
        var start = 0
        for i in 0..<utf8.count {
            let byte = utf8[i]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if start < i {
                (out + written).update(from: utf8.baseAddress! + start, count: i - start)
                written += i - start
            }
            written += writeEscape(byte, to: out + written)
            start = i + 1
        }
        if start < utf8.count {
            (out + written).update(from: utf8.baseAddress! + start, count: utf8.count - start)
            written += utf8.count - start
        }
        out[written] = UInt8(ascii: "\"")
        return written + 1
    }

    /// The escape of `"`, `\` or a control byte (`\n`, ..., else `\u00XX` in lowercase hex, as Python writes
    /// it) at `out` (room for 6); returns how many bytes.
    private static func writeEscape(_ byte: UInt8, to out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = UInt8(ascii: "\\")
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out[1] = byte
        case 0x08: out[1] = UInt8(ascii: "b")
        case 0x09: out[1] = UInt8(ascii: "t")
        case 0x0A: out[1] = UInt8(ascii: "n")
        case 0x0C: out[1] = UInt8(ascii: "f")
        case 0x0D: out[1] = UInt8(ascii: "r")
        default:
            out[1] = UInt8(ascii: "u")
            out[2] = UInt8(ascii: "0")
            out[3] = UInt8(ascii: "0")
            out[4] = hexDigit(byte >> 4)
            out[5] = hexDigit(byte & 0xF)
            return 6
        }
        return 2
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
