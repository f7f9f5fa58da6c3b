public import EventLog
import Foundation

/// The events every EventLog benchmark appends or reads: the real bot lines in `shared/data/real/*.jsonl`
/// (about 400 bytes on average) repeated up to `targetBytes` of original record bytes, each wrapped in a
/// realistic normalized payload and file position, as ingest would produce them.
public enum BenchmarkData {
    public static let targetBytes = 32 * 1024 * 1024
    public static let batchSize = 512

    /// `<repo>/../shared/data/real`, found from this file's path.
    public static var realDataDirectory: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent().appendingPathComponent("shared/data/real").path
    }

    public static func lines() -> [[UInt8]] {
        let directory = realDataDirectory
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { $0.hasSuffix(".jsonl") }
            .sorted() ?? []
        var lines: [[UInt8]] = []
        for name in names {
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { continue }
            lines += data.split(separator: UInt8(ascii: "\n")).map { Array($0) }
        }
        precondition(!lines.isEmpty, "no .jsonl files in \(directory): the benchmark needs the shared real data")
        return lines
    }

    /// Drafts totalling at least `targetBytes` of original bytes.
    public static let drafts: [EventDraft] = {
        let lines = Self.lines()
        var drafts: [EventDraft] = []
        var total = 0
        var offset: UInt64 = 0
        var time: Int64 = 1_767_225_600_000_000
        let file = FileIdentity(device: 2049, inode: 131_072, headFingerprint: 0x1234_5678_9ABC_DEF0, headLength: 256)
        let symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "DOGEUSDT"]
        var i = 0
        while total < targetBytes {
            let line = lines[i % lines.count]
            time += 250_000 + Int64(i % 7) * 1000
            let payload: EventPayload
            switch i % 4 {
            case 0, 1:
                payload = .decisionLogged(
                    DecisionLogged(
                        symbol: symbols[i % symbols.count],
                        side: i % 3 == 0 ? .short : .long,
                        sideRaw: i % 3 == 0 ? "SHORT" : "LONG",
                        disposition: .blocked,
                        dispositionRaw: "BLOCKED",
                        entryPrice: 97_000 + Double(i % 1000) * 0.5,
                        blockReason: "conviction below threshold",
                        blockGate: "conviction",
                        strategy: "alpha",
                        venue: "binance",
                        ofi: 0.12,
                        ensemble: 0.61,
                        mtfConfidence: 0.7,
                        volatility: 0.013,
                        regime: "trend",
                        timeframe: "15m"
                    )
                )
            case 2:
                payload = .tradeBlocked(
                    TradeBlocked(
                        variant: .convictionGate,
                        symbol: symbols[i % symbols.count],
                        side: .long,
                        sideRaw: "LONG",
                        gate: "conviction",
                        reason: "weighted score 0.41 < 0.55",
                        price: 2.31,
                        strategy: "beta",
                        timeframe: "1h",
                        expectedMovePct: 1.2,
                        score: 0.41
                    )
                )
            default:
                payload = .signalOutcomeResolved(
                    SignalOutcomeResolved(
                        symbol: symbols[i % symbols.count],
                        signalName: "ofi_momentum",
                        side: .short,
                        sideRaw: "SHORT",
                        confidence: 0.72,
                        priceAtSignal: 187.25,
                        signalTime: time - 3_600_000_000,
                        horizons: Horizon.allCases.map {
                            HorizonOutcome(horizon: $0, price: 187.0, returnFraction: -0.001, hit: true)
                        },
                        evContribution: -0.0004
                    )
                )
            }
            drafts.append(
                EventDraft(
                    eventTime: i % 4 == 3 ? time - 3_600_000_000 : time,
                    ingestTime: time + 1000,
                    source: i % 4 == 3 ? .signalOutcomes : .signals,
                    position: .fileRange(file: file, start: offset, end: offset + UInt64(line.count)),
                    payload: payload,
                    original: line
                )
            )
            offset += UInt64(line.count) + 1
            total += line.count
            i += 1
        }
        return drafts
    }()

    public static let originalBytes = drafts.reduce(0) { $0 + $1.original.count }

    public static let batches: [[EventDraft]] = stride(from: 0, to: drafts.count, by: batchSize).map {
        Array(drafts[$0..<min(drafts.count, $0 + batchSize)])
    }

    /// The original records as one JSONL file, for the zstd CLI baseline.
    public static func writeOriginalsFile(to path: String) throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(originalBytes + drafts.count)
        for draft in drafts {
            bytes += draft.original
            bytes.append(0x0A)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    public static func temporaryDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "hindsight-bench-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
