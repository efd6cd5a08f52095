import CDeckSystem
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials

/// One of daemondeck's own child scenarios run as a real child process (`daemondeck scenario NAME`).
/// A thread streams the child's output into the log line by line, waits for it to exit, and reports how
/// it ended and its run time. Stopping sends SIGTERM.
///
/// The pid is only ever signalled under the same lock that forgets it at the reap, so a stop can never
/// reach a process that reused the number after the child was gone.
public final class ChildProcessWorker: Worker {
    public let life: WorkerLife
    private let binary: String
    private let scenario: ChildScenario
    /// The child's pid while it is ours to signal (spawned and not yet reaped), and whether a stop came.
    private let child = Guarded<(pid: pid_t?, stopRequested: Bool)>((nil, false))

    public init(life: WorkerLife, binary: String, scenario: ChildScenario) {
        self.life = life
        self.binary = binary
        self.scenario = scenario
    }

    public func start() { life.startThread { [self] in run() } }

    /// The pid a stop would signal now: the child's while it is ours, nil before the spawn and after the reap.
    public var signalTarget: pid_t? { child.withLock { $0.pid } }

    public func requestStop() {
        life.stopSignal.stop()
        child.withLock { child in
            child.stopRequested = true
            if let pid = child.pid { kill(pid, SIGTERM) }
        }
    }

    private func run() -> WorkerFate {
        let started = monotonicNanos()
        let process: ChildProcess
        do {
            process = try child.withLock { child in
                guard !child.stopRequested else { throw CancellationError() }
                deck_rescue_guard_children()
                let process = try ChildProcess.spawn(binary, ["scenario", scenario.rawValue])
                child.pid = process.pid
                // In daemondeck's own group, so the pid alone: killed if daemondeck dies of a fatal signal.
                _ = deck_rescue_add_kill_target(process.pid)
                return process
            }
        } catch is CancellationError {
            return .stoppedWithCleanup
        } catch {
            let reason = (error as? POSIXError).map { String(cString: strerror($0.code.rawValue)) } ?? "\(error)"
            life.say("cannot start \(binary): \(reason)")
            return .failedToStart
        }
        life.announceRunning()
        life.say("child pid \(process.pid): daemondeck scenario \(scenario.rawValue)")
        handle.setState(.running)
        streamLines(from: process.outputFD)
        close(process.outputFD)
        process.waitForExit()
        let ending = child.withLock { child in
            child.pid = nil  // from here on the number is no longer ours
            deck_rescue_remove_kill_target(process.pid)
            return process.reap()
        }
        let seconds = Double(monotonicNanos() - started) / 1e9
        switch ending {
        case .signalled(let number):
            life.say("child ended: killed by signal \(number) (\(signalName(number))), its cleanup never ran; "
                     + "run time \(DecimalText.fixed(seconds, 2)) s")
            return .killed
        case .exited(let status):
            life.say("child ended: exit status \(status), run time \(DecimalText.fixed(seconds, 2)) s")
            return .finished
        }
    }

    /// Posts each line the child writes, until it closes its output.
    private func streamLines(from fd: Int32) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending.append(contentsOf: buffer[0..<count])
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                handle.iterations.add(1, ordering: .relaxed)
                life.say("child: \(line)")
            }
        }
        if !pending.isEmpty { life.say("child: \(String(decoding: pending, as: UTF8.self))") }
    }

    private func signalName(_ number: Int32) -> String {
        switch number {
        case SIGTERM: "SIGTERM"
        case SIGKILL: "SIGKILL"
        case SIGINT: "SIGINT"
        case SIGILL: "SIGILL: a Swift trap such as fatalError"
        case SIGTRAP: "SIGTRAP: a Swift trap such as fatalError"
        case SIGABRT: "SIGABRT"
        default: "signal \(number)"
        }
    }

    /// The daemondeck binary to run as the child: `DAEMONDECK_BIN`, else this very executable.
    public static func defaultBinary() -> String {
        if let path = Environment.value("DAEMONDECK_BIN"), !path.isEmpty { return path }
        return ProcSelf.executablePath() ?? CommandLine.arguments[0]
    }
}
