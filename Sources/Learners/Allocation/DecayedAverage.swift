import Foundation

/// An average over trades in event time where each trade's weight decays as exp(−age/τ) (issue 5):
/// S ← S·e^(−Δt/τ) + r and W ← W·e^(−Δt/τ) + 1, with Δt the event time since this average's previous update;
/// the value is S/W. Trades closing at the same instant count equally and the first trade sets the value.
/// A negative Δt (an out-of-order close) is treated as 0: the average never looks forward in time.
public struct DecayedAverage: Sendable, Codable, Equatable, Hashable {
    /// τ in microseconds.
    public var tau: Double
    public private(set) var sum: Double = 0
    public private(set) var weight: Double = 0
    public private(set) var lastUpdate: Int64?

    public init(tauSeconds: Double) { self.tau = tauSeconds * 1_000_000 }

    @inline(__always)
    public mutating func add(_ r: Double, at time: Int64) {
        if let last = lastUpdate, time > last {
            let decay = exp(-Double(time - last) / tau)
            sum *= decay
            weight *= decay
        }
        sum += r
        weight += 1
        lastUpdate = max(lastUpdate ?? time, time)
    }

    /// S/W, nil before the first trade.
    public var value: Double? { weight > 0 ? sum / weight : nil }
}
