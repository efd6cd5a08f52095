#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// Catches SIGINT, SIGTERM and SIGHUP without doing anything unsafe in the handler: the handler only sets
/// a bit and writes one byte to a wake pipe (saving and restoring `errno`, which `write` may change); the
/// run loop then acts on it. Installed before curses starts, so ncurses keeps its hands off these signals.
/// SIGPIPE is ignored, so a closed pipe shows up as `EPIPE` from `write`, which plain mode turns into
/// a prompt exit.
public enum SignalTrap {
    public static let trapped: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handlers and makes `waker` the pipe they write to.
    public static func install(waker: Waker) {
        // Touch the globals now: a signal handler must never be the one to run their lazy initialisers.
        _ = pendingSignals.load(ordering: .relaxed)
        wakeFD.store(waker.writeFD, ordering: .sequentiallyConsistent)
        signal(SIGPIPE, SIG_IGN)
        // A parent may have started us with these signals blocked (a thread pool's mask is inherited);
        // unblock them, or Ctrl-C and SIGTERM would wait forever and resizes would go unseen.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in trapped + [SIGWINCH] { sigaddset(&unblock, number) }  // SIGWINCH: curses' resize
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for number in trapped {
            signal(number) { number in
                let savedErrno = errno
                pendingSignals.bitwiseOr(UInt32(1) << UInt32(number), ordering: .relaxed)
                let fd = wakeFD.load(ordering: .sequentiallyConsistent)
                if fd >= 0 {
                    var byte: UInt8 = 1
                    _ = write(fd, &byte, 1)
                }
                errno = savedErrno
            }
        }
    }

    /// The waker is going away: a signal must not write to its (closed, perhaps reused) descriptor.
    static func detach(writeFD fd: Int32) {
        _ = wakeFD.compareExchange(expected: fd, desired: -1, ordering: .sequentiallyConsistent)
    }

    /// Signals received since the last call, lowest number first.
    public static func take() -> [Int32] {
        let bits = pendingSignals.exchange(0, ordering: .relaxed)
        guard bits != 0 else { return [] }
        return (1..<32).filter { bits & (UInt32(1) << UInt32($0)) != 0 }.map { Int32($0) }
    }
}

private let pendingSignals = Atomic<UInt32>(0)
private let wakeFD = Atomic<Int32>(-1)
