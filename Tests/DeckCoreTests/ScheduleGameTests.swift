import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// "Be the scheduler" on real threads: the learner's steps decide the outcome, the same steps give the
/// same outcome every time, and a blocked thread cannot be stepped.
@Suite(.serialized) struct ScheduleGameTests {
    static func driver() -> EngineDriver {
        var config = DeckConfig()
        config.monitors = 0
        config.snapshotWriter = false
        config.alarmAtLaunch = false
        return EngineDriver(config: config)
    }

    /// Starts `game`, gives the steps in order (by thread name, as keys and lessons do), and waits for
    /// the outcome. Steps given while another statement runs wait their turn.
    static func play(_ game: ScheduleGame, _ steps: [String]) -> ScheduleBoard? {
        let driver = Self.driver()
        defer { driver.stopAll() }
        driver.start()
        driver.engine.process(.lesson(.start(.schedule(game))))
        for name in steps { driver.engine.process(.freeze(.step(worker: name))) }
        driver.run(until: { $0.schedule?.outcome != nil }, seconds: 30)
        return driver.state.schedule
    }

    @Test func loadingInBothThreadsFirstLosesAnUpdateEveryTime() {
        for _ in 0..<3 {
            let board = Self.play(.race, ["T1", "T2", "T2", "T2", "T1", "T1"])
            #expect(board?.counter == 1)
            #expect(board?.met == true)
            #expect(board?.outcome?.hasPrefix("Challenge met") == true)
            #expect(board?.history.first == "T1: let seen = counter.load()")
        }
    }

    @Test func oneThreadAtATimeLosesNothing() {
        let board = Self.play(.race, ["T1", "T1", "T1", "T2", "T2", "T2"])
        #expect(board?.counter == 2)
        #expect(board?.met == false)
    }

    @Test func eachTakingItsFirstLockDeadlocksAndTheBoardSaysWhoHoldsWhat() {
        let board = Self.play(.deadlock, ["T1", "T2", "T1", "T2"])
        #expect(board?.met == true)
        #expect(board?.outcome?.contains("T1 holds A and waits for B; T2 holds B and waits for A") == true)
        #expect(board?.locks.first { $0.name == "A" }?.holder == "T1")
        #expect(board?.locks.first { $0.name == "B" }?.waiters == ["T1"])
        #expect(board?.locks.first { $0.name == "B" }?.contentions == 1)
    }

    @Test func takingBothLocksInOneThreadFirstFinishes() {
        let board = Self.play(.deadlock, ["T1", "T1", "T1", "T2", "T2", "T2"])
        #expect(board?.met == false)
        #expect(board?.threads.allSatisfy(\.done) == true)
    }

    @Test func aBlockedThreadCannotBeSteppedAndXStartsOver() {
        let driver = Self.driver()
        defer { driver.stopAll() }
        driver.start()
        driver.engine.process(.lesson(.start(.schedule(.deadlock))))
        for name in ["T2", "T1"] { driver.engine.process(.freeze(.step(worker: name))) }
        // T2 holds B; T1 holds A. Stepping T2 again blocks it on A.
        driver.engine.process(.freeze(.step(worker: "T2")))
        #expect(driver.run(until: { $0.schedule?.threads.last?.waitingFor == "A" }, seconds: 30))
        driver.engine.process(.freeze(.step(worker: "T2")))
        #expect(driver.state.status?.text.contains("T2 is blocked on lock A (held by T1)") == true)
        let oldIDs = driver.state.schedule?.threads.map(\.id)
        driver.engine.process(.key(.char("x")))
        #expect(driver.state.schedule?.threads.map(\.id) != oldIDs)
        #expect(driver.state.schedule?.history.isEmpty == true)
        // The blocked threads of the old game were told to stop, and they do: their waits give up.
        // An ended thread of a replaced game leaves the Workers panel (the new T1 and T2 stand there).
        #expect(driver.run(until: { state in oldIDs?.allSatisfy { state.worker($0) == nil } ?? false }, seconds: 30))
        #expect(driver.state.workers.filter { $0.name == "T2" }.count == 1, "T2 is listed once")
    }
}
