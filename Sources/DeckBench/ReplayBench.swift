import DeckCore

/// Measures replay on a large recording: how long opening takes (one pass, checkpoints), how long a
/// seek takes anywhere in it, and what the process holds in memory meanwhile.
public enum ReplayBench {
    /// Writes a recording of `events` events, as a busy run would make them: the main loop writes, four
    /// monitors report each write, frame ticks and worker samples between. The reducer applies each one
    /// (no threads: this measures the file, not the workers).
    public static func writeRecording(path: String, events: Int) throws {
        let recorder = try EventRecorder(path: path)
        var config = DeckConfig()
        config.seed = 1
        config.snapshotWriter = false
        config.alarmAtLaunch = false
        var state = AppState(config: config, now: Timestamp(nanos: 1_800_000_000_000_000_000))
        recorder.begin(state)
        var written = 0
        var version = 0
        func post(_ event: DeckEvent, after nanos: UInt64) {
            let posted = PostedEvent(at: Timestamp(nanos: state.now.nanos + nanos), event: event)
            recorder.record(posted, state: state)
            _ = Reducer.reduce(&state, posted)
            written += 1
        }
        post(.runStarted, after: 0)
        let monitors = state.workers.filter { $0.role == .monitor }.map(\.id)
        for id in monitors { post(.workerRunning(worker: id), after: 1000) }
        while written < events {
            version += 1
            let reading = SharedValueReading(value: Double(version % 500) / 100, version: version)
            post(.valueWritten(index: 0, reading: reading, by: "Main"), after: 20_000_000)
            for id in monitors where written < events {
                post(.changeDetected(worker: id, index: 0, reading: reading, missedVersions: nil), after: 50_000)
            }
            if written < events { post(.tick, after: 10_000) }
            if version % 4 == 0, written < events {
                post(.workersSampled(monitors.map { WorkerSample(id: $0, state: .sleeping, polls: version * 2, seen: version) }), after: 10_000)
            }
        }
        recorder.close()
        if let failure = recorder.failure { throw RecordingError(path: path, line: nil, reason: failure) }
    }

    public struct Result {
        public var events: Int
        public var fileBytes: Int64
        public var openSeconds: Double
        public var seekMs: SampleStats
        public var residentBefore: Int?
        public var residentAfter: Int?
    }

    /// Opens `path`, then seeks to `seeks` spread-out moments (backwards and forwards alternately).
    public static func measure(path: String, seeks: Int = 40) throws -> Result {
        let before = ProcessStats.residentBytes()
        let opened = monotonicNanos()
        let file = try RecordingFile(path: path)
        let player = try ReplayPlayer(file: file)
        let openSeconds = Double(monotonicNanos() - opened) / 1e9
        var random = SeededRandom(seed: 7)
        var times: [Double] = []
        for i in 0..<seeks {
            // Alternate far jumps and one-second steps, the two ways a presenter moves.
            let target = i % 2 == 0 ? UInt64(random.unit() * Double(player.duration))
                                    : player.playhead &+ 1_000_000_000
            let start = monotonicNanos()
            try player.seek(to: target)
            times.append(Double(monotonicNanos() - start) / 1e6)
        }
        return Result(events: file.count, fileBytes: file.size, openSeconds: openSeconds, seekMs: SampleStats(times),
                      residentBefore: before, residentAfter: ProcessStats.residentBytes())
    }
}
