/// 64-bit FNV-1a, written by hand so that fingerprints stored in the log never depend on a library version
/// or on Swift's per-process seeded `Hasher`.
///
/// Used for file head fingerprints, document fingerprints and positions record fingerprints. Not a
/// cryptographic hash: it only has to tell honest rewrites apart, not resist an adversary.
public struct Fingerprint: Sendable {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    public private(set) var value: UInt64 = Fingerprint.offsetBasis

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var h = value
        for b in bytes {
            h = (h ^ UInt64(b)) &* Fingerprint.prime
        }
        value = h
    }

    public mutating func update(_ bytes: some Sequence<UInt8>) {
        var h = value
        for b in bytes {
            h = (h ^ UInt64(b)) &* Fingerprint.prime
        }
        value = h
    }

    /// The fingerprint of `bytes`; an empty input gives 0 so that "nothing hashed yet" is recognisable.
    public static func of(_ bytes: some Collection<UInt8>) -> UInt64 {
        if bytes.isEmpty { return 0 }
        var f = Fingerprint()
        f.update(bytes)
        return f.value
    }

    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        if bytes.isEmpty { return 0 }
        var f = Fingerprint()
        f.update(bytes)
        return f.value
    }
}
