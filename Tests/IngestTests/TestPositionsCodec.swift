import EventLog
import Ingest

/// A tiny line-based stand-in for the positions document, to test the diff without the JSON parser:
/// `O|SYM|STRAT|DIR|openedAt|field=value,...` (open), `C|SYM|STRAT|DIR|openedAt|closedAt|tag` (closed),
/// anything else in a section is a rejected element, and a document must end with `END` to be readable.
var testPositionsCodec: PositionsCodec {
    PositionsCodec(
        parseDocument: { bytes in
            let lines = bytes.split(separator: 10, omittingEmptySubsequences: true).map { Array($0) }
            guard lines.last == Array("END".utf8) else { return .unreadable("no END: caught mid-write") }
            var open: [PositionElement] = []
            var closed: [PositionElement] = []
            for line in lines.dropLast() {
                let parts = String(decoding: line, as: UTF8.self).split(
                    separator: "|",
                    omittingEmptySubsequences: false
                )
                if parts.first == "O", parts.count == 6, let t = Int64(parts[4]) {
                    let key = PositionKey(
                        symbol: String(parts[1]),
                        strategy: String(parts[2]),
                        directionRaw: String(parts[3]),
                        openedAt: t
                    )
                    let opened = PositionOpened(key: key, side: .long, entryPrice: 1)
                    open.append(
                        PositionElement(
                            bytes: line,
                            verdict: .open(opened, eventTime: t, meaningful: testMeaningful(line))
                        )
                    )
                } else if parts.first == "C", parts.count == 7, let t = Int64(parts[4]), let c = Int64(parts[5]) {
                    let key = PositionKey(
                        symbol: String(parts[1]),
                        strategy: String(parts[2]),
                        directionRaw: String(parts[3]),
                        openedAt: t
                    )
                    let payload = PositionClosed(
                        key: key,
                        side: .long,
                        exitVariant: .standard,
                        entryPrice: 1,
                        exitPrice: 2,
                        sizeUSD: nil,
                        leverage: nil,
                        marginUSD: nil,
                        closedAt: c,
                        closeReason: String(parts[6])
                    )
                    closed.append(PositionElement(bytes: line, verdict: .closed(payload, eventTime: c)))
                } else if parts.first == "C" {
                    closed.append(
                        PositionElement(
                            bytes: line,
                            verdict: .rejected(
                                RecordRejected(reason: .missingField, detail: "bad closed"),
                                eventTime: nil
                            )
                        )
                    )
                } else {
                    open.append(
                        PositionElement(
                            bytes: line,
                            verdict: .rejected(
                                RecordRejected(reason: .missingField, detail: "bad open"),
                                eventTime: nil
                            )
                        )
                    )
                }
            }
            return .document(open: open, closed: closed)
        },
        meaningfulFields: testMeaningful
    )
}

func testMeaningful(_ line: [UInt8]) -> [PositionFieldChange] {
    let parts = String(decoding: line, as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false)
    guard parts.count == 6 else { return [] }
    return parts[5].split(separator: ",").compactMap { kv in
        let pair = kv.split(separator: "=")
        guard pair.count == 2, let v = Double(pair[1]) else { return nil }
        return PositionFieldChange(field: String(pair[0]), value: .double(v))
    }.sorted { $0.field < $1.field }
}
