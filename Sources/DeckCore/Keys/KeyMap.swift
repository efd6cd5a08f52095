/// Everything a key can do. The reducer applies actions; the key map says which keys trigger them.
public enum Action: String, Sendable, CaseIterable {
    case selectPrevious, selectNext
    case increment, decrement, randomize, toggleAuto
    case addMonitor, stopNewestMonitor, halveInterval, doubleInterval, toggleStrategy
    case startAlarm, cancelAlarm
    case scrollUp, scrollDown, scrollTop, scrollBottom
    case export, help, quit
    case filterLogSource, searchLog, openLogLine
    case toggleTimeline, zoomOut, zoomIn, freeze, step, selectWorker
    case lessonMenu, lessonNext, lessonPause
    case resetSchedule, scheduleHint, answerQuestion
}

/// One row of the key map: the keys, the action, and how help, the status bar and the documents
/// (README's key table, the man page's KEYS section) describe it.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: Action
    /// Short label for the status bar, e.g. `+/- change`.
    public var hint: String
    /// A few words for the help overlay (it shows two columns of these at 80x24). Empty: this binding's
    /// keys join the line above, whose words describe both (`m M  add / stop newest monitor`).
    public var help: String
    /// The full sentence for README and the man page (empty when folded into the line above, as `help`).
    public var manual: String = ""

    public init(keys: [Key], action: Action, hint: String, help: String, manual: String = "") {
        self.keys = keys
        self.action = action
        self.hint = hint
        self.help = help
        self.manual = manual
    }
}

/// One thing the mouse does: its gesture (`wheel`, `click`), a few words for help, a sentence for the documents.
public struct MouseBinding: Sendable {
    public var gesture: String
    public var help: String
    public var manual: String
}

/// The key binding table: one place that says which key does what (htop's habit, not a switch spread over files).
public enum KeyMap {
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.up, .char("k")], action: .selectPrevious, hint: "↑↓ select", help: "select a value", manual: "select a shared value"),
        KeyBinding(keys: [.down, .char("j")], action: .selectNext, hint: "", help: ""),
        KeyBinding(keys: [.char("+"), .char("=")], action: .increment, hint: "+/- change", help: "change by its step", manual: "change the selected value by its step"),
        KeyBinding(keys: [.char("-"), .char("_")], action: .decrement, hint: "", help: ""),
        KeyBinding(keys: [.char("r")], action: .randomize, hint: "r random", help: "write a random value", manual: "write a random value (as the classic example's main thread does)"),
        KeyBinding(keys: [.char(" ")], action: .toggleAuto, hint: "space auto", help: "auto-mutation on/off", manual: "auto-mutation: the main loop writes random values at random intervals"),
        KeyBinding(keys: [.char("m")], action: .addMonitor, hint: "m/M monitor", help: "add / stop a monitor", manual: "start one more monitor / stop the newest (cooperatively: its cleanup runs and is logged)"),
        KeyBinding(keys: [.char("M")], action: .stopNewestMonitor, hint: "", help: ""),
        KeyBinding(keys: [.char("[")], action: .halveInterval, hint: "[/] interval", help: "halve / double interval", manual: "halve / double the monitors' poll interval"),
        KeyBinding(keys: [.char("]")], action: .doubleInterval, hint: "", help: ""),
        KeyBinding(keys: [.char("w")], action: .toggleStrategy, hint: "w strategy", help: "polling → wake → queue", manual: "cycle the monitors' strategy: polling → wake-on-change → queue"),
        KeyBinding(keys: [.char("a")], action: .startAlarm, hint: "a alarm", help: "alarm: start / cancel", manual: "start (or restart) the alarm / cancel it (`Alarm cancelled`)"),
        KeyBinding(keys: [.char("c")], action: .cancelAlarm, hint: "c cancel", help: ""),
        KeyBinding(keys: [.pageUp], action: .scrollUp, hint: "", help: "log: scroll a page", manual: "scroll the event log a page"),
        KeyBinding(keys: [.pageDown], action: .scrollDown, hint: "", help: ""),
        KeyBinding(keys: [.home], action: .scrollTop, hint: "", help: "log: oldest / newest", manual: "the oldest / newest events (while frozen: the first / last worker, as Tab selects)"),
        KeyBinding(keys: [.end], action: .scrollBottom, hint: "", help: ""),
        KeyBinding(keys: [.char("f")], action: .filterLogSource, hint: "f,/ filter", help: "log: by worker / search", manual: "filter the log by worker; search it: the matches are marked, n / N go to the newer / older one (Enter applies, Esc clears)"),
        KeyBinding(keys: [.char("/")], action: .searchLog, hint: "", help: ""),
        KeyBinding(keys: [.enter], action: .openLogLine, hint: "", help: "log: read a line whole",
                   manual: "read the log's newest shown line whole (while a search is on, the n / N match): its worker, time and full text; there Up / Down read the older / newer line, any other key closes"),
        KeyBinding(keys: [.char("l")], action: .lessonMenu, hint: "l lessons", help: "lesson menu · 1-4 answer", manual: "the lesson menu"),
        KeyBinding(keys: [.char("1"), .char("2"), .char("3"), .char("4")], action: .answerQuestion, hint: "", help: "",
                   manual: "in a lesson: answer its question (predict, then watch: the lesson reveals what this run measured)"),
        KeyBinding(keys: [.char("n"), .right], action: .lessonNext, hint: "", help: "lesson: next · pause", manual: "in a lesson: next step (while a `/` search is on, n and N go to the newer / older match and Right continues the lesson); pause or resume the step's countdown"),
        KeyBinding(keys: [.char("p")], action: .lessonPause, hint: "", help: ""),
        KeyBinding(keys: [.char("e")], action: .export, hint: "e export", help: "export log + trace", manual: "export the log as JSON Lines and the session as Chrome Trace JSON; the status bar says where"),
        KeyBinding(keys: [.char("?"), .function(1)], action: .help, hint: "? help", help: "this help", manual: "help: every key and a glossary of every column and state (any key closes it; P shows Python ↔ Swift)"),
        KeyBinding(keys: [.char("q"), .char("Q")], action: .quit, hint: "q quit", help: "quit (again: force)", manual: "quit: non-daemon workers are joined (the screen says whom it waits for), tasks cancelled, daemon threads abandoned; again to force"),
        KeyBinding(keys: [.char("t")], action: .toggleTimeline, hint: "t timeline", help: "timeline: on/off, zoom", manual: "show / hide the timeline (one lane per thread or task)"),
        KeyBinding(keys: [.char("<")], action: .zoomOut, hint: "", help: "", manual: "zoom the timeline out / in"),
        KeyBinding(keys: [.char(">")], action: .zoomIn, hint: "", help: ""),
        KeyBinding(keys: [.char("z")], action: .freeze, hint: "z freeze", help: "freeze, step, pick; game", manual: "freeze the world (workers park at their next check); while frozen step the selected worker one loop; select a worker; while frozen ← and → look back through the timeline's history, and the log follows"),
        KeyBinding(keys: [.char("s")], action: .step, hint: "", help: ""),
        KeyBinding(keys: [.tab], action: .selectWorker, hint: "", help: ""),
        KeyBinding(keys: [.char("x")], action: .resetSchedule, hint: "", help: "",
                   manual: "be the scheduler (lost-updates, deadlock): start the challenge over with fresh threads"),
        KeyBinding(keys: [.char("h")], action: .scheduleHint, hint: "", help: "",
                   manual: "be the scheduler: a hint, the next step of a schedule that meets the challenge (press it at each step to be walked through the solution; while the challenge is open, n does not play it for you)"),
    ]

    /// What the mouse does in the dashboard (the terminal decodes it, `Reducer.handleMouse` acts): one
    /// list for the help overlay, README and the man page, so none of them forgets it.
    public static let mouseBindings: [MouseBinding] = [
        MouseBinding(gesture: "wheel", help: "wheel: log", manual: "scroll the event log three lines (up: older, down: newer)"),
        MouseBinding(gesture: "click", help: "click: pick",
                     manual: "a left click picks what it lands on: a shared value (as `Up` and `Down` do), a worker (as `Tab` does), a log line (read whole, as `Enter` does), a lesson in the menu (started)"),
    ]

    private static let table: [Key: Action] = {
        var table: [Key: Action] = [:]
        for binding in bindings {
            for key in binding.keys { table[key] = binding.action }
        }
        return table
    }()

    public static func action(for key: Key) -> Action? { table[key] }

    /// The status bar's hints, most useful first; `? help` and `q quit` are not here because they are
    /// always shown, at the right.
    public static let hintPriority: [Action] = [
        .lessonMenu, .toggleAuto, .increment, .startAlarm, .cancelAlarm, .addMonitor, .toggleStrategy, .freeze,
        .toggleTimeline, .export, .halveInterval, .randomize, .filterLogSource, .selectPrevious,
    ]

    /// Keys that act on daemondeck's own demonstration (its shared values, monitors, alarm, lessons, the
    /// scheduler game). While
    /// `daemondeck watch` shows another program they would mix daemondeck's own writes into that program's
    /// log (or, `l`, end it to open a lesson): they do nothing there but say why, and are not offered.
    public static func actsOnTheDemonstration(_ action: Action) -> Bool {
        switch action {
        case .selectPrevious, .selectNext, .lessonMenu, .toggleAuto, .increment, .decrement, .randomize, .addMonitor, .stopNewestMonitor,
             .halveInterval, .doubleInterval, .toggleStrategy, .startAlarm, .cancelAlarm,
             .lessonNext, .lessonPause, .answerQuestion, .resetSchedule, .scheduleHint:
            true
        default:
            false
        }
    }

    /// The status bar's hints while watching a program, after `z` and `t` (which it puts first itself).
    public static let watchStatusHints: [String] = hintPriority
        .filter { !actsOnTheDemonstration($0) && $0 != .freeze && $0 != .toggleTimeline }
        .compactMap { action in bindings.first { $0.action == action }?.hint }.filter { !$0.isEmpty }

    /// The hints in priority order.
    /// Worked out once: the status bar asks for them on every frame.
    public static let statusHints: [String] =
        hintPriority.compactMap { action in bindings.first { $0.action == action }?.hint }.filter { !$0.isEmpty }

    /// The keys and their full sentences, related bindings folded onto one row, for README and the man page.
    public static var manualRows: [(keys: [String], text: String)] {
        var rows: [(keys: [String], text: String)] = []
        for binding in bindings {
            let names = binding.keys.map(\.description)
            if binding.manual.isEmpty, !rows.isEmpty {
                rows[rows.count - 1].keys += names
            } else {
                rows.append((names, binding.manual))
            }
        }
        return rows + mouseBindings.map { (["mouse \($0.gesture)"], $0.manual) }
    }

    /// README's key table, generated from this map (a test keeps README.md equal to it).
    public static var markdownTable: String {
        var lines = ["| key | action |", "| --- | --- |"]
        for row in manualRows {
            let keys = row.keys.map { $0 == "|" ? "`\\|`" : "`\($0)`" }.joined(separator: " ")
            lines.append("| " + keys + " | " + row.text + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// The man page's KEYS section body, generated from this map (a test keeps the man page equal to it).
    public static var manSection: String {
        var lines: [String] = []
        for row in manualRows {
            lines.append(".TP")
            lines.append(".B " + row.keys.map(manEscape).joined(separator: " "))
            lines.append(manEscape(row.text.replacing("`", with: "")))
        }
        return lines.joined(separator: "\n")
    }

    /// roff: a backslash is written `\e`; a line must not start with `.` or `'`.
    public static func manEscape(_ text: String) -> String {
        var escaped = text.replacing("\\", with: "\\e")
        if escaped.hasPrefix(".") || escaped.hasPrefix("'") { escaped = "\\&" + escaped }
        return escaped
    }

    /// The help overlay's lines: keys and what they do, related bindings folded onto one line.
    public static var helpLines: [(keys: String, help: String)] { helpLines(watching: false) }

    /// The help overlay's lines; watching a program, without the keys that act on the demonstration.
    public static func helpLines(watching: Bool) -> [(keys: String, help: String)] {
        var lines: [(keys: String, help: String)] = []
        for binding in bindings where !(watching && actsOnTheDemonstration(binding.action)) {
            if binding.help.isEmpty, !lines.isEmpty {
                lines[lines.count - 1].keys += " " + keyNames(binding)
            } else {
                lines.append((keyNames(binding), binding.help))
            }
        }
        return lines + [("mouse", mouseBindings.map(\.help).joined(separator: " · "))]
    }

    /// How the help overlay names the keys of a binding, e.g. `Up/k`.
    public static func keyNames(_ binding: KeyBinding) -> String {
        binding.keys.map(\.description).joined(separator: "/")
    }
}

/// What a key does in `daemondeck replay`. The `speed`, `seek` and `jump` rows each hold two directions
/// (faster/slower, back/forward, start/end): `replayAction(for:)` says which half a key is in.
public enum ReplayAction: String, Sendable, CaseIterable {
    case togglePause, step, speed, seek, jump, search, help, quit
    /// Keys that only change how the run is shown (timeline, zoom, log paging and filter), as live.
    case view
}

/// One row of the replay's key map.
public struct ReplayKeyBinding: Sendable {
    public var keys: [Key]
    public var action: ReplayAction
    /// Short label for the status bar; empty: not in the status bar.
    public var hint: String
    /// A few words for the help overlay.
    public var help: String
    /// The full sentence for README and the man page.
    public var manual: String
}

extension KeyMap {
    /// The replay's keys (`daemondeck replay FILE`): one table for the status bar, help, README and man page.
    public static let replayBindings: [ReplayKeyBinding] = [
        ReplayKeyBinding(keys: [.char(" ")], action: .togglePause, hint: "space pause", help: "pause / play", manual: "pause / play (at the end: play again from the start)"),
        ReplayKeyBinding(keys: [.char("s")], action: .step, hint: "s step", help: "step one event", manual: "pause and step to the next event of the run (as `s` steps a worker live); the status bar names it"),
        ReplayKeyBinding(keys: [.char("+"), .char("="), .char("-"), .char("_")], action: .speed, hint: "+/- speed", help: "faster / slower", manual: "faster / slower: 0.25x, 0.5x, 1x, 2x, 4x, 8x"),
        ReplayKeyBinding(keys: [.left, .right], action: .seek, hint: "←/→ seek", help: "1 s back / forward", manual: "a second back / forward (the timeline and the log follow)"),
        ReplayKeyBinding(keys: [.home, .end], action: .jump, hint: "", help: "start / end", manual: "the start / the end of the recording"),
        ReplayKeyBinding(keys: [.char("/")], action: .search, hint: "/ search", help: "search · n/N · Esc all", manual: "search the log: Enter jumps the replay to the next line that contains the text (marked in the log); then n / N jump to the next / previous one, Esc clears the search"),
        ReplayKeyBinding(keys: [.char("t"), .char("<"), .char(">"), .pageUp, .pageDown, .char("f")], action: .view, hint: "", help: "timeline, log (as live)", manual: "as in the dashboard: timeline on/off and zoom, page the log, filter it by worker"),
        ReplayKeyBinding(keys: [.enter], action: .view, hint: "", help: "read a log line whole", manual: "read the log's newest shown line whole, as in the dashboard (Up / Down: the older / newer line)"),
        ReplayKeyBinding(keys: [.char("?"), .function(1)], action: .help, hint: "", help: "these keys", manual: "these keys (any key closes)"),
        ReplayKeyBinding(keys: [.char("q"), .char("Q")], action: .quit, hint: "", help: "quit the replay", manual: "quit the replay"),
    ]

    /// Which replay action a key triggers, and whether it is the second direction of a two-way row
    /// (`-` `_` slower, Right forward, End the end).
    public static func replayAction(for key: Key) -> (action: ReplayAction, second: Bool)? {
        for binding in replayBindings {
            guard let at = binding.keys.firstIndex(of: key) else { continue }
            let twoWay = [ReplayAction.speed, .seek, .jump].contains(binding.action)
            return (binding.action, twoWay && at >= binding.keys.count / 2)
        }
        return nil
    }

    /// The help overlay's lines during a replay.
    public static var replayHelpLines: [(keys: String, help: String)] {
        replayBindings.map { ($0.keys.map(\.description).joined(separator: "/"), $0.help) }
    }

    /// The replay's status-bar hints.
    public static var replayHints: String {
        replayBindings.map(\.hint).filter { !$0.isEmpty }.joined(separator: "  ")
    }

    /// README's replay key table.
    public static var replayMarkdownTable: String {
        var lines = ["| key | in a replay |", "| --- | --- |"]
        for binding in replayBindings {
            let keys = binding.keys.map { "`\($0.description)`" }.joined(separator: " ")
            lines.append("| " + keys + " | " + binding.manual + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// The man page's replay keys.
    public static var replayManSection: String {
        replayBindings.flatMap { binding in
            [".TP", ".B " + binding.keys.map { manEscape($0.description) }.joined(separator: " "),
             manEscape(binding.manual.replacing("`", with: ""))]
        }.joined(separator: "\n")
    }
}
