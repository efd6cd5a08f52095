@testable import DeckCore
import DeckTestSupport
import Testing

/// While `daemondeck watch` shows another program, the keys that act on daemondeck's own demonstration
/// (lessons, auto-mutation, the shared values, monitors, the alarm) do nothing but say why, and neither the
/// status bar nor the help offers them; the "terminal too small" screen lets only the key it names act.
@Suite struct WatchKeysOfTheDemonstrationTests {
    typealias Keys = WatchKeysTellTheTruthTests

    static func bar(_ state: AppState, width: Int) -> String {
        var buffer = ScreenBuffer(width: width, height: 24, glyphs: .unicode)
        DashboardView.render(state, into: &buffer)
        return buffer.lines[22] + " " + buffer.lines[23]
    }

    @Test(arguments: ["l", " ", "+", "-", "r", "m", "a", "c", "w", "[", "k", "x"] as [Character])
    func aDemonstrationKeyDoesNothingWhileWatchingButSayWhy(key: Character) {
        var state = WatchTimelineTests.watchedSession()
        let logged = state.log.totalAppended
        let effects = Keys.press(&state, key, at: 2_100)
        #expect(effects.isEmpty, "\(effects)")
        #expect(state.overlay == nil)
        #expect(!state.auto.enabled)
        #expect(state.log.totalAppended == logged, "\(state.log.entries.last?.text ?? "")")
        #expect(state.status?.text.hasSuffix(": not while watching a program") == true, "\(state.status?.text ?? "no status")")
        #expect(Keys.bar(state).contains("not while watching a program"), "\(Keys.bar(state))")
    }

    @Test func theBarAndTheHelpOfferNoDemonstrationKeyWhileWatching() {
        let demonstration = ["l lessons", "space auto", "+/- change", "a alarm", "c cancel", "m/M monitor", "w strategy", "[/] interval", "r random", "↑↓ select"]
        for state in [WatchTimelineTests.watchedSession(), Keys.attachedSession()] {
            for width in [80, 100, 160] {
                let bar = Self.bar(state, width: width)
                #expect(!demonstration.contains { bar.contains($0) }, "\(width): \(bar)")
                #expect(bar.contains("t timeline") && bar.contains("? help") && bar.contains("q quit"), "\(width): \(bar)")
            }
            var help = state
            help.overlay = .help
            let text = Keys.screen(help).text
            #expect(!["lesson menu", "auto-mutation", "change by its step", "add / stop a monitor"].contains { text.contains($0) }, "\(text)")
            #expect(text.contains("freeze, step, pick") && text.contains("timeline: on/off"), "\(text)")
        }
        // Without a watched program they are all still there.
        var config = DeckConfig()
        config.seed = 1
        var own = AppState(config: config, now: Timestamp(nanos: 0))
        _ = Reducer.reduce(&own, PostedEvent(at: Timestamp(nanos: 0), event: .runStarted))
        #expect(Self.bar(own, width: 80).contains("l lessons") && Self.bar(own, width: 80).contains("space auto"))
    }

    @Test func afterTheProgramEndedTheBarNoLongerOffersToFreezeIt() {
        var state = WatchTimelineTests.watchedSession()
        #expect(Self.bar(state, width: 80).contains("z freeze (SIGSTOP)"))
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_200_000_000), event: .watch(.programEnded(.signalled(9), seconds: 2.2))))
        state.now = Timestamp(nanos: 9_000_000_000)  // past any status message
        for width in [80, 100] {
            let bar = Self.bar(state, width: width)
            #expect(!bar.contains("z freeze"), "\(width): \(bar)")
            #expect(bar.contains("t timeline"), "\(width): \(bar)")
        }
    }

    /// At 40x10 the screen says only `q quits`: z must not freeze the program unseen, nor t toggle the
    /// timeline; q still quits; back at 80x24 the keys act again.
    @Test func onTheTooSmallScreenOnlyQActs() {
        var state = WatchTimelineTests.watchedSession()
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_050_000_000), event: .resize(width: 40, height: 10)))
        let timeline = state.timeline.shownByUser
        #expect(Keys.press(&state, "z", at: 2_100).isEmpty)
        #expect(!state.freeze.isFrozen)
        #expect(Keys.press(&state, "t", at: 2_200).isEmpty)
        #expect(state.timeline.shownByUser == timeline)
        #expect(Keys.press(&state, "l", at: 2_300).isEmpty && state.overlay == nil)
        var small = ScreenBuffer(width: 40, height: 10, glyphs: .unicode)
        DashboardView.render(state, into: &small)
        #expect(small.text.contains("q quits"), "\(small.text)")

        var quitting = state
        _ = Keys.press(&quitting, "q", at: 2_400)
        #expect(quitting.quit != .running, "q quits on the small screen too")

        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 2_500_000_000), event: .resize(width: 80, height: 24)))
        #expect(Keys.press(&state, "z", at: 2_600).contains(.freeze))
        #expect(state.freeze.isFrozen)
    }
}
