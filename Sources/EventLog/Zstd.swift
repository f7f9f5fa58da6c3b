import CZstd

/// The only file that touches zstd's C API. Contexts are reused across frames (creating one per frame
/// costs more than compressing a small batch); C types never leave this file.
final class ZstdCompressor {
    private let context: OpaquePointer
    let level: Int32

    /// The levels this libzstd accepts: negative "fast" levels (faster, larger) up to 22 (slowest, smallest).
    static var levels: ClosedRange<Int32> { ZSTD_minCLevel()...ZSTD_maxCLevel() }

    init(level: Int32) throws(EventLogError) {
        guard Self.levels.contains(level) else {
            throw EventLogError(
                .invalidArgument,
                "zstd compression level \(level) is outside \(Self.levels.lowerBound)...\(Self.levels.upperBound)"
            )
        }
        guard let context = ZSTD_createCCtx() else {
            throw EventLogError(.compression, "cannot allocate a zstd compression context")
        }
        self.context = context
        self.level = level
    }

    deinit { ZSTD_freeCCtx(context) }

    /// Compresses `input` into `output` starting at `offset` (the buffer grows when too small and is never
    /// shrunk, so it is reused across frames) and returns the compressed length.
    func compress(
        _ input: UnsafeRawBufferPointer,
        into output: inout [UInt8],
        at offset: Int
    ) throws(EventLogError) -> Int {
        let bound = ZSTD_compressBound(input.count)
        if output.count < offset + bound {
            output.append(contentsOf: repeatElement(0, count: offset + bound - output.count))
        }
        let written = output.withUnsafeMutableBytes { out in
            ZSTD_compressCCtx(context, out.baseAddress! + offset, bound, input.baseAddress, input.count, level)
        }
        if ZSTD_isError(written) != 0 {
            throw EventLogError(.compression, "zstd compression failed: \(Self.errorName(written))")
        }
        return written
    }

    static func errorName(_ code: Int) -> String { String(cString: ZSTD_getErrorName(code)) }
}

/// Decompresses frame payloads whose decompressed size is known from the frame header.
final class ZstdDecompressor {
    private let context: OpaquePointer

    init() throws(EventLogError) {
        guard let context = ZSTD_createDCtx() else {
            throw EventLogError(.compression, "cannot allocate a zstd decompression context")
        }
        self.context = context
    }

    deinit { ZSTD_freeDCtx(context) }

    /// Decompresses `input` into exactly `output` (its size is the body length the frame header states).
    /// Returns an error message rather than throwing so that callers can attach path and offset.
    func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> String? {
        let produced = ZSTD_decompressDCtx(context, output.baseAddress, output.count, input.baseAddress, input.count)
        if ZSTD_isError(produced) != 0 { return "zstd: \(ZstdCompressor.errorName(produced))" }
        if produced != output.count { return "decompressed \(produced) bytes, header says \(output.count)" }
        return nil
    }
}
