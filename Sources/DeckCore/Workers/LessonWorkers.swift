/// Builds the lessons' workers (heartbeat, watchdog, racing counters, the models' jobs, child processes)
/// for the `EffectRunner`, which starts them through the registry like every other worker.
public final class LessonWorkers {
    private let childBinary: String
    private let pulse = HeartbeatPulse()

    public init(childBinary: String?) {
        self.childBinary = childBinary ?? ChildProcessWorker.defaultBinary()
    }

    /// The worker a lab effect starts, or nil for effects that start none.
    public func make(_ effect: LabEffect, life: (WorkerID, String, WorkerKind, WorkerModel) -> WorkerLife) -> (any Worker)? {
        switch effect {
        case .startHeartbeat(let id, let name, let periodMs):
            return HeartbeatWorker(life: life(id, name, .daemon, .thread), periodMs: periodMs, pulse: pulse)
        case .startWatchdog(let id, let name, let timeoutMs):
            return WatchdogWorker(life: life(id, name, .daemon, .thread), timeoutMs: timeoutMs, pulse: pulse)
        case .startCounters(let id, let name, let threads, let increments, let locked):
            return CounterRaceWorker(life: life(id, name, .nonDaemon, .thread), threads: threads,
                                     increments: increments, locked: locked)
        case .startJob(let id, let name, let model):
            let life = life(id, name, model == .task ? .task : .daemon, model)
            switch model {
            case .thread: return ThreadJobWorker(life: life)
            case .task: return TaskJobWorker(life: life)
            case .dispatch: return DispatchJobWorker(life: life)
            case .process: return ChildProcessWorker(life: life, binary: childBinary, scenario: .job)
            }
        case .runChild(let id, let name, let scenario):
            return ChildProcessWorker(life: life(id, name, .nonDaemon, .process), binary: childBinary, scenario: scenario)
        case .runPython(let id, let name, let program):
            return PythonLessonWorker(life: life(id, name, .nonDaemon, .process), program: program)
        case .startDemo(let id, let name, let demo):
            return DemoWorker(life: life(id, name, .nonDaemon, demo.model), demo: demo, pulse: pulse)
        case .stall, .resume, .loadLesson, .startSemaphoreJobs, .startScheduleGame, .startBoard, .stepBoard,
             .countBoard, .loadBoardProgress, .recordBoardWin:
            return nil
        }
    }
}
