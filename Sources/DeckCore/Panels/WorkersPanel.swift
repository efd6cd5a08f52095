/// One row per background worker: name, kind, model, state and its figures.
public enum WorkersPanel {
    static let columns: [(title: String, width: Int, right: Bool)] = [
        ("name", 11, false), ("kind", 10, false), ("model", 8, false), ("state", 9, false),
        ("polls", 6, true), ("seen", 5, true), ("missed", 6, true), ("interval", 8, true),
    ]

    /// Rows to show: live workers first (oldest first), then the most recently ended ones.
    public static func visibleRows(_ state: AppState) -> [WorkerRow] {
        let alive = state.workers.filter(\.isAlive)
        let ended = state.workers.filter { !$0.isAlive }.suffix(3)
        return alive + ended
    }

    /// The state a row shows: while the world is frozen, a live worker not yet at its checkpoint is
    /// still on its way there ("parking"); one blocked in a wait cannot get there and says "waiting".
    static func shownState(_ row: WorkerRow, _ state: AppState) -> String {
        if state.freeze.isFrozen && row.isAlive && ![.frozen, .stopping, .waiting].contains(row.state) { return "parking" }
        return row.state.label
    }

    /// "3 sleeping, 1 waiting, 1 ticking": the states the live rows show, most common first.
    static func stateCounts(_ state: AppState) -> String {
        var counts: [(String, Int)] = []
        for row in state.workers where row.isAlive {
            let label = shownState(row, state)
            if let index = counts.firstIndex(where: { $0.0 == label }) { counts[index].1 += 1 } else { counts.append((label, 1)) }
        }
        guard !counts.isEmpty else { return "none running" }
        return counts.sorted { $0.1 > $1.1 }.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
    }

    /// The header's width before the optional columns: a space, then each column and a space.
    static let baseHeaderWidth = 1 + columns.reduce(0) { $0 + $1.width + 1 }

    /// Names longer than this are cut (`…`); a click on the row, or a log line's detail, names them whole.
    static let longestName = 16

    /// The columns' widths now: the name column as wide as the longest name shown (Job-Dispatch whole), the
    /// interval column as wide as queue mode's `on message`.
    static func widths(_ rows: [WorkerRow], _ state: AppState) -> [Int] {
        var widths = columns.map(\.width)
        widths[0] = nameWidth(rows.lazy.map(\.name), minimum: columns[0].width, maximum: longestName)
        if state.monitorStrategy == .queue { widths[7] = max(widths[7], "on message".count) }
        return widths
    }

    /// The kernel column: what /proc/self/task/TID says of the worker's thread (`sleep`, `lock`, `I/O`, `run`).
    static let kernelTitle = "kernel", kernelWidth = 6

    /// Whether a panel `innerWidth` wide shows the kernel column: when it fits whole (its trailing space
    /// may fall off the edge), as it does at 80 columns.
    static func showsKernelColumn(innerWidth: Int, headerWidth: Int = baseHeaderWidth) -> Bool {
        innerWidth >= headerWidth + kernelWidth
    }

    /// Whether a panel `innerWidth` wide shows the thread's id and CPU time (wider screens do).
    static func showsThreadColumns(innerWidth: Int, headerWidth: Int = baseHeaderWidth) -> Bool {
        let kernel = showsKernelColumn(innerWidth: innerWidth, headerWidth: headerWidth) ? kernelWidth + 1 : 0
        return innerWidth > headerWidth + kernel + 16 + 10
    }

    /// The header's width on this screen before the optional columns.
    static func headerWidth(_ state: AppState) -> Int {
        1 + widths(visibleRows(state), state).reduce(0) { $0 + $1 + 1 }
    }

    /// Whether the panel on this screen shows the threads' CPU times: only then are they read from /proc.
    public static func showsThreadCPU(_ state: AppState) -> Bool {
        showsThreadColumns(innerWidth: state.screenWidth - 2, headerWidth: headerWidth(state))
    }

    /// Whether the panel on this screen shows the kernel column: only then are the workers' threads' states
    /// read from /proc (`EffectRunner.sampleWorkers`). While watching, the panel shows the watched program.
    public static func showsKernel(_ state: AppState) -> Bool {
        state.watch == nil && showsKernelColumn(innerWidth: state.screenWidth - 2, headerWidth: headerWidth(state))
    }

    /// The kernel column's word and colour for a row, in the words and colours `watch` uses for a watched
    /// thread (its wait reason's kind; the timeline's colour for that state). A Task or Dispatch work item
    /// has no thread of its own (it runs on a pool's threads, one then another): `pool`, not a guess.
    /// Blank for an ended worker, before the first reading, and where there is no /proc.
    static func kernelCell(_ row: WorkerRow) -> (text: String, style: Style?) {
        guard row.isAlive else { return ("", nil) }
        guard let reading = row.kernel else {
            return row.tid == 0 && (row.model == .task || row.model == .dispatch) ? ("pool", Style(.dim)) : ("", nil)
        }
        let word = switch reading.state {
        case .running: "run"
        case .sleeping, .other: reading.wait?.kind ?? "wait"
        case .diskWait: "disk"
        case .stopped: "stop"
        case .zombie: "ended"
        }
        return (word, TimelinePanel.look(TimelineMark(reading), ascii: false).1)  // the colour, not the glyph
    }

    /// Returns the workers drawn, top row first (a click finds its worker there).
    @discardableResult
    public static func render(_ state: AppState, in area: Rect, into buffer: inout ScreenBuffer) -> [WorkerID] {
        if let watch = state.watch {
            WatchedThreadsPanel.render(state, watch, in: area, into: &buffer)
            return []
        }
        let strategy = switch state.monitorStrategy {
        case .polling: "monitors poll every \(state.monitorIntervalMs) ms"
        case .wakeOnChange: "monitors wake on change"
        case .queue: "monitors drain queues"
        }
        let frozen = state.freeze.isFrozen ? "FROZEN · " : ""
        // The monitors' strategy only where there are monitors: a board's threads do not poll.
        let hasMonitors = !state.aliveMonitors.isEmpty
        buffer.box(area, title: "\(frozen)Workers · \(stateCounts(state))" + (hasMonitors ? " · \(strategy)" : ""))
        let inner = area.inner
        guard inner.height > 0 else { return [] }
        // Wider screens also show the thread as the OS sees it (ps -L, top -H) and its CPU time; wider
        // still, what one poll costs a monitor in CPU (the price of 10 Hz vs 100 Hz vs wake-on-change).
        let rows = visibleRows(state)
        let widths = widths(rows, state)
        let headerWidth = 1 + widths.reduce(0) { $0 + $1 + 1 }
        let showKernel = showsKernelColumn(innerWidth: inner.width, headerWidth: headerWidth)
        let showThread = showsThreadColumns(innerWidth: inner.width, headerWidth: headerWidth)
        let threadWidth = headerWidth + (showKernel ? kernelWidth + 1 : 0) + (showThread ? 16 : 0)
        let showPollCost = showThread && inner.width > threadWidth + 8 + 10
        let showFate = inner.width > threadWidth + (showPollCost ? 9 : 0) + 10
        var header = TableRowWriter(x: inner.x, y: inner.y, maxWidth: inner.width, style: Style(.header))
        header.space(into: &buffer)
        for (c, width) in zip(columns, widths) {
            header.field(c.title, width: width, alignRight: c.right, into: &buffer)
            header.space(into: &buffer)
        }
        if showKernel {
            header.field(kernelTitle, width: kernelWidth, into: &buffer)
            header.space(into: &buffer)
        }
        if showThread {
            for title in ["tid", "cpu ms"] {
                header.field(title, width: 7, alignRight: true, into: &buffer)
                header.space(into: &buffer)
            }
        }
        if showPollCost {
            header.field("µs/poll", width: 8, alignRight: true, into: &buffer)
            header.space(into: &buffer)
        }
        if showFate { header.tail("fate", into: &buffer) }

        // A lesson's Python program: a line naming it, then a row per thread, below the workers' rows (which
        // keep at least half the room).
        let python = PythonStepRows.lines(state)
        let workersRoom = max(inner.height - 1 - python.count, min(rows.count, (inner.height - 1) / 2))
        let (shown, above, below) = window(rows, room: workersRoom, state: state)
        var y = inner.y + 1
        if above > 0 || below > 0 {
            // Never a silent loss: the last row says how many rows are not drawn, and where.
            let parts = [above > 0 ? "\(above) above" : nil, below > 0 ? "\(below) below" : nil].compactMap { $0 }
            // It takes the line the window kept for it, the last of the workers' room: with a Python step's
            // rows below, the panel's last line is theirs.
            buffer.put(" +\(above + below) more (a taller terminal shows them): \(parts.joined(separator: ", "))",
                       x: inner.x, y: inner.y + workersRoom, style: Style(.dim), maxWidth: inner.width)
        }
        for row in shown {
            defer { y += 1 }
            var line = TableRowWriter(x: inner.x, y: y, maxWidth: inner.width, style: rowStyle(row, state))
            line.space(into: &buffer)
            for ((c, width), value) in zip(zip(columns, widths), cells(row, state)) {
                line.field(shortened(value, width), width: width, alignRight: c.right, into: &buffer)
                line.space(into: &buffer)
            }
            if showKernel {
                let (word, colour) = kernelCell(row)
                // A selected row keeps its highlight whole.
                let selected = row.id == state.freeze.selectedWorker
                line.field(word, width: kernelWidth, textStyle: selected ? nil : colour, into: &buffer)
                line.space(into: &buffer)
            }
            if showThread {
                line.field(row.tid > 0 ? "\(row.tid)" : "-", width: 7, alignRight: true, into: &buffer)
                line.space(into: &buffer)
                line.field(row.cpuMs.map { "\($0)" } ?? "-", width: 7, alignRight: true, into: &buffer)
                line.space(into: &buffer)
            }
            if showPollCost {
                let cost = row.role == .monitor ? row.microsPerPoll.map { "\($0)" } ?? "-" : "-"
                line.field(cost, width: 8, alignRight: true, into: &buffer)
                line.space(into: &buffer)
            }
            if let fate = row.fate, showFate { line.tail(fate.rawValue, into: &buffer) }
        }
        y = inner.y + 1 + min(workersRoom, rows.count)
        for (index, entry) in python.enumerated() where y < inner.maxY {
            defer { y += 1 }
            if y == inner.maxY - 1 && index < python.count - 1 {
                buffer.clear(Rect(x: inner.x, y: y, width: inner.width, height: 1))
                buffer.put(" +\(python.count - index) more Python threads (a taller terminal shows them)", x: inner.x, y: y,
                           style: Style(.dim), maxWidth: inner.width)
                break
            }
            var line = TableRowWriter(x: inner.x, y: y, maxWidth: inner.width, style: entry.style)
            line.space(into: &buffer)
            if let columns = entry.columns {
                for (width, value) in zip(widths.prefix(4), columns) {
                    line.field(shortened(value, width), width: width, alignRight: false, into: &buffer)
                    line.space(into: &buffer)
                }
            }
            line.tail(entry.tail, into: &buffer)
        }
        return shown.map(\.id)
    }

    /// The rows drawn in `room` lines: all of them if they fit; otherwise a window that holds the selected
    /// worker (while frozen, `Tab` picks it) or else the newest live one (the one `m` just started), with
    /// one line kept to count the rows above and below it.
    static func window(_ rows: [WorkerRow], room: Int, state: AppState) -> (shown: ArraySlice<WorkerRow>, above: Int, below: Int) {
        guard room > 0 else { return (rows[0..<0], 0, rows.count) }
        guard rows.count > room else { return (rows[...], 0, 0) }
        let visible = max(0, room - 1)
        let selected = state.freeze.selectedWorker.flatMap { id in rows.firstIndex { $0.id == id && $0.isAlive } }
        let target = selected ?? rows.lastIndex(where: \.isAlive) ?? 0
        let start = max(0, min(target - visible + 1, rows.count - visible))
        let shownRange = start..<min(rows.count, start + visible)
        return (rows[shownRange], start, rows.count - shownRange.upperBound)
    }

    /// A row's figures, one per entry of `columns`.
    static func cells(_ row: WorkerRow, _ state: AppState) -> [String] {
        let isMonitor = row.role == .monitor
        let interval = isMonitor && state.monitorStrategy == .wakeOnChange ? "on write"
            : isMonitor && state.monitorStrategy == .queue ? "on message"
            : row.intervalMs > 0 ? "\(row.intervalMs) ms" : "-"
        return [
            row.name, row.kind.rawValue, row.model.rawValue, shownState(row, state),
            isMonitor ? "\(row.polls)" : (row.role == .alarm ? "\(row.iterations)t" : "\(row.iterations)"),
            isMonitor ? "\(row.seen)" : "-", isMonitor ? "\(row.missed)" : "-", interval,
        ]
    }

    static func rowStyle(_ row: WorkerRow, _ state: AppState) -> Style {
        row.id == state.freeze.selectedWorker && row.isAlive ? Style(.selection, bold: true)
            : row.state == .frozen ? Style(.frozen)
            : row.fate != nil ? Style(.dim)
            : row.state == .stalled ? Style(.warning, bold: true)
            : row.missed > 0 ? Style(.notice) : Style(.normal)
    }
}
