#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Latencies in microseconds in log-spaced buckets (2 % wide, 1 µs to ~30 min): percentiles without keeping
/// every sample, small enough to copy, cheap enough to record per event.
public struct LatencyHistogram: Sendable, Equatable {
    private static let growth = 1.02
    private static let bucketCount = 1_100
    private var buckets: [UInt32] = Array(repeating: 0, count: LatencyHistogram.bucketCount)
    public private(set) var count: Int = 0
    public private(set) var maxMicros: Int64 = 0
    private var sumMicros: Double = 0

    public init() {}

    public mutating func record(_ micros: Int64) {
        let clamped = max(0, micros)
        buckets[Self.bucket(clamped)] &+= 1
        count += 1
        sumMicros += Double(clamped)
        maxMicros = max(maxMicros, clamped)
    }

    /// The latency below which `fraction` of the samples fall (upper edge of its bucket, capped at the
    /// maximum seen), in microseconds.
    public func percentile(_ fraction: Double) -> Int64 {
        guard count > 0 else { return 0 }
        let target = max(1, Int((Double(count) * fraction).rounded(.up)))
        var seen = 0
        for (index, n) in buckets.enumerated() {
            seen += Int(n)
            if seen >= target { return min(maxMicros, Self.upperEdge(index)) }
        }
        return maxMicros
    }

    public var meanMicros: Double { count == 0 ? 0 : sumMicros / Double(count) }

    private static func bucket(_ micros: Int64) -> Int {
        guard micros > 1 else { return 0 }
        return min(bucketCount - 1, Int((log(Double(micros)) / log(growth)).rounded(.up)))
    }

    private static func upperEdge(_ index: Int) -> Int64 { Int64(pow(growth, Double(index)).rounded(.up)) }
}
