/// Formats event times (UTC microseconds) the way the bot's learner files spell them. Pure integer
/// arithmetic (no Foundation, no time zone database), so exports are identical on every machine.
enum UTCTimestampFormat {
    /// Python's naive `datetime.utcnow().isoformat()`: `2025-12-14T17:56:32.043008`, and without the fraction
    /// when the microseconds are zero (`2025-12-14T12:00:00`), exactly as `isoformat()` does.
    static func pythonNaive(_ micros: Int64) -> String {
        let (date, seconds, fraction) = split(micros)
        return fraction == 0 ? "\(date)T\(seconds)" : "\(date)T\(seconds).\(pad(Int64(fraction), 6))"
    }

    /// ISO 8601 with a `Z` and whole seconds (`2026-01-09T20:02:06Z`), the shape seed 004 shows.
    static func isoZulu(_ micros: Int64) -> String {
        let (date, seconds, _) = split(micros)
        return "\(date)T\(seconds)Z"
    }

    private static func split(_ micros: Int64) -> (date: String, time: String, fraction: Int64) {
        let (secondsTotal, fraction) = floorDivide(micros, 1_000_000)
        let (days, secondOfDay) = floorDivide(secondsTotal, 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        let time = "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        return (date, time, fraction)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// Howard Hinnant's `civil_from_days` (proleptic Gregorian calendar).
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
