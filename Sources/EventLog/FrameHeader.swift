/// The plain (uncompressed) header in front of every frame: enough to seek, index, account and validate a
/// frame without decompressing it. Layout (little-endian), versions 1 and 2 (same header; version 2 changed
/// the body layout, see `FrameBody`), 72 bytes:
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 4 | magic `HSEF` |
/// | 4 | 2 | format version (2; 1 is still read) |
/// | 6 | 2 | header length (72; readers skip bytes they do not know up to this length) |
/// | 8 | 4 | header CRC32C over bytes [0, 8) and [12, header length) |
/// | 12 | 1 | codec (1 = zstd) |
/// | 13 | 3 | reserved, zero |
/// | 16 | 4 | event count |
/// | 20 | 4 | body length (decompressed payload bytes) |
/// | 24 | 8 | first sequence number |
/// | 32 | 8 | min event time (µs; `Int64.max` when the frame has no events) |
/// | 40 | 8 | max event time (µs; `Int64.min` when the frame has no events) |
/// | 48 | 8 | running max event time: max over this and every earlier frame of the log |
/// | 56 | 8 | original bytes: sum of the events' `original` lengths |
/// | 64 | 4 | stored length (compressed payload bytes that follow the header) |
/// | 68 | 4 | payload CRC32C over the stored bytes |
struct FrameHeader: Equatable {
    static let magic: [UInt8] = Array("HSEF".utf8)
    /// The version this build writes. Version 2 (lean envelope: per-frame source and file tables, delta-coded
    /// times and offsets) replaced 1; version 1 frames are still read, also mixed with version 2 frames in
    /// one log (a log written by an older build and continued by this one).
    static let version: UInt16 = 2
    /// The versions this build reads.
    static let readableVersions: ClosedRange<UInt16> = 1...2
    static let size = 72
    static let codecZstd: UInt8 = 1

    var version: UInt16 = FrameHeader.version
    var headerLength: Int = FrameHeader.size
    var count: UInt32
    var bodyLength: UInt32
    var firstSeq: UInt64
    var minEventTime: Int64
    var maxEventTime: Int64
    var runningMaxEventTime: Int64
    var originalBytes: UInt64
    var storedLength: UInt32
    var payloadCRC: UInt32

    var endSeq: UInt64 { firstSeq + UInt64(count) }
    /// Header plus payload.
    var frameLength: UInt64 { UInt64(headerLength) + UInt64(storedLength) }

    /// Serializes into `buffer[0..<72]` (which must exist), computing the header CRC.
    func write(into buffer: UnsafeMutableRawBufferPointer) {
        let b = buffer.baseAddress!
        for (i, m) in Self.magic.enumerated() { b.storeBytes(of: m, toByteOffset: i, as: UInt8.self) }
        b.storeBytes(of: version.littleEndian, toByteOffset: 4, as: UInt16.self)
        b.storeBytes(of: UInt16(Self.size).littleEndian, toByteOffset: 6, as: UInt16.self)
        b.storeBytes(of: Self.codecZstd, toByteOffset: 12, as: UInt8.self)
        b.storeBytes(of: 0, toByteOffset: 13, as: UInt8.self)
        b.storeBytes(of: 0, toByteOffset: 14, as: UInt16.self)
        b.storeBytes(of: count.littleEndian, toByteOffset: 16, as: UInt32.self)
        b.storeBytes(of: bodyLength.littleEndian, toByteOffset: 20, as: UInt32.self)
        b.storeBytes(of: firstSeq.littleEndian, toByteOffset: 24, as: UInt64.self)
        b.storeBytes(of: minEventTime.littleEndian, toByteOffset: 32, as: Int64.self)
        b.storeBytes(of: maxEventTime.littleEndian, toByteOffset: 40, as: Int64.self)
        b.storeBytes(of: runningMaxEventTime.littleEndian, toByteOffset: 48, as: Int64.self)
        b.storeBytes(of: originalBytes.littleEndian, toByteOffset: 56, as: UInt64.self)
        b.storeBytes(of: storedLength.littleEndian, toByteOffset: 64, as: UInt32.self)
        b.storeBytes(of: payloadCRC.littleEndian, toByteOffset: 68, as: UInt32.self)
        let crc = Self.headerCRC(UnsafeRawBufferPointer(start: b, count: Self.size))
        b.storeBytes(of: crc.littleEndian, toByteOffset: 8, as: UInt32.self)
    }

    static func headerCRC(_ header: UnsafeRawBufferPointer) -> UInt32 {
        let first = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: header[0..<8]))
        return CRC32C.checksum(UnsafeRawBufferPointer(rebasing: header[12...]), continuing: first)
    }

    /// Why bytes at a frame position are not a valid header.
    enum Problem: Error, Equatable {
        /// Fewer bytes than a header: the tail of a file being written, or torn.
        case incomplete
        case badMagic
        case unsupportedVersion(UInt16)
        case badCRC
        case invalid(String)

        var message: String {
            switch self {
            case .incomplete: "frame header is incomplete"
            case .badMagic: "frame does not start with magic 'HSEF'"
            case .unsupportedVersion(let v):
                "frame format version \(v) is newer than this build reads (\(FrameHeader.version))"
            case .badCRC: "frame header CRC32C mismatch"
            case .invalid(let why): "invalid frame header: \(why)"
            }
        }

        var code: EventLogError.Code {
            switch self {
            case .badMagic: .badMagic
            case .unsupportedVersion: .unsupportedVersion
            default: .corruptFrame
            }
        }
    }

    /// Parses and validates the header at the start of `bytes`. For a header longer than 72 bytes (a newer
    /// minor layout) call again with at least `headerLength` bytes; `.incomplete` asks for that.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<FrameHeader, Problem> {
        guard bytes.count >= 8 else { return .failure(.incomplete) }
        let b = bytes.baseAddress!
        for (i, m) in magic.enumerated() where b.load(fromByteOffset: i, as: UInt8.self) != m {
            return .failure(.badMagic)
        }
        let version = UInt16(littleEndian: b.loadUnaligned(fromByteOffset: 4, as: UInt16.self))
        let headerLength = Int(UInt16(littleEndian: b.loadUnaligned(fromByteOffset: 6, as: UInt16.self)))
        guard bytes.count >= max(size, headerLength) else { return .failure(.incomplete) }
        guard headerLength >= size else {
            return .failure(version > Self.readableVersions.upperBound ? .unsupportedVersion(version) : .badCRC)
        }
        let stored = UInt32(littleEndian: b.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        guard stored == headerCRC(UnsafeRawBufferPointer(start: b, count: headerLength)) else {
            return .failure(.badCRC)
        }
        guard Self.readableVersions.contains(version) else { return .failure(.unsupportedVersion(version)) }
        let codec = b.load(fromByteOffset: 12, as: UInt8.self)
        guard codec == codecZstd else { return .failure(.invalid("unknown codec \(codec)")) }
        func u32(_ o: Int) -> UInt32 { UInt32(littleEndian: b.loadUnaligned(fromByteOffset: o, as: UInt32.self)) }
        func u64(_ o: Int) -> UInt64 { UInt64(littleEndian: b.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
        let header = FrameHeader(
            version: version,
            headerLength: headerLength,
            count: u32(16),
            bodyLength: u32(20),
            firstSeq: u64(24),
            minEventTime: Int64(bitPattern: u64(32)),
            maxEventTime: Int64(bitPattern: u64(40)),
            runningMaxEventTime: Int64(bitPattern: u64(48)),
            originalBytes: u64(56),
            storedLength: u32(64),
            payloadCRC: u32(68)
        )
        return .success(header)
    }
}
