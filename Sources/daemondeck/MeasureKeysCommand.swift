import ArgumentParser
import DeckBench
import DeckCore
import DeckTerminal

/// Hidden: the default dashboard (4 monitors at 100 ms) that also records, for each frame, how long after
/// its key was read the frame was flushed, and writes those latencies (microseconds, one per line) to FILE
/// at exit, for `scripts/measure-key-latency.sh`. Bench-only: the shipped dashboard records nothing and
/// reads no bench variable.
struct MeasureKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure-keys",
        abstract: "Open the default dashboard and write its key-to-screen latencies to FILE at exit (internal).",
        shouldDisplay: false
    )

    @Option(name: .long, help: ArgumentHelp("Where the latencies go (microseconds, one per line).", valueName: "FILE"))
    var file: String

    func validate() throws {
        if file.isEmpty { throw ValidationError("--file needs a file name") }
    }

    func run() throws {
        var config = DeckConfig()
        config.monitors = 4
        config.intervalMs = 100
        config.firstLookHint = true
        let latencies = KeyLatencies()
        let code = try DashboardSession(config: config, color: true, ascii: false, onFrame: latencies.record).run()
        latencies.write(to: file)
        throw ExitCode(code)
    }
}

/// The dashboard's key-to-screen latencies, kept on the UI thread (the only caller of `record`).
private final class KeyLatencies {
    private var recorder = KeyLatencyRecorder()

    func record(keyReadAt: UInt64?, drawnAt: UInt64) {
        if let keyReadAt { recorder.record(nanos: drawnAt &- keyReadAt) }
    }

    func write(to path: String) { recorder.write(to: path) }
}
