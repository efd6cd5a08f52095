/// The Workers panel while `daemondeck watch` runs: one row per thread of the watched program, as the
/// kernel reports it (/proc/PID/task): its id and name, state, why it waits, CPU time and share of a
/// core, and its voluntary (it blocked) and involuntary (it was preempted) context switches.
public enum WatchedThreadsPanel {
    static let columns: [(title: String, width: Int, right: Bool)] = [
        ("tid", 7, true), ("name", 13, false), ("state", 9, false), ("waits for", 16, false),
        ("cpu s", 7, true), ("cpu%", 6, true), ("vol", 6, true), ("invol", 6, true),
    ]

    public static func render(_ state: AppState, _ watch: WatchView, in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.box(area, title: title(state, watch))
        let inner = area.inner
        guard inner.height > 0 else { return }
        let columns = Self.columns(for: watch, width: inner.width)
        let shown = Self.shown(watch, width: inner.width)
        var header = TableRowWriter(x: inner.x, y: inner.y, maxWidth: inner.width, style: Style(.header))
        header.space(into: &buffer)
        for c in columns {
            header.field(c.title, width: c.width, alignRight: c.right, into: &buffer)
            header.space(into: &buffer)
        }
        let rows = watch.threads
        if rows.isEmpty && watch.pythonTasks.isEmpty, inner.height > 1 {
            let text = watch.ending.map { " \(watch.name) \($0.text): no threads left" } ?? " waiting for the first sample of /proc…"
            buffer.put(text, x: inner.x, y: inner.y + 1, style: Style(.dim), maxWidth: inner.width)
            return
        }
        let room = inner.height - 1
        let lines: [(cells: [String], style: Style)] = rows.map { (cells($0, watch), style($0)) }
            + watch.pythonTasks.map { (taskCells($0, state), Style(.normal)) }
        for (index, row) in lines.enumerated() {
            let y = inner.y + 1 + index
            guard y < inner.maxY else { break }
            if index == room - 1 && lines.count > room {
                buffer.put(" +\(lines.count - index) more threads and tasks (a taller terminal shows them)", x: inner.x, y: y,
                           style: Style(.dim), maxWidth: inner.width)
                break
            }
            var line = TableRowWriter(x: inner.x, y: y, maxWidth: inner.width, style: row.style)
            line.space(into: &buffer)
            for (c, value) in zip(columns, shown.map { row.cells[$0] }) {
                line.field(value, width: c.width, alignRight: c.right, into: &buffer)
                line.space(into: &buffer)
            }
        }
    }

    /// `Workers · python3 pid 4242 · 3 threads: 1 running, 2 sleeping · z: SIGSTOP/SIGCONT to its group`
    static func title(_ state: AppState, _ watch: WatchView) -> String {
        // Attached, the name already is `pid N`.
        var parts = ["Workers · \(watch.name)" + (watch.attached ? "" : watch.pid.map { " pid \($0)" } ?? "")]
        if let ending = watch.ending {
            parts.append(ending.text)
        } else {
            // The grace period comes first, so the countdown survives the narrowest screen (80 columns).
            if let killAt = watch.killAt {
                let left = max(0, state.now.milliseconds(until: killAt))
                parts.append("SIGKILL in \(DecimalText.fixed(Double(left) / 1000, 1)) s (SIGTERM sent)")
            }
            var counts: [(String, Int)] = []
            for row in watch.threads {
                let label = row.reading.state.rawValue
                if let i = counts.firstIndex(where: { $0.0 == label }) { counts[i].1 += 1 } else { counts.append((label, 1)) }
            }
            let n = watch.threads.count
            parts.append("\(n) thread\(n == 1 ? "" : "s")" + (counts.isEmpty ? "" : ": " + counts.map { "\($0.1) \($0.0)" }.joined(separator: ", ")))
            if watch.attached {
                parts.append("read-only")
            } else if watch.killAt == nil {
                parts.append(state.freeze.isFrozen ? "FROZEN: SIGSTOP sent, z sends SIGCONT" : "z: SIGSTOP to its group")
            }
        }
        return parts.joined(separator: " · ")
    }

    /// With the Python hook's facts, `kind` (daemon, non-daemon) and `model` (Thread, Task) come after
    /// `cpu%`, as the Workers panel shows them for Swift; where the width is short, they take the place of
    /// the context-switch columns.
    static let pythonColumns: [(title: String, width: Int, right: Bool)] = [("kind", 10, false), ("model", 6, false)]

    static func showsPython(_ watch: WatchView) -> Bool { !watch.pythonThreads.isEmpty || !watch.pythonTasks.isEmpty }

    static func columns(for watch: WatchView, width: Int) -> [(title: String, width: Int, right: Bool)] {
        let all = allColumns(watch)
        return shown(watch, width: width).map { all[$0] }
    }

    /// Every column in the order of `cells`: with the hook's facts, kind and model after `cpu%`.
    static func allColumns(_ watch: WatchView) -> [(title: String, width: Int, right: Bool)] {
        showsPython(watch) ? Array(columns.prefix(6)) + pythonColumns + Array(columns.suffix(2)) : columns
    }

    /// Which of `allColumns` fit: all of them, else (at 80 columns) without the context switches and the
    /// CPU seconds (the CPU share stays).
    static func shown(_ watch: WatchView, width: Int) -> [Int] {
        let all = allColumns(watch)
        guard showsPython(watch), all.reduce(1, { $0 + $1.width + 1 }) > width else { return Array(all.indices) }
        return [0, 1, 2, 3, 5, 6, 7]
    }

    static func cells(_ row: WatchedThreadRow, _ watch: WatchView = WatchView(name: "")) -> [String] {
        let r = row.reading
        let base = [
            "\(r.tid)", VisibleText.caret(r.name), r.state.rawValue, r.wait.map { "\($0.kind) \($0.call)" } ?? "-",
            DecimalText.fixed(Double(r.cpuNanos) / 1e9, 2), DecimalText.fixed(row.cpuPercent, 0),
        ]
        let switches = [r.voluntarySwitches.map { "\($0)" } ?? "-", r.involuntarySwitches.map { "\($0)" } ?? "-"]
        guard showsPython(watch) else { return base + switches }
        var named = base
        let facts = watch.pythonThreads[r.tid]
        if let facts { named[1] = VisibleText.caret(facts.name) }  // Thread.name whole, not cut to the kernel's 15 bytes
        let isMain = watch.pid == r.tid
        let kind = facts.map { $0.daemon ? "daemon" : "non-daemon" } ?? (isMain ? "non-daemon" : "-")
        let model = facts != nil || isMain ? "Thread" : "-"
        return named + [kind, model] + switches
    }

    /// An asyncio task not yet done: it runs on the loop's thread, so it has no tid or state of its own.
    static func taskCells(_ task: PythonTaskRow, _ state: AppState) -> [String] {
        let age = Double(task.since.milliseconds(until: state.now)) / 1000
        return ["-", VisibleText.caret(task.coroutine) + "()", "pending", "since \(DecimalText.fixed(age, 1)) s", "-", "-", "-", "Task", "-", "-"]
    }

    static func style(_ row: WatchedThreadRow) -> Style {
        switch row.reading.state {
        case .running: Style(.normal, bold: true)
        case .stopped: Style(.frozen)
        case .zombie, .other: Style(.dim)
        case .diskWait: Style(.notice)
        case .sleeping: Style(.normal)
        }
    }
}
