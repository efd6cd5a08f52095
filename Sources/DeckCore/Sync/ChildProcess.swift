import CDeckSystem
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials

/// A real child process, started with `posix_spawn` and reaped with `waitpid`: small enough to read, and
/// it lets the owner decide exactly when the pid stops being its own (see `ChildProcessWorker`).
///
/// Why not swiftlang/swift-subprocess (1.0.2 resolves here)? Its `run` is `async` only and reads the
/// child's output through DispatchIO on the global queue, so starting and watching a child would need
/// the concurrency pool and Dispatch; the `daemon-exit` lesson's point is what a plain thread and a
/// plain child do at exit, and the worker that watches it must run when the pool is busy or frozen. It
/// also reaps the child itself, where `ChildProcessWorker` needs the pid to stay a zombie (`waitid`
/// with `WNOWAIT`) until it decides, so a late SIGTERM cannot reach a stranger that reused the number.
/// This file is about a hundred lines doing one thing, and the lesson shows it as it is.
public struct ChildProcess: Sendable {
    public let pid: pid_t
    /// The read end of a pipe that carries the child's standard output and error (-1 unless `.pipe`).
    public let outputFD: Int32

    /// Where the child's standard input, output and error go.
    public enum Standard: Sendable {
        /// Input from /dev/null; output and error into a pipe this process reads (`outputFD`).
        case pipe
        /// All three to /dev/null.
        case discard
        /// All three on the terminal at this path, in a session of the child's own (the bench's pty).
        case terminal(String)
    }

    /// Starts `binary` with `arguments`, with `environment` added to (or replacing) this process's. The
    /// child starts with no signal blocked and default handlers for the ones daemondeck traps, whatever
    /// this process has set.
    public static func spawn(_ binary: String, _ arguments: [String], standard: Standard = .pipe,
                             environment extra: [String: String] = [:]) throws -> ChildProcess {
        var fds: [Int32] = [-1, -1]
        if case .pipe = standard {
            // Both ends are created close-on-exec in one call: with pipe() then fcntl(), a child that another
            // thread spawned in between would inherit the write end, and our reader would wait for that
            // child's exit before it saw end-of-file. (The child's own dup2 onto 1 and 2 clears the flag.)
            (fds[0], fds[1]) = try makePipe()
        }
        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        let environment = environ
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        let environment = _NSGetEnviron().pointee
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var flags = Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        switch standard {
        case .pipe:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
            posix_spawn_file_actions_addclose(&actions, fds[1])
        case .discard:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        case .terminal(let path):
            flags |= deck_spawn_setsid_flag()
            posix_spawn_file_actions_addopen(&actions, 0, path, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
            posix_spawn_file_actions_adddup2(&actions, 0, 2)
        }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, flags)
        let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // The child's output is read line by line into the log: a crash there should say it died, not
        // print a backtrace of every thread into the lesson.
        var variables: [UnsafeMutablePointer<CChar>?] = []
        var cursor: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environment
        while let here = cursor, let entry = here.pointee {
            let text = String(cString: entry)
            let name = text.firstIndex(of: "=").map { String(text[..<$0]) } ?? text
            if name != "SWIFT_BACKTRACE" && extra[name] == nil { variables.append(strdup(entry)) }
            cursor = here.advanced(by: 1)
        }
        if extra["SWIFT_BACKTRACE"] == nil { variables.append(strdup("SWIFT_BACKTRACE=enable=no")) }
        for (name, value) in extra.sorted(by: { $0.key < $1.key }) { variables.append(strdup(name + "=" + value)) }
        variables.append(nil)
        defer { for pointer in variables { free(pointer) } }
        var pid: pid_t = 0
        // A bare name (`python3`) is looked for on PATH, as a shell would.
        let rc = binary.contains("/") ? posix_spawn(&pid, binary, &actions, &attributes, argv, variables)
                                      : posix_spawnp(&pid, binary, &actions, &attributes, argv, variables)
        if fds[1] >= 0 { close(fds[1]) }
        guard rc == 0 else {
            if fds[0] >= 0 { close(fds[0]) }
            throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .ENOENT)
        }
        return ChildProcess(pid: pid, outputFD: fds[0])
    }

    /// A pipe whose two ends close on exec, created so in one call (`pipe2(O_CLOEXEC)`): a child another
    /// thread spawns at the same moment inherits neither end. Throws the real errno (EMFILE, ENFILE...).
    public static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard deck_pipe_cloexec(&fds) == 0 else { throw lastError() }
        return (fds[0], fds[1])
    }

    /// `errno` as a thrown error, so a message says what really went wrong.
    public static func lastError() -> POSIXError {
        POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }

    /// Blocks until the child has exited, without reaping it: the pid stays this process's (a zombie)
    /// until `reap`, so a signal sent before then cannot reach a stranger that reused the number.
    public func waitForExit() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
    }

    /// Reaps the exited child and says how it ended.
    public func reap() -> Ending {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    public enum Ending: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
    }
}
