import Learners
public import Projections

/// Every fold hindsight can run: the projections and the learners, each version kept. What `replay` runs
/// (`latestVersions`), what `diff` builds sides from, and what `learners` lists.
public enum ReplayCatalog {
    public static func registry() throws(ReplayError) -> FoldRegistry {
        do {
            return try FoldRegistry(ProjectionCatalog.descriptors + LearnerCatalog.descriptors)
        } catch {
            throw ReplayError(.fold, error.message)
        }
    }

    /// The default pipeline: the newest version of every registered fold.
    public static func defaultPipeline(
        _ registry: FoldRegistry,
        configuration: PipelineConfiguration = PipelineConfiguration()
    ) throws(ReplayError) -> Pipeline {
        var folds: [AnyFold] = []
        for descriptor in registry.latestVersions {
            do {
                folds.append(try descriptor.make())
            } catch {
                throw ReplayError(.fold, error.message)
            }
        }
        return Pipeline(configuration: configuration, folds: folds)
    }

    /// Builds one side of a diff from `name@version` (or `name`) and `key=value` overrides.
    public static func diffSide(
        _ spec: String,
        overrides: [String: String],
        registry: FoldRegistry
    ) throws(ReplayError) -> DiffSide {
        let fold: AnyFold
        do {
            fold = try registry.makeFold(spec: spec, overrides: overrides)
        } catch {
            throw ReplayError(.invalidArgument, error.message)
        }
        let label =
            overrides.isEmpty
            ? spec : spec + " " + overrides.keys.sorted().map { "\($0)=\(overrides[$0]!)" }.joined(separator: " ")
        return DiffSide(label: label, fold: fold, probe: LearnerProbes.probe(for: fold))
    }
}
