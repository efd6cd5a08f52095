@testable import DeckCore
import Testing
@Suite struct ZZPreview {
    @Test func preview() {
        var state = AppState(config: DeckConfig(), now: Timestamp(milliseconds: 0))
        state.overlay = .help
        print(DashboardView.render(state, width: 80, height: 24).lines.joined(separator: "\n"))
        state.overlay = nil
        print(DashboardView.render(state, width: 80, height: 24).lines.last!)
        print(DashboardView.render(state, width: 100, height: 30).lines.last!)
        #expect(Bool(true))
    }
}
