import Foundation
import Testing

@testable import Simulator

@Suite("Reference schema")
struct SchemaTests {
    @Test("every record of a generated root passes the independent Python checker")
    func generatedRootPassesChecker() throws {
        let root = SimulatorFixtures.temporaryDirectory("schema")
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A high broken-line rate so every broken kind occurs in a small root.
        var config = SimulatorConfiguration(seed: 11, days: 1, symbolCount: 6, evaluationsPerHour: 90)
        config.brokenLineRate = 0.01
        config.brokenPositionRate = 0.02
        let (truth, _) = try BotSimulator.writeBotRoot(configuration: config, root: root)
        let kinds = truth.files.values.reduce(into: [String: Int]()) { acc, facts in
            for (kind, n) in facts.brokenKinds { acc[kind, default: 0] += n }
        }
        #expect(Set(kinds.keys) == ["truncated", "invalid_json", "wrong_type"])
        let (status, output) = try SimulatorFixtures.runSchemaChecker(root: root)
        #expect(status == 0, "\(output)")
    }

    @Test("the committed sample passes the independent Python checker")
    func committedSamplePassesChecker() throws {
        let (status, output) = try SimulatorFixtures.runSchemaChecker(root: SimulatorFixtures.packageRoot)
        #expect(status == 0, "\(output)")
    }

    @Test("the real variants occur at realistic rates")
    func variantsOccur() {
        let v = SimulatorFixtures.statistical.truth.variants
        for key in [
            "positions.direction_long", "positions.exit_zombie_fields", "positions.exit_zombie_corrupted",
            "positions.partial_close", "signals.disposition_EXECUTED", "signals.disposition_BLOCKED",
            "signals.disposition_executed", "signals.disposition_blocked", "signals.disposition_warned",
            "blocked_trades.variant_beta", "blocked_trades.variant_conviction_gate",
            "blocked_trades.variant_counterfactual_tracker",
        ] {
            #expect((v[key] ?? 0) > 0, "no \(key) records")
        }
        let outcomes = SimulatorFixtures.jsonLines(SimulatorFixtures.statistical.root.bytes(.signalOutcomes))
        let zulu = outcomes.filter { ($0["ts"] as? String)?.hasSuffix("Z") == true }.count
        #expect(zulu > 0 && zulu < outcomes.count, "outcome ts must mix naive and Z spellings")
        let partial = outcomes.filter { $0["partial"] as? Bool == true }.count
        #expect(partial > 0 && Double(partial) < 0.05 * Double(outcomes.count))
    }

    @Test(
        "timestamps are spelled like the bot's",
        arguments: [
            (Int64(1_765_315_681_422_187), "2025-12-09T14:28:01.422187-07:00", "2025-12-09T21:28:01.422187"),
            (Int64(1_765_315_681_000_000), "2025-12-09T14:28:01-07:00", "2025-12-09T21:28:01"),
            (Int64(1_764_547_200_000_001), "2025-11-30T17:00:00.000001-07:00", "2025-12-01T00:00:00.000001"),
        ]
    )
    func timestampSpellings(micros: Int64, arizona: String, naive: String) {
        #expect(BotTimestamps.arizona(micros) == arizona)
        #expect(BotTimestamps.naiveUTC(micros) == naive)
        #expect(BotTimestamps.zulu(micros) == naive + "Z")
        #expect(BotTimestamps.utcOffset(micros) == naive + "+00:00")
    }

    @Test(
        "floats are written as Python's repr and rounded as Python's round",
        arguments: [
            (1e-5, "1e-05"), (0.0001, "0.0001"), (1e16, "1e+16"), (123.0, "123.0"), (-0.0, "-0.0"),
            (2.675, "2.675"), (1765822623.5317743, "1765822623.5317743"),
        ]
    )
    func pythonFloats(value: Double, text: String) {
        #expect(PythonFloat.repr(value) == text)
    }

    @Test("round(x, 6) matches Python on values at the half boundary")
    func pythonRound() {
        // Python: round(2.675, 2) == 2.67 (the double is below the half); round(0.0000005, 6) == 0.0 (half-even
        // on the exact binary value 4.99999999999999977e-07).
        #expect(PythonFloat.round(2.675, 2) == 2.67)
        #expect(PythonFloat.round(0.0000005, 6) == 0.0)
        #expect(PythonFloat.round(0.0000015, 6) == 0.000002)
        #expect(PythonFloat.round(-0.0123455, 6) == -0.012346 || PythonFloat.round(-0.0123455, 6) == -0.012345)
        #expect(PythonFloat.round(0.1234564, 6) == 0.123456)
    }

    @Test("JSON lines use json.dumps separators and escapes")
    func writerMatchesJsonDumps() {
        var w = PythonJSONWriter()
        w.beginObject()
        w.key("a")
        w.int(-12)
        w.key("b")
        w.beginArray()
        w.string("x\"y\\z\n\u{e9}")
        w.null()
        w.bool(true)
        w.endArray()
        w.key("c")
        w.beginObject()
        w.endObject()
        w.key("d")
        w.double(0.5)
        w.endObject()
        #expect(
            String(decoding: w.bytes, as: UTF8.self)
                == #"{"a": -12, "b": ["x\"y\\z\n\u00e9", null, true], "c": {}, "d": 0.5}"#
        )
    }
}
