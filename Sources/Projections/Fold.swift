public import EventLog

/// A configuration of a fold: plain data with defaults (`init()` gives them), encodable so that its hash
/// can be part of the fold's identity and so that the CLI can override single keys (`--set key=value`).
public protocol FoldConfiguration: Codable, Sendable, Equatable {
    init()
}

/// A projection or learner: a value-type fold over the event log.
///
/// Rules every conformer keeps (they are what makes a replay reproduce the live run byte for byte):
/// - `apply` reads only the event, its own state and the read-only `FoldContext`: event time only (never the
///   wall clock), no I/O, no randomness without a seed stored in the configuration or state.
/// - No output order from `Dictionary`/`Set` iteration: sort keys when exporting or reporting.
/// - State dictionaries are keyed by `String` or integers, so that the snapshot encoding (sorted keys) is stable.
/// - `apply` stays allocation-light: no JSON building there; exports are built only when asked.
/// - A new behaviour is a new `version` (a new type), the old type stays registered and runnable beside it.
public protocol Fold: Sendable {
    associatedtype Configuration: FoldConfiguration
    associatedtype State: Codable & Sendable

    /// Stable name used by the registry, the CLI and exports (`snake_case`, e.g. `enriched_decisions`).
    static var name: String { get }
    /// Behaviour version; bump it (with a new type) whenever the same events could give a different result.
    static var version: Int { get }

    var configuration: Configuration { get }
    var state: State { get set }

    init(configuration: Configuration)

    /// Folds one event. The context holds the projections every fold may read (price marks, the event-time
    /// watermark, counterfactual outcomes resolved at this event); the pipeline has already applied this
    /// event to them.
    mutating func apply(_ event: Event, context: FoldContext)

    /// `apply` with the event's payload read once by the pipeline and lent to every fold: reading
    /// `event.payload` returns a copy (retaining every string in it), once per fold per event otherwise.
    /// `payload` is always `event.payload`. The default calls `apply(_:context:)`; a fold on the hot path
    /// implements this one and lets `apply(_:context:)` call it.
    mutating func apply(_ event: Event, payload: EventPayload, context: FoldContext)

    /// The files this fold writes, relative to a bot root (`feature_store/x.json`, `logs/y.jsonl`).
    func exports(context: ExportContext) -> [ExportFile]

    /// Facts about this fold for the health export (learning cycles, counters). Defaults to none.
    func report(context: FoldContext) -> FoldReport

    /// Rows finalized since the last call for this fold's append-only exports (one `ExportAppend` per such
    /// file, possibly empty), removed from the state: a row that can no longer change is written once and
    /// forgotten, which keeps the state bounded. Finalization happens in `apply` (event time only), so the
    /// rows and their order are a function of the events folded, whenever this is called. Default: none.
    mutating func takeFinalizedRows() -> [ExportAppend]
}

extension Fold {
    public init() { self.init(configuration: Configuration()) }

    /// `name@version` plus the hash of this instance's configuration.
    public var identity: FoldIdentity {
        FoldIdentity(
            name: Self.name,
            version: Self.version,
            configurationHash: ConfigurationCoding.hash(configuration)
        )
    }

    public func exports(context: ExportContext) -> [ExportFile] { [] }

    public func report(context: FoldContext) -> FoldReport { FoldReport(identity: identity) }

    public mutating func takeFinalizedRows() -> [ExportAppend] { [] }

    public mutating func apply(_ event: Event, payload: EventPayload, context: FoldContext) {
        apply(event, context: context)
    }

    /// Folds a sequence of events with an empty context (no price marks): handy in tests of folds that
    /// do not read the context.
    public mutating func apply<Events: Sequence>(contentsOf events: Events) where Events.Element == Event {
        var context = FoldContext()
        for event in events {
            context.observe(event)
            apply(event, context: context)
        }
    }
}
