import ArgumentParser

/// `daemondeck --help`: the root command's overview and subcommands with the options of `run`, the
/// default command, in between, so that the options a usage error refers to are where it says.
enum TopHelp {
    /// `daemondeck --help`, `-h` or `help` alone (with more, swift-argument-parser answers for that command).
    static func isAsked(_ arguments: [String]) -> Bool {
        arguments.count == 1 && ["--help", "-h", "help"].contains(arguments[0])
    }

    /// Where a usage error's answer is: the subcommand's own help, or this one for the default command.
    static func helpCommand(for arguments: [String]) -> String {
        let subcommands = DaemonDeck.configuration.subcommands.map { $0._commandName }.filter { $0 != "run" }
        if let first = arguments.first, subcommands.contains(first) { return "daemondeck \(first) --help" }
        return "daemondeck --help"
    }

    static func text(columns: Int? = nil) -> String {
        let root = DaemonDeck.helpMessage(columns: columns)
        let run = DaemonDeck.helpMessage(for: Dashboard.self, columns: columns)
        // The root's own OPTIONS list only --help; run's options take their place.
        guard let usage = root.firstRange(of: "USAGE:"), let subcommands = root.firstRange(of: "SUBCOMMANDS:"),
              let runOptions = run.firstRange(of: "OPTIONS:\n") else {
            return root + "\n" + run  // a future parser that lays help out otherwise: still every option
        }
        let options = run[runOptions.upperBound...].trimmingSuffixNewlines()
        return String(root[..<usage.lowerBound])
            + "USAGE: daemondeck [run] [<options>]\n"
            + "       daemondeck <subcommand> [<options>]\n\n"
            + "OPTIONS (of run, the default command):\n" + options + "\n\n"
            + String(root[subcommands.lowerBound...]).trimmingSuffixNewlines()
    }
}

extension Substring {
    fileprivate func trimmingSuffixNewlines() -> String {
        var text = self
        while text.hasSuffix("\n") { text = text.dropLast() }
        return String(text)
    }
}

extension String {
    fileprivate func trimmingSuffixNewlines() -> String { Substring(self).trimmingSuffixNewlines() }
}
