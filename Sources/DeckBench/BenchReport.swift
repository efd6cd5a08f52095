import DeckCore
/// One line of the bench table: a figure, what was measured, the target and whether it was met.
public struct BenchRow: Equatable, Sendable {
    public enum Verdict: String, Sendable, Equatable {
        case pass = "PASS"
        case miss = "MISS"
        /// A figure shown for comparison, without a target of its own.
        case info = ""
    }

    public var figure: String
    public var measured: String
    public var target: String
    public var verdict: Verdict

    public init(_ figure: String, _ measured: String, target: String = "", _ verdict: Verdict = .info) {
        self.figure = figure
        self.measured = measured
        self.target = target
        self.verdict = verdict
    }

    /// A row whose verdict is `met ? PASS : MISS`.
    public static func checked(_ figure: String, _ measured: String, target: String, met: Bool) -> BenchRow {
        BenchRow(figure, measured, target: target, met ? .pass : .miss)
    }
}

/// Lays the bench rows out as one plain-text table and a summary line. Pure, so it has unit tests.
public enum BenchReport {
    public static func table(_ rows: [BenchRow], header: [String] = []) -> String {
        let titles = ("figure", "measured", "target", "result")
        let figureWidth = max(titles.0.count, rows.map(\.figure.count).max() ?? 0)
        let measuredWidth = max(titles.1.count, rows.map(\.measured.count).max() ?? 0)
        let targetWidth = max(titles.2.count, rows.map(\.target.count).max() ?? 0)
        func line(_ a: String, _ b: String, _ c: String, _ d: String) -> String {
            let text = pad(a, figureWidth) + "  " + pad(b, measuredWidth) + "  " + pad(c, targetWidth) + "  " + d
            return String(text.reversed().drop(while: { $0 == " " }).reversed())
        }
        var out = header
        out.append(line(titles.0, titles.1, titles.2, titles.3))
        out.append(String(repeating: "-", count: figureWidth + measuredWidth + targetWidth + 6 + titles.3.count))
        for row in rows {
            out.append(line(row.figure, row.measured, row.target, row.verdict.rawValue))
        }
        out.append(summary(rows))
        return out.joined(separator: "\n")
    }

    /// `8 of 9 targets met (MISS: idle CPU)`.
    public static func summary(_ rows: [BenchRow]) -> String {
        let checked = rows.filter { $0.verdict != .info }
        let missed = checked.filter { $0.verdict == .miss }
        var text = "\(checked.count - missed.count) of \(checked.count) targets met"
        if !missed.isEmpty { text += " (MISS: " + missed.map(\.figure).joined(separator: "; ") + ")" }
        return text
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

/// Short number formats for the table.
public enum BenchFormat {
    public static func ms(_ value: Double?) -> String {
        guard let value else { return "-" }
        if value < 1 { return fixed(value, 3) + " ms" }
        if value < 10 { return fixed(value, 2) + " ms" }
        return fixed(value, 1) + " ms"
    }

    public static func rate(_ perSecond: Double?) -> String {
        guard let perSecond else { return "-" }
        if perSecond >= 1e6 { return fixed(perSecond / 1e6, 2) + "M/s" }
        if perSecond >= 1e3 { return fixed(perSecond / 1e3, 1) + "k/s" }
        return fixed(perSecond, 0) + "/s"
    }

    public static func megabytes(_ bytes: Int?) -> String {
        guard let bytes else { return "-" }
        return fixed(Double(bytes) / 1_048_576, 1) + " MB"
    }

    public static func percent(_ value: Double?, digits: Int = 2) -> String {
        guard let value else { return "-" }
        return fixed(value, digits) + "%"
    }

    /// A median with the spread it came from: `0.78 (0.61-0.95)`; `-` without samples.
    public static func medianAndSpread(_ stats: SampleStats, _ digits: Int) -> String {
        guard let median = stats.p50, let low = stats.min, let high = stats.max else { return "-" }
        return fixed(median, digits) + " (" + fixed(low, digits) + "-" + fixed(high, digits) + ")"
    }

    /// `value` with exactly `digits` decimals.
    public static func fixed(_ value: Double, _ digits: Int) -> String { DecimalText.fixed(value, digits) }
}
