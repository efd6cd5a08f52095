/// Colour themes for the roles: `dark` (the default, for dark terminals), `light` (for light
/// backgrounds and most projectors) and `high-contrast` (for low-vision readers and washed-out
/// projectors). Colours stay named by role; the terminal maps a theme's roles to colour pairs in one
/// place. Without colour (`--no-color`, `NO_COLOR`) no theme applies.
public enum Theme: String, Sendable, CaseIterable, Equatable {
    case dark
    case light
    case highContrast = "high-contrast"

    /// The eight basic terminal colours (curses' COLOR_BLACK … COLOR_WHITE) and the terminal's default (-1).
    public enum Colour: Int16, Sendable {
        case terminalDefault = -1
        case black, red, green, yellow, blue, magenta, cyan, white
    }

    /// Foreground and background for each role.
    public func colours(_ role: StyleRole) -> (fg: Colour, bg: Colour) {
        switch self {
        case .dark:
            switch role {
            case .normal, .value, .dim: (.terminalDefault, .terminalDefault)
            case .border, .title, .key: (.cyan, .terminalDefault)
            case .header, .notice, .warning: (.yellow, .terminalDefault)
            case .label, .good, .progress: (.green, .terminalDefault)
            case .alarm: (.red, .terminalDefault)
            case .selection: (.black, .cyan)
            case .statusBar: (.black, .white)
            case .overlay, .frozen: (.white, .blue)
            case .searchMatch: (.black, .yellow)
            }
        case .light:
            // Dark ink on a light background: no yellow or cyan text, which vanish on white.
            switch role {
            case .normal, .value, .dim: (.terminalDefault, .terminalDefault)
            case .border, .title, .key: (.blue, .terminalDefault)
            case .header, .notice, .warning: (.magenta, .terminalDefault)
            case .label, .good, .progress: (.green, .terminalDefault)
            case .alarm: (.red, .terminalDefault)
            case .selection: (.white, .blue)
            case .statusBar: (.white, .black)
            case .overlay, .frozen: (.black, .cyan)
            case .searchMatch: (.black, .yellow)
            }
        case .highContrast:
            // White and yellow on black only, plus reverse video for what must stand out.
            switch role {
            case .normal, .value, .dim, .border, .label, .good, .progress: (.white, .black)
            case .title, .header, .key, .notice, .warning: (.yellow, .black)
            case .alarm: (.black, .yellow)
            case .selection, .statusBar, .overlay, .frozen: (.black, .white)
            case .searchMatch: (.black, .yellow)
            }
        }
    }

    /// High contrast draws everything bold, and never dims.
    public var boldEverything: Bool { self == .highContrast }
}
