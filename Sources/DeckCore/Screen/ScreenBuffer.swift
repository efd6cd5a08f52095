/// One character cell: a Unicode scalar that takes one column, and its style.
public struct Cell: Equatable, Sendable {
    public var scalar: Unicode.Scalar
    public var style: Style

    public init(_ scalar: Unicode.Scalar = " ", _ style: Style = .normal) {
        self.scalar = scalar
        self.style = style
    }

    public static let blank = Cell()
}

/// A grid of cells that panels draw into. The terminal back end copies it to ncurses, which sends only
/// what changed; tests read it back as text.
public struct ScreenBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    public var glyphs: Glyphs

    public init(width: Int, height: Int, glyphs: Glyphs = .unicode) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.glyphs = glyphs
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public mutating func clear() {
        for i in cells.indices { cells[i] = .blank }
    }

    /// Whether row `y` holds the same cells here as in `other` (a buffer of the same size): the terminal
    /// skips such rows without looking at their cells one by one.
    public func rowEquals(_ other: ScreenBuffer, y: Int) -> Bool {
        let row = (y * width)..<((y + 1) * width)
        return other.width == width && other.height == height && cells[row] == other.cells[row]
    }

    /// Blanks one area, as `clear` blanks the whole buffer (a panel about to be drawn again).
    public mutating func clear(_ rect: Rect) {
        let clipped = clip(rect)
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { cells[y * width + x] = .blank }
        }
    }

    public mutating func fill(_ rect: Rect, _ scalar: Unicode.Scalar = " ", _ style: Style = .normal) {
        let clipped = clip(rect)
        guard !clipped.isEmpty else { return }
        let cell = Cell(scalar, style)
        for y in clipped.y..<clipped.maxY {
            let row = y * width
            for x in clipped.x..<clipped.maxX { cells[row + x] = cell }
        }
    }

    /// Writes `text` from (x, y), at most `maxWidth` columns and never past the right edge.
    /// Control and double-width characters become `?` so one scalar is always one column.
    /// Returns the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int = .max) -> Int {
        guard y >= 0 && y < height && x < width else { return 0 }
        let ascii = glyphs.isASCII
        let limit = min(width, x + min(max(0, maxWidth), width))  // the default .max must not overflow
        var column = x
        for scalar in text.unicodeScalars {
            if column >= limit { break }
            guard var shown = ScreenBuffer.displayable(scalar) else { continue }
            if shown.value >= 0x80 && ascii { shown = ScreenBuffer.asciiStandIn(shown) }
            if column >= 0 { cells[y * width + column] = Cell(shown, style) }
            column += 1
        }
        return max(0, column - x)
    }

    /// Writes `text` clipped to `maxWidth`, ending with an ellipsis when it had to be cut.
    @discardableResult
    public mutating func putTruncated(_ text: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int) -> Int {
        guard maxWidth > 0 else { return 0 }
        if text.unicodeScalars.count <= maxWidth { return put(text, x: x, y: y, style: style, maxWidth: maxWidth) }
        let written = put(text, x: x, y: y, style: style, maxWidth: maxWidth - 1)
        return written + put(String(Character(glyphs.ellipsis)), x: x + written, y: y, style: style, maxWidth: 1)
    }

    /// Draws a border around `rect` with a title in its top edge.
    public mutating func box(_ rect: Rect, title: String, style: Style = Style(.border), titleStyle: Style = Style(.title, bold: true)) {
        guard rect.width >= 2 && rect.height >= 2 else { return }
        let g = glyphs
        fill(Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1), g.horizontal, style)
        fill(Rect(x: rect.x + 1, y: rect.maxY - 1, width: rect.width - 2, height: 1), g.horizontal, style)
        fill(Rect(x: rect.x, y: rect.y + 1, width: 1, height: rect.height - 2), g.vertical, style)
        fill(Rect(x: rect.maxX - 1, y: rect.y + 1, width: 1, height: rect.height - 2), g.vertical, style)
        set(rect.x, rect.y, g.topLeft, style)
        set(rect.maxX - 1, rect.y, g.topRight, style)
        set(rect.x, rect.maxY - 1, g.bottomLeft, style)
        set(rect.maxX - 1, rect.maxY - 1, g.bottomRight, style)
        if !title.isEmpty && rect.width > 4 {
            putTruncated(" \(title) ", x: rect.x + 1, y: rect.y, style: titleStyle, maxWidth: rect.width - 2)
        }
    }

    /// The buffer as text, one string per row, trailing spaces removed (for snapshots and tests).
    public var lines: [String] {
        (0..<height).map { y in
            var line = String.UnicodeScalarView()
            for x in 0..<width { line.append(cells[y * width + x].scalar) }
            var text = String(line)
            while text.last == " " { text.removeLast() }
            return text
        }
    }

    public var text: String { lines.joined(separator: "\n") }

    /// True if some row contains `needle`.
    public func contains(_ needle: String) -> Bool { lines.contains { $0.contains(needle) } }

    private mutating func set(_ x: Int, _ y: Int, _ scalar: Unicode.Scalar, _ style: Style) {
        guard x >= 0 && x < width && y >= 0 && y < height else { return }
        cells[y * width + x] = Cell(scalar, style)
    }

    private func clip(_ rect: Rect) -> Rect {
        let x0 = max(0, rect.x), y0 = max(0, rect.y)
        let x1 = min(width, rect.maxX), y1 = min(height, rect.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// The scalar to show for `scalar`, or nil to skip it (combining marks).
    static func displayable(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return "?" }
        if v < 0x300 { return scalar }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return nil
        default: break
        }
        if isWide(v) { return "?" }
        return scalar
    }

    /// What an ASCII-only terminal (LANG=C, TERM=dumb, --ascii) shows for a character it cannot draw: one
    /// column for one, so layouts stay as wide. Every non-ASCII character in daemondeck's own texts has one
    /// (`AsciiStandInTests` reads the sources); `?` is left for what others write (a log line, a lesson).
    static func asciiStandIn(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar {
        case "·": "-"
        case "•", "●": "o"
        case "↑", "▲": "^"
        case "↓", "▼": "v"
        case "→", "▸", "▶", "»": ">"
        case "←", "«": "<"
        case "–", "—", "─", "━", "╌": "-"
        case "│", "┃": "|"
        case "┌", "┐", "└", "┘", "┼", "├", "┤", "┬", "┴": "+"
        case "…": "~"
        case "█", "▓", "■", "◆": "#"
        case "░", "▒": "."
        case "✕", "×", "✗": "x"
        case "✓": "+"
        case "↔": "/"
        case "⏸", "‖": "="
        case "“", "”", "„": "\""
        case "‘", "’": "'"
        case "µ": "u"
        default: "?"
        }
    }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }
}
