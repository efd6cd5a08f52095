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

    /// `watch --plain` with the environment changed first by `env` (`-u NAME` removes one, `NAME=value` sets one).
    func watch(environment: [String], _ arguments: [String]) throws -> [String] {
        try Subprocess.run(["/usr/bin/env"] + environment + [TmuxSession.binaryPath, "watch", "--plain"] + arguments,
                           errorsToo: true, seconds: 120)
            .output.split(separator: "\n").map(String.init)
    }

    /// The program's own lines on one stream (`out` or `err`), without the log's time and source.
    func stream(_ marker: String, _ lines: [String]) -> [String] {
        lines.compactMap { line in line.range(of: marker + "| ").map { String(line[$0.upperBound...]) } }
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

    /// The hook's atexit function is registered at start-up, before the program's, and atexit runs last in,
    /// first out: its report comes after the program's exit functions have run, and says so. (The program's
    /// exit function renames a daemon thread: that report comes on the hook's own pipe, so the two are in the
    /// order they happened; output lines come on another pipe, in no fixed order with the hook's.)
    @Test func theExitReportComesAfterTheProgramsExitFunctionsAndSaysTheyHaveRun() throws {
        guard let python = Self.python else { print("python3 not found on PATH: skipping the hook's exit report"); return }
        try withProgram(#"""
            import atexit, threading
            idle = threading.Thread(target=threading.Event().wait, name="Idle", daemon=True)
            idle.start()
            def bye():
                idle.name = "AtExit"
            atexit.register(bye)
            """#) { program in
            let lines = try watch(["--", python, program])
            let all = lines.joined(separator: "\n")
            let renamed = try #require(lines.firstIndex { $0.contains("thread Idle is now called AtExit") }, "\(all)")
            let report = try #require(lines.firstIndex { $0.hasSuffix("Python's exit functions have run: the interpreter is ending") }, "\(all)")
            #expect(renamed < report, "\(all)")
            #expect(!lines.contains { $0.contains("runs its exit functions") }, "\(all)")
        }
    }

    /// daemondeck sets PYTHONUNBUFFERED=1 so that lines come as they are printed; with the hook the program and
    /// the programs it starts see the user's own value (here: none), and its output still comes line by line.
    /// With --no-hook nothing can give it back: the variable stays, as docs/watch.md says.
    @Test func theProgramGetsItsOwnPythonUnbufferedBackAndItsLinesStillComeAsPrinted() throws {
        guard let python = Self.python else { print("python3 not found on PATH: skipping the PYTHONUNBUFFERED check"); return }
        try withProgram(#"""
            import os, subprocess, sys
            sys.stdout.write("mine %s\n" % os.environ.get("PYTHONUNBUFFERED"))
            child = subprocess.run([sys.executable, "-c", "import os; print(os.environ.get('PYTHONUNBUFFERED'))"],
                                   capture_output=True, text=True)
            sys.stdout.write("child %s\n" % child.stdout.strip())
            # Made unbuffered at start-up (write_through), the stream stays so whatever the variable says later.
            sys.stdout.write("buffered %s\n" % (not sys.stdout.write_through))
            """#) { program in
            let hooked = try watch(environment: ["-u", "PYTHONUNBUFFERED"], ["--", python, program])
            #expect(stream("out", hooked) == ["mine None", "child None", "buffered False"], "\(hooked.joined(separator: "\n"))")
            let given = try watch(environment: ["PYTHONUNBUFFERED=0"], ["--", python, program])
            #expect(stream("out", given) == ["mine 0", "child 0", "buffered False"], "\(given.joined(separator: "\n"))")
            let plain = try watch(environment: ["-u", "PYTHONUNBUFFERED"], ["--no-hook", "--", python, program])
            #expect(stream("out", plain) == ["mine 1", "child 1", "buffered False"], "\(plain.joined(separator: "\n"))")
        }
    }

    /// concurrent.futures joins its workers in a function it registers with threading._register_atexit after the
    /// hook's start-up; shutdown runs those last registered first. The report comes before any of them.
    @Test func aThreadPoolExecutorsWorkerStillRunningAtShutdownIsReportedAsJoined() throws {
        guard let python = Self.python else { print("python3 not found on PATH: skipping the executor's shutdown"); return }
        try withProgram(#"""
            import concurrent.futures, sys, time
            pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
            pool.submit(time.sleep, 0.5)
            sys.stdout.write("main returns\n")
            """#) { program in
            let lines = try watch(["--", python, program])
            let all = lines.joined(separator: "\n")
            #expect(lines.contains { $0.contains("Python joins non-daemon thread ThreadPoolExecutor-0_0") }, "\(all)")
            #expect(lines.contains { $0.contains("exited with status 0") }, "\(all)")
        }
    }

    /// A sitecustomize of the user's that raises: site writes two lines on stderr and the program goes on. The
    /// hook, which runs it in site's place, writes the same; and one in a zip archive on PYTHONPATH still runs.
    @Test func theUsersFailingSitecustomizeIsReportedAsSiteReportsItAndOneInAZipRuns() throws {
        guard let python = Self.python else { print("python3 not found on PATH: skipping the user's sitecustomize"); return }
        try withProgram("import sys\nsys.stdout.write('program ran\\n')\n") { program in
            let folder = (program as NSString).deletingLastPathComponent + "/mine"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data("raise ValueError('mine broke')\n".utf8).write(to: URL(fileURLWithPath: folder + "/sitecustomize.py"))
            let hooked = try watch(environment: ["PYTHONPATH=" + folder], ["--", python, program])
            let plain = try watch(environment: ["PYTHONPATH=" + folder], ["--no-hook", "--", python, program])
            #expect(stream("err", plain) == ["Error in sitecustomize; set PYTHONVERBOSE for traceback:", "ValueError: mine broke"],
                    "\(plain.joined(separator: "\n"))")
            #expect(stream("err", hooked) == stream("err", plain), "with the hook:\n\(hooked.joined(separator: "\n"))")
            #expect(stream("out", hooked) == ["program ran"], "\(hooked.joined(separator: "\n"))")

            let zip = (program as NSString).deletingLastPathComponent + "/mine.zip"
            let made = try ProgramRun.run(python, ["-c", "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z: z.writestr('sitecustomize.py', 'import sys\\nsys.stdout.write(\"zipped sitecustomize ran\\\\n\")\\n')", zip], seconds: 60)
            #expect(made.status == 0, "\(made.stderr)")
            let zipped = try watch(environment: ["PYTHONPATH=" + zip], ["--", python, program])
            #expect(stream("out", zipped) == ["zipped sitecustomize ran", "program ran"], "\(zipped.joined(separator: "\n"))")
        }
    }

    /// The kernel keeps 15 bytes of a thread's name: a name of two-byte characters is cut before the character
    /// that does not fit whole, never in the middle of one.
    @Test func aThreadNameIsCutAtACharactersBoundary() throws {
        guard let python = Self.python else { print("python3 not found on PATH: skipping the thread name's cut"); return }
        try withProgram(#"""
            import sys, threading
            def work():
                with open("/proc/self/task/%d/comm" % threading.get_native_id(), "rb") as comm:
                    sys.stdout.write("kernel name %r\n" % comm.read().strip().decode("utf-8", "replace"))
            t = threading.Thread(target=work, name="\u00e9" * 8)
            t.start(); t.join()
            """#) { program in
            let lines = try watch(["--", python, program])
            #expect(stream("out", lines) == ["kernel name '" + String(repeating: "é", count: 7) + "'"], "\(lines.joined(separator: "\n"))")
        }
    }

    /// `t.name = "New"` on a running thread changes only the Python attribute in CPython: the hook names the
    /// kernel thread again and reports it, and the row takes the new name.
    @Test func aRunningThreadRenamedIsRenamedAtTheOSLevelAndReported() throws {
        guard let python = Self.python else { print("python3 not found on PATH: skipping the rename"); return }
        try withProgram(#"""
            import sys, threading
            renamed = threading.Event()
            def work():
                renamed.wait(60)
                with open("/proc/self/task/%d/comm" % threading.get_native_id()) as comm:
                    sys.stdout.write("kernel name %s\n" % comm.read().strip())
            t = threading.Thread(target=work, name="Old")
            t.start()
            t.name = "New"
            renamed.set()
            t.join()
            """#) { program in
            let lines = try watch(["--", python, program])
            let all = lines.joined(separator: "\n")
            #expect(stream("out", lines) == ["kernel name New"], "\(all)")
            #expect(lines.contains { $0.contains("thread Old is now called New (its Thread.name was set") }, "\(all)")
            #expect(lines.contains { $0.contains("thread New finished its run() (non-daemon)") }, "\(all)")
        }
    }

    /// A child made with os.fork inherits the hook's pipe; its threads are another process's, so it reports
    /// nothing: one exit report, the parent's, and no thread of the child's.
    @Test func aForkedChildReportsNothing() throws {
        guard let python = Self.python else { print("python3 not found on PATH: skipping the forked child"); return }
        try withProgram(#"""
            import os, sys, threading, time
            pid = os.fork()
            if pid == 0:
                threading.Thread(target=time.sleep, args=(0.2,), name="InChild").start()
                sys.exit(0)
            os.waitpid(pid, 0)
            sys.stdout.write("parent done\n")
            """#) { program in
            let lines = try watch(["--", python, program])
            let all = lines.joined(separator: "\n")
            #expect(lines.filter { $0.hasSuffix("Python's exit functions have run: the interpreter is ending") }.count == 1, "\(all)")
            #expect(!lines.contains { $0.contains("InChild") }, "\(all)")
            #expect(stream("out", lines) == ["parent done"], "\(all)")
        }
    }
}
