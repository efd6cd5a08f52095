@testable import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// The watch's model without a process: /proc's text as the kernel writes it, the thread tracker with
/// given times, the command resolver on files the test makes, and the reducer's log lines.
@Suite struct WatchModelTests {
    @Test func aThreadsStatLineGivesItsNameStateAndCPUEvenWithParenthesesInTheName() {
        let hertz = UInt64(sysconf(Int32(_SC_CLK_TCK)))
        // Fields after the name: state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt, majflt, cmajflt, utime, stime.
        let text = "4242 (my (odd) thread) S 1 4242 4242 0 -1 4194560 100 0 0 0 \(hertz * 2) \(hertz) 0 0 20 0 1 0"
        let reading = ProcSelf.parseThreadStat(text, tid: 4242)
        #expect(reading?.name == "my (odd) thread")
        #expect(reading?.state == .sleeping)
        #expect(reading?.cpuNanos == 3_000_000_000)
        #expect(ProcSelf.parseThreadStat("garbage", tid: 1) == nil)
        #expect(ProcThreadState(code: "D") == .diskWait)
        #expect(ProcThreadState(code: "t") == .stopped)
        #expect(ProcThreadState(code: "Z") == .zombie)
    }

    @Test func whyAThreadWaitsComesFromItsSystemCallElseFromWchan() {
        #if arch(x86_64)
        let (futex, sleep, read) = ("202", "230", "0")
        #else
        let (futex, sleep, read) = ("98", "115", "63")
        #endif
        #expect(ProcSelf.waitReason(syscall: "\(futex) 0x7f 0x80 0x0 0x0 0x0 0x0 0x7ffd 0x7f12\n", wchan: "whatever") == .lock("futex"))
        #expect(ProcSelf.waitReason(syscall: "\(sleep) 0x1 0x0 0x7ffd 0x0 0x0 0x0 0x7ffd 0x7f12", wchan: nil) == .timedSleep("clock_nanosleep"))
        #expect(ProcSelf.waitReason(syscall: "\(read) 0x3 0x7ffd 0x1000 0x0 0x0 0x0 0x7ffd 0x7f12", wchan: nil) == .io("read"))
        // Blocked outside a system call (-1), or the file unreadable: the kernel function decides.
        #expect(ProcSelf.waitReason(syscall: "-1 0x7ffd 0x7f12", wchan: "hrtimer_nanosleep") == .timedSleep("hrtimer_nanosleep"))
        #expect(ProcSelf.waitReason(syscall: nil, wchan: "futex_wait_queue") == .lock("futex_wait_queue"))
        #expect(ProcSelf.waitReason(syscall: nil, wchan: "do_sys_poll") == .io("do_sys_poll"))
        #expect(ProcSelf.waitReason(syscall: "running", wchan: "0") == nil)
        #expect(WaitReason(syscall: "wait4") == .child("wait4"))
        #expect(SyscallNames.name(99_999) == "syscall 99999")
        #expect(WaitReason.lock("futex").text == "lock or condition (futex)")
    }

    @Test func contextSwitchesAreReadFromStatus() {
        let status = "Name:\tpython3\nState:\tS (sleeping)\nvoluntary_ctxt_switches:\t12\nnonvoluntary_ctxt_switches:\t3\n"
        let (voluntary, involuntary) = ProcSelf.parseSwitches(status)
        #expect(voluntary == 12)
        #expect(involuntary == 3)
    }

    @Test func theTrackerReportsThreadsThatStartAndEndAndTheirShareOfACore() {
        var tracker = ThreadTracker()
        let a = ProcThreadReading(tid: 10, name: "main", state: .running, cpuNanos: 0)
        var changes = tracker.update([a], at: 1_000_000_000)
        #expect(changes.started.map(\.tid) == [10])
        #expect(changes.ended.isEmpty)

        // 100 ms later: main used 50 ms of CPU (half a core); a worker appeared.
        var busy = a
        busy.cpuNanos = 50_000_000
        let b = ProcThreadReading(tid: 11, name: "worker", state: .sleeping, cpuNanos: 0, wait: .timedSleep("clock_nanosleep"))
        changes = tracker.update([busy, b], at: 1_100_000_000)
        #expect(changes.started.map(\.tid) == [11])
        #expect(changes.rows.first { $0.reading.tid == 10 }?.cpuPercent == 50)

        // The worker is gone 3.1 s after it was first seen.
        changes = tracker.update([busy], at: 4_200_000_000)
        #expect(changes.ended.map(\.tid) == [11])
        #expect(changes.ended.first?.seconds == 3.1)
        #expect(changes.rows.map(\.reading.tid) == [10])

        // The process exec'd a new program: same thread, new name.
        var renamed = busy
        renamed.name = "python3"
        changes = tracker.update([renamed], at: 4_300_000_000)
        #expect(changes.renamed.map(\.to) == ["python3"])
        #expect(tracker.endAll(at: 5_000_000_000).ended.map(\.tid) == [10])
    }

    @Test func aCommandNotFoundIs127AndOneThatCannotRunIs126() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("daemondeck-watch-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("notes.txt").path
        FileManager.default.createFile(atPath: plain, contents: Data("hello\n".utf8), attributes: [.posixPermissions: 0o644])
        let script = folder.appendingPathComponent("run.sh").path
        FileManager.default.createFile(atPath: script, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])

        #expect(WatchCommandResolver.resolve("daemondeck-no-such-command", path: folder.path) == .failure(.notFound("daemondeck-no-such-command")))
        #expect((try? WatchCommandResolver.resolve("/no/such/file").get()) == nil)
        if case .failure(let failure) = WatchCommandResolver.resolve(plain) {
            #expect(failure.exitStatus == 126)
            #expect(failure.description.contains("not executable"))
        } else {
            Issue.record("a file without execute permission must be refused")
        }
        if case .failure(let failure) = WatchCommandResolver.resolve(folder.path) {
            #expect(failure.exitStatus == 126)
            #expect(failure.description.contains("directory"))
        } else {
            Issue.record("a directory must be refused")
        }
        #expect(WatchCommandResolver.resolve("run.sh", path: "/nonexistent:" + folder.path) == .success(script))
        #expect(WatchCommandResolver.resolve("notes.txt", path: folder.path) == .failure(.notExecutable(folder.path + "/notes.txt", reason: "permission denied (not executable)")))
    }

    @Test func theLogSaysWhenAThreadStartsWhyItWaitsAndWhenItEnds() {
        var config = WatchRunner.config(for: WatchTarget(source: .command(executable: "/bin/true", arguments: ["true"]), quitWhenEnded: true))
        config.seed = 1
        var state = AppState(config: config, now: Timestamp(nanos: 0))
        let effects = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 0), event: .runStarted))
        #expect(effects.contains { if case .startWatch = $0 { true } else { false } })
        #expect(!effects.contains { if case .startMonitor = $0 { true } else { false } })
        func post(_ event: WatchEvent, at ms: Int) -> [DeckEffect] {
            Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: UInt64(ms) * 1_000_000), event: .watch(event)))
        }
        _ = post(.programStarted(pid: 4242, command: "true"), at: 1)
        _ = post(.threadStarted(ProcThreadReading(tid: 4243, name: "Monitor", state: .sleeping, cpuNanos: 0,
                                                  wait: .timedSleep("clock_nanosleep")), alreadyRunning: false), at: 2)
        _ = post(.output(.out, "hello"), at: 3)
        _ = post(.output(.err, "oops"), at: 4)
        _ = post(.threadEnded(tid: 4243, name: "Monitor", seconds: 3.1, cpuNanos: 20_000_000), at: 5)
        let quit = post(.programEnded(.exited(3), seconds: 3.2), at: 6)
        let lines = state.log.entries.map(\.text)
        #expect(lines.contains("thread 4243 Monitor started: sleeping, waiting for timed sleep (clock_nanosleep)"))
        #expect(lines.contains("out| hello"))
        #expect(lines.contains("err| oops"))
        #expect(lines.contains("thread 4243 Monitor ended after 3.1 s (CPU 0.02 s)"))
        #expect(lines.contains { $0.hasPrefix("exited with status 3 after 3.2 s, reaped") })
        // Plain mode ends with the program, and the shell sees the program's status.
        #expect(quit.contains(.exit(code: 0)))
        #expect(WatchRunner.status(code: 0, state: state) == 3)
        #expect(WatchRunner.status(code: 130, state: state) == 130)
        #expect(QuitSummary.render(state).contains("watched true (pid 4242): exited with status 3, 1 thread seen, 2 output lines"))
    }
}
