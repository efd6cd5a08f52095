@testable import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// What the signal handlers leave for the run loop, and the clock event times are read from.
@Suite(.serialized) struct SignalTrapTests {
    let clock = ManualWallClock()

    @Test func twoInterruptsBetweenTurnsAreTwoAndTheSecondForcesTheQuit() {
        _ = SignalTrap.take()  // nothing left over from another test
        SignalTrap.simulate(SIGINT)
        SignalTrap.simulate(SIGINT)
        SignalTrap.simulate(SIGTERM)
        let taken = SignalTrap.take()
        #expect(taken == [SIGINT, SIGINT, SIGTERM], "each Ctrl-C counts, lowest signal number first")
        #expect(SignalTrap.take().isEmpty, "taken once")

        // Fed to the reducer as the loop feeds them: the first Ctrl-C starts the join, the second forces.
        var state = AppState(config: DeckConfig(), now: clock.now())
        _ = Reducer.start(&state)
        for number in taken.filter({ $0 == SIGINT }) {
            _ = Reducer.reduce(&state, PostedEvent(at: clock.now(), event: .signal(number)))
        }
        #expect(state.quit == .exiting(code: 130, forced: true))
    }

    @Test func manyInterruptsAreCappedAtWhatChangesAnything() {
        _ = SignalTrap.take()
        for _ in 0..<50 { SignalTrap.simulate(SIGINT) }
        #expect(SignalTrap.take() == [SIGINT, SIGINT])
    }

    @Test func eventTimesFollowASuspend() {
        // The elapsed-time source plays the boot clock: it goes on counting while the machine sleeps.
        let boot = ManualWallClock(start: Timestamp(nanos: 5_000_000_000))
        Timestamp.displayOffsetSeconds.store(0, ordering: .relaxed)
        let wall = AnchoredWallClock(wallNanos: Timestamp(milliseconds: 1_767_268_800_000).nanos,
                                     elapsedNanos: { boot.now().nanos })
        #expect(wall.now().clockText == "12:00:00.000")
        boot.advance(milliseconds: 1_500)
        #expect(wall.now().clockText == "12:00:01.500")
        boot.advance(milliseconds: 60 * 60 * 1000)  // an hour with the lid closed
        #expect(wall.now().clockText == "13:00:01.500", "the log shows the time on the wall after a resume")
        // The system clock reads the boot clock, which counts suspended time; the monotonic one does not.
        #expect(SystemWallClock.elapsedClockID == CLOCK_BOOTTIME)
    }
}
