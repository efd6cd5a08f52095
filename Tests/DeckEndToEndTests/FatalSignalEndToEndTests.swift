import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// The real dashboard in a real terminal (tmux), ended by a fatal signal the way a fault or another
/// process ends it: it must die of that signal (status 128+N in the shell), and leave the terminal as
/// it found it (canonical mode and echo on, the alternate screen left). Every wait has a deadline;
/// Swift's backtracer runs first, which on a loaded machine takes a few seconds.
@Suite(.serialized, .enabled(if: TmuxSession.isUsable, "needs tmux (and DAEMONDECK_SKIP_TMUX unset)"))
struct FatalSignalEndToEndTests {
    /// The exit status the pane printed, once it did.
    func exitStatus(_ session: TmuxSession, seconds: Double = 60) -> Int? {
        guard let screen = session.waitFor("[modes]", seconds: seconds),
              let range = screen.range(of: #"\[exited (\d+)\]"#, options: .regularExpression) else { return nil }
        return Int(screen[range].dropFirst(8).dropLast())
    }

    @Test(arguments: [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS])
    func aFatalSignalSentWithKillEndsTheProcessAndRestoresTheTerminal(signal number: Int32) throws {
        let session = try TmuxSession(arguments: ["--monitors", "1"])
        #expect(session.waitFor("Workers", seconds: 30) != nil)
        let pid = try #require(session.programPID())
        kill(pid, number)
        #expect(exitStatus(session) == 128 + Int(number), "dies of signal \(number), as if never handled\n\(session.capture())")
        #expect(session.modesAfterExit() == "icanon echo", "canonical mode and echo are back")
        #expect(session.alternateScreenOn() == false, "the alternate screen was left")
    }

    @Test func aStackOverflowOnTheUIThreadStillRestoresTheTerminal() throws {
        // Only a handler on an alternate signal stack can run once the thread's own stack is used up.
        let session = try TmuxSession(arguments: ["scenario", "stack-overflow"])
        #expect(exitStatus(session) == 128 + Int(SIGSEGV), "\(session.capture())")
        #expect(session.modesAfterExit() == "icanon echo")
        #expect(session.alternateScreenOn() == false)
    }

    @Test func withInputFromDevTtyAnAbortStillLeavesTheAlternateScreen() throws {
        // `< /dev/tty` opens the terminal read-only as standard input: the rescue must write to the
        // descriptor curses draws on (standard output), not to standard input.
        let session = try TmuxSession(arguments: ["--monitors", "1"], standardInput: "/dev/tty")
        #expect(session.waitFor("Workers", seconds: 30) != nil)
        let pid = try #require(session.programPID())
        kill(pid, SIGABRT)
        #expect(exitStatus(session) == 128 + Int(SIGABRT))
        #expect(session.alternateScreenOn() == false, "the alternate screen was left\n\(session.capture())")
        #expect(session.modesAfterExit() == "icanon echo")
    }

    @Test func anInheritedIgnoredInterruptIsKeptAndQStillQuits() throws {
        let session = try TmuxSession(arguments: ["--seed", "1", "--monitors", "1"], ignoring: ["INT"])
        #expect(session.waitFor("Workers", seconds: 30) != nil)
        session.send("C-c")
        // The terminal handles its input in order: once `+` has been seen, Ctrl-C has been too (and,
        // ignored, was thrown away by the kernel).
        session.send("+")
        #expect(session.waitFor("data has changed to 1.000", seconds: 30) != nil, "still running after Ctrl-C\n\(session.capture())")
        session.send("q")
        #expect(exitStatus(session) == 0, "q quits normally, not with 130\n\(session.capture())")
    }
}
