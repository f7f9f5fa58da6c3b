/// Decoders matching `PayloadEncoding.swift`. Unknown field numbers are skipped (fields a newer writer
/// added); a payload this build cannot represent (an enum raw value it does not know, a required field
/// missing) is kept whole as `EventPayload.unknown`, so reading never loses or invents data.
enum PayloadDecoding {
    /// Thrown by the payload decoders when a payload is well-formed on the wire but uses a value this build
    /// cannot represent: an enum raw value it does not know (a newer writer's vocabulary) or a missing
    /// required field (which no writer omits: a writer bug or corruption).
    struct Unrepresentable: Error {
        var isNewerVocabulary: Bool
        var message: String
    }

    /// The payload of an event of `kind`; one this build cannot represent (for whatever reason) is kept
    /// whole as `.unknown` with the same kind number and bytes. Never throws, never traps.
    static func payload(kind: UInt8, bytes: UnsafeRawBufferPointer, strings: StringTable? = nil) -> EventPayload {
        var failure: String?
        if let payload = decode(kind: kind, bytes: bytes, strings: strings, failure: &failure) { return payload }
        return .unknown(kindRawValue: kind, bytes: [UInt8](bytes))
    }

    /// The payload of an event of `kind`. An unknown kind, or an enum value this build does not know, is
    /// `.unknown` (valid: a newer writer's vocabulary). Malformed bytes or a missing required field return
    /// nil and say why in `failure`. (Not `throws`: a typed-throws result through the buffer closures
    /// costs extra copies of the ~460-byte payload per event.)
    @inline(__always)
    static func decode(
        kind: UInt8,
        bytes: UnsafeRawBufferPointer,
        strings: StringTable?,
        failure: inout String?
    ) -> EventPayload? {
        do {
            var r = WireReader(bytes, strings: strings)
            switch EventKind(rawValue: kind) {
            case .decisionLogged: return .decisionLogged(try decisionLogged(&r))
            case .signalOutcomeResolved: return .signalOutcomeResolved(try signalOutcomeResolved(&r))
            case .tradeBlocked: return .tradeBlocked(try tradeBlocked(&r))
            case .positionOpened: return .positionOpened(try positionOpened(&r))
            case .positionUpdated: return .positionUpdated(try positionUpdated(&r))
            case .positionClosed: return .positionClosed(try positionClosed(&r))
            case .positionRemoved: return .positionRemoved(try positionRemoved(&r))
            case .recordRejected: return .recordRejected(try recordRejected(&r))
            case .sourceReset: return .sourceReset(try sourceReset(&r))
            case .unknown, nil: break
            }
        } catch let error as WireReader.WireError {
            failure = "\(error.message) at payload byte \(error.position)"
            return nil
        } catch let error as Unrepresentable {
            if !error.isNewerVocabulary {
                failure = error.message
                return nil
            }
        } catch {
            failure = "\(error)"
            return nil
        }
        return .unknown(kindRawValue: kind, bytes: [UInt8](bytes))
    }

    // MARK: - Helpers

    private static func enumValue<E: RawRepresentable>(_ r: inout WireReader, _ type: UInt8) throws -> E
    where E.RawValue == UInt8 {
        let raw = try r.uint(type)
        guard let small = UInt8(exactly: raw), let value = E(rawValue: small) else {
            throw Unrepresentable(isNewerVocabulary: true, message: "\(E.self) value \(raw) is unknown to this build")
        }
        return value
    }

    private static func required<T>(_ value: T?, _ name: StaticString) throws -> T {
        guard let value else {
            throw Unrepresentable(isNewerVocabulary: false, message: "required field '\(name)' is missing")
        }
        return value
    }

    // MARK: - Payloads

    static func decisionLogged(_ r: inout WireReader) throws -> DecisionLogged {
        var symbol: String?
        var side: Side?
        var sideRaw = ""
        var disposition: Disposition?
        var dispositionRaw = ""
        var p = DecisionLogged(symbol: "", side: .neutral, sideRaw: "", disposition: .other, dispositionRaw: "")
        while !r.isAtEnd {
            let (field, type) = try r.tag()
            switch field {
            case 1: symbol = try r.string(type)
            case 2: side = try enumValue(&r, type)
            case 3: sideRaw = try r.string(type)
            case 4: disposition = try enumValue(&r, type)
            case 5: dispositionRaw = try r.string(type)
            case 6: p.entryPrice = try r.double(type)
            case 7: p.blockReason = try r.string(type)
            case 8: p.blockGate = try r.string(type)
            case 9: p.strategy = try r.string(type)
            case 10: p.venue = try r.string(type)
            case 11: p.ofi = try r.double(type)
            case 12: p.ensemble = try r.double(type)
            case 13: p.mtfConfidence = try r.double(type)
            case 14: p.volatility = try r.double(type)
            case 15: p.regime = try r.string(type)
            case 16: p.timeframe = try r.string(type)
            default: try r.skip(type: type)
            }
        }
        p.symbol = try required(symbol, "symbol")
        p.side = try required(side, "side")
        p.sideRaw = sideRaw
        p.disposition = try required(disposition, "disposition")
        p.dispositionRaw = dispositionRaw
        return p
    }

    static func horizonOutcome(_ r: inout WireReader) throws -> HorizonOutcome {
        var horizon: Horizon?
        var h = HorizonOutcome(horizon: .m1)
        while !r.isAtEnd {
            let (field, type) = try r.tag()
            switch field {
            case 1: horizon = try enumValue(&r, type)
            case 2: h.price = try r.double(type)
            case 3: h.returnFraction = try r.double(type)
            case 4: h.hit = try r.bool(type)
            default: try r.skip(type: type)
            }
        }
        h.horizon = try required(horizon, "horizon")
        return h
    }

    static func signalOutcomeResolved(_ r: inout WireReader) throws -> SignalOutcomeResolved {
        var symbol: String?
        var side: Side?
        var p = SignalOutcomeResolved(
            symbol: "",
            signalName: "",
            side: .neutral,
            sideRaw: "",
            confidence: 0,
            priceAtSignal: 0,
            signalTime: 0,
            horizons: []
        )
        var confidence: Double?
        var price: Double?
        var signalTime: Int64?
        while !r.isAtEnd {
            let (field, type) = try r.tag()
            switch field {
            case 1: symbol = try r.string(type)
            case 2: p.signalName = try r.string(type)
            case 3: side = try enumValue(&r, type)
            case 4: p.sideRaw = try r.string(type)
            case 5: confidence = try r.double(type)
            case 6: price = try r.double(type)
            case 7: signalTime = try r.int(type)
            case 8:
                var nested = try r.message(type)
                // One allocation for the usual all-horizons outcome instead of growing 1, 2, 4, 8.
                if p.horizons.isEmpty { p.horizons.reserveCapacity(Horizon.allCases.count) }
                p.horizons.append(try horizonOutcome(&nested))
            case 9: p.evContribution = try r.double(type)
            case 10: p.partial = try r.bool(type)
            default: try r.skip(type: type)
            }
        }
        p.symbol = try required(symbol, "symbol")
        p.side = try required(side, "side")
        p.confidence = try required(confidence, "confidence")
        p.priceAtSignal = try required(price, "priceAtSignal")
        p.signalTime = try required(signalTime, "signalTime")
        return p
    }

    static func tradeBlocked(_ r: inout WireReader) throws -> TradeBlocked {
        var variant: BlockedTradeVariant?
        var symbol: String?
        var side: Side?
        var p = TradeBlocked(variant: .hindsight, symbol: "", side: .neutral, sideRaw: "")
        while !r.isAtEnd {
            let (field, type) = try r.tag()
            switch field {
            case 1: variant = try enumValue(&r, type)
            case 2: symbol = try r.string(type)
            case 3: side = try enumValue(&r, type)
            case 4: p.sideRaw = try r.string(type)
            case 5: p.gate = try r.string(type)
            case 6: p.reason = try r.string(type)
            case 7: p.price = try r.double(type)
            case 8: p.strategy = try r.string(type)
            case 9: p.timeframe = try r.string(type)
            case 10: p.expectedMovePct = try r.double(type)
            case 11: p.score = try r.double(type)
            default: try r.skip(type: type)
            }
        }
        p.variant = try required(variant, "variant")
        p.symbol = try required(symbol, "symbol")
        p.side = try required(side, "side")
        return p
    }

    static func positionKey(_ r: inout WireReader, _ type: UInt8) throws -> PositionKey {
        var m = try r.message(type)
        var key = PositionKey(symbol: "", strategy: "", directionRaw: "", openedAt: 0)
        var symbol: String?
        var openedAt: Int64?
        while !m.isAtEnd {
            let (field, type) = try m.tag()
            switch field {
            case 1: symbol = try m.string(type)
            case 2: key.strategy = try m.string(type)
            case 3: key.directionRaw = try m.string(type)
            case 4: openedAt = try m.int(type)
            default: try m.skip(type: type)
            }
        }
        key.symbol = try required(symbol, "symbol")
        key.openedAt = try required(openedAt, "openedAt")
        return key
    }

    static func gateAttribution(_ r: inout WireReader, _ type: UInt8) throws -> GateAttribution {
        var m = try r.message(type)
        var g = GateAttribution()
        while !m.isAtEnd {
            let (field, type) = try m.tag()
            switch field {
            case 1: g.intelReason = try m.string(type)
            case 2: g.streakReason = try m.string(type)
            case 3: g.regimeReason = try m.string(type)
            case 4: g.feeReason = try m.string(type)
            case 5: g.roiReason = try m.string(type)
            case 6: g.intelMult = try m.double(type)
            case 7: g.streakMult = try m.double(type)
            case 8: g.regimeMult = try m.double(type)
            case 9: g.feeMult = try m.double(type)
            case 10: g.roiMult = try m.double(type)
            default: try m.skip(type: type)
            }
        }
        return g
    }

    private static let emptyKey = PositionKey(symbol: "", strategy: "", directionRaw: "", openedAt: 0)

    static func positionOpened(_ r: inout WireReader) throws -> PositionOpened {
        var key: PositionKey?
        var side: Side?
        var p = PositionOpened(key: emptyKey, side: .neutral, entryPrice: nil)
        while !r.isAtEnd {
            let (field, type) = try r.tag()
            switch field {
            case 1: key = try positionKey(&r, type)
            case 2: side = try enumValue(&r, type)
            case 3: p.entryPrice = try r.double(type)
            case 4: p.sizeUSD = try r.double(type)
            case 5: p.leverage = try r.double(type)
            case 6: p.marginUSD = try r.double(type)
            case 7: p.timeframe = try r.string(type)
            case 8: p.venue = try r.string(type)
            case 9: p.orderID = try r.string(type)
            case 10: p.signalPrice = try r.double(type)
            case 11: p.gateAttribution = try gateAttribution(&r, type)
            default: try r.skip(type: type)
            }
        }
        p.key = try required(key, "key")
        p.side = try required(side, "side")
        return p
    }

    static func fieldValue(_ r: inout WireReader, _ type: UInt8) throws -> FieldValue {
        var m = try r.message(type)
        var value = FieldValue.null
        while !m.isAtEnd {
            let (field, type) = try m.tag()
            switch field {
            case 1:
                _ = try m.uint(type)
                value = .null
            case 2: value = .bool(try m.bool(type))
            case 3: value = .int(try m.int(type))
            case 4: value = .double(try m.double(type))
            case 5: value = .string(try m.string(type))
            default: try m.skip(type: type)
            }
        }
        return value
    }

    static func positionUpdated(_ r: inout WireReader) throws -> PositionUpdated {
        var key: PositionKey?
        var changes: [PositionFieldChange] = []
        while !r.isAtEnd {
            let (field, type) = try r.tag()
            switch field {
            case 1: key = try positionKey(&r, type)
            case 2:
                var m = try r.message(type)
                var name: String?
                var value = FieldValue.null
                while !m.isAtEnd {
                    let (f, t) = try m.tag()
                    switch f {
                    case 1: name = try m.string(t)
                    case 2: value = try fieldValue(&m, t)
                    default: try m.skip(type: t)
                    }
                }
                changes.append(PositionFieldChange(field: try required(name, "field"), value: value))
            default: try r.skip(type: type)
            }
        }
        return PositionUpdated(key: try required(key, "key"), changes: changes)
    }

    static func positionClosed(_ r: inout WireReader) throws -> PositionClosed {
        var key: PositionKey?
        var side: Side?
        var variant: ExitVariant?
        var closedAt: Int64?
        var p = PositionClosed(
            key: emptyKey,
            side: .neutral,
            exitVariant: .standard,
            entryPrice: nil,
            exitPrice: nil,
            sizeUSD: nil,
            leverage: nil,
            marginUSD: nil,
            closedAt: 0,
            closeReason: nil
        )
        while !r.isAtEnd {
            let (field, type) = try r.tag()
            switch field {
            case 1: key = try positionKey(&r, type)
            case 2: side = try enumValue(&r, type)
            case 3: variant = try enumValue(&r, type)
            case 4: p.entryPrice = try r.double(type)
            case 5: p.exitPrice = try r.double(type)
            case 6: p.sizeUSD = try r.double(type)
            case 7: p.leverage = try r.double(type)
            case 8: p.marginUSD = try r.double(type)
            case 9: closedAt = try r.int(type)
            case 10: p.closeReason = try r.string(type)
            case 11: p.recordedPnlUSD = try r.double(type)
            case 12: p.recordedPnlPct = try r.double(type)
            case 13: p.recordedNetROI = try r.double(type)
            case 14: p.tradingFeesUSD = try r.double(type)
            case 15: p.fundingFeesUSD = try r.double(type)
            case 16: p.netReturn = try r.double(type)
            case 17: p.netPnlUSD = try r.double(type)
            case 18: p.timeframe = try r.string(type)
            case 19: p.gateAttribution = try gateAttribution(&r, type)
            case 20: p.quality.append(try enumValue(&r, type))
            default: try r.skip(type: type)
            }
        }
        p.key = try required(key, "key")
        p.side = try required(side, "side")
        p.exitVariant = try required(variant, "exitVariant")
        p.closedAt = try required(closedAt, "closedAt")
        return p
    }

    static func positionRemoved(_ r: inout WireReader) throws -> PositionRemoved {
        var key: PositionKey?
        var side: Side?
        var reason = ""
        while !r.isAtEnd {
            let (field, type) = try r.tag()
            switch field {
            case 1: key = try positionKey(&r, type)
            case 2: side = try enumValue(&r, type)
            case 3: reason = try r.string(type)
            default: try r.skip(type: type)
            }
        }
        return PositionRemoved(key: try required(key, "key"), side: try required(side, "side"), reason: reason)
    }

    static func recordRejected(_ r: inout WireReader) throws -> RecordRejected {
        var reason: RejectionReason?
        var detail = ""
        while !r.isAtEnd {
            let (field, type) = try r.tag()
            switch field {
            case 1: reason = try enumValue(&r, type)
            case 2: detail = try r.string(type)
            default: try r.skip(type: type)
            }
        }
        return RecordRejected(reason: try required(reason, "reason"), detail: detail)
    }

    static func sourceReset(_ r: inout WireReader) throws -> SourceReset {
        var reason: ResetReason?
        var p = SourceReset(reason: .truncated, previous: nil, previousOffset: 0, current: nil)
        while !r.isAtEnd {
            let (field, type) = try r.tag()
            switch field {
            case 1: reason = try enumValue(&r, type)
            case 2: p.previous = try fileIdentity(&r, type)
            case 3: p.previousOffset = try r.uint(type)
            case 4: p.current = try fileIdentity(&r, type)
            default: try r.skip(type: type)
            }
        }
        p.reason = try required(reason, "reason")
        return p
    }

    // MARK: - Envelope parts (wire errors here are real corruption: they throw)

    static func fileIdentity(_ r: inout WireReader, _ type: UInt8) throws(WireReader.WireError) -> FileIdentity {
        var m = try r.message(type)
        return try fileIdentityFields(&m)
    }

    /// The fields of a `FileIdentity` message, up to the reader's end.
    static func fileIdentityFields(_ m: inout WireReader) throws(WireReader.WireError) -> FileIdentity {
        var f = FileIdentity(device: 0, inode: 0, headFingerprint: 0, headLength: 0)
        while !m.isAtEnd {
            let (field, type) = try m.tag()
            switch field {
            case 1: f.device = try m.uint(type)
            case 2: f.inode = try m.uint(type)
            case 3: f.headFingerprint = try m.fingerprint(type)
            case 4: f.headLength = UInt32(truncatingIfNeeded: try m.uint(type))
            default: try m.skip(type: type)
            }
        }
        return f
    }

    static func sourcePosition(_ r: inout WireReader, _ type: UInt8) throws(WireReader.WireError) -> SourcePosition {
        var m = try r.message(type)
        var position = SourcePosition.none
        while !m.isAtEnd {
            let (field, type) = try m.tag()
            switch field {
            case 1:
                var n = try m.message(type)
                var file = FileIdentity(device: 0, inode: 0, headFingerprint: 0, headLength: 0)
                var start: UInt64 = 0
                var end: UInt64 = 0
                while !n.isAtEnd {
                    let (f, t) = try n.tag()
                    switch f {
                    case 1: file = try fileIdentity(&n, t)
                    case 2: start = try n.uint(t)
                    case 3: end = try n.uint(t)
                    default: try n.skip(type: t)
                    }
                }
                position = .fileRange(file: file, start: start, end: end)
            case 2:
                var n = try m.message(type)
                var version: UInt64 = 0
                var documentFingerprint: UInt64 = 0
                var recordFingerprint: UInt64 = 0
                while !n.isAtEnd {
                    let (f, t) = try n.tag()
                    switch f {
                    case 1: version = try n.uint(t)
                    case 2: documentFingerprint = try n.fingerprint(t)
                    case 3: recordFingerprint = try n.fingerprint(t)
                    default: try n.skip(type: t)
                    }
                }
                position = .document(
                    version: version,
                    documentFingerprint: documentFingerprint,
                    recordFingerprint: recordFingerprint
                )
            default: try m.skip(type: type)
            }
        }
        return position
    }

    static func checkpoint(_ r: inout WireReader) throws(WireReader.WireError) -> SourceCheckpoint {
        var c = SourceCheckpoint(source: "", file: nil, offset: 0)
        while !r.isAtEnd {
            let (field, type) = try r.tag()
            switch field {
            case 1: c.source = SourceID(try r.string(type))
            case 2: c.file = try fileIdentity(&r, type)
            case 3: c.offset = try r.uint(type)
            case 4: c.documentVersion = try r.uint(type)
            case 5: c.documentFingerprint = try r.fingerprint(type)
            default: try r.skip(type: type)
            }
        }
        return c
    }
}
