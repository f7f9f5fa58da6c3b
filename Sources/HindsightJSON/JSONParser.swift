internal import CSimdjson

/// A reusable simdjson-backed JSON parser. Keep one per thread and parse many documents with it: its buffers are
/// reused, so steady-state parsing allocates nothing.
///
/// A `JSONDocument` (and every `JSONElement` taken from it) reads the parser's buffers and is valid only until the
/// parser's next `parse`. Using one afterwards is a programming error and traps (checked by a generation counter),
/// so prefer the scoped `withDocument(_:_:)`.
public final class JSONParser {
    /// Default nesting limit (arrays + objects). The bot's deepest documents nest 4 levels.
    public static let defaultMaxDepth = 1024

    let storage: JSONTapeStorage
    private var handle: OpaquePointer { storage.handle }
    /// See `init(maxDepth:acceptsPythonNonFinite:)`.
    public let acceptsPythonNonFinite: Bool
    private var rewritten: [UInt8] = []

    /// - Parameter maxDepth: arrays/objects nested more than `maxDepth` levels are rejected with `JSONError.Code.tooDeep`.
    /// - Parameter acceptsPythonNonFinite: also accept the tokens Python's `json` module writes for non-finite floats
    ///   (`NaN`, `Infinity`, `-Infinity`: invalid JSON, but real bot files contain them, e.g. `pending_signals.json`).
    ///   They read as `null`. Only documents simdjson rejects are rescanned, so valid input costs nothing extra.
    public init(maxDepth: Int = JSONParser.defaultMaxDepth, acceptsPythonNonFinite: Bool = false) {
        self.acceptsPythonNonFinite = acceptsPythonNonFinite
        // simdjson counts the document itself as one level.
        guard let handle = hs_json_parser_create(max(1, maxDepth) + 1) else {
            fatalError("simdjson could not allocate a parser")
        }
        self.storage = JSONTapeStorage(handle: handle)
    }

    /// How many readable bytes `parse(padded:)` needs after the document (simdjson's `SIMDJSON_PADDING`, 64).
    public static let requiredPadding = Int(hs_json_padding())

    /// Parses `bytes` (no padding needed) into a document valid until the next parse.
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONDocument {
        try parse(bytes, padded: false)
    }

    /// Parses `bytes` where they lie, without copying them into the parser's padded buffer (ingest's hot path: the
    /// copy was a tenth of the parse cost). The caller guarantees that the `requiredPadding` bytes after
    /// `bytes` are readable memory of the same allocation, e.g. the next lines of a read chunk plus a slack at its
    /// end; what they contain does not matter (simdjson may read them, never uses them).
    public func parse(paddedInPlace bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONDocument {
        try parse(bytes, padded: true)
    }

    private func parse(_ bytes: UnsafeRawBufferPointer, padded: Bool) throws(JSONError) -> JSONDocument {
        var tape: UnsafePointer<UInt64>? = nil
        var strings: UnsafePointer<UInt8>? = nil
        let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        storage.generation &+= 1
        let code =
            padded && base != nil
            ? hs_json_parse_padded(handle, base, bytes.count, &tape, &strings)
            : hs_json_parse(handle, base, bytes.count, &tape, &strings)
        guard code == 0, let tape, let strings else {
            storage.tape = nil
            let error = Self.error(code: code, bytes: bytes)
            if acceptsPythonNonFinite, error.code == .invalidJSON, PythonNonFinite.rewrite(bytes, into: &rewritten) {
                let copy = rewritten
                if let document = try? copy.withUnsafeBytes({ try parseExact($0) }) { return document }
            }
            throw error
        }
        storage.tape = tape
        storage.strings = strings
        return JSONDocument(root: JSONElement(storage: storage, index: 1, generation: storage.generation))
    }

    /// Parses without the non-finite fallback (used for the rewritten copy).
    private func parseExact(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONDocument {
        var tape: UnsafePointer<UInt64>? = nil
        var strings: UnsafePointer<UInt8>? = nil
        storage.generation &+= 1
        let code = hs_json_parse(
            handle,
            bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
            bytes.count,
            &tape,
            &strings
        )
        guard code == 0, let tape, let strings else {
            storage.tape = nil
            throw Self.error(code: code, bytes: bytes)
        }
        storage.tape = tape
        storage.strings = strings
        return JSONDocument(root: JSONElement(storage: storage, index: 1, generation: storage.generation))
    }

    /// Parses any byte collection (contiguous ones without copying).
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSONDocument {
        let attempt = { (buffer: UnsafeRawBufferPointer) -> Result<JSONDocument, JSONError> in
            do throws(JSONError) { return .success(try self.parse(buffer)) } catch { return .failure(error) }
        }
        if let result = bytes.withContiguousStorageIfAvailable({ attempt(UnsafeRawBufferPointer($0)) }) {
            return try result.get()
        }
        return try Array(bytes).withUnsafeBytes(attempt).get()
    }

    /// Parses `bytes` and runs `body` with the document, which must not escape the closure.
    public func withDocument<R>(
        _ bytes: UnsafeRawBufferPointer,
        _ body: (JSONDocument) throws(JSONError) -> R
    ) throws(JSONError) -> R {
        try body(try parse(bytes))
    }

    /// Parses one complete document into a `JSONValue` tree (convenience; hot paths navigate elements instead).
    public func value(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSONValue {
        try parse(bytes).root.toJSONValue()
    }

    private static func error(code: Int32, bytes: UnsafeRawBufferPointer) -> JSONError {
        let message = String(cString: hs_json_error_message(code))
        switch Int(code) {
        case Int(HS_JSON_UTF8_ERROR):
            return JSONError(code: .invalidUTF8, message: message, byteOffset: UTF8Validation.firstInvalidOffset(bytes))
        case Int(HS_JSON_DEPTH_ERROR): return JSONError(code: .tooDeep, message: message)
        case Int(HS_JSON_EMPTY): return JSONError(code: .empty, message: message)
        case Int(HS_JSON_CAPACITY), Int(HS_JSON_MEMALLOC): return JSONError(code: .tooLarge, message: message)
        default: return JSONError(code: .invalidJSON, message: message)
        }
    }
}

/// The simdjson parser and its current tape, shared by reference with the documents that read it: it (and so the
/// C++ parser's buffers) lives as long as the parser or any document does.
final class JSONTapeStorage {
    let handle: OpaquePointer
    var tape: UnsafePointer<UInt64>? = nil
    var strings: UnsafePointer<UInt8>? = nil
    var generation: UInt64 = 0

    init(handle: OpaquePointer) { self.handle = handle }
    deinit { hs_json_parser_destroy(handle) }
}

/// A parsed document; see `JSONParser` for its lifetime. It keeps its parser alive.
public struct JSONDocument {
    public let root: JSONElement
    let owner: JSONTapeStorage

    init(root: JSONElement) {
        self.root = root
        self.owner = root.storage
    }
}
