import Ingest
import PropertyBased
import Testing

/// The obviously-correct model: split the whole input at every `\n` at once.
private func oracle(_ bytes: [UInt8], maxLineBytes: Int) -> (records: [LineRecord], consumed: UInt64, blanks: Int) {
    var records: [LineRecord] = []
    var start = 0
    var blanks = 0
    for (i, b) in bytes.enumerated() where b == 10 {
        var content = Array(bytes[start..<i])
        if content.last == 13 { content.removeLast() }
        if content.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) {
            blanks += 1
        } else if content.count > maxLineBytes {
            records.append(
                LineRecord(
                    kind: .tooLong,
                    start: UInt64(start),
                    end: UInt64(start + content.count),
                    bytes: Array(content.prefix(maxLineBytes))
                )
            )
        } else {
            records.append(
                LineRecord(kind: .line, start: UInt64(start), end: UInt64(start + content.count), bytes: content)
            )
        }
        start = i + 1
    }
    return (records, UInt64(start), blanks)
}

/// Feeds `bytes` cut at the given chunk sizes (cycled) and collects the records. Chunks alternate between the two
/// ways of feeding: a shared array (records are slices of it) and a raw buffer (records are copies), so that both
/// are checked against the oracle.
private func split(_ bytes: [UInt8], chunks: [Int], maxLineBytes: Int) -> (LineSplitter, [LineRecord]) {
    var splitter = LineSplitter(maxLineBytes: maxLineBytes)
    var records: [LineRecord] = []
    var i = 0
    var c = 0
    while i < bytes.count {
        let n = min(max(1, chunks[c % chunks.count]), bytes.count - i)
        let chunk = Array(bytes[i..<(i + n)])
        if c % 2 == 0 {
            splitter.feed(chunk) { records.append($0) }
        } else {
            chunk.withUnsafeBytes { raw in splitter.feed(raw) { records.append($0) } }
        }
        i += n
        c += 1
    }
    return (splitter, records)
}

@Suite struct LineSplitterTests {
    static let text = Array(
        "{\"a\":1}\n\r\n  \n{\"b\":2}\r\n\n{\"long\":\"xxxxxxxxxxxxxxxxxxxx\"}\n{\"c\":3}\r\n{\"partial\"".utf8
    )

    @Test(arguments: 1...40)
    func sameRecordsForEveryChunkSize(chunk: Int) {
        let (splitter, records) = split(Self.text, chunks: [chunk], maxLineBytes: 16)
        let expected = oracle(Self.text, maxLineBytes: 16)
        #expect(records == expected.records)
        #expect(splitter.consumedOffset == expected.consumed)
        #expect(splitter.blankLines == expected.blanks)
        #expect(splitter.pendingLength == UInt64(Self.text.count) - expected.consumed)
    }

    @Test func crlfBlankAndTooLongAreClassified() {
        let (splitter, records) = split(Self.text, chunks: [7], maxLineBytes: 16)
        #expect(records.map(\.kind) == [.line, .line, .tooLong, .line])
        #expect(records.map { String(decoding: $0.bytes, as: UTF8.self) }.first == "{\"a\":1}")
        #expect(Array(records[1].bytes) == Array("{\"b\":2}".utf8))
        #expect(records[2].bytes.count == 16)
        #expect(records[2].end - records[2].start == 31)
        #expect(splitter.blankLines == 3)
    }

    @Test func lineOfExactlyTheLimitWithCRIsNotTooLong() {
        let line = Array(repeating: UInt8(ascii: "x"), count: 8) + [13, 10]
        let (_, records) = split(line, chunks: [1], maxLineBytes: 8)
        #expect(records == [LineRecord(kind: .line, start: 0, end: 8, bytes: Array(line.prefix(8)))])
        let longer = Array(repeating: UInt8(ascii: "x"), count: 9) + [10]
        #expect(split(longer, chunks: [3], maxLineBytes: 8).1.map(\.kind) == [.tooLong])
    }

    @Test func flushTurnsTheUnterminatedTailIntoARecord() {
        var splitter = LineSplitter(maxLineBytes: 100)
        splitter.feed(Array("a\nbc\r".utf8)) { _ in }
        let last = splitter.flushPending()
        #expect(last == LineRecord(kind: .line, start: 2, end: 4, bytes: Array("bc".utf8)))
        #expect(splitter.consumedOffset == 5)
        #expect(splitter.flushPending() == nil)
    }

    @Test func resumingAtAnOffsetNumbersRecordsFromIt() {
        var splitter = LineSplitter(maxLineBytes: 100, startingAt: 1000)
        var records: [LineRecord] = []
        splitter.feed(Array("x\ny".utf8)) { records.append($0) }
        #expect(records == [LineRecord(kind: .line, start: 1000, end: 1001, bytes: [UInt8(ascii: "x")])])
        #expect(splitter.consumedOffset == 1002)
        #expect(splitter.readOffset == 1003)
    }

    @Test func anyChunkingOfAnyInputMatchesTheOracle() async {
        let alphabet: [UInt8] = [10, 10, 13, 32, 9, 97, 98, 123, 125, 34]
        await propertyCheck(
            count: 300,
            input: Gen<UInt8?>.element(of: alphabet).map { $0 ?? 10 }.array(of: 0...200),
            Gen.int(in: 1...17).array(of: 1...8),
            Gen.int(in: 1...12)
        ) { bytes, chunks, maxLine in
            let (splitter, records) = split(bytes, chunks: chunks, maxLineBytes: maxLine)
            let expected = oracle(bytes, maxLineBytes: maxLine)
            #expect(records == expected.records)
            #expect(splitter.consumedOffset == expected.consumed)
            #expect(splitter.blankLines == expected.blanks)
        }
    }
}
