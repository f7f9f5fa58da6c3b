public import HindsightJSON

extension AllocationBook {
    /// Path of the export under the bot root.
    public static let exportPath = "feature_store/timeframe_allocation.json"

    /// `feature_store/timeframe_allocation.json` with seed 004's structure: `timeframe_allocation` per bucket
    /// (`current_allocation`, `n`, `roi_long`, `roi_short`, `updated_at`) and `global_roi`. ROIs are fractions of
    /// margin (null before a bucket's first trade), times are ISO UTC with `Z`; keys sorted at every level.
    public func exportJSON() -> JSONValue {
        func time(_ t: Int64?) -> JSONValue { t.map { .string(UTCTimestampFormat.isoZulu($0)) } ?? .null }
        func number(_ x: Double?) -> JSONValue { x.map { .double(rounded($0, places: 6)) } ?? .null }
        return .object([
            (
                "global_roi",
                .object([
                    ("n", .int(Int64(global.n))),
                    ("roi_long", number(global.roiLong)),
                    ("roi_short", number(global.roiShort)),
                    ("updated_at", time(global.updatedAt)),
                ])
            ),
            (
                "timeframe_allocation",
                .object(
                    buckets.map { b in
                        (
                            b.name,
                            .object([
                                ("current_allocation", .double(rounded(b.allocation, places: 6))),
                                ("n", .int(Int64(b.n))),
                                ("roi_long", number(b.roiLong)),
                                ("roi_short", number(b.roiShort)),
                                ("updated_at", time(b.updatedAt)),
                            ])
                        )
                    }
                )
            ),
        ])
    }

    public func exportBytes() -> [UInt8] {
        JSONWriter.pretty.bytes(exportJSON()) + [UInt8(ascii: "\n")]
    }
}
