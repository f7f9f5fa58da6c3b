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
