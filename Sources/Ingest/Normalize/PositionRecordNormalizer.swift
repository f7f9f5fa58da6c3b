import EventLog
import HindsightJSON

/// One element of `open_positions` or `closed_positions` (trading-bot-formats.md §1.3) → `PositionOpened` /
/// `PositionClosed`, or a rejection naming the field.
///
/// Required (both arrays): `symbol`, `direction` (strings; a direction that is not long/short in some spelling is
/// `invalidValue`, the P&L depends on it), `entry_price` (number, null allowed: rare corrupted records) and
/// `opened_at` (timestamp). `strategy` is part of the key and reads as `""` when absent. Closed records also need
/// their close time: `closed_at`, else `exit_time`. Everything else is optional; unknown fields stay in the original bytes.
struct PositionRecordNormalizer {
    enum F {
        static let keys = KeyTable([
            "symbol", "direction", "strategy", "entry_price", "size", "leverage", "margin_collateral",
            "liquidation_price", "peak_price", "trough_price", "scaled", "opened_at", "venue", "order_id",
            "signal_price", "timeframe", "gate_attribution", "exit_price", "closed_at", "close_reason", "exit_time",
            "exit_reason", "realized_pnl", "pnl", "net_pnl", "pnl_pct", "net_roi", "final_roi", "trading_fees", "fees",
            "funding_fees", "price_roi",
        ])
        static let symbol = 0, direction = 1, strategy = 2, entryPrice = 3, size = 4, leverage = 5, margin = 6
        static let liquidationPrice = 7, peakPrice = 8, troughPrice = 9, scaled = 10, openedAt = 11, venue = 12
        static let orderID = 13, signalPrice = 14, timeframe = 15, gateAttribution = 16, exitPrice = 17
        static let closedAt = 18, closeReason = 19, exitTime = 20, exitReason = 21, realizedPnl = 22, pnl = 23
        static let netPnl = 24, pnlPct = 25, netROI = 26, finalROI = 27, tradingFees = 28, fees = 29
        static let fundingFees = 30, priceROI = 31
        static let gateReasons = [
            "intel_reason", "streak_reason", "regime_reason", "fee_reason", "roi_reason",
        ]
        static let gateMults = ["intel_mult", "streak_mult", "regime_mult", "fee_mult", "roi_mult"]
        static let gateKeys = KeyTable(gateReasons + gateMults)
    }

    /// The fields of an open position whose change is a `PositionUpdated` (sorted by name). They are the ones the
    /// bot mutates on a live position and that change its risk or its outcome: size/margin/leverage/scaled (partial
    /// closes and scale-ins), liquidation/peak/trough prices (`update_futures_peak_trough` and
    /// `update_futures_margin_safety`, which drive trailing exits and MFE/MAE), entry price (averaging) and timeframe.
    /// Bookkeeping the bot adds after the first save (`timing_id`, `mtf_alignment`) and static context are not.
    static let meaningfulFields = [
        "entry_price", "leverage", "liquidation_price", "margin_collateral", "peak_price", "scaled", "size",
        "timeframe", "trough_price",
    ]
    private static let meaningfulSlots = meaningfulFields.map { F.keys.names.firstIndex(of: $0)! }

    private var fields = RecordFields()
    private var nested = RecordFields()

    mutating func normalizeOpen(_ element: JSONElement) -> PositionElement.Verdict {
        guard element.kind == .object else { return Self.notAnObject(element) }
        fields.collect(element, keys: F.keys)
        let time = try? fields.optionalTimestamp(F.openedAt)
        do throws(FieldProblem) {
            let (key, side, opened) = try keyAndSide()
            let position = PositionOpened(
                key: key,
                side: side,
                entryPrice: try fields.optionalDouble(F.entryPrice),
                sizeUSD: try fields.optionalDouble(F.size),
                leverage: try fields.optionalDouble(F.leverage),
                marginUSD: try fields.optionalDouble(F.margin),
                timeframe: try fields.optionalString(F.timeframe),
                venue: try fields.optionalString(F.venue),
                orderID: try fields.optionalString(F.orderID),
                signalPrice: try fields.optionalDouble(F.signalPrice),
                gateAttribution: try gateAttribution(element)
            )
            return .open(position, eventTime: opened.microseconds, meaningful: meaningful())
        } catch {
            return .rejected(error.rejection, eventTime: time?.microseconds)
        }
    }

    mutating func normalizeClosed(_ element: JSONElement) -> PositionElement.Verdict {
        guard element.kind == .object else { return Self.notAnObject(element) }
        fields.collect(element, keys: F.keys)
        let closeSlot = fields.element(F.closedAt) != nil ? F.closedAt : F.exitTime
        let time = try? fields.optionalTimestamp(closeSlot)
        do throws(FieldProblem) {
            let (key, side, opened) = try keyAndSide()
            guard fields.element(closeSlot) != nil else { throw .missing("closed_at") }
            let closed = try fields.requiredTimestamp(closeSlot)
            let variant: ExitVariant
            if closeSlot == F.exitTime {
                variant = .zombieExitFields
            } else if fields.element(F.closeReason)?.stringEquals("zombie_cleanup_corrupted_data") == true
                || (fields.element(F.fees) != nil && fields.element(F.priceROI) == nil)
            {
                variant = .zombieCorrupted
            } else {
                variant = .standard
            }
            let entry = try fields.optionalDouble(F.entryPrice)
            let exit = try fields.optionalDouble(F.exitPrice)
            let size = try fields.optionalDouble(F.size)
            let leverage = try fields.optionalDouble(F.leverage)
            let margin = try fields.optionalDouble(F.margin)
            let tradingFees = try fields.optionalDouble(F.tradingFees, else: F.fees)
            let fundingFees = try fields.optionalDouble(F.fundingFees)
            let recordedPnl = try fields.optionalDouble(F.pnl, else: F.netPnl, else: F.realizedPnl)
            let recomputed = ClosedPositionReturn(
                side: side,
                entryPrice: entry,
                exitPrice: exit,
                leverage: leverage,
                marginUSD: margin,
                sizeUSD: size,
                tradingFeesUSD: tradingFees,
                fundingFeesUSD: fundingFees,
                recordedPnlUSD: recordedPnl
            )
            var quality = recomputed.flags
            if opened.naive || closed.naive { quality.append(.naiveTimestamp) }
            if !Side.isCanonical(key.directionRaw) { quality.append(.nonCanonicalDirection) }
            let position = PositionClosed(
                key: key,
                side: side,
                exitVariant: variant,
                entryPrice: entry,
                exitPrice: exit,
                sizeUSD: size,
                leverage: leverage,
                marginUSD: margin,
                closedAt: closed.microseconds,
                closeReason: try fields.optionalString(F.closeReason, else: F.exitReason),
                recordedPnlUSD: recordedPnl,
                recordedPnlPct: try fields.optionalDouble(F.pnlPct),
                recordedNetROI: try fields.optionalDouble(F.netROI, else: F.finalROI),
                tradingFeesUSD: tradingFees,
                fundingFeesUSD: fundingFees,
                netReturn: recomputed.netReturn,
                netPnlUSD: recomputed.netPnlUSD,
                timeframe: try fields.optionalString(F.timeframe),
                gateAttribution: try gateAttribution(element),
                quality: Array(Set(quality)).sorted { $0.rawValue < $1.rawValue }
            )
            return .closed(position, eventTime: closed.microseconds)
        } catch {
            return .rejected(error.rejection, eventTime: time?.microseconds)
        }
    }

    private func keyAndSide() throws(FieldProblem) -> (PositionKey, Side, ParsedTimestamp) {
        let symbol = try fields.requiredString(F.symbol)
        let directionRaw = try fields.requiredString(F.direction)
        let side = Side(normalizing: directionRaw.utf8)
        guard side != .neutral else {
            throw .invalid("direction", value: "\"\(directionRaw)\"", why: "not a long or short direction")
        }
        guard fields.element(F.entryPrice) != nil else { throw .missing("entry_price") }
        let opened = try fields.requiredTimestamp(F.openedAt)
        let strategy = try fields.optionalString(F.strategy) ?? ""
        let key = PositionKey(
            symbol: symbol,
            strategy: strategy,
            directionRaw: directionRaw,
            openedAt: opened.microseconds
        )
        return (key, side, opened)
    }

    /// `gate_attribution.*` first, then the same `*_reason` / `*_mult` fields at top level.
    private mutating func gateAttribution(_ element: JSONElement) throws(FieldProblem) -> GateAttribution {
        var reasons = [String?](repeating: nil, count: 5)
        var mults = [Double?](repeating: nil, count: 5)
        if let object = try fields.optionalObject(F.gateAttribution) {
            nested.collect(object, keys: F.gateKeys, path: "gate_attribution")
            for i in 0..<5 {
                reasons[i] = try nested.optionalString(i)
                mults[i] = try nested.optionalDouble(5 + i)
            }
        }
        nested.collect(element, keys: F.gateKeys)
        for i in 0..<5 {
            if reasons[i] == nil { reasons[i] = try nested.optionalString(i) }
            if mults[i] == nil { mults[i] = try nested.optionalDouble(5 + i) }
        }
        return GateAttribution(
            intelReason: reasons[0],
            streakReason: reasons[1],
            regimeReason: reasons[2],
            feeReason: reasons[3],
            roiReason: reasons[4],
            intelMult: mults[0],
            streakMult: mults[1],
            regimeMult: mults[2],
            feeMult: mults[3],
            roiMult: mults[4]
        )
    }

    private func meaningful() -> [PositionFieldChange] {
        var result: [PositionFieldChange] = []
        for (name, slot) in zip(Self.meaningfulFields, Self.meaningfulSlots) {
            guard let e = fields.element(slot) else { continue }
            result.append(PositionFieldChange(field: name, value: Self.fieldValue(e)))
        }
        return result
    }

    static func fieldValue(_ e: JSONElement) -> FieldValue {
        switch e.kind {
        case .null: return .null
        case .bool: return .bool(e.bool!)
        case .int64: return .int(e.int64!)
        case .uint64, .double: return .double(e.double!)
        case .string: return .string(e.string!)
        case .array, .object: return .string(JSONWriter.compact.string(e.toJSONValue()))
        }
    }

    private static func notAnObject(_ element: JSONElement) -> PositionElement.Verdict {
        .rejected(
            RecordRejected(reason: .notAnObject, detail: "position is \(element.kind.withArticle), expected an object"),
            eventTime: nil
        )
    }
}
