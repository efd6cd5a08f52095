import Foundation

/// Which scheduler levels the learner has won, kept between runs in
/// `$XDG_DATA_HOME/daemondeck/progress.json` (by the XDG Base Directory spec: `~/.local/share` when
/// XDG_DATA_HOME is unset, empty, or not an absolute path).
///
/// A level is a board's name (`lost-update`). For each level won: how many times, the moves of the latest
/// win and the fewest moves of any win, and the model's shortest win, so the level's screen can say
/// "won in 6 moves; the shortest win is 4".
public struct BoardProgress: Codable, Sendable, Equatable {
    public struct Level: Codable, Sendable, Equatable {
        public var wins: Int
        /// Moves made in the latest winning game.
        public var lastMoves: Int
        /// The fewest moves of any winning game.
        public var fewestMoves: Int
        /// The model's shortest order that reaches the goal, when the level was last won.
        public var shortestWin: Int?

        public init(wins: Int, lastMoves: Int, fewestMoves: Int, shortestWin: Int?) {
            self.wins = wins
            self.lastMoves = lastMoves
            self.fewestMoves = fewestMoves
            self.shortestWin = shortestWin
        }
    }

    /// The file's format; a file of a newer format is not read (nor overwritten until a win).
    public static let currentVersion = 1
    public var version: Int
    public var levels: [String: Level]

    public init(levels: [String: Level] = [:]) {
        version = Self.currentVersion
        self.levels = levels
    }

    public func hasWon(_ level: String) -> Bool { (levels[level]?.wins ?? 0) > 0 }

    /// The progress after a win of `level` in `moves` moves.
    public func winning(_ level: String, moves: Int, shortestWin: Int?) -> BoardProgress {
        var next = self
        let moves = max(0, moves)
        if var known = levels[level] {
            known.wins += 1
            known.lastMoves = moves
            known.fewestMoves = min(known.fewestMoves, moves)
            known.shortestWin = shortestWin
            next.levels[level] = known
        } else {
            next.levels[level] = Level(wins: 1, lastMoves: moves, fewestMoves: moves, shortestWin: shortestWin)
        }
        return next
    }

    /// Whether every figure is one a game could have written (a hand-edited file may say otherwise).
    var isSensible: Bool {
        version == Self.currentVersion && levels.allSatisfy { name, level in
            !name.isEmpty && level.wins > 0 && level.lastMoves >= 0 && level.fewestMoves >= 0
                && level.fewestMoves <= level.lastMoves && (level.shortestWin ?? 0) >= 0
        }
    }
}

/// Reads and writes `BoardProgress` in one file.
///
/// Reading never writes. A file that is missing is no progress; a file that cannot be read or decoded
/// (corrupt, truncated, too large, of a newer version, not readable) is also treated as no progress, with
/// the reason in `Loaded.unreadable` for the screen, and it is left where it is, untouched, so nothing is
/// lost by merely looking. The next win moves it aside to `progress.json.bad` (replacing an older one)
/// and writes a fresh file, so the learner's new wins are kept and the old file can still be looked at.
///
/// Writes are atomic: the JSON goes to a temporary file in the same folder, which is then renamed over
/// `progress.json`, so a crash mid-write leaves the old file or the new one, never half of one. Two
/// daemondecks winning at the same moment: the later rename wins and the other's win is lost (a rare
/// race, on a file of small stakes; not locked).
public struct BoardProgressStore: Sendable {
    public enum Loaded: Sendable, Equatable {
        case none
        case read(BoardProgress)
        case unreadable(String)

        /// What to show: unreadable counts as no progress.
        public var progress: BoardProgress {
            if case .read(let progress) = self { progress } else { BoardProgress() }
        }
    }

    public struct WriteError: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// Files above this are refused as unreadable rather than read whole (a real one is a few KiB).
    public static let maxBytes = 1 << 20

    public let file: URL

    public init(file: URL) { self.file = file }

    /// The store in `directory`/progress.json (tests pass a temporary directory).
    public init(directory: URL) { file = directory.appendingPathComponent("progress.json") }

    /// `$XDG_DATA_HOME/daemondeck/progress.json`, or `$HOME/.local/share/daemondeck/progress.json` when
    /// XDG_DATA_HOME is unset, empty or relative (the spec: such a path is invalid and ignored); nil with
    /// neither (no HOME either).
    public static func defaultFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let base: String
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            base = data
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            base = (home as NSString).appendingPathComponent(".local/share")
        } else {
            return nil
        }
        return URL(fileURLWithPath: base).appendingPathComponent("daemondeck").appendingPathComponent("progress.json")
    }

    public func load() -> Loaded {
        let path = file.path
        guard FileManager.default.fileExists(atPath: path) else { return .none }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .unreadable("\(path): cannot be read") }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: Self.maxBytes + 1) ?? Data()
        } catch {
            return .unreadable("\(path): cannot be read (\(error.localizedDescription))")
        }
        guard data.count <= Self.maxBytes else { return .unreadable("\(path): larger than \(Self.maxBytes / 1024) KiB") }
        let progress: BoardProgress
        do {
            progress = try JSONDecoder().decode(BoardProgress.self, from: data)
        } catch {
            return .unreadable("\(path): not daemondeck progress (\(Self.reason(error)))")
        }
        guard progress.version == BoardProgress.currentVersion else {
            return .unreadable("\(path): version \(progress.version), this daemondeck reads version \(BoardProgress.currentVersion)")
        }
        guard progress.isSensible else { return .unreadable("\(path): figures no game could have written") }
        return .read(progress)
    }

    /// Records a win of `level` and returns the progress written. An unreadable file is moved aside to
    /// `progress.json.bad` first (see the type's comment).
    @discardableResult
    public func recordWin(level: String, moves: Int, shortestWin: Int?) throws(WriteError) -> BoardProgress {
        let loaded = load()
        if case .unreadable = loaded {
            let aside = file.appendingPathExtension("bad")
            if Foundation.rename(file.path, aside.path) != 0 {
                throw WriteError(description: "\(file.path) is unreadable and could not be moved aside to \(aside.lastPathComponent): \(String(cString: strerror(errno)))")
            }
        }
        let next = loaded.progress.winning(level, moves: moves, shortestWin: shortestWin)
        try write(next)
        return next
    }

    /// Writes `progress` atomically: a temporary file in the same folder, then a rename over the file.
    public func write(_ progress: BoardProgress) throws(WriteError) {
        let folder = file.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(description: "cannot make \(folder.path): \(error.localizedDescription)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(progress) } catch { throw WriteError(description: "cannot encode progress: \(error)") }
        // Same folder, so the rename stays on one file system (rename(2) is atomic only there).
        let temporary = folder.appendingPathComponent(".\(file.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw WriteError(description: "cannot write \(temporary.path): \(error.localizedDescription)")
        }
        if Foundation.rename(temporary.path, file.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw WriteError(description: "cannot replace \(file.path): \(reason)")
        }
    }

    private static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): "not JSON: \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, _): "no '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        default: "\(error)"
        }
    }
}
