import Foundation
import Synchronization

/// One of daemondeck's own child scenarios run as a real child process (`daemondeck scenario NAME`) with
/// Foundation `Process`. A thread streams the child's standard output into the log line by line, waits
/// for it to exit, and reports its exit status and run time. Stopping sends SIGTERM.
public final class ChildProcessWorker: LessonWorkerProcess {
    public let handle: WorkerHandle
    private let inbox: Inbox
    private let binary: String
    private let scenario: ChildScenario
    private let pid = Atomic<Int32>(0)
    private let stopRequested = Atomic<Bool>(false)

    public init(handle: WorkerHandle, inbox: Inbox, binary: String, scenario: ChildScenario) {
        self.handle = handle
        self.inbox = inbox
        self.binary = binary
        self.scenario = scenario
    }

    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = handle.name
        thread.start()
    }

    public func requestStop() {
        stopRequested.store(true, ordering: .relaxed)
        let pid = pid.load(ordering: .relaxed)
        if pid > 0 { kill(pid, SIGTERM) }
    }

    private func run() {
        let id = handle.id
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["scenario", scenario.rawValue]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let started = monotonicNanos()
        do {
            try process.run()
        } catch {
            inbox.post(.workerSaid(worker: id, text: "cannot start \(binary): \(error.localizedDescription)"))
            handle.setState(.finished)
            inbox.post(.workerEnded(worker: id, fate: .finished))
            return
        }
        pid.store(process.processIdentifier, ordering: .relaxed)
        if stopRequested.load(ordering: .relaxed) { kill(process.processIdentifier, SIGTERM) }
        inbox.post(.workerRunning(worker: id))
        inbox.post(.workerSaid(worker: id, text: "child pid \(process.processIdentifier): daemondeck scenario \(scenario.rawValue)"))
        handle.setState(.running)
        var pending = Data()
        let reader = output.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                handle.iterations.add(1, ordering: .relaxed)
                inbox.post(.workerSaid(worker: id, text: "child: \(line)"))
            }
        }
        if !pending.isEmpty { inbox.post(.workerSaid(worker: id, text: "child: \(String(decoding: pending, as: UTF8.self))")) }
        process.waitUntilExit()
        let seconds = Double(monotonicNanos() - started) / 1e9
        let how = process.terminationReason == .uncaughtSignal
            ? "killed by signal \(process.terminationStatus): its cleanup never ran"
            : "exit status \(process.terminationStatus)"
        inbox.post(.workerSaid(worker: id, text: String(format: "child ended: %@, run time %.2f s", how, seconds)))
        handle.setState(.finished)
        inbox.post(.workerEnded(worker: id, fate: stopRequested.load(ordering: .relaxed) ? .cancelled : .finished))
    }

    /// The daemondeck binary to run as the child: `DAEMONDECK_BIN`, else this very executable.
    public static func defaultBinary() -> String {
        if let path = ProcessInfo.processInfo.environment["DAEMONDECK_BIN"], !path.isEmpty { return path }
        return Bundle.main.executableURL?.path ?? CommandLine.arguments[0]
    }
}
