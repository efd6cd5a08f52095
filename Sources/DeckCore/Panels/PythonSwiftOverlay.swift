/// `?` then `P`: the Python ↔ Swift page (its content is `PythonSwift.entries`). Any key closes it.
public enum PythonSwiftOverlay {
    public static let title = "Python ↔ Swift · any key closes · docs/python-swift.md"

    public static func render(_ state: AppState, in screen: Rect, into buffer: inout ScreenBuffer) {
        let width = min(screen.width - 2, 110)
        let pythonWidth = PythonSwift.entries.map { $0.python.unicodeScalars.count }.max() ?? 20
        let swiftWidth = width - 3 - pythonWidth - 3
        let rows = PythonSwift.entries.map { entry in
            (entry.python, NarrationPanel.wrap(entry.swift, width: swiftWidth))
        }
        let wanted = rows.reduce(0) { $0 + $1.1.count } + 3
        let height = min(screen.height, wanted)
        let area = Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
        buffer.fill(area, " ", Style(.overlay))
        buffer.box(area, title: title, style: Style(.overlay), titleStyle: Style(.title, bold: true))
        let inner = area.inner
        var y = inner.y
        let swiftX = inner.x + 1 + pythonWidth + 3
        buffer.put("Python", x: inner.x + 1, y: y, style: Style(.title, bold: true), maxWidth: pythonWidth)
        buffer.put("Swift", x: swiftX, y: y, style: Style(.title, bold: true), maxWidth: swiftWidth)
        y += 1
        for (python, swift) in rows {
            guard y < inner.maxY else { break }
            buffer.put(python, x: inner.x + 1, y: y, style: Style(.overlay, bold: true), maxWidth: pythonWidth)
            for line in swift where y < inner.maxY {
                buffer.put("│", x: swiftX - 2, y: y, style: Style(.overlay), maxWidth: 1)
                buffer.put(line, x: swiftX, y: y, style: Style(.overlay), maxWidth: swiftWidth)
                y += 1
            }
        }
    }
}
