import DeckCore
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The Python start-up hook's cost to the watched program: the same program (four threads sleeping 0.1 s
/// in a loop) with the hook and its pipe as `watch` sets them up, and without.
///
/// The hook runs code only when the program starts and when a thread or task starts or ends; while the
/// threads sleep it runs none. So the cost is measured where it is: the same program with a loop of 0 s
/// (start-up, four threads started and ended, the exit reports) started `starts` times each way, in pairs
/// (which one goes first alternates), each run's CPU read from `wait4`'s rusage (user + system); the median
/// of the pairs' differences is the hook's cost, and the figure is that cost over the 10 s program's CPU. The whole 10 s program is also run with
/// and without the hook side by side, and both totals are printed: its run-to-run spread (several ms in a
/// program of under 100 ms) is far larger than the hook's cost, so those totals show the scale but cannot
/// resolve 2% in a few rounds.
public enum PythonHookBench {
    static func program(seconds: Double) -> String {
        """
        import threading, time
        def loop():
            end = time.monotonic() + \(seconds)
            while time.monotonic() < end:
                time.sleep(0.1)
        threads = [threading.Thread(target=loop, name=f"Sleeper-{i}") for i in range(4)]
        for t in threads: t.start()
        for t in threads: t.join()
        """
    }

    /// The figure's row, or an info row saying why there is none (no python3).
    public static func rows(quick: Bool, progress: (String) -> Void) -> [BenchRow] {
        let figure = "Python hook's cost to the program"
        guard case .success(let command) = WatchCommandResolver.resolve("python3") else {
            return [BenchRow(figure, "no python3 on PATH", target: "< 2% of its CPU")]
        }
        // The interpreter itself, not a launcher in front of it (pyenv's `python3` is a shell script that
        // forks several programs): the launcher's CPU varies by more than the hook costs and is no part of it.
        let python = interpreter(behind: command) ?? command
        let seconds = quick ? 3.0 : 10.0
        let rounds = quick ? 2 : 3
        let starts = quick ? 30 : 100
        progress("python hook: \(starts) starts each way of the program with a 0 s loop, then \(rounds) rounds of \(Int(seconds)) s side by side…")
        guard let hook = PythonHook.prepare() else { return [BenchRow(figure, "could not prepare the hook", target: "< 2% of its CPU")] }
        defer { hook.removeFiles() }
        // One start first: a new cache folder gets the hook's bytecode, as after a user's first run.
        _ = cpuOfOneRun(python, program(seconds: 0), hook: hook)
        var differences: [Double] = []
        for index in 0..<starts {
            // Alternate which goes first, so that neither always meets a warmer machine.
            let hookedFirst = index % 2 == 0
            let first = cpuOfOneRun(python, program(seconds: 0), hook: hookedFirst ? hook : nil)
            let second = cpuOfOneRun(python, program(seconds: 0), hook: hookedFirst ? nil : hook)
            guard let first, let second else { return [BenchRow(figure, "could not run python3", target: "< 2% of its CPU")] }
            differences.append(hookedFirst ? first - second : second - first)
        }
        var hooked = 0.0, plain = 0.0
        for _ in 0..<rounds {
            guard let pair = sideBySide(python, program(seconds: seconds), hook: hook) else {
                return [BenchRow(figure, "could not run python3", target: "< 2% of its CPU")]
            }
            hooked += pair.hooked
            plain += pair.plain
        }
        // The median of the pairs' differences: each pair ran in the same second, so a busier moment
        // raises both of its runs, and no single slow start moves the median.
        guard let cost = SampleStats(differences).p50, plain > 0 else {
            return [BenchRow(figure, "no measurement", target: "< 2% of its CPU")]
        }
        let share = cost / (plain / Double(rounds)) * 100
        let measured = "\(DecimalText.fixed(share, 1))% (\(DecimalText.fixed(cost * 1000, 1)) ms a run, of \(DecimalText.fixed(plain / Double(rounds) * 1000, 0)) ms; "
            + "side by side \(DecimalText.fixed(hooked, 3)) s vs \(DecimalText.fixed(plain, 3)) s, \(rounds)×\(Int(seconds)) s)"
        return [BenchRow.checked(figure, measured, target: "< 2% of its CPU", met: share < 2)]
    }

    /// The interpreter a `python3` command runs (`sys.executable`), nil if it cannot be read.
    static func interpreter(behind python: String) -> String? {
        guard let child = try? ChildProcess.spawn(python, ["-c", "import sys; sys.stdout.write(sys.executable)"]) else { return nil }
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(child.outputFD, $0.baseAddress, $0.count) }
            if count > 0 { text += buffer.prefix(count) } else if count < 0 && errno == EINTR { continue } else { break }
        }
        close(child.outputFD)
        child.waitForExit()
        guard case .exited(0) = child.reap() else { return nil }
        let path = String(decoding: text, as: UTF8.self)
        return path.hasPrefix("/") && access(path, X_OK) == 0 ? path : nil
    }

    /// One run of `code`, with the hook (a pipe of its own, drained by nobody: the few reports are far under
    /// the pipe's 64 KiB) or without; its CPU seconds.
    static func cpuOfOneRun(_ python: String, _ code: String, hook: PythonHook?) -> Double? {
        var ends: [Int32] = [-1, -1]
        if hook != nil {
            guard let pipe = try? ChildProcess.makePipe() else { return nil }
            ends = [pipe.read, pipe.write]
        }
        defer { if hook != nil { close(ends[0]) } }
        let environment = hook.map { hook in
            hook.environment(userPythonPath: Environment.value("PYTHONPATH")).merging(["DAEMONDECK_HOOK_FD": "\(ends[1])"]) { _, fd in fd }
        } ?? [:]
        let pid = spawn(python, code, environment: environment, keep: hook != nil ? ends[1] : nil)
        if hook != nil { close(ends[1]) }
        return pid.map(cpuSeconds)
    }

    /// Both runs at once; each one's CPU seconds.
    static func sideBySide(_ python: String, _ code: String, hook: PythonHook) -> (hooked: Double, plain: Double)? {
        guard let pipe = try? ChildProcess.makePipe() else { return nil }
        let ends = [pipe.read, pipe.write]
        let environment = hook.environment(userPythonPath: Environment.value("PYTHONPATH")).merging(["DAEMONDECK_HOOK_FD": "\(ends[1])"]) { _, fd in fd }
        let withHook = spawn(python, code, environment: environment, keep: ends[1])
        close(ends[1])
        let without = spawn(python, code, environment: [:], keep: nil)
        // The read end stays open until the hooked run ends: a closed pipe would stop its reports.
        let hooked = withHook.map(cpuSeconds)
        let plain = without.map(cpuSeconds)
        close(ends[0])
        guard let hooked, let plain else { return nil }
        return (hooked, plain)
    }

    static func spawn(_ python: String, _ code: String, environment: [String: String], keep: Int32?) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        if let keep { posix_spawn_file_actions_adddup2(&actions, keep, keep) }  // clears close-on-exec in the child
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(python), strdup("-c"), strdup(code), nil]
        defer { for pointer in argv { free(pointer) } }
        var variables: [UnsafeMutablePointer<CChar>?] = Environment.all.merging(environment) { _, hook in hook }
            .map { strdup($0.key + "=" + $0.value) } + [nil]
        defer { for pointer in variables { free(pointer) } }
        var pid: pid_t = 0
        return posix_spawn(&pid, python, &actions, nil, argv, variables) == 0 ? pid : nil
    }

    static func cpuSeconds(_ pid: pid_t) -> Double {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
