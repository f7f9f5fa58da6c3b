public import HindsightJSON

extension KilledCombosLearner {
    public static let exportPath = "feature_store/blocked_combos.json"

    /// `feature_store/blocked_combos.json` in the reference's shape (§1.7.3): `killed` (sorted), `last_additions`
    /// (the last cycle's new kills), `reason` (the rule, as real files carry one) and `updated_at` (naive UTC,
    /// null before the first cycle). Sides are normalized (`ETHUSDT_LONG`, never `ETHUSDT_long`).
    public func exportJSON() -> JSONValue {
        let c = configuration
        let reason =
            "Killed: >= \(c.minTrades) closed trades in the last \(c.windowSeconds / 3600) h, win rate < "
            + "\(fixed(c.maxWinRate * 100, places: 0))% and net P&L < \(fixed(c.maxTotalPnlUSD, places: 2)) USD"
            + (c.revive ? "; revived when the window again has enough trades and no longer meets this" : "")
        return .object([
            ("killed", .array(killed.map { .string($0) })),
            ("last_additions", .array(lastAdditions.map { .string($0) })),
            ("reason", .string(reason)),
            ("updated_at", updatedAt.map { .string(UTCTimestampFormat.pythonNaive($0)) } ?? .null),
        ])
    }

    public func exportBytes() -> [UInt8] {
        JSONWriter.pretty.bytes(exportJSON()) + [UInt8(ascii: "\n")]
    }
}
