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

    /// Rows it would like for what it shows now (borders included), at this width.
    public static func wantedHeight(_ state: AppState, width: Int) -> Int {
        guard let lesson = state.lessons.active else { return 0 }
        let inner = max(1, width - 4)
        return 2 + max(1, textRows(lesson, width: inner).count) + codeLines(lesson, width: inner).count
    }

    /// Rows the text alone takes (borders included): the least the panel is given, so no word of the
    /// narration, the question or the reveal is ever cut.
    public static func textHeight(_ state: AppState, width: Int) -> Int {
        guard let lesson = state.lessons.active else { return 0 }
        return 2 + max(1, textRows(lesson, width: max(1, width - 4)).count)
    }

    /// A question waiting for its answer, or a reveal on screen: the moments a lesson exists for. The layout
    /// lets the panel take more of the log's room then, so they are not cut at 80x24.
    public static func showsKeyMoment(_ state: AppState) -> Bool {
        guard let lesson = state.lessons.active else { return false }
        return lesson.reveal != nil || lesson.question?.awaitingAnswer == true
    }

    /// One wrapped row of text and its style.
    struct TextRow: Equatable {
        var text: String
        var style: Style
        /// A row of the question or the reveal: kept whole when the narration above it is short of room.
        var key: Bool
    }

    /// The text rows, wrapped to `width`: a reveal (figure, prediction, right or wrong, explanation) in place
    /// of the narration; otherwise the narration (or a failed check's explanation) and, under it, the open
    /// question with its choices.
    static func textRows(_ lesson: LessonState, width: Int) -> [TextRow] {
        func rows(_ text: String, _ style: Style, key: Bool = false) -> [TextRow] {
            wrap(text, width: width).map { TextRow(text: $0, style: style, key: key) }
        }
        if let reveal = lesson.reveal {
            var text = rows(reveal.figure, Style(.notice, bold: true), key: true)
            if let verdict = reveal.verdict {
                let right = reveal.right == true
                text += rows(verdict + (right ? " ✓" : " ✗"), Style(right ? .good : .warning, bold: true), key: true)
            } else {
                text += rows("Nobody predicted this one.", Style(.dim), key: true)
            }
            if let unusual = reveal.unusual { text += rows(unusual, Style(.warning), key: true) }
            return text + rows(reveal.explanation, Style(.normal), key: true)
        }
        let failed = !lesson.failureExplanation.isEmpty
        var text = failed ? lesson.failureExplanation.flatMap { rows($0, Style(.warning, bold: true)) }
            : rows(lesson.narration, Style(.normal, bold: true))
        if let open = lesson.question {
            let count = open.question.choices.count
            text += rows("Predict: \(open.question.text)", Style(.key, bold: true), key: true)
            if open.awaitingAnswer {
                text += rows("\(open.question.choicesText)   (press 1-\(count))", Style(.key, bold: true), key: true)
            } else if let answer = open.answer {
                text += rows("You predicted \(answer)) \(open.question.choices[answer - 1]). Now watch.", Style(.key), key: true)
            } else {
                text += rows("\(open.question.choicesText)   (no prediction: watch)", Style(.dim), key: true)
            }
        }
        return text
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

        var text = textRows(lesson, width: width)
        let code = codeLines(lesson, width: width)
        let room = inner.maxY - y
        // The text keeps at least two rows (or all it has); the code takes the rest. A question or a reveal
        // comes before the code: the code shows what fits under it and says when more did not.
        let keyMoment = text.contains(where: \.key)
        let textRoom = keyMoment ? min(text.count, room)
            : min(text.count, max(min(text.count, minimumNarrationRows), room - code.count))
        if text.count > textRoom {
            // Short of room: the question or the reveal stays whole; the narration above it gives up its last rows.
            let key = text.filter(\.key)
            text = Array(text.filter { !$0.key }.prefix(max(0, textRoom - key.count))) + key
        }
        for row in text.prefix(textRoom) where y < inner.maxY {
            buffer.put(row.text, x: inner.x + 1, y: y, style: row.style, maxWidth: width)
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
        if lesson.paused {
            // The countdown holds still while paused: it reads the same until `p` resumes it.
            let left = lesson.timeLeftMs(now: now).map { " · \(DecimalText.fixed(Double($0) / 1000, 1)) s left" } ?? ""
            return ("‖ paused\(left) · p resumes · n steps one line", Style(.warning, bold: true))
        }
        if lesson.waitingForPresenter { return ("▶ waiting for you · n or → continues · p pauses", Style(.key, bold: true)) }
        var text = "▶ " + lesson.stepSummary
        if let left = lesson.timeLeftMs(now: now) {
            text += " · \(DecimalText.fixed(Double(left) / 1000, 1)) s left"
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
