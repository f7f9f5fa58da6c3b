/// The kinds of events in the log. Raw values are part of the on-disk format: never reuse or renumber one;
/// add new kinds with new numbers (readers keep unknown kinds as `EventPayload.unknown`).
public enum EventKind: UInt8, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case decisionLogged = 1
    case signalOutcomeResolved = 2
    case tradeBlocked = 3
    case positionOpened = 4
    case positionUpdated = 5
    case positionClosed = 6
    case positionRemoved = 7
    case recordRejected = 8
    case sourceReset = 9
    /// A kind written by a newer hindsight that this build does not know.
    case unknown = 255

    public var description: String { name }

    /// The stable name used in CLI output and exports.
    public var name: String {
        switch self {
        case .decisionLogged: "DecisionLogged"
        case .signalOutcomeResolved: "SignalOutcomeResolved"
        case .tradeBlocked: "TradeBlocked"
        case .positionOpened: "PositionOpened"
        case .positionUpdated: "PositionUpdated"
        case .positionClosed: "PositionClosed"
        case .positionRemoved: "PositionRemoved"
        case .recordRejected: "RecordRejected"
        case .sourceReset: "SourceReset"
        case .unknown: "Unknown"
        }
    }
}
