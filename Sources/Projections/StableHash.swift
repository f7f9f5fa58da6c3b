/// FNV-1a 64: a tiny stable hash for configuration identities and fingerprints.
///
/// Why not `Hasher`: Swift seeds `Hasher` per process, so its values change between runs; a fold's identity
/// must be the same today, tomorrow and on another machine.
public enum StableHash {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    public static func fnv1a64<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash = offsetBasis
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* prime
        }
        return hash
    }

    public static func fnv1a64(_ string: String) -> UInt64 { fnv1a64(string.utf8) }

    /// 16 lower-case hex digits, zero-padded.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
