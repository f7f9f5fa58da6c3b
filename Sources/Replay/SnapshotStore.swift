/// The snapshot directory (`<root>/state/hindsight/snapshots/`): writing, finding the best usable snapshot
/// for a position, and pruning.
///
/// File names are `snapshot-<nextSequence, 20 digits>-<event day and time>.hsnap`, so that listing and pruning
/// never need to open a file, and a human can see what each one covers.
public struct SnapshotStore: Sendable {
    /// A snapshot file known from its name.
    public struct FileInfo: Sendable, Equatable {
        public var path: String
        public var nextSequence: UInt64
        /// Event time of the last folded event, to the second; nil for an empty snapshot.
        public var lastEventTime: Int64?
    }

    /// The result of looking for a usable snapshot: the snapshot (if any) and one line per snapshot skipped
    /// and why (stale identity, damage). Callers print the notices: a refusal is never silent.
    public struct Lookup: Sendable {
        public var snapshot: Snapshot?
        public var path: String?
        public var notices: [String]
    }

    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// The standard location under a bot root.
    public init(root: String) { self.init(directory: FileIO.join(root, "state/hindsight/snapshots")) }

    /// Writes a snapshot atomically and returns its path.
    @discardableResult
    public func write(_ snapshot: Snapshot) throws(ReplayError) -> String {
        let path = FileIO.join(directory, Self.fileName(snapshot))
        try FileIO.writeAtomically(SnapshotCodec.encode(snapshot), to: path)
        return path
    }

    /// Snapshot files sorted by `nextSequence` (ascending). Leftover temp files and foreign names are ignored.
    public func list() throws(ReplayError) -> [FileInfo] {
        try FileIO.list(directory).compactMap { name in
            Self.parse(fileName: name).map {
                FileInfo(path: FileIO.join(directory, name), nextSequence: $0.0, lastEventTime: $0.1)
            }
        }.sorted { $0.nextSequence < $1.nextSequence }
    }

    /// Finds the newest snapshot with `nextSequence <= limit` that holds a state for every identity in
    /// `identities` (exact match) and that `refuse` accepts (returns nil for; e.g. the append-only exports
    /// it would resume must still start with the bytes it recorded). Snapshots that are damaged, were written
    /// by other fold logic or are refused by `refuse` are skipped with a notice.
    public func bestSnapshot(
        atOrBefore limit: UInt64,
        identities: [String],
        refuse: (Snapshot) -> String? = { _ in nil }
    ) throws(ReplayError) -> Lookup {
        var notices: [String] = []
        for info in try list().reversed() where info.nextSequence <= limit {
            let snapshot: Snapshot
            do {
                snapshot = try SnapshotCodec.decode(FileIO.readAll(info.path), name: info.path)
            } catch {
                notices.append("ignoring \(error.message)")
                continue
            }
            if let problem = Self.mismatch(snapshot, identities: identities) {
                notices.append("ignoring snapshot \(info.path): \(problem)")
                continue
            }
            if let refusal = refuse(snapshot) {
                notices.append("ignoring snapshot \(info.path): \(refusal)")
                continue
            }
            return Lookup(snapshot: snapshot, path: info.path, notices: notices)
        }
        return Lookup(snapshot: nil, path: nil, notices: notices)
    }

    /// Deletes the snapshots the retention rule does not keep; returns the deleted paths.
    @discardableResult
    public func prune(_ configuration: SnapshotConfiguration) throws(ReplayError) -> [String] {
        let files = try list()
        let keep = Self.retained(files, configuration: configuration)
        var removed: [String] = []
        for file in files where !keep.contains(file.path) {
            try FileIO.remove(file.path)
            removed.append(file.path)
        }
        return removed
    }

    /// The paths retention keeps: the `keepLast` newest, plus the newest of each of the last `keepDailyDays`
    /// UTC days of event time. Pure, so the rule is testable without files.
    static func retained(_ files: [FileInfo], configuration: SnapshotConfiguration) -> Set<String> {
        var keep = Set(files.suffix(max(0, configuration.keepLast)).map(\.path))
        guard configuration.keepDailyDays > 0,
            let newestTime = files.last(where: { $0.lastEventTime != nil })?
                .lastEventTime
        else { return keep }
        let newestDay = ISOTimestamp.dayNumber(newestTime)
        var seenDays = Set<Int64>()
        for file in files.reversed() {
            guard let time = file.lastEventTime else { continue }
            let day = ISOTimestamp.dayNumber(time)
            guard newestDay - day < Int64(configuration.keepDailyDays) else { continue }
            if seenDays.insert(day).inserted { keep.insert(file.path) }
        }
        return keep
    }

    private static func mismatch(_ snapshot: Snapshot, identities: [String]) -> String? {
        var problems: [String] = []
        for identity in identities.sorted() where snapshot.entry(identity: identity) == nil {
            let name = Snapshot.Entry(identity: identity, state: []).foldName
            if let stale = snapshot.entries.first(where: { $0.foldName == name }) {
                problems.append("fold \(name) was saved as \(stale.identity) but the running code is \(identity)")
            } else {
                problems.append("no state for \(identity)")
            }
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    static func fileName(_ snapshot: Snapshot) -> String {
        let seq = String(snapshot.nextSequence)
        let padded = String(repeating: "0", count: max(0, 20 - seq.count)) + seq
        let time = snapshot.lastEventTime.map { compactTime($0) } ?? "empty"
        return "snapshot-\(padded)-\(time).hsnap"
    }

    /// `2026-01-09T20:02:06Z` → `20260109T200206Z` (file-name safe, sorts like the time).
    private static func compactTime(_ micros: Int64) -> String {
        let iso = ISOTimestamp.format(micros - ((micros % 1_000_000) + 1_000_000) % 1_000_000)
        return String(iso.filter { $0 != "-" && $0 != ":" })
    }

    static func parse(fileName name: String) -> (UInt64, Int64?)? {
        guard name.hasPrefix("snapshot-"), name.hasSuffix(".hsnap") else { return nil }
        let core = name.dropFirst("snapshot-".count).dropLast(".hsnap".count)
        let parts = core.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 20, let seq = UInt64(parts[0]) else { return nil }
        if parts[1] == "empty" { return (seq, nil) }
        let t = Array(parts[1].utf8)
        guard t.count == 16 else { return nil }
        let s = String(decoding: t, as: UTF8.self)
        func slice(_ a: Int, _ b: Int) -> String {
            String(s[s.index(s.startIndex, offsetBy: a)..<s.index(s.startIndex, offsetBy: b)])
        }
        let iso = "\(slice(0, 4))-\(slice(4, 6))-\(slice(6, 8))T\(slice(9, 11)):\(slice(11, 13)):\(slice(13, 15))Z"
        guard let micros = ISOTimestamp.parseMicros(iso) else { return nil }
        return (seq, micros)
    }
}
