/// The model's answers the player needs: which moves a board state allows, what a move leads to, and every
/// run listed one by one (for the test that plays each of them on real threads).
extension BoardModel {
    /// One complete run: its moves, how it ended, the state after each move, and whether it met the goal.
    public struct Run: Sendable, Equatable {
        public var moves: [Move]
        public var ending: Ending
        /// The state after each move (`states[i]` follows `moves[i]`); a move that ended the run (a failed
        /// assert, a fault) has no state after it.
        public var states: [State]
        public var goal: Bool
    }

    public static func initialState(_ board: Board) -> State { Explorer(board: board, budget: .max).initialState() }

    /// The moves that may be made from `state`, as the model counts them (blocking and the tasks' executor
    /// respected). Empty: the run is over (finished, or stuck).
    public static func moves(_ board: Board, from state: State) -> [Move] { Explorer(board: board, budget: .max).moves(state) }

    /// What `move` does to `state`: the next state, or the ending it causes (a failed assert, a fault).
    public static func apply(_ move: Move, in board: Board, to state: State) -> Result<State, EndingBox> {
        switch Explorer(board: board, budget: .max).apply(move, to: state) {
        case .next(let next): .success(next)
        case .ended(let ending): .failure(EndingBox(ending: ending))
        }
    }

    public struct EndingBox: Error, Equatable { public var ending: Ending }

    /// How a run that has reached `state` with no move left ends: finished, or stuck (with a sleeper or not).
    public static func endingWithoutMoves(_ board: Board, _ state: State) -> Ending {
        let explorer = Explorer(board: board, budget: .max)
        if board.threads.indices.allSatisfy({ explorer.done(state, $0) }) { return .finished }
        return .stuck(sleeper: explorer.sleeper(state))
    }

    /// Whether a run with this ending, final state and states along the way meets the board's goal (as the
    /// counts do: `both-critical` is met the moment two threads stand at `critical`).
    /// Whether every move from `state` brings the board back to a state in `path` (or to itself): the run
    /// is spinning, as `explore` ends it. False when some move goes somewhere new or ends the run.
    public static func onlySpinningLeft(_ board: Board, from state: State, path: Set<State>) -> Bool {
        let explorer = Explorer(board: board, budget: .max)
        let moves = BoardModel.moves(board, from: state)
        return !moves.isEmpty && moves.allSatisfy { move in
            if case .next(let next) = explorer.apply(move, to: state) { return next == state || path.contains(next) }
            return false
        }
    }

    public static func goalMet(_ board: Board, ending: Ending, final: State?, along states: [State]) -> Bool {
        let explorer = Explorer(board: board, budget: .max)
        if board.goal == .bothCritical { return states.contains { explorer.bothCritical($0) } }
        switch ending {
        case .finished:
            if case .state(let check, _) = board.goal, let final { return check.holds(ints: final.ints, local: 0) }
            return false
        case .stuck(let sleeper): return board.goal == .deadlock || (board.goal == .waiterSleepsForever && sleeper)
        case .spinning: return board.goal == .spinsForever
        case .assertFailed: return board.goal == .assertFails
        case .fault: return false
        }
    }

    public struct TooManyRuns: Error, Equatable { public var limit: Int }

    /// Every run of the board, depth-first in the same order as `explore` (a move back to a state already on
    /// the run is not taken, so a spin ends as `spinning`). At most `limit` runs.
    public static func runs(_ board: Board, limit: Int = 10_000) -> Result<[Run], TooManyRuns> {
        let explorer = Explorer(board: board, budget: .max)
        var runs: [Run] = []
        var moves: [Move] = []
        var states: [State] = []
        var onPath: Set<State> = []
        func finish(_ ending: Ending, final: State?) throws(TooManyRuns) {
            runs.append(Run(moves: moves, ending: ending, states: states,
                            goal: goalMet(board, ending: ending, final: final, along: [explorer.initialState()] + states)))
            if runs.count > limit { throw TooManyRuns(limit: limit) }
        }
        func walk(_ state: State) throws(TooManyRuns) {
            let available = explorer.moves(state)
            if available.isEmpty { return try finish(endingWithoutMoves(board, state), final: state) }
            onPath.insert(state)
            defer { onPath.remove(state) }
            var taken = 0
            for move in available {
                switch explorer.apply(move, to: state) {
                case .ended(let ending):
                    moves.append(move)
                    try finish(ending, final: nil)
                    moves.removeLast()
                    taken += 1
                case .next(let next):
                    if onPath.contains(next) { continue }
                    moves.append(move)
                    states.append(next)
                    try walk(next)
                    moves.removeLast()
                    states.removeLast()
                    taken += 1
                }
            }
            if taken == 0 { try finish(.spinning, final: state) }
        }
        do {
            try walk(explorer.initialState())
        } catch {
            return .failure(error)
        }
        return .success(runs)
    }
}
