import HindsightJSON
import Testing

@testable import Projections

/// The byte-direct fast paths of `JSONLineBuilder` write exactly what the general writers write.
@Suite struct JSONLineBuilderTests {
    @Test func stringFastPathMatchesTheGeneralWriter() {
        let samples = [
            "", "BTCUSDT", "Fee drag", "quote \" inside", "back\\slash", "tab\tnew\nline", "\u{0}\u{1F}", "DEL\u{7F}",
            "ünïcödé", "emoji 🚀", "Phase 9.3 exposure cap reached (0.34)", "/slash/",
        ]
        for s in samples {
            var builder = JSONLineBuilder()
            builder.string(s)
            var expected: [UInt8] = []
            JSONWriter.appendString(s, to: &expected)
            #expect(builder.bytes == expected, "\(s)")
        }
    }

    @Test func timestampFastPathMatchesUTCTime() {
        let day: Int64 = 86_400_000_000
        var samples: [Int64] = [0, -1, 1, 999_999, 1_000_000, -1_000_000, 951_782_400_000_000, 4_102_444_799_999_999]
        samples += [253_402_300_800_000_000, -62_167_219_200_000_001, 1_765_756_800_123_456]
        for k in 0..<2_000 { samples.append(Int64(k) * (day / 7 + 12_345_679) - 300 * day) }
        for micros in samples {
            var builder = JSONLineBuilder()
            builder.iso8601(micros)
            var expected = JSONLineBuilder()
            expected.string(UTCTime.iso8601(micros))
            #expect(builder.bytes == expected.bytes, "\(micros)")
        }
    }
}
