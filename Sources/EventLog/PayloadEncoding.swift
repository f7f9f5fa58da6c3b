/// Field numbers and encoders of every payload type. Field numbers are part of the on-disk format
/// (docs/event-log.md, "Payload messages"): never reuse or renumber one; new fields take new numbers and
/// must be optional, because older logs do not have them.
extension WireWriter {
    mutating func payload(_ payload: EventPayload) {
        switch payload {
        case .decisionLogged(let p): decisionLogged(p)
        case .signalOutcomeResolved(let p): signalOutcomeResolved(p)
        case .tradeBlocked(let p): tradeBlocked(p)
        case .positionOpened(let p): positionOpened(p)
        case .positionUpdated(let p): positionUpdated(p)
        case .positionClosed(let p): positionClosed(p)
        case .positionRemoved(let p): positionRemoved(p)
        case .recordRejected(let p): recordRejected(p)
        case .sourceReset(let p): sourceReset(p)
        case .unknown(_, let bytes): bytes.withUnsafeBytes { append($0) }
        }
    }

    mutating func decisionLogged(_ p: DecisionLogged) {
        string(1, p.symbol)
        uint(2, UInt64(p.side.rawValue))
        string(3, p.sideRaw)
        uint(4, UInt64(p.disposition.rawValue))
        string(5, p.dispositionRaw)
        double(6, p.entryPrice)
        string(7, p.blockReason)
        string(8, p.blockGate)
        string(9, p.strategy)
        string(10, p.venue)
        double(11, p.ofi)
        double(12, p.ensemble)
        double(13, p.mtfConfidence)
        double(14, p.volatility)
        string(15, p.regime)
        string(16, p.timeframe)
    }

    mutating func signalOutcomeResolved(_ p: SignalOutcomeResolved) {
        string(1, p.symbol)
        string(2, p.signalName)
        uint(3, UInt64(p.side.rawValue))
        string(4, p.sideRaw)
        double(5, p.confidence)
        double(6, p.priceAtSignal)
        int(7, p.signalTime)
        for h in p.horizons { horizon(h) }
        double(9, p.evContribution)
        if p.partial { bool(10, true) }
    }

    /// Field 8 of `SignalOutcomeResolved`: one `HorizonOutcome` message.
    mutating func horizon(_ h: HorizonOutcome) {
        message(8) { w in
            w.uint(1, UInt64(h.horizon.rawValue))
            w.double(2, h.price)
            w.double(3, h.returnFraction)
            w.bool(4, h.hit)
        }
    }

    mutating func tradeBlocked(_ p: TradeBlocked) {
        uint(1, UInt64(p.variant.rawValue))
        string(2, p.symbol)
        uint(3, UInt64(p.side.rawValue))
        string(4, p.sideRaw)
        string(5, p.gate)
        string(6, p.reason)
        double(7, p.price)
        string(8, p.strategy)
        string(9, p.timeframe)
        double(10, p.expectedMovePct)
        double(11, p.score)
    }

    mutating func positionKey(_ field: UInt32, _ key: PositionKey) {
        message(field) { w in
            w.string(1, key.symbol)
            w.string(2, key.strategy)
            w.string(3, key.directionRaw)
            w.int(4, key.openedAt)
        }
    }

    mutating func gateAttribution(_ field: UInt32, _ g: GateAttribution) {
        guard !g.isEmpty else { return }
        message(field) { w in
            w.string(1, g.intelReason)
            w.string(2, g.streakReason)
            w.string(3, g.regimeReason)
            w.string(4, g.feeReason)
            w.string(5, g.roiReason)
            w.double(6, g.intelMult)
            w.double(7, g.streakMult)
            w.double(8, g.regimeMult)
            w.double(9, g.feeMult)
            w.double(10, g.roiMult)
        }
    }

    mutating func positionOpened(_ p: PositionOpened) {
        positionKey(1, p.key)
        uint(2, UInt64(p.side.rawValue))
        double(3, p.entryPrice)
        double(4, p.sizeUSD)
        double(5, p.leverage)
        double(6, p.marginUSD)
        string(7, p.timeframe)
        string(8, p.venue)
        string(9, p.orderID)
        double(10, p.signalPrice)
        gateAttribution(11, p.gateAttribution)
    }

    mutating func positionUpdated(_ p: PositionUpdated) {
        positionKey(1, p.key)
        for change in p.changes {
            message(2) { w in
                w.string(1, change.field)
                w.message(2) { v in
                    switch change.value {
                    case .null: v.uint(1, 0)
                    case .bool(let b): v.bool(2, b)
                    case .int(let i): v.int(3, i)
                    case .double(let d): v.double(4, d)
                    case .string(let s): v.string(5, s)
                    }
                }
            }
        }
    }

    mutating func positionClosed(_ p: PositionClosed) {
        positionKey(1, p.key)
        uint(2, UInt64(p.side.rawValue))
        uint(3, UInt64(p.exitVariant.rawValue))
        double(4, p.entryPrice)
        double(5, p.exitPrice)
        double(6, p.sizeUSD)
        double(7, p.leverage)
        double(8, p.marginUSD)
        int(9, p.closedAt)
        string(10, p.closeReason)
        double(11, p.recordedPnlUSD)
        double(12, p.recordedPnlPct)
        double(13, p.recordedNetROI)
        double(14, p.tradingFeesUSD)
        double(15, p.fundingFeesUSD)
        double(16, p.netReturn)
        double(17, p.netPnlUSD)
        string(18, p.timeframe)
        gateAttribution(19, p.gateAttribution)
        for flag in p.quality { uint(20, UInt64(flag.rawValue)) }
    }

    mutating func positionRemoved(_ p: PositionRemoved) {
        positionKey(1, p.key)
        uint(2, UInt64(p.side.rawValue))
        string(3, p.reason)
    }

    mutating func recordRejected(_ p: RecordRejected) {
        uint(1, UInt64(p.reason.rawValue))
        string(2, p.detail)
    }

    mutating func sourceReset(_ p: SourceReset) {
        uint(1, UInt64(p.reason.rawValue))
        if let previous = p.previous { fileIdentity(2, previous) }
        uint(3, p.previousOffset)
        if let current = p.current { fileIdentity(4, current) }
    }

    // MARK: - Envelope parts

    mutating func fileIdentity(_ field: UInt32, _ f: FileIdentity) {
        message(field) { w in w.fileIdentityFields(f) }
    }

    /// The fields of a `FileIdentity` message (without tag and length).
    mutating func fileIdentityFields(_ f: FileIdentity) {
        uint(1, f.device)
        uint(2, f.inode)
        fingerprint(3, f.headFingerprint)
        uint(4, UInt64(f.headLength))
    }

    mutating func sourcePosition(_ field: UInt32, _ position: SourcePosition) {
        switch position {
        case .none: break
        case .fileRange(let file, let start, let end):
            message(field) { w in
                w.message(1) { r in
                    r.fileIdentity(1, file)
                    r.uint(2, start)
                    r.uint(3, end)
                }
            }
        case .document(let version, let documentFingerprint, let recordFingerprint):
            message(field) { w in
                w.message(2) { d in
                    d.uint(1, version)
                    d.fingerprint(2, documentFingerprint)
                    d.fingerprint(3, recordFingerprint)
                }
            }
        }
    }

    mutating func checkpoint(_ c: SourceCheckpoint) {
        string(1, c.source.rawValue)
        if let file = c.file { fileIdentity(2, file) }
        uint(3, c.offset)
        uint(4, c.documentVersion)
        fingerprint(5, c.documentFingerprint)
    }
}
