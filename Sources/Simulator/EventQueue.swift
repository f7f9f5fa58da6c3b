/// A min-heap of scheduled simulator events ordered by (time, sequence): ties keep creation order, which is
/// what makes the output deterministic and gives the resolver its oldest-first order.
struct EventQueue {
    enum Kind: UInt8 {
        case evaluate
        case writeOutcome
        case closePosition
        case partialClose
        case measureBlocked
    }

    struct Entry {
        var time: Int64
        var sequence: UInt64
        var kind: Kind
        var index: Int

        @inline(__always) static func precedes(_ a: Entry, _ b: Entry) -> Bool {
            a.time != b.time ? a.time < b.time : a.sequence < b.sequence
        }
    }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var nextTime: Int64? { heap.first?.time }

    mutating func schedule(_ kind: Kind, at time: Int64, index: Int = 0) {
        heap.append(Entry(time: time, sequence: nextSequence, kind: kind, index: index))
        nextSequence += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Entry.precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                guard left < heap.count else { break }
                var smallest = left
                if left + 1 < heap.count, Entry.precedes(heap[left + 1], heap[left]) { smallest = left + 1 }
                guard Entry.precedes(heap[smallest], heap[parent]) else { break }
                heap.swapAt(smallest, parent)
                parent = smallest
            }
        }
        return top
    }
}

/// A slab of values addressed by stable integer handles, reusing freed slots (pending outcomes and open
/// positions come and go constantly; a dictionary would add hashing and nondeterministic iteration).
struct Slab<Value> {
    private var slots: [Value?] = []
    private var free: [Int] = []

    mutating func insert(_ value: Value) -> Int {
        if let i = free.popLast() {
            slots[i] = value
            return i
        }
        slots.append(value)
        return slots.count - 1
    }

    subscript(_ i: Int) -> Value {
        get { slots[i]! }
        set { slots[i] = newValue }
    }

    @discardableResult
    mutating func remove(_ i: Int) -> Value {
        let v = slots[i]!
        slots[i] = nil
        free.append(i)
        return v
    }
}
