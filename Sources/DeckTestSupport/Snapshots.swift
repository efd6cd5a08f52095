import DeckCore
import Foundation

/// Text snapshots of rendered screens, kept beside the tests in `__Snapshots__/NAME.txt`.
/// Set `DAEMONDECK_RECORD=1` to (re)write them; a missing snapshot is written and reported as a mismatch.
public enum Snapshots {
    /// Returns nil when `text` matches the stored snapshot, else a description of the difference.
    public static func mismatch(_ text: String, named name: String, testFile: String = #filePath) -> String? {
        let folder = URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
        let file = folder.appendingPathComponent(name + ".txt")
        let record = ProcessInfo.processInfo.environment["DAEMONDECK_RECORD"] == "1"
        guard !record, let stored = try? String(contentsOf: file, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? (text + "\n").write(to: file, atomically: true, encoding: .utf8)
            return record ? nil : "no snapshot \(name) existed; recorded it to \(file.path)"
        }
        let expected = stored.hasSuffix("\n") ? String(stored.dropLast()) : stored
        if expected == text { return nil }
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = text.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(a.count, b.count) {
            let left = i < a.count ? String(a[i]) : "<none>"
            let right = i < b.count ? String(b[i]) : "<none>"
            if left != right {
                return "snapshot \(name) differs at line \(i + 1):\n  expected: \(left)\n  actual:   \(right)\n(DAEMONDECK_RECORD=1 rewrites it)"
            }
        }
        return "snapshot \(name) differs"
    }

    /// Log times print in local time; snapshots are taken in UTC so they read the same everywhere.
    /// Every test that calls this asks for the same thing, so tests running side by side agree.
    public static func useUTC() {
        Timestamp.displayOffsetSeconds.store(0, ordering: .relaxed)
    }
}
