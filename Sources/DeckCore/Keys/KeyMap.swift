/// Everything a key can do. The reducer applies actions; the key map says which keys trigger them.
public enum Action: String, Sendable, CaseIterable {
    case selectPrevious, selectNext
    case increment, decrement, randomize, toggleAuto
    case addMonitor, stopNewestMonitor, halveInterval, doubleInterval, toggleStrategy
    case startAlarm, cancelAlarm
    case scrollUp, scrollDown, scrollTop, scrollBottom
    case export, help, quit
    case filterLogSource, searchLog
    case toggleTimeline, zoomOut, zoomIn, freeze, step, selectWorker
    case lessonMenu, lessonNext, lessonPause
}

/// One row of the key map: the keys, the action, and how help and the status bar describe it.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: Action
    /// Short label for the status bar, e.g. `+/- change`.
    public var hint: String
    /// A few words for the help overlay (it shows two columns of these at 80x24). Empty: this binding's
    /// keys join the line above, whose words describe both (`m M  add / stop newest monitor`).
    public var help: String
}

/// The key binding table: one place that says which key does what (htop's habit, not a switch spread over files).
public enum KeyMap {
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.up, .char("k")], action: .selectPrevious, hint: "↑↓ select", help: "select a value"),
        KeyBinding(keys: [.down, .char("j")], action: .selectNext, hint: "", help: ""),
        KeyBinding(keys: [.char("+"), .char("=")], action: .increment, hint: "+/- change", help: "change by its step"),
        KeyBinding(keys: [.char("-"), .char("_")], action: .decrement, hint: "", help: ""),
        KeyBinding(keys: [.char("r")], action: .randomize, hint: "r random", help: "write a random value"),
        KeyBinding(keys: [.char(" ")], action: .toggleAuto, hint: "space auto", help: "auto-mutation on/off"),
        KeyBinding(keys: [.char("m")], action: .addMonitor, hint: "m/M monitor", help: "add / stop newest monitor"),
        KeyBinding(keys: [.char("M")], action: .stopNewestMonitor, hint: "", help: ""),
        KeyBinding(keys: [.char("[")], action: .halveInterval, hint: "[/] interval", help: "halve / double interval"),
        KeyBinding(keys: [.char("]")], action: .doubleInterval, hint: "", help: ""),
        KeyBinding(keys: [.char("w")], action: .toggleStrategy, hint: "w wake", help: "polling / wake-on-change"),
        KeyBinding(keys: [.char("a")], action: .startAlarm, hint: "a alarm", help: "alarm: (re)start / cancel"),
        KeyBinding(keys: [.char("c")], action: .cancelAlarm, hint: "c cancel", help: ""),
        KeyBinding(keys: [.pageUp], action: .scrollUp, hint: "", help: "log: scroll a page"),
        KeyBinding(keys: [.pageDown], action: .scrollDown, hint: "", help: ""),
        KeyBinding(keys: [.home], action: .scrollTop, hint: "", help: "log: oldest / newest"),
        KeyBinding(keys: [.end], action: .scrollBottom, hint: "", help: ""),
        KeyBinding(keys: [.char("f")], action: .filterLogSource, hint: "f,/ filter", help: "log: by worker / search"),
        KeyBinding(keys: [.char("/")], action: .searchLog, hint: "", help: ""),
        KeyBinding(keys: [.char("l")], action: .lessonMenu, hint: "l lessons", help: "lesson menu"),
        KeyBinding(keys: [.char("n"), .right], action: .lessonNext, hint: "", help: "lesson: next · pause"),
        KeyBinding(keys: [.char("p")], action: .lessonPause, hint: "", help: ""),
        KeyBinding(keys: [.char("e")], action: .export, hint: "e export", help: "export log (JSON Lines)"),
        KeyBinding(keys: [.char("?"), .function(1)], action: .help, hint: "? help", help: "this help"),
        KeyBinding(keys: [.char("q"), .char("Q")], action: .quit, hint: "q quit", help: "quit (again: force)"),
        KeyBinding(keys: [.char("t")], action: .toggleTimeline, hint: "t timeline", help: "timeline on/off"),
        KeyBinding(keys: [.char("<")], action: .zoomOut, hint: "", help: "timeline: zoom out / in"),
        KeyBinding(keys: [.char(">")], action: .zoomIn, hint: "", help: ""),
        KeyBinding(keys: [.char("z")], action: .freeze, hint: "z freeze", help: "freeze·step·pick worker"),
        KeyBinding(keys: [.char("s")], action: .step, hint: "", help: ""),
        KeyBinding(keys: [.tab], action: .selectWorker, hint: "", help: ""),
    ]

    private static let table: [Key: Action] = {
        var table: [Key: Action] = [:]
        for binding in bindings {
            for key in binding.keys { table[key] = binding.action }
        }
        return table
    }()

    public static func action(for key: Key) -> Action? { table[key] }

    /// The help overlay's lines: keys and what they do, related bindings folded onto one line.
    public static var helpLines: [(keys: String, help: String)] {
        var lines: [(keys: String, help: String)] = []
        for binding in bindings {
            if binding.help.isEmpty, !lines.isEmpty {
                lines[lines.count - 1].keys += " " + keyNames(binding)
            } else {
                lines.append((keyNames(binding), binding.help))
            }
        }
        return lines
    }

    /// How the help overlay names the keys of a binding, e.g. `Up/k`.
    public static func keyNames(_ binding: KeyBinding) -> String {
        binding.keys.map(\.description).joined(separator: "/")
    }
}
