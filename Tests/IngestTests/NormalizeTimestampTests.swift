import Ingest
import Testing

@Suite("Normalize: timestamp zoo")
struct NormalizeTimestampTests {
    /// Expected values computed with CPython `datetime.fromisoformat` (naive read as UTC).
    static let pythonISO: [(String, Int64, Bool)] = [
        ("2025-12-15T18:33:20.512345", 1_765_823_600_512_345, true),
        ("2025-12-11T20:21:28.918595Z", 1_765_484_488_918_595, false),
        ("2025-12-09T14:28:01.422187-07:00", 1_765_315_681_422_187, false),
        ("2025-12-15 10:18:19.868984-07:00", 1_765_819_099_868_984, false),
        ("2025-12-13T18:41:55Z", 1_765_651_315_000_000, false),
        ("2025-12-13T18:41:55.4Z", 1_765_651_315_400_000, false),
        ("2025-12-13T18:41:55.456+05:30", 1_765_631_515_456_000, false),
        ("2024-02-29T00:00:00+00:00", 1_709_164_800_000_000, false),
        ("2000-01-01T00:00:00", 946_684_800_000_000, true),
        ("1970-01-01T00:00:00Z", 0, false),
        ("2025-12-26T18:38:32.220467", 1_766_774_312_220_467, true),
        ("2025-06-30T23:59:59.999999-00:00", 1_751_327_999_999_999, false),
        ("2025-12-15T20:28:39.729311Z", 1_765_830_519_729_311, false),
    ]

    @Test("ISO spellings from the reference match Python", arguments: pythonISO)
    func iso(text: String, micros: Int64, naive: Bool) {
        #expect(TimestampParser.parse(text) == ParsedTimestamp(microseconds: micros, naive: naive))
    }

    @Test("zone forms, separators, fraction lengths")
    func forms() {
        let base: Int64 = 1_765_651_315_000_000  // 2025-12-13T18:41:55Z
        #expect(TimestampParser.parse("2025-12-13t18:41:55z")?.microseconds == base)
        #expect(TimestampParser.parse("2025-12-13 18:41:55+0000")?.microseconds == base)
        #expect(TimestampParser.parse("2025-12-13T11:41:55-07")?.microseconds == base)
        #expect(TimestampParser.parse("2025-12-13T11:41:55-0700")?.microseconds == base)
        #expect(TimestampParser.parse("2025-12-13T18:41Z")?.microseconds == base - 55_000_000)
        #expect(TimestampParser.parse("2025-12-13T18:41:55.1")?.microseconds == base + 100_000)
        #expect(TimestampParser.parse("2025-12-13T18:41:55.12")?.microseconds == base + 120_000)
        #expect(TimestampParser.parse("2025-12-13T18:41:55.123456789Z")?.microseconds == base + 123_456)
        #expect(TimestampParser.parse("2025-12-13T18:41:55.000001")?.naive == true)
    }

    @Test(
        "invalid text is rejected",
        arguments: [
            "", "2025", "2025-12-13", "2025-12-13T", "2025-13-01T00:00:00", "2025-02-29T00:00:00",
            "2025-12-32T00:00:00",
            "2025-12-13T24:00:00", "2025-12-13T23:60:00", "2025-12-13T23:59:60", "2025-12-13T18:41:55.",
            "2025-12-13X18:41:55",
            "2025-12-13T18:41:55 Z", "2025-12-13T18:41:55+25:00", "2025-12-13T18:41:55+05:61",
            "2025-12-13T18:41:55Zjunk",
            "1969-12-31T23:59:59Z", "25-12-13T18:41:55", "2025/12/13T18:41:55", "1765823600", "２０２５-12-13T18:41:55",
        ]
    )
    func invalid(text: String) {
        #expect(TimestampParser.parse(text) == nil)
    }

    @Test("epoch numbers: seconds, float seconds, milliseconds above 1e12")
    func epochs() {
        #expect(
            TimestampParser.parse(epoch: Int64(1_765_823_600)) == ParsedTimestamp(microseconds: 1_765_823_600_000_000)
        )
        #expect(TimestampParser.parse(epoch: 1_765_830_519.7292733)?.microseconds == 1_765_830_519_729_273)
        #expect(TimestampParser.parse(epoch: Int64(1_765_823_600_123))?.microseconds == 1_765_823_600_123_000)
        #expect(TimestampParser.parse(epoch: 1_765_823_600_123.5)?.microseconds == 1_765_823_600_123_500)
        #expect(TimestampParser.parse(epoch: Int64(-1)) == nil)
        #expect(TimestampParser.parse(epoch: Double.nan) == nil)
        #expect(TimestampParser.parse(epoch: 1e300) == nil)
        #expect(TimestampParser.parse(epoch: Int64.max) == nil)
    }

    @Test("every instant round-trips through every ISO spelling (seeded)", arguments: [1, 2, 3])
    func roundTrip(seed: UInt64) {
        var rng = NormalizeRNG(seed: seed)
        for _ in 0..<3000 {
            let micros = Int64(rng.next() % 7_000_000_000_000_000)  // 1970 … 2191
            let offsetMinutes = Int(rng.next() % 1_500) - 750
            for style in 0..<4 {
                let text = ISOFormatter.format(micros: micros, offsetMinutes: offsetMinutes, style: style)
                let parsed = TimestampParser.parse(text)
                let expectedMicros = style == 3 ? micros / 1_000_000 * 1_000_000 : micros
                #expect(parsed?.microseconds == expectedMicros, "\(text)")
                #expect(parsed?.naive == (style == 0), "\(text)")
            }
        }
    }
}

/// Test-side ISO formatter (civil-from-days, Howard Hinnant), independent of the parser under test.
enum ISOFormatter {
    /// style 0: naive with µs; 1: `Z` with µs; 2: `±HH:MM` offset with µs, space separator; 3: offset, no fraction.
    static func format(micros: Int64, offsetMinutes: Int, style: Int) -> String {
        let offset = style >= 2 ? offsetMinutes : 0
        let local = micros + Int64(offset) * 60_000_000
        let seconds = local >= 0 ? local / 1_000_000 : (local - 999_999) / 1_000_000
        let fraction = Int(local - seconds * 1_000_000)
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let (y, m, d) = civil(days: days)
        func pad(_ v: Int, _ n: Int) -> String {
            String(repeating: "0", count: max(0, n - String(v).count)) + String(v)
        }
        let date = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
        let time = "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        let zone =
            offset < 0
            ? "-\(pad(-offset / 60, 2)):\(pad(-offset % 60, 2))" : "+\(pad(offset / 60, 2)):\(pad(offset % 60, 2))"
        switch style {
        case 0: return "\(date)T\(time).\(pad(fraction, 6))"
        case 1: return "\(date)T\(time).\(pad(fraction, 6))Z"
        case 2: return "\(date) \(time).\(pad(fraction, 6))\(zone)"
        default:
            // Without a fraction the instant is truncated to the second in UTC; offsets are whole minutes.
            return "\(date)T\(time)\(zone)"
        }
    }

    static func civil(days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// Seeded generator for reproducible inputs in the normalizer tests.
struct NormalizeRNG: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
