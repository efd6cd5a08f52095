import Foundation

/// A non-daemon worker on a Foundation `Thread`: every few seconds it saves the shared values to a file.
/// At exit the program waits for it (joins it): a save in progress finishes, a final save is made, and
/// the file is left complete. This is the work a daemon thread must never be trusted with.
public final class SnapshotWriter: Sendable {
    public let handle: WorkerHandle
    public let path: String
    private let store: SharedStore
    private let inbox: Inbox
    private let everyMs: Int
    private let stopSignal = StopSignal()
    private let finished = DispatchSemaphore(value: 0)
    private let gate: WorkerGate?

    public init(handle: WorkerHandle, path: String, store: SharedStore, inbox: Inbox, everyMs: Int, gate: WorkerGate? = nil) {
        self.handle = handle
        self.path = path
        self.store = store
        self.inbox = inbox
        self.everyMs = everyMs
        self.gate = gate
    }

    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = handle.name
        thread.start()
    }

    public func requestStop() { stopSignal.stop() }

    /// Blocks until the thread has ended (a real join). Returns false on timeout.
    public func join(timeout: TimeInterval) -> Bool {
        let ok = finished.wait(timeout: .now() + timeout) == .success
        if ok { finished.signal() }  // let a second joiner through too
        return ok
    }

    private func run() {
        let id = handle.id
        inbox.post(.workerRunning(worker: id))
        var saves = 0
        handle.setState(.sleeping)
        while stopSignal.sleep(seconds: Double(everyMs) / 1000) {
            gate?.checkpoint(handle)
            if stopSignal.isStopped { break }
            if save(&saves) == false { break }
        }
        // Cleanup: the final save. Because this worker is non-daemon, the program waits for this to finish.
        handle.setState(.stopping)
        _ = save(&saves, final: true)
        handle.setState(.stopped)
        inbox.post(.workerSaid(worker: id, text: "cleanup: final snapshot saved, \(saves) saves in all"))
        inbox.post(.workerEnded(worker: id, fate: .stoppedWithCleanup))
        finished.signal()
    }

    private func save(_ saves: inout Int, final: Bool = false) -> Bool {
        handle.setState(.saving)
        handle.iterations.add(1, ordering: .relaxed)
        let readings = store.readAll()
        var lines: [String] = []
        for (index, reading) in readings.enumerated() {
            lines.append("  \"\(store.names[index])\": {\"value\": \(reading.value), \"version\": \(reading.version)}")
        }
        let text = "{\n" + lines.joined(separator: ",\n") + "\n}\n"
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            saves += 1
            let version = readings.map(\.version).reduce(0, +)
            if !final { inbox.post(.workerSaid(worker: handle.id, text: "saved snapshot #\(saves) (\(version) writes)")) }
            handle.setState(.sleeping)
            return true
        } catch {
            inbox.post(.workerSaid(worker: handle.id, text: "cannot save to \(path): \(error.localizedDescription); stopping"))
            return false
        }
    }
}
