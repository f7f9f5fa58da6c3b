public import EventLog

/// The positions source's state as the log knows it, and the diff of a new document against it.
///
/// Identity rules (the real data has no position id):
/// - An open position is its `PositionKey` (symbol, strategy, direction as written, opened_at): the bot
///   keeps at most one open entry per (symbol, strategy, direction), and `opened_at` tells two successive
///   openings of the same triple apart.
/// - A closed record is its record fingerprint (FNV-1a of its exact bytes), counted as a multiset: the bot
///   never rewrites a closed record, so a closed record not yet counted in the log is new. Several closed
///   records may share one key (partial closes).
/// - An open key that disappears from `open_positions` is closed if any closed record with its key is in
///   the log or in the same document, otherwise it is `PositionRemoved`.
/// - A rejected element is remembered by fingerprint, so the same bad bytes are rejected once, not once
///   per document version.
///
/// The live state is updated by applying the drafts of each diff through `apply`, the very function that
/// rebuilds it from the log at startup: the two can never disagree.
public struct PositionsFold {
    public let codec: PositionsCodec
    struct OpenState: Sendable, Equatable {
        var side: Side
        var fields: [String: FieldValue]
    }
    private(set) var open: [PositionKey: OpenState] = [:]
    private(set) var closedSeen: [UInt64: Int] = [:]
    private(set) var closedKeys: Set<PositionKey> = []
    private(set) var rejectedSeen: [UInt64: Int] = [:]
    /// The newest event time of the source: the time of updates and removals.
    private(set) var newest: Int64?

    public init(codec: PositionsCodec) { self.codec = codec }

    public var openKeys: [PositionKey] { open.keys.sorted() }

    /// Folds one event of the positions source.
    public mutating func apply(_ event: Event) {
        newest = max(newest ?? event.eventTime, event.eventTime)
        let recordFingerprint: UInt64
        if case .document(_, _, let fp) = event.position { recordFingerprint = fp } else { recordFingerprint = 0 }
        switch event.payload {
        case .positionOpened(let p):
            var fields: [String: FieldValue] = [:]
            for change in codec.meaningfulFields(Array(event.original)) { fields[change.field] = change.value }
            open[p.key] = OpenState(side: p.side, fields: fields)
        case .positionUpdated(let u):
            for change in u.changes { open[u.key]?.fields[change.field] = change.value }
        case .positionClosed(let c):
            closedSeen[recordFingerprint, default: 0] += 1
            closedKeys.insert(c.key)
        case .positionRemoved(let r):
            open[r.key] = nil
        case .recordRejected:
            rejectedSeen[recordFingerprint, default: 0] += 1
        default:
            break
        }
    }

    /// The events that bring the log from this state to `document`'s content, in a deterministic order:
    /// closed records (document order), open records (document order), removals (sorted by key).
    /// Returns the drafts and how many document elements they came from.
    public func diff(
        open docOpen: [PositionElement],
        closed docClosed: [PositionElement],
        source: SourceID,
        version: UInt64,
        documentFingerprint: UInt64,
        ingestTime: Int64
    ) -> (drafts: [EventDraft], recordsRead: Int) {
        var drafts: [EventDraft] = []
        var recordsRead = 0
        // Everything in this document is known at the moment it is read.
        var known = newest
        for element in docOpen + docClosed {
            switch element.verdict {
            case .open(_, let t, _), .closed(_, let t): known = max(known ?? t, t)
            case .rejected(_, let t?): known = max(known ?? t, t)
            case .rejected(_, nil): break
            }
        }
        let changeTime = known ?? 0
        func position(_ fp: UInt64) -> SourcePosition {
            .document(version: version, documentFingerprint: documentFingerprint, recordFingerprint: fp)
        }
        func draft(_ time: Int64, _ fp: UInt64, _ payload: EventPayload, _ original: [UInt8]) -> EventDraft {
            EventDraft(
                eventTime: time,
                ingestTime: ingestTime,
                source: source,
                position: position(fp),
                payload: payload,
                original: original
            )
        }

        var closedInDoc: [UInt64: Int] = [:]
        var closingKeys = closedKeys
        for element in docClosed {
            let fp = Fingerprint.of(element.bytes)
            closedInDoc[fp, default: 0] += 1
            let seen = closedSeen[fp, default: 0] + rejectedSeen[fp, default: 0]
            if case .closed(let c, _) = element.verdict { closingKeys.insert(c.key) }
            guard closedInDoc[fp, default: 0] > seen else { continue }
            recordsRead += 1
            switch element.verdict {
            case .closed(let c, let t):
                drafts.append(draft(t, fp, .positionClosed(c), element.bytes))
            case .rejected(let r, let t):
                drafts.append(draft(t ?? changeTime, fp, .recordRejected(r), element.bytes))
            case .open:
                // The parser put an open-shaped record in the closed list: reject rather than guess.
                let r = RecordRejected(reason: .invalidValue, detail: "closed_positions element is not a closed record")
                drafts.append(draft(changeTime, fp, .recordRejected(r), element.bytes))
            }
        }

        var presentKeys: Set<PositionKey> = []
        for element in docOpen {
            let fp = Fingerprint.of(element.bytes)
            switch element.verdict {
            case .open(let p, let t, let meaningful):
                guard !presentKeys.contains(p.key) else {
                    guard rejectedSeen[fp, default: 0] == 0 else { continue }
                    recordsRead += 1
                    let r = RecordRejected(
                        reason: .invalidValue,
                        detail: "a second open position with key \(p.key) in one document"
                    )
                    drafts.append(draft(changeTime, fp, .recordRejected(r), element.bytes))
                    continue
                }
                presentKeys.insert(p.key)
                guard let state = open[p.key] else {
                    recordsRead += 1
                    drafts.append(draft(t, fp, .positionOpened(p), element.bytes))
                    continue
                }
                var changes: [PositionFieldChange] = []
                var now: [String: FieldValue] = [:]
                for change in meaningful { now[change.field] = change.value }
                for field in Set(now.keys).union(state.fields.keys).sorted() {
                    let value = now[field] ?? .null
                    if value != (state.fields[field] ?? .null) {
                        changes.append(PositionFieldChange(field: field, value: value))
                    }
                }
                if !changes.isEmpty {
                    recordsRead += 1
                    drafts.append(
                        draft(
                            changeTime,
                            fp,
                            .positionUpdated(PositionUpdated(key: p.key, changes: changes)),
                            element.bytes
                        )
                    )
                }
            case .rejected(let r, let t):
                guard rejectedSeen[fp, default: 0] == 0 else { continue }
                recordsRead += 1
                drafts.append(draft(t ?? changeTime, fp, .recordRejected(r), element.bytes))
            case .closed:
                guard rejectedSeen[fp, default: 0] == 0 else { continue }
                recordsRead += 1
                let r = RecordRejected(reason: .invalidValue, detail: "open_positions element is a closed record")
                drafts.append(draft(changeTime, fp, .recordRejected(r), element.bytes))
            }
        }

        for key in open.keys.sorted() where !presentKeys.contains(key) && !closingKeys.contains(key) {
            let removed = PositionRemoved(
                key: key,
                side: open[key]?.side ?? .neutral,
                reason: "vanished from open_positions without a closed record"
            )
            drafts.append(draft(changeTime, 0, .positionRemoved(removed), []))
        }
        return (drafts, recordsRead)
    }
}
