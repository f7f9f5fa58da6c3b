extension Ingester {
    /// An ingester reading the formats a real bot writes (`RecordNormalizer`'s line encoders and positions
    /// codec): what the CLI and every end-to-end test use, so the wiring lives in one place.
    public convenience init(
        configuration: IngestConfiguration,
        log: any IngestLog,
        clock: @escaping @Sendable () -> Int64
    ) throws(IngestError) {
        try self.init(
            configuration: configuration,
            log: log,
            normalizers: RecordNormalizer.lineNormalizer(for:),
            encoders: RecordNormalizer.lineEncoder(for:),
            positions: RecordNormalizer.positionsCodec(),
            clock: clock
        )
    }
}
