import Glibc

/// Writes one line to standard error with `write(2)`, so messages are not reordered with buffered stdout.
func printError(_ text: String) {
    let line = Array((text + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
