/// The values the main loop owns: name, current value, version (times written), which one is selected.
public enum SharedStatePanel {
    /// Everything `render` reads from the state: while these are unchanged the panel looks the same.
    struct Inputs: Equatable {
        let values: [ValueRow]
        let selected: Int
        let auto: Bool
        init(_ state: AppState) {
            values = state.values
            selected = state.selectedValue
            auto = state.auto.enabled
        }
    }

    public static func render(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) {
        let auto = state.auto.enabled ? "auto on" : "auto off"
        buffer.box(area, title: "Shared state · \(auto)")
        let inner = area.inner
        guard inner.height > 0 else { return }
        buffer.put("  " + column("name", 8) + column("value", 12, alignRight: true) + "   version",
                   x: inner.x, y: inner.y, style: Style(.header), maxWidth: inner.width)
        for (index, row) in state.values.enumerated() {
            let y = inner.y + 1 + index
            guard y < inner.maxY else { break }
            let selected = index == state.selectedValue
            let pointer = selected ? String(Character(buffer.glyphs.pointer)) + " " : "  "
            let text = pointer + column(row.name, 8) + column(Reducer.format(row.value), 12, alignRight: true)
                + "   v\(row.version)"
            let style = selected ? Style(.selection, bold: true) : Style(.value)
            buffer.put(text, x: inner.x, y: y, style: style, maxWidth: inner.width)
        }
    }
}
