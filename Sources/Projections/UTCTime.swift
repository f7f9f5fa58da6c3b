/// Formats event times (UTC µs) for exports without Foundation's formatters or the host's time zone.
public enum UTCTime {
    /// `2025-12-15T18:33:20.512345Z` (microseconds always shown, so widths never vary).
    public static func iso8601(_ micros: Int64) -> String { iso(micros, suffix: "Z") }

    /// `2025-12-15T18:33:20.512345`: the naive-UTC form the reference bot writes in `updated_at`/`last_check`.
    public static func naive(_ micros: Int64) -> String { iso(micros, suffix: "") }

    /// Whole seconds since the epoch, rounded down (the bot's integer `ts`).
    public static func epochSeconds(_ micros: Int64) -> Int64 {
        micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
    }

    private static func iso(_ micros: Int64, suffix: String) -> String {
        let (year, month, day, secondOfDay, fraction) = fields(micros)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(fraction, 6))\(suffix)"
    }

    /// Calendar fields of a UTC µs time: year, month, day, second of the day, microseconds.
    static func fields(_ micros: Int64) -> (year: Int64, month: Int64, day: Int64, secondOfDay: Int64, fraction: Int64)
    {
        let seconds = epochSeconds(micros)
        let fraction = micros - seconds * 1_000_000
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil-from-days (Howard Hinnant's algorithm), proleptic Gregorian calendar.
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay, fraction)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
