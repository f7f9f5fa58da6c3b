import Foundation
import Simulator
import Synchronization
import Testing

/// A stop flag shared between the test and the live run, and the run's result.
private final class LiveRunControl: Sendable {
    let stop = Atomic<Bool>(false)
    let finished = Atomic<Bool>(false)
    let result = Mutex<Result<PlantedTruth, SimulatorError>?>(nil)
}

@Suite("Live mode")
struct LiveModeTests {
    @Test("a reader sees a valid positions document and whole JSONL lines at every instant")
    func readersNeverSeeTornFiles() throws {
        let root = SimulatorFixtures.temporaryDirectory("live")
        defer { try? FileManager.default.removeItem(atPath: root) }
        var config = SimulatorConfiguration(seed: 5, symbolCount: 4)
        config.brokenLineRate = 0
        config.brokenPositionRate = 0
        let control = LiveRunControl()
        // 300× speed: an hour of bot activity per 12 s, so positions open and close while the reader looks.
        let run = LiveBotRun(configuration: config, root: root, recordsPerSecond: 200, speed: 300)
        // A real thread: the live run blocks (it paces with sleeps), which must not occupy the test's executor.
        Thread.detachNewThread {
            let result = Result { () throws(SimulatorError) -> PlantedTruth in
                try run.run(clock: SystemLiveClock()) { control.stop.load(ordering: .relaxed) }
            }
            control.result.withLock { $0 = result }
            control.finished.store(true, ordering: .releasing)
        }
        var documentsRead = 0
        var linesRead = 0
        var consumed = [0, 0, 0]
        // Look until enough versions were seen (bounded in time: a loaded CI machine may start us late). The
        // loop is synchronous on purpose: an `await` could park it for long while other tests hog the executor.
        let deadline = Date().addingTimeInterval(60)
        while (documentsRead < 40 || linesRead < 300) && Date() < deadline {
            if let data = FileManager.default.contents(atPath: root + "/logs/positions_futures.json") {
                let document = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                #expect(document?["open_positions"] is [Any], "torn positions document")
                documentsRead += 1
            }
            for file in [BotFile.signals, .signalOutcomes, .blockedTrades] {
                guard let data = FileManager.default.contents(atPath: root + "/" + file.relativePath) else { continue }
                let bytes = [UInt8](data)
                // Lines only grow: parse what is new since the last look. Only the last line may be incomplete
                // (being written); every terminated line must parse.
                let start = consumed[file.rawValue]
                guard bytes.count > start else { continue }
                var lines = bytes[start...].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                let unterminated = lines.removeLast()
                for line in lines {
                    #expect((try? JSONSerialization.jsonObject(with: Data(line))) != nil, "\(file): torn line")
                }
                consumed[file.rawValue] = bytes.count - unterminated.count
                linesRead += lines.count
            }
            usleep(20_000)
        }
        control.stop.store(true, ordering: .relaxed)
        while !control.finished.load(ordering: .acquiring) { usleep(10_000) }
        let truth = try #require(try control.result.withLock { $0 }?.get())
        #expect(documentsRead >= 40)
        #expect(linesRead >= 300)
        #expect(truth.configuration.live)
        let closed = truth.files["logs/positions_futures.json"]!.records
        #expect(closed > 0, "no position opened during the live run")
        let loaded = try PlantedTruth.load(from: root)
        #expect(loaded == truth)
        #expect(FileManager.default.fileExists(atPath: root + "/logs/positions_futures.json.tmp") == false)
    }
}
