/// One symbol's price path: a regime-switching geometric Brownian motion on a 5-second grid plus an overlay of
/// planted drifts. The path is generated forward lazily in a ring buffer, so memory does not grow with the
/// simulated length.
///
/// Contract (why prices are consistent): the simulator processes events in time order; a drift added at time t0
/// only changes cells after t0's cell, and prices are only queried at times ≤ the event being processed. So a
/// price, once read, never changes.
struct SymbolMarket {
    static let cellMicros: Int64 = 5_000_000
    static let ringBits = 15
    static let ringSize = 1 << ringBits  // 45.5 hours of 5-second cells
    static let ringMask = ringSize - 1
    /// Drifts may reach at most this far past the current cell (ring size minus the 2.5 h the resolver looks back).
    static let maxForwardCells = ringSize - 2_000

    /// Volatility regimes: calm, normal, stressed (multipliers of the symbol's volatility).
    static let regimeMultipliers: [Double] = [0.5, 1.0, 2.2]
    static let regimeNames = ["Stable", "Trending", "Volatile"]
    /// Expected regime duration ≈ 12 hours.
    static let regimeSwitchProbabilityPerCell = 5.0 / 43_200

    let initialPrice: Double
    let priceDigits: Int
    private let sigmaPerCell: Double
    private var rng: SeededGenerator
    private var base: [Double]
    private var regimeOfCell: [UInt8]
    private var overlay: [Double]
    private var logLevel = 0.0
    private var regime = 1
    /// Highest absolute cell index whose base value was generated.
    private var generatedThrough: Int64 = -1
    /// Highest absolute cell index whose overlay slot is known clean for it.
    private var cleanThrough = Int64(SymbolMarket.ringSize - 1)
    private let startMicros: Int64

    init(symbol: PlantedModel.Symbol, startMicros: Int64, rng: SeededGenerator) {
        initialPrice = symbol.initialPrice
        priceDigits = symbol.priceDigits
        let secondsPerYear = 365.25 * 86_400
        sigmaPerCell = symbol.annualVolatility * (5 / secondsPerYear).squareRoot()
        self.rng = rng
        self.startMicros = startMicros
        base = [Double](repeating: 0, count: SymbolMarket.ringSize)
        regimeOfCell = [UInt8](repeating: 1, count: SymbolMarket.ringSize)
        overlay = [Double](repeating: 0, count: SymbolMarket.ringSize)
    }

    func cell(_ micros: Int64) -> Int64 {
        let offset = micros - startMicros
        return offset >= 0
            ? offset / SymbolMarket.cellMicros : (offset - SymbolMarket.cellMicros + 1) / SymbolMarket.cellMicros
    }

    /// The unrounded mid price at `micros`.
    mutating func rawPrice(_ micros: Int64) -> Double {
        let c = max(0, cell(micros))
        generate(through: c)
        let slot = Int(c & Int64(SymbolMarket.ringMask))
        return initialPrice * exponential(base[slot] + overlay[slot])
    }

    /// The ticker price at `micros` (rounded to the symbol's tick like an exchange quote).
    mutating func price(_ micros: Int64) -> Double {
        PythonFloat.round(rawPrice(micros), priceDigits)
    }

    /// The volatility regime index at `micros` (0 calm, 1 normal, 2 stressed).
    mutating func regime(at micros: Int64) -> Int {
        let c = max(0, cell(micros))
        generate(through: c)
        return Int(regimeOfCell[Int(c & Int64(SymbolMarket.ringMask))])
    }

    /// Adds a planted drift: log-price rises linearly by `magnitude` from `startMicros` over `rampSeconds`, then
    /// falls back to zero over `revertSeconds` (revert 0 = the move persists until the ring forgets it, which
    /// the simulator never relies on).
    mutating func addDrift(at start: Int64, magnitude: Double, rampSeconds: Double, revertSeconds: Double) {
        guard magnitude != 0 else { return }
        let first = cell(start) + 1
        let ramp = rampSeconds * 1_000_000
        let revert = revertSeconds * 1_000_000
        let endMicros = start + Int64(ramp + revert)
        let last = min(cell(endMicros), cell(start) + Int64(SymbolMarket.maxForwardCells))
        guard last >= first else { return }
        clean(through: last)
        // Walk the cells with running values instead of dividing per cell: up the ramp, then down.
        let cellMicros = Double(SymbolMarket.cellMicros)
        var t = Double(startMicros + first * SymbolMarket.cellMicros - start)
        var c = first
        let mask = Int64(SymbolMarket.ringMask)
        let rampSlope = magnitude / ramp
        overlay.withUnsafeMutableBufferPointer { overlay in
            while c <= last && t < ramp {
                overlay[Int(c & mask)] += rampSlope * t
                c += 1
                t += cellMicros
            }
            if revert > 0 {
                let inverseRevert = 1 / revert
                while c <= last {
                    let fraction = 1 - (t - ramp) * inverseRevert
                    if fraction <= 0 { break }
                    overlay[Int(c & mask)] += magnitude * fraction
                    c += 1
                    t += cellMicros
                }
            } else {
                while c <= last {
                    overlay[Int(c & mask)] += magnitude
                    c += 1
                }
            }
        }
    }

    private mutating func clean(through last: Int64) {
        while cleanThrough < last {
            cleanThrough += 1
            overlay[Int(cleanThrough & Int64(SymbolMarket.ringMask))] = 0
        }
    }

    private mutating func generate(through c: Int64) {
        guard c > generatedThrough else { return }
        clean(through: c)
        while generatedThrough < c {
            generatedThrough += 1
            if rng.chance(SymbolMarket.regimeSwitchProbabilityPerCell) {
                regime = (regime + 1 + rng.below(2)) % 3
            }
            let sigma = sigmaPerCell * SymbolMarket.regimeMultipliers[regime]
            if generatedThrough > 0 {
                logLevel += -0.5 * sigma * sigma + sigma * rng.normal()
            }
            let slot = Int(generatedThrough & Int64(SymbolMarket.ringMask))
            base[slot] = logLevel
            regimeOfCell[slot] = UInt8(regime)
        }
    }
}
