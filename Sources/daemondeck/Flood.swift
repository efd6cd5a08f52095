import ArgumentParser
import DeckBench
import DeckCore
import DeckTerminal
import Synchronization

/// Hidden: posts a flood of events (`EventFlood`: log notes and lifecycle events) through the real Inbox
/// and Engine (reducer, event log) and prints the resident size before and after, so the robustness suite
/// can check that memory stays flat. With `--dashboard` it floods the real dashboard instead, for the
/// bench. Bench-only: the shipped dashboard (`run`) has no flood switch and reads no bench variable.
struct Flood: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flood",
        abstract: "Post a flood of events through the event log and report resident size.",
        shouldDisplay: false
    )

    @Option(name: .long, help: "Events to post, 1000-100000000.")
    var events: Int = 1_000_000

    @Option(name: .long, help: ArgumentHelp("Instead, write a recording of that many events to FILE (for daemondeck replay and its bench).", valueName: "FILE"))
    var record: String?

    @Flag(name: .long, help: "Instead, open the default dashboard (4 monitors at 100 ms) and flood it from a thread of its own; the log shows \"flood done\" once the last event was drained.")
    var dashboard = false

    func validate() throws {
        guard (1000...100_000_000).contains(events) else {
            throw ValidationError("--events must be between 1000 and 100000000, got \(events)")
        }
    }

    func run() throws {
        var config = DeckConfig()
        config.monitors = 0
        config.snapshotWriter = false
        config.alarmAtLaunch = false
        guard let waker = Waker() else { throw ExitCode.failure }
        if let record {
            // A recording of exactly that many events (no inbox, so none dropped): for replay and its bench.
            do { try ReplayBench.writeRecording(path: record, events: events) } catch { throw ValidationError("--record: \(error)") }
            print("flood: recorded \(events) events to \(record)")
            return
        }
        if dashboard {
            try floodDashboard()
            return
        }
        let engine = Engine(config: config, waker: waker)
        engine.start()
        // Four quarters; the first fills the log's ring and takes the inbox to its high-water mark.
        // Flat means no later quarter needs much more memory than the first one did.
        let quarter = events / 4
        let started = monotonicNanos()
        var peaks: [Int] = []
        for part in 0..<4 {
            peaks.append(post(engine: engine, waker: waker, count: quarter, from: part * quarter))
        }
        let seconds = Double(monotonicNanos() - started) / 1e9
        let state = engine.state
        let growth = (peaks.dropFirst().max() ?? 0) - peaks[0]
        print("flood: events=\(quarter * 4) logged=\(state.log.totalAppended) kept=\(state.log.count) "
            + "dropped=\(state.droppedEvents) lifecycle_posts_waited=\(state.inboxPostsWaited) "
            + "lifecycle_held_most=\(engine.inbox.lifecycleHighWater) seconds=\(DecimalText.fixed(seconds, 2))")
        print("flood: rss_peak_kb_per_quarter=\(peaks.map { String($0 / 1024) }.joined(separator: ",")) "
            + "rss_growth_after_first_quarter_kb=\(growth / 1024)")
    }

    /// The dashboard as `daemondeck` opens it by default, flooded once it runs (what the bench measures).
    private func floodDashboard() throws {
        var config = DeckConfig()
        config.monitors = 4
        config.intervalMs = 100
        config.firstLookHint = true
        let code = try DashboardSession(config: config, color: true, ascii: false, flood: events).run()
        throw ExitCode(code)
    }

    /// One producer thread posts `count` flood events; this (the UI) thread drains them through the reducer.
    /// Returns the highest resident size seen while draining.
    private func post(engine: Engine, waker: Waker, count: Int, from start: Int) -> Int {
        let inbox = engine.inbox
        let done = DoneFlag()
        let producer = PosixThread(name: "flood-producer") {
            for n in start..<(start + count) {
                inbox.post(EventFlood.event(n))
            }
            done.flag.store(true, ordering: .releasing)
            inbox.post(.tick)
        }
        guard let producer else { fatalError("flood: the system refused a producer thread") }
        var peak = 0
        while true {
            engine.drain()
            peak = max(peak, SelfCostSampler.residentBytes() ?? 0)
            if done.flag.load(ordering: .acquiring) && inbox.isEmpty { break }
            waker.wait(timeoutMs: 10)
        }
        producer.join()
        engine.drain()
        return max(peak, SelfCostSampler.residentBytes() ?? 0)
    }
}

/// Set by the producer thread when it has posted everything.
private final class DoneFlag: Sendable {
    let flag = Atomic<Bool>(false)
}
