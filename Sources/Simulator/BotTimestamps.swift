/// The timestamp spellings of the reference bot (trading-bot-formats.md §0, "timestamp zoo"), built from UTC
/// microseconds without Foundation so that formatting is fast and independent of the host's zone.
enum BotTimestamps {
    /// America/Phoenix: UTC−7 all year (no daylight saving), the zone of `get_arizona_time()`.
    static let arizonaOffsetSeconds: Int64 = -7 * 3600

    /// `2025-12-15T18:33:20.512345` (naive UTC, Python `datetime.isoformat()`: no fraction when µs == 0).
    static func naiveUTC(_ micros: Int64) -> String { iso(micros, offsetSeconds: 0, suffix: "") }

    /// `2025-12-15T18:33:20.512345Z`.
    static func zulu(_ micros: Int64) -> String { iso(micros, offsetSeconds: 0, suffix: "Z") }

    /// `2025-12-15T18:33:20.512345+00:00` (`datetime.now(timezone.utc).isoformat()`).
    static func utcOffset(_ micros: Int64) -> String { iso(micros, offsetSeconds: 0, suffix: "+00:00") }

    /// `2025-12-15T11:33:20.512345-07:00` (Arizona local time with its offset).
    static func arizona(_ micros: Int64) -> String {
        iso(micros, offsetSeconds: arizonaOffsetSeconds, suffix: "-07:00")
    }

    /// Arizona wall time without an offset: the zombie-cleanup `closed_at` spelling.
    static func arizonaNaive(_ micros: Int64) -> String { iso(micros, offsetSeconds: arizonaOffsetSeconds, suffix: "") }

    /// Python `time.time()`-style float seconds.
    static func epochSeconds(_ micros: Int64) -> Double { Double(micros) / 1_000_000 }

    /// Whole epoch seconds (`int(time.time())`).
    static func wholeSeconds(_ micros: Int64) -> Int64 {
        micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
    }

    /// Hour of day in UTC.
    static func utcHour(_ micros: Int64) -> Int { Int((wholeSeconds(micros) % 86_400 + 86_400) % 86_400 / 3600) }

    private static func iso(_ micros: Int64, offsetSeconds: Int64, suffix: String) -> String {
        let local = micros + offsetSeconds * 1_000_000
        let seconds = wholeSeconds(local)
        let fraction = local - seconds * 1_000_000
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Howard Hinnant's civil_from_days.
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        var out = [UInt8]()
        out.reserveCapacity(32)
        func put(_ value: Int64, width: Int) {
            let base = out.count
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
            var v = value
            for i in stride(from: base + width - 1, through: base, by: -1) {
                out[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            }
        }
        put(year, width: 4)
        out.append(UInt8(ascii: "-"))
        put(month, width: 2)
        out.append(UInt8(ascii: "-"))
        put(day, width: 2)
        out.append(UInt8(ascii: "T"))
        put(secondOfDay / 3600, width: 2)
        out.append(UInt8(ascii: ":"))
        put(secondOfDay % 3600 / 60, width: 2)
        out.append(UInt8(ascii: ":"))
        put(secondOfDay % 60, width: 2)
        if fraction != 0 {
            out.append(UInt8(ascii: "."))
            put(fraction, width: 6)
        }
        out.append(contentsOf: suffix.utf8)
        return String(decoding: out, as: UTF8.self)
    }
}
