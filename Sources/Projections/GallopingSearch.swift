/// The first index in `0..<count` whose `time` is not less than `t`, for `time` nondecreasing in the index,
/// searched from `hint` (the answer for an earlier, usually smaller `t`): galloping forward when the answer lies
/// ahead (usually a step or two away), by binary search below `hint` when it lies behind. Any hint gives the same
/// index; a good one costs a few probes instead of log₂(count).
///
/// Why one function: the folds that keep time-sorted arrays (price series, the enriched join's held records)
/// search them from where their previous search ended, and each had written this gallop of its own.
@inline(__always)
func gallopingLowerBound(from hint: Int, count: Int, _ t: Int64, time: (Int) -> Int64) -> Int {
    var low = 0
    var high = min(max(hint, 0), count)
    if high == 0 || time(high - 1) < t {
        // Every index below `low` is before `t`; `high` is `count` or at/after it.
        low = high
        var step = 1
        while high < count, time(high) < t {
            low = high + 1
            high = low + step
            step <<= 1
        }
        high = min(high, count)
    }
    while low < high {
        let mid = (low + high) >> 1
        if time(mid) < t { low = mid + 1 } else { high = mid }
    }
    return low
}
