/// How to build one registered fold (`name@version`): its default configuration, and a factory applying
/// `--set key=value` overrides to it.
public struct FoldDescriptor: Sendable {
    public let name: String
    public let version: Int
    /// The default configuration as canonical JSON (sorted keys), for listings and docs.
    public let defaultConfigurationJSON: String
    private let factory: @Sendable ([String: String]) throws(ProjectionsError) -> AnyFold

    public init<F: Fold>(_ type: F.Type) {
        name = F.name
        version = F.version
        defaultConfigurationJSON = String(decoding: ConfigurationCoding.canonicalJSON(F.Configuration()), as: UTF8.self)
        factory = { (overrides: [String: String]) throws(ProjectionsError) -> AnyFold in
            let configuration = try ConfigurationCoding.configuration(F.Configuration.self, overrides: overrides)
            return AnyFold.wrap(F(configuration: configuration))
        }
    }

    public var nameAndVersion: String { "\(name)@\(version)" }

    /// A fresh fold with the default configuration, changed by `overrides` (JSON keys, dotted for nesting).
    public func make(overrides: [String: String] = [:]) throws(ProjectionsError) -> AnyFold {
        try factory(overrides)
    }
}

/// Every fold hindsight can run, each version kept runnable (`allocation@1` beside `allocation@2`), so that
/// the diff command can replay two versions and `replay` can run the newest of each.
///
/// The list is composed by the executable: `ProjectionCatalog.descriptors` (this module) plus
/// `LearnerCatalog.descriptors` (module Learners). Projections never depends on Learners.
public struct FoldRegistry: Sendable {
    /// Sorted by name, then version.
    public let descriptors: [FoldDescriptor]

    public init(_ descriptors: [FoldDescriptor]) throws(ProjectionsError) {
        let sorted = descriptors.sorted { ($0.name, $0.version) < ($1.name, $1.version) }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.name == b.name && a.version == b.version {
            throw ProjectionsError(.duplicate, "fold \(a.nameAndVersion) is registered twice")
        }
        self.descriptors = sorted
    }

    public func descriptor(name: String, version: Int) -> FoldDescriptor? {
        descriptors.first { $0.name == name && $0.version == version }
    }

    /// The highest version registered under `name`.
    public func latest(name: String) -> FoldDescriptor? {
        descriptors.last { $0.name == name }
    }

    /// The newest version of every name, in name order: what `replay` runs.
    public var latestVersions: [FoldDescriptor] {
        var result: [FoldDescriptor] = []
        for d in descriptors {
            if let last = result.last, last.name == d.name { result[result.count - 1] = d } else { result.append(d) }
        }
        return result
    }

    /// Builds `name@version` (the newest version when `version` is nil) with overrides applied.
    public func makeFold(
        name: String,
        version: Int? = nil,
        overrides: [String: String] = [:]
    ) throws(ProjectionsError) -> AnyFold {
        let found = version.map { descriptor(name: name, version: $0) } ?? latest(name: name)
        guard let found else {
            let known = descriptors.map(\.nameAndVersion).joined(separator: ", ")
            let asked = version.map { "\(name)@\($0)" } ?? name
            throw ProjectionsError(.unknownFold, "no fold named \(asked) (registered: \(known))")
        }
        return try found.make(overrides: overrides)
    }

    /// Parses `name` or `name@version` and builds it.
    public func makeFold(spec: String, overrides: [String: String] = [:]) throws(ProjectionsError) -> AnyFold {
        let parts = spec.split(separator: "@", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            guard let v = Int(parts[1]) else {
                throw ProjectionsError(.unknownFold, "'\(spec)' is not name@version (version must be an integer)")
            }
            return try makeFold(name: parts[0], version: v, overrides: overrides)
        }
        return try makeFold(name: spec, version: nil, overrides: overrides)
    }
}
