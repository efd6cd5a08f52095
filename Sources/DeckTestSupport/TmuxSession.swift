import Foundation

/// Drives the real binary in a detached tmux session: type keys, read the screen, resize, wait for text.
/// Every session runs on its own tmux server socket, so tests never touch a user's tmux.
public final class TmuxSession {
    public let name: String
    private let socket: String

    /// The built `daemondeck` binary: `DAEMONDECK_BIN` if set, else next to the test bundle.
    public static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["DAEMONDECK_BIN"] { return path }
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = here.deletingLastPathComponent()
        // The test bundle may be a folder (`*.xctest/…`) or a file; walk up until the binary is beside us.
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("daemondeck")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            folder = folder.deletingLastPathComponent()
        }
        return ".build/debug/daemondeck"
    }

    /// tmux is installed and the run did not ask to skip tmux tests (the sanitizer runs do).
    public static var isUsable: Bool {
        isAvailable && ProcessInfo.processInfo.environment["DAEMONDECK_SKIP_TMUX"] != "1"
    }

    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
    }

    /// Starts `arguments` (the binary's arguments) at `width`x`height`. `environment` is added to a clean
    /// UTF-8 xterm environment. When the program exits, the pane stays and shows `[exited N]`.
    /// `ignoring` names signals the shell ignores before it starts the program (`trap '' INT`), which the
    /// program inherits; `standardInput` redirects its input (`< /dev/tty`).
    public init(width: Int = 80, height: Int = 24, arguments: [String] = [], environment: [String: String] = [:],
                ignoring: [String] = [], standardInput: String? = nil) throws {
        let id = UUID().uuidString.prefix(8)
        name = "dd-\(id)"
        socket = "daemondeck-test-\(id)"
        var env = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                   "SWIFT_BACKTRACE": "interactive=no", "TZ": "UTC"]
        for (key, value) in environment { env[key] = value }
        let exports = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        let traps = ignoring.map { "trap '' \($0); " }.joined()
        let command = ([Self.binaryPath] + arguments).map(Self.quote).joined(separator: " ")
            + (standardInput.map { " < " + Self.quote($0) } ?? "")
        // After the program ends, the pane shows its exit status and the terminal's modes (to check they
        // were restored), then stays open so the test can read it.
        let script = "\(traps)env \(exports) \(command); echo \"[exited $?]\"; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo '[modes]'; exec sleep 600"
        // new-session starts the tmux server, which keeps any pipe it inherits open: give it none.
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", script], capture: false)
    }

    /// The prompt of a session started with `init(shellWidth:)`.
    public static let shellPrompt = "dd$ "

    /// Starts an interactive shell with job control (no rc files, prompt `dd$ `), for tests that type the
    /// command themselves: Ctrl-Z, then `fg`. The binary is `TmuxSession.binaryPath`.
    public init(shellWidth width: Int = 80, height: Int = 24, environment: [String: String] = [:]) throws {
        let id = UUID().uuidString.prefix(8)
        name = "dd-\(id)"
        socket = "daemondeck-test-\(id)"
        var env = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                   "SWIFT_BACKTRACE": "interactive=no", "TZ": "UTC", "PS1": Self.shellPrompt]
        for (key, value) in environment { env[key] = value }
        let exports = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                  "env \(exports) bash --norc --noprofile -i"], capture: false)
    }

    deinit { kill() }

    public func kill() {
        _ = try? tmux(["kill-server"], capture: false)
    }

    /// Sends keys as tmux names them: "q", "+", "Space", "C-c", "PageUp", "Up".
    public func send(_ keys: String...) {
        for key in keys { _ = try? tmux(["send-keys", "-t", name, key]) }
    }

    /// Sends literal text (each character a key).
    public func type(_ text: String) {
        _ = try? tmux(["send-keys", "-t", name, "-l", text])
    }

    public func resize(width: Int, height: Int) {
        _ = try? tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The screen as text.
    public func capture() -> String {
        (try? tmux(["capture-pane", "-p", "-t", name])) ?? ""
    }

    /// Whether the pane shows the terminal's alternate screen (where full-screen programs draw): after a
    /// program has ended it must be off, or the shell's prompt is drawn over the program's last frame.
    public func alternateScreenOn() -> Bool? {
        guard let text = try? tmux(["display-message", "-p", "-t", name, "#{alternate_on}"]) else { return nil }
        return text.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// The process id of the program in the pane (the shell's child).
    public func panePID() -> Int32? {
        guard let text = try? tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]),
              let shell = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return shell
    }

    /// Waits until the screen contains `text`; returns the screen if it did, nil after `seconds`.
    @discardableResult
    public func waitFor(_ text: String, seconds: Double = 10) -> String? {
        var screen = ""
        let found = waitUntil(seconds: seconds, pauseMs: 50) {
            screen = capture()
            return screen.contains(text)
        }
        return found ? screen : nil
    }

    /// The pid of daemondeck itself (the pane's shell's child), for sending it signals.
    public func programPID() -> Int32? {
        guard let shell = panePID() else { return nil }
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").compactMap { Int32($0) }.first
    }

    /// The terminal modes the pane reported after the program ended, e.g. "icanon echo", or nil if they
    /// did not show within `seconds`. The pane prints them after `[exited N]`, so a test that has just
    /// seen that line waits for them here.
    public func modesAfterExit(seconds: Double = 10) -> String? {
        guard let screen = waitFor("[modes]", seconds: seconds) else { return nil }
        guard let line = screen.split(separator: "\n").first(where: { $0.contains("[modes]") }) else { return nil }
        return line.replacingOccurrences(of: "[modes]", with: "").trimmingCharacters(in: .whitespaces)
    }

    @discardableResult
    private func tmux(_ args: [String], capture: Bool = true) throws -> String {
        try Subprocess.run(["tmux", "-L", socket] + args, capture: capture).output
    }

    public static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
