public import HindsightJSON

/// The JSON rendering of events used by `hindsight log cat` and by replay tooling: field names are the
/// snake_case of the Swift properties (units are in the names: `_usd`, `_pct`, `_fraction`), enums are
/// written by their stable names, times as both ISO-8601 and UTC microseconds, fingerprints as 16 hex digits.
extension Event {
    /// `{"seq", "kind", "event_time", "event_time_us", "ingest_time_us", "source", "position", "payload",
    /// "original"}`; `original` is the record as a string when it is valid UTF-8, else `original_hex`.
    public var jsonValue: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("seq", .int(Int64(bitPattern: seq))),
            ("kind", .string(kindName)),
            ("event_time", .string(EventTime.iso8601(eventTime))),
            ("event_time_us", .int(eventTime)),
            ("ingest_time_us", .int(ingestTime)),
            ("source", .string(source.rawValue)),
            ("position", position.jsonValue),
            ("payload", payload.jsonValue),
        ]
        if let text = String(validating: original, as: UTF8.self) {
            fields.append(("original", .string(text)))
        } else {
            fields.append(("original_hex", .string(EventJSON.hex(Array(original)))))
        }
        return .object(fields)
    }

    /// The kind's stable name; an unknown kind shows its raw number (`Unknown(200)`). Read from the
    /// envelope: no payload decoding.
    public var kindName: String {
        let raw = kindRawValue
        if let known = EventKind(rawValue: raw), known != .unknown { return known.name }
        return "Unknown(\(raw))"
    }
}

extension SourcePosition {
    public var jsonValue: JSONValue {
        switch self {
        case .none: .null
        case .fileRange(let file, let start, let end):
            .object([("file", file.jsonValue), ("start", EventJSON.uint(start)), ("end", EventJSON.uint(end))])
        case .document(let version, let documentFingerprint, let recordFingerprint):
            .object([
                ("document_version", EventJSON.uint(version)),
                ("document_fingerprint", .string(EventJSON.hex(documentFingerprint))),
                ("record_fingerprint", .string(EventJSON.hex(recordFingerprint))),
            ])
        }
    }
}

extension FileIdentity {
    public var jsonValue: JSONValue {
        .object([
            ("device", EventJSON.uint(device)),
            ("inode", EventJSON.uint(inode)),
            ("head_fingerprint", .string(EventJSON.hex(headFingerprint))),
            ("head_length", .int(Int64(headLength))),
        ])
    }
}

extension SourceCheckpoint {
    public var jsonValue: JSONValue {
        .object([
            ("source", .string(source.rawValue)),
            ("file", file?.jsonValue ?? .null),
            ("offset", EventJSON.uint(offset)),
            ("document_version", EventJSON.uint(documentVersion)),
            ("document_fingerprint", .string(EventJSON.hex(documentFingerprint))),
        ])
    }
}

extension PositionKey {
    public var jsonValue: JSONValue {
        .object([
            ("symbol", .string(symbol)),
            ("strategy", .string(strategy)),
            ("direction_raw", .string(directionRaw)),
            ("opened_at", .string(EventTime.iso8601(openedAt))),
            ("opened_at_us", .int(openedAt)),
        ])
    }
}

extension GateAttribution {
    public var jsonValue: JSONValue {
        .object([
            ("intel_reason", JSONValue(intelReason)),
            ("streak_reason", JSONValue(streakReason)),
            ("regime_reason", JSONValue(regimeReason)),
            ("fee_reason", JSONValue(feeReason)),
            ("roi_reason", JSONValue(roiReason)),
            ("intel_mult", JSONValue(intelMult)),
            ("streak_mult", JSONValue(streakMult)),
            ("regime_mult", JSONValue(regimeMult)),
            ("fee_mult", JSONValue(feeMult)),
            ("roi_mult", JSONValue(roiMult)),
        ])
    }
}

extension EventPayload {
    /// The normalized payload's fields by name (see `Event.jsonValue`).
    public var jsonValue: JSONValue {
        switch self {
        case .decisionLogged(let p):
            .object([
                ("symbol", .string(p.symbol)), ("side", .string(p.side.description)), ("side_raw", .string(p.sideRaw)),
                ("disposition", .string(p.disposition.description)), ("disposition_raw", .string(p.dispositionRaw)),
                ("entry_price", JSONValue(p.entryPrice)), ("block_reason", JSONValue(p.blockReason)),
                ("block_gate", JSONValue(p.blockGate)), ("strategy", JSONValue(p.strategy)),
                ("venue", JSONValue(p.venue)), ("ofi", JSONValue(p.ofi)), ("ensemble", JSONValue(p.ensemble)),
                ("mtf_confidence", JSONValue(p.mtfConfidence)), ("volatility", JSONValue(p.volatility)),
                ("regime", JSONValue(p.regime)), ("timeframe", JSONValue(p.timeframe)),
            ])
        case .signalOutcomeResolved(let p):
            .object([
                ("symbol", .string(p.symbol)), ("signal_name", .string(p.signalName)),
                ("side", .string(p.side.description)), ("side_raw", .string(p.sideRaw)),
                ("confidence", .double(p.confidence)), ("price_at_signal", .double(p.priceAtSignal)),
                ("signal_time", .string(EventTime.iso8601(p.signalTime))), ("signal_time_us", .int(p.signalTime)),
                (
                    "horizons",
                    .array(
                        p.horizons.map { h in
                            .object([
                                ("horizon", .string(h.horizon.label)), ("price", JSONValue(h.price)),
                                ("return_fraction", JSONValue(h.returnFraction)), ("hit", JSONValue(h.hit)),
                            ])
                        }
                    )
                ),
                ("ev_contribution", JSONValue(p.evContribution)), ("partial", .bool(p.partial)),
            ])
        case .tradeBlocked(let p):
            .object([
                ("variant", .string(EventJSON.name(p.variant))), ("symbol", .string(p.symbol)),
                ("side", .string(p.side.description)), ("side_raw", .string(p.sideRaw)), ("gate", JSONValue(p.gate)),
                ("reason", JSONValue(p.reason)), ("price", JSONValue(p.price)), ("strategy", JSONValue(p.strategy)),
                ("timeframe", JSONValue(p.timeframe)), ("expected_move_pct", JSONValue(p.expectedMovePct)),
                ("score", JSONValue(p.score)),
            ])
        case .positionOpened(let p):
            .object([
                ("key", p.key.jsonValue), ("side", .string(p.side.description)),
                ("entry_price", JSONValue(p.entryPrice)), ("size_usd", JSONValue(p.sizeUSD)),
                ("leverage", JSONValue(p.leverage)), ("margin_usd", JSONValue(p.marginUSD)),
                ("timeframe", JSONValue(p.timeframe)), ("venue", JSONValue(p.venue)),
                ("order_id", JSONValue(p.orderID)), ("signal_price", JSONValue(p.signalPrice)),
                ("gate_attribution", p.gateAttribution.jsonValue),
            ])
        case .positionUpdated(let p):
            .object([
                ("key", p.key.jsonValue),
                (
                    "changes",
                    .array(p.changes.map { .object([("field", .string($0.field)), ("value", $0.value.jsonValue)]) })
                ),
            ])
        case .positionClosed(let p):
            .object([
                ("key", p.key.jsonValue), ("side", .string(p.side.description)),
                ("exit_variant", .string(EventJSON.name(p.exitVariant))), ("entry_price", JSONValue(p.entryPrice)),
                ("exit_price", JSONValue(p.exitPrice)), ("size_usd", JSONValue(p.sizeUSD)),
                ("leverage", JSONValue(p.leverage)), ("margin_usd", JSONValue(p.marginUSD)),
                ("closed_at", .string(EventTime.iso8601(p.closedAt))), ("closed_at_us", .int(p.closedAt)),
                ("close_reason", JSONValue(p.closeReason)), ("recorded_pnl_usd", JSONValue(p.recordedPnlUSD)),
                ("recorded_pnl_pct", JSONValue(p.recordedPnlPct)), ("recorded_net_roi", JSONValue(p.recordedNetROI)),
                ("trading_fees_usd", JSONValue(p.tradingFeesUSD)), ("funding_fees_usd", JSONValue(p.fundingFeesUSD)),
                ("net_return", JSONValue(p.netReturn)), ("net_pnl_usd", JSONValue(p.netPnlUSD)),
                ("timeframe", JSONValue(p.timeframe)), ("gate_attribution", p.gateAttribution.jsonValue),
                ("quality", .array(p.quality.map { .string($0.description) })),
            ])
        case .positionRemoved(let p):
            .object([("key", p.key.jsonValue), ("side", .string(p.side.description)), ("reason", .string(p.reason))])
        case .recordRejected(let p):
            .object([("reason", .string(p.reason.description)), ("detail", .string(p.detail))])
        case .sourceReset(let p):
            .object([
                ("reason", .string(p.reason.description)), ("previous", p.previous?.jsonValue ?? .null),
                ("previous_offset", EventJSON.uint(p.previousOffset)), ("current", p.current?.jsonValue ?? .null),
            ])
        case .unknown(let raw, let bytes):
            .object([("kind_raw_value", .int(Int64(raw))), ("bytes_hex", .string(EventJSON.hex(bytes)))])
        }
    }
}

extension FieldValue {
    public var jsonValue: JSONValue {
        switch self {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        }
    }
}

/// Small helpers of the JSON rendering.
enum EventJSON {
    static func uint(_ value: UInt64) -> JSONValue {
        value <= UInt64(Int64.max) ? .int(Int64(value)) : .string(String(value))
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let table = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(table[Int(b >> 4)])
            out.append(table[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func name(_ variant: BlockedTradeVariant) -> String {
        switch variant {
        case .hindsight: "hindsight"
        case .counterfactualTracker: "counterfactual_tracker"
        case .convictionGate: "conviction_gate"
        case .beta: "beta"
        }
    }

    static func name(_ variant: ExitVariant) -> String {
        switch variant {
        case .standard: "standard"
        case .zombieExitFields: "zombie_exit_fields"
        case .zombieCorrupted: "zombie_corrupted"
        }
    }
}
