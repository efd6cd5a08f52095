#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Dispatch

/// The programs behind `daemondeck scenario NAME`: what a lesson runs as a real child process.
public enum ChildScenarios {
    public static let nonDaemonSeconds = 1.0
    public static let daemonSeconds = 3.0

    /// Runs a scenario's main; returns when main returns (the caller then exits the process).
    public static func run(_ scenario: ChildScenario, say: @escaping @Sendable (String) -> Void = { _ = LinePrinter.writeLine($0) }) {
        // A parent may have ignored or blocked SIGTERM, and a child inherits both: restore the default, so
        // SIGTERM ends the child as it ends any program (without its cleanup).
        signal(SIGTERM, SIG_DFL)
        var terms = sigset_t()
        sigemptyset(&terms)
        sigaddset(&terms, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &terms, nil)
        switch scenario {
        case .daemonExit: daemonExit(say: say)
        case .job: job(say: say)
        case .shutdown: shutdown(say: say)
        case .fatal: fatal(say: say)
        case .lastWrite: lastWrite(say: say)
        }
    }

    /// main starts a non-daemon worker (joined before main returns) and a daemon worker (never joined); both
    /// sleep and then print a cleanup line. Both are POSIX threads (`pthread_create`), and the join is
    /// `pthread_join`, which waits for the thread's end as Python's `Thread.join()` does (Foundation's
    /// `Thread` has no join). main returns after the join: the process exits and the daemon worker, still
    /// asleep, is cut off, so its cleanup line never appears.
    static func daemonExit(say: @escaping @Sendable (String) -> Void) {
        let started = monotonicNanos()
        let elapsed: @Sendable () -> String = { DecimalText.fixed(Double(monotonicNanos() - started) / 1e9, 2) + " s" }
        say("main: starting a non-daemon worker (sleeps \(nonDaemonSeconds) s) and a daemon worker (sleeps \(daemonSeconds) s)")
        let nonDaemon = PosixThread(name: "non-daemon") {
            say("[non-daemon] working")
            usleep(UInt32(nonDaemonSeconds * 1_000_000))
            say("[non-daemon] done at \(elapsed()); cleanup ran")
        }
        let daemon = PosixThread(name: "daemon") {
            say("[daemon] working")
            usleep(UInt32(daemonSeconds * 1_000_000))
            say("[daemon] done at \(elapsed()); cleanup ran")
        }
        guard let nonDaemon, daemon != nil else { return say("main: the system refused a thread") }
        say("main: waiting for (joining) the non-daemon worker only")
        nonDaemon.join()
        say("main: returning at \(elapsed()); the daemon worker is still asleep")
    }

    /// The writes main makes in `lastWrite`, 300 ms apart: the tutorial's random() * 5, fixed so runs compare.
    public static let lastWriteValues = [1.25, 3.5, 4.75]
    public static let lastWriteGapMs = 300
    /// Half the monitor's 100 ms poll: how far the writes sit from its looks.
    public static let lastWriteOffsetMs = 50

    /// Tutorial 000's program: a daemon monitor thread polls `data` every 100 ms and reports each change;
    /// main sleeps, writes, three times, and returns right after its last write. The monitor never gets to
    /// look again: the process ends with it mid-sleep, so the last write is never reported.
    static func lastWrite(say: @escaping @Sendable (String) -> Void) {
        let data = Guarded(0.0)
        say("main: starting the daemon monitor (it polls data every 100 ms)")
        let monitor = PosixThread(name: "Monitor") {
            var lastSeen = data.withLock { $0 }
            while true {
                let now = data.withLock { $0 }
                if now != lastSeen {
                    say("Monitor: data has changed to \(DecimalText.fixed(now, 2))")
                    lastSeen = now
                }
                usleep(100_000)
            }
        }
        guard monitor != nil else { return say("main: the system refused a thread") }
        for (index, value) in lastWriteValues.enumerated() {
            // The first gap is half a poll longer, so every write lands midway between two of the monitor's
            // looks (both count from the same start): the last one is 50 ms before its next look, and main has
            // long returned by then. On the polls themselves, a write raced the look that came with it.
            usleep(UInt32((index == 0 ? lastWriteGapMs + lastWriteOffsetMs : lastWriteGapMs) * 1000))
            let last = index == lastWriteValues.count - 1
            // The line goes out before the write, so nothing but the return stands between the last write and exit.
            say("main: data = \(DecimalText.fixed(value, 2)) (write \(index + 1) of \(lastWriteValues.count))"
                + (last ? "; main returns at once" : ""))
            data.withLock { $0 = value }
        }
    }

    /// The models lesson's job as a process: the same steps as the other models.
    static func job(say: @escaping @Sendable (String) -> Void) {
        for step in 1...LessonJob.steps {
            usleep(UInt32(LessonJob.stepMs * 1000))
            if step % LessonJob.reportEvery == 0 { say("step \(step)/\(LessonJob.steps)") }
        }
        say("job done: cleanup ran")
    }

    /// What becomes of background tasks at exit. main starts two unstructured tasks that each sleep 2 s.
    /// At shutdown it cancels the one it owns and waits for it: its `CancellationError` path cleans up.
    /// It never cancels the other: when main returns, the process ends and that task is cut off, its
    /// cleanup never runs. (asyncio.run() cancels every remaining task itself, so there both clean up.)
    static func shutdown(say: @escaping @Sendable (String) -> Void) {
        say("main: starting two unstructured tasks; each sleeps 2 s, then cleans up")
        let owned = Task.detached {
            do {
                try await Task.sleep(for: .seconds(2))
                say("[owned task] woke up: cleanup ran")
            } catch {
                say("[owned task] CancellationError: cleanup ran")
            }
        }
        _ = Task.detached {
            do {
                try await Task.sleep(for: .seconds(2))
                say("[forgotten task] woke up: cleanup ran")
            } catch {
                say("[forgotten task] CancellationError: cleanup ran")
            }
        }
        usleep(300_000)
        say("main: shutting down: cancelling the task it owns, then waiting for it")
        owned.cancel()
        // main is not async: a semaphore, signalled once the owned task's value is in, is the wait.
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            await owned.value
            done.signal()
        }
        done.wait()
        say("main: returning; nobody cancelled the other task, so it is cut off with the process")
    }

    /// A fatal error in any thread ends the whole process: main never gets to say it is still running.
    /// (In Python an uncaught exception ends only its own thread; threading.excepthook reports it.)
    static func fatal(say: @escaping @Sendable (String) -> Void) {
        say("main: starting a worker thread that will hit a fatal error; main sleeps 2 s")
        let worker = PosixThread(name: "worker") {
            usleep(200_000)
            say("[worker] calling fatalError(\"the worker thread failed\")")
            // The runtime's own report and stack trace go to standard error: keep them out of the lesson's log.
            let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
            if devNull >= 0 { dup2(devNull, STDERR_FILENO) }
            fatalError("the worker thread failed")
        }
        if worker == nil { say("main: the system refused a thread") }
        usleep(2_000_000)
        say("main: still running after 2 s")
    }
}
