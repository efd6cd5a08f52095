import ArgumentParser

/// Numbers on the command line. The options that take them read their value as text, whatever it looks
/// like (`parsing: .unconditional`), so `--seed -1` reaches this check instead of being taken for an
/// option name ("Missing value"); every bad number then gets the same message: the option, the value
/// given, and the range allowed.
enum NumberOption {
    /// A whole number in `range`, or nil when the option was not given.
    static func whole(_ text: String?, _ option: String, _ range: ClosedRange<Int>, unit: String = "") throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ValidationError(message(option, text, low: "\(range.lowerBound)", high: "\(range.upperBound)", unit: unit,
                                          whole: true))
        }
        return value
    }

    /// A seed: a whole number from 0 to `UInt64.max`, or nil when not given.
    static func seed(_ text: String?, _ option: String) throws -> UInt64? {
        guard let text else { return nil }
        guard let value = UInt64(text) else {
            throw ValidationError(message(option, text, low: "0", high: "\(UInt64.max)", unit: "", whole: true))
        }
        return value
    }

    /// A finite decimal number in `range`, or nil when not given.
    static func decimal(_ text: String?, _ option: String, _ range: ClosedRange<Double>, unit: String = "",
                        shown: (low: String, high: String)) throws -> Double? {
        guard let text else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw ValidationError(message(option, text, low: shown.low, high: shown.high, unit: unit, whole: false))
        }
        return value
    }

    /// `--seed must be a whole number from 0 to 18446744073709551615, got '-1' (negative numbers are not allowed)`.
    static func message(_ option: String, _ text: String, low: String, high: String, unit: String, whole: Bool) -> String {
        let kind = whole ? "a whole number" : "a number"
        var line = "\(option) must be \(kind) from \(low) to \(high)\(unit.isEmpty ? "" : " " + unit), got '\(text)'"
        if text.hasPrefix("-"), !low.hasPrefix("-"), Double(text) != nil { line += " (negative numbers are not allowed)" }
        return line
    }
}
