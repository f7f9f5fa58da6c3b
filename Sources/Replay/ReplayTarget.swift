public import EventLog
public import Projections

/// What Replay drives: a set of folds that applies events, saves and restores its state, and builds exports.
///
/// `PipelineTarget` adapts the Projections `Pipeline`; the protocol keeps replay, snapshots and `run`
/// independent of how the folds are composed (tests use tiny targets).
public protocol ReplayTarget: AnyObject {
    /// Identity of every saved part (`name@version#hash`), sorted: what a snapshot must match.
    var identities: [String] { get }
    /// Folds one event.
    func apply(_ event: Event)
    /// The state of every part, for a snapshot.
    func captureStates() throws(ReplayError) -> [Snapshot.Entry]
    /// Replaces the state of every part by the entries with the same identity (all must be present).
    func restoreStates(_ entries: [Snapshot.Entry]) throws(ReplayError)
    /// Every whole-file export as of the events applied so far, sorted by path.
    func exports() throws(ReplayError) -> [ExportFile]
    /// Rows finalized since the last call, for the append-only exports (one entry per append-only file, maybe
    /// empty), removed from the state. Default: none.
    func takeFinalizedRows() -> [ExportAppend]
    /// An independent copy whose `exports()` can run on another thread while this one keeps folding; nil when
    /// the target cannot be copied (exports are then built on the calling thread). Default: nil.
    func forkForExports() -> (any ReplayTarget)?
}

extension ReplayTarget {
    public func takeFinalizedRows() -> [ExportAppend] { [] }
    public func forkForExports() -> (any ReplayTarget)? { nil }
}
