public import EventLog

extension Side {
    /// Reads any spelling the bot writes, case-insensitively: `LONG`/`long`, `SHORT`/`short`,
    /// `STRONG_LONG`/`STRONG_SHORT` (the `ofi_momentum` component's strong variants), `BUY`/`SELL`;
    /// `NEUTRAL` and anything unrecognised become `.neutral`. The caller keeps the raw spelling beside it.
    public init(normalizing raw: some Collection<UInt8>) {
        if equalsIgnoringCase(raw, "LONG") || equalsIgnoringCase(raw, "STRONG_LONG") || equalsIgnoringCase(raw, "BUY") {
            self = .long
        } else if equalsIgnoringCase(raw, "SHORT") || equalsIgnoringCase(raw, "STRONG_SHORT")
            || equalsIgnoringCase(raw, "SELL")
        {
            self = .short
        } else {
            self = .neutral
        }
    }

    /// True for the bot's canonical spellings `LONG` and `SHORT` (positions compare `== "LONG"`, so any other
    /// spelling of a long position is booked with short-side P&L by the bot: `DataQualityFlag.nonCanonicalDirection`).
    public static func isCanonical(_ raw: String) -> Bool { raw == "LONG" || raw == "SHORT" }
}

extension Disposition {
    /// `executed`/`blocked`/`warned`/`skipped`/`partial` in any case; anything else is `.other` (raw kept by the caller).
    public init(normalizing raw: some Collection<UInt8>) {
        if equalsIgnoringCase(raw, "EXECUTED") {
            self = .executed
        } else if equalsIgnoringCase(raw, "BLOCKED") {
            self = .blocked
        } else if equalsIgnoringCase(raw, "WARNED") {
            self = .warned
        } else if equalsIgnoringCase(raw, "SKIPPED") {
            self = .skipped
        } else if equalsIgnoringCase(raw, "PARTIAL") {
            self = .partial
        } else {
            self = .other
        }
    }
}

/// ASCII case-insensitive comparison of raw bytes with an upper-case spelling, without allocating.
private func equalsIgnoringCase(_ raw: some Collection<UInt8>, _ upper: StaticString) -> Bool {
    guard raw.count == upper.utf8CodeUnitCount else { return false }
    var p = upper.utf8Start
    for byte in raw {
        let folded = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
        guard folded == p.pointee else { return false }
        p += 1
    }
    return true
}
