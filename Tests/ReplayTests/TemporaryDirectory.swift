import Foundation

/// A fresh directory under the system temp dir, removed when the test is done with it.
struct TemporaryDirectory: ~Copyable {
    let path: String

    init(_ label: String = "replay") {
        let base = NSTemporaryDirectory()
        path = (base as NSString).appendingPathComponent("hindsight-\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ relative: String) -> String { (path as NSString).appendingPathComponent(relative) }
}
