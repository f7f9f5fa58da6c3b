import HindsightTestSupport
import Testing

@testable import EventLog

/// The zstd level is a writer setting only (frames are self-describing): every accepted level must read back the
/// same events, and a level libzstd does not accept must fail at open instead of being clamped silently.
struct CompressionLevelTests {
    @Test("fast, default and high levels all read back the same events", arguments: [-5, -1, 1, 3, 9] as [Int32])
    func levelsRoundTrip(level: Int32) throws {
        try withTemporaryDirectory { dir in
            var configuration = LogTest.fast
            configuration.compressionLevel = level
            let drafts = EventLogFixtures.randomDrafts(count: 300, seed: UInt64(bitPattern: Int64(level)) &+ 7)
            let written = try LogTest.write(drafts, to: dir.path, batchSize: 64, configuration: configuration)
            #expect(try LogTest.readAll(dir.path) == written)
        }
    }

    @Test("a level outside libzstd's range is rejected when the writer opens")
    func outOfRangeLevelRejected() {
        withTemporaryDirectory { dir in
            let levels = EventLogConfiguration.supportedCompressionLevels
            #expect(levels.contains(-1) && levels.contains(1) && levels.contains(22))
            var configuration = LogTest.fast
            configuration.compressionLevel = levels.upperBound + 1
            let error = #expect(throws: EventLogError.self) {
                try EventLogWriter(directory: dir.path, configuration: configuration)
            }
            #expect(error?.code == .invalidArgument)
        }
    }
}
