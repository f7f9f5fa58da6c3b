public import EventLog

/// The counterfactual P&L formula, separate so that tests can check it by hand.
///
/// A unit-notional position entered at `entry` and left at `exit`: slippage moves both fills against the
/// trade (`entry × (1 ± s)`, `exit × (1 ∓ s)`), and the taker fee is paid on the notional of both legs
/// (`fee × (1 + exit'/entry')`). No leverage: returns are on notional, like the reference's `pnl_pct`.
public enum CounterfactualPnL {
    /// Side-adjusted raw return (fraction), no costs.
    public static func grossReturn(side: Side, entry: Double, exit: Double) -> Double {
        grossReturn(sign: side.sign, entry: entry, exit: exit)
    }

    /// Side-adjusted return after slippage and fees (fraction).
    public static func netReturn(side: Side, entry: Double, exit: Double, fee: Double, slippage: Double) -> Double {
        netReturn(sign: side.sign, entry: entry, exit: exit, fee: fee, slippage: slippage)
    }

    /// `grossReturn` with the side's `sign` read once by a caller pricing several exits of one decision.
    static func grossReturn(sign s: Double, entry: Double, exit: Double) -> Double {
        s * (exit - entry) / entry
    }

    /// `netReturn` with the side's `sign` read once by a caller pricing several exits of one decision.
    static func netReturn(sign s: Double, entry: Double, exit: Double, fee: Double, slippage: Double) -> Double {
        let entryFill = entry * (1 + s * slippage)
        let exitFill = exit * (1 - s * slippage)
        return s * (exitFill - entryFill) / entryFill - fee * (1 + exitFill / entryFill)
    }
}
