/// The alarm task: ticks so far out of N, a progress bar, time left, `ALARM!` or `Alarm cancelled`.
public enum AlarmPanel {
    /// Everything `render` reads from the state: while these are unchanged the panel looks the same.
    /// The clock counts only while the alarm ticks (its "s left"), to the tenth of a second it shows.
    struct Inputs: Equatable {
        let alarm: AlarmView
        let name: String
        let left: String?
        init(_ state: AppState) {
            alarm = state.alarm
            name = state.alarm.workerID.map { state.workerName($0) } ?? "Alarm"
            left = state.alarm.status == .ticking ? secondsLeft(state.alarm, now: state.now) : nil
        }
    }

    /// `2.6`: the seconds left, as the panel shows them.
    static func secondsLeft(_ alarm: AlarmView, now: Timestamp) -> String {
        DecimalText.fixed(Double(alarm.millisecondsLeft(now: now) ?? 0) / 1000, 1)
    }

    public static func render(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        let alarm = state.alarm
        let name = alarm.workerID.map { state.workerName($0) } ?? "Alarm"
        buffer.box(area, title: "\(name) · Task, cancelled at quit")
        let inner = area.inner
        guard inner.height > 0, inner.width > 10 else { return }

        let ticks = ">tick \(alarm.ticks)/\(alarm.total)  "
        var x = inner.x + 1
        x += buffer.put(ticks, x: x, y: inner.y, style: Style(.value, bold: true), maxWidth: inner.maxX - x)
        let left: String
        switch alarm.status {
        case .ticking:
            left = " \(secondsLeft(alarm, now: state.now)) s left"
        case .fired: left = " finished"
        case .cancelled: left = " cancelled"
        case .idle: left = ""
        }
        let barWidth = max(4, inner.maxX - x - left.unicodeScalars.count - 1)
        let filled = alarm.total > 0 ? min(barWidth, barWidth * alarm.ticks / alarm.total) : 0
        let g = buffer.glyphs
        x += buffer.put(String(repeating: Character(g.barFull), count: filled), x: x, y: inner.y, style: Style(.progress), maxWidth: inner.maxX - x)
        x += buffer.put(String(repeating: Character(g.barEmpty), count: barWidth - filled), x: x, y: inner.y, style: Style(.dim), maxWidth: inner.maxX - x)
        buffer.put(left, x: x, y: inner.y, style: Style(.value), maxWidth: inner.maxX - x)

        guard inner.height > 1 else { return }
        let (headline, style): (String, Style) = switch alarm.status {
        case .idle: (state.replay == nil ? "no alarm yet: press a" : "no alarm yet in this recording", Style(.dim))
        case .ticking: ("ticking: one tick every \(alarm.periodMs) ms", Style(.value))
        case .fired: ("ALARM!", Style(.alarm, bold: true, reverse: true))
        case .cancelled: ("Alarm cancelled", Style(.warning, bold: true))
        }
        buffer.put(headline, x: inner.x + 1, y: inner.y + 1, style: style, maxWidth: inner.width - 1)
        // A replay shows the alarm as it was recorded: a and c do nothing there, so they are not offered.
        if inner.height > 2, state.replay == nil {
            buffer.put("a restarts · c cancels (Task.cancel)", x: inner.x + 1, y: inner.y + 2,
                       style: Style(.dim), maxWidth: inner.width - 1)
        }
    }
}
