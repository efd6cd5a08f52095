import DeckCore
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// Event log ingestion: producer threads post monitor events into the real inbox while this thread drains
/// them through the real engine (reducer included) into the event log, as the UI loop does.
public enum IngestionBench {
    public struct Result: Sendable {
        public var producers: Int
        public var posted: Int
        /// Entries that reached the event log.
        public var logged: Int
        public var dropped: Int
        public var elapsedNanos: UInt64
        /// The longest single `post` call of any producer, in nanoseconds (wall time: it includes any moment
        /// the scheduler took the core away).
        public var longestPostNanos: UInt64
        /// Times a producer went to sleep while posting (voluntary context switches, as a lock wait would
        /// cause). Involuntary ones (preemption by the scheduler) are not the inbox's doing and not counted.
        public var sleepsWhilePosting: Int
        public var eventsPerSecond: Double? { BenchMath.perSecond(count: logged, nanos: elapsedNanos) }
    }

    /// An engine with one idle monitor row, so events name a real worker as they do in the dashboard.
    public static func makeEngine(waker: Waker) -> Engine {
        var config = DeckConfig()
        config.monitors = 1
        config.intervalMs = 10_000
        config.snapshotWriter = false
        config.alarmAtLaunch = false
        let engine = Engine(config: config, waker: waker)
        engine.start()
        return engine
    }

    /// Posts `total` events split over `producers` threads and drains them into `engine`'s log.
    /// With `ratePerSecond` the producers together post at that pace (bursts of 128, then sleep to the
    /// schedule), as real workers do; without it they post flat out.
    public static func run(engine: Engine, waker: Waker, producers: Int, total: Int, ratePerSecond: Double? = nil) -> Result {
        let inbox = engine.inbox
        let workerID = engine.state.workers.first?.id ?? 1
        let loggedBefore = engine.state.log.totalAppended
        let droppedBefore = inbox.dropped
        let longest = Atomic<UInt64>(0)
        let finished = Atomic<Int>(0)
        let sleeps = Atomic<Int>(0)
        let perProducer = total / producers
        let started = monotonicNanos()
        var threads: [PosixThread] = []
        for p in 0..<producers {
            let thread = PosixThread(name: "bench-producer-\(p)") {
                var worst: UInt64 = 0
                var slept = 0
                let burst = 128
                let gapNanos = ratePerSecond.map { Double(burst * producers) / $0 * 1e9 }
                var i = 0
                while i < perProducer {
                    if let gapNanos {
                        let due = started + UInt64(Double(i / burst) * gapNanos)
                        let now = monotonicNanos()
                        if due > now { sleepNanos(due - now) }
                    }
                    let switchesBefore = voluntarySwitches()
                    for _ in 0..<min(burst, perProducer - i) {
                        let version = p * perProducer + i + 1
                        let reading = SharedValueReading(value: Double(version % 5000) / 1000, version: version)
                        let event = DeckEvent.changeDetected(worker: workerID, index: 0, reading: reading, missedVersions: nil)
                        let before = monotonicNanos()
                        inbox.post(event)
                        let took = monotonicNanos() &- before
                        if took > worst { worst = took }
                        i += 1
                    }
                    slept += voluntarySwitches() - switchesBefore
                }
                sleeps.add(slept, ordering: .relaxed)
                _ = longest.max(worst, ordering: .relaxed)
                finished.add(1, ordering: .releasing)
            }
            guard let thread else { fatalError("bench: the system refused a producer thread") }
            threads.append(thread)
        }
        let expected = perProducer * producers
        while true {
            let drained = engine.drain()
            let logged = engine.state.log.totalAppended - loggedBefore
            let dropped = inbox.dropped - droppedBefore
            if logged + dropped >= expected && finished.load(ordering: .acquiring) == producers { break }
            if drained == 0 { waker.wait(timeoutMs: 5) }
        }
        let elapsed = monotonicNanos() - started
        threads.forEach { $0.join() }
        return Result(producers: producers, posted: expected,
                      logged: engine.state.log.totalAppended - loggedBefore, dropped: inbox.dropped - droppedBefore,
                      elapsedNanos: elapsed, longestPostNanos: longest.load(ordering: .relaxed),
                      sleepsWhilePosting: sleeps.load(ordering: .relaxed))
    }

    /// Stops the engine's monitor so no thread is left behind.
    public static func stop(_ engine: Engine) {
        for row in engine.state.workers where row.isAlive { engine.runner.run(.stopWorker(row.id)) }
    }
}

/// Voluntary context switches of the calling thread so far.
func voluntarySwitches() -> Int {
    var usage = rusage()
    guard getrusage(rusageWho(selfProcess: false), &usage) == 0 else { return 0 }  // 1 is RUSAGE_THREAD (Linux), not imported
    return usage.ru_nvcsw
}
