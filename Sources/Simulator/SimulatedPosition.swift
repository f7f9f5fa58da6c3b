/// One position the simulated bot holds, with everything needed to write it open and closed.
struct SimulatedPosition {
    var symbolIndex: Int
    var symbol: String
    var strategy: String
    /// `direction` as the bot writes it: `LONG`, `SHORT`, or `long` from the Trend-Conservative path.
    var directionRaw: String
    var isLong: Bool
    var timeframe: Int
    /// Index of the state in each attribution family (intel, streak, regime, fee, roi); nil for Alpha-OFI, whose
    /// open path never finds its attribution (reference §3.11).
    var states: [Int]?
    var reasons: [String?]
    var leverage: Int
    var size: Double
    var margin: Double
    var entryPrice: Double
    var signalPrice: Double
    var signalMicros: Int64
    var openedMicros: Int64
    var orderID: String?
    var ofiScore: Double
    var ensembleScore: Double
    var mtfConfidence: Double
    var regime: String
    var expectedROI: Double
    var volatility: Double
    var fearGreed: Double
    var mtfAlignment: Double
    var closeMicros: Int64
    var fundingRatePerHour: Double

    var sideSign: Double { isLong ? 1 : -1 }

    /// The fields written at open, in the bot's order (`open_futures_position` then the first save).
    func openFields(multipliers: [Double]?) -> [(String, PyValue)] {
        var f: [(String, PyValue)] = [
            ("symbol", .string(symbol)),
            ("direction", .string(directionRaw)),
            ("strategy", .string(strategy)),
            ("timeframe", .string(PlantedModelTimeframes.labels[timeframe])),
            ("entry_price", .double(entryPrice)),
            ("size", .double(size)),
            ("leverage", .int(Int64(leverage))),
            ("margin_collateral", .double(margin)),
            ("liquidation_price", .null),
            // The reference sets peak only for exactly "LONG" (lowercase long gets null) and trough for "SHORT".
            ("peak_price", directionRaw == "LONG" ? .double(entryPrice) : .null),
            ("trough_price", directionRaw == "SHORT" ? .double(entryPrice) : .null),
            ("scaled", .int(0)),
            ("opened_at", .string(BotTimestamps.arizona(openedMicros))),
            ("execution_timestamp", .double(BotTimestamps.epochSeconds(openedMicros))),
            ("signal_price", .double(signalPrice)),
            ("signal_timestamp", .double(BotTimestamps.epochSeconds(signalMicros))),
            ("venue", .string("futures")),
        ]
        if let orderID { f.append(("order_id", .string(orderID))) }
        f += [
            ("ofi_score", .double(ofiScore)),
            ("ensemble_score", .double(ensembleScore)),
            ("mtf_confidence", .double(mtfConfidence)),
            ("regime", .string(regime)),
            ("expected_roi", .double(expectedROI)),
            ("volatility", .double(volatility)),
            ("bot_type", .string("alpha")),
            ("was_inverted", .bool(false)),
            ("conviction", .string("UNKNOWN")),
            ("aligned_signals", .int(0)),
            ("signal_components", .object([])),
        ]
        if let multipliers, states != nil {
            let names = ["intel", "streak", "regime", "fee", "roi"]
            var attribution: [(String, PyValue)] = []
            for (i, name) in names.enumerated() { attribution.append(("\(name)_reason", .optionalString(reasons[i]))) }
            for (i, name) in names.enumerated() { attribution.append(("\(name)_mult", .double(multipliers[i]))) }
            f.append(("gate_attribution", .object(attribution)))
            for (i, name) in names.enumerated() { f.append(("\(name)_reason", .optionalString(reasons[i]))) }
        }
        f += [
            ("bid_ask_imbalance", .int(0)),
            ("spread_bps", .int(0)),
            ("return_5m", .int(0)),
            ("return_15m", .int(0)),
            ("fear_greed", .double(fearGreed)),
            ("intel_direction", .int(0)),
            ("intel_confidence", .int(0)),
            ("depth_ratio", .double(1.0)),
            ("timing_id", .string("\(symbol)_\(directionRaw)_\(BotTimestamps.wholeSeconds(openedMicros))")),
            ("mtf_alignment", .double(mtfAlignment)),
        ]
        return f
    }
}

enum PlantedModelTimeframes {
    static let labels = ["15m", "1h", "4h"]
}

/// The bot's close arithmetic (reference §1.3): ROI uses the long formula only when `direction == "LONG"`,
/// so lowercase `long` positions get short-side P&L.
struct CloseArithmetic {
    var priceROI: Double
    var leveragedROI: Double
    var tradingFees: Double
    var fundingFees: Double
    var netROI: Double
    var pnl: Double
    var grossPnl: Double

    static let takerFee = 0.0006

    init(directionRaw: String, entry: Double, exit: Double, leverage: Int, margin: Double, fundingFees: Double) {
        priceROI = directionRaw == "LONG" ? (exit - entry) / entry : (entry - exit) / entry
        leveragedROI = priceROI * Double(leverage)
        tradingFees = 2 * CloseArithmetic.takerFee * (margin * Double(leverage))
        self.fundingFees = fundingFees
        netROI = leveragedROI - tradingFees / margin - fundingFees / margin
        pnl = margin * netROI
        grossPnl = margin * leveragedROI
    }
}
