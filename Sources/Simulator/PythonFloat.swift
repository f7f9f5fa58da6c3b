#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Python's float formatting and rounding, so that numbers look exactly like the bot's.
enum PythonFloat {
    /// `repr(x)` for a finite double. Swift's `description` already produces the shortest round-trip digits with
    /// the same switch to exponent notation as Python (exponent < −4 or ≥ 16), e.g. `1e-05`, `1e+16`, `0.0001`.
    static func repr(_ x: Double) -> String {
        precondition(x.isFinite, "Python's json.dumps would write NaN/Infinity, which no bot record holds")
        return x.description
    }

    /// `round(x, digits)` as Python computes it: the double nearest to the exact decimal rounding (half-even) of
    /// the exact binary value. The fast path scales and rounds; only when the scaled value sits within a hair of a
    /// half (where the scaling's own rounding error could flip the result) it falls back to a correctly rounded
    /// `%.*f` conversion.
    static func round(_ x: Double, _ digits: Int) -> Double {
        let scale = powersOfTen[digits]
        let scaled = x * scale
        let floorValue = scaled.rounded(.down)
        let fraction = scaled - floorValue
        if abs(fraction - 0.5) > 1e-6 {
            let r = (fraction < 0.5 ? floorValue : floorValue + 1) / scale
            return r == 0 ? (x.sign == .minus ? -0.0 : 0.0) : r
        }
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([digits, x]) { vsnprintf(&buffer, 64, "%.*f", $0) }
        return strtod(buffer, nil)
    }

    private static let powersOfTen: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12]
}
