import CDeckSystem
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials
import Synchronization

/// The watched program as a worker (model `process`, non-daemon: a quit waits until it is reaped).
///
/// Its thread starts the program, then samples `/proc/PID/task` every `sampleEveryMs` and posts what
/// changed; two reader threads post the program's output lines. When the program's leader exits, the
/// rest of its process group is ended (SIGTERM, then SIGKILL after the grace period), the readers drain,
/// the leader is reaped, and its ending is posted. A stop (`q`, a signal) sends SIGTERM to the group and
/// SIGKILL once the grace period is over; attached with `--pid`, a stop only detaches.
public final class WatchedProgram: Worker {
    public let life: WorkerLife
    public let target: WatchTarget
    /// When a stop sent SIGTERM (monotonic nanoseconds) and whether SIGKILL has followed.
    private let stopping = Guarded<(at: UInt64?, killed: Bool)>((nil, false))
    /// The group's id (the leader's pid) once started; 0 before.
    private let group = Atomic<Int32>(0)

    public init(life: WorkerLife, target: WatchTarget) {
        self.life = life
        self.target = target
    }


    public func start() {
        life.startThread { [self] in
            let fate = run()
            return fate
        }
    }

    public func requestStop() {
        life.stopSignal.stop()
        guard case .command = target.source else { return }
        // The group is read under the lock that the worker publishes it under (see `runCommand`): either
        // the worker sees this stop or this sees its pid, so the SIGTERM is never lost (nor sent twice).
        let (first, pid) = stopping.withLock { state -> (Bool, Int32) in
            guard state.at == nil else { return (false, 0) }
            state.at = monotonicNanos()
            return (true, group.load(ordering: .acquiring))
        }
        if first, pid > 0, WatchedGroups.signal(pid, SIGTERM) {
            post(.signalled(SIGTERM, graceMs: target.graceMs))
            _ = WatchedGroups.signal(pid, SIGCONT)  // a frozen (stopped) group acts on SIGTERM only once it runs
        }
    }

    /// A second `q`: SIGKILL to the group now, without waiting for the grace period to end.
    public func killNow() {
        let pid = stopping.withLock { state -> Int32 in
            guard !state.killed else { return 0 }
            state.killed = true
            if state.at == nil { state.at = monotonicNanos() }
            return group.load(ordering: .acquiring)
        }
        if pid > 0, WatchedGroups.signal(pid, SIGKILL) { post(.signalled(SIGKILL, graceMs: nil)) }
    }

    /// `z`: SIGSTOP to the whole group, or SIGCONT to let it go on. Returns whether the signal was sent.
    @discardableResult
    public func freeze(_ frozen: Bool) -> Bool {
        let pid = group.load(ordering: .acquiring)
        guard pid > 0, WatchedGroups.signal(pid, frozen ? SIGSTOP : SIGCONT) else { return false }
        post(.signalled(frozen ? SIGSTOP : SIGCONT, graceMs: nil))
        return true
    }

    private func post(_ event: WatchEvent) { life.inbox.post(.watch(event)) }

    private func run() -> WorkerFate {
        switch target.source {
        case .command(let executable, let arguments): runCommand(executable, arguments)
        case .attach(let pid): runAttached(pid)
        }
    }

    // MARK: - A program daemondeck starts

    private func runCommand(_ executable: String, _ arguments: [String]) -> WorkerFate {
        let started = monotonicNanos()
        let spawned: WatchSpawn
        // A command that starts Python (python3, env python3, a #! script, python3 -m) gets the start-up
        // hook (unless --no-hook): thread names, daemon flags, tasks.
        let reach = target.usesPythonHook ? PythonCommand.hookReach(executable: executable, arguments: arguments) : .notPython
        let hook = reach == .hook ? PythonHook.prepare() : nil
        defer { hook?.removeFiles() }
        do {
            spawned = try WatchedGroups.start(executable, arguments,
                                              extraEnvironment: hook?.environment(userPythonPath: Environment.value("PYTHONPATH")) ?? [:],
                                              inheritedFD: hook?.writeFD, for: life.inbox)
            if let hook { close(hook.writeFD) }  // the child's copy is its own now
        } catch {
            if let hook { close(hook.writeFD); close(hook.readFD) }
            life.say("cannot start \(executable): \(String(cString: strerror(error.code.rawValue)))")
            finishRun(.exited(error.code == .ENOENT ? 127 : 126), seconds: 0)
            return .failedToStart
        }
        let pid = spawned.pid
        life.announceRunning()
        handle.tid.store(pid, ordering: .relaxed)
        handle.setState(.running)
        post(.programStarted(pid: pid, command: target.commandLine))
        // Python started so that the hook cannot get in (-E, -I, -S, env -i): say why, once, so the missing
        // names and reports are not taken for a broken hook.
        if case .keptOut(let why) = reach { life.say("the Python hook cannot get in: \(why); rows come from /proc only") }
        // The pid is published under the stop lock: a stop that came before it sends SIGTERM here, one
        // after it reads the pid in `requestStop`; exactly one of the two, never neither.
        let stopCameFirst = stopping.withLock { state -> Bool in
            group.store(pid, ordering: .releasing)
            return state.at != nil
        }
        if stopCameFirst, WatchedGroups.signal(pid, SIGTERM) {
            post(.signalled(SIGTERM, graceMs: target.graceMs))
        }
        let inbox = life.inbox
        var readers = [
            WatchLineReader(fd: spawned.outputFD, name: "watch-out") { text, continues in
                inbox.post(.watch(continues ? .outputContinued(.out, text) : .output(.out, text)))
            },
            WatchLineReader(fd: spawned.errorFD, name: "watch-err") { text, continues in
                inbox.post(.watch(continues ? .outputContinued(.err, text) : .output(.err, text)))
            },
        ]
        if let hook {
            readers.append(WatchLineReader(fd: hook.readFD, name: "watch-hook") { line in
                if let report = PythonHook.parse(line) { inbox.post(.watch(.python(report))) }
            })
        }
        var sampler = WatchSampler(pid: pid)
        // At least one sample, even of a program done before it: its leader stays in /proc (a zombie)
        // until the reap below, so every program shows its main thread at least once.
        sampler.sample(post: post)
        while !WatchedGroups.hasExited(pid) {
            escalateIfGraceOver(pid)
            sleepMilliseconds(target.sampleEveryMs)
            sampler.sample(post: post)
        }
        sampler.endAll(post: post)
        endRestOfGroup(pid)
        WatchLineReader.drainAndJoin(readers)
        // nil: daemondeck's exit already killed and reaped it (a forced quit), and reported it.
        guard let ending = WatchedGroups.reap(pid) else { return .killed }
        finishRun(ending, seconds: Double(monotonicNanos() - started) / 1e9)
        if case .signalled = ending { return .killed }
        return .finished
    }

    /// SIGKILL to the group once a stop's grace period is over.
    private func escalateIfGraceOver(_ pid: Int32) {
        let due = stopping.withLock { state -> Bool in
            guard let at = state.at, !state.killed, monotonicNanos() >= at + UInt64(target.graceMs) * 1_000_000 else { return false }
            state.killed = true
            return true
        }
        if due, WatchedGroups.signal(pid, SIGKILL) { post(.signalled(SIGKILL, graceMs: nil)) }
    }

    /// The leader has exited; whatever else of its group still runs is ended too (SIGTERM, then SIGKILL
    /// after the grace period), so nothing of the watched program outlives it.
    private func endRestOfGroup(_ pid: Int32) {
        var left = ProcSelf.processes(inGroup: pid).filter { $0 != pid }
        guard !left.isEmpty else { return }
        post(.leftBehind(left))
        if WatchedGroups.signal(pid, SIGCONT) {}  // a stopped process cannot act on SIGTERM
        if WatchedGroups.signal(pid, SIGTERM) { post(.signalled(SIGTERM, graceMs: target.graceMs)) }
        let deadline = monotonicNanos() + UInt64(target.graceMs) * 1_000_000
        while !left.isEmpty && monotonicNanos() < deadline {
            sleepMilliseconds(20)
            left = ProcSelf.processes(inGroup: pid).filter { $0 != pid }
        }
        if !left.isEmpty, WatchedGroups.signal(pid, SIGKILL) { post(.signalled(SIGKILL, graceMs: nil)) }
    }

    /// Posts the ending: the reducer marks the row ended (and, in plain mode, ends the run).
    private func finishRun(_ ending: WatchEnding, seconds: Double) {
        post(.programEnded(ending, seconds: seconds))
    }

    // MARK: - A running process, read-only

    private func runAttached(_ pid: Int32) -> WorkerFate {
        let started = monotonicNanos()
        if let problem = WatchTarget.attachProblem(pid: pid) {
            post(.unreadable(problem))
            finishRun(.gone, seconds: 0)
            return .failedToStart
        }
        life.announceRunning()
        handle.setState(.running)
        let name = ProcSelf.read("/proc/\(pid)/comm")?.trimmingWhitespace() ?? "?"
        post(.attached(pid: pid, name: name))
        var sampler = WatchSampler(pid: pid, alreadyRunning: true)
        while !life.isStopped {
            // A zombie has ended (only its parent's reap is missing): the watch ends as for one gone.
            if !sampler.sample(post: post) || WatchTarget.hasEnded(pid: pid) {
                sampler.endAll(post: post)
                finishRun(.gone, seconds: Double(monotonicNanos() - started) / 1e9)
                return .finished
            }
            life.sleep(milliseconds: target.sampleEveryMs)
        }
        return .detached
    }
}

/// Reads a process's threads from /proc and posts what changed since the previous reading.
struct WatchSampler {
    let pid: Int32
    var alreadyRunning = false
    private var tracker = ThreadTracker()
    /// Context switches come from each thread's `status` file, larger than the rest: read once a second.
    private var switchesReadAt: UInt64 = 0
    private var switches: [Int32: (Int?, Int?)] = [:]
    private var first = true
    /// Each live thread's files, kept open between samples (closed when the thread ends).
    private var files: [Int32: ProcThreadFiles] = [:]
    /// `/proc/PID/task`, kept open and listed again at each sample (nil: it could not be opened, and each
    /// sample opens it anew).
    private let taskFolder: ProcTaskFolder?
    /// Threads past this many are read by opening and closing their files each sample, so a program
    /// with thousands of threads cannot use up daemondeck's file descriptors (up to 5 a thread).
    static let threadsKeptOpen = 128

    init(pid: Int32, alreadyRunning: Bool = false) {
        self.pid = pid
        self.alreadyRunning = alreadyRunning
        tracker.firstSampleAlreadyRunning = alreadyRunning
        let folder = ProcTaskFolder(pid: pid)
        taskFolder = folder.isOpen ? folder : nil
    }

    /// One sample. Returns false when the process is gone (its task folder cannot be read).
    @discardableResult
    mutating func sample(post: (WatchEvent) -> Void) -> Bool {
        guard let tids = taskFolder.map({ $0.threadIDs() }) ?? ProcSelf.threadIDs(of: pid) else { return false }
        let now = monotonicNanos()
        let readSwitches = now &- switchesReadAt >= 1_000_000_000
        if readSwitches { switchesReadAt = now }
        var readings: [ProcThreadReading] = []
        readings.reserveCapacity(tids.count)
        var alive = Set<Int32>(minimumCapacity: tids.count)
        for tid in tids {
            guard var reading = read(tid, switches: readSwitches) else { continue }
            alive.insert(tid)
            if readSwitches {
                switches[tid] = (reading.voluntarySwitches, reading.involuntarySwitches)
            } else if let known = switches[tid] {
                (reading.voluntarySwitches, reading.involuntarySwitches) = known
            }
            readings.append(reading)
        }
        for tid in files.keys where !alive.contains(tid) { files[tid] = nil }  // ended: its files closed
        report(tracker.update(readings, at: now), post: post)
        first = false
        return true
    }

    /// One thread through its kept files; a failed read of a kept file means it ended (or its number was
    /// taken again by a new thread): its files are reopened once.
    private mutating func read(_ tid: Int32, switches: Bool) -> ProcThreadReading? {
        if let kept = files[tid] {
            if let reading = kept.read(switches: switches) { return reading }
            files[tid] = nil
        }
        guard files.count < Self.threadsKeptOpen else { return ProcSelf.thread(pid: pid, tid: tid, switches: switches) }
        guard let opened = ProcThreadFiles(pid: pid, tid: tid), let reading = opened.read(switches: switches) else { return nil }
        files[tid] = opened
        return reading
    }

    /// Files held open now, over every thread (for tests).
    var openFiles: Int { files.values.reduce(0) { $0 + $1.openCount } }

    /// Whether a thread's files are kept open (for tests).
    func keptOpen(_ tid: Int32) -> Bool { files[tid] != nil }

    /// How many times a thread's `file` was read through its kept files (for tests).
    func reads(_ tid: Int32, _ file: ProcSelf.ThreadFile) -> Int { files[tid]?.reads[file] ?? 0 }

    mutating func endAll(post: (WatchEvent) -> Void) {
        files.removeAll()
        report(tracker.endAll(at: monotonicNanos()), post: post)
    }

    private mutating func report(_ changes: ThreadTracker.Changes, post: (WatchEvent) -> Void) {
        for reading in changes.started { post(.threadStarted(reading, alreadyRunning: first && alreadyRunning)) }
        for renamed in changes.renamed { post(.threadRenamed(tid: renamed.tid, from: renamed.from, to: renamed.to)) }
        for ended in changes.ended {
            switches[ended.tid] = nil
            post(.threadEnded(tid: ended.tid, name: ended.name, seconds: ended.seconds, cpuNanos: ended.cpuNanos,
                              sinceWatching: ended.beforeWatching ? true : nil))
        }
        post(.threadsSampled(changes.rows))
    }
}

/// Every watched program's process group not yet reaped. Signals and the reap go through one lock, so
/// a signal can never reach a process that took the number after the program was reaped; and whatever
/// is still here when a run ends (a forced quit cut its worker off) is killed and reaped by `killAll`.
/// Each group is kept with the inbox of the run that started it, so a run ending kills only its own
/// groups, never those of another run in the same process (the tests run many engines at once).
public enum WatchedGroups {
    private static let live = Guarded<[Int32: ObjectIdentifier]>([:])

    static func start(_ executable: String, _ arguments: [String], extraEnvironment: [String: String] = [:],
                      inheritedFD: Int32? = nil, for owner: Inbox) throws(POSIXError) -> WatchSpawn {
        // Whatever way daemondeck dies of a fatal signal (SIGQUIT, SIGSEGV, SIGABRT…), plain mode too, its
        // handler sends SIGKILL to every group in its table before the process ends.
        deck_rescue_guard_children()
        let result = live.withLock { groups -> Result<WatchSpawn, POSIXError> in
            let result = Result { () throws(POSIXError) in
                try WatchSpawn.start(executable, arguments, extraEnvironment: extraEnvironment, inheritedFD: inheritedFD)
            }
            if case .success(let spawned) = result {
                groups[spawned.pid] = ObjectIdentifier(owner)
                _ = deck_rescue_add_kill_target(-spawned.pid)  // the whole group (-1: table full, the normal ways still end it)
            }
            return result
        }
        return try result.get()
    }

    /// Sends `signal` to the group while its leader is still daemondeck's to signal. Returns whether it was sent.
    static func signal(_ pid: Int32, _ signal: Int32) -> Bool {
        live.withLock { $0[pid] != nil && killpg(pid, signal) == 0 }
    }

    /// Whether the leader has exited (it stays a zombie, its number still ours, until `reap`).
    static func hasExited(_ pid: Int32) -> Bool {
        var info = siginfo_t()
        while true {
            // With WNOHANG and nothing to report, waitid succeeds and leaves si_pid 0.
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 { return info._sifields._sigchld.si_pid != 0 }
            if errno != EINTR { return true }  // ECHILD: not ours any more
        }
    }

    /// Reaps the leader and forgets the group; nil if `killAll` already did.
    static func reap(_ pid: Int32) -> WatchEnding? {
        live.withLock { groups in
            guard groups.removeValue(forKey: pid) != nil else { return nil }
            deck_rescue_remove_kill_target(-pid)  // before the reap, while the number is still ours
            return waitForEnding(pid)
        }
    }

    private static func waitForEnding(_ pid: Int32) -> WatchEnding {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    /// SIGKILL to every group still here that the run with `owner`'s inbox started (every group, with no
    /// owner: the process's last act), and reap each leader, so nothing a run started outlives it whatever
    /// way it ended (a forced quit cuts its worker off). Returns each leader killed and how it ended.
    @discardableResult
    public static func killAll(startedFor owner: Inbox? = nil) -> [(pid: Int32, ending: WatchEnding)] {
        live.withLock { groups in
            let mine = groups.filter { owner == nil || $0.value == ObjectIdentifier(owner!) }.keys.sorted()
            return mine.map { pid in
                groups.removeValue(forKey: pid)
                deck_rescue_remove_kill_target(-pid)
                killpg(pid, SIGKILL)
                return (pid, waitForEnding(pid))
            }
        }
    }

    /// Groups started and not yet reaped (for tests).
    public static var count: Int { live.withLock { $0.count } }

    /// Whether the group led by `pid` was started and not yet reaped (for tests: other tests may have
    /// groups of their own at the same moment, so a test asks about its own).
    public static func isLive(_ pid: Int32) -> Bool { live.withLock { $0[pid] != nil } }
}
