public import EventLog

/// Recomputes a closed position's return from its prices instead of trusting the bot's P&L fields: the bot books
/// every direction other than exactly `"LONG"` with short-side math (697 of 1,088 real closed records carry
/// lowercase `long` and the wrong sign), so learners must use these numbers.
///
/// - price return = side.sign × (exit − entry) / entry (fraction)
/// - leveraged = price return × leverage
/// - fees (USD) = `trading_fees` (else `fees`, else 2 × 0.0006 × notional: Blofin's taker fee, both legs) + `funding_fees` (else 0)
/// - net return on margin = leveraged − fees / margin (fraction); net P&L (USD) = margin × net return
///
/// Fallbacks: leverage = `leverage`, else size / margin, else 1; margin = `margin_collateral`, else size / leverage;
/// notional = `size`, else margin × leverage.
public struct ClosedPositionReturn: Sendable, Equatable {
    /// Blofin taker fee per leg (fraction of notional), used when the record carries no fee field.
    public static let defaultTakerFee = 0.0006
    /// Recorded and recomputed P&L disagree in magnitude when they differ by more than
    /// `absoluteToleranceUSD + relativeTolerance × |recomputed|` (1 cent + 1 %: the bot rounds some fields to 3–4 dp).
    public static let absoluteToleranceUSD = 0.01
    public static let relativeTolerance = 0.01
    /// Amounts below half a cent have no meaningful sign.
    public static let signThresholdUSD = 0.005

    public var netReturn: Double?
    public var netPnlUSD: Double?
    /// `missingExitPrice`, `missingMargin`, `pnlSignMismatch`, `pnlMagnitudeMismatch` as found.
    public var flags: [DataQualityFlag]

    public init(
        side: Side,
        entryPrice: Double?,
        exitPrice: Double?,
        leverage: Double?,
        marginUSD: Double?,
        sizeUSD: Double?,
        tradingFeesUSD: Double?,
        fundingFeesUSD: Double?,
        recordedPnlUSD: Double?
    ) {
        flags = []
        let leverage = leverage ?? ratio(sizeUSD, marginUSD) ?? 1
        let margin = marginUSD ?? ratio(sizeUSD, leverage)
        if exitPrice == nil { flags.append(.missingExitPrice) }
        if margin == nil || margin == 0 { flags.append(.missingMargin) }
        guard let entry = entryPrice, entry > 0, let exit = exitPrice, let margin, margin != 0 else {
            netReturn = nil
            netPnlUSD = nil
            return
        }
        let notional = sizeUSD ?? margin * leverage
        let fees = (tradingFeesUSD ?? 2 * Self.defaultTakerFee * notional) + (fundingFeesUSD ?? 0)
        let net = side.sign * (exit - entry) / entry * leverage - fees / margin
        netReturn = net
        let pnl = margin * net
        netPnlUSD = pnl
        if let recorded = recordedPnlUSD {
            if abs(recorded) > Self.signThresholdUSD && abs(pnl) > Self.signThresholdUSD
                && (recorded < 0) != (pnl < 0)
            {
                flags.append(.pnlSignMismatch)
            } else if abs(recorded - pnl) > Self.absoluteToleranceUSD + Self.relativeTolerance * abs(pnl) {
                flags.append(.pnlMagnitudeMismatch)
            }
        }
    }
}

private func ratio(_ a: Double?, _ b: Double?) -> Double? {
    guard let a, let b, b != 0 else { return nil }
    return a / b
}
