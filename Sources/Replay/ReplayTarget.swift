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
    /// Every export file as of the events applied so far, sorted by path.
    func exports() throws(ReplayError) -> [ExportFile]
}
