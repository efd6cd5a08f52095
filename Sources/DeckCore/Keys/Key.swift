/// A key press, decoded by the terminal layer (or pressed by a lesson).
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case char(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case tab, enter, escape, backspace, delete
    case function(Int)
    /// A mouse event at a screen position.
    case mouse(MouseEvent)
    /// A key the terminal reported that daemondeck does not use.
    case unknown(Int)

    public var description: String {
        switch self {
        case .char(" "): "space"
        case .char(let c): String(c)
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .tab: "Tab"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .function(let n): "F\(n)"
        case .mouse: "mouse"
        case .unknown(let code): "key \(code)"
        }
    }

    /// Parses a key name as lessons and tests write it: `a`, `+`, `space`, `Up`, `PgDn`, `F1`.
    public init?(name: String) {
        switch name.lowercased() {
        case "space": self = .char(" ")
        case "up": self = .up
        case "down": self = .down
        case "left": self = .left
        case "right": self = .right
        case "pgup", "pageup": self = .pageUp
        case "pgdn", "pagedown": self = .pageDown
        case "home": self = .home
        case "end": self = .end
        case "tab": self = .tab
        case "enter", "return": self = .enter
        case "esc", "escape": self = .escape
        case "backspace": self = .backspace
        default:
            if name.count == 1, let c = name.first {
                self = .char(c)
            } else if name.count >= 2, name.first == "F" || name.first == "f", let n = Int(name.dropFirst()), (1...12).contains(n) {
                self = .function(n)
            } else {
                return nil
            }
        }
    }
}

/// A mouse press: wheel up/down or a click at a cell.
public struct MouseEvent: Hashable, Sendable {
    public enum Button: Hashable, Sendable { case click, wheelUp, wheelDown }
    public var button: Button
    public var x: Int
    public var y: Int
    /// The shared value's row under a click, filled in by the view that laid the screen out.
    public var valueRow: Int?

    public init(button: Button, x: Int, y: Int, valueRow: Int? = nil) {
        self.button = button
        self.x = x
        self.y = y
        self.valueRow = valueRow
    }
}
