/// Who produced a state or an export: `name@version` plus the hash of the configuration it ran with.
///
/// Two folds with the same identity, fed the same events, produce byte-identical states and exports.
public struct FoldIdentity: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var name: String
    public var version: Int
    /// FNV-1a 64 of the configuration's canonical JSON (sorted keys); see `ConfigurationCoding`.
    public var configurationHash: UInt64

    public init(name: String, version: Int, configurationHash: UInt64) {
        self.name = name
        self.version = version
        self.configurationHash = configurationHash
    }

    /// `name@version`, the key of the registry and of the CLI.
    public var nameAndVersion: String { "\(name)@\(version)" }

    /// `name@version#hash` with the hash as 16 hex digits.
    public var description: String { "\(name)@\(version)#\(StableHash.hex(configurationHash))" }

    public static func < (a: FoldIdentity, b: FoldIdentity) -> Bool {
        (a.name, a.version, a.configurationHash) < (b.name, b.version, b.configurationHash)
    }
}
