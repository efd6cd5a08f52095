/// What became of each worker, printed to standard output after the terminal is restored.
public enum QuitSummary {
    /// `dashboard`: the run had a dashboard, where `e` exports; plain mode has only `--log FILE`.
    public static func render(_ state: AppState, runSeconds: Double? = nil, dashboard: Bool = true) -> String {
        var lines: [String] = []
        var head = "daemondeck: \(state.log.totalAppended) events logged"
        if state.droppedEvents > 0 { head += ", \(state.droppedEvents) dropped" }
        if state.inboxPostsWaited > 0 { head += ", \(state.inboxPostsWaited) posts waited" }
        if let runSeconds { head += ", ran \(DecimalText.fixed(runSeconds, 1)) s" }
        if case .exiting(let code, let forced) = state.quit, forced { head += " (forced quit, status \(code))" }
        lines.append(head)
        lines.append("workers:")
        // Names whole, in a column as wide as the longest (Job-Dispatch).
        let names = nameWidth(state.workers.lazy.map(\.name), minimum: 11, maximum: .max)
        for row in state.workers {
            lines.append("  " + column(row.name, names) + " " + column(row.kind.rawValue, 10) + " "
                         + column(row.model.rawValue, 8) + " " + fateText(row, watch: state.watch))
        }
        if let watch = state.watch { lines.append(watch.summaryLine) }
        if let path = state.exportedPath {
            lines.append("log exported to \(path)")
        } else {
            lines.append(dashboard ? "log not exported (press e in the dashboard, or pass --log FILE)"
                                   : "log not exported (to write it, run again with --log FILE)")
        }
        if let path = state.timeline.exportedTracePath { lines.append("trace exported to \(path)") }
        return lines.joined(separator: "\n")
    }

    static func fateText(_ row: WorkerRow, watch: WatchView? = nil) -> String {
        let fate = row.fate ?? .abandoned
        // A watched program is not daemondeck's: what it cleaned up before its signal is unknown (Python
        // runs its atexit functions, then dies of SIGINT), so only what happened is said.
        if fate == .killed, row.role == .child, let watch {
            if let ending = watch.ending, case .signalled = ending { return ending.text }
            return "killed by a signal"
        }
        switch (fate, row.role) {
        case (.finished, .alarm): return "finished (ALARM! after \(row.iterations) ticks)"
        case (.abandoned, .monitor): return "abandoned, cleanup never ran (\(row.polls) polls)"
        case (.abandoned, _): return WorkerFate.abandoned.rawValue
        default: return fate.rawValue
        }
    }
}
