@testable import DeckCore
import DeckTestSupport
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Testing

/// The Workers panel's kernel column for daemondeck's own threads: what /proc/self/task/TID says of each
/// worker's thread, read by the same sampler the panel uses (`EffectRunner.sampleWorkers`).
@Suite struct OwnThreadKernelTests {
    /// A worker whose thread takes a lock the test holds: it blocks in the kernel on a futex.
    final class LockTaker: Worker {
        let life: WorkerLife
        let lock: Guarded<Int>
        init(life: WorkerLife, lock: Guarded<Int>) {
            self.life = life
            self.lock = lock
        }
        func start() {
            life.startThread { [self] in
                life.handle.setState(.waiting)
                lock.withLock { $0 += 1 }
                return .finished
            }
        }
    }

    /// A worker whose thread sleeps in short timed sleeps (`usleep`) until it is stopped.
    final class Sleeper: Worker {
        let life: WorkerLife
        init(life: WorkerLife) { self.life = life }
        func start() {
            life.startThread { [self] in
                life.handle.setState(.sleeping)
                while !life.isStopped { usleep(20_000) }
                return .stoppedWithCleanup
            }
        }
    }

    static func life(_ id: WorkerID, _ name: String, _ inbox: Inbox) -> WorkerLife {
        WorkerLife(handle: WorkerHandle(id: id, name: name, kind: .nonDaemon, model: .thread), inbox: inbox, gate: nil)
    }

    /// The kernel's reading of worker `id`, as the panel would get it now.
    static func kernel(_ runner: EffectRunner, _ id: WorkerID) -> ProcThreadReading? {
        runner.sampleWorkers(readingCPU: false, readingKernel: true).first { $0.id == id }?.kernel
    }

    static var hasProc: Bool { access("/proc/self/task", R_OK) == 0 }

    @Test(.enabled(if: hasProc, "needs /proc"))
    func aWorkerBlockedOnALockShowsTheFutexWait() {
        let runner = EffectRunner(config: DeckConfig(), inbox: Inbox())
        let lock = Guarded(0)
        let worker = LockTaker(life: Self.life(1, "Locker", runner.inbox), lock: lock)
        var seen: ProcThreadReading?
        lock.withLock { _ in
            runner.registry.start(worker)
            #expect(waitUntil(seconds: 30) {
                seen = Self.kernel(runner, 1)
                return seen?.wait == .lock("futex")
            }, "last reading: \(String(describing: seen))")
        }
        #expect(seen?.state == .sleeping)
        #expect(worker.join(timeoutMs: 10_000), "the lock, once free, lets it end")
        #expect(lock.withLock { $0 } == 1)
        // Its row says so in the panel's word and the timeline's lock colour.
        var row = WorkerRow(id: 1, name: "Locker", kind: .nonDaemon, model: .thread, role: .job, intervalMs: 0)
        row.kernel = seen
        #expect(WorkersPanel.kernelCell(row).text == "lock")
        #expect(WorkersPanel.kernelCell(row).style == TimelinePanel.look(.lockWait, ascii: false).1)
    }

    @Test(.enabled(if: hasProc, "needs /proc"))
    func aSleepingWorkerShowsTheTimedSleep() {
        let runner = EffectRunner(config: DeckConfig(), inbox: Inbox())
        let worker = Sleeper(life: Self.life(1, "Sleeper", runner.inbox))
        runner.registry.start(worker)
        defer {
            worker.requestStop()
            _ = worker.join(timeoutMs: 10_000)
        }
        var seen: ProcThreadReading?
        #expect(waitUntil(seconds: 30) {
            seen = Self.kernel(runner, 1)
            if case .timedSleep = seen?.wait { return true }
            return false
        }, "last reading: \(String(describing: seen))")
        var row = WorkerRow(id: 1, name: "Sleeper", kind: .nonDaemon, model: .thread, role: .job, intervalMs: 0)
        row.kernel = seen
        #expect(WorkersPanel.kernelCell(row).text == "sleep")
    }

    @Test func aTaskHasNoThreadOfItsOwnAndNoReadingIsBlank() {
        let alarm = WorkerRow(id: 1, name: "Alarm", kind: .task, model: .task, role: .alarm, intervalMs: 1000)
        #expect(WorkersPanel.kernelCell(alarm).text == "pool", "a Task runs on the pool's threads: no guess at one")
        // A thread not read yet, or a system without /proc: blank, no error.
        let monitor = WorkerRow(id: 2, name: "Monitor-1", kind: .daemon, model: .thread, role: .monitor, intervalMs: 100)
        #expect(WorkersPanel.kernelCell(monitor).text == "")
        let runner = EffectRunner(config: DeckConfig(), inbox: Inbox())
        #expect(runner.sampleWorkers(readingKernel: true).isEmpty)
    }

    @Test func theKernelIsReadOnlyWhileThePanelShowsIt() {
        var state = AppState(config: DeckConfig(), now: Timestamp(milliseconds: 0))
        state.screenWidth = 80
        #expect(WorkersPanel.showsKernel(state), "80 columns have room for it")
        state.watch = WatchView(name: "python3")
        #expect(!WorkersPanel.showsKernel(state), "while watching, the panel shows the watched program")
    }
}
