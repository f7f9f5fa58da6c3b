#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on a terminal's stderr for long replays; silent when stderr is not a terminal
/// (scripts, CI, `--json`), so that machine-read output never contains control characters.
///
/// Redraws at most every `minimumStep` events of progress and only when the visible percentage changes,
/// so the cost per event is one comparison.
public struct ProgressBar: Sendable {
    public let isEnabled: Bool
    private let label: String
    private let total: UInt64
    private var nextRedraw: UInt64 = 0
    private var lastPermille: Int = -1
    private let step: UInt64

    /// `total` is the number of events expected (0 when unknown: the bar then shows a count only).
    public init(label: String, total: UInt64, enabled: Bool = ProgressBar.stderrIsTerminal) {
        self.label = label
        self.total = total
        self.isEnabled = enabled
        self.step = max(1, total / 1000)
    }

    public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Reports that `done` events were processed.
    public mutating func update(_ done: UInt64) {
        guard isEnabled, done >= nextRedraw else { return }
        nextRedraw = done + (total > 0 ? step : 100_000)
        let permille = total > 0 ? Int(min(1000, done * 1000 / total)) : -1
        guard permille != lastPermille || total == 0 else { return }
        lastPermille = permille
        draw(done: done, permille: permille)
    }

    /// Clears the bar line (call once at the end, before printing results).
    public func finish() {
        guard isEnabled else { return }
        writeStderr("\r\u{1B}[2K")
    }

    private func draw(done: UInt64, permille: Int) {
        if permille < 0 {
            writeStderr("\r\(label) \(done) events")
            return
        }
        let width = 30
        let filled = permille * width / 1000
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        writeStderr("\r\(label) [\(bar)] \(permille / 10).\(permille % 10)% \(done)/\(total)")
    }

    private func writeStderr(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
