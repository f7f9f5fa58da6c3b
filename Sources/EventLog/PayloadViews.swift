/// Payloads whose strings are borrowed UTF-8 bytes (e.g. a parsed JSON document's string buffer), for producers
/// that encode straight into a `PayloadWriter` without building `String`s. `decoded()` builds the value type;
/// encoding a view gives the same bytes as encoding its `decoded()` value (tested).
///
/// The buffers must stay valid while the view is used (a view never outlives the document it points into).

/// `DecisionLogged` with borrowed strings (field meanings and units: `DecisionLogged`).
public struct DecisionLoggedView {
    public var symbol: UnsafeBufferPointer<UInt8>
    public var side: Side
    public var sideRaw: UnsafeBufferPointer<UInt8>
    public var disposition: Disposition
    public var dispositionRaw: UnsafeBufferPointer<UInt8>
    public var entryPrice: Double?
    public var blockReason: UnsafeBufferPointer<UInt8>?
    public var blockGate: UnsafeBufferPointer<UInt8>?
    public var strategy: UnsafeBufferPointer<UInt8>?
    public var venue: UnsafeBufferPointer<UInt8>?
    public var ofi: Double?
    public var ensemble: Double?
    public var mtfConfidence: Double?
    public var volatility: Double?
    public var regime: UnsafeBufferPointer<UInt8>?
    public var timeframe: UnsafeBufferPointer<UInt8>?

    public init(
        symbol: UnsafeBufferPointer<UInt8>,
        side: Side,
        sideRaw: UnsafeBufferPointer<UInt8>,
        disposition: Disposition,
        dispositionRaw: UnsafeBufferPointer<UInt8>
    ) {
        self.symbol = symbol
        self.side = side
        self.sideRaw = sideRaw
        self.disposition = disposition
        self.dispositionRaw = dispositionRaw
    }

    public func decoded() -> DecisionLogged {
        DecisionLogged(
            symbol: text(symbol),
            side: side,
            sideRaw: text(sideRaw),
            disposition: disposition,
            dispositionRaw: text(dispositionRaw),
            entryPrice: entryPrice,
            blockReason: blockReason.map(text),
            blockGate: blockGate.map(text),
            strategy: strategy.map(text),
            venue: venue.map(text),
            ofi: ofi,
            ensemble: ensemble,
            mtfConfidence: mtfConfidence,
            volatility: volatility,
            regime: regime.map(text),
            timeframe: timeframe.map(text)
        )
    }
}

/// `SignalOutcomeResolved` with borrowed strings. `horizons` is usually the producer's reused scratch array.
public struct SignalOutcomeView {
    public var symbol: UnsafeBufferPointer<UInt8>
    public var signalName: UnsafeBufferPointer<UInt8>
    public var side: Side
    public var sideRaw: UnsafeBufferPointer<UInt8>
    public var confidence: Double
    public var priceAtSignal: Double
    public var signalTime: Int64
    public var horizons: [HorizonOutcome]
    public var evContribution: Double?
    public var partial: Bool

    public init(
        symbol: UnsafeBufferPointer<UInt8>,
        signalName: UnsafeBufferPointer<UInt8>,
        side: Side,
        sideRaw: UnsafeBufferPointer<UInt8>,
        confidence: Double,
        priceAtSignal: Double,
        signalTime: Int64,
        horizons: [HorizonOutcome],
        evContribution: Double?,
        partial: Bool
    ) {
        self.symbol = symbol
        self.signalName = signalName
        self.side = side
        self.sideRaw = sideRaw
        self.confidence = confidence
        self.priceAtSignal = priceAtSignal
        self.signalTime = signalTime
        self.horizons = horizons
        self.evContribution = evContribution
        self.partial = partial
    }

    public func decoded() -> SignalOutcomeResolved {
        SignalOutcomeResolved(
            symbol: text(symbol),
            signalName: text(signalName),
            side: side,
            sideRaw: text(sideRaw),
            confidence: confidence,
            priceAtSignal: priceAtSignal,
            signalTime: signalTime,
            horizons: horizons,
            evContribution: evContribution,
            partial: partial
        )
    }
}

/// A `String` of UTF-8 bytes (invalid sequences repaired, as every decoder here does).
private func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
