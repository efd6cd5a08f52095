import Synchronization

/// What the two threads of a scheduler game share: the counter (race) or the two locks (deadlock).
public final class ScheduleShared: Sendable {
    public let game: ScheduleGame
    /// The race's counter. An atomic, so each load and store is a real, separate step (no undefined behaviour).
    let counter = Atomic<Int>(0)
    /// The deadlock's locks, as the board shows them: real blocking waits, holders and waiters visible.
    let locks: LockTable

    public init(game: ScheduleGame) {
        self.game = game
        locks = LockTable(game.lockNames)
    }
}

/// One thread of "be the scheduler". Before each statement it reports where it is and parks at the freeze
/// gate (the world is frozen); `s` lets it run exactly that one statement. Its own row, its own gate identity.
public final class ScheduledThreadWorker: Worker {
    public let life: WorkerLife
    private let shared: ScheduleShared
    private let index: Int
    private let name: String

    public init(life: WorkerLife, shared: ScheduleShared, index: Int) {
        self.life = life
        self.shared = shared
        self.index = index
        name = ScheduleGame.threadNames[index]
    }

    public func start() { life.startThread { [self] in run() } }

    private func run() -> WorkerFate {
        life.announceRunning()
        handle.setState(.running)
        let program = shared.game.program(thread: index)
        var seen: Int?
        var next: Int?
        var held: [String] = []
        defer { for lock in held.reversed() { unlock(lock) } }
        func note() -> String {
            switch shared.game {
            case .race:
                return "seen = \(seen.map(String.init) ?? "–"), next = \(next.map(String.init) ?? "–")"
            case .deadlock:
                return held.isEmpty ? "holds nothing" : "holds " + held.joined(separator: ", ")
            }
        }
        for line in 0..<program.count {
            report(line: line, note: note())
            life.checkpoint()  // parked here until the learner steps this thread
            if life.isStopped { return .stoppedWithCleanup }
            switch (shared.game, line) {
            case (.race, 0): seen = shared.counter.load(ordering: .relaxed)
            case (.race, 1): next = (seen ?? 0) + 1
            case (.race, _): shared.counter.store(next ?? 0, ordering: .relaxed)
            case (.deadlock, 0), (.deadlock, 1):
                let lock = index == 0 ? (line == 0 ? "A" : "B") : (line == 0 ? "B" : "A")
                guard self.lock(lock, line: line, note: note()) else { return .stoppedWithCleanup }
                held.append(lock)
            case (.deadlock, _):
                for lock in held.reversed() { unlock(lock) }
                held.removeAll()
            }
            handle.iterations.add(1, ordering: .relaxed)
        }
        report(line: program.count, note: note())
        return .finished
    }

    /// Takes `lock`, blocking while another thread holds it (and saying so). False if stopped meanwhile.
    private func lock(_ lock: String, line: Int, note: String) -> Bool {
        let got = shared.locks.acquire(lock, by: name, giveUp: { life.isStopped }, blocked: {
            handle.setState(.waiting)
            report(line: line, note: note, waitingFor: lock)
        })
        handle.setState(.running)
        return got
    }

    private func unlock(_ lock: String) { shared.locks.release(lock, by: name) }

    private func report(line: Int, note: String, waitingFor: String? = nil) {
        let report = ScheduleReport(worker: handle.id, line: line, note: note, waitingFor: waitingFor,
                                    counter: shared.counter.load(ordering: .relaxed), locks: shared.locks.snapshot)
        life.inbox.post(.lesson(.scheduled(report)))
    }
}
