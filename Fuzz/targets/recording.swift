// libFuzzer target: the recording reader (Sources/DeckCore/Record/RecordingFile.swift) and the replay
// that follows it (ReplayIndex, ReplayPlayer, the dashboard drawn from the replayed state).
// A recording is a file people share: untrusted input. Opening it, indexing it, playing it to the end,
// seeking back, and drawing it must end in a replay or a `file:line: what is wrong`, never a crash.
#if canImport(Glibc)
import Glibc
#endif
@testable import DeckCore

/// One file per fuzzing process, rewritten for every input (RecordingFile reads a path, as the replay does).
nonisolated(unsafe) private var scratchPath: String = ""  // libFuzzer calls the target from one thread only

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if scratchPath.isEmpty {
        let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        scratchPath = "\(folder)/daemondeck-fuzz-recording-\(getpid()).jsonl"
    }
    let fd = open(scratchPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { fatalError("cannot write \(scratchPath)") }
    var written = 0
    while written < size {
        let n = write(fd, data + written, size - written)
        guard n > 0 else { fatalError("cannot write \(scratchPath)") }
        written += n
    }
    close(fd)

    guard let file = try? RecordingFile(path: scratchPath) else { return 0 }
    _ = file.notice
    // The replay as `daemondeck replay FILE` opens it: every checkpoint built, then played and drawn.
    guard let player = try? ReplayPlayer(file: file) else { return 0 }
    _ = DashboardView.render(player.state, width: 80, height: 24)
    _ = try? player.seekToEnd()
    _ = DashboardView.render(player.state, width: 80, height: 24)
    _ = try? player.seek(to: player.duration / 2)
    _ = try? player.step()
    _ = DashboardView.render(player.state, width: 120, height: 40)
    _ = try? player.search("a")
    return 0
}
