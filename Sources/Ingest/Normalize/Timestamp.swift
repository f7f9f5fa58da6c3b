/// A point in time read from a record, in UTC microseconds since the epoch.
public struct ParsedTimestamp: Sendable, Equatable {
    public var microseconds: Int64
    /// The text had no zone designator and was read as UTC (`DataQualityFlag.naiveTimestamp`).
    public var naive: Bool

    public init(microseconds: Int64, naive: Bool = false) {
        self.microseconds = microseconds
        self.naive = naive
    }
}

/// Parses every timestamp spelling the bot writes (trading-bot-formats.md §0, "timestamp zoo") into UTC µs.
///
/// Hand-written, allocation-free, no `DateFormatter`: it runs once or twice per record on the ingest hot path.
///
/// Accepted:
/// - numbers: epoch **seconds** (int or float); values above 1e12 are epoch **milliseconds** (the enrichment
///   parser's rule). Floats are rounded to the nearest µs.
/// - ISO 8601 text: `YYYY-MM-DD` + `T`, `t` or a space + `HH:MM[:SS[.fraction]]`, fraction of 1–9+ digits (digits
///   beyond µs are truncated), then optionally `Z`/`z`, `±HH:MM`, `±HHMM` or `±HH`. Without a zone the time is read
///   as UTC and flagged `naive`.
///
/// Rejected (nil): anything else, calendar-invalid dates (Feb 30, hour 24, second 60), and instants outside
/// years 1970–9999 (a negative or absurd epoch is a unit error, not a time).
public enum TimestampParser {
    /// Microseconds of 9999-12-31T23:59:59.999999Z, the latest accepted instant.
    static let maximumMicroseconds: Int64 = 253_402_300_799_999_999

    /// Epoch seconds, or milliseconds when above 1e12.
    public static func parse(epoch value: Double) -> ParsedTimestamp? {
        guard value.isFinite, value >= 0 else { return nil }
        let micros = value > 1e12 ? (value * 1_000).rounded() : (value * 1_000_000).rounded()
        guard micros <= Double(maximumMicroseconds) else { return nil }
        return ParsedTimestamp(microseconds: Int64(micros))
    }

    /// Integer epoch seconds, or milliseconds when above 1e12 (exact, no floating point).
    public static func parse(epoch value: Int64) -> ParsedTimestamp? {
        guard value >= 0 else { return nil }
        let (micros, overflow) =
            value > 1_000_000_000_000
            ? value.multipliedReportingOverflow(by: 1_000) : value.multipliedReportingOverflow(by: 1_000_000)
        guard !overflow, micros <= maximumMicroseconds else { return nil }
        return ParsedTimestamp(microseconds: micros)
    }

    public static func parse(_ text: String) -> ParsedTimestamp? {
        var text = text
        return text.withUTF8 { parse(iso: $0) }
    }

    /// ISO 8601 text as UTF-8 bytes.
    public static func parse(iso bytes: UnsafeBufferPointer<UInt8>) -> ParsedTimestamp? {
        var cursor = Cursor(bytes: bytes)
        guard let year = cursor.digits(4), cursor.take(UInt8(ascii: "-")),
            let month = cursor.digits(2), cursor.take(UInt8(ascii: "-")),
            let day = cursor.digits(2)
        else { return nil }
        guard let separator = cursor.next(),
            separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ")
        else { return nil }
        guard let hour = cursor.digits(2), cursor.take(UInt8(ascii: ":")), let minute = cursor.digits(2) else {
            return nil
        }
        var second = 0
        var fractionMicros = 0
        if cursor.take(UInt8(ascii: ":")) {
            guard let s = cursor.digits(2) else { return nil }
            second = s
            if cursor.take(UInt8(ascii: ".")) || cursor.take(UInt8(ascii: ",")) {
                var count = 0
                while let d = cursor.peekDigit() {
                    cursor.advance()
                    if count < 6 { fractionMicros = fractionMicros * 10 + d }
                    count += 1
                }
                guard count > 0 else { return nil }
                for _ in count..<max(count, 6) { fractionMicros *= 10 }
            }
        }
        var offsetSeconds = 0
        var naive = true
        if let zone = cursor.next() {
            naive = false
            switch zone {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"): break
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard let hours = cursor.digits(2), hours <= 23 else { return nil }
                var minutes = 0
                if !cursor.atEnd {
                    _ = cursor.take(UInt8(ascii: ":"))
                    guard let m = cursor.digits(2), m <= 59 else { return nil }
                    minutes = m
                }
                offsetSeconds = (hours * 3600 + minutes * 60) * (zone == UInt8(ascii: "-") ? -1 : 1)
            default: return nil
            }
            guard cursor.atEnd else { return nil }
        }
        // 1969 only as a local date that an offset brings to 1970 or later (checked on the result below).
        guard year >= 1969, (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            hour <= 23, minute <= 59, second <= 59
        else { return nil }
        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        let micros = seconds * 1_000_000 + Int64(fractionMicros)
        guard micros >= 0, micros <= maximumMicroseconds else { return nil }
        return ParsedTimestamp(microseconds: micros, naive: naive)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var atEnd: Bool { position >= bytes.count }

        mutating func next() -> UInt8? {
            guard position < bytes.count else { return nil }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func advance() { position += 1 }

        mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        func peekDigit() -> Int? {
            guard position < bytes.count else { return nil }
            let b = bytes[position]
            return b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") ? Int(b - UInt8(ascii: "0")) : nil
        }

        /// Exactly `count` ASCII digits as a number.
        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let d = peekDigit() else { return nil }
                value = value * 10 + d
                position += 1
            }
            return value
        }
    }
}
