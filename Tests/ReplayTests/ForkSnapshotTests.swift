import EventLog
import Projections
import Replay
import Testing

/// A replay encodes its snapshots from a fork of the target on the export writer thread: the fork's states
/// must be the target's, byte for byte.
@Suite struct ForkSnapshotTests {
    @Test("a fork captures the same states as the target it was forked from", arguments: [0, 1, 999, 2_000])
    func forkCapturesTheSameStates(count: Int) throws {
        let target = TestPipelines.enriched()
        for event in SyntheticEvents.make(count: 2_000, seed: 3).prefix(count) { target.apply(event) }
        _ = target.takeFinalizedRows()
        let fork = try #require(target.forkForExports())
        let original = try target.captureStates()
        // The original folds on before the fork is encoded (as on the writer thread): the fork must not move.
        for event in SyntheticEvents.make(count: 3_000, seed: 3).dropFirst(count) { target.apply(event) }
        _ = target.takeFinalizedRows()
        let forked = try fork.captureStates()
        #expect(forked.map(\.identity) == original.map(\.identity))
        for (a, b) in zip(forked, original) { #expect(a.state == b.state, "\(a.identity) differs in the fork") }
    }
}
