import CDeckSystem
import Dispatch
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import FoundationEssentials
import Synchronization

/// The small, complete programs behind the lessons on synchronisation and task models: each one runs on
/// real threads or tasks, reports every step to the log, and ends by itself.
public enum Demo: String, Sendable, CaseIterable, Equatable, Hashable, Codable {
    case semaphore, event, pool, structured, errors, parallel
    /// Threads that block on I/O: they overlap however few cores there are (beside `parallel`'s CPU-bound ones).
    case ioBound = "io-bound"
    /// Two threads take two locks in opposite orders; `lockOrder` is the fix.
    case deadlock
    case lockOrder = "lock-order"

    /// The worker's name in the Workers panel and the log.
    public var workerName: String {
        switch self {
        case .semaphore: "Semaphore"
        case .event: "Event"
        case .pool: "Pool"
        case .structured: "Structured"
        case .errors: "Errors"
        case .parallel: "Parallel"
        case .ioBound: "IOBound"
        case .deadlock: "Deadlock"
        case .lockOrder: "LockOrder"
        }
    }

    /// Tasks for the task demos, threads for the rest.
    public var model: WorkerModel { self == .structured || self == .errors ? .task : .thread }
}

/// Runs one `Demo` on a thread of its own (the coordinator), which starts and joins the demo's threads
/// or awaits its tasks. Non-daemon: its result matters, so a quit waits for it.
public final class DemoWorker: Worker {
    public let life: WorkerLife
    private let demo: Demo
    /// Beaten whenever a lock is taken, so a watchdog can see progress stop in a deadlock.
    private let pulse: HeartbeatPulse

    public init(life: WorkerLife, demo: Demo, pulse: HeartbeatPulse = HeartbeatPulse()) {
        self.life = life
        self.demo = demo
        self.pulse = pulse
    }

    public func start() {
        life.startThread { [self] in
            life.announceRunning()
            handle.setState(.running)
            switch demo {
            case .semaphore: break  // one worker per job instead: SemaphoreJobWorker
            case .event: event()
            case .pool: pool()
            case .structured: structured()
            case .errors: errors()
            case .parallel: parallel()
            case .ioBound: ioBound()
            case .deadlock: locks(opposite: true)
            case .lockOrder: locks(opposite: false)
            }
            return .finished
        }
    }

    private func say(_ text: String) { life.say(text) }

    /// Starts `count` named threads running `body(n)` and joins them all (`pthread_join`).
    private func runThreads(_ count: Int, named prefix: String, _ body: @escaping @Sendable (Int) -> Void) {
        let threads = (1...count).compactMap { n in PosixThread(name: "\(prefix)-\(n)") { body(n) } }
        for thread in threads { thread.join() }
    }

    /// Runs `body` as a Task and waits for it on this thread (a semaphore the task signals last).
    private func runTask(_ body: @escaping @Sendable () async -> Void) {
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            await body()
            done.signal()
        }
        done.wait()
    }

    // MARK: - event: set wakes every waiter; clear; wait with a timeout

    private func event() {
        let isSet = Guarded(false)  // threading.Event: a flag behind a lock and a condition
        let waiters = 3
        say("\(waiters) threads wait for one event (a flag, a lock and a condition variable)")
        let setter = PosixThread(name: "Event-setter") { [self] in
            usleep(500_000)
            say("main: set(): one broadcast wakes every waiter")
            isSet.update { $0 = true }
        }
        runThreads(waiters, named: "Waiter") { [self] n in
            say("Waiter-\(n) waits (up to 10 s)")
            let woke = isSet.wait(until: { $0 }, deadline: deadline(afterMilliseconds: 10_000))
            say(woke ? "Waiter-\(n) woke: the event is set" : "Waiter-\(n) timed out")
        }
        setter?.join()
        isSet.update { $0 = false }
        say("main: clear(): the flag is down again")
        let woke = isSet.wait(until: { $0 }, deadline: deadline(afterMilliseconds: 300))
        say("wait(timeout: 0.3 s) returned \(woke): nobody set it, the timeout ended the wait")
    }

    // MARK: - pool: a fixed pool of threads fed by a queue, results as futures

    private func pool() {
        let size = 2, tasks = 6
        let queue = Guarded<[Int]>(Array(1...tasks))
        let futures = (1...tasks).map { _ in Guarded<Int?>(nil) }
        say("submitted \(tasks) tasks to a pool of \(size) threads: all \(tasks) in its queue until a thread takes one")
        let workers = (1...size).compactMap { k in
            PosixThread(name: "Pool-\(k)") { [self] in
                while let n = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                    let waiting = queue.withLock { $0.count }
                    say("Pool-\(k) runs task \(n) (\(waiting) still queued)")
                    usleep(200_000)
                    futures[n - 1].update { $0 = n * n }
                }
            }
        }
        for (index, future) in futures.enumerated() {
            var result = 0
            future.wait(until: { $0 != nil }, deadline: nil) { value, _ in result = value ?? 0 }
            say("future \(index + 1).result() = \(result)")
        }
        for worker in workers { worker.join() }
        say("pool shut down: \(tasks) results from \(size) threads")
    }

    // MARK: - structured: task groups, async let, and an unstructured Task

    enum DemoError: Error, CustomStringConvertible {
        case failed
        var description: String { "DemoError.failed" }
    }

    private func structured() {
        runTask { [self] in
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await Task.sleep(for: .milliseconds(200))
                        self.say("group child 1 throws")
                        throw DemoError.failed
                    }
                    for n in 2...3 {
                        group.addTask {
                            do {
                                try await Task.sleep(for: .seconds(10))
                            } catch {
                                self.say("group child \(n) cancelled: cleanup ran")
                                throw error
                            }
                        }
                    }
                    // next() rethrows a child's error as soon as that child ends; the error leaving the body is
                    // what cancels the other children (waitForAll() would wait for them all first).
                    while try await group.next() != nil {}
                }
            } catch {
                say("the group rethrew \(error) after cancelling and awaiting its other children")
            }
            let parent = Task {
                async let first: Void = sleepUntilCancelled("async let first")
                async let second: Void = sleepUntilCancelled("async let second")
                _ = await (first, second)
            }
            try? await Task.sleep(for: .milliseconds(200))
            say("cancelling the parent task")
            parent.cancel()
            await parent.value
            say("the parent has ended: its async let children ended before it")
            startAndForget()
            try? await Task.sleep(for: .milliseconds(600))
        }
    }

    private func sleepUntilCancelled(_ name: String) async {
        do {
            try await Task.sleep(for: .seconds(10))
        } catch {
            say("\(name) cancelled with its parent: cleanup ran")
        }
    }

    /// Makes an unstructured Task and returns at once: the task outlives it.
    private func startAndForget() {
        Task { [self] in
            try? await Task.sleep(for: .milliseconds(300))
            say("the unstructured Task ran on after its creator returned")
        }
        say("creator returned (its Task {} is still running)")
    }

    // MARK: - errors: where a thrown error goes

    private func errors() {
        runTask { [self] in
            let task = Task { () async throws -> Int in
                try await Task.sleep(for: .milliseconds(100))
                throw DemoError.failed
            }
            say("a Task throws; nobody sees it until someone awaits its value")
            do {
                _ = try await task.value
            } catch {
                say("try await task.value threw \(error): the error came back to whoever awaited it")
            }
        }
    }

    // MARK: - parallel: CPU-bound threads on several cores at once

    /// One thread per core (2 to 4) burns 0.5 s of CPU, each pinned to a core of its own: on a busy machine
    /// the scheduler may otherwise keep two of them queued on one core for the whole run (seen here under a
    /// load of 14 on 2 cores). Two figures come out: the average (all CPU time over the wall time, which a
    /// busy machine lowers, as other programs share the cores) and the peak: the most threads that ran at the
    /// same moment (the busiest 2 ms window), since one core cannot give two threads 2 ms of CPU in 2 ms.
    private func parallel() {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let count = max(2, min(4, cores))
        let windows = Guarded(BusyWindows())
        let cpuMs = Guarded<[Int]>([])
        say("this machine has \(cores) core\(cores == 1 ? "" : "s"): \(count) threads each burn 0.5 s of CPU")
        let started = monotonicNanos()
        runThreads(count, named: "Burner") { [self] n in
            let cpu = deck_pin_this_thread_to_nth_cpu(Int32(n - 1))
            let begin = threadCPUNanos()
            var mine = BusyWindows()
            var lastCPU = begin
            var x: UInt64 = UInt64(n)
            while lastCPU - begin < 500_000_000 {
                // A short slice (microseconds) between readings keeps each window's figure exact to a few percent.
                for _ in 0..<500 { x = x &* 6_364_136_223_846_793_005 &+ 1 }
                let cpu = threadCPUNanos()
                mine.add(cpuNanos: cpu - lastCPU, atWallNanos: monotonicNanos() - started)
                lastCPU = cpu
            }
            let used = Int((lastCPU - begin) / 1_000_000)
            cpuMs.withLock { $0.append(used) }
            windows.withLock { $0.merge(mine) }
            say("Burner-\(n) used \(used) ms of CPU " + (cpu >= 0 ? "on CPU \(cpu)" : "(not pinned)")
                + " (\(x & 1 == 0 ? "even" : "odd"))")
        }
        let wallMs = Int((monotonicNanos() - started) / 1_000_000)
        let total = cpuMs.withLock { $0.reduce(0, +) }
        let ratio = Double(total) / Double(max(1, wallMs))
        say("\(total) ms of CPU in \(wallMs) ms of wall time: \(DecimalText.fixed(ratio, 1)) cores busy on average"
            + (ratio > Double(count) * 0.8 ? "" : " (other programs shared the cores: the machine was busy)"))
        let (peak, atOnce) = windows.withLock { ($0.peakCores, min(count, $0.coresAtOnce)) }
        say("the busiest 2 ms held \(DecimalText.fixed(peak, 1)) cores' worth of CPU"
            + (atOnce > 1 ? ", more than one core can give" : "") + ": threads seen running at once: \(atOnce)")
    }

    // MARK: - io-bound: threads that wait overlap, whatever the cores

    /// Four threads each wait 0.5 s for a pipe nobody writes to (`poll` with a timeout: how a thread waits
    /// for a socket or a disk). A blocked thread needs no core, so the four waits overlap: all done in about
    /// 0.5 s of wall time, on one core as on many.
    private func ioBound() {
        let count = 4, waitMs: Int32 = 500
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return say("the system refused a pipe") }
        defer { close(ends[0]); close(ends[1]) }
        let readEnd = ends[0]
        let cores = ProcessInfo.processInfo.activeProcessorCount
        say("this machine has \(cores) core\(cores == 1 ? "" : "s"): \(count) threads each wait \(waitMs) ms for I/O")
        let started = monotonicNanos()
        let cpuMs = Guarded(0)
        runThreads(count, named: "Reader") { [self] n in
            let begin = threadCPUNanos()
            var waiting = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let until = monotonicNanos() + UInt64(waitMs) * 1_000_000
            // poll returns early on a signal (EINTR): wait out the rest.
            while monotonicNanos() < until {
                let left = Int32((until - min(until, monotonicNanos())) / 1_000_000) + 1
                _ = poll(&waiting, 1, left)
            }
            cpuMs.withLock { $0 += Int((threadCPUNanos() - begin) / 1_000_000) }
            say("Reader-\(n) waited \(waitMs) ms for I/O, done at \(Int((monotonicNanos() - started) / 1_000_000)) ms")
        }
        let wallMs = Int((monotonicNanos() - started) / 1_000_000)
        say("\(count) waits of \(waitMs) ms (\(count * Int(waitMs)) ms in all) took \(wallMs) ms of wall time and \(cpuMs.withLock { $0 }) ms of CPU")
        say("all done in \(wallMs) ms")
    }

    private func threadCPUNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    // MARK: - deadlock: two locks, opposite orders

    /// A lock whose wait can time out, so a deadlock is reported instead of hanging for ever.
    private func locks(opposite: Bool) {
        // The two locks, visible in the Locks panel: who holds each, who waits, how often it was found taken.
        let inbox = life.inbox
        let table = LockTable(["A", "B"]) { views in inbox.post(.lesson(.locksChanged(views))) }
        let bothHoldTheirFirst = Guarded(0)
        let gaveUp = Atomic<Int>(0)
        say(opposite ? "Thread-1 takes A then B; Thread-2 takes B then A" : "both threads take A, then B")
        runThreads(2, named: "Thread") { [self] n in
            let name = "Thread-\(n)"
            let (first, second) = opposite && n == 2 ? ("B", "A") : ("A", "B")
            guard table.acquire(first, by: name, deadline: deadline(afterMilliseconds: 10_000), giveUp: { life.isStopped }) else {
                say("\(name) waited 10 s for lock \(first), held by \(table.holder(first) ?? "?"): gave up")
                return
            }
            pulse.lastBeatNanos.store(monotonicNanos(), ordering: .relaxed)
            say("\(name) holds lock \(first)")
            if opposite {
                // Both hold their first lock before either asks for its second: the deadlock, for sure.
                bothHoldTheirFirst.update { $0 += 1 }
                bothHoldTheirFirst.wait(until: { $0 == 2 }, deadline: deadline(afterMilliseconds: 10_000))
            }
            say("\(name) asks for lock \(second)")
            if table.acquire(second, by: name, deadline: deadline(afterMilliseconds: 2500), giveUp: { life.isStopped }) {
                pulse.lastBeatNanos.store(monotonicNanos(), ordering: .relaxed)
                say("\(name) holds \(first) and \(second): done")
                table.release(second, by: name)
            } else {
                gaveUp.add(1, ordering: .relaxed)
                say("\(name) no progress: waited 2.5 s for lock \(second), held by \(table.holder(second) ?? "?"), which waits for \(first): deadlock; it gives up and lets go of \(first)")
            }
            table.release(first, by: name)
        }
        if !opposite {
            say("both finished: one lock order, no deadlock")
        } else if gaveUp.load(ordering: .relaxed) > 0 {
            say("only a timeout broke the deadlock: without one, both threads would have waited for ever")
        } else {
            say("no deadlock this time")
        }
    }
}

/// The CPU time some threads used in each 2 ms window of wall time since they started. The busiest
/// window says how many of them ran at the same moment: one core gives at most 2 ms of CPU in 2 ms, so
/// 3.8 ms in one window means at least two cores at work. (Each thread reports its CPU after every short
/// slice of work, so a slice that straddles two windows counts in the second: the figure may read a
/// tenth or so high for one thread, never a whole thread.)
public struct BusyWindows: Sendable, Equatable {
    public static let windowNanos: UInt64 = 2_000_000
    /// CPU nanoseconds per window, window 0 starting when the threads started.
    public private(set) var cpuNanos: [UInt64] = []

    public init() {}

    /// `cpuNanos` of CPU used just before `atWallNanos` (wall time since the threads started).
    public mutating func add(cpuNanos used: UInt64, atWallNanos wall: UInt64) {
        let index = Int(wall / Self.windowNanos)
        if index >= cpuNanos.count { cpuNanos += repeatElement(0, count: index - cpuNanos.count + 1) }
        cpuNanos[index] += used
    }

    public mutating func merge(_ other: BusyWindows) {
        if other.cpuNanos.count > cpuNanos.count { cpuNanos += repeatElement(0, count: other.cpuNanos.count - cpuNanos.count) }
        for (index, used) in other.cpuNanos.enumerated() { cpuNanos[index] += used }
    }

    /// The busiest window's CPU time in cores: 2.0 when two threads ran through the whole window.
    public var peakCores: Double { Double(cpuNanos.max() ?? 0) / Double(Self.windowNanos) }

    /// How many cores, at least, were at work at once: the fewest that could give the busiest window its CPU,
    /// less a tenth of a core for the slices counted in the wrong window (1.3 cores' worth needs 2 cores).
    public var coresAtOnce: Int { max(1, Int((peakCores - 0.1).rounded(.up))) }
}
