/// The bottom line: what is happening (quitting, a message) or the keys that matter now.
public enum StatusBar {
    /// How long a status message stays before the key hints come back.
    static let messageMs = 6000

    public static func render(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        buffer.fill(area, " ", Style(.statusBar))
        let text: String
        var style = Style(.statusBar)
        switch state.quit {
        case .joining(let waiting, _):
            let names = waiting.map { state.workerName($0) }.joined(separator: ", ")
            text = "Quitting: waiting for non-daemon \(names) to finish · q again forces"
            style = Style(.warning, bold: true, reverse: true)
        case .exiting:
            text = "Quitting…"
        case .running where state.logFilter.draft != nil:
            text = "search the log: \(state.logFilter.draft ?? "")_   Enter applies · Esc clears"
            style = Style(.statusBar, bold: true)
        case .running where state.timeline.isFrozen:
            // Frozen: say so first, whatever else the bar has to say.
            let selected = state.timeline.selectedWorker.map { state.workerName($0) } ?? "a worker"
            var rest = "s steps \(selected) · Tab selects · z thaws"
            if let status = state.status, status.at.milliseconds(until: state.now) < messageMs, status.text != "frozen" {
                rest = status.text + " · " + rest
            }
            text = "FROZEN · " + rest
            style = Style(.frozen, bold: true)
        case .running:
            if let status = state.status, status.at.milliseconds(until: state.now) < messageMs {
                text = status.text
                style = Style(.statusBar, bold: true)
            } else {
                let lessonHints = state.lessons.active.map { $0.finished ? "" : "n/→ next  p pause  " } ?? ""
                text = lessonHints + hints
            }
        }
        // daemondeck's own cost at the right end, when there is room beside the text.
        var textWidth = area.width
        if let cost = state.selfCost?.text, area.width >= 60 {
            let costText = " " + cost + " "
            let x = area.maxX - costText.count
            buffer.put(costText, x: x, y: area.y, style: Style(.statusBar), maxWidth: costText.count)
            textWidth = x - area.x - 1
        }
        buffer.putTruncated(" " + text, x: area.x, y: area.y, style: style, maxWidth: textWidth)
    }

    static let hints: String = KeyMap.bindings.map(\.hint).filter { !$0.isEmpty }.joined(separator: "  ")
}
