/// The bottom line: what is happening (quitting, a message, a frozen world) or the keys that matter now,
/// most useful first. `? help` and `q quit` are always there, at the right, at every width from 80
/// columns; daemondeck's own cost sits beside them when there is room.
public enum StatusBar {
    /// How long a status message stays before the key hints come back.
    static let messageMs = 6000
    /// Always shown: how to get help and how to leave.
    static let essentials = "? help  q quit"

    /// Rows the bar needs at this width: two when its message does not fit beside `? help  q quit` on one
    /// (the row above the bar takes the start of it), so the newest message is never cut while it can be read.
    public static func rowsNeeded(_ state: AppState, width: Int) -> Int {
        let (text, _, essentials) = line(state)
        guard !text.isEmpty else { return 1 }
        return 1 + text.unicodeScalars.count <= room(width: width, right: essentials) ? 1 : 2
    }

    /// Columns left of the right-hand part (`right` plus a trailing space) and a gap.
    static func room(width: Int, right: String) -> Int { max(0, width - right.unicodeScalars.count - 2) }

    public static func render(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        guard !area.isEmpty else { return }
        buffer.fill(area, " ", Style(.statusBar))
        var (text, style, essentials) = line(state)
        let hints = text.isEmpty ? self.hints(state) : nil
        let y = area.maxY - 1
        if area.height > 1 {
            // Two rows: the message starts on the upper one, cut between words, and goes on beside the keys.
            let (first, rest) = splitAtSpace(text, width: area.width - 2)
            buffer.put(" " + first, x: area.x, y: area.y, style: style, maxWidth: area.width)
            text = rest
        }
        // Right: the essentials, then the cost if what the left part says still fits (hints: 30 columns).
        var right = essentials
        if state.replay == nil, let cost = state.selfCost?.text {
            let leftNeeds = hints == nil ? 1 + text.unicodeScalars.count : 30
            if room(width: area.width, right: right + "  " + cost) >= leftNeeds { right += "  " + cost }
        }
        right += " "
        let rightWidth = right.unicodeScalars.count
        let rightX = area.maxX - rightWidth
        buffer.put(right, x: rightX, y: y, style: Style(.statusBar, bold: true), maxWidth: rightWidth)
        let room = max(0, rightX - area.x - 1)
        // Key hints are cut between hints, never in the middle of one; messages are cut with an ellipsis.
        let shown = hints.map { " " + wholeHints($0, width: room - 1) } ?? " " + text
        buffer.putTruncated(shown, x: area.x, y: y, style: style, maxWidth: room)
    }

    /// The text cut at its last space within `width` columns (hard at `width` if it has none): the first row
    /// and the rest, spacing inside each kept as it was.
    static func splitAtSpace(_ text: String, width: Int) -> (String, String) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > width, width > 0 else { return (text, "") }
        let cut = scalars[...width].lastIndex(of: " ").flatMap { $0 > 0 ? $0 : nil } ?? width
        let first = String(String.UnicodeScalarView(scalars[..<cut]))
        return (first.trimmingSpaces, String(String.UnicodeScalarView(scalars[cut...])).trimmingSpaces)
    }

    /// During a replay: REPLAY, where and how fast, then the search being typed, a message, the last
    /// event stepped to, or the replay's keys.
    static func replayLine(_ replay: ReplayBanner, overlay: Overlay?) -> (String, Style, String) {
        let style = Style(.frozen, bold: true)
        if let draft = replay.searchDraft {
            return (replay.text + " · search: \(draft)_  Enter jumps · Esc cancels", style, "")
        }
        if case .logLine? = overlay { return (replay.text + " · ↑↓ older / newer · any other key closes", style, "") }
        if overlay != nil { return (replay.text + " · any key closes", style, "") }
        var rest = KeyMap.replayHints
        if let message = replay.message { rest = message }
        else if replay.paused, let last = replay.lastText { rest = last + " · " + rest }
        return (replay.text + " · " + rest, style, essentials)
    }

    /// As many whole hints as fit in `width` columns, two spaces apart.
    static func wholeHints(_ hints: [String], width: Int) -> String {
        var fitted = ""
        var used = 0
        for hint in hints {
            let needed = (fitted.isEmpty ? 0 : 2) + hint.unicodeScalars.count
            if used + needed > width { break }
            fitted += fitted.isEmpty ? hint : "  " + hint
            used += needed
        }
        return fitted
    }

    /// The keys that matter now, most useful first (the bar's left part when nothing else is to be said).
    static func hints(_ state: AppState) -> [String] {
        let lessonHints = state.lessons.active.map { $0.finished ? [] : ["n/→ next", "p pause"] } ?? []
        if state.watch != nil {
            // Watching a program: first the keys that act on it and its threads, then the log's; daemondeck's
            // demonstration keys are not offered (they do nothing here). z is offered only while it can signal:
            // not attached with --pid, not once the program has ended.
            let signallable = state.watch?.attached == false && state.watch?.ending == nil
            let first = signallable ? ["z freeze (SIGSTOP)", "t timeline"] : ["t timeline"]
            return first + KeyMap.watchStatusHints
        }
        return lessonHints + KeyMap.statusHints
    }

    /// The left text, its style, and the right-hand keys for this moment. An empty text means the key
    /// hints (`hints`).
    static func line(_ state: AppState) -> (String, Style, String) {
        if let replay = state.replay { return replayLine(replay, overlay: state.overlay) }
        switch state.quit {
        case .joining(let waiting, _):
            let names = waiting.map { state.workerName($0) }.joined(separator: ", ")
            return ("Quitting: waiting for non-daemon \(names) to finish", Style(.warning, bold: true, reverse: true),
                    Reducer.watchedProgramKillable(state) ? "q again: SIGKILL" : "q again forces")
        case .exiting:
            return ("Quitting…", Style(.statusBar), "")
        case .running:
            break
        }
        if state.overlay == .help { return ("Help · any key closes · P shows Python ↔ Swift", Style(.statusBar, bold: true), "") }
        if state.overlay == .pythonSwift { return ("Python ↔ Swift · any key closes", Style(.statusBar, bold: true), "") }
        if case .logLine? = state.overlay { return ("Log line · ↑↓ older / newer · any other key closes", Style(.statusBar, bold: true), "") }
        if state.overlay == .lessonMenu {
            return ("Lessons · ↑↓ and Enter, or a number, start one · Esc closes", Style(.statusBar, bold: true), "")
        }
        if let draft = state.logFilter.draft {
            return ("search the log: \(draft)_   Enter applies · Esc clears", Style(.statusBar, bold: true), "")
        }
        let message = state.status.flatMap { $0.at.milliseconds(until: state.now) < messageMs ? $0.text : nil }
        if state.freeze.isFrozen {
            // Frozen: say so first, whatever else the bar has to say.
            let selected = state.freeze.selectedWorker.map { state.workerName($0) } ?? "a worker"
            // A watched program is stopped whole (SIGSTOP): there is nothing to step, only to thaw.
            var parts = state.watch != nil ? ["z thaws (SIGCONT)"] : ["s steps \(selected)", "Tab selects", "z thaws"]
            if let message, message != "frozen" {
                // A message that already says how to thaw is not followed by the same hint again.
                if message.contains("z thaws") { parts.removeAll { $0.hasPrefix("z thaws") } }
                parts.insert(message, at: 0)
            }
            return ("FROZEN · " + parts.joined(separator: " · "), Style(.frozen, bold: true), essentials)
        }
        if let message { return (message, Style(.statusBar, bold: true), essentials) }
        return ("", Style(.statusBar), essentials)
    }
}

private extension String {
    /// Without the spaces at either end.
    var trimmingSpaces: String {
        String(String.UnicodeScalarView(unicodeScalars.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()))
    }
}
