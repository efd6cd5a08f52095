import DeckCore

/// Detection latency and missed changes, measured on real monitor threads and the real shared store.
///
/// One store, three monitors at once (polling at 10 Hz, polling at 100 Hz, wake-on-change), each posting
/// into its own inbox stamped with the monotonic clock. The calling thread is the writer: it writes at
/// uniformly random gaps and notes the monotonic time of each write while the store's lock is held. A
/// detection's latency is its inbox time minus the time of the write it reports.
public enum DetectionBench {
    /// A run of writes at uniformly random gaps in `minGapMs...maxGapMs`.
    public struct Phase: Equatable, Sendable {
        public var writes: Int
        public var minGapMs: Int
        public var maxGapMs: Int
        /// Latency comes only from phases whose gaps exceed every poll interval: there each write is seen
        /// on its own. Where writes crowd, a poll sees whichever came last, which skews latency short.
        public var measuresLatency: Bool

        public init(writes: Int, minGapMs: Int = 0, maxGapMs: Int, measuresLatency: Bool = false) {
            self.writes = writes
            self.minGapMs = minGapMs
            self.maxGapMs = maxGapMs
            self.measuresLatency = measuresLatency
        }
    }

    public struct MonitorSpec: Sendable {
        public var label: String
        public var strategy: MonitorStrategy
        public var intervalMs: Int
    }

    public struct MonitorResult: Sendable {
        public var spec: MonitorSpec
        /// Milliseconds from write to detection, for every write of the latency phases.
        public var latencyMs: SampleStats
        /// Writes never seen, per phase (same order as the phases).
        public var missed: [Int]
    }

    public static let monitors: [MonitorSpec] = [
        MonitorSpec(label: "polling 10 Hz", strategy: .polling, intervalMs: 100),
        MonitorSpec(label: "polling 100 Hz", strategy: .polling, intervalMs: 10),
        MonitorSpec(label: "wake-on-change", strategy: .wakeOnChange, intervalMs: 100),
        MonitorSpec(label: "queue", strategy: .queue, intervalMs: 100),
    ]

    /// - Parameter seed: the gaps' generator. It differs per run by default: with a fixed seed the writes
    ///   fall at the same points of the monitors' poll rhythm every run, which skews the latency the same way.
    public static func run(phases: [Phase], seed: UInt64 = monotonicNanos()) -> [MonitorResult] {
        let store = SharedStore(names: ["data"], initialValues: [0], steps: [1])
        let clock = MonotonicWallClock()
        var workers: [(MonitorWorker, Inbox)] = []
        for (index, spec) in monitors.enumerated() {
            let inbox = Inbox(clock: clock)
            let handle = WorkerHandle(id: index + 1, name: spec.label, kind: .daemon, model: .thread)
            let settings = MonitorSettings(intervalMs: spec.intervalMs, strategy: spec.strategy)
            let worker = MonitorWorker(life: WorkerLife(handle: handle, inbox: inbox, gate: nil), store: store, settings: settings)
            worker.start()
            workers.append((worker, inbox))
        }
        waitUntil(seconds: 2) { workers.allSatisfy { $0.0.handle.polls.load(ordering: .relaxed) > 0 } }

        // writeNanos[v] is when version v was written; phaseOf[v] which phase wrote it.
        var writeNanos: [UInt64] = [0]
        var phaseOf: [Int] = [-1]
        var random = SeededRandom(seed: seed)
        for (phaseIndex, phase) in phases.enumerated() {
            for _ in 0..<phase.writes {
                let gapMs = Double(phase.minGapMs) + random.unit() * Double(phase.maxGapMs - phase.minGapMs)
                sleepNanos(UInt64(gapMs * 1_000_000))
                let value = (random.unit() * 5000).rounded() / 1000
                var at: UInt64 = 0
                store.write(0, value: value) { _ in at = monotonicNanos() }
                writeNanos.append(at)
                phaseOf.append(phaseIndex)
            }
            // Let the slowest monitor look once more, so every write of this phase is seen or missed.
            sleepNanos(150_000_000)
        }
        for (worker, _) in workers { worker.requestStop() }

        return zip(monitors, workers).map { spec, pair in
            var latencies: [Double] = []
            var seenPerPhase = Array(repeating: 0, count: phases.count)
            var ended = false
            let deadline = monotonicNanos() + 2_000_000_000
            while !ended && monotonicNanos() < deadline {
                let events = pair.1.drain()
                for posted in events {
                    switch posted.event {
                    case .changeDetected(_, _, let reading, _):
                        guard reading.version < writeNanos.count else { continue }
                        let written = writeNanos[reading.version]
                        let phase = phaseOf[reading.version]
                        if phases[phase].measuresLatency {
                            latencies.append(Double(Int64(posted.at.nanos) - Int64(written)) / 1e6)
                        }
                        seenPerPhase[phase] += 1
                    case .workerEnded:
                        ended = true
                    default:
                        break
                    }
                }
                if events.isEmpty { sleepNanos(1_000_000) }
            }
            let missed = phases.indices.map { phases[$0].writes - seenPerPhase[$0] }
            return MonitorResult(spec: spec, latencyMs: SampleStats(latencies), missed: missed)
        }
    }

    /// Polls `condition` every millisecond until it holds or `seconds` pass (bench code, not tests).
    static func waitUntil(seconds: Double, _ condition: () -> Bool) {
        let deadline = monotonicNanos() + UInt64(seconds * 1e9)
        while !condition() && monotonicNanos() < deadline { sleepNanos(1_000_000) }
    }
}
