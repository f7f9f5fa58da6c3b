import Replay
import Testing

@Suite struct LogPointTests {
    @Test func digitsAreSequenceNumbers() throws {
        #expect(try LogPoint(parsing: "0") == .sequence(0))
        #expect(try LogPoint(parsing: " 4711 ") == .sequence(4711))
    }

    @Test(arguments: [
        ("2026-01-09", "2026-01-09T00:00:00Z"),
        ("2026-01-09T20:02", "2026-01-09T20:02:00Z"),
        ("2026-01-09T20:02:06Z", "2026-01-09T20:02:06Z"),
        ("2026-01-09 20:02:06.5", "2026-01-09T20:02:06.500000Z"),
        ("2026-01-09T22:02:06+02:00", "2026-01-09T20:02:06Z"),
        ("2026-01-09T18:02:06-0200", "2026-01-09T20:02:06Z"),
        ("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"),
        ("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"),
    ])
    func timesParseToUTCMicroseconds(input: String, canonical: String) throws {
        guard case .eventTime(let micros) = try LogPoint(parsing: input) else {
            Issue.record("\(input) did not parse as a time")
            return
        }
        #expect(ISOTimestamp.format(micros) == canonical)
    }

    @Test func knownEpochValues() {
        #expect(ISOTimestamp.parseMicros("1970-01-01T00:00:00Z") == 0)
        #expect(ISOTimestamp.parseMicros("2026-01-09T20:02:06Z") == 1_767_988_926_000_000)
        #expect(ISOTimestamp.dayNumber(-1) == -1)
        #expect(ISOTimestamp.formatDay(0) == "1970-01-01")
    }

    @Test(arguments: ["", "yesterday", "2026-13-01", "2023-02-29", "2026-01-09T25:00", "2026-01-09T20:02:06ZZ", "-5"])
    func garbageIsAnErrorNamingTheInput(input: String) {
        #expect(throws: ReplayError.self) { try LogPoint(parsing: input) }
        do {
            _ = try LogPoint(parsing: input)
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("'\(input)'"))
        }
    }

    @Test func formatRoundTripsOverARangeOfTimes() {
        var micros: Int64 = -86_400_000_000 * 800
        while micros < 86_400_000_000 * 30_000 {
            #expect(ISOTimestamp.parseMicros(ISOTimestamp.format(micros)) == micros)
            micros += 86_400_000_000 * 37 + 3_723_000_417
        }
    }
}
