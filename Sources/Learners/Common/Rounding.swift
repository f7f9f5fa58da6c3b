/// Rounds to a number of decimal places, half away from zero: the bot writes weights with 4 dp and EVs
/// with 6 dp (`round(x, n)`); exports use the same precision so files compare with the bot's.
@inline(__always)
func rounded(_ value: Double, places: Int) -> Double {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let result = (value * scale).rounded(.toNearestOrAwayFromZero) / scale
    return result == 0 ? 0 : result  // never export -0.0
}

/// Clamps `value` into `[lower, upper]`.
@inline(__always)
func clamped(_ value: Double, _ lower: Double, _ upper: Double) -> Double {
    min(max(value, lower), upper)
}

/// Python's `f"{value:.{places}f}"` (half-to-even ties aside, which do not occur for measured data):
/// `fixed(0.003992, 4) == "0.0040"`, `fixed(-0.0002, 4) == "-0.0002"`, `fixed(2.94, 1) == "2.9"`.
func fixed(_ value: Double, places: Int) -> String {
    var scale: Int64 = 1
    for _ in 0..<places { scale *= 10 }
    let scaled = Int64((abs(value) * Double(scale)).rounded(.toNearestOrAwayFromZero))
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard places > 0 else { return sign + String(scaled) }
    let fraction = String(scaled % scale)
    return sign + String(scaled / scale) + "." + String(repeating: "0", count: places - fraction.count) + fraction
}
