import Foundation
import Simulator
import Testing

@Suite("Determinism")
struct DeterminismTests {
    private func generate(_ config: SimulatorConfiguration) throws -> (InMemoryBotRoot, PlantedTruth) {
        var sink = InMemoryBotRoot()
        var simulator = BotSimulator(configuration: config)
        let truth = try simulator.generate(into: &sink)
        return (sink, truth)
    }

    @Test("same configuration gives byte-identical files and truth")
    func sameSeedSameBytes() throws {
        let config = SimulatorConfiguration(seed: 42, days: 0.5, symbolCount: 5, evaluationsPerHour: 120)
        let (a, truthA) = try generate(config)
        let (b, truthB) = try generate(config)
        for file in BotFile.allCases {
            #expect(!a.bytes(file).isEmpty, "\(file) is empty")
            #expect(a.bytes(file) == b.bytes(file), "\(file) differs between identical runs")
        }
        #expect(truthA.encoded() == truthB.encoded())
    }

    @Test("a different seed gives different files")
    func differentSeedDifferentBytes() throws {
        let (a, _) = try generate(SimulatorConfiguration(seed: 1, days: 0.25, symbolCount: 3))
        let (b, _) = try generate(SimulatorConfiguration(seed: 2, days: 0.25, symbolCount: 3))
        #expect(a.bytes(.signals) != b.bytes(.signals))
        #expect(a.bytes(.signalOutcomes) != b.bytes(.signalOutcomes))
    }

    @Test("files on disk equal the in-memory sink's bytes (batch sink buffering does not change output)")
    func diskEqualsMemory() throws {
        let config = SimulatorConfiguration(seed: 3, days: 0.5, symbolCount: 4, evaluationsPerHour: 90)
        let (memory, truth) = try generate(config)
        let root = SimulatorFixtures.temporaryDirectory("disk")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let written = try BotSimulator.writeBotRoot(configuration: config, root: root)
        #expect(written.truth == truth)
        for file in BotFile.allCases {
            let disk = FileManager.default.contents(atPath: root + "/" + file.relativePath).map { [UInt8]($0) }
            #expect(disk == memory.bytes(file), "\(file) on disk differs")
        }
        let loaded = try PlantedTruth.load(from: root)
        #expect(loaded == truth)
    }

    @Test("the committed sample is exactly what the sample configuration generates")
    func committedSampleIsReproducible() throws {
        let root = SimulatorFixtures.temporaryDirectory("sample")
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try BotSimulator.writeBotRoot(configuration: .committedSample, root: root)
        for path in BotFile.allCases.map(\.relativePath) + ["truth.json"] {
            let committed = FileManager.default.contents(atPath: SimulatorFixtures.packageRoot + "/" + path)
            let fresh = FileManager.default.contents(atPath: root + "/" + path)
            #expect(committed != nil, "committed sample lacks \(path)")
            #expect(committed == fresh, "\(path) differs from `hindsight simulate --sample` output; regenerate it")
        }
    }
}
