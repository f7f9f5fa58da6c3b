/// Rows a fold has finalized, to be appended exactly once to an append-only export (a JSONL file that only
/// grows: `logs/enriched_decisions.jsonl`, `logs/counterfactual_outcomes.jsonl`). The fold hands them over
/// through `takeFinalizedRows()` and forgets them, which is what keeps its state bounded on a long history.
///
/// The rows are either bytes already, or rows still to render (`init(relativePath:lineCount:render:)`): then
/// the fold only moves its finalized values out, and the export writer renders them on its own thread, in
/// chunks through one reusable buffer (`ExportSink`), while folding goes on. Rendering was most of a replay's
/// time, and a whole batch rendered into a fresh array cost a page fault per 4 KiB besides.
public struct ExportAppend: Sendable, Equatable {
    /// Renders the lines into the sink, draining it (`ExportSink.drainIfFull`) as it goes.
    public typealias Renderer = @Sendable (inout ExportSink) -> Void

    private enum Content: Sendable {
        case bytes([UInt8])
        case deferred(lineCount: Int, render: Renderer)
    }

    /// Relative path with `/` separators, like `ExportFile.relativePath`.
    public var relativePath: String
    private var content: Content

    public init(relativePath: String, bytes: [UInt8]) {
        self.relativePath = relativePath
        self.content = .bytes(bytes)
    }

    /// `lineCount` lines that `render` writes when the append is written (on whatever thread writes it: the
    /// renderer must only read values it captured).
    public init(relativePath: String, lineCount: Int, render: @escaping Renderer) {
        self.relativePath = relativePath
        self.content = .deferred(lineCount: lineCount, render: render)
    }

    /// True when there is nothing to append.
    public var isEmpty: Bool {
        switch content {
        case .bytes(let bytes): bytes.isEmpty
        case .deferred(let lineCount, _): lineCount == 0
        }
    }

    /// Whole lines, each ending in `\n` (rendered now when deferred).
    public var bytes: [UInt8] {
        switch content {
        case .bytes(let bytes): return bytes
        case .deferred:
            // One chunk of unlimited size: the sink's buffer is the result (nothing is drained into `all`
            // unless a renderer drains explicitly).
            var all: [UInt8] = []
            var sink = ExportSink(chunkSize: .max) { all.append(contentsOf: $0) }
            render(into: &sink)
            return all.isEmpty ? sink.buffer : all + sink.buffer
        }
    }

    /// Writes the lines into `sink` (which drains itself as it fills; the caller drains the rest).
    public func render(into sink: inout ExportSink) {
        switch content {
        case .bytes(let bytes): bytes.withUnsafeBufferPointer { sink.drain(then: $0) }
        case .deferred(_, let render): render(&sink)
        }
    }

    public static func == (lhs: ExportAppend, rhs: ExportAppend) -> Bool {
        lhs.relativePath == rhs.relativePath && lhs.bytes == rhs.bytes
    }
}

/// Where deferred rows are rendered: `buffer` collects bytes and is handed to `drain` (written out, then
/// emptied, capacity kept) whenever it holds `chunkSize` bytes or more, so a batch of any size is rendered
/// through one small, cache-warm buffer and written in large sequential writes.
public struct ExportSink {
    public var buffer: [UInt8]
    public let chunkSize: Int
    private let output: (UnsafeBufferPointer<UInt8>) -> Void

    /// - Parameters:
    ///   - buffer: storage to reuse (its contents are kept and drained first).
    ///   - output: receives every drained chunk, in order.
    public init(
        buffer: [UInt8] = [],
        chunkSize: Int,
        output: @escaping (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        self.buffer = buffer
        self.chunkSize = chunkSize
        self.output = output
    }

    /// Drains when the buffer holds at least `chunkSize` bytes (call between lines).
    @inline(__always)
    public mutating func drainIfFull() { if buffer.count >= chunkSize { drain() } }

    /// Hands the buffered bytes to the output and empties the buffer.
    public mutating func drain() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBufferPointer(output)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Drains, then hands `bytes` to the output as they are (no copy into the buffer).
    public mutating func drain(then bytes: UnsafeBufferPointer<UInt8>) {
        drain()
        if !bytes.isEmpty { output(bytes) }
    }
}
