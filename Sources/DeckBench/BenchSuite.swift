import DeckCore
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials

/// `daemondeck bench`: every measurement, run headless on the real code, laid out as one table.
public struct BenchSuite {
    public var quick: Bool
    /// Progress lines (to standard error), so a long run is not silent.
    public var progress: (String) -> Void

    /// Run only these parts (nil: all).
    public var only: Set<Part>?

    public enum Part: String, CaseIterable, Sendable {
        /// The real dashboard on a terminal: idle CPU beside the Python loop, CPU per poll, memory beside the Python loop's.
        case idle
        /// The real dashboard's memory after a million events.
        case flood
        case render, detection, ingestion, replay
        /// The real dashboard's first full frame, and the binary's size.
        case startup
        /// Key to frame in the headless dashboard.
        case keys
        /// `daemondeck watch` sampling a 50-thread Python program, beside the Python loop.
        case watch
        /// The Python start-up hook's cost to a watched program (PythonHookBench).
        case pyhook
    }

    public init(quick: Bool, only: Set<Part>? = nil, progress: @escaping (String) -> Void = { _ in }) {
        self.quick = quick
        self.only = only
        self.progress = progress
    }

    public func run() -> [BenchRow] {
        var rows: [BenchRow] = []
        func wanted(_ part: Part) -> Bool { only?.contains(part) ?? true }
        if wanted(.idle) { rows += idle() }
        if wanted(.flood) { rows += flood() }
        if wanted(.keys) { rows += keys() }
        if wanted(.render) { rows += render() }
        if wanted(.detection) { rows += detection() }
        if wanted(.ingestion) { rows += ingestionAndMemory() }
        if wanted(.replay) { rows += replay() }
        if wanted(.startup) { rows += startupAndSize() }
        if wanted(.watch) { rows += watchCost() }
        if wanted(.pyhook) { rows += PythonHookBench.rows(quick: quick, progress: progress) }
        return rows.sorted { order($0) < order($1) }
    }

    /// The machine the figures came from: cores and CPU model.
    public static func machine() -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingWhitespace() } ?? "" } ?? "unknown CPU"
        return "\(cores) cores, \(model)"
    }

    // MARK: - Measurements

    /// The real dashboard left alone (4 monitors at 10 Hz, 100x30), beside the classic Python loop in the
    /// same windows: CPU as the median of several paired windows with their spread (one window flips
    /// between PASS and MISS with the machine's moment), memory as smaps_rollup gives it for both; then
    /// beside four bare threads waking at 10 Hz.
    private func idle() -> [BenchRow] {
        let windows = quick ? 3 : 5
        let seconds = quick ? 4.0 : 6.0
        let bareSeconds = quick ? 5.0 : 10.0
        progress("idle: the real dashboard on a terminal beside the classic Python loop, \(windows) paired windows of \(Int(seconds)) s, "
                 + "then beside bare threads for \(Int(bareSeconds)) s…")
        let idle: DashboardBench.Idle
        do {
            idle = try DashboardBench.idle(windows: windows, seconds: seconds, bareSeconds: bareSeconds)
        } catch {
            return [BenchRow("idle CPU, real dashboard", "failed: \(error)")]
        }
        let label = "idle CPU, real dashboard 100x30, median of \(idle.windows.count) windows of \(Int(seconds)) s"
        let dashboardMs = SampleStats(idle.windows.map { Double($0.dashboardCPUNanos) / 1e6 })
        var rows: [BenchRow] = []
        let pythonWindows = idle.windows.compactMap(\.pythonCPUNanos)
        if pythonWindows.count == idle.windows.count {
            let pythonMs = SampleStats(pythonWindows.map { Double($0) / 1e6 })
            let ratios = SampleStats(BenchMath.pairedRatios(nanos: idle.windows.map(\.dashboardCPUNanos), pythonWindows))
            rows.append(.checked(label,
                                 BenchFormat.medianAndSpread(dashboardMs, 1) + " ms, Python " + BenchFormat.medianAndSpread(pythonMs, 1)
                                    + " ms: ratio " + BenchFormat.medianAndSpread(ratios, 2),
                                 target: "median ratio ≤ 1.00 (the Python loop's, same windows)", met: (ratios.p50 ?? .infinity) <= 1.0))
        } else {
            rows.append(BenchRow(label, BenchFormat.medianAndSpread(dashboardMs, 1) + " ms",
                                 target: "(no python3 here: nothing to compare with)"))
        }
        let threads = idle.threads.sorted { $0.cpuNanos > $1.cpuNanos }.prefix(4)
            .map { "\($0.name) " + BenchFormat.fixed(Double($0.cpuNanos) / 1e6 / Double(idle.windows.count), 1) }.joined(separator: ", ")
        rows.append(BenchRow("idle CPU by thread (ms per window)", threads, target: "(the four costliest)"))
        let poll = SampleStats(idle.pollMicros), bare = SampleStats(idle.barePollMicros)
        let pollMean = poll.mean ?? .infinity, bareMean = bare.mean ?? .infinity
        rows.append(.checked("CPU per poll, 4 monitors at 10 Hz (mean / worst)",
                             BenchFormat.fixed(pollMean, 1) + " / " + BenchFormat.fixed(poll.max ?? .nan, 1) + " µs; bare poll "
                                + BenchFormat.fixed(bareMean, 1) + " µs",
                             target: "≤ a bare poll + 5 µs", met: pollMean <= bareMean + 5))
        rows += memoryRows(dashboard: idle.dashboardMemory, python: idle.pythonMemory)
        return rows
    }

    /// daemondeck's memory at rest beside the Python loop's, read in the same second: anonymous memory (the
    /// program's own), PSS and RSS.
    private func memoryRows(dashboard: ProcessMemory?, python: ProcessMemory?) -> [BenchRow] {
        func both(_ figure: (ProcessMemory) -> Int) -> String {
            BenchFormat.megabytes(dashboard.map(figure)) + ", Python " + BenchFormat.megabytes(python.map(figure))
        }
        let anonymous: BenchRow
        if let dashboard, let python {
            anonymous = .checked("memory at rest, anonymous (heap, stacks)",
                                 both(\.anonymous) + ": ratio " + BenchFormat.fixed(Double(dashboard.anonymous) / Double(max(1, python.anonymous)), 2),
                                 target: "≤ half the Python loop's (ratio ≤ 0.50)", met: dashboard.anonymous * 2 <= python.anonymous)
        } else {
            anonymous = BenchRow("memory at rest, anonymous (heap, stacks)", both(\.anonymous),
                                 target: dashboard == nil ? "(smaps_rollup unreadable)" : "(no python3 here: nothing to compare with)")
        }
        return [
            anonymous,
            BenchRow("memory at rest, PSS", both(\.proportional), target: "(shared file pages divided among their users)"),
            .checked("memory at rest, resident (RSS)", both(\.resident), target: "daemondeck ≤ 14 MB",
                     met: (dashboard?.resident ?? .max) <= 14 * 1_048_576),
        ]
    }

    /// The real dashboard read at rest, then after a million events (log notes and lifecycle events) through
    /// its inbox, reducer and log.
    private func flood() -> [BenchRow] {
        let events = 1_000_000
        let label = "memory after 1M events (real dashboard), anonymous / RSS"
        progress("flood: a million events into the real dashboard…")
        do {
            let flood = try DashboardBench.flood(events: events)
            guard let atRest = flood.atRest, let after = flood.after else { return [BenchRow(label, "smaps_rollup unreadable")] }
            let anonymousGrowth = after.anonymous - atRest.anonymous
            let residentGrowth = after.resident - atRest.resident
            func signed(_ bytes: Int) -> String { (bytes < 0 ? "-" : "+") + BenchFormat.megabytes(abs(bytes)) }
            return [.checked(label,
                             BenchFormat.megabytes(after.anonymous) + " / " + BenchFormat.megabytes(after.resident) + " (at rest "
                                + BenchFormat.megabytes(atRest.anonymous) + " / " + BenchFormat.megabytes(atRest.resident) + ": "
                                + signed(anonymousGrowth) + " / " + signed(residentGrowth) + ", flood took " + BenchFormat.fixed(flood.seconds, 1) + " s)",
                             target: "flat (each +≤ 1 MB), RSS ≤ 14 MB",
                             met: anonymousGrowth <= 1_048_576 && residentGrowth <= 1_048_576 && after.resident <= 14 * 1_048_576)]
        } catch {
            return [BenchRow(label, "failed: \(error)")]
        }
    }

    /// Key to frame in the headless dashboard: the reducer, the drain and the render, without a terminal.
    private func keys() -> [BenchRow] {
        progress("key to frame (headless)…")
        var config = DeckConfig()
        config.seed = 1
        let dashboard = HeadlessDashboard(config: config)
        dashboard.run(seconds: 0.3)  // threads started, first frames drawn
        let keys: [Key] = [.char("j"), .char("+"), .char("k"), .char("-"), .pageUp, .end]
        var latencies: [Double] = []
        for i in 0..<(quick ? 120 : 300) {
            latencies.append(Double(dashboard.press(keys[i % keys.count])) / 1e6)
            dashboard.run(seconds: 0.002)  // let workers react, as between real key presses
        }
        dashboard.stop()
        let keyStats = SampleStats(latencies)
        return [
            .checked("key to frame (headless) p50 / p99", BenchFormat.ms(keyStats.p50) + " / " + BenchFormat.ms(keyStats.p99),
                     target: "p99 < 1 ms", met: (keyStats.p99 ?? .infinity) < 1),
            BenchRow("inbox slots", "\(Inbox.slotBytes) B each, " + BenchFormat.megabytes(dashboard.engine.inbox.fixedBytes)
                        + " for \(dashboard.engine.inbox.capacity)", target: "(allocated once)"),
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
            .checked("bench process after 1M / 2M events",
                     BenchFormat.megabytes(flooded) + " / " + BenchFormat.megabytes(floodedTwice),
                     target: "flat (< 1 MB apart)", met: abs((floodedTwice ?? .max) - (flooded ?? 0)) < 1_048_576),
        ]
    }

    private func replay() -> [BenchRow] {
        let events = quick ? 200_000 : 1_000_000
        let path = FileExport.temporaryPath("daemondeck-bench-\(getpid()).recording.jsonl")
        defer { unlink(path) }
        progress("replay: writing a recording of \(events) events…")
        do {
            try ReplayBench.writeRecording(path: path, events: events)
            progress("replay: opening it and seeking…")
            let result = try ReplayBench.measure(path: path)
            let grown = (result.residentAfter ?? 0) - (result.residentBefore ?? 0)
            return [
                BenchRow("replay: index \(result.events) events (\(BenchFormat.megabytes(Int(result.fileBytes))) file)",
                         DecimalText.fixed(result.openSeconds, 2) + " s", target: "(in the background; plays at once)"),
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

    /// Start-up: from starting the binary on a terminal to its first full frame, five times; and the size
    /// of the binary itself.
    private func startupAndSize() -> [BenchRow] {
        progress("start-up: the real dashboard to its first full frame, 5 times…")
        let path = ProcSelf.executablePath() ?? CommandLine.arguments[0]
        var status = stat()
        let size = stat(path, &status) == 0 ? Int(status.st_size) : nil
        let sizeRow = BenchRow.checked("binary size", BenchFormat.megabytes(size), target: "≤ 40 MB (78 MB with all of Foundation)",
                                       met: (size ?? .max) <= 40 * 1_048_576)
        do {
            let startup = SampleStats(try DashboardBench.startup(runs: 5))
            return [
                .checked("start-up to the first full frame (real dashboard), median of 5", BenchFormat.ms(startup.p50),
                         target: "≤ 20 ms", met: (startup.p50 ?? .infinity) <= 20),
                sizeRow,
            ]
        } catch {
            return [BenchRow("start-up to the first full frame", "failed: \(error)"), sizeRow]
        }
    }

    /// `daemondeck watch --plain` sampling a Python program of 50 sleeping threads every 100 ms (the frame
    /// rate), beside the classic Python loop in the same windows: the median of paired windows, the cost
    /// per watched thread per sample, and PASS when watching costs less than the loop costs itself.
    private func watchCost() -> [BenchRow] {
        let windows = quick ? 3 : 5
        let seconds = quick ? 3.0 : 5.0
        let label = "watch CPU, \(WatchBench.threads) Python threads sampled at 10 Hz, median of \(windows) windows of \(Int(seconds)) s"
        progress("watch: daemondeck watch --plain on \(WatchBench.threads) Python threads beside the classic Python loop, "
                 + "\(windows) paired windows of \(Int(seconds)) s…")
        let result: WatchBench.Result
        do { result = try WatchBench.run(windows: windows, seconds: seconds) } catch { return [BenchRow(label, "failed: \(error)")] }
        let watchMs = SampleStats(result.windows.map { Double($0.watchCPUNanos) / 1e6 })
        let perSecond = SampleStats(result.windows.map { Double($0.watchCPUNanos) / 1e6 / $0.seconds })
        // CPU per thread per sample: each window's CPU over (threads x samples in it).
        let perThread = SampleStats(result.windows.map {
            Double($0.watchCPUNanos) / 1e3 / (Double(result.watchedThreads) * $0.seconds * 10)
        })
        let share = BenchFormat.fixed((perSecond.p50 ?? .nan) / 10, 2) + "% of a core"
        var rows: [BenchRow] = []
        let loop = result.windows.compactMap(\.pythonLoopCPUNanos)
        if loop.count == result.windows.count {
            let loopMs = SampleStats(loop.map { Double($0) / 1e6 })
            let ratios = SampleStats(BenchMath.pairedRatios(nanos: result.windows.map(\.watchCPUNanos), loop))
            rows.append(.checked(label, BenchFormat.medianAndSpread(watchMs, 1) + " ms (" + share + "), Python loop "
                                    + BenchFormat.medianAndSpread(loopMs, 1) + " ms: ratio " + BenchFormat.medianAndSpread(ratios, 2),
                                 target: "median ratio < 1.00 (the Python loop's own, same windows)", met: (ratios.p50 ?? .infinity) < 1.0))
        } else {
            rows.append(BenchRow(label, BenchFormat.medianAndSpread(watchMs, 1) + " ms (" + share + ")",
                                 target: "(no python3 here: nothing to compare with)"))
        }
        rows.append(BenchRow("watch CPU per thread per sample", BenchFormat.fixed(perThread.p50 ?? .nan, 1) + " µs ("
                                + "\(result.watchedThreads) threads)", target: "(stat + schedstat + syscall, files kept open)"))
        if let floor = result.readsAloneCPUNanos {
            // Scaled to one window's length, to read beside the row above.
            let floorMs = Double(floor) / 1e6 * seconds / result.readsAloneSeconds
            rows.append(BenchRow("watch: the /proc reads alone, same threads, 10 Hz", BenchFormat.fixed(floorMs, 1) + " ms per "
                                    + "\(Int(seconds)) s", target: "(the floor: nothing parsed; one bench thread, one more window)"))
        }
        return rows
    }

    /// Table order: detection, ingestion, render, key, CPU, memory.
    private func order(_ row: BenchRow) -> Int {
        let prefixes = ["detection polling 10", "missed, polling 10", "detection polling 100", "missed, polling 100",
                        "detection wake", "missed, wake", "ingestion, 1", "ingestion, 8", "longest post, 8",
                        "producer slept", "longest post, 1", "events dropped", "bench process", "render 80", "render 200", "key to frame",
                        "inbox slots", "idle CPU, real", "idle CPU by", "CPU per poll", "memory at rest, anonymous", "memory at rest, PSS",
                        "memory at rest, resident", "memory after",
                        "replay: index", "replay: seek", "replay: memory", "start-up", "binary size", "watch CPU, ", "watch CPU per", "watch: the /proc"]
        return prefixes.firstIndex { row.figure.hasPrefix($0) } ?? prefixes.count
    }
}
