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
    /// Bounded: a program still running (or still holding its output open) after `seconds` is killed with
    /// SIGKILL, and the result says so (status 137), so a test waiting on it fails instead of hanging.
    @discardableResult
    public static func run(_ arguments: [String], capture: Bool = true, errorsToo: Bool = false,
                           seconds: Double = 300) throws -> Result {
        let deadline = monotonicNanos() + UInt64(seconds * 1e9)
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
        var timedOut = false
        if capture {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let now = monotonicNanos()
                guard now < deadline else { timedOut = true; break }
                var ready = pollfd(fd: pipeFDs[0], events: Int16(POLLIN), revents: 0)
                let waitMs = Int32(min(1000, (deadline - now) / 1_000_000 + 1))
                if poll(&ready, 1, waitMs) == 0 { continue }
                let count = read(pipeFDs[0], &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                output.append(contentsOf: buffer[0..<count])
            }
            close(pipeFDs[0])
        }
        var status: Int32 = 0
        let remaining = max(0, Double(Int64(deadline) - Int64(monotonicNanos())) / 1e9)
        if timedOut || !waitUntil(seconds: remaining, { waitpid(pid, &status, WNOHANG) == pid }) {
            timedOut = true
            kill(pid, SIGKILL)  // SIGKILL cannot be caught or ignored: the blocking wait below ends
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        var text = String(decoding: output, as: UTF8.self)
        if timedOut { text += "\n[Subprocess: \(arguments[0]) killed after \(seconds) s without ending]\n" }
        return Result(status: exitStatus, output: text)
    }
}

/// A program run with Foundation's `Process`, its output and errors apart, bounded in time.
public struct ProgramRun: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// The program could not start, or did not end in time.
    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `path ARGUMENTS` with `environment` (nil: this process's) and standard input from /dev/null, and
    /// waits for it at most `seconds`; then it is killed and `Failed` thrown, so the test fails instead of hanging.
    public static func run(_ path: String, _ arguments: [String], environment: [String: String]? = nil,
                           seconds: Double = 120) throws -> ProgramRun {
        let pid = Guarded<Int32>(0)
        let outcome = onThread(seconds: seconds) { () -> Result<ProgramRun, Failed> in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            if let environment { process.environment = environment }
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            do { try process.run() } catch { return .failure(Failed(description: "\(path): \(error)")) }
            pid.update { $0 = process.processIdentifier }
            // Errors are read on a thread of their own, so a child filling one pipe never blocks on it.
            let errors = Guarded<Data?>(nil)
            Thread { let data = err.fileHandleForReading.readDataToEndOfFile(); errors.update { $0 = data } }.start()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = errors.wait(until: { $0 != nil }, deadline: nil) { data, _ in data ?? Data() }
            process.waitUntilExit()
            return .success(ProgramRun(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                       stderr: String(decoding: stderr, as: UTF8.self)))
        }
        guard let outcome else {
            let child = pid.withLock { $0 }
            if child > 0 { kill(child, SIGKILL) }
            throw Failed(description: "\(path) \(arguments.joined(separator: " ")) did not end within \(seconds) s (killed)")
        }
        return try outcome.get()
    }
}
