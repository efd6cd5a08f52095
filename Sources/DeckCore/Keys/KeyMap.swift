/// Everything a key can do. The reducer applies actions; the key map says which keys trigger them.
public enum Action: String, Sendable, CaseIterable {
    case selectPrevious, selectNext
    case increment, decrement, randomize, toggleAuto
    case addMonitor, stopNewestMonitor, halveInterval, doubleInterval, toggleStrategy
    case startAlarm, cancelAlarm
    case scrollUp, scrollDown, scrollTop, scrollBottom
    case export, help, quit
    case lessonMenu, lessonNext, lessonPause
}

/// One row of the key map: the keys, the action, and how help and the status bar describe it.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: Action
    /// Short label for the status bar, e.g. `+/- change`.
    public var hint: String
    /// A few words for the help overlay (it shows two columns of these at 80x24).
    public var help: String
}

/// The key binding table: one place that says which key does what (htop's habit, not a switch spread over files).
public enum KeyMap {
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.up, .char("k")], action: .selectPrevious, hint: "↑↓ select", help: "select previous value"),
        KeyBinding(keys: [.down, .char("j")], action: .selectNext, hint: "", help: "select next value"),
        KeyBinding(keys: [.char("+"), .char("=")], action: .increment, hint: "+/- change", help: "add the step"),
        KeyBinding(keys: [.char("-"), .char("_")], action: .decrement, hint: "", help: "subtract the step"),
        KeyBinding(keys: [.char("r")], action: .randomize, hint: "r random", help: "write a random value"),
        KeyBinding(keys: [.char(" ")], action: .toggleAuto, hint: "space auto", help: "auto-mutation on/off"),
        KeyBinding(keys: [.char("m")], action: .addMonitor, hint: "m/M monitor", help: "start one more monitor"),
        KeyBinding(keys: [.char("M")], action: .stopNewestMonitor, hint: "", help: "stop newest (cleanup runs)"),
        KeyBinding(keys: [.char("[")], action: .halveInterval, hint: "[/] interval", help: "halve poll interval"),
        KeyBinding(keys: [.char("]")], action: .doubleInterval, hint: "", help: "double poll interval"),
        KeyBinding(keys: [.char("w")], action: .toggleStrategy, hint: "w wake", help: "polling / wake-on-change"),
        KeyBinding(keys: [.char("a")], action: .startAlarm, hint: "a alarm", help: "start or restart alarm"),
        KeyBinding(keys: [.char("c")], action: .cancelAlarm, hint: "c cancel", help: "cancel alarm (Task)"),
        KeyBinding(keys: [.pageUp], action: .scrollUp, hint: "", help: "log: page up"),
        KeyBinding(keys: [.pageDown], action: .scrollDown, hint: "", help: "log: page down"),
        KeyBinding(keys: [.home], action: .scrollTop, hint: "", help: "log: oldest event"),
        KeyBinding(keys: [.end], action: .scrollBottom, hint: "", help: "log: follow newest"),
        KeyBinding(keys: [.char("l")], action: .lessonMenu, hint: "l lessons", help: "lesson menu"),
        KeyBinding(keys: [.char("n"), .right], action: .lessonNext, hint: "", help: "lesson: next step"),
        KeyBinding(keys: [.char("p")], action: .lessonPause, hint: "", help: "lesson: pause/resume"),
        KeyBinding(keys: [.char("e")], action: .export, hint: "e export", help: "export log (JSON Lines)"),
        KeyBinding(keys: [.char("?"), .function(1)], action: .help, hint: "? help", help: "this help"),
        KeyBinding(keys: [.char("q"), .char("Q")], action: .quit, hint: "q quit", help: "quit (again: force)"),
    ]

    private static let table: [Key: Action] = {
        var table: [Key: Action] = [:]
        for binding in bindings {
            for key in binding.keys { table[key] = binding.action }
        }
        return table
    }()

    public static func action(for key: Key) -> Action? { table[key] }

    /// How the help overlay names the keys of a binding, e.g. `Up/k`.
    public static func keyNames(_ binding: KeyBinding) -> String {
        binding.keys.map(\.description).joined(separator: "/")
    }
}
