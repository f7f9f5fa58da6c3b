/// Finds the exact byte ranges of the elements of top-level arrays in a JSON document, so that each position
/// record's original bytes can be stored (simdjson's DOM keeps no source offsets).
///
/// Run only on a document simdjson has already accepted: the scan then only has to track strings (with escapes)
/// and bracket depth. Keys are compared as raw bytes, so a key spelled with escapes (`"open\u005fpositions"`) is
/// not recognised; the bot never writes one. The first occurrence of a key wins, as in simdjson lookups.
struct ElementSpanScanner {
    let bytes: UnsafeRawBufferPointer

    /// Element ranges of the top-level member `key` when it is an array; nil when the member is absent or not an
    /// array (or the document is not an object).
    func arrayElementSpans(ofMember key: [UInt8]) -> [Range<Int>]? {
        var i = skipWhitespace(0)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        while true {
            i = skipWhitespace(i)
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            let keyStart = i + 1
            i = endOfString(i)
            let keyEnd = i - 1
            i = skipWhitespace(i)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i = skipWhitespace(i + 1)
            if keyEnd - keyStart == key.count && bytes[keyStart..<keyEnd].elementsEqual(key) {
                guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return nil }
                return elementSpans(ofArrayAt: i)
            }
            i = skipWhitespace(endOfValue(i))
            guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return nil }
            i += 1
        }
    }

    private func elementSpans(ofArrayAt start: Int) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var i = skipWhitespace(start + 1)
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") { return spans }
        while i < bytes.count {
            let end = endOfValue(i)
            spans.append(i..<end)
            i = skipWhitespace(end)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { break }
            i = skipWhitespace(i + 1)
        }
        return spans
    }

    /// Index just past the value starting at `i`.
    private func endOfValue(_ start: Int) -> Int {
        var i = start
        guard i < bytes.count else { return i }
        switch bytes[i] {
        case UInt8(ascii: "\""): return endOfString(i)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    i = endOfString(i)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default: break
                }
                i += 1
            }
            return i
        default:  // number, true, false, null
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D: return i
                default: i += 1
                }
            }
            return i
        }
    }

    /// Index just past the closing quote of the string whose opening quote is at `start`.
    private func endOfString(_ start: Int) -> Int {
        var i = start + 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): return i + 1
            default: i += 1
            }
        }
        return i
    }

    private func skipWhitespace(_ start: Int) -> Int {
        var i = start
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        return i
    }
}
