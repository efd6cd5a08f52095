import CDeckSystem
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// A real POSIX thread that can really be joined.
///
/// Foundation's `Thread` has no `join()`; Python's `threading.Thread.join()` waits on the thread's end the
/// way `pthread_join` does, and this is `pthread_join`. The thread names itself at the OS level
/// (`pthread_setname_np`, first 15 bytes), so `ps -L`, `top -H` and htop show `Monitor-1`, not `daemondeck`.
public final class PosixThread: Sendable {
    /// What the new thread runs, handed to it through `pthread_create`'s argument.
    private final class Start {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    public let name: String
    #if os(Linux)
    private let thread: pthread_t
    #else
    private let thread: pthread_t?
    #endif
    private let joined = Atomic<Bool>(false)

    /// Starts `body` on a new thread now. Returns nil if the system refuses a thread.
    public init?(name: String, _ body: @escaping @Sendable () -> Void) {
        self.name = name
        let argument = Unmanaged.passRetained(Start(name: name, body: body)).toOpaque()
        #if os(Linux)
        var created = pthread_t()
        #else
        var created: pthread_t?
        #endif
        // The new thread inherits the creating thread's signal mask: block the asynchronous signals the UI
        // thread answers (job control, resize, interrupt, terminate, hang-up, quit) while creating it, so a
        // process-directed one is never delivered to a worker. ncurses' SIGTSTP and SIGWINCH handlers call
        // curses, and only the UI thread may (a Ctrl-Z landing on a monitor thread could leave the process
        // running with its screen half torn down). Faults (SIGSEGV and the like) stay unblocked: they are
        // delivered to the thread that faults.
        var workerMask = sigset_t()
        var callerMask = sigset_t()
        sigemptyset(&workerMask)
        for signal in PosixThread.signalsLeftToTheUIThread { sigaddset(&workerMask, signal) }
        pthread_sigmask(SIG_BLOCK, &workerMask, &callerMask)
        defer { pthread_sigmask(SIG_SETMASK, &callerMask, nil) }
        let rc = pthread_create(&created, nil, { argument in
            let start = Unmanaged<Start>.fromOpaque(argument!).takeRetainedValue()
            _ = deck_name_this_thread(start.name)
            start.body()
            return nil
        }, argument)
        guard rc == 0 else {
            Unmanaged<Start>.fromOpaque(argument).release()
            return nil
        }
        thread = created
    }

    /// Signals every `PosixThread` starts with blocked, so that the process's main (UI) thread receives them.
    public static let signalsLeftToTheUIThread: [Int32] = [SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT, SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Waits until the thread has returned (`pthread_join`). Only the thread that owns this object joins;
    /// joining twice is harmless.
    public func join() {
        guard !joined.exchange(true, ordering: .acquiringAndReleasing) else { return }
        #if os(Linux)
        pthread_join(thread, nil)
        #else
        if let thread { pthread_join(thread, nil) }
        #endif
    }
}
