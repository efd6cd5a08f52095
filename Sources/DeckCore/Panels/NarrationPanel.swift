/// In a lesson: the lesson's title and step, what the player is waiting for, the narration and its snippet.
public enum NarrationPanel {
    /// Rows it takes when a lesson is active (borders included).
    public static let preferredHeight = 7

    public static func render(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard let lesson = state.lessons.active, !area.isEmpty else { return }
        let step = max(0, lesson.stepIndex + 1)
        buffer.box(area, title: "Lesson · step \(step)/\(lesson.totalSteps) · \(lesson.title)")
        let inner = area.inner
        guard inner.height > 0, inner.width > 4 else { return }
        let width = inner.width - 2
        var y = inner.y
        let (status, style) = statusLine(lesson, now: state.now)
        buffer.putTruncated(status, x: inner.x + 1, y: y, style: style, maxWidth: width)
        y += 1
        let narrationRows = max(1, inner.maxY - y - min(lesson.snippet.count, 2))
        for line in wrap(lesson.narration, width: width).prefix(narrationRows) where y < inner.maxY {
            buffer.put(line, x: inner.x + 1, y: y, style: Style(.normal, bold: true), maxWidth: width)
            y += 1
        }
        for line in lesson.snippet where y < inner.maxY {
            buffer.putTruncated(line, x: inner.x + 1, y: y, style: Style(.value), maxWidth: width)
            y += 1
        }
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
            text += String(format: " · %.1f s left", Double(max(0, now.milliseconds(until: until))) / 1000)
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
        return lines
    }
}
