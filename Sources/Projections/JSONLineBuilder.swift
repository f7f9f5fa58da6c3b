import HindsightJSON

/// Writes one Python-`json.dumps`-style line (`", "` and `": "` separators) straight into a byte buffer.
///
/// The large JSONL exports (`enriched_decisions`, `counterfactual_outcomes`) have one row per record; building a
/// `JSONValue` tree per row cost more than the fold itself. This builder emits the same bytes as
/// `JSONWriter.pythonLine` would for the equivalent tree (same scalar formatting, same escaping), without
/// the intermediate allocations. Keys are `StaticString`s the callers know to need no escaping.
///
/// Each value is written through a pointer into room made for it first (`write(room:_:)`): appending to an
/// array byte by byte paid a capacity and a uniqueness check per byte, and was most of the exports' cost.
struct JSONLineBuilder {
    /// `storage[..<count]` is the text; the rest is room already initialized (zeros, or bytes drained before)
    /// for the next values, so that a value is written through a pointer without growing the array byte by byte.
    private var storage: [UInt8]
    /// Bytes written.
    private(set) var count = 0
    /// True when the next member or element must be preceded by `", "`.
    private var needsSeparator = false

    init(capacity: Int = 0) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// Continues after the bytes of `buffer` (its storage is reused: see `ExportSink.renderLines`).
    init(continuing buffer: [UInt8]) {
        storage = buffer
        count = buffer.count
    }

    /// The bytes written so far (a copy; `takeBytes()` hands over the storage instead).
    var bytes: [UInt8] { Array(storage[..<count]) }

    /// Forgets the bytes written; their storage stays as room for the next ones.
    mutating func removeAll() {
        count = 0
        needsSeparator = false
    }

    /// The bytes written, handing over the storage (capacity kept); the builder is empty afterwards.
    mutating func takeBytes() -> [UInt8] {
        storage.removeSubrange(count...)
        defer {
            storage = []
            count = 0
            needsSeparator = false
        }
        return storage
    }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Ends a row: `\n`, and the next row starts without a separator.
    mutating func endLine() {
        write(room: 1, separated: false) { out in
            out[0] = 0x0A
            return 1
        }
        needsSeparator = false
    }

    /// `"key": ` for a plain-ASCII key that needs no escaping.
    mutating func key(_ key: StaticString) {
        let length = key.utf8CodeUnitCount
        write(room: length + 4, separated: true) { out in
            out[0] = UInt8(ascii: "\"")
            (out + 1).update(from: key.utf8Start, count: length)
            out[length + 1] = UInt8(ascii: "\"")
            out[length + 2] = UInt8(ascii: ":")
            out[length + 3] = UInt8(ascii: " ")
            return length + 4
        }
        needsSeparator = false
    }

    /// `"key": ` for a key known only at run time (escaped like any string).
    mutating func key(_ key: String) {
        string(key)
        write(room: 2, separated: false) { out in
            out[0] = UInt8(ascii: ":")
            out[1] = UInt8(ascii: " ")
            return 2
        }
        needsSeparator = false
    }

    mutating func null() { literal("null") }
    mutating func bool(_ b: Bool) { b ? literal("true") : literal("false") }
    mutating func int(_ i: Int64) {
        value(room: JSONWriter.maximumIntBytes) { JSONWriter.writeInt(i, to: $0) }
    }
    mutating func double(_ d: Double) {
        value(room: JSONWriter.maximumDoubleBytes) { JSONWriter.writeDouble(d, to: $0) }
    }
    /// Escaped as `JSONWriter.appendString` does (runs of plain bytes are copied whole there).
    mutating func string(_ s: String) {
        var contiguous = s
        contiguous.withUTF8 { utf8 in
            value(room: JSONWriter.maximumStringBytes(utf8Count: utf8.count)) { JSONWriter.writeString(utf8, to: $0) }
        }
    }

    /// `"2025-12-15T18:33:20.512345Z"`: the same bytes as `string(UTCTime.iso8601(micros))`, written without
    /// building a `String` (rows carry several timestamps). Years outside 0...9999 take the `String` path.
    mutating func iso8601(_ micros: Int64) {
        let f = UTCTime.fields(micros)
        guard f.year >= 0, f.year <= 9999 else { return string(UTCTime.iso8601(micros)) }
        value(room: 28) { out in
            /// `value` in `width` digits (zero-padded) at `at`.
            func digits(_ value: Int64, _ width: Int, at: Int) {
                var v = value
                var i = at + width
                while i > at {
                    i -= 1
                    out[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
                    v /= 10
                }
            }
            out[0] = 0x22
            digits(f.year, 4, at: 1)
            out[5] = UInt8(ascii: "-")
            digits(f.month, 2, at: 6)
            out[8] = UInt8(ascii: "-")
            digits(f.day, 2, at: 9)
            out[11] = UInt8(ascii: "T")
            digits(f.secondOfDay / 3600, 2, at: 12)
            out[14] = UInt8(ascii: ":")
            digits(f.secondOfDay / 60 % 60, 2, at: 15)
            out[17] = UInt8(ascii: ":")
            digits(f.secondOfDay % 60, 2, at: 18)
            out[20] = UInt8(ascii: ".")
            digits(f.fraction, 6, at: 21)
            out[27] = UInt8(ascii: "Z")
            out[28] = 0x22
            return 29
        }
    }

    /// Writes the separator the next value owes and returns the offset where that value will start (to keep
    /// a copy of its bytes, see `rendered` and `withBytes(from:_:)`).
    mutating func valueStart() -> Int {
        write(room: 0, separated: true) { _ in 0 }
        needsSeparator = false
        return count
    }

    /// The bytes written from `start` (an offset `valueStart()` returned) to the end, lent to `body`.
    func withBytes<R>(from start: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<count])) }
    }

    /// A whole JSON value rendered before (bytes captured from `valueStart()` to the end of that value).
    mutating func rendered(_ value: UnsafeBufferPointer<UInt8>) {
        self.value(room: value.count) { out in
            if let base = value.baseAddress { out.update(from: base, count: value.count) }
            return value.count
        }
    }

    mutating func string(_ s: String?) { if let s { string(s) } else { null() } }
    mutating func double(_ d: Double?) { if let d { double(d) } else { null() } }
    mutating func int(_ i: Int64?) { if let i { int(i) } else { null() } }
    mutating func bool(_ b: Bool?) { if let b { bool(b) } else { null() } }

    /// Same as `JSONValue.rounded(_:places:)`: `null` for nil or non-finite values.
    mutating func rounded(_ d: Double?, places: Int) {
        guard let d, d.isFinite else { return null() }
        double(JSONValue.round(d, places: places))
    }

    /// `null`, `true` or `false`.
    private mutating func literal(_ text: StaticString) {
        value(room: 5) { out in
            out.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
            return text.utf8CodeUnitCount
        }
    }

    /// A scalar value of at most `room` bytes: a separator first when one is owed, then the value (`write`
    /// returns its length), then one is owed.
    @inline(__always)
    private mutating func value(room: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        self.write(room: room, separated: true, write)
        needsSeparator = true
    }

    private mutating func open(_ byte: UInt8) {
        write(room: 1, separated: true) { out in
            out[0] = byte
            return 1
        }
        needsSeparator = false
    }

    private mutating func close(_ byte: UInt8) {
        write(room: 1, separated: false) { out in
            out[0] = byte
            return 1
        }
        needsSeparator = true
    }

    /// Makes room for `room` bytes (and a separator), writes `", "` first when `separated` and one is owed,
    /// then lets `body` write at most `room` bytes at the end (it returns how many it wrote).
    @inline(__always)
    private mutating func write(room: Int, separated: Bool, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        let owed = separated && needsSeparator
        if storage.count &- count < room &+ 2 { grow(room &+ 2) }
        let at = count
        let written = storage.withUnsafeMutableBufferPointer { buffer in
            let out = buffer.baseAddress! + at
            guard owed else { return body(out) }
            out[0] = UInt8(ascii: ",")
            out[1] = UInt8(ascii: " ")
            return 2 &+ body(out + 2)
        }
        assert(written <= room &+ 2, "a value wrote past the room made for it")
        count &+= written
    }

    /// Extends the initialized room to at least `room` more bytes, doubling (amortized O(1) per byte).
    @inline(never)
    private mutating func grow(_ room: Int) {
        let target = max(count + room, storage.count * 2, 256)
        storage.append(contentsOf: repeatElement(0, count: target - storage.count))
    }
}

extension ExportSink {
    /// Renders one line per element of `rows` (`line` writes the row, the newline is added here) into the
    /// sink's buffer, draining it between lines whenever it is full.
    mutating func renderLines<Rows: Collection>(_ rows: Rows, _ line: (Rows.Element, inout JSONLineBuilder) -> Void) {
        var out = JSONLineBuilder(continuing: buffer)
        buffer = []
        for row in rows {
            line(row, &out)
            out.endLine()
            if out.count >= chunkSize {
                // Drained from the builder's own storage, which keeps its room (no refill per chunk).
                out.withBytes(from: 0) { drain(then: $0) }
                out.removeAll()
            }
        }
        buffer = out.takeBytes()
    }
}
