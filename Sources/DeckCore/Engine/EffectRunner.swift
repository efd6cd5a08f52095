import Foundation

/// Runs the reducer's effects: starts and stops the real workers, does the main loop's writes, exports.
/// It lives on the UI thread; slow work (export) goes to a Dispatch queue and reports back as an event.
public final class EffectRunner {
    public let store: SharedStore
    public let inbox: Inbox
    public let monitorSettings: MonitorSettings
    public let gate: WorkerGate?
    /// The gate behind freeze and step; workers use it unless a test gave its own gate.
    public let freezeGate: FreezeGate
    /// The lessons' workers (heartbeat, watchdog, counters, jobs, child processes).
    public let lessonWorkers: LessonWorkers
    private let config: DeckConfig
    private var monitors: [WorkerID: MonitorWorker] = [:]
    private var alarms: [WorkerID: AlarmWorker] = [:]
    private var snapshotWriters: [WorkerID: SnapshotWriter] = [:]
    private var handles: [WorkerID: WorkerHandle] = [:]
    /// Set by the `.exit` effect; the UI loop (or plain runner) leaves when it sees it.
    public private(set) var exitCode: Int32?

    public init(config: DeckConfig, inbox: Inbox, gate: WorkerGate? = nil) {
        self.config = config
        self.inbox = inbox
        let freezeGate = (gate as? FreezeGate) ?? FreezeGate()
        self.freezeGate = freezeGate
        self.gate = gate ?? freezeGate
        self.store = SharedStore(names: config.values.map(\.name), initialValues: config.values.map(\.initial),
                                 steps: config.values.map(\.step))
        self.monitorSettings = MonitorSettings(intervalMs: config.intervalMs, strategy: .polling)
        self.lessonWorkers = LessonWorkers(inbox: inbox, childBinary: config.childBinaryPath)
    }

    public func run(_ effect: DeckEffect) {
        switch effect {
        case .write(let index, let op):
            guard index >= 0 && index < store.count else { return }
            let inbox = self.inbox
            let announce: (SharedValueReading) -> Void = { reading in
                inbox.post(.valueWritten(index: index, reading: reading, by: "Main"))
            }
            switch op {
            case .add(let delta): store.add(index, delta: delta, announce: announce)
            case .set(let value): store.write(index, value: value, announce: announce)
            }
        case .startMonitor(let id, let name):
            let handle = WorkerHandle(id: id, name: name, kind: .daemon, model: .thread)
            let monitor = MonitorWorker(handle: handle, store: store, settings: monitorSettings, inbox: inbox, gate: gate)
            monitors[id] = monitor
            handles[id] = handle
            monitor.start()
        case .startSnapshotWriter(let id, let name, let everyMs):
            let handle = WorkerHandle(id: id, name: name, kind: .nonDaemon, model: .thread)
            let path = config.snapshotPath
                ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("daemondeck-snapshot-\(getpid()).json")
            let writer = SnapshotWriter(handle: handle, path: path, store: store, inbox: inbox, everyMs: everyMs, gate: gate)
            snapshotWriters[id] = writer
            handles[id] = handle
            writer.start()
        case .stopWorker(let id):
            freezeGate.release(id)  // a frozen worker must still stop, and a non-daemon must still be joinable
            monitors[id]?.requestStop()
            snapshotWriters[id]?.requestStop()
            alarms[id]?.cancel()
            lessonWorkers.stop(id)
        case .setMonitorInterval(let ms):
            monitorSettings.set(intervalMs: ms)
        case .setMonitorStrategy(let strategy):
            monitorSettings.set(strategy: strategy)
            store.kick()  // waiting monitors re-read the strategy at once
        case .startAlarm(let id, let name, let ticks, let periodMs):
            let handle = WorkerHandle(id: id, name: name, kind: .daemon, model: .task)
            let alarm = AlarmWorker(handle: handle, inbox: inbox, ticks: ticks, periodMs: periodMs, gate: gate)
            alarms[id] = alarm
            handles[id] = handle
            alarm.start()
        case .cancelAlarm(let id):
            freezeGate.release(id)
            alarms[id]?.cancel()
        case .exportLog(let path, let entries):
            let inbox = self.inbox
            DispatchQueue.global(qos: .utility).async {
                let result = JSONLinesExporter.write(entries, to: path)
                switch result {
                case .success(let written):
                    inbox.post(.exportFinished(path: written, count: entries.count, error: nil))
                case .failure(let error):
                    inbox.post(.exportFinished(path: path, count: 0, error: error.message))
                }
            }
        case .exit(let code):
            exitCode = code
            lessonWorkers.stopChildProcesses()
        case .freeze:
            freezeGate.freeze()
        case .thaw:
            freezeGate.thaw()
        case .step(let id):
            freezeGate.step(id)
        case .exportTrace(let path, let input):
            let inbox = self.inbox
            DispatchQueue.global(qos: .utility).async {
                inbox.post(ChromeTraceExporter.write(input, to: path))
            }
        case .lab(let effect):
            lessonWorkers.run(effect)
        }
    }

    /// Live figures of every worker still known, for the Workers panel.
    public func sampleWorkers() -> [WorkerSample] {
        (handles.values.map { $0.sample() } + lessonWorkers.samples()).sorted { $0.id < $1.id }
    }

    /// Forgets workers that have ended, so their handles do not pile up.
    public func forget(_ id: WorkerID) {
        handles[id] = nil
        freezeGate.forget(id)
        monitors[id] = nil
        alarms[id] = nil
        snapshotWriters[id] = nil
        lessonWorkers.forget(id)
    }

    /// A real join of the non-daemon workers before the process exits.
    public func joinNonDaemonWorkers(timeout: TimeInterval) -> Bool {
        snapshotWriters.values.allSatisfy { $0.join(timeout: timeout) }
    }
}
