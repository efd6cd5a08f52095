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

    public struct Idle {
        public var seconds: Double
        public var dashboardCPUNanos: UInt64
        /// The classic Python loop's CPU in the same seconds; nil without python3.
        public var pythonCPUNanos: UInt64?
        /// Each monitor thread's CPU per poll, in microseconds, while the bare threads run beside it.
        public var pollMicros: [Double]
        /// A bare thread's CPU per wake-up on the same rhythm, in those same seconds (what a poll must cost
        /// on this machine now).
        public var barePollMicros: [Double]
        public var resident: Int?
        public var threads: [ProcessProbe.Thread]
    }

    /// The dashboard left alone for `seconds` after its first second, beside the Python loop; then as many
    /// seconds more with four bare threads beside both, waking at 10 Hz as the monitors do, so a monitor's
    /// poll and a bare poll are measured in the same seconds on the same busy or quiet machine.
    public static func idle(seconds: Double) throws -> Idle {
        let run = try TerminalRun(arguments: arguments, width: width, height: height, markers: [firstFrameMarker])
        defer { run.quit() }
        guard run.waitFor(firstFrameMarker, seconds: 10) != nil else { throw BenchError("no first frame within 10 s") }
        let python = try? ChildProcess.spawn("python3", ["-c", DeckResources.classicPythonMonitor, "\(Int(seconds * 2) + 10)"],
                                             standard: .discard)
        defer {
            if let python {
                kill(python.pid, SIGTERM)
                python.waitForExit()
                _ = python.reap()
            }
        }
        sleepNanos(1_000_000_000)  // the dashboard past its start, the Python threads running

        let dashboardBefore = ProcessProbe.threads(of: run.child.pid)
        let pythonBefore = python.map { ProcessProbe.cpuNanos(of: $0.pid) }
        let started = monotonicNanos()
        sleepNanos(UInt64(seconds * 1e9))
        let elapsed = Double(monotonicNanos() - started) / 1e9
        let dashboardAfter = ProcessProbe.threads(of: run.child.pid)
        let pythonAfter = python.map { ProcessProbe.cpuNanos(of: $0.pid) }
        let resident = ProcessProbe.residentBytes(of: run.child.pid)

        let bare = BarePolls(threads: 4, intervalMs: 100)
        let besideBare = ProcessProbe.threads(of: run.child.pid)
        let bareBefore = bare.cpuNanos()
        let bareStarted = monotonicNanos()
        sleepNanos(UInt64(seconds * 1e9))
        let bareAfter = bare.cpuNanos()
        let besideBareAfter = ProcessProbe.threads(of: run.child.pid)
        let bareSeconds = Double(monotonicNanos() - bareStarted) / 1e9
        bare.stop()
        run.quit()
        // A Python that is not there (no python3) has exited at once: no figure for it.
        let pythonAlive = python.map { kill($0.pid, 0) == 0 && (pythonAfter ?? 0) > 0 } ?? false

        let polls = bareSeconds * 10
        // Per thread, what it used in the window (a thread that started within it, all it used).
        let threads = dashboardAfter.map { thread in
            var used = thread
            used.cpuNanos -= dashboardBefore.first { $0.tid == thread.tid }?.cpuNanos ?? 0
            return used
        }
        return Idle(
            seconds: elapsed,
            dashboardCPUNanos: threads.reduce(0) { $0 + $1.cpuNanos },
            pythonCPUNanos: pythonAlive ? (pythonAfter ?? 0) &- (pythonBefore ?? 0) : nil,
            pollMicros: besideBareAfter.filter { $0.name.hasPrefix("Monitor-") }.map { thread in
                Double(thread.cpuNanos &- (besideBare.first { $0.tid == thread.tid }?.cpuNanos ?? 0)) / 1000 / polls
            },
            barePollMicros: zip(bareBefore, bareAfter).map { Double($1 &- $0) / 1000 / polls },
            resident: resident, threads: threads)
    }

    public struct Flood {
        public var residentAtFirstFrame: Int?
        public var residentAfter: Int?
        public var seconds: Double
    }

    /// The dashboard's resident size after its first seconds, then after `events` events went through its
    /// inbox, reducer and event log.
    public static func flood(events: Int) throws -> Flood {
        let run = try TerminalRun(arguments: arguments, width: width, height: height,
                                  markers: [firstFrameMarker, EventFlood.doneMarker],
                                  environment: [EventFlood.environmentVariable: "\(events)"])
        defer { run.quit() }
        guard let first = run.waitFor(firstFrameMarker, seconds: 10) else { throw BenchError("no first frame within 10 s") }
        let atRest = ProcessProbe.residentBytes(of: run.child.pid)
        guard let done = run.waitFor(EventFlood.doneMarker, seconds: 300) else { throw BenchError("the flood did not finish within 300 s") }
        sleepNanos(500_000_000)
        return Flood(residentAtFirstFrame: atRest, residentAfter: ProcessProbe.residentBytes(of: run.child.pid),
                     seconds: Double(done - first) / 1e9)
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
