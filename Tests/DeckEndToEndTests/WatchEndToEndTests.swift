import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// `daemondeck watch --plain` over real programs the tests write: output lines in order and marked,
/// threads that start and end, the program's exit status, the group ended at quit with nothing left
/// running, and the shell's 127/126. Deadlines are generous: they bound a hang, not a speed.
@Suite struct WatchEndToEndTests {
    /// A file the test writes (made executable), removed with its folder when the test ends.
    final class Scratch {
        let folder: URL
        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("daemondeck-watch-e2e-\(getpid())-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: folder) }

        func program(_ name: String, _ text: String) -> String {
            let path = folder.appendingPathComponent(name).path
            FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o755])
            return path
        }
    }

    static let python: String? = WatchCommandResolver.resolve("python3").success

    func watch(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run([TmuxSession.binaryPath, "watch", "--plain"] + arguments, errorsToo: true)
    }

    /// The pid from `started: pid 4242, ...`.
    static func programPID(_ line: String) -> Int32? {
        guard let range = line.range(of: "started: pid ") else { return nil }
        return Int32(line[range.upperBound...].prefix(while: \.isNumber))
    }

    @Test func everyLineComesInOrderMarkedOutOrErrAndTheProgramsStatusIsDaemondecksOwn() throws {
        let scratch = try Scratch()
        let program = scratch.program("lines.sh", """
            #!/bin/sh
            for n in 1 2 3 4 5 6 7 8 9 10; do echo "line $n"; done
            echo "something failed" >&2
            exit 3
            """)
        let result = try watch(["--", "/bin/sh", program])
        let lines = result.output.split(separator: "\n").map(String.init)
        let out = lines.compactMap { line in line.range(of: "out| ").map { String(line[$0.upperBound...]) } }
        #expect(out == (1...10).map { "line \($0)" })
        #expect(lines.contains { $0.hasSuffix("err| something failed") })
        #expect(lines.contains { $0.contains("thread ") && $0.contains(" started: ") })
        #expect(lines.contains { $0.contains("exited with status 3") && $0.contains("reaped") })
        #expect(result.output.contains("watched sh (pid "))
        #expect(result.status == 3)
    }

    /// A program that writes far faster than one frame's drain: `seq` prints 50,000 lines at once. Every
    /// one is printed, in order, and the summary counts them all (a full inbox holds the program back
    /// through its pipe; it never drops a line).
    @Test func aFloodOfOutputLosesNoLine() throws {
        let result = try watch(["--", "/usr/bin/env", "seq", "50000"])
        let numbers = result.output.split(separator: "\n").compactMap { line in line.range(of: "out| ").map { Int(line[$0.upperBound...]) } }
        #expect(numbers.count == 50_000, "\(result.output.suffix(600))")
        #expect(numbers == numbers.compactMap { $0 }.sorted() && numbers.first == 1 && numbers.last == 50_000, "in order")
        #expect(result.output.contains("50000 output lines"), "\(result.output.suffix(600))")
        #expect(result.status == 0)
    }

    /// One `print` of 100 KB, of a three-byte character, then a short line: the long line comes in pieces of
    /// at most 4 KB, each after the first marked `out+|`, cut between characters (no U+FFFD), and put back
    /// together they are the line; the summary counts two output lines, not 27.
    @Test func aVeryLongLineComesInMarkedPiecesAndCountsOnce() throws {
        let python = try #require(Self.python, "python3 is needed")
        let scratch = try Scratch()
        let program = scratch.program("long.py", #"""
            import sys
            sys.stdout.write("\u76e3" * 34000 + "\n")
            sys.stdout.write("short\n")
            """#)
        let result = try watch(["--", python, program])
        #expect(result.status == 0, "\(result.output.suffix(2000))")
        let lines = result.output.split(separator: "\n").map(String.init)
        let first = lines.compactMap { line in line.range(of: " out| ").map { String(line[$0.upperBound...]) } }
        let more = lines.compactMap { line in line.range(of: " out+| ").map { String(line[$0.upperBound...]) } }
        #expect(first.count == 2 && first.last == "short", "\(first.map { $0.prefix(20) })")
        #expect(more.count >= 24, "\(more.count) continuation pieces")
        #expect(more.allSatisfy { $0.utf8.count <= 4096 }, "a piece over 4 KB")
        #expect(((first.first ?? "") + more.joined()) == String(repeating: "\u{76E3}", count: 34000), "the pieces are not the line")
        #expect(result.output.contains(", 2 output lines"), "\(result.output.suffix(500))")
    }

    @Test func helpBeforeTheCommandPrintsWatchsHelpAndAfterDashDashItIsTheProgramsWord() throws {
        for asked in [["watch", "--help"], ["watch", "-h"], ["watch", "--plain", "--help"], ["watch", "--help", "--", "python3"]] {
            let result = try Subprocess.run([TmuxSession.binaryPath] + asked, errorsToo: true)
            #expect(result.status == 0, "\(asked)")
            #expect(result.output.contains("USAGE: daemondeck watch"), "\(asked): \(result.output)")
            #expect(result.output.contains("--pid"), "\(asked)")
            #expect(!result.output.contains("command not found"), "\(asked)")
        }
        let program = try watch(["--", "--help"])
        #expect(program.status == 127)
        #expect(program.output.contains("--help: command not found"))
    }

    @Test func aProgramKilledByASignalIsReportedAsSuch() throws {
        let scratch = try Scratch()
        let program = scratch.program("die.sh", "#!/bin/sh\nkill -KILL $$\n")
        let result = try watch(["--", "/bin/sh", program])
        #expect(result.output.contains("killed by signal 9 (SIGKILL)"))
        #expect(result.status == 128 + 9)
    }

    @Test func aMissingCommandIs127AndOneThatCannotRunIs126() throws {
        let scratch = try Scratch()
        let missing = try watch(["--", "daemondeck-no-such-command-\(getpid())"])
        #expect(missing.status == 127)
        #expect(missing.output.contains("command not found"))
        let notExecutable = scratch.folder.appendingPathComponent("data.txt").path
        FileManager.default.createFile(atPath: notExecutable, contents: Data("x\n".utf8), attributes: [.posixPermissions: 0o644])
        let refused = try watch(["--", notExecutable])
        #expect(refused.status == 126)
        #expect(refused.output.contains("not executable"))
        let folder = try watch(["--", scratch.folder.path])
        #expect(folder.status == 126)
        let nothing = try watch([])
        #expect(nothing.status == 64)
    }

    @Test func pythonThreadsAppearWithWhyTheyWaitAndEnd() throws {
        guard let python = Self.python else {
            print("python3 not found on PATH: skipping the Python program")
            return
        }
        let scratch = try Scratch()
        let program = scratch.program("threads.py", """
            import threading, time
            def work(n):
                time.sleep(1.0)
                print(f"worker {n} done")
            threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
            for t in threads: t.start()
            for t in threads: t.join()
            print("all joined")
            """)
        let result = try watch(["--", python, program])
        let lines = result.output.split(separator: "\n").map(String.init)
        let started = lines.filter { $0.contains(" started: ") && $0.contains("thread ") }
        let ended = lines.filter { $0.contains("thread ") && $0.contains(" ended after ") }
        // The main thread and the three workers, each seen start and end (a second's sleep is ten samples).
        #expect(started.count >= 4, "\(result.output)")
        #expect(ended.count >= 4, "\(result.output)")
        #expect(lines.contains { $0.contains("waiting for timed sleep (clock_nanosleep)") || $0.contains("waiting for lock or condition") },
                "\(result.output)")
        #expect(lines.last { $0.contains("out| ") }?.hasSuffix("out| all joined") == true)
        #expect(result.status == 0)
    }

    @Test func sigtermEndsTheWholeGroupEvenAProgramThatIgnoresItAndLeavesNothingRunning() throws {
        let scratch = try Scratch()
        // The program ignores SIGTERM, and starts a child of its own that also runs on: only SIGKILL,
        // sent to the whole group after the grace period, ends them both.
        let program = scratch.program("stubborn.sh", """
            #!/bin/sh
            trap '' TERM
            sleep 300 &
            echo ready
            while true; do sleep 1; done
            """)
        let run = try Self.signalPlainWatchOnceReady(["--grace", "0.3", "--", "/bin/sh", program], SIGTERM)
        let (seen, group, ended, status) = (run.seen, run.group, run.ended, run.status)
        #expect(ended)
        #expect((status >> 8) & 0xff == 143)
        #expect(seen.contains("SIGTERM sent to its process group"))
        #expect(seen.contains("SIGKILL sent to its process group"))
        let pgid = try #require(group)
        // Killed processes vanish from /proc once reaped (the orphaned sleep by init): allow time for that.
        let empty = waitUntil(seconds: 30) { ProcSelf.processes(inGroup: pgid).isEmpty }
        if !empty { kill(-pgid, SIGKILL) }
        #expect(empty, "left running in group \(pgid): \(ProcSelf.processes(inGroup: pgid))")
    }

    @Test func aSignalledQuitGivesTheProgramItsWholeGracePeriodAndTheSummarySaysItWasKilled() throws {
        let scratch = try Scratch()
        // It ignores SIGTERM: SIGKILL must come after the 1.5 s grace period, not at daemondeck's own 0.5 s.
        let program = scratch.program("stubborn.sh", """
            #!/bin/sh
            trap '' TERM
            echo ready
            while true; do sleep 1; done
            """)
        let child = try ChildProcess.spawn(TmuxSession.binaryPath, ["watch", "--plain", "--grace", "1.5", "--", "/bin/sh", program])
        var seen = ""
        let ready = waitUntil(seconds: 60) {
            seen += Self.readAvailable(child.outputFD)
            return seen.contains("out| ready")
        }
        #expect(ready, "the program never said it was ready: \(seen)")
        kill(child.pid, SIGTERM)
        var status: Int32 = 0
        let ended = waitUntil(seconds: 60) {
            seen += Self.readAvailable(child.outputFD)
            return waitpid(child.pid, &status, WNOHANG) == child.pid
        }
        if !ended { kill(child.pid, SIGKILL); waitpid(child.pid, &status, 0) }
        seen += Self.readAvailable(child.outputFD)
        close(child.outputFD)
        #expect(ended)
        let lines = seen.split(separator: "\n").map(String.init)
        let term = lines.firstIndex { $0.contains("SIGTERM sent to its process group, SIGKILL in 1.5 s") }
        let killed = lines.firstIndex { $0.contains("SIGKILL sent to its process group") }
        let reaped = lines.firstIndex { $0.contains("killed by signal 9 (SIGKILL) after") && $0.contains("reaped") }
        #expect(term != nil && killed != nil && reaped != nil, "\(seen)")
        if let term, let killed, let reaped { #expect(term < killed && killed < reaped, "\(seen)") }
        // Nothing says it was abandoned or still runs: it was killed and reaped, and the summary says so.
        #expect(!seen.contains("abandoned") && !seen.contains("still running"), "\(seen)")
        #expect(lines.contains { $0.contains("watched sh (pid ") && $0.contains("killed by signal 9 (SIGKILL)") }, "\(seen)")
        #expect(lines.contains { $0.hasPrefix("  sh ") && $0.contains("killed by signal 9 (SIGKILL)") }, "\(seen)")
    }

    @Test func aPidThatIsNotAProcessIdIsNamedWithItsRange() throws {
        let negative = try watch(["--pid", "-5"])
        #expect(negative.status == 64)
        #expect(negative.output.contains("--pid must be a whole number from 1 to 2147483647, got '-5'"), "\(negative.output)")
        let grace = try watch(["--grace", "-1", "--", "true"])
        #expect(grace.output.contains("--grace must be a number from 0.1 to 60 seconds, got '-1'"), "\(grace.output)")
    }

    @Test func attachedWithPidItReadsThreadsAndSaysWhenTheProcessIsGone() throws {
        let sleeper = try ChildProcess.spawn("/bin/sleep", ["3"], standard: .discard)
        defer { kill(sleeper.pid, SIGKILL); _ = sleeper.reap() }
        let watcher = try ChildProcess.spawn(TmuxSession.binaryPath, ["watch", "--plain", "--pid", "\(sleeper.pid)"])
        var seen = ""
        let attached = waitUntil(seconds: 60) {
            seen += Self.readAvailable(watcher.outputFD)
            return seen.contains("thread \(sleeper.pid) sleep (already running): sleeping")
        }
        #expect(attached, "\(seen)")
        kill(sleeper.pid, SIGKILL)
        sleeper.waitForExit()  // a zombie still has its /proc entry: reap it, as its parent would
        _ = sleeper.reap()
        var status: Int32 = 0
        let ended = waitUntil(seconds: 60) {
            seen += Self.readAvailable(watcher.outputFD)
            return waitpid(watcher.pid, &status, WNOHANG) == watcher.pid
        }
        if !ended { kill(watcher.pid, SIGKILL); waitpid(watcher.pid, &status, 0) }
        seen += Self.readAvailable(watcher.outputFD)
        close(watcher.outputFD)
        #expect(ended)
        #expect(seen.contains("is gone after"), "\(seen)")
        #expect(!seen.contains("out| "))

        let missing = try watch(["--pid", "999999999"])
        #expect(missing.status == 1)
        #expect(missing.output.contains("pid 999999999: no such process"))
    }

    /// What the pipe holds now, without blocking.
    /// A real `daemondeck watch --plain ARGUMENTS` whose program prints `ready`: once it has, `signal` goes to
    /// daemondeck, and the run is waited for (killed after 60 s if it does not end). What it printed, the
    /// program's group, whether daemondeck ended, and its wait status.
    static func signalPlainWatchOnceReady(_ arguments: [String], _ signal: Int32) throws
        -> (seen: String, group: Int32?, ended: Bool, status: Int32) {
        let child = try ChildProcess.spawn(TmuxSession.binaryPath, ["watch", "--plain"] + arguments)
        var seen = ""
        var group: Int32?
        let ready = waitUntil(seconds: 60) {
            seen += readAvailable(child.outputFD)
            if group == nil { group = seen.split(separator: "\n").lazy.compactMap { programPID(String($0)) }.first }
            return seen.contains("out| ready")
        }
        #expect(ready, "the program never said it was ready: \(seen)")
        kill(child.pid, signal)
        var status: Int32 = 0
        let ended = waitUntil(seconds: 60) {
            seen += readAvailable(child.outputFD)
            return waitpid(child.pid, &status, WNOHANG) == child.pid
        }
        if !ended { kill(child.pid, SIGKILL); waitpid(child.pid, &status, 0) }
        seen += readAvailable(child.outputFD)
        close(child.outputFD)
        return (seen, group, ended, status)
    }

    static func readAvailable(_ fd: Int32) -> String {
        var text = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 0) > 0 else { break }
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            text += buffer[0..<count]
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension Result {
    var success: Success? { try? get() }
}
