import Foundation
import HindsightTestSupport
import Testing

/// The `hindsight` executable as a user meets it: documented exit codes (0 ok, 1 runtime error, 2 invalid log or
/// input, 64 usage), one clear line per problem naming the file and offset, never a stack trace, and the JSON
/// outputs scripts rely on.
@Suite(.serialized) struct CLITests {
    /// The first 400 real blocked-trade records (the conviction gate's file).
    static let realLines: [Substring] = {
        let text = String(decoding: RealData.bytes("conviction_gate.f1f5ab65.head1500.jsonl"), as: UTF8.self)
        return Array(text.split(separator: "\n").prefix(400))
    }()
    /// A record cut mid-key, as a crash of the bot leaves it.
    static let brokenLine = #"{"symbol": "BTCUSDT", "ts": 1765650033.4, "reas"#

    /// A bot root whose `state/blocked_trades.jsonl` holds `lines`, each newline-terminated.
    private func botRoot(_ label: String, lines: [Substring]) throws -> TempDirectory {
        let root = TempDirectory(prefix: label)
        try FileManager.default.createDirectory(atPath: root.appending("state"), withIntermediateDirectories: true)
        let text = lines.map { $0 + "\n" }.joined()
        try Data(text.utf8).write(to: URL(fileURLWithPath: root.appending("state/blocked_trades.jsonl")))
        return root
    }

    private func appendLines(_ lines: ArraySlice<Substring>, root: TempDirectory) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: root.appending("state/blocked_trades.jsonl")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.map { $0 + "\n" }.joined().utf8))
        try handle.close()
    }

    private func json(_ text: some StringProtocol) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(String(text).utf8))
        return try #require(object as? [String: Any])
    }

    private func blockedTradesSummary(_ ingestJSON: String) throws -> [String: Any] {
        let sources = try #require(try json(ingestJSON)["sources"] as? [[String: Any]])
        return try #require(sources.first { $0["source"] as? String == "blocked_trades" })
    }

    private func requireBinary() -> Bool {
        if !HindsightBinary.exists { Issue.record("needs \(HindsightBinary.path): run `swift build` first") }
        #expect(Self.realLines.count == 400)
        return HindsightBinary.exists
    }

    /// No Swift runtime trap or backtrace ever reaches the user.
    private func expectNoCrashText(_ result: HindsightBinary.Result) {
        for marker in ["Fatal error", "Stack dump", "Backtrace", "Current stack trace"] {
            #expect(!result.stderr.contains(marker), "stderr: \(result.stderr)")
        }
    }

    @Test func ingestOnceAccountsForEveryLineExactlyOnce() throws {
        guard requireBinary() else { return }
        let root = try botRoot("cli-ingest", lines: Self.realLines.prefix(300) + [Substring(Self.brokenLine)])
        defer { root.remove() }
        let first = try HindsightBinary.run(["ingest", "--root", root.path, "--once", "--json"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let blocked = try blockedTradesSummary(first.stdout)
        #expect(blocked["records_read"] as? Int == 301)
        #expect(blocked["events_appended"] as? Int == 301)
        #expect(blocked["rejections"] as? [String: Int] == ["invalid_json": 1])
        #expect(blocked["events_by_kind"] as? [String: Int] == ["TradeBlocked": 300, "RecordRejected": 1])

        // A second run finds nothing new; lines the bot appends later are ingested once.
        let again = try HindsightBinary.run(["ingest", "--root", root.path, "--once", "--json"])
        #expect(again.status == 0)
        #expect(try blockedTradesSummary(again.stdout)["events_appended"] as? Int == 0)
        try appendLines(Self.realLines[300..<400], root: root)
        #expect(try HindsightBinary.run(["ingest", "--root", root.path, "--once"]).status == 0)
        let stats = try json(try HindsightBinary.run(["log", "stats", "--root", root.path, "--json"]).stdout)
        #expect(stats["events"] as? Int == 401)
        #expect(stats["rejections_by_reason"] as? [String: Int] == ["invalid_json": 1])
    }

    @Test func logCatGivesBackTheOriginalRecordByteForByte() throws {
        guard requireBinary() else { return }
        let root = try botRoot("cli-cat", lines: Self.realLines.prefix(300) + [Substring(Self.brokenLine)])
        defer { root.remove() }
        #expect(try HindsightBinary.run(["ingest", "--root", root.path, "--once"]).status == 0)
        let cat = try HindsightBinary.run(["log", "cat", "--root", root.path, "--from", "299", "--to", "300", "--json"])
        #expect(cat.status == 0)
        let lines = cat.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let accepted = try json(lines[0])
        #expect(accepted["seq"] as? Int == 299)
        #expect(accepted["kind"] as? String == "TradeBlocked")
        #expect(accepted["original"] as? String == String(Self.realLines[299]))
        let rejected = try json(try #require(lines.last))
        #expect(rejected["seq"] as? Int == 300)
        #expect(rejected["kind"] as? String == "RecordRejected")
        #expect(rejected["original"] as? String == Self.brokenLine)
        let verify = try HindsightBinary.run(["log", "verify", "--root", root.path])
        #expect(verify.status == 0)
        #expect(verify.stdout.hasPrefix("ok:"))
    }

    @Test func corruptionIsOneLineNamingSegmentAndOffsetWithExitCode2() throws {
        guard requireBinary() else { return }
        let root = try botRoot("cli-corrupt", lines: Array(Self.realLines.prefix(200)))
        defer { root.remove() }
        #expect(try HindsightBinary.run(["ingest", "--root", root.path, "--once"]).status == 0)
        try appendLines(Self.realLines[200..<400], root: root)
        #expect(try HindsightBinary.run(["ingest", "--root", root.path, "--once"]).status == 0)
        // Flip one bit inside the first of the two frames: a sealed frame, never "repaired" silently.
        let segment = URL(fileURLWithPath: root.appending("logs/events/00000000000000000000.seg"))
        var bytes = [UInt8](try Data(contentsOf: segment))
        #expect(bytes.count > 4000)
        bytes[2000] ^= 0x10
        try Data(bytes).write(to: segment)

        for command in [["log", "verify"], ["log", "stats"], ["replay", "--out", root.appending("out")]] {
            let result = try HindsightBinary.run(command + ["--root", root.path])
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("00000000000000000000.seg at offset 0"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("CRC32C"), "\(command): \(result.stderr)")
            expectNoCrashText(result)
        }
    }

    @Test func usageErrorsExit64AndAMissingLogExits1() throws {
        guard requireBinary() else { return }
        let root = TempDirectory(prefix: "cli-usage")
        defer { root.remove() }
        let unknown = try HindsightBinary.run(["--bogus"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("--bogus"))
        let badTime = try HindsightBinary.run(["log", "cat", "--root", root.path, "--since", "notatime"])
        #expect(badTime.status == 64)
        #expect(badTime.stderr.contains("notatime"))
        let missing = try HindsightBinary.run(["log", "verify", "--root", root.appending("nowhere")])
        #expect(missing.status == 1)
        #expect(missing.errorLines.count == 1)
        #expect(missing.stderr.contains("nowhere/logs/events"))
        for result in [unknown, badTime, missing] { expectNoCrashText(result) }
    }

    @Test func helpDocumentsExitCodesAndLearnersListsEveryVersion() throws {
        guard requireBinary() else { return }
        let help = try HindsightBinary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("64 usage error"))
        let learners = try HindsightBinary.run(["learners", "--json"])
        #expect(learners.status == 0)
        let folds = try #require(try json(learners.stdout)["folds"] as? [[String: Any]])
        let names = Set(folds.compactMap { $0["fold"] as? String })
        for expected in ["allocation@1", "allocation@2", "signal_weights@1", "killed_combos@1"] {
            #expect(names.contains(expected), "learners --json lacks \(expected): \(names.sorted())")
        }
    }
}
