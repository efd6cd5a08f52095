#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Dispatch
import Foundation

/// Runs the reducer's effects: starts and stops the real workers (through the one registry), does the
/// main loop's writes, exports. It lives on the UI thread; slow work (export) goes to a Dispatch queue
/// and reports back as an event.
public final class EffectRunner {
    public let store: SharedStore
    public let inbox: Inbox
    public let monitorSettings: MonitorSettings
    public let gate: WorkerGate?
    /// The gate behind freeze and step; workers use it unless a test gave its own gate.
    public let freezeGate: FreezeGate
    /// Every worker, from start until it has been joined.
    public let registry: WorkerRegistry
    private let lessonWorkers: LessonWorkers
    private let config: DeckConfig
    /// Set by the `.exit` effect; the run loop leaves when it sees it.
    public private(set) var exitCode: Int32?

    public init(config: DeckConfig, inbox: Inbox, gate: WorkerGate? = nil) {
        self.config = config
        self.inbox = inbox
        let freezeGate = (gate as? FreezeGate) ?? FreezeGate()
        self.freezeGate = freezeGate
        self.gate = gate ?? freezeGate
        registry = WorkerRegistry(gate: freezeGate)
        store = SharedStore(names: config.values.map(\.name), initialValues: config.values.map(\.initial),
                            steps: config.values.map(\.step))
        monitorSettings = MonitorSettings(intervalMs: config.intervalMs, strategy: .polling)
        lessonWorkers = LessonWorkers(childBinary: config.childBinaryPath)
    }

    /// Where the snapshot writer saves when the configuration names no file.
    public lazy var snapshotPath: String = config.snapshotPath
        ?? FileExport.temporaryPath("daemondeck-snapshot-\(getpid()).json")

    private func life(_ id: WorkerID, _ name: String, _ kind: WorkerKind, _ model: WorkerModel) -> WorkerLife {
        WorkerLife(handle: WorkerHandle(id: id, name: name, kind: kind, model: model), inbox: inbox, gate: gate)
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
            registry.start(MonitorWorker(life: life(id, name, .daemon, .thread), store: store, settings: monitorSettings))
        case .startSnapshotWriter(let id, let name, let everyMs):
            registry.start(SnapshotWriter(life: life(id, name, .nonDaemon, .thread), path: snapshotPath, store: store,
                                          everyMs: everyMs, finalSaveDelayMs: config.snapshotFinalSaveDelayMs))
        case .stopWorker(let id), .cancelAlarm(let id):
            registry.requestStop(id)
        case .joinWorker(let id):
            // The worker reported its end as its last act: the join returns as soon as its thread has.
            let joined = registry.join(id, timeoutMs: 2000)
            inbox.post(.workerJoined(worker: id, joined: joined))
        case .setMonitorInterval(let ms):
            monitorSettings.set(intervalMs: ms)
            store.kick()  // sleeping monitors wake and sleep again on the new interval
        case .setMonitorStrategy(let strategy):
            monitorSettings.set(strategy: strategy)
            store.kick()  // waiting monitors re-read the strategy at once
        case .startAlarm(let id, let name, let ticks, let periodMs):
            registry.start(AlarmWorker(life: life(id, name, .task, .task), ticks: ticks, periodMs: periodMs))
        case .exportLog(let path, let entries):
            let inbox = self.inbox
            DispatchQueue.global(qos: .utility).async {
                switch JSONLinesExporter.write(entries, to: path) {
                case .success(let written):
                    inbox.post(.exportFinished(path: written, count: entries.count, error: nil))
                case .failure(let error):
                    inbox.post(.exportFinished(path: path, count: 0, error: error.message))
                }
            }
        case .exit(let code):
            exitCode = code
        case .freeze:
            freezeGate.freeze()
            for case let watched as WatchedProgram in registry.all { watched.freeze(true) }  // `z` stops a watched program's group
        case .thaw:
            freezeGate.thaw()
            for case let watched as WatchedProgram in registry.all { watched.freeze(false) }
        case .step(let id):
            freezeGate.step(id)
        case .killWatched(let id):
            (registry.worker(id) as? WatchedProgram)?.killNow()
        case .exportTrace(let path, let input):
            let inbox = self.inbox
            DispatchQueue.global(qos: .utility).async {
                inbox.post(ChromeTraceExporter.write(input, to: path))
            }
        case .lab(.stall(let id)):
            (registry.worker(id) as? HeartbeatWorker)?.stall()
        case .lab(.resume(let id)):
            (registry.worker(id) as? HeartbeatWorker)?.resume()
        case .lab(.startScheduleGame(let ids, let game)):
            let shared = ScheduleShared(game: game)
            for (n, id) in ids.enumerated() {
                registry.start(ScheduledThreadWorker(life: life(id, ScheduleGame.threadNames[n], .nonDaemon, .thread), shared: shared, index: n))
            }
        case .lab(.startBoard(let ids, let board)):
            let stage = BoardStage(board: board, workers: ids, inbox: inbox)
            boardStage = stage
            for (n, id) in ids.enumerated() {
                if board.kind == .tasks {
                    registry.start(BoardTaskWorker(life: life(id, board.threads[n].name, .nonDaemon, .task), stage: stage, thread: n))
                } else {
                    registry.start(BoardThreadWorker(life: life(id, board.threads[n].name, .nonDaemon, .thread), stage: stage, thread: n))
                }
            }
        case .lab(.stepBoard(let id, let thread, let wakes)):
            guard let stage = boardStage else { break }
            stage.willStep(thread, wakes: wakes)
            freezeGate.step(id)
            stage.reportWhenSettled()
        case .lab(.countBoard(let id, let board, let budgetMs)):
            registry.start(BoardCountWorker(life: life(id, "Counter", .nonDaemon, .thread), board: board, budgetMs: budgetMs))
        case .lab(.loadBoardProgress):
            let loaded = progressStore?.load() ?? .none
            if case .unreadable(let why) = loaded {
                inbox.post(.lesson(.boardProgress(BoardProgress(), problem: "\(why): no level is marked won")))
            } else {
                inbox.post(.lesson(.boardProgress(loaded.progress, problem: nil)))
            }
        case .lab(.recordBoardWin(let level, let moves, let shortestWin)):
            // On the UI thread: a file of a few hundred bytes, once per win, written before a quit can end the run.
            guard let progressStore else { break }  // no progress file in this run (tests)
            do {
                let progress = try progressStore.recordWin(level: level, moves: moves, shortestWin: shortestWin)
                inbox.post(.lesson(.boardProgress(progress, problem: nil)))
            } catch {
                inbox.post(.lesson(.boardProgress(progressStore.load().progress, problem: "the win is not kept: \(error.description)")))
            }
        case .lab(.startSemaphoreJobs(let ids, let permits)):
            let shared = SemaphorePermits(permits: permits, jobs: ids.count)
            for (n, id) in ids.enumerated() {
                registry.start(SemaphoreJobWorker(life: life(id, "Job-\(n + 1)", .nonDaemon, .thread), shared: shared))
            }
        case .lab(let lab):
            if let worker = lessonWorkers.make(lab, life: life) { registry.start(worker) }
        case .startWatch(let id, let target):
            registry.start(WatchedProgram(life: life(id, target.displayName, .nonDaemon, .process), target: target))
        }
    }

    /// The board being played (its threads share it); replaced when a board starts again.
    private var boardStage: BoardStage?

    /// Where levels won are kept (`$XDG_DATA_HOME/daemondeck/progress.json`); tests point it elsewhere.
    private lazy var progressStore: BoardProgressStore? = config.progressPath.map { BoardProgressStore(file: URL(fileURLWithPath: $0)) }

    /// The threads' CPU times as last read from /proc, and when.
    private var cpuMicros: [WorkerID: Int?] = [:]
    private var cpuReadAt: UInt64 = 0

    /// Removes the snapshot file if it was daemondeck's own temporary one (not a path the user chose).
    public func removeTemporaryFiles() {
        if config.snapshotPath == nil { unlink(snapshotPath) }
    }

    /// Each worker thread's /proc files, kept open between readings (a reading is then a `pread` per file).
    private var kernelFiles: [WorkerID: ProcThreadFiles] = [:]
    private var kernelReadAt: UInt64 = 0
    /// How often the kernel's view of the workers' threads is read: twice a second at most, and only in a
    /// frame the loop draws anyway (an idle dashboard draws one every 2 s), so it adds no wake-up.
    public static let kernelReadPeriodNanos: UInt64 = 500_000_000

    /// Live figures of every worker not yet joined, for the Workers panel. The threads' CPU times come
    /// from /proc (a file opened per thread), so they are read at most once a second, and only while the
    /// panel shows them (`readingCPU`); the counters every frame. With `readingKernel` (the panel shows
    /// the kernel column), each worker thread's state and wait reason is read from
    /// /proc/self/task/TID at most every `kernelReadPeriodNanos`, on this (UI) thread: a few `pread`s
    /// of files kept open, cheaper than the frame it rides on.
    public func sampleWorkers(readingCPU: Bool = true, readingKernel: Bool = false) -> [WorkerSample] {
        let now = monotonicNanos()
        let readCPU = readingCPU && now &- cpuReadAt >= 1_000_000_000
        if readCPU { cpuReadAt = now }
        let readKernel = readingKernel && now &- kernelReadAt >= Self.kernelReadPeriodNanos
        if readKernel { kernelReadAt = now }
        let samples = registry.samples()
        if readKernel || !readingKernel { forgetKernelFiles(keeping: readingKernel ? Set(samples.map(\.id)) : []) }
        return samples.map { sample in
            var sample = sample
            let kernel = readKernel ? kernelReading(sample) : nil
            sample.kernel = kernel
            if readCPU {
                // The kernel reading just made holds the CPU time (schedstat): no second look at /proc.
                cpuMicros[sample.id] = kernel.map { Int($0.cpuNanos / 1000) } ?? ProcSelf.threadCPUMicroseconds(tid: sample.tid)
            }
            sample.cpuMicros = cpuMicros[sample.id] ?? nil
            sample.cpuMs = sample.cpuMicros.map { $0 / 1000 }
            return sample
        }
    }

    /// The kernel's view of one worker's thread now; nil for a worker with no thread of its own (tid 0),
    /// a thread that has ended, or a system without /proc.
    private func kernelReading(_ sample: WorkerSample) -> ProcThreadReading? {
        guard sample.tid > 0, !sample.state.isEnded else { return nil }  // an ended thread's tid may be reused
        if let files = kernelFiles[sample.id], files.tid == sample.tid, let reading = files.read(switches: false) {
            return reading
        }
        guard let files = ProcThreadFiles(pid: getpid(), tid: sample.tid) else {
            kernelFiles[sample.id] = nil
            return nil
        }
        kernelFiles[sample.id] = files
        return files.read(switches: false)
    }

    /// Closes the files of workers that are gone (joined), or of all when the panel no longer shows them.
    private func forgetKernelFiles(keeping ids: Set<WorkerID>) {
        guard !kernelFiles.isEmpty else { return }
        for id in kernelFiles.keys where !ids.contains(id) { kernelFiles[id] = nil }
    }
}
