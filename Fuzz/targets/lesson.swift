// libFuzzer target: the lesson parser (Sources/DeckCore/Lessons/LessonParser.swift), fed any bytes.
// A lesson file is text a teacher writes or downloads; whatever it holds, the parser must answer with a
// lesson or a `file:line: what is wrong` error, never a crash, a hang or unbounded memory.
@testable import DeckCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // TextFile.read refuses what is not UTF-8; the parser only ever sees valid text.
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    if let lesson = try? LessonParser.parse(text, name: "fuzz", file: "fuzz.lesson") {
        // What the player reads at start: the effective settings and every step's text.
        _ = lesson.steps.map { "\($0.command)" }
    }
    return 0
}
