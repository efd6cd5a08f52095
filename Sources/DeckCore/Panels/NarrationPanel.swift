/// In a lesson: the lesson's title and step, what the player is waiting for (in words, in the bottom border),
/// the narration, and the step's code: the Swift and, when the lesson gives it, the Python original. Below
/// 120 columns the Python goes under the Swift; from 120 it stands beside it. Code wraps, it is never cut.
public enum NarrationPanel {
    /// Rows it takes at most (borders included); the layout gives it less on a short terminal.
    public static let preferredHeight = 7
    /// From this width the Python stands beside the Swift.
    public static let sideBySideWidth = 120
    /// Fewest rows the narration keeps when code competes for room.
    static let minimumNarrationRows = 2

    /// Rows the panel would like for what it shows now (borders included), at this width.
    public static func wantedHeight(_ state: AppState, width: Int) -> Int {
        guard let lesson = state.lessons.active else { return 0 }
        let inner = max(1, width - 4)
        let text = lesson.failureExplanation.isEmpty ? wrap(lesson.narration, width: inner)
            : lesson.failureExplanation.flatMap { wrap($0, width: inner) }
        return 2 + max(1, text.count) + codeLines(lesson, width: inner).count
    }

    public static func render(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard let lesson = state.lessons.active, !area.isEmpty else { return }
        let step = max(0, lesson.stepIndex + 1)
        buffer.box(area, title: "Lesson · step \(step)/\(lesson.totalSteps) · \(lesson.title)")
        let inner = area.inner
        guard inner.height > 0, inner.width > 4 else { return }
        let width = inner.width - 2
        var y = inner.y
        // What the lesson is doing now sits in the bottom border: one more row for the narration and the code.
        let (status, style) = statusLine(lesson, now: state.now)
        buffer.putTruncated(" \(status) ", x: area.x + 1, y: area.maxY - 1, style: style, maxWidth: area.width - 2)

        // A failed check is explained in place of the narration until the next narration.
        let failed = !lesson.failureExplanation.isEmpty
        let text = failed ? lesson.failureExplanation.flatMap { wrap($0, width: width) } : wrap(lesson.narration, width: width)
        let code = codeLines(lesson, width: width)
        let room = inner.maxY - y
        // The narration keeps at least two rows (or all it has); the code takes the rest.
        let textRows = min(text.count, max(min(text.count, minimumNarrationRows), room - code.count))
        for line in text.prefix(textRows) where y < inner.maxY {
            buffer.put(line, x: inner.x + 1, y: y, style: failed ? Style(.warning, bold: true) : Style(.normal, bold: true), maxWidth: width)
            y += 1
        }
        let codeRows = inner.maxY - y
        for (index, line) in code.enumerated() where y < inner.maxY {
            // The last row shows that more code did not fit (a taller terminal shows it all).
            let cut = index == codeRows - 1 && code.count > codeRows
            if cut {
                buffer.put("… more code: a taller terminal shows it all", x: inner.x + 1, y: y, style: Style(.dim), maxWidth: width)
            } else {
                for part in line.parts {
                    buffer.put(part.text, x: inner.x + 1 + part.x, y: y, style: part.style, maxWidth: width - part.x)
                }
            }
            y += 1
            if cut { break }
        }
    }

    /// One row of code: pieces placed at column offsets (a label, the Swift, the Python).
    struct CodeRow {
        var parts: [(x: Int, text: String, style: Style)]
    }

    static let swiftLabel = "Swift  "
    static let pythonLabel = "Python "

    /// The code rows for this width: stacked (Swift, then Python) below 120 columns, side by side from 120.
    static func codeLines(_ lesson: LessonState, width: Int) -> [CodeRow] {
        let swiftStyle = Style(.value)
        let pythonStyle = Style(.notice)
        let labelStyle = Style(.dim)
        let sideBySide = !lesson.python.isEmpty && width + 4 >= sideBySideWidth
        if sideBySide {
            let column = (width - 3) / 2
            let codeWidth = column - swiftLabel.count
            let swift = lesson.snippet.flatMap { wrapCode($0, width: codeWidth) }
            let python = lesson.python.flatMap { wrapCode($0, width: codeWidth) }
            return (0..<max(swift.count, python.count)).map { row in
                var parts: [(x: Int, text: String, style: Style)] = []
                if row == 0 {
                    parts.append((0, swiftLabel, labelStyle))
                    parts.append((column + 3, pythonLabel, labelStyle))
                }
                parts.append((column + 1, "│", labelStyle))
                if row < swift.count { parts.append((swiftLabel.count, swift[row], swiftStyle)) }
                if row < python.count { parts.append((column + 3 + pythonLabel.count, python[row], pythonStyle)) }
                return CodeRow(parts: parts)
            }
        }
        // Without Python the Swift needs no label: give it the whole width.
        if lesson.python.isEmpty {
            return lesson.snippet.flatMap { wrapCode($0, width: width) }.map { CodeRow(parts: [(0, $0, swiftStyle)]) }
        }
        var rows: [CodeRow] = []
        let codeWidth = width - swiftLabel.count
        for (label, lines, style) in [(swiftLabel, lesson.snippet, swiftStyle), (pythonLabel, lesson.python, pythonStyle)] {
            for (index, line) in lines.flatMap({ wrapCode($0, width: codeWidth) }).enumerated() {
                var parts: [(x: Int, text: String, style: Style)] = [(label.count, line, style)]
                if index == 0 { parts.append((0, label, labelStyle)) }
                rows.append(CodeRow(parts: parts))
            }
        }
        return rows
    }

    static func statusLine(_ lesson: LessonState, now: Timestamp) -> (String, Style) {
        if lesson.finished {
            if let failure = lesson.firstFailure {
                return ("finished: \(lesson.expectationsFailed) expectation(s) failed: \(failure)", Style(.warning, bold: true))
            }
            return ("finished: \(lesson.expectationsMet) expectation(s) met · l for another lesson", Style(.good, bold: true))
        }
        if lesson.paused { return ("‖ paused · p resumes · n steps one line", Style(.warning, bold: true)) }
        if lesson.waitingForPresenter { return ("▶ waiting for you · n or → continues · p pauses", Style(.key, bold: true)) }
        var text = "▶ " + lesson.stepSummary
        if let until = lesson.stepUntil {
            text += " · \(DecimalText.fixed(Double(max(0, now.milliseconds(until: until))) / 1000, 1)) s left"
        }
        return (text + " · n skips", Style(.dim))
    }

    /// Greedy word wrap to `width` columns.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.unicodeScalars.count + 1 + word.unicodeScalars.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.flatMap { hardWrap($0, width: width) }
    }

    /// Wraps a line of code to `width` columns at a space where it can (keeping its own spacing), hard where
    /// it cannot; continuation rows are indented two columns so they read as one statement.
    static func wrapCode(_ text: String, width: Int) -> [String] {
        guard width > 4 else { return width > 0 ? hardWrap(text, width: width) : [] }
        var rows: [String] = []
        var rest = Array(text.unicodeScalars)
        var indent = ""
        while !rest.isEmpty {
            let room = width - indent.count
            if rest.count <= room {
                rows.append(indent + String(String.UnicodeScalarView(rest)))
                break
            }
            // The last space that leaves a reasonable row; otherwise a hard break.
            var cut = room
            if let space = rest[..<(room + 1)].lastIndex(of: " "), space > room / 3 { cut = space }
            rows.append(indent + String(String.UnicodeScalarView(rest[..<cut])))
            rest = Array(rest[cut...].drop { $0 == " " })
            indent = "  "
        }
        return rows
    }

    /// Cuts a word longer than `width` into pieces.
    static func hardWrap(_ text: String, width: Int) -> [String] {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > width, width > 0 else { return [text] }
        return stride(from: 0, to: scalars.count, by: width).map {
            String(String.UnicodeScalarView(scalars[$0..<min($0 + width, scalars.count)]))
        }
    }
}
