import DeckCore
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The Python start-up hook's cost to the watched program: the same program (four threads sleeping
/// 0.1 s in a loop) run twice at the same time, once with the hook and its pipe as `watch` sets them
/// up and once without, each one's CPU (user + system, from `wait4`'s rusage) summed over the rounds.
/// Run side by side, both see the same machine; the figure is the hooked run's extra CPU in percent.
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
        guard case .success(let python) = WatchCommandResolver.resolve("python3") else {
            return [BenchRow(figure, "no python3 on PATH", target: "< 2% of its CPU")]
        }
        let seconds = quick ? 3.0 : 10.0
        let rounds = quick ? 2 : 3
        progress("python hook: a 4-thread Python program with and without the hook, side by side, \(rounds) rounds of \(Int(seconds)) s…")
        var hooked = 0.0, plain = 0.0
        for _ in 0..<rounds {
            guard let pair = sideBySide(python, program(seconds: seconds)) else {
                return [BenchRow(figure, "could not run python3", target: "< 2% of its CPU")]
            }
            hooked += pair.hooked
            plain += pair.plain
        }
        let extra = plain > 0 ? (hooked - plain) / plain * 100 : 0
        let measured = "\(DecimalText.fixed(extra, 1))% (\(DecimalText.fixed(hooked, 3)) s vs \(DecimalText.fixed(plain, 3)) s CPU, \(rounds)×\(Int(seconds)) s)"
        return [BenchRow.checked(figure, measured, target: "< 2% of its CPU", met: extra < 2)]
    }

    /// Both runs at once; each one's CPU seconds.
    static func sideBySide(_ python: String, _ code: String) -> (hooked: Double, plain: Double)? {
        guard let hook = PythonHook.prepare() else { return nil }
        defer { hook.removeFiles() }
        let withHook = spawn(python, code, environment: hook.environment(userPythonPath: Environment.value("PYTHONPATH")), keep: hook.writeFD)
        close(hook.writeFD)
        let without = spawn(python, code, environment: [:], keep: nil)
        // daemondeck's end stays open until the hooked run ends: a closed pipe would stop its reports.
        let hooked = withHook.map(cpuSeconds)
        let plain = without.map(cpuSeconds)
        close(hook.readFD)
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
