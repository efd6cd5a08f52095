import Foundation
import DeckCore

/// Runs a program and waits for it with `posix_spawn` and `waitpid`, without Foundation's `Process`
/// (whose exit monitoring can miss a child that exits at once when the test's threads are busy).
public enum Subprocess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
    }

    /// Runs `arguments` (the first is looked up in PATH). Standard input is /dev/null; standard output is
    /// captured when `capture` is true, else sent to /dev/null (for daemons that would hold a pipe open).
    /// Standard error goes to /dev/null, or with `errorsToo` into the captured output, in the order written.
    @discardableResult
    public static func run(_ arguments: [String], capture: Bool = true, errorsToo: Bool = false) throws -> Result {
        var pipeFDs: [Int32] = [-1, -1]
        // Close-on-exec from the start: tests run in parallel, and a tmux server another test starts at
        // this moment would otherwise keep our write end open for ever.
        if capture { (pipeFDs[0], pipeFDs[1]) = try ChildProcess.makePipe() }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
            posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
            posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        if capture && errorsToo {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)  // after 1 became the pipe: both share it
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // The test's threads block signals (dispatch workers do); the child must start with none blocked
        // and default handlers, or Ctrl-C and SIGTERM would never reach the program under test.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        // SIGTSTP too: ncurses in this test process (screens on /dev/null) sets it to "ignore" for moments,
        // and an ignored signal stays ignored across exec, so a tmux started then could never suspend.
        for number in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        if capture { close(pipeFDs[1]) }
        guard rc == 0 else {
            if capture { close(pipeFDs[0]) }
            throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .ENOENT)
        }
        var output = Data()
        if capture {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(pipeFDs[0], &buffer, buffer.count)
                if count <= 0 { break }
                output.append(contentsOf: buffer[0..<count])
            }
            close(pipeFDs[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exitStatus, output: String(decoding: output, as: UTF8.self))
    }
}
