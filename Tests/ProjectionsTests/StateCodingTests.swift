import EventLog
import Projections
import Testing

@Suite struct StateCodingTests {
    struct Inner: Codable, Equatable {
        var name: String
        var value: Double?
        var flags: [Bool?]
        var side: Side
    }

    struct Sample: Codable, Equatable {
        var count: Int
        var big: UInt64
        var negative: Int64
        var ratio: Double
        var small: Float
        var label: String?
        var missing: String?
        var byName: [String: Inner]
        var byNumber: [Int: [Double]]
        var nested: [[Inner]]
        var empty: [String: Int]
        var unicode: String
    }

    static func sample(order: [String]) -> Sample {
        var byName: [String: Inner] = [:]
        for name in order {
            let value = name.count % 2 == 0 ? Double(name.count) / 3 : nil
            byName[name] = Inner(name: name, value: value, flags: [true, nil, false], side: .short)
        }
        var byNumber: [Int: [Double]] = [:]
        for k in [5, -3, 1_000_000, 0] { byNumber[k] = [Double(k), .pi, -0.0, .infinity] }
        return Sample(
            count: -42,
            big: .max,
            negative: .min,
            ratio: 0.1 + 0.2,
            small: 1.5,
            label: "x",
            missing: nil,
            byName: byName,
            byNumber: byNumber,
            nested: [[], [Inner(name: "", value: 1e-300, flags: [], side: .long)]],
            empty: [:],
            unicode: "ünï ✓ \u{0}"
        )
    }

    @Test func roundTripsEveryShapeExactly() throws {
        let value = Self.sample(order: ["b", "a", "c", "zz", ""])
        let bytes = try StateCoding.encode(value)
        #expect(try StateCoding.decode(Sample.self, from: bytes) == value)
    }

    /// Equal dictionaries built in different orders encode to equal bytes (snapshots compare states by bytes).
    @Test func dictionaryOrderDoesNotChangeTheBytes() throws {
        let a = try StateCoding.encode(Self.sample(order: ["b", "a", "c", "zz", ""]))
        var reordered = Self.sample(order: ["", "zz", "c", "a", "b"])
        reordered.byName.reserveCapacity(1000)
        #expect(try StateCoding.encode(reordered) == a)
    }

    @Test func damagedBytesThrowInsteadOfTrapping() throws {
        let bytes = try StateCoding.encode(Self.sample(order: ["a", "b"]))
        for cut in [0, 1, bytes.count / 2, bytes.count - 1] {
            #expect(throws: (any Error).self) { try StateCoding.decode(Sample.self, from: Array(bytes.prefix(cut))) }
        }
        #expect(throws: (any Error).self) { try StateCoding.decode(Sample.self, from: bytes + [0]) }
        var flipped = bytes
        flipped[0] = 0x42
        #expect(throws: (any Error).self) { try StateCoding.decode(Sample.self, from: flipped) }
    }

    /// A real fold state: the shared counterfactual and enriched-decision states of a scenario.
    @Test func foldStatesRoundTrip() throws {
        let fold = AnyFold.wrap(EnrichedDecisions())
        let pipeline = Pipeline(folds: [fold])
        pipeline.apply(contentsOf: GoldenScenario.events())
        let bytes = try fold.encodeState()
        let restored = AnyFold.wrap(EnrichedDecisions())
        try restored.restoreState(bytes)
        #expect(restored.unwrap(as: EnrichedDecisions.self)?.state == fold.unwrap(as: EnrichedDecisions.self)?.state)
        #expect(try restored.encodeState() == bytes)
        let counterfactual = try StateCoding.encode(pipeline.counterfactual.state)
        #expect(
            try StateCoding.decode(Counterfactual.State.self, from: counterfactual) == pipeline.counterfactual.state
        )
    }
}

/// The state encoding is what snapshots store: records kept in copy-on-write boxes (`CounterfactualOutcome`,
/// the enriched decisions' records) must encode byte for byte as the plain structs they replaced, or every
/// existing snapshot would fail to decode. The hashes were taken from the states before the boxes.
@Suite struct StateEncodingStabilityTests {
    static func hashes(after count: Int) throws -> (enriched: String, counterfactual: String) {
        let fold = AnyFold.wrap(EnrichedDecisions())
        let pipeline = Pipeline(folds: [fold])
        pipeline.apply(contentsOf: GoldenScenario.events().prefix(count))
        let enriched = try fold.encodeState()
        let counterfactual = try StateCoding.encode(pipeline.counterfactual.state)
        return (StableHash.hex(StableHash.fnv1a64(enriched)), StableHash.hex(StableHash.fnv1a64(counterfactual)))
    }

    @Test func boxedRecordsEncodeAsThePlainStructsDid() throws {
        let count = GoldenScenario.events().count
        let half = try Self.hashes(after: count / 2)
        let full = try Self.hashes(after: count)
        #expect(half.enriched == "d8ec18c9e35e6486")
        #expect(half.counterfactual == "ddf9fc92ba5fe8d0")
        #expect(full.enriched == "2d5258d3c9022981")
        #expect(full.counterfactual == "8d9bb99bd36f93d7")
    }
}
