import DeckCore
import Testing

/// Where a board's selection goes (thread indices, board order): it stays on the thread the learner picked
/// while that thread has statements left, and moves to the next unfinished one after it once it finishes.
@Suite struct BoardSelectionTests {
    @Test func theSelectionStaysOnItsThreadWhileThatThreadIsUnfinished() {
        // T1 of T1, T2, T3 finished; T3 selected: it stays T3 (not the thread now at T3's old index).
        #expect(BoardSession.selection(keeping: 2, unfinished: [1, 2]) == 2)
        #expect(BoardSession.selection(keeping: 1, unfinished: [1, 2]) == 1)
    }

    @Test func aFinishedSelectionMovesToTheNextUnfinishedThreadInOrder() {
        // T2 finished while selected: T3, not the first thread.
        #expect(BoardSession.selection(keeping: 1, unfinished: [0, 2]) == 2)
        // The last thread finished: round to the first unfinished.
        #expect(BoardSession.selection(keeping: 2, unfinished: [0, 1]) == 0)
        // Nothing selected yet: the first unfinished; nothing left: nil.
        #expect(BoardSession.selection(keeping: nil, unfinished: [1, 2]) == 1)
        #expect(BoardSession.selection(keeping: 0, unfinished: []) == nil)
    }

    @Test func tabGoesToTheNextUnfinishedThreadAndSkipsFinishedOnes() {
        #expect(BoardSession.selection(after: 0, unfinished: [0, 1, 2]) == 1)
        #expect(BoardSession.selection(after: 1, unfinished: [0, 2]) == 2)
        #expect(BoardSession.selection(after: 2, unfinished: [0, 2]) == 0)
        #expect(BoardSession.selection(after: 2, unfinished: [1, 2]) == 1)
        #expect(BoardSession.selection(after: 2, unfinished: [2]) == 2)
        #expect(BoardSession.selection(after: nil, unfinished: [1, 2]) == 1)
    }
}
