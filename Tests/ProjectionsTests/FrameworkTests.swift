import EventLog
import HindsightJSON
import Projections
import Testing

@Suite struct FrameworkTests {
    @Test func fnv1aMatchesPublishedVectors() {
        #expect(StableHash.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.fnv1a64("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test func configurationHashIsStableAndSensitive() throws {
        let a = Counterfactual().identity
        // Pinned: changes only when the configuration's fields or defaults change (then bump the version).
        #expect(a.configurationHash == ConfigurationCoding.hash(CounterfactualConfiguration()))
        #expect(
            String(decoding: ConfigurationCoding.canonicalJSON(PriceMarksConfiguration()), as: UTF8.self)
                == #"{"maxStalenessSeconds":300,"retentionSeconds":86400}"#
        )
        // Pinned (computed independently with Python's FNV-1a over the canonical JSON above).
        #expect(PriceMarks().identity.description == "price_marks@1#a7cf685a7ea65fba")
        var changed = CounterfactualConfiguration()
        changed.takerFee = 0.0004
        #expect(Counterfactual(configuration: changed).identity != a)
    }

    @Test func registryBuildsVersionsWithOverrides() throws {
        let registry = try FoldRegistry([FoldDescriptor(PriceMarks.self), FoldDescriptor(Counterfactual.self)])
        #expect(registry.latestVersions.map(\.nameAndVersion) == ["counterfactual@2", "price_marks@1"])
        let fold = try registry.makeFold(spec: "price_marks@1", overrides: ["maxStalenessSeconds": "60"])
        #expect(fold.unwrap(as: PriceMarks.self)?.configuration.maxStalenessSeconds == 60)
        let cf = try registry.makeFold(
            name: "counterfactual",
            overrides: ["blockingDispositions": #"["blocked","warned"]"#, "takerFee": "0.001"]
        )
        #expect(cf.unwrap(as: Counterfactual.self)?.configuration.blockingDispositions == ["blocked", "warned"])
        #expect(cf.unwrap(as: Counterfactual.self)?.configuration.takerFee == 0.001)
        #expect(throws: ProjectionsError.self) { try registry.makeFold(spec: "price_marks@2") }
        do {
            _ = try registry.makeFold(spec: "price_marks", overrides: ["nope": "1"])
            Issue.record("an unknown key must be refused")
        } catch {
            #expect(error.code == .unknownConfigurationKey)
        }
        do {
            _ = try registry.makeFold(spec: "price_marks", overrides: ["maxStalenessSeconds": "soon"])
            Issue.record("a value of the wrong type must be refused")
        } catch {
            #expect(error.code == .invalidConfiguration)
        }
        #expect(throws: ProjectionsError.self) {
            try FoldRegistry([FoldDescriptor(PriceMarks.self), FoldDescriptor(PriceMarks.self)])
        }
    }

    @Test func stateSnapshotRoundTrips() throws {
        var b = EventBuilder()
        b.decision(at: 0, "BTCUSDT", .long, .blocked, price: 100)
        b.decision(at: 60, "BTCUSDT", .long, .executed, price: 101)
        let fold = AnyFold.wrap(PriceMarks())
        var context = FoldContext()
        for e in b.events {
            context.observe(e)
            fold.apply(e, context: context)
        }
        let bytes = try fold.encodeState()
        let other = AnyFold.wrap(PriceMarks())
        try other.restoreState(bytes)
        #expect(other.unwrap(as: PriceMarks.self)?.state == fold.unwrap(as: PriceMarks.self)?.state)
        #expect(try other.encodeState() == bytes)
        #expect(throws: ProjectionsError.self) { try other.restoreState(Array("{".utf8)) }
    }

    @Test func exportJSONWritesLikePython() {
        let v = JSONValue.object([
            ("a", .double(0.1)), ("b", .double(1e-05)), ("c", .double(2)), ("d", .rounded(-0.00001, places: 4)),
            ("e", .string("q\"\\\n\u{1}")), ("f", .array([.int(1), .null, .bool(true)])), ("g", .object([])),
        ])
        #expect(
            String(decoding: v.line(), as: UTF8.self)
                == #"{"a": 0.1, "b": 1e-05, "c": 2.0, "d": 0.0, "e": "q\"\\\n\u0001", "f": [1, null, true], "g": {}}"#
        )
        #expect(
            String(decoding: JSONValue.object([("k", .array([.int(1)]))]).document(), as: UTF8.self)
                == "{\n  \"k\": [\n    1\n  ]\n}\n"
        )
        #expect(JSONValue.round(0.123456789, places: 6) == 0.123457)
    }

    @Test func utcFormatting() {
        #expect(UTCTime.iso8601(EventBuilder.origin + 512_345) == "2025-12-15T00:00:00.512345Z")
        #expect(UTCTime.naive(951_782_400_000_000) == "2000-02-29T00:00:00.000000")
        #expect(UTCTime.iso8601(-1) == "1969-12-31T23:59:59.999999Z")
        #expect(UTCTime.epochSeconds(-1) == -1)
    }
}

@Suite struct PriceMarksTests {
    @Test func staleMarksAreNotUsed() {
        var b = EventBuilder()
        b.decision(at: 0, "BTCUSDT", .long, .blocked, price: 100)
        b.blocked(at: 1000, "BTCUSDT", .long, price: 110)
        b.outcome(signalAt: 200, "ETHUSDT", "ofi", .long, price: 10, horizonPrices: [(.m1, 11), (.m5, 12)])
        var marks = PriceMarks()
        marks.apply(contentsOf: b.events)
        let t = EventBuilder.micros
        #expect(marks.mark("BTCUSDT", atOrBefore: t(300))?.price == 100)
        #expect(marks.mark("BTCUSDT", atOrBefore: t(301)) == nil)  // 301 s > 300 s staleness
        #expect(marks.mark("BTCUSDT", atOrAfter: t(700))?.price == 110)
        #expect(marks.mark("BTCUSDT", atOrAfter: t(699)) == nil)
        #expect(marks.mark("BTCUSDT", atOrAfter: t(1001)) == nil)
        #expect(marks.mark("BTCUSDT", at: t(500)) == nil)
        // Outcome horizon prices are marks at signal time + horizon, although they arrive later.
        #expect(marks.mark("ETHUSDT", atOrAfter: t(201))?.price == 11)
        #expect(marks.mark("ETHUSDT", atOrAfter: t(261)) == PriceMarks.Mark(time: t(500), price: 12))
        #expect(marks.mark("ETHUSDT", atOrBefore: t(200))?.price == 10)
        #expect(marks.mark("SOLUSDT", at: t(0)) == nil)
    }

    @Test func outOfOrderInsertionKeepsSeriesSorted() {
        var marks = PriceMarks()
        var b = EventBuilder()
        for (i, s) in [50, 10, 30, 10, 70, 20].enumerated() {
            b.blocked(at: Int64(s), "X", .long, price: Double(i + 1))
        }
        marks.apply(contentsOf: b.events)
        #expect(marks.state.series["X"]?.times == [10, 20, 30, 50, 70].map(EventBuilder.micros))
        // The later record for t=10 replaced the first.
        #expect(marks.state.series["X"]?.prices == [4, 6, 3, 1, 5])
    }

    @Test func oldMarksAreForgotten() {
        var config = PriceMarksConfiguration()
        config.retentionSeconds = 100
        var marks = PriceMarks(configuration: config)
        var b = EventBuilder()
        for s in 0..<200 { b.blocked(at: Int64(s * 10), "X", .long, price: 1) }
        marks.apply(contentsOf: b.events)
        let times = marks.state.series["X"]!.times
        #expect(times.count < 140)
        #expect(times.last == EventBuilder.micros(1990))
        #expect(marks.mark("X", atOrAfter: EventBuilder.micros(1890)) != nil)
    }
}
