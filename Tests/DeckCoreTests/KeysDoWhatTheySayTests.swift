import DeckCore
import Testing

/// Keys that do what they say: the lesson menu's numbers past 9, Home/End, `p` holding the countdown,
/// Esc backing out, `/` search with n/N, and the scheduler game's keys. Pure reducer tests: the clock is
/// the events' own time, moved by hand.
@Suite struct KeysDoWhatTheySayTests {
    func state() -> AppState {
        var config = DeckConfig()
        config.seed = 1
        return AppState(config: config, now: Timestamp(milliseconds: 1000))
    }

    @discardableResult
    func send(_ state: inout AppState, _ event: DeckEvent, after ms: Int = 0) -> [DeckEffect] {
        Reducer.reduce(&state, PostedEvent(at: state.now.adding(milliseconds: ms), event: event))
    }

    func press(_ state: inout AppState, _ keys: Key..., after ms: Int = 0) -> [DeckEffect] {
        var effects: [DeckEffect] = []
        for key in keys { effects += send(&state, .key(key), after: ms) }
        return effects
    }

    func summaries(_ count: Int) -> [LessonSummary] {
        (1...count).map { n in
            LessonSummary(Lesson(name: "lesson\(n)", title: "Lesson \(n)", file: "l\(n).lesson", settings: LessonSettings(),
                                 steps: [LessonStep(line: 1, command: .pause)]))
        }
    }

    func menu(_ count: Int) -> AppState {
        var s = state()
        send(&s, .lesson(.catalog(summaries(count))))
        _ = press(&s, .char("l"))
        #expect(s.overlay == .lessonMenu)
        return s
    }

    // MARK: - Lesson menu

    @Test func oneThenTwoWithinASecondOpensLessonTwelve() {
        var s = menu(16)
        #expect(press(&s, .char("1")).isEmpty, "1 may begin 12: it waits")
        #expect(s.overlay == .lessonMenu)
        #expect(press(&s, .char("2"), after: 600) == [.lab(.loadLesson("lesson12"))])
        #expect(s.overlay == nil)
    }

    @Test func aLoneOneOpensLessonOneAfterTheWaitOrOnEnter() {
        var s = menu(16)
        _ = press(&s, .char("1"))
        #expect(send(&s, .tick, after: 900).isEmpty, "not before the second is over")
        #expect(s.nextDueAt == Timestamp(milliseconds: 2000), "the loop wakes when the wait ends")
        #expect(send(&s, .tick, after: 100) == [.lab(.loadLesson("lesson1"))])
        var t = menu(16)
        _ = press(&t, .char("1"))
        #expect(press(&t, .enter) == [.lab(.loadLesson("lesson1"))])
    }

    @Test func aDigitNoTwoDigitNumberStartsWithOpensAtOnce() {
        var s = menu(16)
        #expect(press(&s, .char("2")) == [.lab(.loadLesson("lesson2"))])
        var few = menu(9)
        #expect(press(&few, .char("1")) == [.lab(.loadLesson("lesson1"))], "with nine lessons, one digit is enough")
    }

    @Test func homeAndEndReachBothEndsOfTheMenu() {
        var s = menu(16)
        _ = press(&s, .end)
        #expect(s.lessons.menuSelection == 15)
        _ = press(&s, .home)
        #expect(s.lessons.menuSelection == 0)
        _ = press(&s, .char("G"))
        #expect(s.lessons.menuSelection == 15)
        _ = press(&s, .char("g"))
        #expect(s.lessons.menuSelection == 0)
    }

    @Test func theMenuKeepsTitlesInOneColumnPastNine() {
        var s = menu(16)
        s.screenWidth = 80
        var buffer = ScreenBuffer(width: 80, height: 24)
        LessonMenuOverlay.render(s, in: buffer.bounds, into: &buffer)
        let rows = buffer.text.split(separator: "\n").map(String.init)
        let nine = rows.first { $0.contains("lesson9 ") }!
        let twelve = rows.first { $0.contains("lesson12 ") }!
        #expect(nine.range(of: "Lesson 9")!.lowerBound.utf16Offset(in: nine) == twelve.range(of: "Lesson 12")!.lowerBound.utf16Offset(in: twelve))
    }

    // MARK: - p holds the countdown

    func lessonAtAWait(_ s: inout AppState, seconds: Int) {
        send(&s, .lesson(.begin(name: "alarm", title: "Alarm", totalSteps: 3, settings: LessonSettings())))
        send(&s, .lesson(.stepBegan(index: 0, line: 1, summary: "wait", until: s.now.adding(milliseconds: seconds * 1000))))
    }

    @Test func pauseHoldsTheCountdownAndResumeGoesOnFromThere() {
        var s = state()
        lessonAtAWait(&s, seconds: 10)
        send(&s, .tick, after: 2000)
        _ = press(&s, .char("p"))
        #expect(s.lessons.active?.timeLeftMs(now: s.now) == 8000)
        send(&s, .tick, after: 5000)
        #expect(s.lessons.active?.timeLeftMs(now: s.now) == 8000, "5 s paused: still 8.0 s left")
        _ = press(&s, .char("p"))
        #expect(s.lessons.active?.timeLeftMs(now: s.now) == 8000)
        send(&s, .tick, after: 1000)
        #expect(s.lessons.active?.timeLeftMs(now: s.now) == 7000, "resumed: it counts down from 8.0 s")
    }

    // MARK: - Esc backs out

    @Test func escClosesAFinishedLessonsPanel() {
        var s = state()
        lessonAtAWait(&s, seconds: 1)
        send(&s, .lesson(.finished))
        #expect(s.lessons.active?.finished == true)
        _ = press(&s, .escape)
        #expect(s.lessons.active == nil)
    }

    @Test func escClosesHelpAndClearsASearch() {
        var s = state()
        _ = press(&s, .char("?"))
        _ = press(&s, .escape)
        #expect(s.overlay == nil)
        _ = press(&s, .char("/"), .char("x"), .enter)
        #expect(s.logFilter.search == "x")
        _ = press(&s, .escape)
        #expect(s.logFilter.search.isEmpty)
    }

    // MARK: - / search

    func logWithMatches(_ s: inout AppState) {
        for n in 1...6 {
            send(&s, .note(source: "Main", text: "write \(n)"), after: 10)
            send(&s, .note(source: "Main", text: "other \(n)"), after: 10)
        }
        send(&s, .logViewResized(lines: 2))
    }

    @Test func nAndCapitalNGoThroughTheMatches() {
        var s = state()
        logWithMatches(&s)
        _ = press(&s, .char("/"), .char("w"), .char("r"), .enter)
        #expect(s.status?.text.hasPrefix("6 lines match \"wr\"") == true)
        _ = press(&s, .char("N"))
        #expect(s.logFilter.focus == 0, "the newest match on screen")
        _ = press(&s, .char("N"), .char("N"))
        #expect(s.logFilter.focus == 2)
        #expect(s.logScroll == 1, "the log scrolls to show the marked match")
        #expect(s.status?.text.hasPrefix("match 4 of 6") == true)
        _ = press(&s, .char("n"))
        #expect(s.logFilter.focus == 1)
        #expect(s.lessons.active == nil && s.status?.text.contains("no lesson") != true, "n is the search's while it is on")
    }

    @Test func aNewSearchReplacesTheStaleFilterMessage() {
        var s = state()
        logWithMatches(&s)
        _ = press(&s, .char("/"), .char("w"), .enter, .escape)
        #expect(s.status?.text == "log filter cleared")
        _ = press(&s, .char("/"), .char("o"), .enter)
        #expect(s.status?.text != "log filter cleared")
        #expect(s.status?.text.contains("match \"o\"") == true)
    }

    @Test func theLogMarksWhatTheSearchMatched() {
        var s = state()
        send(&s, .note(source: "Monitor-1", text: "data has changed to 3.205"))
        _ = press(&s, .char("/"), .char("C"), .char("h"), .char("a"), .char("n"), .enter)
        var buffer = ScreenBuffer(width: 60, height: 5)
        EventLogPanel.render(s, in: buffer.bounds, into: &buffer)
        let row = buffer.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[1]
        let start = Array(row).firstIndex(of: "c")!  // "changed": the first "c" on the row
        let marked = (0..<60).filter { buffer[$0, 1].style.role == .searchMatch }
        #expect(marked == Array(start..<(start + 4)), "exactly \"chan\" is marked, whatever its case")
    }

    @Test func answeringClearsThePredictPrompt() {
        var s = state()
        lessonAtAWait(&s, seconds: 1)
        send(&s, .lesson(.asked(LessonQuestion(text: "How many?", choices: ["1", "2", "3"]))))
        #expect(s.status?.text == "predict: press 1-3")
        _ = press(&s, .char("2"))
        #expect(s.status == nil)
    }

    // MARK: - The scheduler game

    func game(_ g: ScheduleGame) -> AppState {
        var s = state()
        send(&s, .runStarted)
        send(&s, .lesson(.begin(name: "lost-updates", title: "Lost updates", totalSteps: 3, settings: LessonSettings())))
        send(&s, .lesson(.start(.schedule(g))))
        send(&s, .lesson(.waitForPresenter))
        return s
    }

    @Test func nDoesNotPlayTheScheduleWhileTheChallengeIsOpen() {
        var s = game(.race)
        let skips = s.lessons.active?.skipRequests
        _ = press(&s, .right)
        _ = press(&s, .char("n"))
        #expect(s.lessons.active?.skipRequests == skips, "the lesson does not go on")
        #expect(s.status?.text.contains("h hints") == true)
        _ = press(&s, .char("h"))
        #expect(s.status?.text.hasPrefix("hint: step T1 next (`let seen = counter.load()`)") == true)
    }

    @Test func tabAndSReachOnlyTheGamesThreads() throws {
        var s = game(.race)
        let ids = try #require(s.schedule?.threads.map(\.id))
        #expect(s.workers.contains { $0.role == .snapshotWriter && $0.isAlive }, "another worker runs beside the game")
        var picked: [WorkerID] = []
        for _ in 0..<4 {
            _ = press(&s, .tab)
            picked.append(try #require(s.freeze.selectedWorker))
        }
        #expect(Set(picked) == Set(ids))
        // Both threads have parked before their first statement.
        for id in ids {
            send(&s, .lesson(.scheduled(ScheduleReport(worker: id, line: 0, note: "", waitingFor: nil, counter: 0, locks: []))))
        }
        s.freeze.selectedWorker = s.workers.first { $0.role == .snapshotWriter }?.id
        #expect(press(&s, .char("s")) == [.step(ids[0])], "s steps a thread of the game, never the snapshot writer")
    }

    @Test func theHintFollowsAWinningScheduleAndSaysWhenItIsLost() {
        // Following the hints all the way is a schedule that loses an update: each thread loads before
        // the other stores.
        var history: [String] = []
        while let next = ScheduleHint.nextStep(.race, history: history), history.count < 10 {
            history.append("T\(next + 1): step")
        }
        #expect(history.count == 6)
        let t1 = history.indices.filter { history[$0].hasPrefix("T1") }
        let t2 = history.indices.filter { history[$0].hasPrefix("T2") }
        #expect(t1.count == 3 && t2.count == 3)
        #expect(t1[0] < t2[2] && t2[0] < t1[2], "both load before either stores")
        #expect(ScheduleHint.nextStep(.race, history: ["T1: a", "T1: b", "T1: c"]) == nil, "T1 stored before T2 loaded")
        #expect(ScheduleHint.nextStep(.deadlock, history: ["T1: lockA.lock()"]) == 1)
        #expect(ScheduleHint.nextStep(.deadlock, history: ["T1: lockA.lock()", "T1: lockB.lock()"]) == nil)
    }

    @Test func afterXTheBoardAndTheWorkersAgree() throws {
        var s = game(.deadlock)
        let old = try #require(s.schedule?.threads.map(\.id))
        var lockB = LockView(name: "B")
        lockB.holder = "T2"
        lockB.waiters = ["T1"]
        lockB.waitedMs = [100]
        send(&s, .lesson(.scheduled(ScheduleReport(worker: old[0], line: 1, note: "holds A", waitingFor: "B", counter: 0,
                                                    locks: [LockView(name: "A"), lockB]))))
        #expect(s.schedule?.threads[0].waitingFor == "B")
        _ = press(&s, .char("x"))
        for id in old { send(&s, .workerEnded(worker: id, fate: .stoppedWithCleanup)) }
        #expect(s.workers.filter { $0.name == "T2" }.count == 1, "T2 is listed once")
        #expect(s.workers.filter { $0.name == "T1" }.count == 1)
        // The lesson's own stop: the board says stopped, not blocked, and its lock waits stop growing.
        let fresh = try #require(s.schedule?.threads.map(\.id))
        send(&s, .lesson(.scheduled(ScheduleReport(worker: fresh[0], line: 1, note: "holds A", waitingFor: "B", counter: 0,
                                                    locks: [LockView(name: "A"), lockB]))))
        for id in fresh { send(&s, .workerEnded(worker: id, fate: .stoppedWithCleanup)) }
        let board = try #require(s.schedule)
        #expect(board.threads.allSatisfy { $0.stopped && $0.waitingFor == nil })
        #expect(board.locks.allSatisfy { $0.holder == nil && $0.waiters.isEmpty })
        var buffer = ScreenBuffer(width: 80, height: 8)
        SchedulePanel.render(s, in: buffer.bounds, into: &buffer)
        #expect(!buffer.text.contains("BLOCKED"))
        #expect(buffer.text.contains("T1 stopped"))
    }
}
