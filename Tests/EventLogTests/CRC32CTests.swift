import HindsightTestSupport
import PropertyBased
import Testing

@testable import EventLog

struct CRC32CTests {
    /// Bytes from a seed, so a failing case is reproducible from the reported inputs.
    private static func bytes(count: Int, seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    @Test("the dispatching CRC equals the software CRC on random inputs, lengths, offsets and seeds (property)")
    func matchesSoftware() async {
        // Lengths up to 100 KiB cross the hardware path's 24 KiB three-stream rounds and its byte tail.
        await propertyCheck(
            count: 120,
            input: Gen.uint64(in: 0...UInt64.max),
            Gen.int(in: 0...100_000),
            Gen.int(in: 0...7),
            Gen.uint32(in: 0...UInt32.max)
        ) { seed, length, offset, start in
            let data = Self.bytes(count: length + offset, seed: seed)
            data.withUnsafeBytes { raw in
                // An unaligned start exercises the 8-byte loads at every alignment.
                let slice = UnsafeRawBufferPointer(rebasing: raw[offset...])
                #expect(CRC32C.checksum(slice, continuing: start) == CRC32C.software(slice, continuing: start))
            }
        }
    }

    @Test("exact multiples of the three-stream round, and one byte around them, match the software CRC")
    func roundBoundaries() {
        for length in [0, 1, 7, 8, 9, 24_575, 24_576, 24_577, 49_152, 3 * 24_576 + 5] {
            let data = Self.bytes(count: length, seed: UInt64(length))
            data.withUnsafeBytes { raw in
                #expect(CRC32C.checksum(raw) == CRC32C.software(raw), "length \(length)")
            }
        }
    }

    @Test("the software CRC matches the standard check value, so the comparison above is against a right oracle")
    func softwareCheckValue() {
        Array("123456789".utf8).withUnsafeBytes { raw in
            #expect(CRC32C.software(raw) == 0xE306_9283)
        }
    }

    #if arch(x86_64)
    @Test("x86-64 machines with SSE4.2 use the instruction")
    func hardwareOnX86() {
        // Every x86-64 CPU since 2008 (Nehalem) has SSE4.2; CI and the benchmark machine do.
        #expect(CRC32C.usesHardware)
    }
    #endif
}
