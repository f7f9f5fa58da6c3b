import ArgumentParser
import HindsightJSON
import Learners
import Projections
import Replay

/// `hindsight learners [--json]`: every projection and learner with its versions and default configuration,
/// so users know what `diff` can compare and which keys `--set-a/--set-b` accept.
struct LearnersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learners",
        abstract: "List every projection and learner, their versions and default configurations."
    )

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let registry: FoldRegistry
        do throws(ReplayError) {
            registry = try ReplayCatalog.registry()
        } catch {
            throw ReplayCLI.fail(error)
        }
        let latest = Set(registry.latestVersions.map(\.nameAndVersion))
        let learnerNames = Set(LearnerCatalog.descriptors.map(\.name))
        if json {
            let folds: [JSONValue] = registry.descriptors.map { d in
                let variants = LearnerCatalog.variants.filter { $0.fold == d.nameAndVersion }
                return [
                    "fold": .string(d.nameAndVersion),
                    "name": .string(d.name),
                    "version": .int(Int64(d.version)),
                    "kind": .string(learnerNames.contains(d.name) ? "learner" : "projection"),
                    "latest": .bool(latest.contains(d.nameAndVersion)),
                    "default_configuration": .string(d.defaultConfigurationJSON),
                    "variants": .array(
                        variants.map { v in
                            [
                                "name": .string(v.name),
                                "overrides": .object(v.overrides.keys.sorted().map { ($0, .string(v.overrides[$0]!)) }),
                            ]
                        }
                    ),
                ]
            }
            ReplayCLI.printJSON([
                "folds": .array(folds),
                "shared_projections": [
                    .string("price_marks@\(PriceMarks.version)"), .string("counterfactual@\(Counterfactual.version)"),
                ],
            ])
            return
        }
        print("Folds (replay runs the newest version of each; diff compares any two, e.g. allocation@1 allocation@2):")
        for d in registry.descriptors {
            let kind = learnerNames.contains(d.name) ? "learner" : "projection"
            let mark = latest.contains(d.nameAndVersion) ? " (latest)" : ""
            print("")
            print("  \(d.nameAndVersion)  [\(kind)]\(mark)")
            print("    defaults: \(d.defaultConfigurationJSON)")
            for v in LearnerCatalog.variants where v.fold == d.nameAndVersion {
                let sets = v.overrides.keys.sorted().map { "--set-b \($0)=\(v.overrides[$0]!)" }.joined(separator: " ")
                print("    variant \(v.name): hindsight diff \(d.nameAndVersion) \(d.nameAndVersion) \(sets)")
            }
        }
        print("")
        print(
            "Shared projections every pipeline runs first (read by folds through the context): price_marks@\(PriceMarks.version), counterfactual@\(Counterfactual.version)"
        )
    }
}
