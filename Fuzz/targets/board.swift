// libFuzzer target: the board parser (Sources/DeckCore/Boards/BoardParser.swift), fed any bytes, and the
// model (BoardModel.explore) on every board that parses. A board is a file a teacher writes or downloads;
// whatever it holds, the answer is a board or `file:line: what is wrong`, and the model's answer is counts
// or "too many orders to count", never a crash, a hang or unbounded memory.
@testable import DeckCore

/// The model's budget here: a board the parser accepts can take the model its full budget (3,000,000
/// states, seconds each), so the fuzzer explores with a smaller one and runs many boards a second. What
/// it checks is the same code: the budget is a parameter, and "too big" is an answer like any other.
let fuzzBudget = 20_000

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // TextFile.read refuses what is not UTF-8; the parser only ever sees valid text.
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    guard let board = try? BoardParser.parse(text, name: "fuzz", file: "fuzz.board") else { return 0 }
    switch BoardModel.explore(board, budget: fuzzBudget) {
    case .success(let report):
        // What the screen shows: the counts and the hint, replayed move by move.
        _ = "\(report.orders) \(report.goalOrders)"
        if let hint = report.shortestGoal { _ = BoardModel.describe(hint, in: board) }
    case .failure(let tooBig):
        _ = tooBig.message
    }
    return 0
}
