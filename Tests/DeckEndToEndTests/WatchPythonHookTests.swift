import DeckCore
import DeckTestSupport
import Foundation
import Testing

/// `daemondeck watch --plain` over real CPython with the start-up hook: threads named at the OS level,
/// daemon flags, an asyncio task cancelled, the shutdown's joins and abandons, the program's output the
/// same with and without the hook, and `--no-hook`. Skipped (with a message) where python3 is missing.
@Suite struct WatchPythonHookTests {
    static let python: String? = WatchCommandResolver.resolve("python3").success

    func watch(_ arguments: [String]) throws -> [String] {
        try Subprocess.run([TmuxSession.binaryPath, "watch", "--plain"] + arguments, errorsToo: true, seconds: 120)
            .output.split(separator: "\n").map(String.init)
    }

    /// A program the test writes, in a folder removed when the test ends.
    func withProgram(_ text: String, _ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("daemondeck-pyhook-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("program.py").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try body(path)
    }

    /// Each thread reads its own kernel name: what `ps -L` and the Workers panel show. (A raw string: its
    /// `\n` are Python's, not newlines.)
    static let threads = #"""
        import sys, threading, time
        def work(seconds):
            me = threading.current_thread()
            with open(f"/proc/self/task/{threading.get_native_id()}/comm") as comm:
                # One write per line: print() writes the newline apart from the text, so two threads' lines can splice.
                sys.stdout.write(f"{me.name} is called {comm.read().strip()} by the kernel\n")
            time.sleep(seconds)
        threading.Thread(target=work, args=(60,), name="Monitor", daemon=True).start()
        worker = threading.Thread(target=work, args=(0.5,), name="Worker")
        worker.start()
        time.sleep(0.2)
        print("main returns", flush=True)
        """#

    @Test func threadsAreNamedWithTheirDaemonFlagsAndShutdownSaysWhatItJoinsAndAbandons() throws {
        guard let python = Self.python else { print("python3 not found on PATH: skipping the hook's threads"); return }
        try withProgram(Self.threads) { program in
            let lines = try watch(["--", python, program])
            let all = lines.joined(separator: "\n")
            #expect(lines.contains { $0.hasSuffix("out| Monitor is called Monitor by the kernel") }, "\(all)")
            #expect(lines.contains { $0.hasSuffix("out| Worker is called Worker by the kernel") }, "\(all)")
            #expect(lines.contains { $0.contains("thread Monitor started (daemon, tid ") }, "\(all)")
            #expect(lines.contains { $0.contains("thread Worker started (non-daemon, tid ") }, "\(all)")
            #expect(lines.contains { $0.contains("Python joins non-daemon thread Worker") }, "\(all)")
            #expect(lines.contains { $0.contains("daemon thread Monitor abandoned") }, "\(all)")
            #expect(!lines.contains { $0.contains("joins non-daemon thread Monitor") || $0.contains("thread Worker abandoned") }, "\(all)")
            #expect(lines.contains { $0.contains("exited with status 0") }, "\(all)")
        }
    }

    @Test func anAsyncioTaskCreatedAndCancelledIsReported() throws {
        guard let python = Self.python else { print("python3 not found on PATH: skipping the hook's asyncio tasks"); return }
        try withProgram("""
            import asyncio
            async def alarm():
                await asyncio.sleep(60)
            async def tick():
                return 1
            async def main():
                ringing = asyncio.create_task(alarm())
                await asyncio.create_task(tick())
                await asyncio.sleep(0.05)
                ringing.cancel()
                try:
                    await ringing
                except asyncio.CancelledError:
                    print("alarm cancelled")
            asyncio.run(main())
            """) { program in
            let lines = try watch(["--", python, program])
            let all = lines.joined(separator: "\n")
            #expect(lines.contains { $0.hasSuffix("asyncio task alarm() created") }, "\(all)")
            #expect(lines.contains { $0.hasSuffix("asyncio task alarm() cancelled") }, "\(all)")
            #expect(lines.contains { $0.hasSuffix("asyncio task tick() done") }, "\(all)")
            #expect(lines.contains { $0.hasSuffix("asyncio task main() done") }, "\(all)")
            // asyncio.run's own clean-up tasks are not the program's.
            #expect(!lines.contains { $0.contains("BaseEventLoop") }, "\(all)")
        }
    }

    /// What the program can see of its surroundings is the same with the hook: its output, its
    /// PYTHONPATH, its sys.path, its environment's names.
    @Test func theProgramsOutputIsTheSameWithAndWithoutTheHookAndNoHookLeavesRowsFromProcOnly() throws {
        guard let python = Self.python else { print("python3 not found on PATH: skipping the hook's output check"); return }
        try withProgram("""
            import os, sys, threading, time
            print("PYTHONPATH", os.environ.get("PYTHONPATH"))
            print("DAEMONDECK", sorted(k for k in os.environ if k.startswith("DAEMONDECK")))
            print("sys.path", sys.path[1:])
            t = threading.Thread(target=time.sleep, args=(0.3,), name="Sleeper")
            t.start(); t.join()
            print("threads", [t.name for t in threading.enumerate()])
            print("done")
            """) { program in
            let hooked = try watch(["--", python, program])
            let plain = try watch(["--no-hook", "--", python, program])
            let hookedOut = hooked.compactMap { line in line.range(of: "out| ").map { String(line[$0.upperBound...]) } }
            let plainOut = plain.compactMap { line in line.range(of: "out| ").map { String(line[$0.upperBound...]) } }
            #expect(hookedOut.count == 5, "\(hooked.joined(separator: "\n"))")
            #expect(hookedOut == plainOut)
            let direct = try Subprocess.run([python, program], seconds: 60).output.split(separator: "\n").map(String.init)
            #expect(direct == plainOut, "run directly: \(direct)")
            // With the hook, the Sleeper is reported by name; without it only /proc speaks.
            #expect(hooked.contains { $0.contains("thread Sleeper started (non-daemon") })
            #expect(!plain.contains { $0.contains("daemon, tid ") || $0.contains("finished its run()") })
            #expect(plain.contains { $0.contains("thread ") && $0.contains(" started: ") }, "\(plain.joined(separator: "\n"))")
        }
    }

    /// A task that raises and is never awaited: asyncio logs `Task exception was never retrieved` and the
    /// traceback on stderr when the task is collected. The hook reports the failure without reading the
    /// exception the way a program does (which would mark it retrieved and silence that log).
    @Test func anUnretrievedTaskExceptionIsLoggedTheSameWithAndWithoutTheHook() throws {
        guard let python = Self.python else { print("python3 not found on PATH: skipping the hook's failed-task check"); return }
        try withProgram("""
            import asyncio, gc
            async def fails():
                raise ValueError("lost")
            async def main():
                asyncio.create_task(fails())  # never awaited: nobody retrieves its exception
                await asyncio.sleep(0.05)
                gc.collect()
            asyncio.run(main())
            print("done")
            """) { program in
            let hooked = try watch(["--", python, program])
            let plain = try watch(["--no-hook", "--", python, program])
            let errors = { (lines: [String]) in lines.compactMap { line in line.range(of: "err| ").map { String(line[$0.upperBound...]) } } }
            #expect(errors(plain).contains("Task exception was never retrieved"), "\(plain.joined(separator: "\n"))")
            #expect(errors(plain).contains("ValueError: lost"), "\(plain.joined(separator: "\n"))")
            #expect(errors(hooked) == errors(plain), "with the hook:\n\(hooked.joined(separator: "\n"))")
            let direct = try Subprocess.run([python, program], errorsToo: true, seconds: 60).output
                .split(separator: "\n").map(String.init).filter { $0 != "done" }
            #expect(direct == errors(plain), "run directly: \(direct)")
            // The hook still saw the failure.
            #expect(hooked.contains { $0.hasSuffix("asyncio task fails() failed with ValueError") }, "\(hooked.joined(separator: "\n"))")
        }
    }

    /// `python3 -E`, `-I` and `-S` keep the hook out (PYTHON* variables ignored, or `site` not imported):
    /// watch says so once as the program starts, naming the option, so the missing reports are not taken
    /// for a broken hook. A plain `python3 prog.py` gets no such line.
    @Test func pythonOptionsThatKeepTheHookOutAreNamedOnceAtStart() throws {
        guard let python = Self.python else { print("python3 not found on PATH: skipping the hook's option check"); return }
        try withProgram("print('hello')\n") { program in
            for option in ["-E", "-I", "-S"] {
                let lines = try watch(["--", python, option, program])
                let said = lines.filter { $0.contains("Python hook cannot get in") }
                #expect(said.count == 1, "\(option):\n\(lines.joined(separator: "\n"))")
                #expect(said.first?.contains("python3 \(option)") == true, "\(said)")
                #expect(lines.contains { $0.hasSuffix("out| hello") }, "\(option): the program still runs")
            }
            let hooked = try watch(["--", python, program])
            #expect(!hooked.contains { $0.contains("cannot get in") }, "\(hooked.joined(separator: "\n"))")
        }
    }

    /// The ways a learner starts Python other than `python3 prog.py`: a script run by its `#!/usr/bin/env
    /// python3` line, `env python3 prog.py`, and `python3 -m module`. Each gets the hook: its thread is
    /// reported by name and the kernel calls it by that name.
    @Test func aHashBangScriptEnvAndDashMGetTheHookToo() throws {
        guard let python = Self.python else { print("python3 not found on PATH: skipping the hook's ways of starting Python"); return }
        try withProgram("#!/usr/bin/env python3\n" + Self.threads) { program in
            #expect(chmod(program, 0o755) == 0)
            let folder = (program as NSString).deletingLastPathComponent
            let module = folder + "/threads_module.py"
            try Data(Self.threads.utf8).write(to: URL(fileURLWithPath: module))
            let ways: [(String, [String])] = [
                ("#! script", ["--", program]),
                ("env", ["--", "env", "LANG=C", python, program]),
                ("-m", ["--", "env", "-C", folder, python, "-m", "threads_module"]),
            ]
            for (way, arguments) in ways {
                let lines = try watch(arguments)
                let all = lines.joined(separator: "\n")
                #expect(lines.contains { $0.contains("thread Monitor started (daemon, tid ") }, "\(way)\n\(all)")
                #expect(lines.contains { $0.hasSuffix("out| Monitor is called Monitor by the kernel") }, "\(way)\n\(all)")
                #expect(lines.contains { $0.contains("exited with status 0") }, "\(way)\n\(all)")
            }
        }
    }
}
