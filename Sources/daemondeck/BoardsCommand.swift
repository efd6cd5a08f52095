import ArgumentParser
import DeckCore

/// `daemondeck boards`: the shipped scheduler boards with the model's count of their orders; given boards
/// (names or .board files), each in full, so a teacher can check a board of their own before playing it.
struct BoardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boards",
        abstract: "List the scheduler boards with every order counted (play one with: daemondeck --board NAME).",
        discussion: "Without arguments, one line per shipped board: how many orders its threads can run in, how many reach the goal, and the shortest win. With board names or .board files, each board in full: how its orders end (finished, stuck, asleep for ever, spinning, at a failed assert or a fault) and its shortest win, move by move. A file that does not parse is refused with file:line: what is wrong (exit 64). The language: docs/boards.md."
    )

    @Argument(help: ArgumentHelp("Shipped board names or .board files to count in full.", valueName: "NAME|FILE"))
    var boards: [String] = []

    func validate() throws {
        for name in boards {
            do { _ = try BoardLibrary.resolve(name) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        guard !boards.isEmpty else {
            for line in BoardCountText.list(BoardLibrary.shipped()) { print(line) }
            return
        }
        for (n, name) in boards.enumerated() {
            let board = try BoardLibrary.resolve(name)
            let text = (try? BoardLibrary.source(name).text) ?? ""
            if n > 0 { print("") }
            for line in BoardCountText.details(board, notes: BoardLevelNotes.read(text)) { print(line) }
        }
    }
}
