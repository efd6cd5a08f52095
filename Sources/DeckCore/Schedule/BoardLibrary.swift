import DeckResources
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A `--board` argument that names neither a shipped board nor a readable file, or a file that does not parse.
public enum BoardLoadError: Error, Equatable, CustomStringConvertible {
    case notFound(String, available: [String])
    case parse(BoardParseError)

    public var description: String {
        switch self {
        case .notFound(let name, let available):
            "no board named '\(name)' and no such file (boards: \(available.joined(separator: ", ")))"
        case .parse(let error): error.description
        }
    }
}

/// The shipped boards (Resources/boards, compiled into the binary) and boards given by path.
public enum BoardLibrary {
    /// Every shipped board that parses, in the order the menu lists them (by name: a bug beside its fix).
    public static func shipped() -> [Board] {
        DeckResources.boards.compactMap { try? BoardParser.parse($0.text, name: $0.name, file: $0.file) }
    }

    public static var shippedNames: [String] { DeckResources.boards.map(\.name) }

    /// Each shipped board's notes (its `# from:` tutorial point, `# after a win:`), by name.
    public static func shippedNotes() -> [String: BoardLevelNotes] {
        Dictionary(DeckResources.boards.map { ($0.name, BoardLevelNotes.read($0.text)) }, uniquingKeysWith: { first, _ in first })
    }

    /// `--board NAME|FILE`: a path (anything with a `/` or ending in `.board`), else a shipped name.
    public static func resolve(_ argument: String) throws(BoardLoadError) -> Board {
        let shippedBoard = DeckResources.boards.first { $0.name == argument }
        let isPath = argument.contains("/") || argument.hasSuffix(".board")
        if isPath || access(argument, F_OK) == 0 && shippedBoard == nil {
            guard access(argument, R_OK) == 0 else { throw .notFound(argument, available: shippedNames) }
            do { return try BoardParser.parse(file: argument) } catch { throw .parse(error) }
        }
        guard let shippedBoard else { throw .notFound(argument, available: shippedNames) }
        do { return try BoardParser.parse(shippedBoard.text, name: shippedBoard.name, file: shippedBoard.file) } catch { throw .parse(error) }
    }
}

/// A board as the run starts with it (`--board`): its text, already checked, read again by the reducer
/// (pure: no file is opened there). Plain values, so the configuration stays Codable.
public struct BoardSource: Sendable, Equatable, Codable {
    public var name: String
    public var file: String
    public var text: String

    public init(name: String, file: String, text: String) {
        self.name = name
        self.file = file
        self.text = text
    }

    public func parse() throws(BoardParseError) -> Board { try BoardParser.parse(text, name: name, file: file) }
}

extension BoardLibrary {
    /// `--board NAME|FILE` read and checked: a board that does not parse is refused with `file:line: what is wrong`.
    public static func source(_ argument: String) throws(BoardLoadError) -> BoardSource {
        let board = try resolve(argument)
        if let shipped = DeckResources.boards.first(where: { $0.file == board.file }) {
            return BoardSource(name: board.name, file: board.file, text: shipped.text)
        }
        guard case .success(let text) = TextFile.read(argument) else { throw .notFound(argument, available: shippedNames) }
        return BoardSource(name: board.name, file: board.file, text: text)
    }
}
