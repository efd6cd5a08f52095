import DeckCore
import Glibc
import Synchronization
import Testing

/// A worker thread never receives the signals the UI thread answers: ncurses' Ctrl-Z and resize handlers
/// call curses, so a SIGTSTP delivered to a monitor thread would run curses off the UI thread.
struct PosixThreadSignalTests {
    @Test func aWorkerThreadStartsWithTheUIThreadsSignalsBlockedAndItsCreatorKeepsItsMask() throws {
        var before = sigset_t()
        pthread_sigmask(SIG_BLOCK, nil, &before)
        let blockedInWorker = Mutex<[Int32: Bool]>([:])
        let worker = try #require(PosixThread(name: "mask-check") {
            var mask = sigset_t()
            pthread_sigmask(SIG_BLOCK, nil, &mask)
            let seen = Dictionary(uniqueKeysWithValues: ([SIGTSTP, SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV])
                .map { ($0, sigismember(&mask, $0) == 1) })
            blockedInWorker.withLock { $0 = seen }
        })
        worker.join()
        let seen = blockedInWorker.withLock { $0 }
        for signal in [SIGTSTP, SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            #expect(seen[signal] == true, "signal \(signal) is blocked in a worker")
        }
        #expect(seen[SIGSEGV] == false, "a fault is still delivered to the thread that faults")
        var after = sigset_t()
        pthread_sigmask(SIG_BLOCK, nil, &after)
        for signal in PosixThread.signalsLeftToTheUIThread {
            #expect(sigismember(&after, signal) == sigismember(&before, signal), "the creator's mask is unchanged for \(signal)")
        }
    }
}
