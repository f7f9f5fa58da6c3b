public import EventLog

extension Side {
    /// Reads any spelling the bot writes, case-insensitively: `LONG`/`long`, `SHORT`/`short`,
    /// `STRONG_LONG`/`STRONG_SHORT` (the `ofi_momentum` component's strong variants), `BUY`/`SELL`;
    /// `NEUTRAL` and anything unrecognised become `.neutral`. The caller keeps the raw spelling beside it.
    public init(normalizing raw: some Collection<UInt8>) {
        switch asciiUppercased(raw) {
        case "LONG", "STRONG_LONG", "BUY": self = .long
        case "SHORT", "STRONG_SHORT", "SELL": self = .short
        default: self = .neutral
        }
    }

    /// True for the bot's canonical spellings `LONG` and `SHORT` (positions compare `== "LONG"`, so any other
    /// spelling of a long position is booked with short-side P&L by the bot: `DataQualityFlag.nonCanonicalDirection`).
    public static func isCanonical(_ raw: String) -> Bool { raw == "LONG" || raw == "SHORT" }
}

extension Disposition {
    /// `executed`/`blocked`/`warned`/`skipped`/`partial` in any case; anything else is `.other` (raw kept by the caller).
    public init(normalizing raw: some Collection<UInt8>) {
        switch asciiUppercased(raw) {
        case "EXECUTED": self = .executed
        case "BLOCKED": self = .blocked
        case "WARNED": self = .warned
        case "SKIPPED": self = .skipped
        case "PARTIAL": self = .partial
        default: self = .other
        }
    }
}

/// Upper-cases ASCII letters (other bytes unchanged) into a small string; long inputs cannot match any spelling.
private func asciiUppercased(_ raw: some Collection<UInt8>) -> String {
    guard raw.count <= 16 else { return "" }
    return String(
        decoding: raw.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 32 : $0 },
        as: UTF8.self
    )
}
