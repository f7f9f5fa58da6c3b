import Foundation

/// Canonical JSON of fold configurations: the basis of configuration hashes, of the registry listing, and of
/// `--set key=value` overrides. Off the hot path (runs once per fold), so Foundation's coders are fine here.
public enum ConfigurationCoding {
    /// JSON with sorted keys and no whitespace: the same configuration always gives the same bytes.
    public static func canonicalJSON<C: Encodable>(_ configuration: C) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A configuration is plain data (numbers, strings, bools, arrays, nested structs); encoding cannot
        // fail for it, and an identity must exist for every fold, so a failure is a programming error.
        guard let data = try? encoder.encode(configuration) else {
            preconditionFailure("configuration \(C.self) is not encodable as JSON")
        }
        return Array(data)
    }

    /// FNV-1a 64 of the canonical JSON.
    public static func hash<C: Encodable>(_ configuration: C) -> UInt64 {
        StableHash.fnv1a64(canonicalJSON(configuration))
    }

    /// The default configuration with `overrides` applied. Keys are JSON keys of the configuration, dotted
    /// for nested values (`schedule.intervalSeconds`); values are JSON literals (`7`, `0.5`, `true`,
    /// `[1,2]`, `"x"`) or, when they do not parse as JSON, plain strings.
    public static func configuration<C: FoldConfiguration>(
        _ type: C.Type,
        overrides: [String: String]
    ) throws(ProjectionsError) -> C {
        guard !overrides.isEmpty else { return C() }
        let base = canonicalJSON(C())
        guard
            var object = (try? JSONSerialization.jsonObject(with: Data(base), options: [])) as? [String: Any]
        else {
            throw ProjectionsError(.invalidConfiguration, "configuration \(C.self) is not a JSON object")
        }
        for key in overrides.keys.sorted() {
            let path = key.split(separator: ".").map(String.init)
            try set(&object, path: path[...], value: literal(overrides[key]!), fullKey: key)
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return try JSONDecoder().decode(C.self, from: data)
        } catch {
            throw ProjectionsError(
                .invalidConfiguration,
                "overrides \(overrides.keys.sorted().joined(separator: ", ")) do not fit \(C.self): \(error)"
            )
        }
    }

    private static func literal(_ text: String) -> Any {
        if let data = text.data(using: .utf8),
            let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        {
            return value
        }
        return text
    }

    private static func set(
        _ object: inout [String: Any],
        path: ArraySlice<String>,
        value: Any,
        fullKey: String
    ) throws(ProjectionsError) {
        guard let head = path.first, object[head] != nil || object.keys.contains(head) else {
            let known = object.keys.sorted().joined(separator: ", ")
            throw ProjectionsError(
                .unknownConfigurationKey,
                "unknown configuration key '\(fullKey)' (known here: \(known))"
            )
        }
        if path.count == 1 {
            object[head] = value
            return
        }
        guard var nested = object[head] as? [String: Any] else {
            throw ProjectionsError(
                .unknownConfigurationKey,
                "configuration key '\(head)' in '\(fullKey)' is not an object"
            )
        }
        try set(&nested, path: path.dropFirst(), value: value, fullKey: fullKey)
        object[head] = nested
    }
}
