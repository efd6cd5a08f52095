import CNcursesw
import DeckCore
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Why the dashboard could not open the terminal.
public enum TerminalError: Error, CustomStringConvertible {
    case notATerminal
    case cannotOpen(term: String)

    public var description: String {
        switch self {
        case .notATerminal: "standard input or output is not a terminal"
        case .cannotOpen(let term): "cannot open the terminal (TERM=\(term)); try TERM=xterm-256color, or --plain"
        }
    }
}

/// The one place that calls curses: start and restore the terminal, read keys, map style roles to
/// colour pairs, and copy a `ScreenBuffer` to the screen sending only the cells that changed.
/// Only the UI thread may use it.
public final class Terminal {
    public let glyphs: Glyphs
    public let usesColor: Bool
    private var screen: OpaquePointer?
    private var window: UnsafeMutablePointer<WINDOW>?
    private var shown: ScreenBuffer?
    private var isOpen = false
    private var attributes: [Style: (attr: attr_t, pair: Int16)] = [:]

    /// The stream curses writes the screen to (and sets the terminal's modes through): standard output.
    /// Standard input may be another file opened on the same terminal (`daemondeck < /dev/tty` opens it
    /// read-only), so whatever puts the terminal back writes here, never to standard input.
    static var outputStream: UnsafeMutablePointer<FILE> { deck_stdout() }
    public static var outputDescriptor: Int32 { fileno(outputStream) }

    /// Opens the terminal. Call `SignalTrap.install` first so ncurses leaves SIGINT/SIGTERM alone.
    public init(color: Bool, ascii: Bool, theme: Theme = .dark) throws {
        guard isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        // Only the character set (what ncurses needs for wide characters): numbers keep the "C" locale's
        // decimal point, which the C library's formatting (DecimalText) relies on.
        setlocale(LC_CTYPE, "")
        let term = Environment.value("TERM") ?? ""
        let utf8 = String(cString: nl_langinfo(nl_item(CODESET))).uppercased().replacing("-", with: "") == "UTF8"
        let dumb = term.isEmpty || term == "dumb"
        glyphs = (ascii || !utf8 || dumb) ? .ascii : .unicode
        guard !term.isEmpty, let screen = newterm(nil, Self.outputStream, deck_stdin()) else {
            throw TerminalError.cannotOpen(term: term.isEmpty ? "(unset)" : term)
        }
        self.screen = screen
        set_term(screen)
        window = deck_stdscr()
        isOpen = true
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        // Home and End come as different sequences from different terminals (tmux and screen send
        // ESC [1~ and ESC [4~, some xterms ESC [H and ESC [F) whatever TERM says: accept them all.
        for (sequence, key) in [("\u{1B}[1~", KEY_HOME), ("\u{1B}[4~", KEY_END), ("\u{1B}[H", KEY_HOME), ("\u{1B}[F", KEY_END),
                                ("\u{1B}[7~", KEY_HOME), ("\u{1B}[8~", KEY_END)] {
            _ = define_key(sequence, key)
        }
        nodelay(window, true)
        typeahead(-1)  // the UI loop reads keys itself; without this every frame polls stdin and flushes piecemeal
        deck_set_escdelay(25)
        curs_set(0)
        usesColor = color && !dumb && has_colors()
        if usesColor {
            start_color()
            use_default_colors()
        }
        mousemask(deck_mouse_mask(), nil)
        mouseinterval(0)
        attributes = Self.styleTable(color: usesColor, theme: theme)
        // Until the screen has once been left (endwin) and resumed, ncurses treats every cursor move as
        // a low-level terminfo call and writes out what it has after each one: a frame that changes
        // five places costs five write(2)s. Leaving and resuming once, before anything is drawn, makes
        // every frame one write. curs_initscr(3): a refresh after endwin resumes the screen.
        endwin()
        doupdate()
    }

    deinit { restore() }

    /// Puts the terminal back as it was. Safe to call more than once.
    public func restore() {
        guard isOpen else { return }
        isOpen = false
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        fflush(deck_stdout())
    }

    public var size: (width: Int, height: Int) {
        guard let window else { return (0, 0) }
        return (Int(deck_max_x(window)), Int(deck_max_y(window)))
    }

    /// The next key, or nil if none is waiting. Resizes come back as `.resize`.
    public func readKey() -> TerminalInput? {
        guard let window else { return nil }
        var code: UInt32 = 0
        let rc = deck_get_wch(window, &code)
        if rc == ERR { return nil }
        if rc == deck_code_yes() {
            let key = Int32(code)
            if key == deck_key_resize() {
                shown = nil  // the old picture is gone; draw everything again
                return .resize(size.width, size.height)
            }
            if key == deck_key_mouse() { return readMouse().map { .key(.mouse($0)) } ?? .ignored }
            return .key(KeyDecoder.functionKey(key))
        }
        return .key(KeyDecoder.character(code))
    }

    private func readMouse() -> MouseEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let button: MouseEvent.Button
        if deck_mouse_is_wheel_up(event.bstate) != 0 {
            button = .wheelUp
        } else if deck_mouse_is_wheel_down(event.bstate) != 0 {
            button = .wheelDown
        } else if deck_mouse_is_click(event.bstate) != 0 {
            button = .click
        } else {
            return nil
        }
        return MouseEvent(button: button, x: Int(event.x), y: Int(event.y))
    }

    /// Copies the buffer to the screen: only cells that differ from the last frame are written.
    public func draw(_ buffer: ScreenBuffer) {
        guard let window else { return }
        let (width, height) = size
        guard buffer.width == width && buffer.height == height else { return }
        let previous = shown.flatMap { $0.width == width && $0.height == height ? $0 : nil }
        if previous == nil { werase(window) }
        var run: [wchar_t] = []
        run.reserveCapacity(width + 1)
        for y in 0..<height {
            if let previous, buffer.rowEquals(previous, y: y) { continue }  // most rows of most frames
            var x = 0
            while x < width {
                let cell = buffer[x, y]
                if let previous, previous[x, y] == cell { x += 1; continue }
                // Extend a run of changed cells with the same style.
                let start = x
                let style = cell.style
                run.removeAll(keepingCapacity: true)
                while x < width {
                    let next = buffer[x, y]
                    if next.style != style { break }
                    if let previous, previous[x, y] == next { break }
                    if y == height - 1 && x == width - 1 { break }  // the very last cell is written separately
                    run.append(wchar_t(bitPattern: next.scalar.value))
                    x += 1
                }
                let look = attributes[style] ?? (deck_attr_normal(), 0)
                if !run.isEmpty {
                    run.append(0)
                    _ = deck_put_run(window, Int32(y), Int32(start), run, Int32(run.count - 1), look.attr, look.pair)
                } else {
                    var last: [wchar_t] = [wchar_t(bitPattern: cell.scalar.value), 0]
                    _ = deck_put_last_cell(window, Int32(y), Int32(x), &last, look.attr, look.pair)
                    x += 1
                }
            }
        }
        wnoutrefresh(window)
        doupdate()
        shown = buffer
    }

    /// Colours by role, in one place (the theme says which); without colour, roles map to bold, dim and
    /// reverse only.
    private static func styleTable(color: Bool, theme: Theme) -> [Style: (attr: attr_t, pair: Int16)] {
        var table: [Style: (attr: attr_t, pair: Int16)] = [:]
        for (index, role) in StyleRole.allCases.enumerated() {
            let pair = Int16(index + 1)
            if color {
                let colours = theme.colours(role)
                init_pair(pair, colours.fg.rawValue, colours.bg.rawValue)
            }
            for bold in [false, true] {
                for reverse in [false, true] {
                    var attr = deck_attr_normal()
                    if bold || (color && theme.boldEverything) { attr |= deck_attr_bold() }
                    if reverse { attr |= deck_attr_reverse() }
                    if role == .dim && !(color && theme.boldEverything) { attr |= deck_attr_dim() }
                    if !color {
                        // Monochrome: keep what colour would have shown with emphasis alone.
                        switch role {
                        case .selection, .statusBar, .frozen, .searchMatch: attr |= deck_attr_reverse()
                        case .title, .warning, .alarm, .header: attr |= deck_attr_bold()
                        default: break
                        }
                    }
                    table[Style(role, bold: bold, reverse: reverse)] = (attr, color ? pair : 0)
                }
            }
        }
        return table
    }
}

/// What the terminal delivered: a key, a new size, or something to ignore.
public enum TerminalInput: Equatable {
    case key(Key)
    case resize(Int, Int)
    case ignored
}
