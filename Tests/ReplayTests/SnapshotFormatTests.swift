import EventLog
import Foundation
import Testing

@testable import Replay

/// Format 3 (CRC-32C marks and checksum): marks agree with the files' bytes, and format-2 files (FNV-1a) are
/// refused with a notice instead of being read with the wrong hash.
@Suite struct SnapshotFormatTests {
    @Test("a mark's hash is the CRC-32C of the file's bytes, however they were appended")
    func markHashIsTheCRCOfTheBytes() throws {
        let dir = TemporaryDirectory()
        let bytes = Array((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 3) })
        var mark = ExportMark(relativePath: "logs/x.jsonl")
        for chunk in stride(from: 0, to: bytes.count, by: 777) {
            mark = mark.appending(Array(bytes[chunk..<min(chunk + 777, bytes.count)]))
        }
        let whole = bytes.withUnsafeBytes { UInt64(CRC32C.checksum($0)) }
        #expect(mark.hash == whole)
        #expect(mark.length == UInt64(bytes.count))
        try Data(bytes + [1, 2, 3]).write(to: URL(fileURLWithPath: dir.path + "/x"))
        #expect(try FileIO.prefixHash(dir.path + "/x", length: UInt64(bytes.count)) == whole)
        #expect(try FileIO.prefixHash(dir.path + "/x", length: UInt64(bytes.count + 4)) == nil)
    }

    @Test("a format-2 snapshot (FNV-1a checksum) is refused with a notice, never read")
    func formatTwoIsRefused() throws {
        let dir = TemporaryDirectory()
        let store = SnapshotStore(directory: dir.path)
        let path = try store.write(Snapshot(nextSequence: 5, lastEventTime: 1, entries: []))
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        // Version 2 with a checksum that matches, as a format-2 writer would have left it.
        bytes.replaceSubrange(8..<12, with: [2, 0, 0, 0])
        bytes.removeLast(8)
        withUnsafeBytes(of: SnapshotCodec.fnv1a64(bytes[...]).littleEndian) { bytes.append(contentsOf: $0) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let lookup = try store.bestSnapshot(atOrBefore: 100, identities: [])
        #expect(lookup.snapshot == nil)
        #expect(lookup.notices.count == 1)
    }
}
