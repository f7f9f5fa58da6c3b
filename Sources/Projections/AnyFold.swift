public import EventLog

/// A fold of any concrete type, so that the registry and the pipeline can hold learners written later
/// (in other modules) beside the projections, and old versions beside new ones.
///
/// A class (with one generic subclass per fold type) rather than an existential: the pipeline calls
/// `apply` on every fold for every event, and a vtable call on a uniquely referenced box mutates the fold
/// in place without copying its state.
public class AnyFold {
    /// The wrapped fold's identity (name, version, configuration hash).
    public let identity: FoldIdentity

    init(identity: FoldIdentity) { self.identity = identity }

    /// Applies one event to the wrapped fold.
    public func apply(_ event: Event, context: FoldContext) { fatalError("abstract") }

    /// Applies one event whose payload the caller read once (`payload` is `event.payload`).
    public func apply(_ event: Event, payload: EventPayload, context: FoldContext) { fatalError("abstract") }

    /// The wrapped fold's exports.
    public func exports(context: ExportContext) -> [ExportFile] { fatalError("abstract") }

    /// The wrapped fold's finalized rows for its append-only exports (see `Fold.takeFinalizedRows`).
    public func takeFinalizedRows() -> [ExportAppend] { fatalError("abstract") }

    /// The wrapped fold's report for the health export.
    public func report(context: FoldContext) -> FoldReport { fatalError("abstract") }

    /// The wrapped fold's configuration as canonical JSON (sorted keys).
    public var configurationJSON: [UInt8] { fatalError("abstract") }

    /// The fold's state in the binary state encoding (`StateCoding`, dictionaries with sorted keys: equal
    /// states give equal bytes), for snapshots; decoding it back gives the same state.
    public func encodeState() throws(ProjectionsError) -> [UInt8] { fatalError("abstract") }

    /// Replaces the fold's state by one produced by `encodeState` of a fold with the same identity.
    public func restoreState(_ bytes: [UInt8]) throws(ProjectionsError) { fatalError("abstract") }

    /// A fresh box with the same configuration and a copy of the current state (folds are values, so the
    /// copy is independent). Lets a caller fork a pipeline, e.g. to run `--to` and then continue.
    public func copy() -> AnyFold { fatalError("abstract") }

    /// The wrapped fold, if it has type `F`.
    public func unwrap<F: Fold>(as type: F.Type) -> F? { nil }

    /// Wraps a concrete fold.
    public static func wrap<F: Fold>(_ fold: F) -> AnyFold { FoldBox(fold) }
}

final class FoldBox<F: Fold>: AnyFold {
    /// Unchecked exclusivity: every call mutates the fold in place through the box, and a dynamic access check
    /// (a runtime call pair per fold per event) cost more than most folds' own work on an event. Nothing
    /// else can reach the box while a call runs (the fold is a value; the pipeline calls folds one at a time).
    @exclusivity(unchecked) var fold: F

    init(_ fold: F) {
        self.fold = fold
        super.init(identity: fold.identity)
    }

    override func apply(_ event: Event, context: FoldContext) { fold.apply(event, context: context) }

    override func apply(_ event: Event, payload: EventPayload, context: FoldContext) {
        fold.apply(event, payload: payload, context: context)
    }

    override func exports(context: ExportContext) -> [ExportFile] { fold.exports(context: context) }

    override func report(context: FoldContext) -> FoldReport { fold.report(context: context) }

    override func takeFinalizedRows() -> [ExportAppend] { fold.takeFinalizedRows() }

    override var configurationJSON: [UInt8] { ConfigurationCoding.canonicalJSON(fold.configuration) }

    override func encodeState() throws(ProjectionsError) -> [UInt8] {
        do {
            return try StateCoding.encode(fold.state)
        } catch {
            throw ProjectionsError(.invalidState, "cannot encode the state of \(identity): \(error)")
        }
    }

    override func restoreState(_ bytes: [UInt8]) throws(ProjectionsError) {
        do {
            fold.state = try StateCoding.decode(F.State.self, from: bytes)
        } catch {
            throw ProjectionsError(.invalidState, "cannot decode a state of \(identity): \(error)")
        }
    }

    override func copy() -> AnyFold { FoldBox(fold) }

    override func unwrap<G: Fold>(as type: G.Type) -> G? { fold as? G }
}
