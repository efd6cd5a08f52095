import CDeckSystem
import DeckCore
import DeckResources
import Synchronization
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The real dashboard, measured from outside the way issue 14's side-by-side run measures it: this binary
/// on a pseudo-terminal of 100x30 with 4 monitors at 10 Hz, its threads' CPU time and its resident size
/// read from /proc, beside the classic Python loop (4 threads polling at 10 Hz) in the same seconds.
public enum DashboardBench {
    /// What `daemondeck` is started with: the default dashboard, 4 monitors polling every 100 ms.
    static let arguments = ["--monitors", "4", "--interval", "100"]
    static let width = 100
    static let height = 30
    /// On screen once the first frame is complete: the status bar's right end, the last line drawn.
    static let firstFrameMarker = "q quit"

    /// Milliseconds from starting the binary to its first full frame on the terminal, `runs` times.
    public static func startup(runs: Int) throws -> [Double] {
        var times: [Double] = []
        for _ in 0..<runs {
            let run = try TerminalRun(arguments: arguments, width: width, height: height, markers: [firstFrameMarker])
            defer { run.quit() }
            guard let drawn = run.waitFor(firstFrameMarker, seconds: 10) else { throw BenchError("no first frame within 10 s") }
            times.append(Double(drawn - run.startedAt) / 1e6)
        }
        return times
    }

    /// One paired window: the dashboard's CPU and the Python loop's, over the same seconds.
    public struct PairedWindow: Sendable {
        public var seconds: Double
        public var dashboardCPUNanos: UInt64
        /// Nil without python3.
        public var pythonCPUNanos: UInt64?
    }

    public struct Idle {
        /// Back to back, after the dashboard's first second.
        public var windows: [PairedWindow]
        /// Each monitor thread's CPU per poll, in microseconds, while the bare threads run beside it.
        public var pollMicros: [Double]
        /// A bare thread's CPU per wake-up on the same rhythm, in those same seconds (what a poll must cost
        /// on this machine now).
        public var barePollMicros: [Double]
        /// Read at the end of the windows, from both processes at once.
        public var dashboardMemory: ProcessMemory?
        /// Nil without python3.
        public var pythonMemory: ProcessMemory?
        /// Each thread's CPU over all the windows.
        public var threads: [ProcessProbe.Thread]
    }

    /// The dashboard left alone after its first second, beside the Python loop, for `windows` windows of
    /// `seconds` each, both processes read at the start and end of every window (a paired measurement: a
    /// busy moment of the machine falls on both); then `bareSeconds` more with four bare threads beside
    /// both, waking at 10 Hz as the monitors do, so a monitor's poll and a bare poll are measured in the
    /// same seconds on the same busy or quiet machine.
    public static func idle(windows: Int, seconds: Double, bareSeconds: Double) throws -> Idle {
        let run = try TerminalRun(arguments: arguments, width: width, height: height, markers: [firstFrameMarker])
        defer { run.quit() }
        guard run.waitFor(firstFrameMarker, seconds: 10) != nil else { throw BenchError("no first frame within 10 s") }
        let lifetime = Int(Double(windows) * seconds + bareSeconds) + 20
        let python = try? ChildProcess.spawn("python3", ["-c", DeckResources.classicPythonMonitor, "\(lifetime)"],
                                             standard: .discard)
        defer {
            if let python {
                kill(python.pid, SIGTERM)
                python.waitForExit()
                _ = python.reap()
            }
        }
        sleepNanos(1_000_000_000)  // the dashboard past its start, the Python threads running

        let dashboardAtStart = ProcessProbe.threads(of: run.child.pid)
        var paired: [PairedWindow] = []
        var dashboardBefore = dashboardAtStart
        var pythonBefore = python.map { ProcessProbe.cpuNanos(of: $0.pid) }
        var started = monotonicNanos()
        for _ in 0..<max(1, windows) {
            sleepNanos(UInt64(seconds * 1e9))
            let dashboardAfter = ProcessProbe.threads(of: run.child.pid)
            let pythonAfter = python.map { ProcessProbe.cpuNanos(of: $0.pid) }
            let ended = monotonicNanos()
            paired.append(PairedWindow(seconds: Double(ended - started) / 1e9,
                                       dashboardCPUNanos: used(from: dashboardBefore, to: dashboardAfter).reduce(0) { $0 + $1.cpuNanos },
                                       pythonCPUNanos: pythonAfter.map { $0 &- (pythonBefore ?? 0) }))
            dashboardBefore = dashboardAfter
            pythonBefore = pythonAfter
            started = ended
        }
        let dashboardMemory = ProcessProbe.memory(of: run.child.pid)
        let pythonMemory = python.flatMap { ProcessProbe.memory(of: $0.pid) }
        // A Python that is not there (no python3) has exited at once: no figure for it.
        let pythonAlive = python.map { kill($0.pid, 0) == 0 && (pythonBefore ?? 0) > 0 } ?? false
        if !pythonAlive { paired = paired.map { PairedWindow(seconds: $0.seconds, dashboardCPUNanos: $0.dashboardCPUNanos, pythonCPUNanos: nil) } }

        let bare = BarePolls(threads: 4, intervalMs: 100)
        let besideBare = ProcessProbe.threads(of: run.child.pid)
        let bareBefore = bare.cpuNanos()
        let bareStarted = monotonicNanos()
        sleepNanos(UInt64(bareSeconds * 1e9))
        let bareAfter = bare.cpuNanos()
        let besideBareAfter = ProcessProbe.threads(of: run.child.pid)
        let bareElapsed = Double(monotonicNanos() - bareStarted) / 1e9
        bare.stop()
        run.quit()

        let polls = bareElapsed * 10
        return Idle(
            windows: paired,
            pollMicros: besideBareAfter.filter { $0.name.hasPrefix("Monitor-") }.map { thread in
                Double(thread.cpuNanos &- (besideBare.first { $0.tid == thread.tid }?.cpuNanos ?? 0)) / 1000 / polls
            },
            barePollMicros: zip(bareBefore, bareAfter).map { Double($1 &- $0) / 1000 / polls },
            dashboardMemory: dashboardMemory, pythonMemory: pythonAlive ? pythonMemory : nil,
            threads: used(from: dashboardAtStart, to: dashboardBefore))
    }

    /// Per thread, what it used between two readings (a thread that started in between: all it used).
    static func used(from before: [ProcessProbe.Thread], to after: [ProcessProbe.Thread]) -> [ProcessProbe.Thread] {
        after.map { thread in
            var used = thread
            used.cpuNanos -= before.first { $0.tid == thread.tid }?.cpuNanos ?? 0
            return used
        }
    }

    public struct Flood {
        /// Before the flood began.
        public var atRest: ProcessMemory?
        /// Once every event was drained, and half a second more.
        public var after: ProcessMemory?
        public var seconds: Double
    }

    /// The dashboard (the hidden `daemondeck flood --dashboard`: the default dashboard, flooded from a
    /// thread of its own `EventFlood.startDelayMilliseconds` after it starts) read at rest, then after
    /// `events` events went through its inbox, reducer and event log.
    public static func flood(events: Int) throws -> Flood {
        let run = try TerminalRun(arguments: ["flood", "--dashboard", "--events", "\(events)"], width: width, height: height,
                                  markers: [firstFrameMarker, EventFlood.doneMarker])
        defer { run.quit() }
        // The flood's thread starts after the process does, so nothing is flooded before this moment. (Its
        // "flood begins" line cannot be waited for on the screen: the flood scrolls it away before a frame.)
        let floodNotBefore = run.startedAt + UInt64(EventFlood.startDelayMilliseconds) * 1_000_000
        guard run.waitFor(firstFrameMarker, seconds: 10) != nil else { throw BenchError("no first frame within 10 s") }
        sleepNanos(1_000_000_000)
        let atRest = ProcessProbe.memory(of: run.child.pid)
        guard monotonicNanos() < floodNotBefore else {
            throw BenchError("the dashboard could not be read at rest before its flood began (a slow start-up); run again")
        }
        guard let done = run.waitFor(EventFlood.doneMarker, seconds: 300) else { throw BenchError("the flood did not finish within 300 s") }
        sleepNanos(500_000_000)
        return Flood(atRest: atRest, after: ProcessProbe.memory(of: run.child.pid), seconds: Double(done - floodNotBefore) / 1e9)
    }
}

/// Threads that only poll: wake at the monitors' rhythm on the monotonic clock, sleeping as a monitor
/// sleeps (`WakeWord`), look at one shared value and sleep again. What a poll must cost on this machine
/// right now, with nothing else in it.
final class BarePolls: Sendable {
    private let word = WakeWord()
    /// The value each wake looks at, as a monitor looks at the shared state.
    private let shared = PolledValue()
    private let threads: [PosixThread]
    private let tids: [Int32]

    init(threads count: Int, intervalMs: Int) {
        let tids = Guarded<[Int32]>([])
        let word = self.word, shared = self.shared
        threads = (0..<count).compactMap { n in
            PosixThread(name: "bench-bare-\(n + 1)") {
                tids.update { $0.append(deck_this_thread_id()) }
                var lastSeen = 0
                // The monitors' own rhythm (`PollRhythm`), half an interval out of step with theirs: the four
                // bare threads wake together as the four monitors do, but never on the same tick, where
                // whichever threads the kernel happens to wake first would pay for waking the processor.
                let phase = UInt64(intervalMs) * 500_000
                while !word.wait(seen: 0, deadline: PollRhythm.nextTick(after: monotonicNanos() &- phase, everyMilliseconds: intervalMs) &+ phase) {
                    let now = shared.value.load(ordering: .acquiring)
                    if now != lastSeen { lastSeen = now }
                }
            }
        }
        tids.wait(until: { $0.count == count }, deadline: monotonicNanos() + 5_000_000_000)
        self.tids = tids.withLock { $0 }
    }

    /// Each thread's CPU nanoseconds so far.
    func cpuNanos() -> [UInt64] {
        tids.map { tid in UInt64(ProcSelf.threadCPUMicroseconds(tid: tid) ?? 0) * 1000 }
    }

    func stop() {
        word.bump()
        threads.forEach { $0.join() }
    }
}

/// One shared value, for the bare polls to look at.
final class PolledValue: Sendable {
    let value = Atomic<Int>(0)
}
