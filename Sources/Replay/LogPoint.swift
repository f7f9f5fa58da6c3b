/// A point in the event log named by the user: a sequence number or an event time.
///
/// Why both: users think in dates ("re-learn from March"), scripts and bug reports think in sequence numbers
/// ("the first divergent event is seq 4711"). Both resolve to a sequence boundary against a given log.
public enum LogPoint: Sendable, Equatable, CustomStringConvertible {
    /// An event's sequence number.
    case sequence(UInt64)
    /// UTC microseconds since the epoch.
    case eventTime(Int64)

    /// Parses `SEQ` (decimal digits) or `TIME` (ISO 8601 UTC date or date-time: `2026-01-09`,
    /// `2026-01-09T20:02`, `2026-01-09T20:02:06.5Z`, `2026-01-09 20:02:06+02:00`).
    public init(parsing text: String) throws(ReplayError) {
        let trimmed = text.trimmingASCIIWhitespace()
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let seq = UInt64(trimmed) else {
                throw ReplayError(.invalidArgument, "'\(text)' is too large for a sequence number")
            }
            self = .sequence(seq)
            return
        }
        guard let micros = ISOTimestamp.parseMicros(trimmed) else {
            throw ReplayError(
                .invalidArgument,
                "'\(text)' is neither a sequence number nor an ISO 8601 UTC time (e.g. 2026-01-09T20:02:06Z)"
            )
        }
        self = .eventTime(micros)
    }

    public var description: String {
        switch self {
        case .sequence(let seq): "seq \(seq)"
        case .eventTime(let micros): ISOTimestamp.format(micros)
        }
    }
}

extension String {
    fileprivate func trimmingASCIIWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\n" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" { scalars.removeLast() }
        return String(scalars)
    }
}
