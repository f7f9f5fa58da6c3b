import EventLog
import Glibc
import Ingest
import Testing

/// Drives a tailer and renders what it found as strings: lines as their text, resets as `RESET:<reason>`.
private func drain(_ tailer: FileTailer, budget: Int = 1 << 20) throws -> [String] {
    var out: [String] = []
    var more = true
    while more {
        var items: [TailItem] = []
        var b = budget
        more = try tailer.poll(budget: &b, items: &items)
        for item in items {
            switch item {
            case .record(let r, _):
                out.append(r.kind == .tooLong ? "TOOLONG" : String(decoding: r.bytes, as: UTF8.self))
            case .reset(let r): out.append("RESET:\(r.reason)")
            }
        }
    }
    return out
}

@Suite struct FileTailerTests {
    let source: SourceID = "s"

    @Test func waitsForAMissingFileThenReadsIt() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let tailer = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: nil)
        #expect(try drain(tailer) == [])
        #expect(tailer.checkpoint.file == nil)
        dir.append("a.jsonl", "1\n2\n")
        #expect(try drain(tailer) == ["1", "2"])
        #expect(tailer.checkpoint.offset == 4)
    }

    @Test func partialLineWaitsAndSurvivesARestart() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        dir.append("a.jsonl", "one\ntw")
        let first = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: nil)
        #expect(try drain(first) == ["one"])
        #expect(first.checkpoint.offset == 4)
        #expect(first.pendingBytes == 2)
        // Restart from the committed checkpoint: the partial line is read again, completed, once.
        let second = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: first.checkpoint)
        #expect(try drain(second) == [])
        dir.append("a.jsonl", "o\nthree\n")
        #expect(try drain(second) == ["two", "three"])
        #expect(try drain(first) == ["two", "three"])
    }

    @Test func smallBudgetsGiveTheSameRecords() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let lines = (0..<200).map { "{\"n\":\($0)}" }
        dir.append("a.jsonl", lines.joined(separator: "\n") + "\n")
        let config = TailerConfiguration(readChunkBytes: 7)
        let tailer = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: nil, configuration: config)
        #expect(try drain(tailer, budget: 13) == lines)
    }

    @Test func renameAndCreateFinishesTheOldFileFirst() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        dir.append("a.jsonl", "1\n2\n")
        let tailer = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: nil)
        #expect(try drain(tailer) == ["1", "2"])
        dir.append("a.jsonl", "3\n4")  // unread, and the last line is never terminated
        dir.move("a.jsonl", "a.jsonl.1")
        dir.append("a.jsonl", "5\n")
        #expect(try drain(tailer) == ["3", "4", "RESET:rotated", "5"])
        #expect(tailer.checkpoint.offset == 2)
    }

    @Test func rotationWhileStoppedIsFinishedAfterRestart() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        dir.append("a.jsonl", "1\n2\n")
        let first = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: nil)
        #expect(try drain(first) == ["1", "2"])
        let saved = first.checkpoint
        dir.append("a.jsonl", "3\n")
        dir.move("a.jsonl", "a.jsonl.1")
        dir.append("a.jsonl", "4\n")
        let second = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: saved)
        #expect(try drain(second) == ["3", "RESET:rotated", "4"])
    }

    @Test func rotatedWhileStoppedAndPathNotYetRecreated() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        dir.append("a.jsonl", "1\n")
        let first = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: nil)
        #expect(try drain(first) == ["1"])
        dir.append("a.jsonl", "2\n")
        dir.move("a.jsonl", "a.jsonl.1")
        let second = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: first.checkpoint)
        #expect(try drain(second) == ["2"])
        dir.append("a.jsonl", "3\n")
        #expect(try drain(second) == ["RESET:rotated", "3"])
    }

    @Test func rotatedTwiceWhileStoppedReadsEveryGeneration() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        dir.append("a.jsonl", "1\n2\n")
        dir.append("a.jsonl.7", "old\n")  // a generation read long ago: never again
        dir.setModified("a.jsonl.7", seconds: 1_000)
        let first = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: nil)
        #expect(try drain(first) == ["1", "2"])
        let saved = first.checkpoint
        // Stopped: the bot appends, rotates, writes a whole generation, rotates again, starts a third file.
        dir.append("a.jsonl", "3\n")
        dir.setModified("a.jsonl", seconds: 2_000)
        dir.move("a.jsonl", "a.jsonl.1")
        dir.append("a.jsonl", "4\n5\n")
        dir.setModified("a.jsonl", seconds: 3_000)
        dir.move("a.jsonl.1", "a.jsonl.2")
        dir.move("a.jsonl", "a.jsonl.1")
        dir.append("a.jsonl.1.gz", "compressed generations are not read\n")
        dir.setModified("a.jsonl.1.gz", seconds: 2_500)
        dir.append("a.jsonl", "6\n")
        dir.setModified("a.jsonl", seconds: 4_000)
        let second = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: saved)
        #expect(try drain(second) == ["3", "RESET:rotated", "4", "5", "RESET:rotated", "6"])
        // Restarting from where it ended reads nothing again, and tiny read budgets give the same records.
        let third = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: second.checkpoint)
        #expect(try drain(third) == [])
        let chunked = FileTailer(
            source: source,
            path: dir.file("a.jsonl"),
            checkpoint: saved,
            configuration: TailerConfiguration(readChunkBytes: 1)
        )
        #expect(try drain(chunked, budget: 1) == ["3", "RESET:rotated", "4", "5", "RESET:rotated", "6"])
    }

    @Test func copyTruncateResetsToTheNewContent() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        dir.append("a.jsonl", "first\nsecond\n")
        let tailer = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: nil)
        #expect(try drain(tailer) == ["first", "second"])
        dir.truncate("a.jsonl")
        dir.append("a.jsonl", "x\n")
        #expect(try drain(tailer) == ["RESET:truncated", "x"])
    }

    @Test func truncateAndRefillBeyondTheOffsetIsARewrite() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        dir.append("a.jsonl", "aa\nbb\n")
        let tailer = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: nil)
        #expect(try drain(tailer) == ["aa", "bb"])
        dir.rewriteInPlace("a.jsonl", "cc\ndd\nee\n")
        #expect(try drain(tailer) == ["RESET:rewritten", "cc", "dd", "ee"])
    }

    @Test func truncationWhileStoppedIsDetectedAtRestart() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        dir.append("a.jsonl", "aaaa\nbbbb\n")
        let first = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: nil)
        _ = try drain(first)
        dir.rewriteInPlace("a.jsonl", "c\n")
        let second = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: first.checkpoint)
        #expect(try drain(second) == ["RESET:truncated", "c"])
    }

    @Test func deleteAndRecreate() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        dir.append("a.jsonl", "1\n")
        let tailer = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: nil)
        #expect(try drain(tailer) == ["1"])
        dir.append("a.jsonl", "2\n")
        dir.delete("a.jsonl")
        // Deleted: the open descriptor still gives the unread line; nothing else happens until re-creation.
        #expect(try drain(tailer) == ["2"])
        #expect(try drain(tailer) == [])
        dir.append("a.jsonl", "3\n")
        #expect(try drain(tailer) == ["RESET:recreated", "3"])
    }

    @Test func recreatedWhileStoppedReadsTheNewFileFromZero() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        dir.append("a.jsonl", "1\n")
        let first = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: nil)
        _ = try drain(first)
        let saved = first.checkpoint
        dir.delete("a.jsonl")
        dir.append("a.jsonl", "new\n")
        let second = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: saved)
        let got = try drain(second)
        // The inode may be reused by the new file: then it is seen as rewritten in place. Either way: reset, then all.
        #expect(got == ["RESET:recreated", "new"] || got == ["RESET:rewritten", "new"])
    }

    @Test func growthNeverResets() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let config = TailerConfiguration(headFingerprintBytes: 16)
        let tailer = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: nil, configuration: config)
        var expected: [String] = []
        var got: [String] = []
        for i in 0..<50 {
            let line = "line-\(i)-" + String(repeating: "z", count: i % 7)
            expected.append(line)
            dir.append("a.jsonl", line + "\n")
            got += try drain(tailer)
        }
        #expect(got == expected)
        #expect(tailer.checkpoint.file?.headLength == 16)
    }

    @Test func overlongLineIsOneRecordAndTheNextLinesFollow() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let config = TailerConfiguration(maxLineBytes: 10, readChunkBytes: 4)
        dir.append("a.jsonl", "ok\n" + String(repeating: "x", count: 100) + "\nafter\n")
        let tailer = FileTailer(source: source, path: dir.file("a.jsonl"), checkpoint: nil, configuration: config)
        #expect(try drain(tailer) == ["ok", "TOOLONG", "after"])
    }
}
