import CDeckSystem
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials

/// Starts the program `daemondeck watch` watches: in a process group of its own (its pid is the group's
/// id), so one `killpg` reaches it and every process it starts, and so the terminal's Ctrl-C and Ctrl-Z
/// reach daemondeck alone. Its standard output and error are two pipes (each read on a thread of its own,
/// so every line is marked out or err); its standard input is /dev/null, since the keyboard is
/// daemondeck's.
///
/// This is its own spawn, not `ChildProcess.spawn`: that one merges the two streams into one pipe and
/// leaves the child in daemondeck's process group.
struct WatchSpawn {
    let pid: pid_t
    let outputFD: Int32
    let errorFD: Int32

    /// Starts `executable` with `arguments` (argv, its name first). The child starts with no signal
    /// blocked and the default action for every signal daemondeck traps or ignores (an ignored SIGPIPE
    /// would otherwise pass through exec). Python's output is made unbuffered (`PYTHONUNBUFFERED`: written
    /// to a pipe, its standard output is block-buffered otherwise), so its lines arrive as they are
    /// printed: it changes when they come, not what they say.
    ///
    /// `extraEnvironment` is added to (and overrides) daemondeck's own; `inheritedFD` (the Python hook's
    /// pipe, close-on-exec in daemondeck) is kept open, under its own number, in this child alone.
    static func start(_ executable: String, _ arguments: [String], extraEnvironment: [String: String] = [:],
                      inheritedFD: Int32? = nil) throws(POSIXError) -> WatchSpawn {
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard deck_pipe_cloexec(&output) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EMFILE) }
        guard deck_pipe_cloexec(&errors) == 0 else {
            let code = errno
            close(output[0]); close(output[1])
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EMFILE)
        }
        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // dup2 clears close-on-exec on the copy: the child keeps 1 and 2, and the pipes' own ends close.
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        // POSIX: a dup2 action onto the same number clears close-on-exec in the child (glibc 2.29+).
        if let inheritedFD { posix_spawn_file_actions_adddup2(&actions, inheritedFD, inheritedFD) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)  // a new group whose id is the child's pid
        var none = sigset_t()
        sigemptyset(&none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var variables: [UnsafeMutablePointer<CChar>?] = Environment.all
            .merging(["PYTHONUNBUFFERED": "1"], uniquingKeysWith: { mine, _ in mine })
            .merging(extraEnvironment, uniquingKeysWith: { _, hook in hook })
            .sorted { $0.key < $1.key }
            .map { strdup($0.key + "=" + $0.value) }
        variables.append(nil)
        defer { for pointer in variables { free(pointer) } }

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, variables)
        close(output[1])
        close(errors[1])
        guard rc == 0 else {
            close(output[0])
            close(errors[0])
            throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .ENOENT)
        }
        return WatchSpawn(pid: pid, outputFD: output[0], errorFD: errors[0])
    }
}

/// Reads one of the watched program's streams line by line on a thread of its own and hands each line
/// to `deliver`, until the stream ends (every writer closed it) or `abandon` is called (a process that
/// left the group still holds it). A line longer than `maxLineBytes` is cut into pieces, so a program
/// that never writes a newline cannot grow daemondeck's memory.
final class WatchLineReader: Sendable {
    private let thread: PosixThread?
    private let abandoned = Guarded(false)
    private let ended = Guarded(false)

    static let maxLineBytes = 4096

    /// Each piece is delivered as a line of its own (the hook's reports, a lesson's Python output).
    convenience init(fd: Int32, name: String, deliver: @escaping @Sendable (String) -> Void) {
        self.init(fd: fd, name: name, deliverPieces: { text, _ in deliver(text) })
    }

    /// `continues` is true for a piece that goes on the line the piece before it began (that one was cut
    /// at `maxLineBytes`), so the reader of the pieces can mark them and count the line once.
    init(fd: Int32, name: String, deliverPieces: @escaping @Sendable (_ text: String, _ continues: Bool) -> Void) {
        let abandoned = self.abandoned
        let ended = self.ended
        thread = PosixThread(name: name) {
            Self.read(fd: fd, abandoned: abandoned, deliver: deliverPieces)
            close(fd)
            ended.withLock { $0 = true }
        }
        if thread == nil {
            close(fd)
            ended.withLock { $0 = true }
        }
    }

    /// Whether the stream has ended and every line of it has been delivered.
    var hasEnded: Bool { ended.withLock { $0 } }

    /// Stops reading at the next quiet moment (at most about 100 ms from now), even without an end of stream.
    func abandon() { abandoned.withLock { $0 = true } }

    func join() { thread?.join() }

    /// Lets every reader read to the end of its pipe, for at most a second (a process that left the group
    /// may still hold a pipe open), then stops and joins them: every line written before the program's end
    /// is posted before its end is.
    static func drainAndJoin(_ readers: [WatchLineReader]) {
        let drainBy = monotonicNanos() + 1_000_000_000
        for reader in readers {
            while !reader.hasEnded && monotonicNanos() < drainBy { sleepMilliseconds(10) }
            reader.abandon()
            reader.join()
        }
    }

    private static func read(fd: Int32, abandoned: Guarded<Bool>, deliver: @Sendable (String, Bool) -> Void) {
        var pending: [UInt8] = []
        var continues = false  // the line being read was cut: its next piece goes on it
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, 100)
            if polled < 0 && errno == EINTR { continue }
            if polled == 0 {
                if abandoned.withLock({ $0 }) { break }
                continue
            }
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if count <= 0 { break }
            pending.append(contentsOf: buffer[0..<count])
            while let newline = pending.firstIndex(of: 0x0A) {
                deliver(line(pending[..<newline]), continues)
                pending.removeSubrange(...newline)
                continues = false
            }
            while pending.count > maxLineBytes {  // one byte past the cut says whether a character spans it
                let cut = utf8Boundary(pending, before: maxLineBytes)
                deliver(line(pending[..<cut]), continues)
                pending.removeSubrange(..<cut)
                continues = true
            }
        }
        if !pending.isEmpty { deliver(line(pending[...]), continues) }
    }

    /// Where to cut `bytes` at or before `limit` without splitting a UTF-8 character (a character cut in
    /// two would read as two U+FFFD): back past at most three continuation bytes (10xxxxxx).
    static func utf8Boundary(_ bytes: [UInt8], before limit: Int) -> Int {
        var cut = limit
        while cut > limit - 3, cut > 1, cut < bytes.count, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut
    }

    /// The bytes as text; a carriage return before the newline (`\r\n`) is dropped.
    private static func line(_ bytes: ArraySlice<UInt8>) -> String {
        let trimmed = bytes.last == 0x0D ? bytes.dropLast() : bytes
        return String(decoding: trimmed, as: UTF8.self)
    }
}

/// Sleeps the calling thread for `milliseconds`, through signals (the watch and lesson-child loops' pause).
func sleepMilliseconds(_ milliseconds: Int) {
    var pause = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
    var left = timespec()
    while nanosleep(&pause, &left) < 0 && errno == EINTR { pause = left }
}
