import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// daemondeck killed by a fatal signal while it watches a program (Ctrl-\, a fault, `kill -SEGV`): its
/// handler kills the watched program's whole group before the process dies, on a terminal and in plain
/// mode without one, so nothing of the program is left running with parent 1. Deadlines are generous:
/// Swift's backtracer runs first, and on a loaded machine that takes a few seconds.
@Suite(.serialized) struct WatchFatalSignalTests {
    /// Every process of `group` not yet ended (zombies, ended and waiting for init, do not count).
    static func groupIsGone(_ group: Int32, seconds: Double = 60) -> Bool {
        let gone = waitUntil(seconds: seconds) { ProcSelf.processes(inGroup: group).isEmpty }
        if !gone { kill(-group, SIGKILL) }  // leave nothing behind, even when the test fails
        return gone
    }

    /// The children of `pid`, over all of its threads (a child is listed under the thread that started it).
    static func children(of pid: Int32) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { tid in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/children", encoding: .utf8)) ?? "")
                .split(separator: " ").compactMap { Int32($0) }
        }
    }

    @Test(.enabled(if: TmuxSession.isUsable, "needs tmux (and DAEMONDECK_SKIP_TMUX unset)"),
          arguments: [SIGQUIT, SIGSEGV, SIGABRT])
    func onTheDashboardAFatalSignalEndsTheWatchedGroupToo(signal number: Int32) throws {
        // The program starts a child of its own: the whole group must go, not the leader alone.
        let session = try TmuxSession(arguments: ["watch", "--", "/bin/sh", "-c", "sleep 300 & sleep 301"])
        defer { session.kill() }
        let deck = try #require(waitFor { session.programPID() })
        let group = try #require(waitFor { Self.children(of: deck).first }, "the watched program started")
        #expect(waitUntil(seconds: 30) { ProcSelf.processes(inGroup: group).count >= 2 }, "sh and its sleeps run")
        kill(deck, number)
        #expect(session.waitFor("[exited \(128 + Int(number))]", seconds: 60) != nil, "dies of the signal\n\(session.capture())")
        #expect(Self.groupIsGone(group), "left running in group \(group): \(ProcSelf.processes(inGroup: group))")
    }

    /// Skipped in the sanitizer runs (they set DAEMONDECK_SKIP_TMUX, as for every test of a real fatal
    /// signal): there the sanitizer's own handler ends the binary, with its own status.
    @Test(.enabled(if: TmuxSession.isUsable, "not under a sanitizer (DAEMONDECK_SKIP_TMUX unset)"))
    func inPlainModeWithoutATerminalAFatalSignalEndsTheWatchedGroupToo() throws {
        let run = try WatchEndToEndTests.signalPlainWatchOnceReady(["--", "/bin/sh", "-c", "echo ready; sleep 300"], SIGSEGV)
        let (group, ended, status) = (run.group, run.ended, run.status)
        #expect(ended)
        #expect(status & 0x7f == SIGSEGV, "dies of SIGSEGV, as if never handled")
        let pgid = try #require(group)
        #expect(Self.groupIsGone(pgid), "left running in group \(pgid): \(ProcSelf.processes(inGroup: pgid))")
    }

    /// Waits (with a deadline) for `read` to give a value.
    func waitFor<T>(seconds: Double = 30, _ read: () -> T?) -> T? {
        var value: T?
        _ = waitUntil(seconds: seconds) { value = read(); return value != nil }
        return value
    }
}
