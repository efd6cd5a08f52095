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
        case idle, render, detection, ingestion, replay, startup
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
        if wanted(.startup) { rows += startupAndSize() }
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
        // What one poll costs a monitor: its thread's CPU time (schedstat, nanoseconds) over its polls.
        let pollCosts = dashboard.engine.runner.sampleWorkers().filter { sample in
            dashboard.engine.state.worker(sample.id)?.role == .monitor && sample.polls > 0
        }.compactMap { sample in ProcSelf.threadCPUMicroseconds(tid: sample.tid).map { Double($0) / Double(sample.polls) } }
        let pollCost = SampleStats(pollCosts)

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
            .checked("CPU per poll, 4 monitors at 10 Hz (mean / worst)",
                     String(format: "%.1f / %.1f µs", pollCost.mean ?? .nan, pollCost.max ?? .nan),
                     target: "≤ 5 µs (what a poll must cost)", met: (pollCost.max ?? .infinity) <= 5),
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

    /// Start-up: from spawning the binary to its first line of output (plain mode, no monitors), five
    /// times, and the size of the binary itself.
    private func startupAndSize() -> [BenchRow] {
        progress("start-up: the binary to its first line, 5 times…")
        var binary = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &binary, binary.count - 1)
        let path = length > 0 ? String(decoding: binary[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        var times: [Double] = []
        for _ in 0..<5 {
            let started = monotonicNanos()
            guard let child = try? ChildProcess.spawn(path, ["run", "--plain", "--duration", "0.1", "--monitors", "0", "--no-auto"]) else { break }
            var byte: UInt8 = 0
            let got = read(child.outputFD, &byte, 1)
            if got == 1 { times.append(Double(monotonicNanos() - started) / 1e6) }
            var drain = [UInt8](repeating: 0, count: 4096)
            while read(child.outputFD, &drain, drain.count) > 0 {}
            close(child.outputFD)
            child.waitForExit()
        }
        let startup = SampleStats(times)
        var status = stat()
        let size = stat(path, &status) == 0 ? Int(status.st_size) : nil
        return [
            .checked("start-up to the first line (plain mode), median of 5", BenchFormat.ms(startup.p50),
                     target: "≤ 20 ms", met: (startup.p50 ?? .infinity) <= 20),
            BenchRow("binary size", BenchFormat.megabytes(size), target: "(the README's build links the Swift runtime and Foundation statically)"),
        ]
    }

    /// Table order: detection, ingestion, render, key, CPU, memory.
    private func order(_ row: BenchRow) -> Int {
        let prefixes = ["detection polling 10", "missed, polling 10", "detection polling 100", "missed, polling 100",
                        "detection wake", "missed, wake", "ingestion, 1", "ingestion, 8", "longest post, 8",
                        "producer slept", "longest post, 1", "events dropped", "render 80", "render 200", "key to frame", "idle CPU",
                        "CPU per poll", "memory, resident at", "memory, resident after", "replay: index", "replay: seek", "replay: memory",
                        "start-up", "binary size"]
        return prefixes.firstIndex { row.figure.hasPrefix($0) } ?? prefixes.count
    }
}
