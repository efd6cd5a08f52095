#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension WatchEvent {
    /// Only samples may be dropped by a full inbox (the next one, a tenth of a second later, says the same).
    /// The program's output lines never are: a reader that finds the inbox full waits, the pipe fills, and
    /// the program's next write waits too, as it would writing to a slow terminal. So `--plain` prints every
    /// line and the summary's count is true. A thread's start or end, a signal and the program's end are
    /// never dropped either.
    public var mayBeDropped: Bool {
        switch self {
        case .threadsSampled: true
        default: false
        }
    }
}

extension Reducer {
    /// How long a signal's quit waits for the workers. A program daemondeck started gets its whole grace
    /// period (SIGTERM, then SIGKILL) and the reap after it, so the quit never cuts that sequence short.
    static func quitGraceMs(_ state: AppState) -> Int {
        guard let watch = state.watch, !watch.attached, watch.ending == nil, let target = state.config.watch else {
            return signalGraceMs
        }
        return max(signalGraceMs, target.graceMs + 1_000)
    }

    /// Whether a second `q` would SIGKILL a program daemondeck started (rather than force the quit).
    static func watchedProgramKillable(_ state: AppState) -> Bool {
        guard let watch = state.watch else { return false }
        return !watch.attached && watch.ending == nil && !watch.killForced
    }

    /// A second `q` while a program daemondeck started is still ending: SIGKILL to its group now, and the
    /// quit goes on waiting for the reap (which SIGKILL makes prompt), so the summary can say it was
    /// killed. Nil when there is nothing to kill, or the kill was already sent: the quit is forced.
    static func forceWatchedProgram(_ state: inout AppState) -> [DeckEffect]? {
        guard watchedProgramKillable(state), var watch = state.watch,
              let row = state.workers.first(where: { $0.role == .child && $0.isAlive }) else { return nil }
        watch.killForced = true
        watch.killAt = nil
        state.watch = watch
        log(&state, state.now, "Main", "q again: SIGKILL to \(watch.name)'s process group now (q once more abandons it)", .warning)
        return [.killWatched(row.id)]
    }

    /// `daemondeck watch`: one worker row for the program instead of the demonstration's workers.
    static func startWatch(_ state: inout AppState, _ target: WatchTarget) -> [DeckEffect] {
        let name = VisibleText.caret(target.displayName)
        let id = newWorker(&state, name: name, kind: .nonDaemon, model: .process, role: .child, intervalMs: target.sampleEveryMs)
        var view = WatchView(name: name)
        if case .attach(let pid) = target.source {
            view.pid = pid
            view.attached = true
        }
        state.watch = view
        state.config.monitors = 0
        return [.startWatch(id: id, target: target)]
    }

    static func reduceWatch(_ state: inout AppState, _ event: WatchEvent, at: Timestamp) -> [DeckEffect] {
        guard var view = state.watch else { return [] }
        defer { state.watch = view }
        let source = view.name
        switch event {
        case .programStarted(let pid, let command):
            view.pid = pid
            view.startedAt = at
            logFromProgram(&state, at, source, "started: pid \(pid), in a process group of its own: \(command)")
        case .attached(let pid, let name):
            view.pid = pid
            view.startedAt = at
            logFromProgram(&state, at, source, "attached to pid \(pid) (\(name)), read-only: threads, states and CPU; no output lines")
        case .output(let stream, let line):
            view.outputLines += 1
            logFromProgram(&state, at, source, "\(stream.rawValue)| \(line)", stream == .err ? .notice : .normal)
        case .outputContinued(let stream, let piece):
            // `out+|`: the same line goes on (it is counted once, where it began).
            logFromProgram(&state, at, source, "\(stream.rawValue)+| \(piece)", stream == .err ? .notice : .normal)
        case .threadStarted(let reading, let alreadyRunning):
            view.threadsSeen += 1
            let how = alreadyRunning ? "(already running)" : "started"
            logFromProgram(&state, at, source, "thread \(reading.tid) \(reading.name) \(how): \(describe(reading))")
        case .threadRenamed(let tid, let from, let to):
            logFromProgram(&state, at, source, "thread \(tid) is now called \(to) (was \(from))")
        case .threadEnded(let tid, let name, let seconds, let cpuNanos, let sinceWatching):
            view.threads.removeAll { $0.reading.tid == tid }
            // A thread running before --pid attached: the time seen is the time watched, not its life.
            let watched = sinceWatching == true ? " of watching" : ""
            logFromProgram(&state, at, source, "thread \(tid) \(name) ended after \(DecimalText.fixed(seconds, 1)) s\(watched) "
                + "(CPU \(DecimalText.fixed(Double(cpuNanos) / 1e9, 2)) s)")
        case .threadsSampled(let rows):
            view.threads = rows
        case .signalled(let number, let graceMs):
            let name = WatchSignals.name(number)
            switch number {
            case SIGSTOP: logFromProgram(&state, at, source, "\(name) sent to its process group: every thread stopped (z thaws)", .notice)
            case SIGCONT: logFromProgram(&state, at, source, "\(name) sent to its process group: its threads run again", .notice)
            default:
                let then = graceMs.map { ", SIGKILL in \(DecimalText.fixed(Double($0) / 1000, 1)) s if any is left" } ?? ""
                logFromProgram(&state, at, source, "\(name) sent to its process group\(then)", .warning)
                view.killAt = graceMs.map { at.adding(milliseconds: $0) }
            }
        case .leftBehind(let pids):
            let list = pids.prefix(8).map(String.init).joined(separator: ", ") + (pids.count > 8 ? ", …" : "")
            logFromProgram(&state, at, source, "its leader ended but \(pids.count) process\(pids.count == 1 ? "" : "es") of its group still \(pids.count == 1 ? "runs" : "run") (\(list)): ending them", .warning)
        case .programEnded(let ending, let seconds):
            view.ending = ending
            view.killAt = nil
            view.threads = []
            let after = ending == .gone ? "after \(DecimalText.fixed(seconds, 1)) s of watching"
                                        : "after \(DecimalText.fixed(seconds, 1)) s, reaped; nothing of its process group is left"
            logFromProgram(&state, at, source, "\(ending.text) \(after)", ending == .exited(0) || ending == .gone ? .normal : .warning)
            // Tasks the hook never reported done did not finish: the program ended under them. Their rows go
            // (nothing is pending in a program that is gone), and the log says which they were.
            if !view.pythonTasks.isEmpty {
                let names = view.pythonTasks.prefix(8).map { $0.coroutine + "()" }.joined(separator: ", ")
                    + (view.pythonTasks.count > 8 ? ", …" : "")
                let n = view.pythonTasks.count
                logFromProgram(&state, at, source, "\(n) asyncio task\(n == 1 ? " was" : "s were") not done when it ended: \(names)")
                view.pythonTasks = []
            }
            // The row ends here; the worker's own end (and the join) follows.
            if let row = state.workers.first(where: { $0.role == .child && $0.isAlive }) {
                workerEnded(&state, row.id, { if case .signalled = ending { return .killed }; return .finished }())
            }
            // Nothing is left stopped: the screen no longer says FROZEN over a program that is gone.
            var effects: [DeckEffect] = []
            if state.freeze.isFrozen {
                state.watch = view
                effects = applyFreeze(&state, .thaw)
            }
            // Plain mode ends with the program (a quit already under way just goes on).
            if state.config.watch?.quitWhenEnded == true && state.quit == .running { return effects + beginQuit(&state, code: 0) }
            return effects
        case .unreadable(let reason):
            logFromProgram(&state, at, source, "cannot watch \(reason)", .warning)
        case .python(let report):
            reducePython(&view, report, at: at)
            logFromProgram(&state, at, source, report.logText, { if case .abandons = report { return .warning }; return .normal }())
        }
        return []
    }

    /// The hook's facts kept for the Workers panel: each thread's Python name and daemon flag, live tasks.
    static func reducePython(_ view: inout WatchView, _ report: PythonReport, at: Timestamp) {
        switch report {
        case .threadStarted(let name, let tid, let daemon), .threadEnded(let name, let tid, let daemon):
            view.pythonThreads[tid] = PythonThreadFacts(name: name, daemon: daemon)
        case .threadRenamed(let name, _, let tid, let daemon):
            view.pythonThreads[tid] = PythonThreadFacts(name: name, daemon: daemon)  // the row takes the new name
        case .taskCreated(let coroutine, let key):
            view.pythonTasks.removeAll { $0.key == key }
            view.pythonTasks.append(PythonTaskRow(key: key, coroutine: coroutine, since: at))
            if view.pythonTasks.count > 200 { view.pythonTasks.removeFirst() }  // bounded, like the log
        case .taskEnded(_, let key, _, _):
            view.pythonTasks.removeAll { $0.key == key }
        case .joins, .abandons, .exiting:
            break
        }
    }

    /// A log line carrying the watched program's own text (an output line, a thread's or task's name): its
    /// control characters shown in caret notation, so the line stays one line and moves no cursor.
    static func logFromProgram(_ state: inout AppState, _ at: Timestamp, _ source: String, _ text: String,
                               _ emphasis: LogEntry.Emphasis = .normal) {
        log(&state, at, source, VisibleText.caret(text), emphasis)
    }

    /// `sleeping, timed sleep (clock_nanosleep)`, `running`.
    static func describe(_ reading: ProcThreadReading) -> String {
        guard let wait = reading.wait else { return reading.state.rawValue }
        return "\(reading.state.rawValue), waiting for \(wait.text)"
    }
}
