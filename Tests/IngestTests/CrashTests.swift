import EventLog
import Foundation
import Glibc
import Ingest
import Testing

/// Real crash test: a child `hindsight ingest` follows a temp root while this process appends records in
/// random pieces (partial lines, CRLF, blank lines, bad records, a rename rotation now and then), and is
/// SIGKILLed at random moments and restarted. At the end the multiset of original records in the log must
/// equal the multiset of records written: nothing lost, nothing doubled.
///
/// `HINDSIGHT_CRASH_KILLS` overrides the number of kills (`scripts/crash-soak` sets 1000).
@Suite(.serialized) struct CrashTests {
    @Test func killNineAtRandomMomentsLosesAndDoublesNothing() throws {
        let kills = ProcessInfo.processInfo.environment["HINDSIGHT_CRASH_KILLS"].flatMap(Int.init) ?? 50
        let seed = ProcessInfo.processInfo.environment["HINDSIGHT_CRASH_SEED"].flatMap(UInt64.init) ?? 20_261_121
        let result = try CrashScenario(seed: seed).run(kills: kills)
        #expect(result.kills == kills)
        #expect(result.missing.isEmpty, "\(result.missing.count) records lost, e.g. \(result.missing.prefix(3))")
        #expect(
            result.extra.isEmpty,
            "\(result.extra.count) records doubled or invented, e.g. \(result.extra.prefix(3))"
        )
        #expect(result.written > kills)
        // A good share of the records must have been committed by children that were then killed.
        #expect(
            result.committedByKilledChildren * 10 > result.written,
            "children committed \(result.committedByKilledChildren) of \(result.written)"
        )
    }
}

/// Whether the log's last frame holds a checkpoint with a file identity for `relative` (the child is dead:
/// opening a writer for a moment is safe and does what the next child's open would do anyway).
private func ingesterHasSeen(_ relative: String, in dir: TempDirectory) throws -> Bool {
    guard FileManager.default.fileExists(atPath: dir.file("logs/events")) else { return false }
    let writer = try EventLogWriter(directory: dir.file("logs/events"))
    defer { try? writer.close() }
    let source: SourceID = relative.contains("outcomes") ? .signalOutcomes : .signals
    // The committed position must be in the file the path names NOW: a checkpoint in an earlier (rotated)
    // file says nothing about this one, and a file rotated away before hindsight ever opened it is
    // outside the configured path (under load, many children in a row can be killed before committing).
    guard let committed = writer.checkpoints.first(where: { $0.source == source })?.file else { return false }
    var status = stat()
    guard stat(dir.file(relative), &status) == 0 else { return false }
    return committed.inode == UInt64(status.st_ino) && committed.device == UInt64(status.st_dev)
}

/// SplitMix64: a seeded generator so a failing run can be replayed (`HINDSIGHT_CRASH_SEED`).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct CrashScenario {
    struct Result {
        var kills: Int
        var written: Int
        var committedByKilledChildren: Int
        var missing: [String]
        var extra: [String]
    }

    let seed: UInt64

    func run(kills: Int) throws -> Result {
        let binary = try hindsightExecutable()
        let dir = TempDirectory("crash")
        defer { dir.remove() }
        var rng = SplitMix64(seed: seed)
        let files = ["logs/signals.jsonl", "logs/signal_outcomes.jsonl"]
        var written: [String: Int] = [:]
        var pending: [String: [UInt8]] = [:]  // bytes of a line not yet fully written, per file
        var lineNumber = 0
        var rotations = 0
        var lastRotation = 0
        var book = PositionBook()

        func record(_ file: String) -> String {
            lineNumber += 1
            switch Int.random(in: 0..<20, using: &rng) {
            case 0: return "not json \(lineNumber)"
            case 1: return "{\"ts\": \(lineNumber)}"
            default:
                return file.contains("outcomes")
                    ? "{\"ts\":\"2025-12-15T18:33:\(10 + lineNumber % 50).000000Z\",\"symbol\":\"BTCUSDT\",\"signal_name\":\"funding\",\"direction\":\"LONG\",\"confidence\":0.5,\"price_at_signal\":100.0,\"prices\":{\"1m\":101.0},\"returns\":{\"1m\":0.01},\"hits\":{\"1m\":true},\"ev_contribution\":0.001,\"partial\":false,\"n\":\(lineNumber)}"
                    : "{\"ts\":\(1_765_823_600 + lineNumber),\"ts_iso\":\"2025-12-15T18:33:20.512345\",\"symbol\":\"DOGEUSDT\",\"side\":\"LONG\",\"disposition\":\"blocked\",\"entry_price\":null,\"intelligence\":{\"ofi\":0.42},\"block_reason\":\"x\",\"block_gate\":null,\"context\":{},\"counterfactual_pending\":true,\"n\":\(lineNumber)}"
            }
        }

        /// Appends a few records to random files, cut at random points (the tail may stay partial).
        func appendSome() {
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let file = files[Int.random(in: 0..<files.count, using: &rng)]
                var bytes = pending[file] ?? []
                let text = record(file)
                written[text, default: 0] += 1
                bytes += Array(text.utf8) + (Bool.random(using: &rng) ? [13, 10] : [10])
                if Int.random(in: 0..<8, using: &rng) == 0 { bytes += [10] }  // a blank line
                let cut = Int.random(in: 0...bytes.count, using: &rng)
                dir.append(file, Array(bytes[0..<cut]))
                pending[file] = Array(bytes[cut...])
            }
        }

        func flushPending() {
            for (file, bytes) in pending where !bytes.isEmpty { dir.append(file, bytes) }
            pending = [:]
        }

        /// Changes the positions document the way the bot does (temp file + rename, sometimes a plain
        /// rewrite in two writes so that a reader can catch it half-written).
        func rewritePositions() {
            book.change(&rng)
            let text = book.document()
            if Int.random(in: 0..<4, using: &rng) == 0 {
                let bytes = Array(text.utf8)
                let half = bytes.count / 2
                let path = "logs/positions_futures.json"
                if FileManager.default.fileExists(atPath: dir.file(path)) { dir.truncate(path) }
                dir.append(path, Array(bytes[..<half]))
                usleep(UInt32.random(in: 0...3000, using: &rng))
                dir.append(path, Array(bytes[half...]))
            } else {
                dir.replace("logs/positions_futures.json", text)
            }
        }

        let args = ["ingest", "--root", dir.path, "--poll-interval-ms", "2"]
        for k in 0..<kills {
            appendSome()
            if k - lastRotation >= 17, try ingesterHasSeen(files[0], in: dir) {
                // Rename rotation between two kills: finish the line first (a rotated file is complete). Only
                // once hindsight has committed a position in the file: lines of a file it never saw before it
                // was rotated away are outside the configured path, for hindsight as for any tailer.
                lastRotation = k
                flushPending()
                rotations += 1
                dir.move(files[0], files[0] + ".\(rotations)")
            }
            let child = try ChildProcess(binary, args)
            let steps = Int.random(in: 0...3, using: &rng)
            for _ in 0..<steps {
                usleep(UInt32.random(in: 0...40_000, using: &rng))
                appendSome()
                if Bool.random(using: &rng) { rewritePositions() }
            }
            usleep(UInt32.random(in: 0...250_000, using: &rng))
            child.kill(SIGKILL)
            child.wait()
        }
        flushPending()
        rewritePositions()
        var missing: [String] = []
        var extra: [String] = []
        // How much the killed children had committed (the test is meaningless if they never got that far).
        var beforeFinal = 0
        if var early = try? EventLogReader(directory: dir.path + "/logs/events").cursor(from: 0) {
            while (try? early.next()) != nil { beforeFinal += 1 }
        }
        let (status, output) = try ChildProcess.run(binary, ["ingest", "--root", dir.path, "--once"])
        guard status == 0 else { throw ChildProcessError(message: "final ingest --once failed (\(status)): \(output)") }

        var found: [String: Int] = [:]
        var closedFound: [String: Int] = [:]
        var openedKeys: [PositionKey: Int] = [:]
        var unexpected: [String] = []
        var cursor = try EventLogReader(directory: dir.path + "/logs/events").cursor(from: 0)
        while let event = try cursor.next() {
            let text = String(decoding: event.original, as: UTF8.self)
            if event.source == .positions {
                switch event.payload {
                case .positionClosed: closedFound[text, default: 0] += 1
                case .positionOpened(let p): openedKeys[p.key, default: 0] += 1
                case .positionUpdated: break
                default: unexpected.append("\(event.kind) \(text)")
                }
                continue
            }
            guard event.kind != .sourceReset else { continue }
            found[text, default: 0] += 1
        }
        var closedWritten: [String: Int] = [:]
        for text in book.closed { closedWritten[text, default: 0] += 1 }
        for (text, n) in closedWritten where closedFound[text, default: 0] != n {
            missing.append("closed position \(text)")
        }
        for (text, n) in closedFound where closedWritten[text, default: 0] != n {
            extra.append("closed position \(text)")
        }
        for (key, n) in openedKeys where n != 1 { extra.append("opened \(n) times: \(key)") }
        extra += unexpected
        for (text, n) in written where found[text, default: 0] < n { missing.append(text) }
        for (text, n) in found where written[text, default: 0] < n { extra.append(text) }
        return Result(
            kills: kills,
            written: written.values.reduce(0, +),
            committedByKilledChildren: beforeFinal,
            missing: missing.sorted(),
            extra: extra.sorted()
        )
    }
}

/// A bot's position book, rendered as `positions_futures.json` (closed records are never edited, open ones
/// shrink on partial closes and move their peak).
struct PositionBook {
    struct Open {
        var symbol: String
        var openedAt: Int
        var size: Double
        var peak: Double
    }
    var open: [Open] = []
    var closed: [String] = []
    var clock = 0

    static func iso(_ minute: Int) -> String {
        let h = 10 + minute / 60
        let m = minute % 60
        return "2025-12-15T\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m):00.000000-07:00"
    }

    func openText(_ p: Open) -> String {
        #"{"symbol": "\#(p.symbol)", "direction": "LONG", "strategy": "Alpha-OFI", "entry_price": 100.0, "size": \#(p.size), "leverage": 2, "margin_collateral": \#(p.size / 2), "peak_price": \#(p.peak), "opened_at": "\#(Self.iso(p.openedAt))"}"#
    }

    func closedText(_ p: Open, size: Double, at minute: Int) -> String {
        #"{"symbol": "\#(p.symbol)", "direction": "LONG", "strategy": "Alpha-OFI", "entry_price": 100.0, "size": \#(size), "leverage": 2, "margin_collateral": \#(size / 2), "opened_at": "\#(Self.iso(p.openedAt))", "exit_price": 101.0, "closed_at": "\#(Self.iso(minute))", "close_reason": "test_\#(closed.count)", "pnl": 0.5}"#
    }

    mutating func change(_ rng: inout SplitMix64) {
        clock += 1
        let symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT"]
        let free = symbols.filter { s in !open.contains { $0.symbol == s } }
        switch Int.random(in: 0..<4, using: &rng) {
        case 0 where !free.isEmpty:
            open.append(Open(symbol: free.randomElement(using: &rng)!, openedAt: clock, size: 400, peak: 100))
        case 1 where !open.isEmpty:
            let i = Int.random(in: 0..<open.count, using: &rng)
            closed.append(closedText(open[i], size: open[i].size / 2, at: clock))
            open[i].size /= 2
        case 2 where !open.isEmpty:
            let i = Int.random(in: 0..<open.count, using: &rng)
            closed.append(closedText(open[i], size: open[i].size, at: clock))
            open.remove(at: i)
        default:
            if !open.isEmpty { open[Int.random(in: 0..<open.count, using: &rng)].peak += 1 }
        }
    }

    func document() -> String {
        "{\n  \"open_positions\": [\n    " + open.map(openText).joined(separator: ",\n    ")
            + "\n  ],\n  \"closed_positions\": [\n    "
            + closed.joined(separator: ",\n    ") + "\n  ],\n  \"created_at\": \"2025-12-15T10:00:00-07:00\"\n}\n"
    }
}
