import ArgumentParser
import DeckCore
import DeckTerminal
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// Parses the command line and hands over to the dashboard, plain mode or a subcommand.
// A usage error is one line and exit status 64; nothing starts.
let arguments = Array(CommandLine.arguments.dropFirst())
if TopHelp.isAsked(arguments) {
    // `daemondeck --help` shows the default command's options too: they are what most people came for.
    print(TopHelp.text())
    exit(0)
}
do {
    var command = try DaemonDeck.parseAsRoot(arguments)
    try command.run()
} catch let error as ConfigFileError {
    // A bad config file: `file:line: what is wrong`, the usage status, nothing started.
    LinePrinter.writeError("daemondeck: \(error)")
    exit(ExitCode.validationFailure.rawValue)
} catch {
    if DaemonDeck.exitCode(for: error) == .validationFailure {
        let message = DaemonDeck.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
        LinePrinter.writeError("daemondeck: \(message.replacing("Error: ", with: "")) (see \(TopHelp.helpCommand(for: arguments)))")
        exit(ExitCode.validationFailure.rawValue)
    }
    DaemonDeck.exit(withError: error)
}
