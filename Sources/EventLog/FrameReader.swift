/// Holds one decompressed frame body and hands out its events one at a time. Its buffers (stored payload,
/// body) and zstd context are reused from frame to frame, which is what keeps reading allocation-light.
struct FrameReader {
    private let decompressor: ZstdDecompressor
    private let stored = RawBuffer()
    private let bodyBuffer = RawBuffer(capacity: 1 << 20)
    private(set) var header: FrameHeader?
    private var path = ""
    private var frameOffset: UInt64 = 0
    /// Offset in the body of the next event to decode, and how many remain.
    private var position = 0
    private(set) var remaining = 0
    private(set) var nextSeq: UInt64 = 0

    init() throws(EventLogError) { decompressor = try ZstdDecompressor() }

    /// The loaded frame's decompressed body (valid until the next `load`).
    var body: UnsafeRawBufferPointer { bodyBuffer.bytes(Int(header?.bodyLength ?? 0)) }

    /// Reads, checks (payload CRC) and decompresses the frame at `offset` whose header is `header`.
    mutating func load(file: PosixFile, header: FrameHeader, offset: UInt64) throws(EventLogError) {
        self.header = nil
        remaining = 0
        let count = Int(header.storedLength)
        stored.reserve(count)
        let n = try file.read(into: stored.mutableBytes(count), at: offset + UInt64(header.headerLength))
        guard n == count else {
            throw EventLogError(
                .corruptFrame,
                "frame payload is incomplete (\(n) of \(count) bytes)",
                path: file.path,
                offset: offset
            )
        }
        path = file.path
        frameOffset = offset
        let input = stored.bytes(count)
        if CRC32C.checksum(input) != header.payloadCRC {
            throw EventLogError(.corruptFrame, "frame payload CRC32C mismatch", path: file.path, offset: offset)
        }
        let bodyLength = Int(header.bodyLength)
        bodyBuffer.reserve(bodyLength)
        if let failure = decompressor.decompress(input, into: bodyBuffer.mutableBytes(bodyLength)) {
            throw EventLogError(.corruptFrame, failure, path: file.path, offset: offset)
        }
        self.header = header
        do throws(WireReader.WireError) {
            position = try FrameBody.eventsStart(body)
        } catch {
            throw malformed(error)
        }
        remaining = Int(header.count)
        nextSeq = header.firstSeq
    }

    /// The checkpoints of the loaded frame.
    func checkpoints() throws(EventLogError) -> [SourceCheckpoint] {
        guard header != nil else { return [] }
        do throws(WireReader.WireError) {
            return try FrameBody.checkpoints(body).checkpoints
        } catch {
            throw malformed(error)
        }
    }

    /// Decodes the next event of the loaded frame, or nil when all were handed out.
    mutating func nextEvent() throws(EventLogError) -> Event? {
        guard remaining > 0 else { return nil }
        do throws(WireReader.WireError) {
            let (event, next) = try FrameBody.event(body, at: position, seq: nextSeq)
            position = next
            remaining -= 1
            nextSeq += 1
            return event
        } catch {
            throw malformed(error)
        }
    }

    /// Skips the next event without building it.
    mutating func skipEvent() throws(EventLogError) {
        guard remaining > 0 else { return }
        do throws(WireReader.WireError) {
            var r = WireReader(body, from: position)
            _ = try r.lengthDelimited()
            position = r.position
        } catch {
            throw malformed(error)
        }
        remaining -= 1
        nextSeq += 1
    }

    private func malformed(_ error: WireReader.WireError) -> EventLogError {
        EventLogError(
            .malformedEncoding,
            "frame body does not decode: \(error.message) at body byte \(error.position)",
            path: path,
            offset: frameOffset
        )
    }
}
