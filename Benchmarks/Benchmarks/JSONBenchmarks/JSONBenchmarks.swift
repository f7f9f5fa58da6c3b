import Benchmark
import EventLog
import Foundation
import HindsightJSON
import Ingest

/// JSON reading, writing and normalization on the real bot lines in `<repo>/../shared/data/real/`.
/// Each iteration processes a whole corpus; MB/s = corpus bytes × iterations per second (docs/benchmarks.md).
/// Foundation's `JSONSerialization` on the same bytes is the baseline measured in the same run.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .milliseconds,
        maxDuration: .seconds(3),
        maxIterations: 200
    )

    for corpus in [Corpus.strategySignals, Corpus.convictionGate] {
        Benchmark("parse simdjson \(corpus.name) (\(corpus.bytes / 1024) KiB, \(corpus.lines.count) lines)") {
            benchmark in
            let parser = JSONParser()
            for _ in benchmark.scaledIterations {
                for line in corpus.lines {
                    blackHole(try parser.parse(line).root.kind)
                }
            }
        }
        Benchmark("parse simdjson → JSONValue \(corpus.name)") { benchmark in
            let parser = JSONParser()
            for _ in benchmark.scaledIterations {
                for line in corpus.lines { blackHole(try parser.value(line)) }
            }
        }
        Benchmark("parse Foundation JSONSerialization \(corpus.name) (baseline)") { benchmark in
            let data = corpus.lines.map { Data($0) }
            for _ in benchmark.scaledIterations {
                for line in data { blackHole(try JSONSerialization.jsonObject(with: line)) }
            }
        }
        Benchmark("write JSONWriter.pythonLine \(corpus.name)") { benchmark in
            let parser = JSONParser()
            let values = try corpus.lines.map { try parser.value($0) }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            for _ in benchmark.scaledIterations {
                buffer.removeAll(keepingCapacity: true)
                for value in values {
                    JSONWriter.pythonLine.write(value, into: &buffer)
                    buffer.append(10)
                }
                blackHole(buffer.count)
            }
        }
        Benchmark("write Foundation JSONSerialization.data \(corpus.name) (baseline)") { benchmark in
            let objects = try corpus.lines.map { try JSONSerialization.jsonObject(with: Data($0)) }
            for _ in benchmark.scaledIterations {
                for object in objects { blackHole(try JSONSerialization.data(withJSONObject: object)) }
            }
        }
    }

    for (name, lines, format) in [
        ("conviction_gate as blocked trades", Corpus.convictionGate.lines, LineFormat.blockedTrades),
        ("signals (reference example A, 3000 lines)", Corpus.signalsLines, .signals),
        ("signal_outcomes (reference example, 3000 lines)", Corpus.outcomeLines, .signalOutcomes),
    ] {
        Benchmark("normalize \(name) (\(lines.reduce(0) { $0 + $1.count + 1 } / 1024) KiB)") { benchmark in
            var normalizer = RecordNormalizer()
            for _ in benchmark.scaledIterations {
                for line in lines { blackHole(normalizer.normalize(line, as: format)) }
            }
        }
    }

    Benchmark("normalize positions_futures.f1f5ab65.json document (\(Corpus.positions.count / 1024) KiB)") {
        benchmark in
        var normalizer = RecordNormalizer()
        for _ in benchmark.scaledIterations { blackHole(try normalizer.positions(Corpus.positions).closed.count) }
    }
}

enum Corpus {
    struct Lines: Sendable {
        let name: String
        let lines: [[UInt8]]
        var bytes: Int { lines.reduce(0) { $0 + $1.count + 1 } }
    }

    /// `$HINDSIGHT_REAL_DATA`, else `<repo>/../shared/data/real/` found from this file's path.
    static let directory: String = {
        if let override = ProcessInfo.processInfo.environment["HINDSIGHT_REAL_DATA"] { return override + "/" }
        var path = "\(#filePath)"  // <repo>/Benchmarks/Benchmarks/JSONBenchmarks/JSONBenchmarks.swift
        for _ in 0..<4 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/../shared/data/real/"
    }()

    static func file(_ name: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: directory + name) else {
            fatalError("missing \(directory + name)")
        }
        return [UInt8](data)
    }

    static func lines(_ name: String) -> [[UInt8]] {
        file(name).split(separator: 10, omittingEmptySubsequences: true).map(Array.init)
    }

    static let strategySignals = Lines(
        name: "strategy_signals",
        lines: lines("strategy_signals.f1f5ab65.head3000.jsonl")
    )
    static let convictionGate = Lines(name: "conviction_gate", lines: lines("conviction_gate.f1f5ab65.head1500.jsonl"))
    static let positions = file("positions_futures.f1f5ab65.json")

    /// trading-bot-formats.md §1.1 example A on one line, with a distinct `ts` per line.
    static let signalsLines: [[UInt8]] = (0..<3000).map { i in
        Array(
            """
            {"ts": \(1_765_823_600 + i), "ts_iso": "2025-12-15T18:33:20.512345", "symbol": "DOGEUSDT", "side": "LONG", "disposition": "blocked", "entry_price": null, "intelligence": {"ofi": 0.42, "ofi_raw": null, "ensemble": 0.0777, "mtf_confidence": 0.0014, "regime": "unknown", "volatility": 0.0, "market_intel": {"fear_greed": 30, "taker_ratio": 0.9084, "liquidation_bias": -0.8021, "signal_direction": "SHORT", "signal_confidence": 0.4, "liq_long_24h": 6517846.6, "liq_short_24h": 715859.3, "buy_ratio": 0.476, "sell_ratio": 0.524}, "fear_greed": 30, "taker_ratio": 0.9084, "liquidation_bias": -0.8021}, "block_reason": "Alpha thresholds not met: OFI=0.42<0.50 or ENS=0.08<0.05", "block_gate": null, "context": {}, "counterfactual_pending": true}
            """.utf8
        )
    }

    /// trading-bot-formats.md §1.2 example on one line, with a distinct `ts` per line.
    static let outcomeLines: [[UInt8]] = (0..<3000).map { i in
        Array(
            """
            {"ts": "2025-12-11T20:\(10 + i / 60 % 50):\(10 + i % 50).918595", "symbol": "XRPUSDT", "signal_name": "funding", "direction": "LONG", "confidence": 1.0, "price_at_signal": 2.0141, "prices": {"1m": 2.0178, "5m": 2.0129, "15m": 2.0229, "30m": 2.0238, "1h": 2.0201}, "returns": {"1m": 0.001837, "5m": -0.000596, "15m": 0.004369, "30m": 0.004816, "1h": 0.002979}, "hits": {"1m": true, "5m": false, "15m": true, "30m": true, "1h": true}, "ev_contribution": 0.003192, "partial": false}
            """.utf8
        )
    }
}
