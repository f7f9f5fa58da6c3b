public import EventLog
public import Projections

/// Adapts a Projections `Pipeline` to `ReplayTarget`: applies events, saves and restores every part (the
/// shared context, price marks and counterfactual, then each fold), and builds the exports.
public final class PipelineTarget: ReplayTarget {
    public let pipeline: Pipeline
    public let identities: [String]
    private let sharedIdentity: String

    public init(_ pipeline: Pipeline) {
        self.pipeline = pipeline
        sharedIdentity = Self.sharedIdentity(pipeline)
        identities = ([sharedIdentity] + pipeline.folds.map(\.identity.description)).sorted()
    }

    public func apply(_ event: Event) { pipeline.apply(event) }

    public func captureStates() throws(ReplayError) -> [Snapshot.Entry] {
        let shared = SharedState(
            watermark: pipeline.context.watermark,
            eventCount: pipeline.context.eventCount,
            priceMarks: pipeline.context.priceMarks.state,
            counterfactual: pipeline.counterfactual.state
        )
        var entries = [Snapshot.Entry(identity: sharedIdentity, state: try Self.encode(shared))]
        for fold in pipeline.folds {
            do {
                entries.append(Snapshot.Entry(identity: fold.identity.description, state: try fold.encodeState()))
            } catch {
                throw ReplayError(.fold, error.message)
            }
        }
        return entries
    }

    public func restoreStates(_ entries: [Snapshot.Entry]) throws(ReplayError) {
        func entry(_ identity: String) throws(ReplayError) -> Snapshot.Entry {
            guard let found = entries.first(where: { $0.identity == identity }) else {
                throw ReplayError(.staleSnapshot, "the snapshot has no state for \(identity)")
            }
            return found
        }
        let shared: SharedState
        do {
            shared = try StateCoding.decode(SharedState.self, from: try entry(sharedIdentity).state)
        } catch let error as ReplayError {
            throw error
        } catch {
            throw ReplayError(.corruptSnapshot, "cannot decode the shared state \(sharedIdentity): \(error)")
        }
        var context = FoldContext(
            watermark: shared.watermark,
            eventCount: shared.eventCount,
            priceMarks: PriceMarks(configuration: pipeline.configuration.priceMarks)
        )
        context.priceMarks.state = shared.priceMarks
        pipeline.restoreShared(context: context, counterfactual: shared.counterfactual)
        for fold in pipeline.folds {
            let saved = try entry(fold.identity.description)
            do {
                try fold.restoreState(saved.state)
            } catch {
                throw ReplayError(.corruptSnapshot, error.message)
            }
        }
    }

    public func exports() throws(ReplayError) -> [ExportFile] {
        do {
            return try pipeline.exports()
        } catch {
            throw ReplayError(.export, error.message)
        }
    }

    /// The state of the projections every fold reads through the context.
    struct SharedState: Codable {
        var watermark: Int64
        var eventCount: UInt64
        var priceMarks: PriceMarks.State
        var counterfactual: Counterfactual.State
    }

    /// `pipeline_shared@1#hash`, the hash covering both shared configurations (a change to either makes
    /// older snapshots stale).
    static func sharedIdentity(_ pipeline: Pipeline) -> String {
        let marks = PriceMarks(configuration: pipeline.configuration.priceMarks).identity.description
        let counterfactual = pipeline.counterfactual.identity.description
        let hash = StableHash.fnv1a64(Array("\(marks)|\(counterfactual)".utf8))
        return "pipeline_shared@1#\(StableHash.hex(hash))"
    }

    private static func encode(_ shared: SharedState) throws(ReplayError) -> [UInt8] {
        do {
            return try StateCoding.encode(shared)
        } catch {
            throw ReplayError(.fold, "cannot encode the shared state: \(error)")
        }
    }
}
