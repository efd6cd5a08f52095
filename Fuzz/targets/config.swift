// libFuzzer target: the config file parser (Sources/DeckCore/Config/ConfigFile.swift), fed any bytes.
// Whatever ~/.config/daemondeck/config or a --config FILE holds, the answer is a config or
// `file:line: what is wrong`, never a crash.
@testable import DeckCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // TextFile.read refuses what is not UTF-8; the parser only ever sees valid text.
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    if let config = try? ConfigFile.parse(text, path: "fuzz.config") {
        _ = "\(config)"
    }
    return 0
}
