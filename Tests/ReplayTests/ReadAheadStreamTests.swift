import EventLog
import Replay
import Testing

/// Reading ahead on another thread changes nothing a consumer can see: same events, same order, payloads
/// decoded, an error where a direct read would throw it, and an early stop ends the reader.
@Suite struct ReadAheadStreamTests {
    static let events = SyntheticEvents.make(count: 1_000, seed: 9)

    /// Fails with `.eventLog` after `failAfter` events (a damaged log).
    struct FailingStream: EventStream {
        var inner: InMemoryEventLog.Stream
        var remaining: Int
        mutating func next() throws(ReplayError) -> Event? {
            guard remaining > 0 else { throw ReplayError(.eventLog, "damaged frame at event \(1_000 - remaining)") }
            remaining -= 1
            return try inner.next()
        }
    }

    @Test("reading directly (no thread) passes events and errors through")
    func direct() throws {
        let stream = ReadAheadStream(try InMemoryEventLog(Self.events).stream(from: 0), readAhead: false)
        var read: [Event] = []
        while let event = try stream.next() { read.append(event) }
        #expect(read == Self.events)
        let failing = FailingStream(inner: try InMemoryEventLog(Self.events).stream(from: 0), remaining: 5)
        let broken = ReadAheadStream(failing, readAhead: false)
        for _ in 0..<5 { _ = try broken.next() }
        #expect(throws: ReplayError.self) { try broken.next() }
    }

    @Test("same events in the same order, payloads decoded", arguments: [1, 7, 4_096])
    func sameEvents(batchSize: Int) throws {
        let stream = ReadAheadStream(try InMemoryEventLog(Self.events).stream(from: 0), batchSize: batchSize, depth: 2)
        var read: [Event] = []
        while let event = try stream.next() {
            #expect(event.isPayloadDecoded)
            read.append(event)
        }
        #expect(read == Self.events)
        #expect(try stream.next() == nil, "the end stays the end")
    }

    @Test("an error comes after every event before it", arguments: [0, 1, 333])
    func errorInOrder(failAfter: Int) throws {
        let base = FailingStream(inner: try InMemoryEventLog(Self.events).stream(from: 0), remaining: failAfter)
        let stream = ReadAheadStream(base, batchSize: 100, depth: 1)
        var count = 0
        #expect(throws: ReplayError.self) {
            while try stream.next() != nil { count += 1 }
        }
        #expect(count == failAfter)
    }

    @Test("stopping early ends the reader (no hang), also with a full queue")
    func cancelEarly() throws {
        for _ in 0..<20 {
            let stream = ReadAheadStream(try InMemoryEventLog(Self.events).stream(from: 0), batchSize: 10, depth: 1)
            #expect(try stream.next()?.seq == 0)
            stream.cancel()
            #expect(try stream.next() == nil, "nothing after cancel")
        }
    }
}
