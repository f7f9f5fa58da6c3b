/// Everything that shapes a simulated bot root. Same configuration → byte-identical files.
public struct SimulatorConfiguration: Sendable, Equatable {
    /// Root seed; every random stream (each symbol's price path, the bot's decisions, the resolver's outages)
    /// is derived from it.
    public var seed: UInt64
    /// Simulated start, UTC microseconds. Default 2025-12-01T00:00:00Z.
    public var startMicros: Int64
    /// Simulated length in days (fractions allowed). Ignored by live runs, which go on until stopped.
    public var days: Double
    /// Number of symbols (the reference's nine first, then synthetic `SYM<n>USDT`).
    public var symbolCount: Int
    /// Bot evaluations per hour over all symbols; every evaluation writes one signals.jsonl line, about four
    /// component outcomes and, when blocked, one blocked trade.
    public var evaluationsPerHour: Double
    /// Probability that a written JSONL line is replaced by a broken one (truncated, invalid JSON, wrong type).
    public var brokenLineRate: Double
    /// Probability that a closed position is written with a wrong-typed `symbol` (ingest must reject it).
    public var brokenPositionRate: Double
    /// Fraction of the run after which outcome `ts` values gain the `Z` suffix (the bot's 2025-12-15 change).
    public var outcomeZuluFromFraction: Double
    /// Resolver outages (cause shared horizon prices and partial outcomes): expected outages per simulated day.
    public var resolverOutagesPerDay: Double

    public static let defaultStartMicros: Int64 = 1_764_547_200_000_000  // 2025-12-01T00:00:00Z

    public init(
        seed: UInt64 = 1,
        startMicros: Int64 = SimulatorConfiguration.defaultStartMicros,
        days: Double = 7,
        symbolCount: Int = 8,
        evaluationsPerHour: Double = 30,
        brokenLineRate: Double = 0.001,
        brokenPositionRate: Double = 0.002,
        outcomeZuluFromFraction: Double = 0.3,
        resolverOutagesPerDay: Double = 0.7
    ) {
        self.seed = seed
        self.startMicros = startMicros
        self.days = days
        self.symbolCount = symbolCount
        self.evaluationsPerHour = evaluationsPerHour
        self.brokenLineRate = brokenLineRate
        self.brokenPositionRate = brokenPositionRate
        self.outcomeZuluFromFraction = outcomeZuluFromFraction
        self.resolverOutagesPerDay = resolverOutagesPerDay
    }

    /// The committed sample under the repository's top-level `logs/` and `state/` (about 3 MB: ~850 evaluations, ~300 outcomes per component, ~380 closed positions).
    public static let committedSample = SimulatorConfiguration(
        seed: 20_251_201,
        days: 16,
        symbolCount: 6,
        evaluationsPerHour: 2.2
    )

    /// Approximate records written per evaluation (1 decision + ~3.9 outcomes + ~0.5 blocked trades); used to
    /// turn a live `--rate` (records/s) into an evaluation rate.
    public static let recordsPerEvaluation = 5.3

    var endMicros: Int64 { startMicros + Int64(days * 86_400_000_000) }
}
