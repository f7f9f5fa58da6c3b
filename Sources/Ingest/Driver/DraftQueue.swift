import EventLog

/// A first-in first-out queue of drafts read ahead of the event-time merge, with O(1) amortized removal.
///
/// Why not `[(EventDraft, SourceCheckpoint)]`: an `EventDraft` is a large value (a payload with up to 16 fields,
/// 8 of them strings, plus the original bytes), and the merge looks at every source's head once per event. Reading
/// the head through an array subscript copied the whole draft (a retain of every string) each time, which was ~20 %
/// of ingest CPU. So the event times the merge compares live in their own array, and drafts are *moved* out
/// (`Optional.take()`), never copied.
struct DraftQueue {
    private var drafts: [EventDraft?] = []
    private var eventTimes: [Int64] = []
    private var originalCounts: [Int] = []
    /// The checkpoint to commit while this entry is the first unappended one (nil when the queue's owner
    /// keeps that position itself, e.g. a positions diff).
    private var befores: [SourceCheckpoint?] = []
    private var head = 0

    var isEmpty: Bool { head == drafts.count }
    var count: Int { drafts.count - head }
    /// Event time of the first draft, nil when empty.
    var firstEventTime: Int64? { isEmpty ? nil : eventTimes[head] }
    /// Checkpoint stored with the first draft, nil when empty or none was stored.
    var firstBefore: SourceCheckpoint? { isEmpty ? nil : befores[head] }

    mutating func append(_ draft: consuming EventDraft, before: SourceCheckpoint? = nil) {
        eventTimes.append(draft.eventTime)
        originalCounts.append(draft.original.count)
        befores.append(before)
        drafts.append(draft)
    }

    /// Moves the first draft to the end of `frame` and returns its original's byte count. Precondition: not
    /// empty.
    mutating func moveFirst(to frame: inout [EventDraft]) -> Int {
        let bytes = originalCounts[head]
        frame.append(drafts[head].take()!)
        head += 1
        if head == drafts.count {
            drafts.removeAll(keepingCapacity: true)
            eventTimes.removeAll(keepingCapacity: true)
            originalCounts.removeAll(keepingCapacity: true)
            befores.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 4096 && head * 2 >= drafts.count {
            drafts.removeFirst(head)
            eventTimes.removeFirst(head)
            originalCounts.removeFirst(head)
            befores.removeFirst(head)
            head = 0
        }
        return bytes
    }
}
