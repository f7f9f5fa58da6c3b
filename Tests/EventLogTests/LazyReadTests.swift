import Dispatch
import HindsightTestSupport
import PropertyBased
import Synchronization
import Testing

@testable import EventLog

/// The lazy read path: envelope decoded by the cursor, `original` a slice of the frame body, the payload
/// decoded on access through the cursor's string cache.
struct LazyReadTests {
    @Test("the fixtures cover every event kind, so the properties below do too")
    func fixturesCoverEveryKind() {
        #expect(Set(EventLogFixtures.samplePayloads.map(\.kind)) == Set(EventKind.allCases))
    }

    @Test("a lazily decoded payload equals the written one and the uncached decode of its bytes (property)")
    func lazyEqualsEager() async {
        await propertyCheck(count: 20, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...50)) { seed, batch in
            do {
                try withTemporaryDirectory { dir in
                    let drafts = EventLogFixtures.randomDrafts(count: 120, seed: seed)
                    let written = try LogTest.write(drafts, to: dir.path, batchSize: batch)
                    let read = try LogTest.readAll(dir.path)
                    #expect(read.count == written.count)
                    for (lazy, expected) in zip(read, written) {
                        #expect(!lazy.isPayloadDecoded)
                        #expect(lazy.kind == expected.kind && lazy.kindRawValue == expected.kindRawValue)
                        #expect(lazy.kindName == expected.kindName)
                        #expect(lazy.payload == expected.payload)
                        #expect(try lazy.decodedPayload() == expected.payload)
                        #expect(Self.uncachedDecode(lazy) == expected.payload)
                        var materialized = lazy
                        materialized.materializePayload()
                        #expect(materialized.isPayloadDecoded)
                        #expect(materialized.payload == expected.payload)
                        #expect(materialized == lazy && materialized == expected)
                    }
                }
            } catch {
                Issue.record(error)
            }
        }
    }

    @Test("original round-trips byte for byte: any bytes, empty, drafts made of slices, kept past many frames")
    func originalRoundTrip() throws {
        try withTemporaryDirectory { dir in
            var rng = SeededGenerator(seed: 7)
            // One buffer, drafts holding slices of it (as an ingest driver handing out its read buffer would).
            let buffer = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var drafts: [EventDraft] = []
            var start = 0
            for i in 0..<400 {
                let length = i % 37 == 0 ? 0 : Int.random(in: 1...1500, using: &rng)
                var draft = EventLogFixtures.draft(EventLogFixtures.samplePayloads[i % 5])
                draft.original = buffer[start..<start + length]
                drafts.append(draft)
                start = (start + length + 13) % (buffer.count - 2000)
            }
            try LogTest.write(drafts, to: dir.path, batchSize: 9)
            let read = try LogTest.readAll(dir.path)
            #expect(read.count == drafts.count)
            for (event, draft) in zip(read, drafts) {
                #expect(Array(event.original) == Array(draft.original))
                #expect(event.original.count == draft.original.count)
            }
            // Slices keep their frame's body alive; mutating one copies it and leaves the others intact.
            var first = read[1]
            first.original[first.original.startIndex] ^= 0xFF
            #expect(first.original != read[1].original)
            #expect(Array(read[1].original) == Array(drafts[1].original))
        }
    }

    @Test("an undecodable payload reads as .unknown, throws from decodedPayload, and log verify names it")
    func undecodablePayloadReported() throws {
        try withTemporaryDirectory { dir in
            // The writer writes `.unknown` payloads back as given, which lets a test store bad bytes under a
            // known kind: a DecisionLogged without its required symbol, and a TradeBlocked whose length runs
            // past the end. A RecordRejected with a reason number from a newer build is valid.
            let missingSymbol: [UInt8] = [0x10, 0x01, 0x20, 0x01]  // side = 1, disposition = 1
            let truncated: [UInt8] = [0x12, 0x7F, 0x41]  // field 2, length 127, one byte
            let newerReason: [UInt8] = [0x08, 0xFA, 0x01]  // reason 250
            let drafts = [
                EventLogFixtures.draft(EventLogFixtures.samplePayloads[0]),
                EventLogFixtures.draft(.unknown(kindRawValue: EventKind.decisionLogged.rawValue, bytes: missingSymbol)),
                EventLogFixtures.draft(.unknown(kindRawValue: EventKind.tradeBlocked.rawValue, bytes: truncated)),
                EventLogFixtures.draft(.unknown(kindRawValue: EventKind.recordRejected.rawValue, bytes: newerReason)),
            ]
            try LogTest.write(drafts, to: dir.path, batchSize: 2)

            let read = try LogTest.readAll(dir.path)
            #expect(read.count == 4)
            #expect(read[1].kind == .decisionLogged)
            #expect(read[1].payload == .unknown(kindRawValue: EventKind.decisionLogged.rawValue, bytes: missingSymbol))
            #expect(read[2].payload == .unknown(kindRawValue: EventKind.tradeBlocked.rawValue, bytes: truncated))
            #expect(throws: EventLogError.self) { try read[1].decodedPayload() }
            #expect(throws: EventLogError.self) { try read[2].decodedPayload() }
            #expect(try read[3].decodedPayload() == drafts[3].payload)

            let report = try EventLogVerifier.verify(directory: dir.path)
            #expect(report.events == 4)
            #expect(report.findings.count == 2)
            let segment = try LogTest.segmentPaths(dir.path)[0]
            let symbol = try #require(report.findings.first { $0.message.contains("event 1:") })
            #expect(symbol.path == segment && symbol.offset == 0)
            #expect(symbol.message.contains("DecisionLogged") && symbol.message.contains("'symbol' is missing"))
            let past = try #require(report.findings.first { $0.message.contains("event 2:") })
            #expect(past.path == segment && past.offset != nil && past.offset != 0)
            #expect(past.message.contains("TradeBlocked") && past.message.contains("runs past the end"))
        }
    }

    @Test("string caching does not change results: across frames, evictions, decode order and threads")
    func internedStringsAcrossFrames() throws {
        try withTemporaryDirectory { dir in
            // More distinct strings than cache slots (evictions), lengths around the inline (15), cached (32)
            // and key-word (8) limits, non-ASCII, and repeats across frames.
            var rng = SeededGenerator(seed: 99)
            let alphabet = Array("abcXYZ_-ü€0123456789")
            func text(_ length: Int) -> String {
                String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
            }
            let pool = (0..<3000).map { i in text([0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40][i % 12]) }
            var drafts: [EventDraft] = []
            for i in 0..<2500 {
                var p = DecisionLogged(
                    symbol: pool[Int.random(in: 0..<pool.count, using: &rng)],
                    side: .long,
                    sideRaw: pool[i % 20],
                    disposition: .blocked,
                    dispositionRaw: "BLOCKED"
                )
                p.blockReason = pool[Int.random(in: 0..<pool.count, using: &rng)]
                p.strategy = pool[(i * 7) % pool.count]
                p.venue = i % 2 == 0 ? "binance" : "bybit-perpetual-futures-usdt-m"
                drafts.append(EventLogFixtures.draft(.decisionLogged(p), offset: UInt64(i)))
            }
            let written = try LogTest.write(drafts, to: dir.path, batchSize: 64)
            let read = try LogTest.readAll(dir.path)
            #expect(read.map(\.payload) == written.map(\.payload))
            #expect(read.reversed().map(\.payload) == written.reversed().map(\.payload))
            // Events of one cursor decoded concurrently: one thread holds the cache, the others decode
            // without it; every result is the same.
            let results = DecodedPayloads(count: read.count)
            DispatchQueue.concurrentPerform(iterations: 4) { worker in
                for i in stride(from: worker, to: read.count, by: 4) { results.set(i, read[i].payload) }
                for i in stride(from: worker, to: read.count, by: 4) { results.check(i, read[i].payload) }
            }
            #expect(results.payloads == written.map { Optional($0.payload) })
            #expect(results.mismatches == 0)
        }
    }

    @Test("the string table returns what String(decoding:) returns, on hits and misses")
    func stringTableMatchesDecoding() {
        let interner = StringInterner(slotCount: 8)
        var rng = SeededGenerator(seed: 5)
        let samples: [[UInt8]] =
            (0..<400).map { i in (0..<(i % 41)).map { _ in UInt8.random(in: 0...255, using: &rng) } }
            + [Array("BTCUSDT".utf8), Array("BTCUSDT\0".utf8), [], [0xC3], Array("ü".utf8)]
        for _ in 0..<3 {
            for bytes in samples + samples.reversed() {
                guard let table = interner.acquire() else {
                    Issue.record("the table is free on this thread")
                    return
                }
                let cached = bytes.withUnsafeBytes {
                    table.string($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, count: $0.count)
                }
                interner.release()
                #expect(cached == String(decoding: bytes, as: UTF8.self))
                #expect(Array(cached.utf8) == Array(String(decoding: bytes, as: UTF8.self).utf8))
            }
        }
        let held = interner.acquire()
        #expect(held != nil)
        #expect(interner.acquire() == nil)
        interner.release()
        #expect(interner.acquire() != nil)
        interner.release()
    }

    private static func uncachedDecode(_ event: Event) -> EventPayload? {
        guard case .encoded(let encoded) = event.storage else { return nil }
        return encoded.bytes.withUnsafeBytes { PayloadDecoding.payload(kind: encoded.kind, bytes: $0, strings: nil) }
    }
}

/// Results written from several threads.
private final class DecodedPayloads: Sendable {
    private let state: Mutex<(payloads: [EventPayload?], mismatches: Int)>

    init(count: Int) { state = Mutex((Array(repeating: nil, count: count), 0)) }

    var payloads: [EventPayload?] { state.withLock { $0.payloads } }
    var mismatches: Int { state.withLock { $0.mismatches } }

    func set(_ i: Int, _ payload: EventPayload) { state.withLock { $0.payloads[i] = payload } }
    func check(_ i: Int, _ payload: EventPayload) {
        state.withLock { if $0.payloads[i] != payload { $0.mismatches += 1 } }
    }
}
