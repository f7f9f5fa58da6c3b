#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Real bot files from `<package root>/../shared/data/real/`: CI clones the repository with `shared/` beside it,
/// so every test target finds them the same way from this file's own path.
public enum RealData {
    /// The package root (this file is `Sources/HindsightTestSupport/RealData.swift`).
    public static let packageRoot: String = {
        var path = "\(#filePath)"
        for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        return path
    }()

    public static let directory = packageRoot + "/../shared/data/real/"

    /// Full path of a real data file.
    public static func path(_ name: String) -> String { directory + name }

    /// The whole file; a missing file stops the test run with its path (the data set is part of the checkout).
    public static func bytes(_ name: String) -> [UInt8] {
        guard let file = fopen(directory + name, "rb") else { fatalError("missing real data file \(directory + name)") }
        defer { fclose(file) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            result.append(contentsOf: chunk[0..<n])
        }
        return result
    }

    /// The file's non-empty lines, without terminators.
    public static func lines(_ name: String) -> [[UInt8]] {
        bytes(name).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map(Array.init)
    }
}
