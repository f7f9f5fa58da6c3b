/// Holds one decompressed frame body and hands out its events one at a time. Its buffers (stored payload,
/// body) and zstd context are reused from frame to frame, which is what keeps reading allocation-light.
struct FrameReader {
    private let decompressor: ZstdDecompressor
    private var stored: [UInt8] = []
    private(set) var body: [UInt8] = []
    private(set) var header: FrameHeader?
    private var path = ""
    private var frameOffset: UInt64 = 0
    /// Offset in `body` of the next event to decode, and how many remain.
    private var position = 0
    private(set) var remaining = 0
    private(set) var nextSeq: UInt64 = 0

    init() throws(EventLogError) { decompressor = try ZstdDecompressor() }

    /// Reads, checks (payload CRC) and decompresses the frame at `offset` whose header is `header`.
    mutating func load(file: PosixFile, header: FrameHeader, offset: UInt64) throws(EventLogError) {
        let count = Int(header.storedLength)
        if stored.count < count { stored.append(contentsOf: repeatElement(0, count: count - stored.count)) }
        let n = try stored.withMutableBytes { (raw) throws(EventLogError) in
            try file.read(
                into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<count]),
                at: offset + UInt64(header.headerLength)
            )
        }
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
        let bodyLength = Int(header.bodyLength)
        let failure: String? = stored.withUnsafeBytes { own in
            let input = UnsafeRawBufferPointer(rebasing: own[0..<count])
            if CRC32C.checksum(input) != header.payloadCRC { return "frame payload CRC32C mismatch" }
            return decompressor.decompress(input, expectedSize: bodyLength, into: &body)
        }
        if let failure { throw EventLogError(.corruptFrame, failure, path: file.path, offset: offset) }
        self.header = header
        do throws(WireReader.WireError) {
            position = try body.withBytes { (raw) throws(WireReader.WireError) in
                try FrameBody.eventsStart(UnsafeRawBufferPointer(rebasing: raw[0..<bodyLength]))
            }
        } catch {
            throw malformed(error)
        }
        remaining = Int(header.count)
        nextSeq = header.firstSeq
    }

    /// The checkpoints of the loaded frame.
    func checkpoints() throws(EventLogError) -> [SourceCheckpoint] {
        guard let header else { return [] }
        do throws(WireReader.WireError) {
            return try body.withBytes { (raw) throws(WireReader.WireError) in
                try FrameBody.checkpoints(UnsafeRawBufferPointer(rebasing: raw[0..<Int(header.bodyLength)])).checkpoints
            }
        } catch {
            throw malformed(error)
        }
    }

    /// Decodes the next event of the loaded frame, or nil when all were handed out.
    mutating func nextEvent() throws(EventLogError) -> Event? {
        guard remaining > 0, let header else { return nil }
        let at = position
        let seq = nextSeq
        do throws(WireReader.WireError) {
            let (event, next) = try body.withBytes { (raw) throws(WireReader.WireError) in
                try FrameBody.event(UnsafeRawBufferPointer(rebasing: raw[0..<Int(header.bodyLength)]), at: at, seq: seq)
            }
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
        guard remaining > 0, let header else { return }
        let at = position
        do throws(WireReader.WireError) {
            position = try body.withBytes { (raw) throws(WireReader.WireError) in
                var r = WireReader(UnsafeRawBufferPointer(rebasing: raw[0..<Int(header.bodyLength)]), from: at)
                _ = try r.lengthDelimited()
                return r.position
            }
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
