// libFuzzer target: the key decoder (Sources/DeckTerminal/KeyDecoder.swift) and what a key does after it:
// the reducer's key handling (KeyMap), the dashboard drawn after each key, and the key's round trip
// through the recording format (a recorded key must replay as the same key).
//
// The input is what `wget_wch` hands the decoder, written as bytes (Fuzz/corpus/keys/ has examples):
//   - UTF-8 text: each scalar is one character code (invalid bytes decode as U+FFFD);
//   - 0xFF HI LO: a function key code (KEY_UP is 0x01 0x03, KEY_F(1) is 0x01 0x09, as ncurses numbers them);
//   - 0xFE B3 B2 B1 B0: any 32-bit character code, valid scalar or not (a terminal can send anything).
// Neither 0xFE nor 0xFF ever appears in UTF-8, so text and markers cannot be confused.
import FoundationEssentials
@testable import DeckCore
@testable import DeckTerminal

enum Code {
    case character(UInt32)
    case function(Int32)
}

func codes(_ bytes: UnsafeBufferPointer<UInt8>) -> [Code] {
    var codes: [Code] = []
    var text: [UInt8] = []
    func flushText() {
        codes += String(decoding: text, as: UTF8.self).unicodeScalars.map { .character($0.value) }
        text.removeAll()
    }
    var i = 0
    while i < bytes.count {
        switch bytes[i] {
        case 0xFF where i + 2 < bytes.count:
            flushText()
            codes.append(.function(Int32(bytes[i + 1]) << 8 | Int32(bytes[i + 2])))
            i += 3
        case 0xFE where i + 4 < bytes.count:
            flushText()
            codes.append(.character(bytes[(i + 1)...(i + 4)].reduce(0) { $0 << 8 | UInt32($1) }))
            i += 5
        default:
            text.append(bytes[i])
            i += 1
        }
    }
    flushText()
    return codes
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var config = DeckConfig()
    config.seed = 1
    var state = AppState(config: config, now: Timestamp(nanos: 1_700_000_000_000_000_000))
    _ = Reducer.start(&state)
    var nanos: UInt64 = 1_700_000_000_000_000_000
    let encoder = JSONEncoder()
    let decoder = JSONDecoder()
    for code in codes(UnsafeBufferPointer(start: data, count: size)).prefix(400) {
        let key: Key
        switch code {
        case .character(let c): key = KeyDecoder.character(c)
        case .function(let f): key = KeyDecoder.functionKey(f)
        }
        // A key in a recording must come back as the same key, or a replay presses another one.
        let encoded = try! encoder.encode(key)
        let decoded = try! decoder.decode(Key.self, from: encoded)
        precondition(decoded == key, "\(key) came back from the recording format as \(decoded)")
        nanos += 10_000_000
        _ = Reducer.reduce(&state, PostedEvent(at: Timestamp(nanos: nanos), event: .key(key)))
        _ = KeyMap.replayAction(for: key)
        _ = DashboardView.render(state, width: 80, height: 24)
    }
    return 0
}
