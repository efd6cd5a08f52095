@testable import DeckCore
import CDeckSystem
import DeckTestSupport
import Foundation
import Synchronization
import Testing

/// Watching cheaply: each thread's /proc files stay open between samples and read what a fresh open
/// reads; a thread's files close when it ends. Sampled on this test process's own threads.
@Suite struct WatchCostTests {
    /// A thread of this process that waits on a condition until told to end.
    final class Parked: @unchecked Sendable {  // all state behind `condition`
        let condition = NSCondition()
        var tid: Int32 = 0
        var released = false

        init() {
            Thread { [self] in park() }.start()
        }

        private func park() {
            condition.lock()
            tid = Int32(deck_this_thread_id())
            condition.broadcast()
            while !released { condition.wait() }
            condition.unlock()
        }

        /// Its TID, once it runs (within 10 s).
        func waitForTID() -> Int32 {
            condition.lock()
            defer { condition.unlock() }
            let deadline = Date().addingTimeInterval(10)
            while tid == 0 && condition.wait(until: deadline) {}
            return tid
        }

        func release() {
            condition.lock()
            released = true
            condition.broadcast()
            condition.unlock()
        }
    }

    @Test func aThreadsFilesStayOpenBetweenSamplesReadTheSameAsAFreshOpenAndCloseWhenItEnds() throws {
        let parked = Parked()
        let tid = parked.waitForTID()
        try #require(tid > 0)
        // Told its TID, the thread may not be asleep yet: wait (up to 30 s) until the kernel says it waits.
        _ = waitUntil(seconds: 30) { ProcSelf.thread(pid: getpid(), tid: tid, switches: false)?.wait == .lock("futex") }
        var sampler = WatchSampler(pid: getpid())
        var rows: [WatchedThreadRow] = []
        func sample() { sampler.sample { if case .threadsSampled(let sampled) = $0 { rows = sampled } } }
        sample()
        let openAfterFirst = sampler.openFiles
        #expect(openAfterFirst >= 2 * rows.count, "stat and schedstat of every thread stay open")
        #expect(sampler.keptOpen(tid), "the parked thread's files are kept")
        // Its reading through the kept files: the same name and wait as a one-off reading of /proc.
        let kept = try #require(rows.first { $0.reading.tid == tid }?.reading)
        let fresh = try #require(ProcSelf.thread(pid: getpid(), tid: tid, switches: false))
        #expect(kept.name == fresh.name)
        #expect(kept.state == .sleeping && fresh.state == .sleeping)
        #expect(kept.wait == .lock("futex") && fresh.wait == .lock("futex"), "an NSCondition wait is a futex wait")
        sample()
        #expect(sampler.keptOpen(tid), "still open at the next sample")

        parked.release()
        _ = waitUntil(seconds: 30) { ProcSelf.threadIDs(of: getpid())?.contains(tid) != true }
        try #require(ProcSelf.threadIDs(of: getpid())?.contains(tid) == false, "the thread ended within 30 s")
        sample()
        #expect(!sampler.keptOpen(tid), "an ended thread's files are closed")
        #expect(!rows.contains { $0.reading.tid == tid })
        sampler.endAll { _ in }
        #expect(sampler.openFiles == 0)
    }

    /// A thread that waits on a condition, then, told to, in a timed sleep until told to end.
    final class Napper: @unchecked Sendable {  // all state behind `condition`
        let condition = NSCondition()
        var tid: Int32 = 0
        var napping = false
        var released = false

        init() {
            Thread { [self] in run() }.start()
        }

        private func run() {
            condition.lock()
            tid = Int32(deck_this_thread_id())
            condition.broadcast()
            while !napping { condition.wait() }
            condition.unlock()
            while !condition.withLock({ released }) { usleep(20_000) }
        }

        func waitForTID() -> Int32 {
            condition.lock()
            defer { condition.unlock() }
            let deadline = Date().addingTimeInterval(10)
            while tid == 0 && condition.wait(until: deadline) {}
            return tid
        }

        func nap() { condition.withLock { napping = true; condition.broadcast() } }
        func release() { condition.withLock { released = true; napping = true; condition.broadcast() } }
    }

    @Test func aThreadThatHasNotRunSinceTheLastSampleKeepsItsWaitWithoutReadingSyscallAgainAndOneThatRanIsReadAnew() throws {
        let napper = Napper()
        defer { napper.release() }
        let tid = napper.waitForTID()
        try #require(tid > 0)
        _ = waitUntil(seconds: 30) { ProcSelf.thread(pid: getpid(), tid: tid, switches: false)?.wait == .lock("futex") }
        var sampler = WatchSampler(pid: getpid())
        var rows: [WatchedThreadRow] = []
        func sample() -> ProcThreadReading? {
            sampler.sample { if case .threadsSampled(let sampled) = $0 { rows = sampled } }
            return rows.first { $0.reading.tid == tid }?.reading
        }
        #expect(sample()?.wait == .lock("futex"))
        let syscallReads = sampler.reads(tid, .syscall)
        #expect(syscallReads == 1)
        // Nothing wakes it: it is not put on a CPU, so its wait is known without reading `syscall`.
        let again = sample()
        #expect(again?.wait == .lock("futex"), "the wait it is still in")
        #expect(again?.state == .sleeping)
        #expect(sampler.reads(tid, .syscall) == syscallReads, "syscall is not read again for a thread that has not run")
        #expect(sampler.reads(tid, .stat) == 2, "stat (its state) is read at every sample")

        // Now it runs and waits in another call: the next sample reads it anew and says so.
        napper.nap()
        try #require(waitUntil(seconds: 30) { ProcSelf.thread(pid: getpid(), tid: tid, switches: false)?.wait == .timedSleep("clock_nanosleep") },
                     "the thread sleeps in clock_nanosleep within 30 s")
        // It wakes every 20 ms: sample until one finds it asleep (not in the microseconds it runs).
        var napping: ProcThreadReading?
        _ = waitUntil(seconds: 30) { napping = sample(); return napping?.state == .sleeping }
        #expect(napping?.wait == .timedSleep("clock_nanosleep"), "a thread that ran is read anew, not from the last sample")
        #expect(sampler.reads(tid, .syscall) > syscallReads)
    }

    @Test func schedstatSaysHowMuchAThreadRanAndTheKeptTaskFolderListsThisProcesssThreads() {
        func runs(_ text: String) -> ThreadRuns? {
            var text = text
            return text.withUTF8 { ProcSelf.parseSchedstat(UnsafeRawBufferPointer($0)) }
        }
        #expect(runs("123456789 5000 42\n") == ThreadRuns(cpuNanos: 123_456_789, timesRun: 42))
        #expect(runs("123456789\n") == ThreadRuns(cpuNanos: 123_456_789, timesRun: nil))
        #expect(runs("123456789\n")?.provesIdle == false, "without the count, equal run times prove nothing")
        #expect(runs("123456789 5000 42\n")?.provesIdle == true)
        #expect(runs("0 0 0\n")?.provesIdle == false, "schedstats off: a count of 0 says nothing, so the wait reason is read again")
        #expect(runs("garbage") == nil)
        let folder = ProcTaskFolder(pid: getpid())
        let me = Int32(deck_this_thread_id())
        for _ in 0..<2 {  // listed again from its start: the same thread each time
            let tids = folder.threadIDs() ?? []
            #expect(tids.contains(me) && tids.contains(getpid()))
            #expect(tids == tids.sorted())
        }
        #expect(ProcTaskFolder(pid: Int32.max).threadIDs() == nil, "no such process: nothing to list")
    }

    @Test func aReadingComesOnlyFromTheFilesItNeeds() {
        var asked: [ProcSelf.ThreadFile] = []
        func files(_ syscall: String?) -> (ProcSelf.ThreadFile) -> String? {
            { file in
                asked.append(file)
                switch file {
                case .stat: return "7 (worker) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0"
                case .schedstat: return "5000 0 1"
                case .syscall: return syscall
                case .wchan: return "futex_wait_queue"
                case .status: return "voluntary_ctxt_switches:\t4\n"
                }
            }
        }
        #if arch(x86_64)
        let sleep = "230 0x1 0x0"
        #else
        let sleep = "115 0x1 0x0"
        #endif
        let reading = ProcSelf.thread(tid: 7, switches: false, read: files(sleep))
        #expect(reading?.wait == .timedSleep("clock_nanosleep"))
        #expect(reading?.cpuNanos == 5000)
        #expect(asked == [.stat, .schedstat, .syscall], "wchan only when syscall does not say, status only for switches")
        asked = []
        let unreadable = ProcSelf.thread(tid: 7, switches: true, read: files(nil))
        #expect(unreadable?.wait == .lock("futex_wait_queue"))
        #expect(unreadable?.voluntarySwitches == 4)
        #expect(asked == [.stat, .schedstat, .syscall, .wchan, .status])
    }
}
