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
        var header = TableRowWriter(x: inner.x, y: inner.y, maxWidth: inner.width, style: Style(.header))
        header.space(into: &buffer)
        for c in columns {
            header.field(c.title, width: c.width, alignRight: c.right, into: &buffer)
            header.space(into: &buffer)
        }
        let rows = watch.threads
        if rows.isEmpty, inner.height > 1 {
            let text = watch.ending.map { " \(watch.name) \($0.text): no threads left" } ?? " waiting for the first sample of /proc…"
            buffer.put(text, x: inner.x, y: inner.y + 1, style: Style(.dim), maxWidth: inner.width)
            return
        }
        let room = inner.height - 1
        for (index, row) in rows.enumerated() {
            let y = inner.y + 1 + index
            guard y < inner.maxY else { break }
            if index == room - 1 && rows.count > room {
                buffer.put(" +\(rows.count - index) more threads (a taller terminal shows them)", x: inner.x, y: y,
                           style: Style(.dim), maxWidth: inner.width)
                break
            }
            var line = TableRowWriter(x: inner.x, y: y, maxWidth: inner.width, style: style(row))
            line.space(into: &buffer)
            for (c, value) in zip(columns, cells(row)) {
                line.field(value, width: c.width, alignRight: c.right, into: &buffer)
                line.space(into: &buffer)
            }
        }
    }

    /// `Workers · python3 pid 4242 · 3 threads: 1 running, 2 sleeping · z: SIGSTOP/SIGCONT to its group`
    static func title(_ state: AppState, _ watch: WatchView) -> String {
        var parts = ["Workers · \(watch.name)" + (watch.pid.map { " pid \($0)" } ?? "")]
        if let ending = watch.ending {
            parts.append(ending.text)
        } else {
            var counts: [(String, Int)] = []
            for row in watch.threads {
                let label = row.reading.state.rawValue
                if let i = counts.firstIndex(where: { $0.0 == label }) { counts[i].1 += 1 } else { counts.append((label, 1)) }
            }
            let n = watch.threads.count
            parts.append("\(n) thread\(n == 1 ? "" : "s")" + (counts.isEmpty ? "" : ": " + counts.map { "\($0.1) \($0.0)" }.joined(separator: ", ")))
            if let killAt = watch.killAt {
                let left = max(0, state.now.milliseconds(until: killAt))
                parts.append("SIGTERM sent, SIGKILL in \(DecimalText.fixed(Double(left) / 1000, 1)) s")
            } else if !watch.attached {
                parts.append(state.freeze.isFrozen ? "FROZEN: SIGSTOP sent, z sends SIGCONT" : "z: SIGSTOP to its group")
            } else {
                parts.append("read-only")
            }
        }
        return parts.joined(separator: " · ")
    }

    static func cells(_ row: WatchedThreadRow) -> [String] {
        let r = row.reading
        return [
            "\(r.tid)", r.name, r.state.rawValue, r.wait.map { "\($0.kind) \($0.call)" } ?? "-",
            DecimalText.fixed(Double(r.cpuNanos) / 1e9, 2), DecimalText.fixed(row.cpuPercent, 0),
            r.voluntarySwitches.map { "\($0)" } ?? "-", r.involuntarySwitches.map { "\($0)" } ?? "-",
        ]
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
