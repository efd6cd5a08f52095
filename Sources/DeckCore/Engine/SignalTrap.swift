import CDeckSystem
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// Catches SIGINT, SIGTERM and SIGHUP without doing anything unsafe in the handler: the handler only counts
/// the signal and writes one byte to a wake pipe (saving and restoring `errno`, which `write` may change);
/// the run loop then acts on it. Installed before curses starts, so ncurses keeps its hands off these
/// signals. SIGPIPE is ignored, so a closed pipe shows up as `EPIPE` from `write`, which plain mode turns
/// into a prompt exit.
///
/// A signal this process was started with ignored (`nohup` ignores SIGHUP, `trap '' INT` in a shell
/// ignores SIGINT for the commands it starts) stays ignored: no handler is installed for it, so
/// `nohup daemondeck --plain` survives the hang-up, and Ctrl-C under `trap '' INT` does nothing (q quits).
public enum SignalTrap {
    public static let trapped: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handlers and makes `waker` the pipe they write to.
    public static func install(waker: Waker) {
        // Touch the globals now: a signal handler must never be the one to run their lazy initialisers.
        _ = (hangups.load(ordering: .relaxed), interrupts.load(ordering: .relaxed), terminations.load(ordering: .relaxed))
        wakeFD.store(waker.writeFD, ordering: .sequentiallyConsistent)
        signal(SIGPIPE, SIG_IGN)
        // A parent may have started us with these signals blocked (a thread pool's mask is inherited);
        // unblock them, or Ctrl-C and SIGTERM would wait forever and resizes would go unseen. Blocking is
        // not ignoring: a blocked signal is held for later, an ignored one is thrown away.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in trapped + [SIGWINCH] { sigaddset(&unblock, number) }  // SIGWINCH: curses' resize
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for number in trapped where deck_signal_is_ignored(number) == 0 {
            signal(number) { number in
                let savedErrno = errno
                countSignal(number)
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

    /// Signals received since the last call, lowest number first, each as often as it came (up to
    /// `maxRepeats`): two Ctrl-C between two turns of the loop are two, so the second forces the quit as
    /// a second `q` does. More than that changes nothing the reducer does.
    public static func take() -> [Int32] {
        let counts = [(SIGHUP, hangups.exchange(0, ordering: .relaxed)),
                      (SIGINT, interrupts.exchange(0, ordering: .relaxed)),
                      (SIGTERM, terminations.exchange(0, ordering: .relaxed))]
        return counts.flatMap { number, count in Array(repeating: number, count: Int(min(count, maxRepeats))) }
    }

    static let maxRepeats: UInt32 = 2

    /// For tests: counts `number` as if its handler had run (without a signal, which would reach every
    /// test in the process).
    static func simulate(_ number: Int32) {
        countSignal(number)
    }
}

/// How many of each trapped signal arrived since the last `take`: plain atomics, safe in a handler.
private let hangups = Atomic<UInt32>(0)
private let interrupts = Atomic<UInt32>(0)
private let terminations = Atomic<UInt32>(0)

/// Counts one `number`; no allocation, no lock, so a signal handler may call it.
private func countSignal(_ number: Int32) {
    switch number {
    case SIGHUP: hangups.add(1, ordering: .relaxed)
    case SIGINT: interrupts.add(1, ordering: .relaxed)
    case SIGTERM: terminations.add(1, ordering: .relaxed)
    default: break
    }
}

private let wakeFD = Atomic<Int32>(-1)
