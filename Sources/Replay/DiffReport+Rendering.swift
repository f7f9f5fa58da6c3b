import Foundation
public import HindsightJSON

extension DiffReport {
    /// The human report: verdict line, first divergence with its record, final differences, outcome table,
    /// and divergence over time (one row per day with any change, at most `maxDays` rows).
    public func renderText(maxDays: Int = 60) -> String {
        var out: [String] = []
        out.append("diff \(labelA) (A = \(identityA)) vs \(labelB) (B = \(identityB))")
        out.append("events \(startSequence)..<\(endSequence) (\(events) folded)")
        if isIdentical {
            out.append("no divergence: the outputs were identical after every event")
        }
        if initiallyDifferent {
            out.append("")
            out.append("initial outputs differ before any event:")
            out += table(initialDifferences)
        }
        if let first {
            out.append("")
            let rule =
                initiallyDifferent ? "first event where only one side changed its outputs" : "first divergent event"
            out.append(
                "\(rule): seq \(first.seq) at \(ISOTimestamp.format(first.eventTime)) (\(first.kind) from \(first.source))"
            )
            out.append(
                "  record: \(first.record.isEmpty ? "(synthesized, no original record)" : oneLine(first.record))"
            )
            if !first.changedA.isEmpty { out.append("  A changed: " + changes(first.changedA)) }
            if !first.changedB.isEmpty { out.append("  B changed: " + changes(first.changedB)) }
            out.append("  after it:")
            out += table(first.differences).map { "  " + $0 }
        } else if !isIdentical {
            out.append("")
            out.append("no divergent event in the range (the outputs differed from the start and moved alike)")
        }
        out.append("")
        out.append("final state: \(finalDifferences.count) keys differ, L1 distance \(number(finalDistance))")
        out += table(finalDifferences)
        out.append(
            "output changes: A \(changesA), B \(changesB); events after which the outputs differed: \(divergedEvents)"
        )
        if !outcomes.isEmpty {
            out.append("")
            out.append("outcome on the realized history:")
            let rows = outcomes.map { [$0.name, number($0.a), number($0.b), $0.better] }
            out += columns(["metric", "A", "B", "better"], rows)
            for metric in outcomes { out.append("  \(metric.name): \(metric.meaning)") }
        }
        let active = days.filter { $0.changesA > 0 || $0.changesB > 0 }
        if !active.isEmpty {
            out.append("")
            out.append(
                "divergence over time (days on which either side changed its outputs; L1 distance between the outputs):"
            )
            let shown = active.count > maxDays ? Array(active.prefix(maxDays / 2) + active.suffix(maxDays / 2)) : active
            var rows = shown.map {
                [
                    ISOTimestamp.formatDay($0.day), String($0.events), String($0.changesA), String($0.changesB),
                    String($0.divergedEvents), number($0.distanceAtEnd), number($0.maxDistance),
                ]
            }
            if shown.count < active.count {
                rows.insert(["...", "", "", "", "", "", ""], at: maxDays / 2)
            }
            out += columns(["day", "events", "A changes", "B changes", "diverged", "L1 end", "L1 max"], rows)
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The same content for scripts (`--json`): every day bucket, every difference.
    public func json() -> JSONValue {
        func differences(_ list: [KeyDifference]) -> JSONValue {
            .array(list.map { ["key": .string($0.key), "a": JSONValue($0.a), "b": JSONValue($0.b)] })
        }
        var firstValue: JSONValue = .null
        if let first {
            firstValue = [
                "seq": .int(Int64(first.seq)),
                "event_time": .string(ISOTimestamp.format(first.eventTime)),
                "kind": .string(first.kind),
                "source": .string(first.source),
                "record": .string(first.record),
                "changed_a": differences(first.changedA),
                "changed_b": differences(first.changedB),
                "differences": differences(first.differences),
            ]
        }
        return [
            "a": ["label": .string(labelA), "identity": .string(identityA)],
            "b": ["label": .string(labelB), "identity": .string(identityB)],
            "start_seq": .int(Int64(startSequence)),
            "end_seq": .int(Int64(endSequence)),
            "events": .int(Int64(events)),
            "identical": .bool(isIdentical),
            "initially_different": .bool(initiallyDifferent),
            "initial_differences": differences(initialDifferences),
            "first_divergence": firstValue,
            "final_differences": differences(finalDifferences),
            "final_l1_distance": .double(finalDistance),
            "changes_a": .int(Int64(changesA)),
            "changes_b": .int(Int64(changesB)),
            "diverged_events": .int(Int64(divergedEvents)),
            "outcomes": .array(
                outcomes.map {
                    [
                        "metric": .string($0.name), "a": .double($0.a), "b": .double($0.b),
                        "better": .string($0.better),
                        "meaning": .string($0.meaning), "higher_is_better": .bool($0.higherIsBetter),
                    ]
                }
            ),
            "days": .array(
                days.map {
                    [
                        "day": .string(ISOTimestamp.formatDay($0.day)), "events": .int(Int64($0.events)),
                        "changes_a": .int(Int64($0.changesA)), "changes_b": .int(Int64($0.changesB)),
                        "diverged_events": .int(Int64($0.divergedEvents)), "l1_end": .double($0.distanceAtEnd),
                        "l1_max": .double($0.maxDistance),
                    ]
                }
            ),
        ]
    }

    private func table(_ list: [KeyDifference]) -> [String] {
        guard !list.isEmpty else { return [] }
        let rows = list.map { d -> [String] in
            let delta = (d.a ?? 0) - (d.b ?? 0)
            return [d.key, d.a.map(number) ?? "-", d.b.map(number) ?? "-", number(delta)]
        }
        return columns(["key", "A", "B", "A-B"], rows)
    }

    private func changes(_ list: [KeyDifference]) -> String {
        list.map { "\($0.key) \($0.a.map(number) ?? "-") -> \($0.b.map(number) ?? "-")" }.joined(separator: ", ")
    }
}

/// A record on one line (elements of the positions document are indented JSON), cut at 600 characters.
func oneLine(_ record: String) -> String {
    var text = ""
    var pendingSpace = false
    for ch in record {
        if ch == "\n" || ch == "\r" {
            pendingSpace = true
            continue
        }
        if pendingSpace {
            if ch == " " || ch == "\t" { continue }
            text.append(" ")
            pendingSpace = false
        }
        text.append(ch)
    }
    return text.count > 600 ? String(text.prefix(600)) + " ..." : text
}

/// Fixed-width columns, left-aligned first column, right-aligned others.
func columns(_ header: [String], _ rows: [[String]]) -> [String] {
    var widths = header.map(\.count)
    for row in rows {
        for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
    }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, cell in
            let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
            return i == 0 ? cell + pad : pad + cell
        }.joined(separator: "  ")
    }
    return ["  " + line(header)] + rows.map { "  " + line($0) }
}

/// Up to 6 decimals, trailing zeros trimmed: compact and deterministic.
func number(_ value: Double) -> String {
    guard value.isFinite else { return String(value) }
    var text = String(format: "%.6f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
}
