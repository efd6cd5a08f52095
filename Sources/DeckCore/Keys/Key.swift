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
public struct MouseEvent: Hashable, Sendable, Codable {
    public enum Button: Hashable, Sendable, Codable { case click, wheelUp, wheelDown }
    public var button: Button
    public var x: Int
    public var y: Int
    /// The shared value's row under a click, filled in by the view that laid the screen out.
    public var valueRow: Int?
    /// Anything else a click landed on (a worker, a log line, a lesson in the menu), as the view drew it.
    public var hit: MouseHit?

    public init(button: Button, x: Int, y: Int, valueRow: Int? = nil, hit: MouseHit? = nil) {
        self.button = button
        self.x = x
        self.y = y
        self.valueRow = valueRow
        self.hit = hit
    }
}

/// What a click landed on, named the way the reducer finds it again: a worker by its id, a log line by its
/// number in the run (`EventLog.totalAppended` counts them), a lesson by its place in the menu.
public enum MouseHit: Hashable, Sendable, Codable {
    case worker(WorkerID)
    case logLine(Int)
    case menuEntry(Int)
}

/// How a recording writes a key: `{"char":"a"}`, `{"named":"Up"}`, `{"function":1}`, `{"mouse":{…}}`
/// or `{"unknown":410}` (docs/recording.md). A `Character` has no Codable form of its own.
extension Key: Codable {
    private enum CodingKeys: String, CodingKey { case char, named, function, mouse, unknown }

    private static let named: [(String, Key)] = [
        ("Up", .up), ("Down", .down), ("Left", .left), ("Right", .right), ("PgUp", .pageUp), ("PgDn", .pageDown),
        ("Home", .home), ("End", .end), ("Tab", .tab), ("Enter", .enter), ("Esc", .escape),
        ("Backspace", .backspace), ("Delete", .delete),
    ]

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .char(let c): try container.encode(String(c), forKey: .char)
        case .function(let n): try container.encode(n, forKey: .function)
        case .mouse(let mouse): try container.encode(mouse, forKey: .mouse)
        case .unknown(let code): try container.encode(code, forKey: .unknown)
        default:
            let name = Self.named.first { $0.1 == self }?.0 ?? description
            try container.encode(name, forKey: .named)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try container.decodeIfPresent(String.self, forKey: .char) {
            guard text.count == 1, let c = text.first else {
                throw DecodingError.dataCorruptedError(forKey: .char, in: container, debugDescription: "a char key is one character, got \"\(text)\"")
            }
            self = .char(c)
        } else if let name = try container.decodeIfPresent(String.self, forKey: .named) {
            guard let key = Self.named.first(where: { $0.0 == name })?.1 else {
                throw DecodingError.dataCorruptedError(forKey: .named, in: container, debugDescription: "no key is named \"\(name)\"")
            }
            self = key
        } else if let n = try container.decodeIfPresent(Int.self, forKey: .function) {
            self = .function(n)
        } else if let mouse = try container.decodeIfPresent(MouseEvent.self, forKey: .mouse) {
            self = .mouse(mouse)
        } else {
            self = .unknown(try container.decode(Int.self, forKey: .unknown))
        }
    }
}
