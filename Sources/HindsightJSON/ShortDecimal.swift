/// The fast path of `JSONWriter.appendDouble`: doubles that are a short decimal (prices read from text, values
/// rounded to a few places: most numbers in the exports) are written from integer arithmetic, without
/// `Double.description` (a `String` and the general shortest-digits search per number: the exports' largest
/// scalar cost).
///
/// Why the bytes are exactly those of the general path: let `m = |x|` and `k` the largest power of ten with
/// `m · 10^k < 2^50`. If `n = round(m · 10^k)` satisfies `RN(n / 10^k) == m` (both operands exact: `n < 2^50`
/// and `10^k ≤ 10^17`, so the division is correctly rounded), the decimal `n / 10^k` (trailing zeros dropped)
/// reads back to `m`. No other decimal with as few or fewer significant digits does: such a decimal lies on the
/// grid `10^-j` of the last digit of `n / 10^k` or a coarser one (or, just below a power of ten, a grid at
/// most ten times finer, still ≥ `10^-k` away because `n ≥ 2^50 / 10`), so it is at least `10^-k` away; but two decimals that both read back to `m` are each within `ulp(m) / 2` of `m`, so
/// at most `ulp(m) ≤ m · 2^-52 < 10^-k / 4` apart (the bound `2^50` rather than `2^52` is the margin). Hence `n / 10^k` is the
/// unique shortest round-trip decimal, the one `description` (shortest, then closest) and Python's `repr` print.
/// Values whose check fails (17-digit noise such as `0.1 + 0.2`) return false and take the general path.
enum ShortDecimal {
    /// Exact powers of ten, `10^0 ... 10^17` (all exactly representable as `Double` and `UInt64`).
    private static let doublePowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
    ]
    private static let integerPowers: [UInt64] = (0...17).reduce(into: []) { powers, i in
        powers.append(i == 0 ? 1 : powers[i - 1] * 10)
    }

    /// Room `write` needs: at most a sign, `0.` and 17 fraction digits below 1 (k ≤ 17), or a sign, 16 digits
    /// (`n < 2^50`), a point and a `0` from 1 up: 20 bytes, rounded up.
    static let maximumBytes = 24

    /// Writes `value` in Python `repr` layout at `out` (room for `maximumBytes`) and returns how many bytes it
    /// wrote when it is a short decimal in the positional range `[1e-4, 1e15)`; writes nothing and returns 0
    /// otherwise. A pointer, not an array: the exports write hundreds of millions of numbers, and appending to an
    /// array byte by byte (capacity and uniqueness checks per byte) cost more than finding the digits.
    @inline(__always)
    static func write(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let magnitude = value.magnitude
        guard magnitude >= 1e-4, magnitude < 1e15 else { return 0 }
        // k = floor((49 - e) · log10 2) for m in [2^e, 2^(e+1)): then m · 10^k < 2^(e+1) · 10^k ≤ 2^50.
        var k = min(17, Int(Double(49 - Int(magnitude.exponent)) * 0.301_029_995_663_981_2))
        while k > 0 && magnitude * doublePowers[k] >= 0x1p50 { k -= 1 }
        let scaled = (magnitude * doublePowers[k]).rounded()
        guard scaled / doublePowers[k] == magnitude else { return 0 }
        var n = UInt64(scaled)
        var fractionDigits = k
        while fractionDigits > 0 && n % 10 == 0 {
            n /= 10
            fractionDigits -= 1
        }
        let unit = integerPowers[fractionDigits]
        var count = 0
        if value < 0 {
            out[0] = UInt8(ascii: "-")
            count = 1
        }
        count += writeDigits(n / unit, minimumCount: 1, to: out + count)
        out[count] = UInt8(ascii: ".")
        count += 1
        if fractionDigits == 0 {
            out[count] = UInt8(ascii: "0")
            return count + 1
        }
        return count + writeDigits(n % unit, minimumCount: fractionDigits, to: out + count)
    }

    /// `write` onto the end of an array; false (nothing appended) when the value is not a short decimal.
    static func append(_ value: Double, to buffer: inout [UInt8]) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumBytes) { scratch in
            let count = write(value, to: scratch.baseAddress!)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<count]))
            return count > 0
        }
    }

    /// Writes the decimal digits of `value`, left-padded with zeros to `minimumCount`; returns how many.
    @inline(__always)
    static func writeDigits(_ value: UInt64, minimumCount: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 1
        var bound: UInt64 = 10
        while length < 20 && value >= bound {
            length += 1
            bound = bound &* 10
        }
        if length < minimumCount { length = minimumCount }
        var v = value
        var i = length
        while i > 0 {
            i -= 1
            out[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
            v /= 10
        }
        return length
    }
}
