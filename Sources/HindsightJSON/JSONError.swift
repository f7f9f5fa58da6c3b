/// The one error type of `HindsightJSON`: why a byte sequence is not a JSON document hindsight accepts.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// Not valid JSON (syntax, bad escape, bad number, unclosed string, trailing content...).
        public static let invalidJSON = Code("invalid_json")
        /// The bytes are not valid UTF-8 (simdjson validates the whole input, strings or not).
        public static let invalidUTF8 = Code("invalid_utf8")
        /// Nested deeper than the parser's `maxDepth`.
        public static let tooDeep = Code("too_deep")
        /// No JSON value at all (empty or whitespace only).
        public static let empty = Code("empty")
        /// Larger than simdjson can parse (4 GiB) or memory could not be allocated.
        public static let tooLarge = Code("too_large")
        public var description: String { name }
    }

    public var code: Code
    /// simdjson's message (e.g. "The JSON document has an improper structure...").
    public var message: String
    /// Offset of the first offending byte when it is known (invalid UTF-8), else nil: simdjson's DOM parser
    /// reports no positions for syntax errors.
    public var byteOffset: Int?

    public init(code: Code, message: String, byteOffset: Int? = nil) {
        self.code = code
        self.message = message
        self.byteOffset = byteOffset
    }

    public var description: String {
        if let byteOffset { return "\(code) at byte \(byteOffset): \(message)" }
        return "\(code): \(message)"
    }
}
