#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Real bot files from `<package root>/../shared/data/real/` (CI clones the repo with `shared/` beside it).
enum NormalizeRealData {
    static let directory: String = {
        var path = "\(#filePath)"
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }  // Tests/IngestTests/<file>
        return path + "/../shared/data/real/"
    }()

    static func bytes(_ name: String) -> [UInt8] {
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

    static func lines(_ name: String) -> [[UInt8]] {
        bytes(name).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map(Array.init)
    }
}
