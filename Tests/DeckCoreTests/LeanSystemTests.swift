import DeckCore
import DeckResources
import DeckTestSupport
import Foundation
import Testing

/// The small system pieces that replaced Foundation's in the binary: the futex sleep the monitors use,
/// the C-library file and environment readers, and the lessons compiled into the binary.
@Suite struct LeanSystemTests {
    @Test func aWakeWordSleeperReturnsAtItsDeadlineWhenNothingChanges() {
        let word = WakeWord()
        #expect(!word.wait(seen: word.value, deadline: monotonicNanos()), "a deadline already passed: no sleep, no change")
    }

    @Test func aBumpWakesASleeperAndAnOldValueDoesNotSleepAtAll() {
        let word = WakeWord()
        let seen = word.value
        let woke = Guarded<Bool?>(nil)
        // The sleeper's deadline is a minute away: only the bump can end its sleep within the test.
        let sleeper = PosixThread(name: "test-sleeper") {
            let changed = word.wait(seen: seen, deadline: monotonicNanos() + 60_000_000_000)
            woke.update { $0 = changed }
        }
        word.bump()
        #expect(woke.wait(until: { $0 != nil }, deadline: monotonicNanos() + 60_000_000_000))
        #expect(woke.withLock { $0 } == true)
        sleeper?.join()
        #expect(word.value == seen &+ 1)
        #expect(word.wait(seen: seen, deadline: monotonicNanos() + 60_000_000_000), "the word moved on already: returns at once")
    }

    @Test func textFilesAreReadWholeAndBadOnesSayWhy() throws {
        let folder = NSTemporaryDirectory() + "daemondeck-lean-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let long = String(repeating: "0123456789 · ", count: 20_000)  // past one read's 64 KB
        try long.write(toFile: folder + "/long.txt", atomically: true, encoding: .utf8)
        #expect(TextFile.read(folder + "/long.txt") == .success(long))
        try Data([0x66, 0xFF, 0x66]).write(to: URL(fileURLWithPath: folder + "/latin.txt"))
        #expect(TextFile.read(folder + "/latin.txt") == .failure(.notUTF8))
        #expect(TextFile.read(folder) == .failure(.unreadable), "a folder")
        #expect(TextFile.read(folder + "/missing") == .failure(.unreadable))
        #expect(TextFile.exists(folder) && !TextFile.exists(folder + "/missing"))
    }

    @Test func theEnvironmentIsReadWithoutFoundation() {
        #expect(Environment.value("PATH") == ProcessInfo.processInfo.environment["PATH"])
        #expect(Environment.value("DAEMONDECK_SURELY_UNSET_\(UUID().uuidString.prefix(8))") == nil)
        #expect(Environment.all["HOME"] == ProcessInfo.processInfo.environment["HOME"])
    }

    /// Package.swift embeds every file in Resources/lessons; DeckResources lists them by name. A lesson
    /// added to the folder but not to the list would never be found.
    @Test func everyLessonFileIsCompiledIntoTheBinary() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Resources/lessons").standardized.path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".lesson") }
        #expect(Set(files.map { String($0.dropLast(".lesson".count)) }) == Set(DeckResources.lessons.map(\.name)))
        for lesson in DeckResources.lessons {
            let onDisk = try String(contentsOfFile: folder + "/\(lesson.name).lesson", encoding: .utf8)
            #expect(lesson.text == onDisk, "\(lesson.name): the compiled-in text is the file's")
        }
        #expect(DeckResources.classicPythonMonitor.contains("def background_task"))
    }
}
