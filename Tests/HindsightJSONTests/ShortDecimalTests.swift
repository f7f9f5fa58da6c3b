import Testing

@testable import HindsightJSON

/// `ShortDecimal` (the integer fast path of `appendDouble`) against the general path through `Double.description`
/// (the oracle): the same bytes for every value the fast path takes, and those bytes read back to the identical
/// `Double`.
@Suite("ShortDecimal fast path")
struct ShortDecimalTests {
    /// Bytes of the fast path, or nil when it declines the value.
    private func fast(_ value: Double) -> String? {
        var buffer: [UInt8] = []
        guard ShortDecimal.append(value, to: &buffer) else {
            #expect(buffer.isEmpty, "a declined value must leave the buffer untouched")
            return nil
        }
        return String(decoding: buffer, as: UTF8.self)
    }

    private func oracle(_ value: Double) -> String {
        var buffer: [UInt8] = []
        JSONWriter.appendDoubleViaDescription(value, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Checks one value; returns whether the fast path took it.
    @discardableResult
    private func check(_ value: Double) -> Bool {
        guard let text = fast(value) else { return false }
        #expect(text == oracle(value), "bits \(String(value.bitPattern, radix: 16))")
        #expect(Double(text)?.bitPattern == value.bitPattern, "\(text) does not read back")
        return true
    }

    @Test("decimals of 1 to 17 significant digits across the positional range", arguments: [1, 2, 3])
    func randomDecimals(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var taken = 0
        let count = 40_000
        for _ in 0..<count {
            let digits = Int.random(in: 1...17, using: &rng)
            var mantissa = UInt64.random(in: 0..<UInt64(1e17), using: &rng)
            for _ in digits..<17 { mantissa /= 10 }
            let exponent = Int.random(in: -22...15, using: &rng)
            let sign = Bool.random(using: &rng) ? "-" : ""
            guard let value = Double("\(sign)\(mantissa)e\(exponent)") else { continue }
            if check(value) { taken += 1 }
        }
        // Most short decimals in range take the fast path (else the test would not exercise it).
        #expect(taken > count / 3, "fast path took only \(taken) of \(count)")
    }

    @Test("values rounded to 2...8 places (what the exports write) all take the fast path")
    func roundedValues() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<40_000 {
            let raw = Double.random(in: -2_000...2_000, using: &rng) * pow10(Int.random(in: -3...3, using: &rng))
            let places = Int.random(in: 2...8, using: &rng)
            let scale = pow10(places)
            let value = (raw * scale).rounded(.toNearestOrAwayFromZero) / scale  // as the exports round
            guard value.magnitude >= 1e-4 else { continue }
            #expect(check(value), "\(value) rounded to \(places) places declined")
        }
    }

    @Test("arbitrary bit patterns in and around the range: identical or declined", arguments: [4, 5])
    func randomBits(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<60_000 {
            check(Double(bitPattern: rng.next()))
            let inRange = Double.random(in: 1e-5...2e15, using: &rng)
            check(inRange)
            check(-inRange.nextUp)
        }
    }

    @Test("edges: range limits, powers of ten and two, their neighbours, noise digits, zero")
    func edges() {
        var values: [Double] = [0, -0.0, 1e-4, 1e15, 0.1 + 0.2, 1 / 3, 2 / 3, 123_456_789.123_456_78, 0x1p50, 0x1p49]
        for p in -5...16 {
            let power = pow10(p)
            values += [power, power.nextUp, power.nextDown, 9 * power, 9.5 * power, 1.5 * power]
        }
        for e in -14...50 {
            let power = Double(sign: .plus, exponent: e, significand: 1)
            values += [power, power.nextUp, power.nextDown]
        }
        for k in 0...17 {
            let bound = 0x1p50 / pow10(k)
            values += [bound, bound.nextUp, bound.nextDown, bound.nextDown.nextDown]
        }
        for value in values {
            check(value)
            check(-value)
        }
        #expect(fast(1e-4) == "0.0001")
        #expect(fast(1e-4.nextDown) == nil)
        #expect(fast(1e15) == nil)
        #expect(fast(1e15.nextDown) == nil, "999999999999999.875 needs a digit below the grid")
        #expect(fast(100) == "100.0")
        #expect(fast(-2.5) == "-2.5")
        #expect(fast(97_123.45) == "97123.45")
        #expect(fast(0.1 + 0.2) == nil)
        #expect(fast(0) == nil)
    }

    private func pow10(_ p: Int) -> Double { Double("1e\(p)")! }
}
