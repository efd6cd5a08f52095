import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// The real binary in plain mode: SIGTERM ends it well within its run, and a reader that goes away
/// (`| head -3`) ends it at once. Deadlines are generous: they bound a hang, not a speed.
@Suite struct SignalEndToEndTests {
    /// Starts `daemondeck ARGS` with standard output on a pipe; returns the pid and the pipe's read end.
    func start(_ arguments: [String]) throws -> (pid: pid_t, output: Int32) {
        let child = try ChildProcess.spawn(TmuxSession.binaryPath, arguments)
        return (child.pid, child.outputFD)
    }

    func waitForExit(_ pid: pid_t, seconds: Double) -> Int32? {
        var status: Int32 = 0
        let ended = waitUntil(seconds: seconds) { waitpid(pid, &status, WNOHANG) == pid }
        guard ended else {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
            return nil
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// The next line the child writes; nil at end of file or when no whole line comes within `seconds`
    /// (a child that hangs without writing fails the test instead of blocking it).
    func readLine(_ fd: Int32, seconds: Double = 60) -> String? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        let deadline = monotonicNanos() + UInt64(seconds * 1e9)
        while true {
            let now = monotonicNanos()
            guard now < deadline else { return nil }
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&ready, 1, Int32(min(1000, (deadline - now) / 1_000_000 + 1))) == 0 { continue }
            guard read(fd, &byte, 1) == 1 else { break }
            if byte == 0x0A { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
        return nil
    }

    @Test func sigtermEndsPlainModeAndTheSummarySaysWhatHappened() throws {
        let (pid, output) = try start(["--plain", "--duration", "30", "--monitors", "1"])
        defer { close(output) }
        #expect(readLine(output)?.contains("Main thread is carrying on") == true)
        let sent = monotonicNanos()
        kill(pid, SIGTERM)
        var rest: [String] = []
        while let line = readLine(output) { rest.append(line) }
        let status = waitForExit(pid, seconds: 30)
        let seconds = Double(monotonicNanos() - sent) / 1e9
        #expect(status == 143)
        #expect(seconds < 10, "a 30 s run ended \(seconds) s after SIGTERM")
        #expect(rest.contains { $0.contains("Snapshot") && $0.contains("joined, cleanup ran") })
        #expect(rest.contains { $0.contains("Monitor-1") && $0.contains("abandoned, cleanup never ran") })
    }

    @Test func plainModeEndsWhenItsReaderGoesAway() throws {
        let (pid, output) = try start(["--plain", "--duration", "60"])
        for _ in 0..<3 { _ = readLine(output) }
        close(output)  // what `| head -3` does after three lines
        let status = waitForExit(pid, seconds: 30)
        #expect(status != nil, "a 60 s run must end once nobody reads its output")
    }
}

/// The same threads in the OS: every worker thread carries its name, so `ps -L`, `top -H` and htop show
/// `Monitor-1`, and the Workers panel shows the same thread id and its CPU time.
@Suite struct ThreadNamesEndToEndTests {
    @Test func workerThreadsAreNamedForTheOS() throws {
        let child = try ChildProcess.spawn(TmuxSession.binaryPath, ["--plain", "--duration", "30", "--monitors", "2"])
        defer {
            kill(child.pid, SIGTERM)
            close(child.outputFD)
            child.waitForExit()
            _ = child.reap()
        }
        var names: Set<String> = []
        let found = waitUntil(seconds: 20) {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.pid)/task")) ?? []
            names = Set(tasks.compactMap { try? String(contentsOfFile: "/proc/\(child.pid)/task/\($0)/comm", encoding: .utf8) }
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
            return names.isSuperset(of: ["Monitor-1", "Monitor-2", "Snapshot"])
        }
        #expect(found, "threads seen by the OS: \(names.sorted())")
    }

    @Test func theWorkersPanelKnowsEachThreadsIdAndCPUTime() throws {
        var config = DeckConfig()
        config.monitors = 1
        config.alarmAtLaunch = false
        config.snapshotWriter = false
        config.intervalMs = 10
        let driver = EngineDriver(config: config)
        driver.start()
        defer { driver.quit() }
        // The threads' CPU times are read from /proc only while a screen wide enough shows them.
        #expect(!WorkersPanel.showsThreadCPU(driver.state), "the driver's 80 columns show no CPU column")
        #expect(driver.run(until: { _ in
            driver.engine.process(.workersSampled(driver.engine.runner.sampleWorkers(readingCPU: true)))
            return (driver.state.worker(1)?.tid ?? 0) > 0 && driver.state.worker(1)?.cpuMs != nil
        }))
        let tid = try #require(driver.state.worker(1)?.tid)
        let comm = try String(contentsOfFile: "/proc/self/task/\(tid)/comm", encoding: .utf8)
        #expect(comm.trimmingCharacters(in: .whitespacesAndNewlines) == "Monitor-1", "the panel's tid is the OS thread named Monitor-1")
        let wide = DashboardView.render(driver.state, width: 160, height: 40)
        #expect(wide.lines.contains { $0.contains("tid") && $0.contains("cpu ms") })
        #expect(wide.lines.contains { $0.contains("Monitor-1") && $0.contains("\(tid)") })
    }
}

/// `nohup` starts its command with SIGHUP ignored; daemondeck keeps it so.
@Suite struct IgnoredSignalEndToEndTests {
    /// The set of signals `pid` ignores, from /proc (bit N-1 for signal N).
    func ignoredSignals(_ pid: pid_t) -> UInt64? {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigIgn:") }) else { return nil }
        return UInt64(line.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/nohup")))
    func nohupPlainModeSurvivesAHangUp() throws {
        let child = try ChildProcess.spawn("/usr/bin/nohup", [TmuxSession.binaryPath, "--plain", "--duration", "60", "--monitors", "1"])
        let checks = SignalEndToEndTests()
        defer { close(child.outputFD) }
        #expect(checks.readLine(child.outputFD) != nil, "plain mode started")
        // Wait until daemondeck itself (not nohup, which execs it) runs, with SIGHUP still ignored.
        let hangUpBit = UInt64(1) << UInt64(SIGHUP - 1)
        #expect(waitUntil(seconds: 30) {
            let command = (try? String(contentsOfFile: "/proc/\(child.pid)/comm", encoding: .utf8)) ?? ""
            return command.hasPrefix("daemondeck") && (ignoredSignals(child.pid) ?? 0) & hangUpBit != 0
        }, "daemondeck runs with SIGHUP ignored")
        kill(child.pid, SIGHUP)
        // An ignored signal is discarded when sent; a handled one would end the run with 129. Lines keep
        // coming, and the run then ends the way SIGTERM ends it.
        #expect(checks.readLine(child.outputFD) != nil)
        #expect(checks.readLine(child.outputFD) != nil)
        kill(child.pid, SIGTERM)
        while checks.readLine(child.outputFD) != nil {}
        #expect(checks.waitForExit(child.pid, seconds: 30) == 143, "SIGHUP changed nothing; SIGTERM ended it")
    }
}
