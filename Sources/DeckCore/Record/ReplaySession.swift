/// `daemondeck replay FILE`: the recorded run in the same dashboard, with no workers running. The loop
/// reads keys, moves the playhead with the monotonic clock (times the speed), and draws a frame when
/// something changed: about 30 a second while playing, none while paused and untouched.
public final class ReplaySession {
    public let player: ReplayPlayer
    private let frontend: any Frontend
    private let waker: Waker
    private var quit = false
    private static let frameMs: Int32 = 33

    public init(player: ReplayPlayer, frontend: any Frontend, waker: Waker) {
        self.player = player
        self.frontend = frontend
        self.waker = waker
    }

    /// Runs until `q` or a signal. Returns 0, or 65 if a line turned out corrupt while playing (its
    /// `file:line: ...` is in `failure`).
    public func run() -> Int32 {
        present()
        var last = monotonicNanos()
        while !quit {
            if !SignalTrap.take().isEmpty { break }
            var changed = false
            for input in frontend.readInput() {
                switch input {
                case .key(let key): handle(key)
                case .resize(let width, let height): player.viewChanged(.resize(width: width, height: height))
                case .outputClosed: quit = true
                }
                changed = true
            }
            let banner = player.state.replay
            if let corrupt = player.noteIndexProgress() {
                failure = "\(corrupt)"
                break
            }
            let now = monotonicNanos()
            do {
                if try player.advance(realNanos: now - last) { changed = true }
            } catch {
                failure = "\(error)"
                return 65
            }
            last = now
            if changed || !player.paused || player.state.replay != banner { present() }
            waker.wait(timeoutMs: player.paused ? 1000 : Self.frameMs, alsoWatching: frontend.inputDescriptor,
                       output: frontend.outputDescriptor)
        }
        frontend.finish(player.state, summary: "")
        return failure == nil ? 0 : 65
    }

    /// A corrupt line met while playing.
    public private(set) var failure: String?

    func handle(_ key: Key) {
        do {
            try handleKey(key)
        } catch {
            failure = "\(error)"
            quit = true
        }
    }

    private func handleKey(_ key: Key) throws {
        if var draft = player.searchDraft {
            switch key {
            case .enter:
                player.searchDraft = nil
                if !draft.isEmpty {
                    player.message = try player.search(draft) ? nil : "no log line contains \"\(draft)\""
                }
            case .escape: player.searchDraft = nil
            case .backspace, .delete:
                if !draft.isEmpty { draft.removeLast() }
                player.searchDraft = draft
            case .char(let c):
                draft.append(c)
                player.searchDraft = draft
            default: break
            }
            return
        }
        if case .logLine? = player.state.overlay {
            player.viewKey(key)  // a log line read whole: Up / Down step through the log, as in the dashboard
            return
        }
        if player.state.overlay != nil {
            player.viewKey(.escape)  // any key closes help, as in the dashboard
            return
        }
        player.message = nil
        if key == .escape {
            // Esc backs out: the search (as the log's title promises, `Esc: all`) or the worker filter.
            player.viewKey(.escape)
            return
        }
        if key == .char("n") || key == .char("N"), let text = player.lastSearch {
            // n / N: the next / previous line that matches the last search.
            let found = key == .char("n") ? try player.search(text) : try player.searchBackward(text)
            player.message = found ? nil : "no \(key == .char("n") ? "later" : "earlier") line contains \"\(text)\""
            return
        }
        guard let (action, second) = KeyMap.replayAction(for: key) else { return }
        switch action {
        case .togglePause: player.togglePause()
        case .step: try player.step()
        case .speed: player.changeSpeed(faster: !second)
        case .seek: try player.seek(by: second ? 1_000_000_000 : -1_000_000_000)
        case .jump: if second { try player.seekToEnd() } else { try player.seekToStart() }
        case .search: player.searchDraft = ""
        case .view: player.viewKey(key)
        case .help: player.viewKey(.char("?"))
        case .quit: quit = true
        }
    }

    private func present() {
        for event in frontend.present(player.state) { player.viewChanged(event) }
    }
}

/// `daemondeck replay FILE --plain`: the recording's log lines, as plain mode printed them live, from
/// `from` to `to` seconds into the run. Reads the file once, in order; nothing is kept but the state.
public enum ReplayPrinter {
    /// Returns 0, or 65 with `file:line: ...` printed to `errors` for a corrupt line.
    public static func run(_ file: RecordingFile, from: Double?, to: Double?,
                           output: (String) -> Bool = { LinePrinter.writeLine($0) },
                           errors: (String) -> Void) -> Int32 {
        if let notice = file.notice { errors(notice) }
        let start = file.header.started.nanos
        let lower = from.map { start &+ UInt64(max(0, $0) * 1e9) } ?? 0
        let upper = to.map { start &+ UInt64(max(0, $0) * 1e9) } ?? UInt64.max
        var state = AppState(config: file.header.config, now: file.header.started)
        var printed = 0
        do {
            try file.forEachEvent { _, event in
                ReplayPlayer.apply(event, to: &state)
                let fresh = state.log.indicesAppended(since: printed)
                printed = state.log.totalAppended
                for index in fresh {
                    let entry = state.log[index]
                    if entry.at.nanos > upper { return false }
                    if entry.at.nanos >= lower, !output(entry.line) { return false }
                }
                return true
            }
        } catch {
            errors("\(error)")
            return 65
        }
        return 0
    }
}
