import ArgumentParser
import Foundation
import HindsightJSON
import Replay

/// Shared by the replay-family commands (run, diff, snapshot, learners): error → exit code, JSON printing.
enum ReplayCLI {
    /// One line on stderr, then the documented exit code: 64 usage, 2 invalid log, 1 runtime.
    static func fail(_ error: ReplayError) -> ExitCode {
        FileHandle.standardError.write(Data("hindsight: \(error.message)\n".utf8))
        if error.code == .invalidArgument { return ExitCode(64) }
        if error.code == .eventLog || error.code == .corruptSnapshot { return ExitCode(2) }
        return ExitCode(1)
    }

    static func notice(_ text: String) {
        FileHandle.standardError.write(Data("hindsight: \(text)\n".utf8))
    }

    static func printJSON(_ value: JSONValue) {
        print(JSONWriter.pretty.string(value))
    }

    /// Parses `--at/--from/--to` values.
    static func point(_ text: String?, option: String) throws(ReplayError) -> LogPoint? {
        guard let text else { return nil }
        do {
            return try LogPoint(parsing: text)
        } catch {
            throw ReplayError(.invalidArgument, "\(option): \(error.message)")
        }
    }

    /// `key=value` pairs (repeatable options) plus an optional JSON config file (nested objects become
    /// dotted keys); explicit pairs win over the file.
    static func overrides(_ pairs: [String], file: String?, option: String) throws(ReplayError) -> [String: String] {
        var result: [String: String] = [:]
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ReplayError(.invalidArgument, "\(option): cannot read config file \(file)")
            }
            guard let object = try? JSONSerialization.jsonObject(with: data, options: []) as? [String: Any] else {
                throw ReplayError(.invalidArgument, "\(option): \(file) is not a JSON object of configuration keys")
            }
            flatten(object, prefix: "", into: &result)
        }
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw ReplayError(.invalidArgument, "\(option) '\(pair)' is not key=value")
            }
            result[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        return result
    }

    private static func flatten(_ object: [String: Any], prefix: String, into result: inout [String: String]) {
        for key in object.keys.sorted() {
            let value = object[key]!
            if let nested = value as? [String: Any] {
                flatten(nested, prefix: prefix + key + ".", into: &result)
            } else if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) {
                result[prefix + key] = String(decoding: data, as: UTF8.self)
            }
        }
    }
}
