/// One table row written straight into a `ScreenBuffer`, field by field, in one style: what the row's
/// text padded with `column()` and put in one go would show, without building the padded strings. The
/// Workers panel is redrawn every idle frame (its counts move), so its rows take this path.
struct TableRowWriter {
    /// The next column to write.
    private(set) var x: Int
    private let y: Int
    /// The first column past the row's room.
    private let limit: Int
    private let style: Style

    init(x: Int, y: Int, maxWidth: Int, style: Style) {
        self.x = x
        self.y = y
        limit = x + max(0, maxWidth)
        self.style = style
    }

    /// `count` blank cells in the row's style.
    mutating func space(_ count: Int = 1, into buffer: inout ScreenBuffer) {
        let end = min(limit, x + count)
        if end > x { buffer.fill(Rect(x: x, y: y, width: end - x, height: 1), " ", style) }
        x += count
    }

    /// `text` in a field `width` wide: cut to it, or padded on the side away from its alignment.
    /// `textStyle` colours the text alone (the Workers panel's kernel column); the padding keeps the row's style.
    mutating func field(_ text: String, width: Int, alignRight: Bool = false, textStyle: Style? = nil, into buffer: inout ScreenBuffer) {
        let fieldStart = x
        space(width, into: &buffer)
        guard fieldStart < limit else { return }
        let count = text.unicodeScalars.count
        let at = alignRight && count < width ? fieldStart + width - count : fieldStart
        buffer.put(text, x: at, y: y, style: textStyle ?? style, maxWidth: min(fieldStart + width, limit) - at)
    }

    /// `text` as it is, with no field around it (a row's last column).
    mutating func tail(_ text: String, into buffer: inout ScreenBuffer) {
        guard x < limit else { return }
        x += buffer.put(text, x: x, y: y, style: style, maxWidth: limit - x)
    }
}
