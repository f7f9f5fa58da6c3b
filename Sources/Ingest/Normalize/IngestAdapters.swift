import EventLog
import Synchronization

/// The normalizers in the closure shapes the ingest driver takes (`LineNormalizer`, `PositionsCodec`).
///
/// Each closure owns one `RecordNormalizer` (a reusable simdjson parser + scratch space) behind a `Mutex`: the
/// closures must be `@Sendable`, and a parser must not be used by two threads at once. The lock is uncontended in
/// practice (one ingest loop), so it costs tens of nanoseconds per record.
extension RecordNormalizer {
    /// The `LineNormalizer` for one JSONL format.
    public static func lineNormalizer(for format: LineFormat) -> LineNormalizer {
        let box = NormalizerBox()
        return { bytes in box.state.withLock { $0.normalize(bytes, as: format) } }
    }

    /// The `LineEncoder` for one JSONL format (same events as `lineNormalizer(for:)`, payloads encoded directly).
    /// Not `@Sendable` (no lock): one ingest loop owns it, and the writer it fills is not `Sendable` either.
    public static func lineEncoder(for format: LineFormat) -> LineEncoder {
        let box = EncoderBox()
        return { bytes, padded, writer in
            box.normalizer.encode(bytes, paddedInPlace: padded, as: format, into: &writer)
        }
    }

    /// Parses `logs/positions_futures.json` for the positions follower: each element's exact original bytes and
    /// its verdict; `unreadable` (retry later) when the document as a whole does not parse.
    public static func positionsCodec() -> PositionsCodec {
        let box = NormalizerBox()
        return PositionsCodec(
            parseDocument: { bytes in
                box.state.withLock { normalizer in
                    do throws(PositionsDocumentError) {
                        let document = try normalizer.positions(bytes)
                        let element = { (r: PositionRecord) in
                            PositionElement(bytes: Array(bytes[r.byteRange]), verdict: r.verdict)
                        }
                        return .document(open: document.open.map(element), closed: document.closed.map(element))
                    } catch {
                        return .unreadable(error.message)
                    }
                }
            },
            meaningfulFields: { bytes in
                box.state.withLock { $0.meaningfulFields(ofOpenPosition: bytes) }
            }
        )
    }
}

private final class NormalizerBox: Sendable {
    let state = Mutex(RecordNormalizer())
}

private final class EncoderBox {
    var normalizer = RecordNormalizer()
}
