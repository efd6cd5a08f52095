/// A lesson's `run-python` program, watched as `daemondeck watch` watches one: each of its threads is a row
/// under the lesson's own workers (named by the Python hook, with its daemon flag and why it waits) and a
/// lane on the timeline (`recordWatchedThreads`), until the program ends.
extension Reducer {
    static func reducePythonStep(_ state: inout AppState, _ id: WorkerID, _ event: WatchEvent, at: Timestamp) {
        if case .programStarted(let pid, _) = event {
            // The newest step owns the view; an older one still ending (a stop takes up to its grace period)
            // keeps its log lines but no longer touches the rows.
            var view = WatchView(name: state.workerName(id))
            view.pid = pid
            view.startedAt = at
            state.pythonStep = view
            state.pythonStepOwner = id
            return
        }
        let owns = state.pythonStepOwner == id
        switch event {
        case .programStarted:
            break
        case _ where !owns:
            // A hook report is still the program's own line; nothing else of a stopped step is shown.
            if case .python(let report) = event {
                log(&state, at, state.workerName(id), report.logText, { if case .abandons = report { return .warning }; return .normal }())
            }
        case .threadStarted:
            state.pythonStep?.threadsSeen += 1
        case .threadsSampled(let rows):
            state.pythonStep?.threads = rows
        case .threadEnded(let tid, _, _, _, _):
            state.pythonStep?.threads.removeAll { $0.reading.tid == tid }
        case .python(let report):
            if var view = state.pythonStep {
                reducePython(&view, report, at: at)
                state.pythonStep = view
            }
            // The program's own lines come first in what a lesson counts: the hook's reports say nothing a
            // lesson's `expect` or `reveal` looks for (they are worded as daemondeck's, not the program's).
            log(&state, at, state.workerName(id), report.logText, { if case .abandons = report { return .warning }; return .normal }())
        case .programEnded:
            // Its rows go with it; its lanes are marked ended by the timeline.
            state.pythonStep = nil
            state.pythonStepOwner = nil
        case .threadRenamed, .output, .outputContinued, .attached, .signalled, .leftBehind, .unreadable:
            break
        }
    }
}

/// The Workers panel's rows for a lesson's Python threads.
public enum PythonStepRows {
    /// What the Workers panel draws below the workers while a Python step runs: a line naming the program,
    /// then one row per thread (main first, as /proc lists them); none otherwise.
    static func lines(_ state: AppState) -> [(columns: [String]?, tail: String, style: Style)] {
        guard let view = state.pythonStep else { return [] }
        let count = view.threads.count
        var lines: [(columns: [String]?, tail: String, style: Style)] = [
            (nil, "\(view.name) pid \(view.pid.map(String.init) ?? "?"): \(count) thread\(count == 1 ? "" : "s") (from /proc; names and flags from its hook)",
             Style(.header)),
        ]
        for row in view.threads {
            let cells = cells(row, view)
            lines.append((cells.columns, cells.tail, row.reading.state == .running ? Style(.normal, bold: true) : Style(.normal)))
        }
        return lines
    }

    /// One row's cells, in the Workers panel's first four columns (name, kind, model, state), then the rest
    /// as one text: why it waits (from the kernel), its CPU share, its thread id.
    public static func cells(_ row: WatchedThreadRow, _ view: WatchView) -> (columns: [String], tail: String) {
        let reading = row.reading
        let facts = view.pythonThreads[reading.tid]
        let isMain = view.pid == reading.tid
        // Without the hook (an old python3) a thread is known by its kernel name only, and its flag is unknown.
        let name = facts?.name ?? (isMain ? "MainThread" : reading.name)
        let kind = facts.map { $0.daemon ? "daemon" : "non-daemon" } ?? (isMain ? "non-daemon" : "-")
        let waits = reading.wait.map { "waits: \($0.kind) \($0.call)" } ?? (reading.state == .running ? "on a CPU" : "-")
        let tail = "\(waits) · cpu \(DecimalText.fixed(row.cpuPercent, 0))% · tid \(reading.tid)"
        return ([name, kind, "Thread", reading.state.rawValue], tail)
    }
}
