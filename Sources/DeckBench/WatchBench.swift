import DeckCore
import DeckResources
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The cost of watching: this binary's `watch --plain` sampling a Python program of 50 threads (each
/// sleeping 0.1 s in a loop) at the frame rate, its CPU read from /proc in paired windows beside the
/// classic Python loop's own CPU in the same seconds (the tutorial's loop that the target is measured by).
public enum WatchBench {
    /// Threads the watched program starts (besides its main thread).
    public static let threads = 50

    /// The watched program: `threads` threads sleeping 0.1 s in a loop, for the seconds given as argument.
    static let program = """
        import sys, threading, time
        def nap():
            while True:
                time.sleep(0.1)
        for _ in range(\(threads)):
            threading.Thread(target=nap, daemon=True).start()
        time.sleep(float(sys.argv[1]))
        """

    public struct Window: Sendable {
        public var seconds: Double
        /// daemondeck watch's CPU over the window (every thread of it).
        public var watchCPUNanos: UInt64
        /// The classic Python loop's CPU over the same window; nil without python3.
        public var pythonLoopCPUNanos: UInt64?
    }

    public struct Result: Sendable {
        public var windows: [Window]
        /// Threads of the watched program when the windows began (its main thread and the 50).
        public var watchedThreads: Int
        /// The floor: CPU of one bench thread doing only the reads a sample of these threads needs (list
        /// `task`, then `stat`, `schedstat` and `syscall` of each, files kept open, nothing parsed) at the
        /// same rate over one more window; nil if it could not be measured.
        public var readsAloneCPUNanos: UInt64?
        public var readsAloneSeconds: Double
    }

    /// Starts `daemondeck watch --plain -- python3 -c PROGRAM` and the classic loop, waits until all the
    /// program's threads run, then measures `windows` back-to-back windows of `seconds`.
    public static func run(windows: Int, seconds: Double) throws -> Result {
        guard let executable = ProcSelf.executablePath() else { throw BenchError("cannot find this binary (/proc/self/exe)") }
        let lifetime = Int(Double(windows) * seconds) + 30
        let watch = try ChildProcess.spawn(executable, ["watch", "--plain", "--", "python3", "-c", program, "\(lifetime)"],
                                           standard: .discard)
        defer {
            // SIGTERM: daemondeck ends the watched program's group (SIGKILL after its grace) and exits.
            kill(watch.pid, SIGTERM)
            watch.waitForExit()
            _ = watch.reap()
        }
        let loop = try? ChildProcess.spawn("python3", ["-c", DeckResources.classicPythonMonitor, "\(lifetime)"], standard: .discard)
        defer {
            if let loop {
                kill(loop.pid, SIGTERM)
                loop.waitForExit()
                _ = loop.reap()
            }
        }
        // Wait (up to 20 s on a busy machine) until the watched program runs all its threads.
        let deadline = monotonicNanos() + 20_000_000_000
        var watchedThreads = 0
        while monotonicNanos() < deadline {
            if let python = children(of: watch.pid).first { watchedThreads = ProcSelf.threadIDs(of: python)?.count ?? 0 }
            if watchedThreads > threads { break }
            sleepNanos(50_000_000)
        }
        guard watchedThreads > threads else {
            throw BenchError("the watched program did not run its \(threads) threads within 20 s (python3 missing?)")
        }
        sleepNanos(500_000_000)  // daemondeck past the program's start: every thread seen and logged

        var measured: [Window] = []
        var watchBefore = ProcessProbe.cpuNanos(of: watch.pid)
        var loopBefore = loop.map { ProcessProbe.cpuNanos(of: $0.pid) }
        var started = monotonicNanos()
        for _ in 0..<max(1, windows) {
            sleepNanos(UInt64(seconds * 1e9))
            let watchAfter = ProcessProbe.cpuNanos(of: watch.pid)
            let loopAfter = loop.map { ProcessProbe.cpuNanos(of: $0.pid) }
            let ended = monotonicNanos()
            measured.append(Window(seconds: Double(ended - started) / 1e9, watchCPUNanos: watchAfter &- watchBefore,
                                   pythonLoopCPUNanos: loopAfter.map { $0 &- (loopBefore ?? 0) }))
            (watchBefore, loopBefore, started) = (watchAfter, loopAfter, ended)
        }
        // A classic loop that is not there (no python3) has exited at once: no figure for it.
        let loopAlive = loop.map { kill($0.pid, 0) == 0 && (loopBefore ?? 0) > 0 } ?? false
        if !loopAlive { measured = measured.map { Window(seconds: $0.seconds, watchCPUNanos: $0.watchCPUNanos, pythonLoopCPUNanos: nil) } }
        let floor = children(of: watch.pid).first.flatMap { readsAlone(of: $0, seconds: seconds) }
        return Result(windows: measured, watchedThreads: watchedThreads, readsAloneCPUNanos: floor, readsAloneSeconds: seconds)
    }

    /// What no parser can save: this thread's CPU while it does, every 100 ms for `seconds`, only the
    /// reads a sample of `pid`'s threads needs (the kernel makes each file's text anew on every read).
    static func readsAlone(of pid: pid_t, seconds: Double) -> UInt64? {
        guard let folder = opendir("/proc/\(pid)/task") else { return nil }
        defer { closedir(folder) }
        var files: [Int32: [Int32]] = [:]  // tid -> its stat, schedstat and syscall, open
        defer { files.values.joined().forEach { close($0) } }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let samples = Int(seconds * 10)
        let before = threadCPUNanos()
        var next = monotonicNanos()
        for _ in 0..<samples {
            rewinddir(folder)
            while let entry = readdir(folder) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                guard let tid = Int32(name) else { continue }
                if files[tid] == nil {
                    files[tid] = ["stat", "schedstat", "syscall"].map { open("/proc/\(pid)/task/\(tid)/\($0)", O_RDONLY | O_CLOEXEC) }
                }
                for fd in files[tid] ?? [] where fd >= 0 {
                    _ = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
                }
            }
            next += 100_000_000
            let now = monotonicNanos()
            if next > now { sleepNanos(next - now) }
        }
        return threadCPUNanos() &- before
    }

    private static func threadCPUNanos() -> UInt64 {
        var now = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0 else { return 0 }
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// The processes whose parent is `pid` (field 4 of /proc/PID/stat).
    static func children(of parent: pid_t) -> [pid_t] {
        guard let folder = opendir("/proc") else { return [] }
        defer { closedir(folder) }
        var found: [pid_t] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = pid_t(name), let stat = ProcSelf.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, pid_t(fields[1]) == parent { found.append(pid) }
        }
        return found
    }
}
