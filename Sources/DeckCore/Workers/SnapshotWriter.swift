#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials

/// A non-daemon worker on its own thread: every few seconds it saves the shared values to a file, if
/// they were written since its last save (an autosave: a quiet dashboard costs it one look, no disk).
/// At exit the program waits for it (joins it): a save in progress finishes, a final save is made, and
/// the file is left complete. This is the work a daemon thread must never be trusted with.
public final class SnapshotWriter: Worker {
    public let life: WorkerLife
    public let path: String
    private let store: SharedStore
    private let everyMs: Int
    /// Extra time the final save takes (a slow disk); lessons and tests use it to make a join visible.
    private let finalSaveDelayMs: Int

    public init(life: WorkerLife, path: String, store: SharedStore, everyMs: Int, finalSaveDelayMs: Int = 0) {
        self.life = life
        self.path = path
        self.store = store
        self.everyMs = everyMs
        self.finalSaveDelayMs = finalSaveDelayMs
    }

    public func start() { life.startThread { [self] in run() } }

    /// One value as the file holds it: `{"data": {"value": 3.205, "version": 7}, ...}`, through `JSONEncoder`.
    struct SavedValue: Encodable {
        var value: Double
        var version: Int
    }

    private func run() -> WorkerFate {
        life.announceRunning()
        var saves = 0
        var savedAtWrites = 0
        handle.setState(.sleeping)
        while life.sleepToNextTick(everyMilliseconds: everyMs) {
            life.checkpoint()
            if life.isStopped { break }
            // Only when a value was written since the last save (or since the start).
            let writes = store.writes
            if writes == savedAtWrites { continue }
            savedAtWrites = writes
            guard save() else { return .finished }
            saves += 1
            life.say("saved snapshot #\(saves) (\(store.readAll().map(\.version).reduce(0, +)) writes)")
        }
        // Cleanup: the final save. Because this worker is non-daemon, the program waits for this to finish.
        handle.setState(.stopping)
        if finalSaveDelayMs > 0 {
            life.say("final save: writing (takes \(finalSaveDelayMs) ms)")
            _ = poll(nil, 0, Int32(finalSaveDelayMs))  // the slow disk, on this worker's own thread
        }
        if save() {
            saves += 1
            life.say("cleanup: final snapshot saved, \(saves) save\(saves == 1 ? "" : "s") in all")
        } else {
            life.say("cleanup: the final snapshot could not be saved")
        }
        return .stoppedWithCleanup
    }

    /// Writes the snapshot; says why and returns false if it cannot.
    private func save() -> Bool {
        handle.setState(.saving)
        handle.iterations.add(1, ordering: .relaxed)
        let readings = store.readAll()
        var snapshot: [String: SavedValue] = [:]
        for index in readings.indices {
            snapshot[store.names[index]] = SavedValue(value: readings[index].value, version: readings[index].version)
        }
        defer { handle.setState(.sleeping) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let json = try? encoder.encode(snapshot) else {
            life.say("cannot encode the snapshot")
            return false
        }
        if let reason = FileExport.replaceContents(of: path, with: json) {
            life.say("cannot save to \(path): \(reason)")
            return false
        }
        return true
    }
}
