@testable import DeckCore
import DeckResources
import DeckTestSupport
import Foundation
import Testing

/// The Python start-up hook without a Python: which commands get it, its reports read from their JSON
/// lines, the log's words for them, the Workers panel's kind and model, and its private folder.
@Suite struct PythonHookTests {
    @Test func onlyAPythonInterpreterByItsBaseNameGetsTheHook() {
        for name in ["python", "python3", "python3.11", "/usr/bin/python3.12", "/root/.pyenv/shims/python3"] {
            #expect(PythonHook.isPython(name), "\(name)")
        }
        for name in ["pythonx", "python3.", "python3.11.2", "ipython3", "/bin/sh", "env", "python-config", ""] {
            #expect(!PythonHook.isPython(name), "\(name)")
        }
    }

    @Test func eachReportLineBecomesAReportAndAnythingElseIsIgnored() {
        #expect(PythonHook.parse(#"{"event":"thread-start","name":"Monitor","tid":4243,"daemon":true}"#)
                == .threadStarted(name: "Monitor", tid: 4243, daemon: true))
        #expect(PythonHook.parse(#"{"event":"thread-end","name":"Worker","tid":4244,"daemon":false}"#)
                == .threadEnded(name: "Worker", tid: 4244, daemon: false))
        #expect(PythonHook.parse(#"{"event":"task-start","coro":"alarm","key":7,"tid":4242}"#) == .taskCreated(coroutine: "alarm", key: 7))
        #expect(PythonHook.parse(#"{"event":"task-end","coro":"alarm","key":7,"task":"Task-2","how":"cancelled"}"#)
                == .taskEnded(coroutine: "alarm", key: 7, name: "Task-2", how: "cancelled"))
        #expect(PythonHook.parse(#"{"event":"joins","name":"Worker","tid":4244}"#) == .joins(name: "Worker", tid: 4244))
        #expect(PythonHook.parse(#"{"event":"abandons","name":"Monitor","tid":4243}"#) == .abandons(name: "Monitor", tid: 4243))
        #expect(PythonHook.parse(#"{"event":"exit"}"#) == .exiting)
        #expect(PythonHook.parse(#"{"event":"thread-rename","name":"New","was":"Old","tid":4244,"daemon":false}"#)
                == .threadRenamed(name: "New", was: "Old", tid: 4244, daemon: false))
        // The hook's atexit function runs after the program's (registered first, run last): they have run.
        #expect(PythonReport.exiting.logText == "Python's exit functions have run: the interpreter is ending")
        for junk in ["", "hello", "{", #"{"event":"thread-start"}"#, #"{"event":"what"}"#, #"{"event":"thread-start","name":"x","tid":"no"}"#] {
            #expect(PythonHook.parse(junk) == nil, "\(junk)")
        }
    }

    @Test func theLogSaysWhatTheHookReportsAndThePanelShowsKindAndModel() {
        var config = WatchRunner.config(for: WatchTarget(source: .command(executable: "/usr/bin/python3", arguments: ["python3", "x.py"])))
        config.seed = 1
        var state = AppState(config: config, now: Timestamp(nanos: 0))
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: 0), event: .runStarted))
        func post(_ event: WatchEvent, at ms: Int) {
            _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: UInt64(ms) * 1_000_000), event: .watch(event)))
        }
        post(.programStarted(pid: 4242, command: "python3 x.py"), at: 1)
        post(.python(.threadStarted(name: "Monitor", tid: 4243, daemon: true)), at: 2)
        post(.python(.threadStarted(name: "Worker", tid: 4244, daemon: false)), at: 3)
        post(.python(.threadStarted(name: "Old", tid: 4245, daemon: false)), at: 3)
        post(.python(.threadRenamed(name: "New", was: "Old", tid: 4245, daemon: false)), at: 3)
        post(.python(.taskCreated(coroutine: "alarm", key: 7)), at: 4)
        post(.python(.taskCreated(coroutine: "tick", key: 8)), at: 5)
        post(.python(.taskEnded(coroutine: "alarm", key: 7, name: "Task-2", how: "cancelled")), at: 6)
        post(.python(.taskEnded(coroutine: "boom", key: 9, name: "Task-3", how: "failed:ValueError")), at: 7)
        post(.python(.joins(name: "Worker", tid: 4244)), at: 8)
        post(.python(.abandons(name: "Monitor", tid: 4243)), at: 9)
        let lines = state.log.entries.map(\.text)
        #expect(lines.contains { $0.hasPrefix("thread Monitor started (daemon") })
        #expect(lines.contains { $0.hasPrefix("thread Worker started (non-daemon") })
        #expect(lines.contains("asyncio task alarm() created"))
        #expect(lines.contains("asyncio task alarm() cancelled"))
        #expect(lines.contains("asyncio task boom() failed with ValueError"))
        #expect(lines.contains { $0.hasPrefix("Python joins non-daemon thread Worker") })
        #expect(lines.contains { $0.hasPrefix("daemon thread Monitor abandoned") })

        let view = state.watch!
        #expect(view.pythonTasks.map(\.coroutine) == ["tick"])
        let columns = WatchedThreadsPanel.allColumns(view).map(\.title)
        #expect(columns.contains("kind") && columns.contains("model"))
        // At 80 columns (78 inside the box) every shown column fits, kind and model among them.
        let narrow = WatchedThreadsPanel.columns(for: view, width: 78)
        #expect(narrow.reduce(1) { $0 + $1.width + 1 } <= 78)
        #expect(narrow.map(\.title).contains("kind") && narrow.map(\.title).contains("model"))
        #expect(WatchedThreadsPanel.columns(for: view, width: 120).count == columns.count)
        let monitor = WatchedThreadsPanel.cells(WatchedThreadRow(reading: ProcThreadReading(tid: 4243, name: "python3", state: .sleeping, cpuNanos: 0), cpuPercent: 0), view)
        #expect(monitor[1] == "Monitor")
        #expect(monitor[columns.firstIndex(of: "kind")!] == "daemon")
        #expect(monitor[columns.firstIndex(of: "model")!] == "Thread")
        // A thread renamed while it runs: its row takes the new name.
        let renamed = WatchedThreadsPanel.cells(WatchedThreadRow(reading: ProcThreadReading(tid: 4245, name: "Old", state: .sleeping, cpuNanos: 0), cpuPercent: 0), view)
        #expect(renamed[1] == "New")
        #expect(lines.contains("thread Old is now called New (its Thread.name was set; the hook renamed its kernel thread too)"))
        let main = WatchedThreadsPanel.cells(WatchedThreadRow(reading: ProcThreadReading(tid: 4242, name: "python3", state: .running, cpuNanos: 0), cpuPercent: 0), view)
        #expect(main[columns.firstIndex(of: "kind")!] == "non-daemon")
        let task = WatchedThreadsPanel.taskCells(view.pythonTasks[0], state)
        #expect(task[1] == "tick()" && task[columns.firstIndex(of: "model")!] == "Task")
        // Without the hook's facts the panel is as before: no kind or model column.
        #expect(!WatchedThreadsPanel.columns(for: WatchView(name: "sh"), width: 78).map(\.title).contains("kind"))
    }

    @Test func withoutACacheTheHookGoesIntoAPrivateFolderThatIsRemovedAfterwards() throws {
        let hook = try #require(PythonHook.prepare(cacheRoot: nil))
        #expect(!hook.isCached)
        var info = stat()
        #expect(stat(hook.folder, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        let text = try String(contentsOfFile: hook.folder + "/sitecustomize.py", encoding: .utf8)
        #expect(text.contains("DAEMONDECK_HOOK_FD"))
        let variables = hook.environment(userPythonPath: "/mine")
        #expect(variables["PYTHONPATH"] == hook.folder + ":/mine")
        #expect(variables["DAEMONDECK_USER_PYTHONPATH"] == "/mine")
        #expect(variables["DAEMONDECK_HOOK_FD"] == "\(hook.writeFD)")
        #expect(hook.environment(userPythonPath: nil)["DAEMONDECK_USER_PYTHONPATH"] == nil)
        // PYTHONUNBUFFERED: 1 for the start-up, and the user's own value (or its absence) for the hook to give back.
        #expect(hook.environment(userPythonPath: nil, userUnbuffered: "0")["PYTHONUNBUFFERED"] == "1")
        #expect(hook.environment(userPythonPath: nil, userUnbuffered: "0")["DAEMONDECK_USER_PYTHONUNBUFFERED"] == "0")
        #expect(hook.environment(userPythonPath: nil, userUnbuffered: nil)["DAEMONDECK_USER_PYTHONUNBUFFERED"] == nil)
        close(hook.writeFD); close(hook.readFD)
        hook.removeFiles()
        #expect(access(hook.folder, F_OK) != 0)
    }

    /// A cache folder of the test's own, removed when the test ends.
    func withCacheRoot(_ body: (String) throws -> Void) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("daemondeck-hookcache-\(getpid())-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        try body(base + "/daemondeck")
    }

    func prepared(_ root: String) throws -> PythonHook {
        let hook = try #require(PythonHook.prepare(cacheRoot: root))
        close(hook.writeFD); close(hook.readFD)
        hook.removeFiles()
        return hook
    }

    @Test func theCachedHookIsKeptBetweenRunsInAPrivateFolderNamedByItsContent() throws {
        try withCacheRoot { root in
            let first = try prepared(root)
            #expect(first.isCached)
            #expect(first.folder == root + "/python-hook-" + HookCache.contentHash(DeckResources.pythonHook))
            var info = stat()
            #expect(stat(root, &info) == 0 && info.st_mode & 0o777 == 0o700)
            #expect(stat(first.folder, &info) == 0 && info.st_mode & 0o777 == 0o700)
            let text = try String(contentsOfFile: first.folder + "/sitecustomize.py", encoding: .utf8)
            #expect(Array(text.utf8) == DeckResources.pythonHook)
            // Python's bytecode cache beside it, as a run leaves it: the next run uses the same folder.
            #expect(mkdir(first.folder + "/__pycache__", 0o755) == 0)
            #expect(FileManager.default.createFile(atPath: first.folder + "/__pycache__/sitecustomize.cpython-311.pyc", contents: Data([1, 2])))
            let second = try prepared(root)
            #expect(second.isCached && second.folder == first.folder)
            #expect(access(first.folder + "/__pycache__/sitecustomize.cpython-311.pyc", F_OK) == 0, "the bytecode is kept")
            // Nothing is left under a temporary name.
            #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["python-hook-" + HookCache.contentHash(DeckResources.pythonHook)])
        }
    }

    /// Where Python may not write bytecode (PYTHONDONTWRITEBYTECODE, usual in containers), the cached hook
    /// writes its own once, so later starts do not compile it again; the program's own modules stay uncompiled.
    @Test func theCachedHookKeepsItsBytecodeEvenWherePythonWritesNone() throws {
        guard case .success(let python) = WatchCommandResolver.resolve("python3") else {
            print("python3 not found on PATH: skipping the hook's bytecode check")
            return
        }
        try withCacheRoot { root in
            let hook = try #require(PythonHook.prepare(cacheRoot: root))
            close(hook.writeFD); close(hook.readFD)
            #expect(hook.isCached)
            // The learner's program imports a module of its own from its folder.
            let program = root + "/program"
            #expect(mkdir(program, 0o700) == 0)
            #expect(FileManager.default.createFile(atPath: program + "/helper.py", contents: Data("value = 42\n".utf8)))
            var environment = ProcessInfo.processInfo.environment.merging(hook.environment(userPythonPath: nil)) { _, hook in hook }
            environment["PYTHONDONTWRITEBYTECODE"] = "1"
            environment.removeValue(forKey: "DAEMONDECK_HOOK_FD")  // no pipe here: only the start-up is checked
            environment.removeValue(forKey: "PYTHONPYCACHEPREFIX")
            let code = "import sys; sys.path.insert(0, sys.argv[1]); import helper; print(helper.value, sys.dont_write_bytecode)"
            for _ in 0..<2 {
                let run = try ProgramRun.run(python, ["-c", code, program], environment: environment, seconds: 60)
                #expect(run.status == 0 && run.stdout == "42 True\n" && run.stderr.isEmpty, "\(run.stdout)\(run.stderr)")
            }
            let compiled = (try? FileManager.default.contentsOfDirectory(atPath: hook.folder + "/__pycache__")) ?? []
            #expect(compiled.count == 1 && compiled.allSatisfy { $0.hasPrefix("sitecustomize.") && $0.hasSuffix(".pyc") }, "\(compiled)")
            #expect(access(program + "/__pycache__", F_OK) != 0, "the program's own modules get no bytecode: the user asked for none")
        }
    }

    /// The hook writes its reports with the json package's own C encoder, without importing the json package
    /// (which would load `re` into the program): the lines are exactly what json.dumps writes.
    @Test func theHooksLinesAreJsonDumpsLinesWithoutImportingJson() throws {
        guard case .success(let python) = WatchCommandResolver.resolve("python3") else {
            print("python3 not found on PATH: skipping the hook's encoder check")
            return
        }
        try withCacheRoot { root in
            let folder = String(root.dropLast("/daemondeck".count))
            #expect(mkdir(folder, 0o700) == 0 || errno == EEXIST)
            let file = folder + "/hook.py"
            #expect(FileManager.default.createFile(atPath: file, contents: Data(DeckResources.pythonHook)))
            let code = #"""
                import importlib.util, sys
                spec = importlib.util.spec_from_file_location("hook", sys.argv[1])
                hook = importlib.util.module_from_spec(spec); spec.loader.exec_module(hook)
                cases = [{"event": "thread-start", "name": "Mon\u00eftor \"x\"\n\t\\ \U0001F600 \x00 " * 30, "tid": 4242, "daemon": True},
                         {"event": "task-end", "coro": "main.<locals>.alarm", "key": 140000000000001, "task": "Task-1", "how": "cancelled"},
                         {"event": "exit"}]
                lines = [hook._json_line(case) for case in cases]
                loaded = "json" in sys.modules
                import json
                same = all(line == json.dumps({k: (v[:300] if isinstance(v, str) else v) for k, v in case.items()},
                                              ensure_ascii=True, separators=(",", ":")) for line, case in zip(lines, cases))
                sys.stdout.write("same %s, json loaded by the hook %s\n" % (same, loaded))
                """#
            let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DAEMONDECK_") }
            let run = try ProgramRun.run(python, ["-c", code, file], environment: environment, seconds: 60)
            #expect(run.status == 0 && run.stdout == "same True, json loaded by the hook False\n", "\(run.stdout)\(run.stderr)")
        }
    }

    @Test func aCachedHookSomeoneCouldHaveChangedIsNeverUsed() throws {
        try withCacheRoot { root in
            let folder = try prepared(root).folder
            let file = folder + "/sitecustomize.py"
            func freshFolderInstead(_ why: Comment) throws {
                let hook = try prepared(root)
                #expect(!hook.isCached && hook.folder != folder, why)
                #expect(access(hook.folder, F_OK) != 0, "the fresh folder is removed")
            }
            // Another text than this daemondeck's hook.
            let original = try Data(contentsOf: URL(fileURLWithPath: file))
            var changed = original
            changed[0] = UInt8(ascii: "x")
            try changed.write(to: URL(fileURLWithPath: file))
            try freshFolderInstead("a changed hook file")
            try original.write(to: URL(fileURLWithPath: file))
            #expect(try prepared(root).isCached, "the same text again: used")
            // A hook file others may write, a folder others may enter, a cache others may write.
            #expect(chmod(file, 0o666) == 0)
            try freshFolderInstead("a hook file others may write")
            #expect(chmod(file, 0o600) == 0)
            #expect(chmod(folder, 0o755) == 0)
            try freshFolderInstead("a folder others may enter")
            #expect(chmod(folder, 0o700) == 0)
            #expect(chmod(root, 0o777) == 0)
            try freshFolderInstead("a cache folder others may write")
            #expect(chmod(root, 0o700) == 0)
            // A link in place of the hook file.
            #expect(rename(file, folder + "/real.py") == 0 && symlink(folder + "/real.py", file) == 0)
            try freshFolderInstead("a symbolic link as the hook file")
            #expect(unlink(file) == 0 && rename(folder + "/real.py", file) == 0)
            // Someone else's file (only root can give a file away to test this).
            if geteuid() == 0 {
                #expect(chown(file, 65534, 65534) == 0)
                try freshFolderInstead("a hook file of another user")
                #expect(chown(file, 0, 0) == 0)
            }
            #expect(try prepared(root).folder == folder, "sound again: used again")
        }
    }

    @Test func aCacheThatCannotBeWrittenFallsBackToAFreshFolder() throws {
        try withCacheRoot { root in
            // The cache's place is taken by a file: no folder can be made there.
            let parent = (root as NSString).deletingLastPathComponent
            #expect(mkdir(parent, 0o700) == 0)
            #expect(FileManager.default.createFile(atPath: root, contents: Data("not a folder".utf8)))
            let hook = try #require(PythonHook.prepare(cacheRoot: root))
            #expect(!hook.isCached)
            #expect(access(hook.folder + "/sitecustomize.py", R_OK) == 0)
            close(hook.writeFD); close(hook.readFD)
            hook.removeFiles()
            #expect(access(hook.folder, F_OK) != 0)
        }
    }

    /// The folders above the cache count too: one that others may write (and so swap `daemondeck/` for
    /// theirs after the checks) means no cache; a sticky one (like /tmp) above the user's own folder is
    /// sound; a symbolic link on the way is not followed.
    @Test func aCacheUnderAFolderOthersCouldChangeIsNeverUsed() throws {
        try withCacheRoot { root in
            let base = (root as NSString).deletingLastPathComponent
            #expect(mkdir(base, 0o700) == 0)
            func cached(_ cacheRoot: String) -> Bool {
                guard let hook = PythonHook.prepare(cacheRoot: cacheRoot) else {
                    Issue.record("no hook at all for \(cacheRoot)")
                    return false
                }
                close(hook.writeFD); close(hook.readFD)
                hook.removeFiles()
                return hook.isCached
            }
            // Writable by all, without the sticky bit: anyone could rename `mine` away and put theirs there.
            #expect(mkdir(base + "/open", 0o700) == 0 && chmod(base + "/open", 0o777) == 0)
            #expect(mkdir(base + "/open/mine", 0o700) == 0)
            #expect(!cached(base + "/open/mine/daemondeck"), "a 0777 folder above the cache")
            #expect(access(base + "/open/mine/daemondeck/python-hook-" + HookCache.contentHash(DeckResources.pythonHook), F_OK) != 0)
            // The same with the sticky bit (1777, as /tmp): others cannot rename the user's own folder.
            #expect(mkdir(base + "/sticky", 0o700) == 0 && chmod(base + "/sticky", 0o1777) == 0)
            #expect(mkdir(base + "/sticky/mine", 0o700) == 0)
            #expect(cached(base + "/sticky/mine/daemondeck"), "a sticky 1777 folder above the user's own 0700 one")
            // A link on the way, even to a sound folder: what was checked need not be what Python opens.
            #expect(mkdir(base + "/real", 0o700) == 0 && symlink(base + "/real", base + "/link") == 0)
            #expect(!cached(base + "/link/daemondeck"), "a symbolic link above the cache")
            #expect(cached(base + "/real/daemondeck"), "the same folder by its real path")
            // Dots are refused rather than reasoned about.
            #expect(!cached(base + "/real/../real/daemondeck"), "a path with ..")
        }
    }

    /// In this process (so ThreadSanitizer sees the hook's reader thread, the inbox and the reducer
    /// together): a real python3 with the hook, its reports in the printed lines, its end.
    @Test func aRealPythonsReportsReachThePrintedLogInThisProcess() throws {
        guard case .success(let python) = WatchCommandResolver.resolve("python3") else {
            print("python3 not found on PATH: skipping the in-process hook run")
            return
        }
        final class Lines {  // written and read on this thread only: the run loop prints on the thread that runs it
            var all: [String] = []
        }
        let lines = Lines()
        let code = "import threading\nt = threading.Thread(target=print, args=('hi',), name='Helper', daemon=True)\nt.start(); t.join()"
        let runner = WatchRunner(target: WatchTarget(source: .command(executable: python, arguments: ["python3", "-c", code])),
                                 output: { lines.all.append($0); return true })
        let status = runner.run(installSignals: false)
        #expect(status == 0)
        #expect(lines.all.contains { $0.contains("thread Helper started (daemon, tid ") }, "\(lines.all.joined(separator: "\n"))")
        #expect(lines.all.contains { $0.contains("thread Helper finished its run() (daemon)") })
        #expect(lines.all.contains { $0.hasSuffix("out| hi") })
        // Its group was reaped and forgotten (other tests may have groups of their own right now).
        let started = lines.all.first { $0.contains(" started: pid ") }
        let pid = started.flatMap { line in line.components(separatedBy: " started: pid ").last?.prefix { $0.isNumber } }.flatMap { Int32($0) }
        #expect(pid != nil, "no start line with the pid: \(lines.all.joined(separator: "\n"))")
        if let pid { #expect(!WatchedGroups.isLive(pid)) }
    }
}
