import DeckCore
import Foundation

/// `daemondeck bench`: every measurement, run headless on the real code, laid out as one table.
public struct BenchSuite {
    public var quick: Bool
    /// Progress lines (to standard error), so a long run is not silent.
    public var progress: (String) -> Void

    /// Run only these parts (nil: all).
    public var only: Set<Part>?

    public enum Part: String, CaseIterable, Sendable {
        case idle, render, detection, ingestion, replay
    }

    public init(quick: Bool, only: Set<Part>? = nil, progress: @escaping (String) -> Void = { _ in }) {
        self.quick = quick
        self.only = only
        self.progress = progress
    }

    public func run() -> [BenchRow] {
        var rows: [BenchRow] = []
        func wanted(_ part: Part) -> Bool { only?.contains(part) ?? true }
        if wanted(.idle) { rows += idleAndKeys() }
        if wanted(.render) { rows += render() }
        if wanted(.detection) { rows += detection() }
        if wanted(.ingestion) { rows += ingestionAndMemory() }
        if wanted(.replay) { rows += replay() }
        return rows.sorted { order($0) < order($1) }
    }

    /// The machine the figures came from: cores and CPU model.
    public static func machine() -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown CPU"
        return "\(cores) cores, \(model)"
    }

    // MARK: - Measurements

    private func idleAndKeys() -> [BenchRow] {
        let seconds = quick ? 3.0 : 10.0
        progress("idle CPU: default dashboard (4 monitors at 10 Hz, snapshot writer, alarm) for \(Int(seconds)) s…")
        var config = DeckConfig()
        config.seed = 1
        let dashboard = HeadlessDashboard(config: config)
        dashboard.run(seconds: 0.3)  // threads started, first frames drawn
        let cpuBefore = ProcessStats.cpuNanos()
        let wallBefore = monotonicNanos()
        dashboard.run(seconds: seconds)
        let cpu = BenchMath.cpuPercent(cpuNanos: ProcessStats.cpuNanos() - cpuBefore, wallNanos: monotonicNanos() - wallBefore)
        let resting = ProcessStats.residentBytes()

        progress("key to frame (headless)…")
        let keys: [Key] = [.char("j"), .char("+"), .char("k"), .char("-"), .pageUp, .end]
        var latencies: [Double] = []
        for i in 0..<(quick ? 120 : 300) {
            latencies.append(Double(dashboard.press(keys[i % keys.count])) / 1e6)
            dashboard.run(seconds: 0.002)  // let workers react, as between real key presses
        }
        dashboard.stop()
        let keyStats = SampleStats(latencies)
        return [
            .checked("idle CPU, default dashboard, \(Int(seconds)) s", BenchFormat.percent(cpu) + " of a core",
                     target: "≤ 0.50% (classic: 1.1%)", met: (cpu ?? 100) <= 0.5),
            .checked("memory, resident at rest", BenchFormat.megabytes(resting), target: "≤ 20 MB",
                     met: (resting ?? .max) <= 20 * 1_048_576),
            .checked("key to frame (headless) p50 / p99", BenchFormat.ms(keyStats.p50) + " / " + BenchFormat.ms(keyStats.p99),
                     target: "p99 < 16 ms (one frame)", met: (keyStats.p99 ?? .infinity) < 16),
        ]
    }

    private func render() -> [BenchRow] {
        progress("render: full frames into the screen buffer…")
        let iterations = quick ? 500 : 3000
        return [(80, 24), (200, 60)].map { size in
            let stats = RenderBench.run(width: size.0, height: size.1, iterations: iterations)
            return .checked("render \(size.0)x\(size.1) p50 / p99", BenchFormat.ms(stats.p50) + " / " + BenchFormat.ms(stats.p99),
                            target: "p99 < 1 ms", met: (stats.p99 ?? .infinity) < 1)
        }
    }

    private func detection() -> [BenchRow] {
        let phases = [
            DetectionBench.Phase(writes: quick ? 20 : 50, maxGapMs: 300),
            DetectionBench.Phase(writes: 50, maxGapMs: 50),
            DetectionBench.Phase(writes: quick ? 30 : 100, minGapMs: 105, maxGapMs: 150, measuresLatency: true),
        ]
        progress("detection: writes at random gaps, three real monitors watching…")
        var rows: [BenchRow] = []
        for result in DetectionBench.run(phases: phases) {
            let stats = result.latencyMs
            let latency = [stats.p50, stats.p99, stats.max].map(BenchFormat.ms).joined(separator: " / ")
            let label = "detection \(result.spec.label) p50 / p99 / max"
            let missed = zip(phases, result.missed).filter { !$0.0.measuresLatency }
                .map { "\($1)/\($0.writes) at gaps ≤ \($0.maxGapMs) ms" }.joined(separator: ", ")
            switch result.spec.strategy {
            case .polling:
                let interval = Double(result.spec.intervalMs)
                let p50 = stats.p50 ?? .infinity
                rows.append(.checked(label, latency, target: "p50 \(Int(interval * 0.3))-\(Int(interval * 0.7)) ms, p99 < \(Int(interval)) ms",
                                     met: abs(p50 - interval / 2) <= interval * 0.2 && (stats.p99 ?? .infinity) < interval))
                let reference = result.spec.intervalMs == 100 ? "classic 10 Hz: 8/50, 38/50" : "polling misses fast writes"
                rows.append(BenchRow("missed, \(result.spec.label)", missed, target: reference))
            case .wakeOnChange:
                rows.append(.checked(label, latency, target: "p99 < 1 ms", met: (stats.p99 ?? .infinity) < 1))
                // A broadcast does not queue: writes closer together than a wake-up merge. Not a target.
                rows.append(BenchRow("missed, \(result.spec.label)", missed, target: "merges writes closer than a wake-up"))
            case .queue:
                rows.append(.checked(label, latency, target: "p99 < 1 ms", met: (stats.p99 ?? .infinity) < 1))
                rows.append(.checked("missed, \(result.spec.label)", missed, target: "none (of all \(phases.map(\.writes).reduce(0, +)) writes)",
                                     met: result.missed.allSatisfy { $0 == 0 }))
            }
        }
        return rows
    }

    private func ingestionAndMemory() -> [BenchRow] {
        guard let waker = Waker() else { return [BenchRow("event log ingestion", "no pipe available")] }
        let total = 1_000_000
        progress("ingestion: 1 million events, 1 producer…")
        let engine = IngestionBench.makeEngine(waker: waker)
        let single = IngestionBench.run(engine: engine, waker: waker, producers: 1, total: total)
        let flooded = ProcessStats.residentBytes()
        progress("ingestion: 1 million events, 8 producers flat out…")
        let eight = IngestionBench.run(engine: engine, waker: waker, producers: 8, total: total)
        let floodedTwice = ProcessStats.residentBytes()
        progress("ingestion: 8 producers at 2 million events/s together…")
        let paced = IngestionBench.run(engine: engine, waker: waker, producers: 8, total: quick ? 1_000_000 : 2_000_000,
                                       ratePerSecond: 2_000_000)
        IngestionBench.stop(engine)
        let longestPaced = Double(paced.longestPostNanos) / 1e6
        return [
            .checked("ingestion, 1 producer", BenchFormat.rate(single.eventsPerSecond) + " into the log",
                     target: "≥ 2M/s", met: (single.eventsPerSecond ?? 0) >= 2_000_000),
            BenchRow("ingestion, 8 producers flat out", BenchFormat.rate(eight.eventsPerSecond) + " into the log",
                     target: "(9 busy threads on \(ProcessInfo.processInfo.activeProcessorCount) cores)"),
            .checked("longest post, 8 producers at 2M/s", BenchFormat.ms(longestPaced) + " wall",
                     target: "≤ 1 ms", met: longestPaced <= 1),
            .checked("producer slept in post (1 / 8 / 8 paced)",
                     "\(single.sleepsWhilePosting) / \(eight.sleepsWhilePosting) / \(paced.sleepsWhilePosting) times",
                     target: "never (lock-free post)",
                     met: single.sleepsWhilePosting + eight.sleepsWhilePosting + paced.sleepsWhilePosting == 0),
            BenchRow("longest post, 1 / 8 flat out", BenchFormat.ms(Double(single.longestPostNanos) / 1e6) + " / "
                     + BenchFormat.ms(Double(eight.longestPostNanos) / 1e6) + " wall", target: "(includes preemption)"),
            BenchRow("events dropped (full inbox)",
                     "\(single.dropped)/\(single.posted), \(eight.dropped)/\(eight.posted), \(paced.dropped)/\(paced.posted)",
                     target: "counted and shown"),
            .checked("memory, resident after 1M / 2M events",
                     BenchFormat.megabytes(flooded) + " / " + BenchFormat.megabytes(floodedTwice),
                     target: "≤ 20 MB, flat (< 1 MB apart)",
                     met: max(flooded ?? .max, floodedTwice ?? .max) <= 20 * 1_048_576
                        && abs((floodedTwice ?? .max) - (flooded ?? 0)) < 1_048_576),
        ]
    }

    private func replay() -> [BenchRow] {
        let events = quick ? 200_000 : 1_000_000
        let path = NSTemporaryDirectory() + "daemondeck-bench-\(getpid()).recording.jsonl"
        defer { unlink(path) }
        progress("replay: writing a recording of \(events) events…")
        do {
            try ReplayBench.writeRecording(path: path, events: events)
            progress("replay: opening it and seeking…")
            let result = try ReplayBench.measure(path: path)
            let grown = (result.residentAfter ?? 0) - (result.residentBefore ?? 0)
            return [
                BenchRow("replay: index \(result.events) events (\(BenchFormat.megabytes(Int(result.fileBytes))) file)",
                         String(format: "%.2f s", result.openSeconds), target: "(in the background; plays at once)"),
                .checked("replay: seek p50 / max (\(result.seekMs.count) seeks)",
                         BenchFormat.ms(result.seekMs.p50) + " / " + BenchFormat.ms(result.seekMs.max),
                         target: "max < 100 ms", met: (result.seekMs.max ?? .infinity) < 100),
                .checked("replay: memory held for \(result.events) events", BenchFormat.megabytes(max(0, grown)),
                         target: "≤ 64 MB, bounded (not the file)", met: grown <= 64 * 1_048_576),
            ]
        } catch {
            return [BenchRow("replay", "failed: \(error)")]
        }
    }

    /// Table order: detection, ingestion, render, key, CPU, memory.
    private func order(_ row: BenchRow) -> Int {
        let prefixes = ["detection polling 10", "missed, polling 10", "detection polling 100", "missed, polling 100",
                        "detection wake", "missed, wake", "ingestion, 1", "ingestion, 8", "longest post, 8",
                        "producer slept", "longest post, 1", "events dropped", "render 80", "render 200", "key to frame", "idle CPU",
                        "memory, resident at", "memory, resident after", "replay: index", "replay: seek", "replay: memory"]
        return prefixes.firstIndex { row.figure.hasPrefix($0) } ?? prefixes.count
    }
}
