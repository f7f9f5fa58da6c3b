internal import CSimdjson

/// A fixed list of member names to look up in objects with `JSONElement.collectMembers(_:into:)`: all names' UTF-8
/// bytes back to back plus their offsets, in the layout the C one-pass matcher reads.
///
/// A class so that passing a table costs one pointer (tables are built once, usually as `static let`s).
public final class JSONKeyTable: Sendable {
    /// The names, in slot order.
    public let names: [String]
    let bytes: [UInt8]
    /// `offsets[i] ..< offsets[i + 1]` is name i in `bytes`.
    let offsets: [UInt32]

    public init(_ names: [String]) {
        self.names = names
        var bytes: [UInt8] = []
        var offsets: [UInt32] = [0]
        for name in names {
            bytes.append(contentsOf: name.utf8)
            offsets.append(UInt32(bytes.count))
        }
        self.bytes = bytes.isEmpty ? [0] : bytes
        self.offsets = offsets
    }

    public var count: Int { names.count }
}

extension JSONElement {
    /// Finds the members named in `keys` in one pass over this object (first occurrence of a name wins, like
    /// `member(_:)`): `slots[i]` becomes the tape index of name i's value, or -1 when absent; read it back with
    /// `value(atTapeIndex:)`. `slots` is resized to `keys.count`. Returns false (all slots -1) when this is not
    /// an object.
    ///
    /// The ingest normalizers' hot path: the walk runs in C over simdjson's tape, so it costs no reference
    /// counting and no allocation (once `slots` has capacity).
    @discardableResult
    public func collectMembers(_ keys: JSONKeyTable, into slots: inout [Int32]) -> Bool {
        let n = keys.count
        if slots.count != n {
            // Keeps the capacity: one `RecordFields` is reused with tables of different sizes on every line.
            slots.removeAll(keepingCapacity: true)
            slots.append(contentsOf: repeatElement(-1, count: n))
        }
        let tape = self.tape
        let strings = storage.strings.unsafelyUnwrapped
        let status = keys.bytes.withUnsafeBufferPointer { bytes in
            keys.offsets.withUnsafeBufferPointer { offsets in
                slots.withUnsafeMutableBufferPointer { out in
                    hs_json_collect_members(
                        tape,
                        strings,
                        index,
                        bytes.baseAddress,
                        offsets.baseAddress,
                        n,
                        out.baseAddress
                    )
                }
            }
        }
        guard status == 0 else {
            for i in 0..<n { slots[i] = -1 }
            return false
        }
        return true
    }

    /// The value at a tape index that `collectMembers(_:into:)` returned for this element's document
    /// (nil for -1).
    public func value(atTapeIndex tapeIndex: Int32) -> JSONElement? {
        guard tapeIndex >= 0 else { return nil }
        return JSONElement(storage: storage, index: Int(tapeIndex), generation: generation)
    }
}
