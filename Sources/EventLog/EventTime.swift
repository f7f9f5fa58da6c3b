/// Event times (UTC microseconds) to and from text, without Foundation or the host's time zone: the CLI's
/// `--since` and the JSON rendering of events. (`Projections.UTCTime` formats identically; EventLog cannot
/// depend on Projections, hence this small twin.)
public enum EventTime {
    /// `2025-12-15T18:33:20.512345Z` (microseconds always shown).
    public static func iso8601(_ micros: Int64) -> String {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(fraction, 6))Z"
    }

    /// Parses ISO-8601 (`2026-01-02`, `2026-01-02T03:04:05`, with optional fraction, `Z` or `±HH:MM`;
    /// no zone means UTC) or epoch seconds (`1767225600`, `1767225600.5`). Returns UTC microseconds, or
    /// nil when the text is neither.
    public static func parse(_ text: String) -> Int64? {
        let s = Array(text.utf8)
        guard !s.isEmpty else { return nil }
        if s.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D }), !s.dropFirst().contains(0x2D) {
            return epochSeconds(s)
        }
        var i = 0
        func number(_ width: Int) -> Int64? {
            guard i + width <= s.count else { return nil }
            var value: Int64 = 0
            for byte in s[i..<(i + width)] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            i += width
            return value
        }
        func take(_ byte: UInt8) -> Bool {
            if i < s.count && s[i] == byte {
                i += 1
                return true
            }
            return false
        }
        guard let year = number(4), take(0x2D), let month = number(2), take(0x2D), let day = number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour: Int64 = 0
        var minute: Int64 = 0
        var second: Int64 = 0
        var micros: Int64 = 0
        if take(0x54) || take(0x74) || take(0x20) {
            guard let h = number(2), take(0x3A), let m = number(2), h < 24, m < 60 else { return nil }
            hour = h
            minute = m
            if take(0x3A) {
                guard let sec = number(2), sec < 61 else { return nil }
                second = sec
                if take(0x2E) || take(0x2C) {
                    var digits = 0
                    while i < s.count, s[i] >= 0x30 && s[i] <= 0x39 {
                        if digits < 6 { micros = micros * 10 + Int64(s[i] - 0x30) }
                        digits += 1
                        i += 1
                    }
                    guard digits > 0 else { return nil }
                    for _ in digits..<max(digits, 6) { micros *= 10 }
                }
            }
        }
        var offsetSeconds: Int64 = 0
        if take(0x5A) || take(0x7A) {
        } else if i < s.count, s[i] == 0x2B || s[i] == 0x2D {
            let sign: Int64 = s[i] == 0x2D ? -1 : 1
            i += 1
            guard let h = number(2) else { return nil }
            _ = take(0x3A)
            let m = number(2) ?? 0
            offsetSeconds = sign * (h * 3600 + m * 60)
        }
        guard i == s.count else { return nil }
        let days = days(fromCivil: year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return seconds * 1_000_000 + micros
    }

    private static func epochSeconds(_ s: [UInt8]) -> Int64? {
        let text = String(decoding: s, as: UTF8.self)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]) else { return nil }
        var micros: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1].prefix(6)
            guard !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber), let f = Int64(fraction) else { return nil }
            micros = f * Int64((0..<(6 - fraction.count)).reduce(1) { r, _ in r * 10 })
            if whole < 0 || parts[0].hasPrefix("-") { micros = -micros }
        }
        let (product, overflow) = whole.multipliedReportingOverflow(by: 1_000_000)
        return overflow ? nil : product + micros
    }

    // Howard Hinnant's civil calendar algorithms (proleptic Gregorian).
    private static func civil(fromDays daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let days = daysSinceEpoch + 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
