#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// What the watched program's sampler and readers report (inside `DeckEvent.watch`).
public enum WatchEvent: Sendable, Equatable, Codable {
    /// The program was started: its pid, which is also its process group's id.
    case programStarted(pid: Int32, command: String)
    /// `--pid`: attached to a running process, read-only.
    case attached(pid: Int32, name: String)
    /// A line the program wrote to its standard output or error.
    case output(WatchStream, String)
    /// More of the line the last `output` of this stream began: a line longer than 4 KB comes in pieces.
    case outputContinued(WatchStream, String)
    /// A thread seen for the first time (`alreadyRunning`: it was there when watching began).
    case threadStarted(ProcThreadReading, alreadyRunning: Bool)
    /// A thread's kernel name changed: the process ran a new program (exec), or the thread named itself.
    case threadRenamed(tid: Int32, from: String, to: String)
    /// A thread gone from /proc, how long it was seen and the CPU time it used. `sinceWatching`: it was
    /// already running when watching began (`--pid`), so `seconds` is the time watched, not its life (nil
    /// in recordings made before this was told apart).
    case threadEnded(tid: Int32, name: String, seconds: Double, cpuNanos: UInt64, sinceWatching: Bool? = nil)
    /// Every live thread now, with its CPU share since the previous sample (the Workers panel's rows).
    case threadsSampled([WatchedThreadRow])
    /// The group was sent a signal (SIGTERM at quit, SIGKILL after the grace period, SIGSTOP, SIGCONT).
    case signalled(Int32, graceMs: Int?)
    /// Processes of the group still running after its leader ended.
    case leftBehind([Int32])
    /// The program ended and was reaped (or, attached, went away).
    case programEnded(WatchEnding, seconds: Double)
    /// `--pid`: the process could not be read, or is gone, and why.
    case unreadable(String)
    /// A report of the Python start-up hook (thread names and daemon flags, asyncio tasks, shutdown).
    case python(PythonReport)
}

public enum WatchStream: String, Sendable, Equatable, Codable {
    case out, err
}

/// How the watched program ended.
public enum WatchEnding: Sendable, Equatable, Codable {
    case exited(Int32)
    case signalled(Int32)
    /// Attached with `--pid`: it went away (its status belongs to its parent, not to daemondeck).
    case gone

    /// The status a shell would report for it: the exit status, or 128 + the signal.
    public var shellStatus: Int32? {
        switch self {
        case .exited(let status): status
        case .signalled(let number): 128 + number
        case .gone: nil
        }
    }

    public var text: String {
        switch self {
        case .exited(let status): "exited with status \(status)"
        case .signalled(let number): "killed by signal \(number) (\(WatchSignals.name(number)))"
        case .gone: "is gone"
        }
    }
}

public enum WatchSignals {
    public static func name(_ number: Int32) -> String {
        switch number {
        case SIGTERM: "SIGTERM"
        case SIGKILL: "SIGKILL"
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        case SIGSTOP: "SIGSTOP"
        case SIGCONT: "SIGCONT"
        case SIGSEGV: "SIGSEGV"
        case SIGABRT: "SIGABRT"
        case SIGPIPE: "SIGPIPE"
        case SIGQUIT: "SIGQUIT"
        default: "signal \(number)"
        }
    }
}

/// One thread of the watched program as the Workers panel shows it.
public struct WatchedThreadRow: Sendable, Equatable, Codable {
    public var reading: ProcThreadReading
    /// Percent of one core over the last sample period.
    public var cpuPercent: Double

    public init(reading: ProcThreadReading, cpuPercent: Double) {
        self.reading = reading
        self.cpuPercent = cpuPercent
    }
}

/// Turns successive readings of /proc into what changed: threads that started, threads that ended, and
/// each live thread's CPU share. Pure (times are given), so it is tested without a process.
public struct ThreadTracker: Sendable {
    private struct Known: Sendable {
        var name: String
        var firstSeenNanos: UInt64
        var cpuNanos: UInt64
        /// Running before the first sample of a process watched from outside (`--pid`).
        var beforeWatching = false
    }

    /// Whether the threads of the first sample were running before watching began (`--pid`): their
    /// time seen is then the time watched, not their life.
    public var firstSampleAlreadyRunning = false

    private var known: [Int32: Known] = [:]
    private var lastSampleNanos: UInt64?

    public init() {}

    public struct Changes: Sendable, Equatable {
        public var started: [ProcThreadReading] = []
        public var renamed: [(tid: Int32, from: String, to: String)] = []
        public var ended: [(tid: Int32, name: String, seconds: Double, cpuNanos: UInt64, beforeWatching: Bool)] = []
        public var rows: [WatchedThreadRow] = []

        public static func == (a: Changes, b: Changes) -> Bool {
            a.started == b.started && a.rows == b.rows && a.renamed.map(\.to) == b.renamed.map(\.to)
                && a.ended.map(\.tid) == b.ended.map(\.tid) && a.ended.map(\.seconds) == b.ended.map(\.seconds)
        }
    }

    /// The threads alive now (`readings`, read at `nanos` on the monotonic clock) against the previous sample.
    public mutating func update(_ readings: [ProcThreadReading], at nanos: UInt64) -> Changes {
        var changes = Changes()
        let period = lastSampleNanos.map { nanos > $0 ? nanos - $0 : 0 } ?? 0
        var alive = Set<Int32>()
        for reading in readings {
            alive.insert(reading.tid)
            var share = 0.0
            if var thread = known[reading.tid] {
                if period > 0, reading.cpuNanos >= thread.cpuNanos {
                    share = Double(reading.cpuNanos - thread.cpuNanos) / Double(period) * 100
                }
                thread.cpuNanos = reading.cpuNanos
                if thread.name != reading.name {  // exec, or a thread naming itself (pthread_setname_np, Python 3.14)
                    changes.renamed.append((reading.tid, thread.name, reading.name))
                    thread.name = reading.name
                }
                known[reading.tid] = thread
            } else {
                known[reading.tid] = Known(name: reading.name, firstSeenNanos: nanos, cpuNanos: reading.cpuNanos,
                                           beforeWatching: firstSampleAlreadyRunning && lastSampleNanos == nil)
                changes.started.append(reading)
            }
            changes.rows.append(WatchedThreadRow(reading: reading, cpuPercent: share))
        }
        // Only the ended threads are sorted (by TID), not every known one at every sample.
        if known.count > alive.count {
            for (tid, thread) in known.filter({ !alive.contains($0.key) }).sorted(by: { $0.key < $1.key }) {
                changes.ended.append((tid, thread.name, Double(nanos - min(nanos, thread.firstSeenNanos)) / 1e9, thread.cpuNanos,
                                      thread.beforeWatching))
                known[tid] = nil
            }
        }
        lastSampleNanos = nanos
        return changes
    }

    /// Every thread still known, reported as ended (the process is gone: its threads with it).
    public mutating func endAll(at nanos: UInt64) -> Changes { update([], at: nanos) }
}

/// The watched program as the state keeps it: the Workers panel's thread rows and the quit summary's line.
public struct WatchView: Sendable, Equatable {
    public var name: String
    public var pid: Int32?
    public var attached = false
    public var threads: [WatchedThreadRow] = []
    public var ending: WatchEnding?
    public var outputLines = 0
    public var threadsSeen = 0
    /// Set when a quit sent SIGTERM: SIGKILL follows at this time (the screen shows the countdown).
    public var killAt: Timestamp?
    /// A second `q` sent SIGKILL at once.
    public var killForced = false

    /// When the program started (or watching began).
    public var startedAt: Timestamp?

    /// What the Python hook said of each thread (by kernel tid): its `Thread.name` and daemon flag.
    public var pythonThreads: [Int32: PythonThreadFacts] = [:]
    /// asyncio tasks created and not yet done, oldest first (the Workers panel's Task rows).
    public var pythonTasks: [PythonTaskRow] = []

    public init(name: String) { self.name = name }

    public func runSeconds(now: Timestamp) -> Double {
        startedAt.map { Double($0.milliseconds(until: now)) / 1000 } ?? 0
    }

    /// For the quit summary: `watched python3 (pid 4242): exited with status 0, 5 threads seen, 12 output lines`.
    public var summaryLine: String {
        let pidText = attached ? "" : pid.map { " (pid \($0))" } ?? ""
        let how = ending?.text ?? (attached ? "it runs on" : "still running")
        return "watched \(name)\(pidText)\(attached ? " read-only" : ""): \(how), \(threadsSeen) thread\(threadsSeen == 1 ? "" : "s") seen"
            + (attached ? "" : ", \(outputLines) output line\(outputLines == 1 ? "" : "s")")
    }
}

/// A Python thread as the start-up hook described it.
public struct PythonThreadFacts: Sendable, Equatable {
    public var name: String
    public var daemon: Bool
    public init(name: String, daemon: Bool) {
        self.name = name
        self.daemon = daemon
    }
}

/// An asyncio task not yet done.
public struct PythonTaskRow: Sendable, Equatable {
    public var key: Int
    public var coroutine: String
    public var since: Timestamp
    public init(key: Int, coroutine: String, since: Timestamp) {
        self.key = key
        self.coroutine = coroutine
        self.since = since
    }
}
