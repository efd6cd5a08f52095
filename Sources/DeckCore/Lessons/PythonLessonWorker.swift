import DeckResources
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials
import Synchronization

/// The Python programs lessons run beside their Swift (`run-python NAME`): `Resources/python/lessons/NAME.py`,
/// compiled into the binary. Each begins with a `# shows: …` line, which is what the lesson says the
/// step would have shown when no python3 can run it.
public enum PythonLessonPrograms {
    /// The row and log source of a running program: the Swift side's rows keep their own names.
    public static let workerName = "Python"

    public static var names: [String] { DeckResources.pythonLessonPrograms.keys.sorted() }

    public static func source(_ name: String) -> String? {
        DeckResources.pythonLessonPrograms[name].map { String(decoding: $0, as: UTF8.self) }
    }

    /// The program's `# shows:` line, without the marker.
    public static func shows(_ name: String) -> String {
        let first = source(name)?.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        return first.hasPrefix("# shows: ") ? String(first.dropFirst("# shows: ".count)) : "the Python original"
    }

    /// The line logged instead of the run when python3 cannot be found: once, and the lesson goes on.
    public static func missingLine(_ name: String, why: String) -> String {
        "\(stepEnded) not run: \(why): this step would have run \(name).py, which shows \(shows(name)); the Swift side goes on"
    }

    /// The line logged when python3 started but the program did not run to its end (it exited with a
    /// status other than 0, or a signal nobody sent killed it): what it printed measures nothing.
    public static func failedLine(_ name: String, how: String) -> String {
        "\(stepEnded) failed: \(how), before \(name).py ran to its end, so this run measures nothing: the step would have shown \(shows(name)); the Swift side goes on"
    }

    /// Every Python step's last line starts with this, run or not, so a lesson can `expect` the step's
    /// end either way (and `lessons --check` passes without python3).
    public static let stepEnded = "python step over:"

    /// Whether a log line is a step's end saying that its program did not run (or not to its end): a
    /// question about that run has no figure.
    public static func saysNotRun(_ line: String) -> Bool {
        line.contains("\(stepEnded) not run:") || line.contains("\(stepEnded) failed:")
    }

    /// Each program checks the interpreter's version before anything else; one too old prints a line
    /// containing `tooOldText` and exits with `tooOldStatus`, which the step reports as not run.
    public static let tooOldStatus: Int32 = 3
    public static let tooOldText = "daemondeck's lesson programs need 3.8 or later"
}

/// One shipped Python program run by the `python3` on PATH, through `watch`'s machinery: a process group
/// of its own (`WatchedGroups`), standard input /dev/null, output unbuffered and read line by line on two
/// threads (`WatchLineReader`), each line posted into the log under `Python` (standard error marked
/// `err|`). As `watch` does, it gives the interpreter the start-up hook (`PythonHook`: thread names, daemon
/// flags, shutdown's joins and abandons) and samples its threads from /proc every `sampleEveryMs`, so each
/// Python thread is a row and a timeline lane while the program runs. When the leader exits, whatever else of its group remains (a multiprocessing child) is ended;
/// a stop (the lesson moving on, a quit) sends SIGTERM to the group, SIGKILL after `graceMs`. Nothing of
/// the group outlives the worker, which is non-daemon: a quit waits for the reap.
public final class PythonLessonWorker: Worker {
    public let life: WorkerLife
    private let program: String
    /// Where python3 is looked for: the process's PATH unless a test gives another.
    private let searchPath: String?
    private let graceMs: Int
    /// How often its threads are read from /proc: `watch`'s frame-rate period.
    private let sampleEveryMs = 100
    /// When a stop sent SIGTERM (monotonic nanoseconds), and whether SIGKILL has followed.
    private let stopping = Guarded<(at: UInt64?, killed: Bool)>((nil, false))
    /// The group's id (the leader's pid) once started; 0 before.
    private let group = Atomic<Int32>(0)

    public init(life: WorkerLife, program: String, searchPath: String? = Environment.value("PATH"), graceMs: Int = 2000) {
        self.life = life
        self.program = program
        self.searchPath = searchPath
        self.graceMs = graceMs
    }

    public func start() { life.startThread { [self] in run() } }

    public func requestStop() {
        life.stopSignal.stop()
        let first = stopping.withLock { state -> Bool in
            guard state.at == nil else { return false }
            state.at = monotonicNanos()
            return true
        }
        let pid = group.load(ordering: .acquiring)
        if first, pid > 0, WatchedGroups.signal(pid, SIGTERM) {
            _ = WatchedGroups.signal(pid, SIGCONT)  // a stopped group acts on SIGTERM only once it runs
        }
    }

    private func run() -> WorkerFate {
        guard let source = PythonLessonPrograms.source(program) else {
            life.say(PythonLessonPrograms.missingLine(program, why: "no such program in this daemondeck"))
            return .failedToStart
        }
        let python: String
        switch WatchCommandResolver.resolve("python3", path: searchPath) {
        case .success(let path): python = path
        case .failure(let failure):
            life.say(PythonLessonPrograms.missingLine(program, why: failure.description))
            return .failedToStart
        }
        guard stopping.withLock({ $0.at == nil }) else { return .stoppedWithCleanup }
        let started = monotonicNanos()
        let spawned: WatchSpawn
        // The hook is a `sitecustomize` module on PYTHONPATH, which site imports at start-up whatever runs
        // after it, `-c` text included. Without it (no temporary folder) the rows still come from /proc.
        let hook = PythonHook.prepare()
        defer { hook?.removeFiles() }
        do {
            // `-c`: the program's text is the argument, so no file is left behind.
            spawned = try WatchedGroups.start(python, ["python3", "-c", source],
                                              extraEnvironment: hook?.environment(userPythonPath: Environment.value("PYTHONPATH")) ?? [:],
                                              inheritedFD: hook?.writeFD, for: life.inbox)
            if let hook { close(hook.writeFD) }  // the child's copy is its own now
        } catch {
            if let hook { close(hook.writeFD); close(hook.readFD) }
            life.say(PythonLessonPrograms.missingLine(program, why: "cannot start \(python): \(String(cString: strerror(error.code.rawValue)))"))
            return .failedToStart
        }
        let pid = spawned.pid
        group.store(pid, ordering: .releasing)
        life.announceRunning()
        handle.tid.store(pid, ordering: .relaxed)
        handle.setState(.running)
        life.say("pid \(pid), a process group of its own: python3 \(program).py (\(python))")
        // A stop that came before the group existed still has to reach it.
        if stopping.withLock({ $0.at != nil }) { _ = WatchedGroups.signal(pid, SIGTERM) }
        let life = self.life
        let handle = self.handle
        let id = self.id
        // The program's own "too old" line (read on the output thread, looked at after the join below).
        let saidTooOld = Atomic<Bool>(false)
        let post: (WatchEvent) -> Void = { life.inbox.post(.lesson(.pythonThreads(worker: id, $0))) }
        post(.programStarted(pid: pid, command: "python3 \(program).py"))
        var readers = [
            WatchLineReader(fd: spawned.outputFD, name: "python-out") { line in
                handle.iterations.add(1, ordering: .relaxed)
                if line.contains(PythonLessonPrograms.tooOldText) { saidTooOld.store(true, ordering: .relaxed) }
                life.say(line)
            },
            WatchLineReader(fd: spawned.errorFD, name: "python-err") { life.say("err| \($0)") },
        ]
        if let hook {
            readers.append(WatchLineReader(fd: hook.readFD, name: "python-hook") { line in
                if let report = PythonHook.parse(line) { life.inbox.post(.lesson(.pythonThreads(worker: id, .python(report)))) }
            })
        }
        var sampler = WatchSampler(pid: pid)
        sampler.sample(post: post)
        var sampledAt = monotonicNanos()
        while !WatchedGroups.hasExited(pid) {
            escalateIfGraceOver(pid)
            sleepMilliseconds(20)  // the exit is noticed within 20 ms; the threads are read every sampleEveryMs
            if monotonicNanos() &- sampledAt >= UInt64(sampleEveryMs) * 1_000_000 {
                sampler.sample(post: post)
                sampledAt = monotonicNanos()
            }
        }
        sampler.endAll(post: post)
        endRestOfGroup(pid)
        WatchLineReader.drainAndJoin(readers)
        guard let ending = WatchedGroups.reap(pid) else {
            post(.programEnded(.gone, seconds: 0))  // daemondeck's exit killed and reaped it: its rows go
            return .killed
        }
        post(.programEnded(ending, seconds: Double(monotonicNanos() - started) / 1e9))
        let seconds = DecimalText.fixed(Double(monotonicNanos() - started) / 1e9, 2)
        let stopped = stopping.withLock { $0.at != nil }
        // Only a program that ran to its end (status 0), or that the lesson itself stopped, is a run: one that
        // failed or found its interpreter too old printed nothing a reveal may count.
        if ending == .exited(PythonLessonPrograms.tooOldStatus) || saidTooOld.load(ordering: .relaxed) {
            life.say(PythonLessonPrograms.missingLine(program, why: "\(python) is older than Python 3.8, which daemondeck's lesson programs need"))
        } else if ending != .exited(0) && !stopped {
            life.say(PythonLessonPrograms.failedLine(program, how: "python3 \(ending.text) after \(seconds) s"))
        } else {
            life.say("\(PythonLessonPrograms.stepEnded) python3 \(ending.text) after \(seconds) s; nothing of its process group is left")
        }
        if case .signalled = ending { return .killed }
        return .finished
    }

    private func escalateIfGraceOver(_ pid: Int32) {
        let due = stopping.withLock { state -> Bool in
            guard let at = state.at, !state.killed, monotonicNanos() >= at + UInt64(graceMs) * 1_000_000 else { return false }
            state.killed = true
            return true
        }
        if due { _ = WatchedGroups.signal(pid, SIGKILL) }
    }

    /// The leader has exited: what else of its group still runs gets SIGTERM, then SIGKILL after the grace.
    private func endRestOfGroup(_ pid: Int32) {
        var left = ProcSelf.processes(inGroup: pid).filter { $0 != pid }
        guard !left.isEmpty else { return }
        life.say("its main process ended but \(left.count) other process\(left.count == 1 ? "" : "es") of its group still \(left.count == 1 ? "runs" : "run"): ending them")
        _ = WatchedGroups.signal(pid, SIGCONT)
        _ = WatchedGroups.signal(pid, SIGTERM)
        let deadline = monotonicNanos() + UInt64(graceMs) * 1_000_000
        while !left.isEmpty && monotonicNanos() < deadline {
            sleepMilliseconds(20)
            left = ProcSelf.processes(inGroup: pid).filter { $0 != pid }
        }
        if !left.isEmpty { _ = WatchedGroups.signal(pid, SIGKILL) }
    }
}
