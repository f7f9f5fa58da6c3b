public import EventLog

/// Running EV of one component at one horizon.
///
/// The reference computes EV = wr × mean(wins) − (1 − wr) × mean(losses) with wr = wins / N, which equals
/// (Σ|r| over hits − Σ|r| over misses) / N. The reference's N is every outcome of the component, so a
/// horizon the outcome lacks counted as a loss of size 0 and diluted the EV of partial data. Here N counts
/// only outcomes that resolved this horizon (the fix asked for in issue 5), so the sums are all we keep.
public struct HorizonEV: Sendable, Codable, Equatable, Hashable {
    /// Outcomes that resolved this horizon.
    public var count: Int = 0
    public var hits: Int = 0
    /// Σ|r| over hits and over misses.
    public var winMagnitude: Double = 0
    public var lossMagnitude: Double = 0

    public init() {}

    @inline(__always)
    public mutating func add(magnitude: Double, hit: Bool) {
        count += 1
        if hit {
            hits += 1
            winMagnitude += magnitude
        } else {
            lossMagnitude += magnitude
        }
    }

    /// wr × mean(wins) − (1 − wr) × mean(losses); 0 without data.
    public var ev: Double { count == 0 ? 0 : (winMagnitude - lossMagnitude) / Double(count) }
}

/// Everything the learner keeps about one component: a count and one `HorizonEV` per horizon.
public struct ComponentOutcomeStats: Sendable, Codable, Equatable, Hashable {
    /// Outcomes of this component (any horizon).
    public var outcomes: Int = 0
    /// Indexed by `Horizon.allCases` order (1m, 5m, 15m, 30m, 1h).
    public var horizons: [HorizonEV] = Array(repeating: HorizonEV(), count: Horizon.allCases.count)
    /// Disagreement record of the reference's step 3: bucketed against differently-directed outcomes.
    public var disagreements: Int = 0
    public var disagreementWins: Int = 0

    public init() {}

    /// Folds one outcome: each resolved horizon adds its magnitude as a win or a loss. The hit flag is the
    /// bot's; when it is missing, it is derived from the return's sign and the side (LONG: r > 0, SHORT: r < 0).
    /// The horizons are written through one buffer: each `horizons[i]` write checked the array's uniqueness.
    public mutating func add(_ outcome: SignalOutcomeResolved) {
        outcomes += 1
        horizons.withUnsafeMutableBufferPointer { evs in
            for h in outcome.horizons {
                guard let r = HorizonEV.returnFraction(of: h, priceAtSignal: outcome.priceAtSignal) else { continue }
                let hit = h.hit ?? (outcome.side == .long ? r > 0 : r < 0)
                let i = Int(h.horizon.rawValue) - 1
                precondition(i < evs.count, "a decoded state with fewer horizons than Horizon.allCases")
                evs[i].add(magnitude: abs(r), hit: hit)
            }
        }
    }

    /// The horizon with the highest EV among horizons with data; ties go to the earliest (as in the reference).
    /// nil when no horizon has data.
    public var bestHorizon: (horizon: Horizon, ev: Double)? {
        var best: (Horizon, Double)?
        for (i, h) in Horizon.allCases.enumerated() where horizons[i].count > 0 {
            let ev = horizons[i].ev
            if best == nil || ev > best!.1 { best = (h, ev) }
        }
        return best
    }

    /// Disagreement win rate; 0.5 without disagreements (the reference's neutral value).
    public var disagreementWinRate: Double {
        disagreements == 0 ? 0.5 : Double(disagreementWins) / Double(disagreements)
    }
}

extension HorizonEV {
    /// The raw return of a horizon: the bot's `returns[h]`, else recomputed from the horizon price.
    @inline(__always)
    static func returnFraction(of outcome: HorizonOutcome, priceAtSignal: Double) -> Double? {
        if let r = outcome.returnFraction, r.isFinite { return r }
        if let p = outcome.price, p.isFinite, priceAtSignal > 0 { return (p - priceAtSignal) / priceAtSignal }
        return nil
    }
}
