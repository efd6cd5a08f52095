@testable import DeckCore
import DeckTestSupport
import Testing

/// What `z`, `s` and `q` say while watching is what they do: z stops the program's group (SIGSTOP) and
/// only while there is one to stop, s never claims to step a stopped process, a `--pid` process is never
/// signalled, and the SIGKILL countdown stays on an 80x24 screen.
@Suite struct WatchKeysTellTheTruthTests {
    static func press(_ state: inout AppState, _ char: Character, at ms: Int) -> [DeckEffect] {
        Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: UInt64(ms) * 1_000_000), event: .key(.char(char))))
    }

    /// What the status bar says (it may take the two bottom rows).
    static func bar(_ state: AppState) -> String {
        let lines = screen(state).lines
        return lines[22] + " " + lines[23]
    }

    static func screen(_ state: AppState) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: 80, height: 24, glyphs: .unicode)
        DashboardView.render(state, into: &buffer)
        return buffer
    }

    @Test func zSaysItStopsTheGroupAndSNeverPretendsToStepIt() {
        var state = WatchTimelineTests.watchedSession()
        let freeze = Self.press(&state, "z", at: 2_100)
        #expect(freeze.contains(.freeze))
        #expect(state.log.entries.last?.text == "FROZEN: SIGSTOP to python3's process group (pid 4242): every thread of it stops until z thaws it (SIGCONT)")
        let frozenBar = Self.bar(state)
        #expect(frozenBar.contains("FROZEN") && frozenBar.contains("z thaws"), "\(frozenBar)")
        #expect(!frozenBar.contains("s steps"), "\(frozenBar)")

        let logged = state.log.totalAppended
        let step = Self.press(&state, "s", at: 2_200)
        #expect(!step.contains { if case .step = $0 { true } else { false } })
        #expect(state.log.totalAppended == logged, "s logged \(state.log.entries.last?.text ?? "")")
        let bar = Self.bar(state)
        #expect(bar.contains("a watched program cannot be stepped: z thaws it"), "\(bar)")
        #expect(bar.components(separatedBy: "z thaws").count == 2, "the thaw key said more than once: \(bar)")
    }

    /// Frozen, and a message that names the thaw key itself (← back to now on the timeline): the bar says
    /// `z thaws` once, and still says what s and Tab do.
    @Test func theFrozenBarNamesTheThawKeyOnce() {
        var config = DeckConfig()
        config.monitors = 1
        var state = AppState(config: config, now: Timestamp(nanos: 0))
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 0), event: .runStarted))
        _ = Self.press(&state, "z", at: 100)
        #expect(state.freeze.isFrozen)
        Reducer.panTimeline(&state, back: false)
        let bar = Self.bar(state)
        #expect(bar.contains("timeline at now · ← looks back · z thaws"), "\(bar)")
        #expect(bar.contains("s steps Monitor-1"), "\(bar)")
        #expect(bar.components(separatedBy: "z thaws").count == 2, "the thaw key said more than once: \(bar)")
    }

    @Test func aProgramThatEndsWhileFrozenLeavesNothingFrozenAndZThenFreezesNothing() {
        var state = WatchTimelineTests.watchedSession()
        _ = Self.press(&state, "z", at: 2_100)
        #expect(state.freeze.isFrozen)
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_300_000_000), event: .watch(.programEnded(.signalled(9), seconds: 2.3))))
        #expect(!state.freeze.isFrozen)
        let effects = Self.press(&state, "z", at: 2_400)
        #expect(!effects.contains(.freeze))
        #expect(!state.freeze.isFrozen)
        // Neither the status bar nor the Workers title says FROZEN (the log keeps its history).
        let text = Self.screen(state).text
        #expect(!Self.bar(state).contains("FROZEN"), "\(text)")
        #expect(!text.contains("Workers · python3 pid 4242 · FROZEN") && !text.contains("SIGSTOP sent"), "\(text)")
        #expect(Self.bar(state).contains("nothing to freeze: python3 is not running"), "\(text)")
    }

    static func attachedSession() -> AppState {
        var config = WatchRunner.config(for: WatchTarget(source: .attach(pid: 17493)))
        config.seed = 1
        var state = AppState(config: config, now: Timestamp(nanos: 0))
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 0), event: .runStarted))
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 10_000_000), event: .watch(.attached(pid: 17493, name: "python3"))))
        let reading = ProcThreadReading(tid: 17493, name: "python3", state: .running, cpuNanos: 0, wait: nil)
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 20_000_000), event: .watch(.threadStarted(reading, alreadyRunning: true))))
        return state
    }

    @Test func aProcessWatchedWithPidIsNeverSignalledAndQuittingOnlyStopsReadingIt() {
        var state = Self.attachedSession()
        let text = Self.screen(state).text
        #expect(text.contains("Workers · pid 17493 ·"), "\(text)")
        #expect(!text.contains("pid 17493 pid 17493"), "\(text)")
        #expect(!Self.bar(state).contains("z freeze"))

        let freeze = Self.press(&state, "z", at: 100)
        #expect(!freeze.contains(.freeze))
        #expect(!state.freeze.isFrozen)
        #expect(Self.bar(state).contains("daemondeck only watches pid 17493, it never signals it"), "\(Self.bar(state))")

        _ = Self.press(&state, "q", at: 200)
        let row = state.workers.first { $0.role == .child }!
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 300_000_000), event: .workerEnded(worker: row.id, fate: .detached)))
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 310_000_000), event: .workerJoined(worker: row.id, joined: true)))
        let lines = state.log.entries.map(\.text)
        #expect(lines.contains("quitting: stops watching pid 17493; it is not signalled"), "\(lines)")
        #expect(lines.contains("stopped watching pid 17493; it runs on"), "\(lines)")
        #expect(!lines.contains { $0.contains("joining") || $0 == "joined" }, "\(lines)")
        let summary = QuitSummary.render(state)
        #expect(summary.contains("watched read-only, never signalled; it runs on"), "\(summary)")
        #expect(summary.contains("watched pid 17493 read-only: it runs on, 1 thread seen"), "\(summary)")
        #expect(!summary.contains("joined"), "\(summary)")
    }

    @Test func aSecondQKillsTheProgramAtOnceAndTheQuitStillWaitsForItsReap() {
        var state = WatchTimelineTests.watchedSession()
        let first = Self.press(&state, "q", at: 2_100)
        #expect(first.contains { if case .stopWorker = $0 { true } else { false } })
        #expect(state.log.entries.last?.text == "quitting: ending python3 and waiting for its reap (q again sends SIGKILL)")
        let second = Self.press(&state, "q", at: 2_200)
        #expect(second.contains { if case .killWatched = $0 { true } else { false } }, "\(second)")
        #expect(!second.contains { if case .exit = $0 { true } else { false } }, "\(second)")
        #expect(state.log.entries.last?.text == "q again: SIGKILL to python3's process group now (q once more abandons it)")
        // The reap comes: the summary says killed, not abandoned.
        let row = state.workers.first { $0.role == .child }!
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_300_000_000), event: .watch(.programEnded(.signalled(9), seconds: 2.3))))
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_310_000_000), event: .workerJoined(worker: row.id, joined: true)))
        let summary = QuitSummary.render(state)
        // The program's row and its line both name the signal (what it cleaned up before is not daemondeck's to know).
        #expect(summary.contains("process  killed by signal 9 (SIGKILL)") && summary.contains("(pid 4242): killed by signal 9 (SIGKILL)"), "\(summary)")
        #expect(!summary.contains("abandoned") && !summary.contains("still running"), "\(summary)")

        // A program that will not die (a third q): the quit is forced.
        var stuck = WatchTimelineTests.watchedSession()
        _ = Self.press(&stuck, "q", at: 2_100)
        _ = Self.press(&stuck, "q", at: 2_200)
        #expect(Self.press(&stuck, "q", at: 2_300).contains { if case .exit = $0 { true } else { false } })
    }

    /// A program ended by the quit (here by SIGTERM to daemondeck): the log's last word on it is its reap,
    /// never "joined" (what the quit joins is daemondeck's watcher thread, not the program).
    @Test func aProgramEndedByTheQuitIsReapedNeverSaidToBeJoined() {
        for (ending, fate) in [(WatchEnding.signalled(15), WorkerFate.killed), (.exited(0), .finished)] {
            var state = WatchTimelineTests.watchedSession()
            _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_100_000_000), event: .signal(15)))  // SIGTERM
            let row = state.workers.first { $0.role == .child }!
            _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_200_000_000), event: .watch(.programEnded(ending, seconds: 2.2))))
            _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_210_000_000), event: .workerEnded(worker: row.id, fate: fate)))
            let effects = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_220_000_000), event: .workerJoined(worker: row.id, joined: true)))
            #expect(effects.contains(.exit(code: 143)), "\(effects)")
            let lines = state.log.entries.map { "\($0.source) \($0.text)" }
            #expect(lines.contains("Main quitting: ending python3 and waiting for its reap (giving them 3000 ms)"), "\(lines)")
            #expect(!lines.contains { $0.hasSuffix(" joined") || $0.contains("joining") }, "\(lines)")
            // The reap is the log's last line: no `Main thread done.`, which would read as the program's own output.
            #expect(lines.last?.hasSuffix("reaped; nothing of its process group is left") == true, "\(lines)")
            #expect(!lines.contains { $0.contains("Main thread done.") }, "\(lines)")
            let summary = QuitSummary.render(state)
            #expect(!summary.contains("joined"), "\(summary)")
        }
    }

    @Test func theSIGKILLCountdownStaysOnAnEightyColumnScreen() {
        var state = WatchTimelineTests.watchedSession()
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_100_000_000), event: .watch(.signalled(15, graceMs: 4_000))))
        state.now = Timestamp(nanos: 2_300_000_000)
        let text = Self.screen(state).text
        #expect(text.contains("SIGKILL in 3.8 s"), "\(text)")
    }
}
