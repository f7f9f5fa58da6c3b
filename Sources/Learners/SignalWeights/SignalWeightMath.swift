/// The per-cycle arithmetic of the signal-weight learner (reference §2.3, steps 2-7), as pure functions.
public enum SignalWeightMath {
    /// Step 3: bonus = clamp(0.2 × (dwr − 0.5), ±0.05), applied only when dwr > 0.55 or dwr < 0.45.
    public static func disagreementBonus(winRate dwr: Double) -> Double {
        guard dwr > 0.55 || dwr < 0.45 else { return 0 }
        return clamped(0.2 * (dwr - 0.5), -0.05, 0.05)
    }

    /// Step 5's multiplier: `initial` without a start date, then a linear ramp to 1 over `rampDays`.
    public static func venueMultiplier(_ clamp: SignalWeightsConfiguration.VenueClamp, at time: Int64) -> Double {
        guard clamp.migrationStart != 0 else { return clamp.initialMultiplier }
        let start = clamp.migrationStart
        let days = Double(time - start) / 86_400_000_000
        let progress = clamped(clamp.rampDays > 0 ? days / clamp.rampDays : 1, 0, 1)
        return clamp.initialMultiplier + (1 - clamp.initialMultiplier) * progress
    }

    /// Steps 2-5: the relative change of one weight for one cycle.
    public static func relativeChange(
        bestEV: Double,
        disagreementWinRate: Double?,
        configuration c: SignalWeightsConfiguration,
        at time: Int64
    ) -> Double {
        let adj = clamped(c.evScale * bestEV, -c.maxChangePct, c.maxChangePct)
        let bonus = disagreementWinRate.map(disagreementBonus(winRate:)) ?? 0
        var total = clamped(adj + bonus, -c.maxChangePct, c.maxChangePct)
        if c.venueClamp.enabled {
            let venue = c.venueClamp
            let m = venueMultiplier(venue, at: time)
            if m < 1 {
                let limited = clamped(total * m, -venue.maxClampedChange, venue.maxClampedChange)
                if abs(limited) < abs(total) { total = limited }
            }
        }
        return total
    }

    /// Step 7 with the floor fixed: scales the weights to sum 1 while no weight ends below `floor`.
    ///
    /// Water-filling: weights that would fall below the floor are pinned at it and the rest share what is left,
    /// proportionally to their raw values; repeated until no free weight falls below the floor (at most n
    /// rounds). Rounded to `places` decimals as the bot writes them; the floor has at most `places` decimals in
    /// practice, so rounding cannot take a weight under it.
    public static func normalize(_ raw: [Double], floor: Double, places: Int = 4) -> [Double] {
        var pinned = Array(repeating: false, count: raw.count)
        var result = raw
        while true {
            let freeSum = zip(raw, pinned).reduce(0.0) { $0 + ($1.1 ? 0 : $1.0) }
            let pinnedCount = pinned.lazy.filter { $0 }.count
            let budget = 1 - floor * Double(pinnedCount)
            var newlyPinned = false
            for i in raw.indices {
                if pinned[i] {
                    result[i] = floor
                    continue
                }
                result[i] = freeSum > 0 ? raw[i] * budget / freeSum : budget / Double(raw.count - pinnedCount)
                if result[i] < floor {
                    pinned[i] = true
                    newlyPinned = true
                }
            }
            if !newlyPinned { break }
        }
        return result.map { max(floor, rounded($0, places: places)) }
    }
}
