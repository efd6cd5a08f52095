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
        case .running:
            if let status = state.status, status.at.milliseconds(until: state.now) < messageMs {
                text = status.text
                style = Style(.statusBar, bold: true)
            } else {
                let lessonHints = state.lessons.active.map { $0.finished ? "" : "n/→ next  p pause  " } ?? ""
                text = lessonHints + hints
            }
        }
        buffer.putTruncated(" " + text, x: area.x, y: area.y, style: style, maxWidth: area.width)
    }

    static let hints: String = KeyMap.bindings.map(\.hint).filter { !$0.isEmpty }.joined(separator: "  ")
}
