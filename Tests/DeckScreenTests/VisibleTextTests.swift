@testable import DeckCore
import DeckTestSupport
import Testing

/// What a watched program writes, and the names of its threads and tasks, stay on their one line: control
/// characters are shown in caret notation (as `cat -vT`), in the log line, the replay's words and the panels.
@Suite struct VisibleTextTests {
    @Test func controlCharactersAreShownInCaretNotation() {
        #expect(VisibleText.caret("new\nline") == "new^Jline")
        #expect(VisibleText.caret("\rprogress 90%") == "^Mprogress 90%")
        #expect(VisibleText.caret("\u{1B}[31mred\u{07}") == "^[[31mred^G")
        #expect(VisibleText.caret("a\tb") == "a^Ib")
        #expect(VisibleText.caret("\u{0}\u{7F}") == "^@^?")
        #expect(VisibleText.caret("\u{9B}2J") == "M-^[2J")
        // Text without controls passes as it is, wide and accented letters too.
        #expect(VisibleText.caret("Monitor: data 4.15 héllo 監視 ^M") == "Monitor: data 4.15 héllo 監視 ^M")
    }

    @Test func theLogOfAWatchedProgramNeverCarriesAControlCharacter() {
        var state = WatchTimelineTests.watchedSession()
        func post(_ event: WatchEvent, at ms: Int) {
            _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: UInt64(ms) * 1_000_000), event: .watch(event)))
        }
        post(.output(.out, "\rprogress 90%\u{1B}[0m\u{07}"), at: 2_100)
        post(.threadStarted(ProcThreadReading(tid: 4300, name: "new\nline", state: .sleeping, cpuNanos: 0, wait: nil),
                            alreadyRunning: false), at: 2_200)
        post(.python(.threadStarted(name: "new\nline", tid: 4300, daemon: true)), at: 2_250)
        post(.threadEnded(tid: 4300, name: "new\nline", seconds: 0.1, cpuNanos: 0), at: 2_300)
        let lines = state.log.entries.map { $0.line }
        #expect(lines.contains { $0.hasSuffix("python3 out| ^Mprogress 90%^[[0m^G") }, "\(lines)")
        #expect(lines.filter { $0.contains("new^Jline") }.count >= 3, "\(lines)")
        #expect(!lines.contains { $0.unicodeScalars.contains(where: VisibleText.isControl) }, "\(lines)")
        #expect(Reducer.threadLaneName("new\nline", tid: 4300) == "new^Jline 4300")
    }

    /// The count and the verb agree: one process "still runs", two "still run".
    @Test func theProcessesLeftBehindAreCountedInGoodGrammar() {
        var state = WatchTimelineTests.watchedSession()
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_100_000_000), event: .watch(.leftBehind([1291]))))
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_200_000_000), event: .watch(.leftBehind([1291, 1292]))))
        let lines = state.log.entries.map { $0.text }
        #expect(lines.contains("its leader ended but 1 process of its group still runs (1291): ending them"), "\(lines)")
        #expect(lines.contains("its leader ended but 2 processes of its group still run (1291, 1292): ending them"), "\(lines)")
    }
}
