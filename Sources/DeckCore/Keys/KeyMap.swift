/// Everything a key can do. The reducer applies actions; the key map says which keys trigger them.
public enum Action: String, Sendable, CaseIterable {
    case selectPrevious, selectNext
    case increment, decrement, randomize, toggleAuto
    case addMonitor, stopNewestMonitor, halveInterval, doubleInterval, toggleStrategy
    case startAlarm, cancelAlarm
    case scrollUp, scrollDown, scrollTop, scrollBottom
    case export, help, quit
}

/// One row of the key map: the keys, the action, and how help and the status bar describe it.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: Action
    /// Short label for the status bar, e.g. `+/- change`.
    public var hint: String
    /// One line for the help overlay.
    public var help: String
}

/// The key binding table: one place that says which key does what (htop's habit, not a switch spread over files).
public enum KeyMap {
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.up, .char("k")], action: .selectPrevious, hint: "↑↓ select", help: "select the previous shared value"),
        KeyBinding(keys: [.down, .char("j")], action: .selectNext, hint: "", help: "select the next shared value"),
        KeyBinding(keys: [.char("+"), .char("=")], action: .increment, hint: "+/- change", help: "add the selected value's step"),
        KeyBinding(keys: [.char("-"), .char("_")], action: .decrement, hint: "", help: "subtract the selected value's step"),
        KeyBinding(keys: [.char("r")], action: .randomize, hint: "r random", help: "write a random value (as the classic main thread does)"),
        KeyBinding(keys: [.char(" ")], action: .toggleAuto, hint: "space auto", help: "auto-mutation: the main loop writes random values at random intervals"),
        KeyBinding(keys: [.char("m")], action: .addMonitor, hint: "m/M monitor", help: "start one more monitor thread"),
        KeyBinding(keys: [.char("M")], action: .stopNewestMonitor, hint: "", help: "stop the newest monitor cooperatively (its cleanup runs)"),
        KeyBinding(keys: [.char("[")], action: .halveInterval, hint: "[/] interval", help: "halve the monitors' poll interval"),
        KeyBinding(keys: [.char("]")], action: .doubleInterval, hint: "", help: "double the monitors' poll interval"),
        KeyBinding(keys: [.char("w")], action: .toggleStrategy, hint: "w wake", help: "switch monitors between polling and wake-on-change"),
        KeyBinding(keys: [.char("a")], action: .startAlarm, hint: "a alarm", help: "start (or restart) the alarm task"),
        KeyBinding(keys: [.char("c")], action: .cancelAlarm, hint: "c cancel", help: "cancel the alarm task (Alarm cancelled)"),
        KeyBinding(keys: [.pageUp], action: .scrollUp, hint: "", help: "scroll the event log up a page"),
        KeyBinding(keys: [.pageDown], action: .scrollDown, hint: "", help: "scroll the event log down a page"),
        KeyBinding(keys: [.home], action: .scrollTop, hint: "", help: "jump to the oldest event"),
        KeyBinding(keys: [.end], action: .scrollBottom, hint: "", help: "follow the newest event"),
        KeyBinding(keys: [.char("e")], action: .export, hint: "e export", help: "export the event log as JSON Lines"),
        KeyBinding(keys: [.char("?"), .function(1)], action: .help, hint: "? help", help: "this help (any key closes it)"),
        KeyBinding(keys: [.char("q"), .char("Q")], action: .quit, hint: "q quit", help: "quit: join non-daemon workers, abandon daemons (again: force)"),
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
