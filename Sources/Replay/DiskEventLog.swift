public import EventLog

/// The on-disk event log (`<root>/logs/events`) as an `EventLogAccess`.
public struct DiskEventLog: EventLogAccess, Sendable {
    public let reader: EventLogReader

    /// zstd + envelope + payload decoding: worth a thread of its own in a replay.
    public static var readsAhead: Bool { true }

    public init(directory: String) throws(ReplayError) {
        do {
            reader = try EventLogReader(directory: directory)
        } catch {
            throw Self.map(error)
        }
    }

    /// The log of a bot root.
    public init(root: String) throws(ReplayError) {
        try self.init(directory: EventLogConfiguration.directory(forRoot: root))
    }

    public struct Stream: EventStream {
        var cursor: EventCursor
        public mutating func next() throws(ReplayError) -> Event? {
            do {
                return try cursor.next()
            } catch {
                throw DiskEventLog.map(error)
            }
        }
    }

    public func stream(from sequence: UInt64) throws(ReplayError) -> Stream {
        do {
            return Stream(cursor: try reader.cursor(from: sequence))
        } catch {
            throw Self.map(error)
        }
    }

    public func firstSequence(atOrAfterEventTime eventTime: Int64) throws(ReplayError) -> UInt64 {
        do {
            return try reader.firstSequence(atOrAfterEventTime: eventTime)
        } catch {
            throw Self.map(error)
        }
    }

    public func endSequence() throws(ReplayError) -> UInt64? {
        do {
            return try reader.endSequence()
        } catch {
            throw Self.map(error)
        }
    }

    /// A damaged log is `.eventLog` (exit 2 in the CLI); anything else reading it is `.io` (exit 1).
    static func map(_ error: EventLogError) -> ReplayError {
        switch error.code {
        case .io, .locked, .closed, .compression: ReplayError(.io, error.description)
        case .notFound:
            ReplayError(.io, "\(error.description) (run `hindsight ingest` first to create the event log)")
        default: ReplayError(.eventLog, error.description)
        }
    }
}
