import EventLog

/// Why one field made a record unusable; becomes the `RecordRejected` of the record.
struct FieldProblem: Error {
    var reason: RejectionReason
    var detail: String

    static func missing(_ field: String) -> FieldProblem {
        FieldProblem(reason: .missingField, detail: "field '\(field)' is missing")
    }

    static func wrongType(_ field: String, expected: String, found: String) -> FieldProblem {
        FieldProblem(
            reason: .wrongType,
            detail: "field '\(field)' has the wrong type: expected \(expected), found \(found)"
        )
    }

    static func invalid(_ field: String, value: String, why: String) -> FieldProblem {
        let shown = value.count > 60 ? String(value.prefix(60)) + "…" : value
        return FieldProblem(reason: .invalidValue, detail: "field '\(field)' has an invalid value \(shown): \(why)")
    }

    var rejection: RecordRejected { RecordRejected(reason: reason, detail: detail) }
}
