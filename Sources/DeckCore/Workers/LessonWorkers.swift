import Foundation

/// Starts and steers the lessons' workers (heartbeat, watchdog, racing counters, the models' jobs, child
/// processes) for the `EffectRunner`, on the UI thread. They report through the inbox like every worker.
public final class LessonWorkers {
    private let inbox: Inbox
    private let childBinary: String
    private let pulse = HeartbeatPulse()
    private var workers: [WorkerID: any LessonWorkerProcess] = [:]
    private var heartbeats: [WorkerID: HeartbeatWorker] = [:]

    public init(inbox: Inbox, childBinary: String?) {
        self.inbox = inbox
        self.childBinary = childBinary ?? ChildProcessWorker.defaultBinary()
    }

    public func run(_ effect: LabEffect) {
        switch effect {
        case .startHeartbeat(let id, let name, let periodMs):
            let worker = HeartbeatWorker(handle: WorkerHandle(id: id, name: name, kind: .daemon, model: .thread),
                                         inbox: inbox, periodMs: periodMs, pulse: pulse)
            heartbeats[id] = worker
            add(worker, start: worker.start)
        case .startWatchdog(let id, let name, let timeoutMs):
            let worker = WatchdogWorker(handle: WorkerHandle(id: id, name: name, kind: .daemon, model: .thread),
                                        inbox: inbox, timeoutMs: timeoutMs, pulse: pulse)
            add(worker, start: worker.start)
        case .startCounters(let id, let name, let threads, let increments, let locked):
            let worker = CounterRaceWorker(handle: WorkerHandle(id: id, name: name, kind: .nonDaemon, model: .thread),
                                           inbox: inbox, threads: threads, increments: increments, locked: locked)
            add(worker, start: worker.start)
        case .startJob(let id, let name, let model):
            let handle = WorkerHandle(id: id, name: name, kind: .daemon, model: model)
            switch model {
            case .thread:
                let worker = ThreadJobWorker(handle: handle, inbox: inbox)
                add(worker, start: worker.start)
            case .task:
                let worker = TaskJobWorker(handle: handle, inbox: inbox)
                add(worker, start: worker.start)
            case .dispatch:
                let worker = DispatchJobWorker(handle: handle, inbox: inbox)
                add(worker, start: worker.start)
            case .process:
                let worker = ChildProcessWorker(handle: handle, inbox: inbox, binary: childBinary, scenario: .job)
                add(worker, start: worker.start)
            }
        case .runChild(let id, let name, let scenario):
            let worker = ChildProcessWorker(handle: WorkerHandle(id: id, name: name, kind: .nonDaemon, model: .process),
                                            inbox: inbox, binary: childBinary, scenario: scenario)
            add(worker, start: worker.start)
        case .stall(let id):
            heartbeats[id]?.stall()
        case .resume(let id):
            heartbeats[id]?.resume()
        case .loadLesson:
            break  // the lesson player handles it
        }
    }

    private func add(_ worker: any LessonWorkerProcess, start: () -> Void) {
        workers[worker.handle.id] = worker
        start()
    }

    public func stop(_ id: WorkerID) { workers[id]?.requestStop() }

    public func samples() -> [WorkerSample] { workers.values.map { $0.handle.sample() } }

    public func forget(_ id: WorkerID) {
        workers[id] = nil
        heartbeats[id] = nil
    }

    /// Child processes still running are told to stop when the run ends, so none outlives daemondeck.
    public func stopChildProcesses() {
        for worker in workers.values where worker.handle.model == .process { worker.requestStop() }
    }
}
