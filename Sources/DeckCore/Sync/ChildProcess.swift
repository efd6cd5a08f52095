import Foundation

/// A real child process, started with `posix_spawn` and reaped with `waitpid`: small enough to read, and
/// it lets the owner decide exactly when the pid stops being its own (see `ChildProcessWorker`).
public struct ChildProcess: Sendable {
    public let pid: pid_t
    /// The read end of a pipe that carries the child's standard output and error.
    public let outputFD: Int32

    /// Starts `binary` with `arguments`. Standard input is /dev/null. The child starts with no signal
    /// blocked and default handlers for the ones daemondeck traps, whatever this process has set.
    public static func spawn(_ binary: String, _ arguments: [String]) throws -> ChildProcess {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
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
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // The child's output is read line by line into the log: a crash there should say it died, not
        // print a backtrace of every thread into the lesson.
        var variables: [UnsafeMutablePointer<CChar>?] = []
        var cursor: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environment
        while let here = cursor, let entry = here.pointee {
            if !String(cString: entry).hasPrefix("SWIFT_BACKTRACE=") { variables.append(strdup(entry)) }
            cursor = here.advanced(by: 1)
        }
        variables.append(strdup("SWIFT_BACKTRACE=enable=no"))
        variables.append(nil)
        defer { for pointer in variables { free(pointer) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, binary, &actions, &attributes, argv, variables)
        close(fds[1])
        guard rc == 0 else {
            close(fds[0])
            throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .ENOENT)
        }
        return ChildProcess(pid: pid, outputFD: fds[0])
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
