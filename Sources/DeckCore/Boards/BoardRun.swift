/// A board played outside the dashboard: one `PosixThread` per board thread, or for a task board one real
/// `Task` per board task, all on one `BoardActor`; each parked at a `FreezeGate` before every statement
/// (a task suspends there, holding no thread), and `step` moving them one move at a time.
/// Each move waits until the board is settled again (every thread back at its gate, asleep, blocked or
/// done), with a deadline, so no timing is assumed. The tests use it to play the model's schedules.
public final class BoardRun: Sendable {
    public let player: BoardPlayer
    private let gate = FreezeGate()
    private let handles: [WorkerHandle]
    private let threads: [PosixThread]
    /// Task boards: the actor the tasks run on, the tasks, and how many have ended (`finish` waits for all).
    public let actor: BoardActor?
    private let tasks: [Task<Void, Never>]
    private let tasksEnded = Guarded(0)

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noThread
        case notSettled(afterMove: Int)
        case notAllowed(move: Int, BoardModel.Move)
        public var description: String {
            switch self {
            case .noThread: "the system refused a thread"
            case .notSettled(let n): "the board did not settle after move \(n + 1)"
            case .notAllowed(let n, let move): "move \(n + 1) (thread \(move.thread)) is not allowed by the real board's state"
            }
        }
    }

    /// Starts the board's threads (or tasks); each parks before its first statement.
    public init(board: Board) throws(Failure) {
        let player = BoardPlayer(board: board)
        self.player = player
        gate.freeze()
        let handles = board.threads.enumerated().map { n, thread in
            WorkerHandle(id: 1 + n, name: thread.name, kind: .nonDaemon, model: board.kind == .tasks ? .task : .thread)
        }
        self.handles = handles
        if board.kind == .tasks {
            let actor = BoardActor(player: player)
            self.actor = actor
            let gate = gate
            let ended = tasksEnded
            tasks = handles.enumerated().map { n, handle in
                Task {
                    await actor.run(task: n) {
                        await gate.checkpointAsync(handle)
                        return true
                    }
                    ended.update { $0 += 1 }
                }
            }
            threads = []
            return
        }
        actor = nil
        tasks = []
        var started: [PosixThread] = []
        for (n, handle) in handles.enumerated() {
            let gate = gate
            guard let thread = PosixThread(name: "board-\(handle.name)", {
                player.runThread(n) {
                    gate.checkpoint(handle)
                    return true
                }
            }) else {
                player.stop()
                handles.forEach { gate.release($0.id) }
                started.forEach { $0.join() }
                throw .noThread
            }
            started.append(thread)
        }
        threads = started
    }

    /// Waits (up to `seconds`) until every thread holds still.
    public func settle(seconds: Int = 60) -> Bool {
        player.waitUntilSettled(deadline: deadline(afterMilliseconds: seconds * 1000))
    }

    /// One move: the model's rules decide whether the real board allows it (from the real state), then the
    /// thread is let through its gate for exactly one statement.
    public func step(_ move: BoardModel.Move, index: Int = 0, seconds: Int = 60) throws(Failure) {
        guard settle(seconds: seconds) else { throw .notSettled(afterMove: index - 1) }
        guard BoardModel.moves(player.board, from: player.state).contains(move) else { throw .notAllowed(move: index, move) }
        player.willStep(move.thread, wakes: move.wakes)
        gate.step(handles[move.thread].id)
        guard settle(seconds: seconds) else { throw .notSettled(afterMove: index) }
    }

    /// Lets `thread` through its gate even though the model says it cannot move: it enters its real
    /// blocking call (a lock held, no permit, an event not set) and blocks there, as the board shows.
    public func forceStep(_ thread: Int) {
        player.willStep(thread, wakes: nil)
        gate.step(handles[thread].id)
    }

    /// Stops every thread and joins it; cancels every task and waits until each has ended (each task's last
    /// act counts it, and the stop and the cancel resume whatever it is suspended on). Safe to call more than once.
    public func finish() {
        player.stop()
        handles.forEach { gate.release($0.id) }
        threads.forEach { $0.join() }
        tasks.forEach { $0.cancel() }
        tasksEnded.wait(until: { [count = tasks.count] in $0 == count })
    }
}
