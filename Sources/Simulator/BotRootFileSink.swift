#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a bot root on disk: appends JSONL lines and replaces `logs/positions_futures.json` atomically
/// (temp file in the same directory + rename, like the bot's `atomic_json_save`), so a reader never sees a torn
/// positions document.
///
/// Batch mode buffers lines (flushing every 4 MiB) for speed; live mode writes each line with one `write(2)`
/// as the bot's `open(..., 'a').write(line)` does, so a concurrent reader sees whole lines except possibly
/// the one being written.
public final class BotRootFileSink: BotRecordSink {
    public let root: String
    public let wantsEveryPositionsVersion: Bool
    private var descriptors: [Int32] = []
    private var buffers: [[UInt8]] = [[], [], []]
    private let flushThreshold: Int
    public private(set) var bytesWritten = 0

    /// Creates `logs/` and `state/` under `root` and truncates (batch) or appends to (live: false = batch)
    /// the three JSONL files.
    public init(root: String, live: Bool) throws(SimulatorError) {
        self.root = root
        wantsEveryPositionsVersion = live
        flushThreshold = live ? 0 : 4 << 20
        for directory in [root, root + "/logs", root + "/state"] {
            if mkdir(directory, 0o755) != 0 && errno != EEXIST {
                throw SimulatorError(.io, "\(directory): cannot create directory (\(String(cString: strerror(errno))))")
            }
        }
        for file in [BotFile.signals, .signalOutcomes, .blockedTrades] {
            let path = root + "/" + file.relativePath
            let flags = O_WRONLY | O_CREAT | (live ? O_APPEND : O_TRUNC)
            let fd = open(path, flags, 0o644)
            guard fd >= 0 else {
                throw SimulatorError(.io, "\(path): cannot open for writing (\(String(cString: strerror(errno))))")
            }
            descriptors.append(fd)
        }
    }

    deinit {
        for fd in descriptors { close(fd) }
    }

    public func append(_ line: [UInt8], to file: BotFile, at micros: Int64) throws(SimulatorError) {
        let i = file.rawValue
        if flushThreshold == 0 {
            try writeAll(line, fd: descriptors[i], path: file.relativePath)
            return
        }
        buffers[i].append(contentsOf: line)
        if buffers[i].count >= flushThreshold { try flush(file) }
    }

    public func replacePositions(_ document: [UInt8], at micros: Int64) throws(SimulatorError) {
        try BotRootFileSink.replaceAtomically(document, path: root + "/" + BotFile.positions.relativePath)
        bytesWritten += document.count
    }

    /// Flushes every buffered line (call once the simulation returns).
    public func finish() throws(SimulatorError) {
        for file in [BotFile.signals, .signalOutcomes, .blockedTrades] { try flush(file) }
    }

    private func flush(_ file: BotFile) throws(SimulatorError) {
        let i = file.rawValue
        guard !buffers[i].isEmpty else { return }
        try writeAll(buffers[i], fd: descriptors[i], path: file.relativePath)
        buffers[i].removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: [UInt8], fd: Int32, path: String) throws(SimulatorError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SimulatorError(.io, "\(root)/\(path): write failed (\(String(cString: strerror(errno))))")
            }
            offset += n
        }
        bytesWritten += bytes.count
    }

    /// Writes `bytes` to a temp file beside `path`, then renames it over `path`.
    public static func replaceAtomically(_ bytes: [UInt8], path: String) throws(SimulatorError) {
        let temp = path + ".tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw SimulatorError(.io, "\(temp): cannot open for writing (\(String(cString: strerror(errno))))")
        }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                close(fd)
                throw SimulatorError(.io, "\(temp): write failed (\(String(cString: strerror(errno))))")
            }
            offset += n
        }
        close(fd)
        guard rename(temp, path) == 0 else {
            throw SimulatorError(.io, "\(path): rename failed (\(String(cString: strerror(errno))))")
        }
    }
}

/// Convenience entry points used by the CLI, tests and benchmarks.
extension BotSimulator {
    /// Generates a complete bot root in `root` (plus `root/truth.json`) and returns the truth.
    public static func writeBotRoot(
        configuration: SimulatorConfiguration,
        root: String
    ) throws(SimulatorError) -> (truth: PlantedTruth, bytes: Int) {
        var s = try BotRootFileSink(root: root, live: false)
        var simulator = BotSimulator(configuration: configuration)
        let truth = try simulator.generate(into: &s)
        try s.finish()
        let encoded = truth.encoded()
        try BotRootFileSink.replaceAtomically(encoded, path: root + "/truth.json")
        return (truth, s.bytesWritten)
    }
}
