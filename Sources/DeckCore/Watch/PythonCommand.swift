#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Which commands start a Python interpreter that the start-up hook can reach: the ways a learner starts
/// Python, not only `python3 prog.py`.
///
/// - `python3 prog.py`, `python3 -m module`, `python3.11 -c CODE`: the interpreter by its base name;
/// - `env python3 prog.py`, `env -u X LANG=C python3 prog.py`: env's options and `NAME=VALUE` words are
///   skipped to the command env runs;
/// - `./prog.py` whose first line is `#!/usr/bin/env python3` or `#!/usr/bin/python3 -u`: the kernel runs
///   the interpreter the `#!` line names, with the script as its argument.
///
/// Where Python starts but the hook could not get in, the answer says why (rows still come from /proc):
/// env told to empty the environment (`-i`, `-`) or to unset or set `PYTHONPATH` itself, and Python told to
/// ignore `PYTHON*` variables (`-E`, `-I`) or not to import `site` (`-S`), which is what imports
/// `sitecustomize`.
public enum PythonCommand {
    /// What a command means for the start-up hook.
    public enum HookReach: Sendable, Equatable {
        /// It starts Python, and the hook gets in.
        case hook
        /// Not Python, as far as this reading can tell: left alone.
        case notPython
        /// It starts Python, but the hook cannot get in: why, naming the option (`python3 -E ignores …`).
        case keptOut(String)
    }

    /// Whether running `executable` with `arguments` (argv[0] first) starts Python with the hook.
    /// `firstLine` reads the start of a file (the `#!` line); the real one reads at most 256 bytes.
    public static func startsPython(executable: String, arguments: [String],
                                    firstLine: (String) -> String? = PythonCommand.firstLine(of:)) -> Bool {
        hookReach(executable: executable, arguments: arguments, firstLine: firstLine) == .hook
    }

    /// Whether running `executable` with `arguments` (argv[0] first) starts Python, and whether the hook gets in.
    public static func hookReach(executable: String, arguments: [String],
                                 firstLine: (String) -> String? = PythonCommand.firstLine(of:)) -> HookReach {
        if PythonHook.isPython(executable) { return pythonReach(executable, Array(arguments.dropFirst())) }
        if baseName(executable) == "env" { return envStartsPython(Array(arguments.dropFirst()), firstLine: firstLine, depth: 0) }
        return shebangStartsPython(executable, firstLine: firstLine, depth: 0)
    }

    /// The `#!` line of `path` names Python (directly, or through env).
    static func shebangStartsPython(_ path: String, firstLine: (String) -> String?, depth: Int) -> HookReach {
        guard depth < 4, let line = firstLine(path), line.hasPrefix("#!") else { return .notPython }
        // Linux gives the interpreter the rest of the line as one argument; env -S splits it, and a
        // single word (`python3`) is the same either way.
        let words = line.dropFirst(2).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let interpreter = words.first else { return .notPython }
        if PythonHook.isPython(interpreter) { return pythonReach(interpreter, Array(words.dropFirst())) }
        if baseName(interpreter) == "env" { return envStartsPython(Array(words.dropFirst()), firstLine: firstLine, depth: depth + 1) }
        return .notPython
    }

    /// GNU env's command line (its options, `-` and `NAME=VALUE` words, then the command).
    static func envStartsPython(_ words: [String], firstLine: (String) -> String?, depth: Int) -> HookReach {
        var rest = words[...]
        var lost: String?  // why the hook's variables would not reach the command, if it is Python
        while let word = rest.first {
            rest = rest.dropFirst()
            if word == "--" { break }
            if word == "-" { lost = "env - empties the environment"; continue }  // `-` is -i
            if word.hasPrefix("--") {
                let (name, value) = splitLong(word)
                switch name {
                case "--ignore-environment": lost = "env --ignore-environment empties the environment"
                case "--unset", "--chdir", "--split-string":
                    guard let argument = value ?? rest.first else { return .notPython }
                    if value == nil { rest = rest.dropFirst() }
                    if name == "--unset" && touchesHook(argument) { lost = "env --unset \(argument) removes a variable the hook needs" }
                    if name == "--split-string" { rest = split(argument) + rest }
                case "--null", "--debug", "--block-signal", "--default-signal", "--ignore-signal", "--list-signal-handling":
                    continue
                default:
                    return .notPython  // an option this reading does not know: leave the program alone
                }
                continue
            }
            if word.hasPrefix("-") && word.count > 1 {
                var letters = word.dropFirst()
                while let letter = letters.first {
                    letters = letters.dropFirst()
                    switch letter {
                    case "i": lost = "env -i empties the environment"
                    case "0", "v": continue
                    case "u", "C", "S":
                        let argument: String
                        if !letters.isEmpty { argument = String(letters); letters = "" }
                        else if let next = rest.first { argument = next; rest = rest.dropFirst() }
                        else { return .notPython }
                        if letter == "u" && touchesHook(argument) { lost = "env -u \(argument) removes a variable the hook needs" }
                        if letter == "S" { rest = split(argument) + rest }
                    default:
                        return .notPython
                    }
                }
                continue
            }
            if let equals = word.firstIndex(of: "=") {
                let name = String(word[..<equals])  // PYTHONPATH=src replaces the hook's folder
                if touchesHook(name) { lost = "env \(name)=… replaces a variable the hook needs" }
                continue
            }
            return keptOut(commandStartsPython(word, Array(rest), firstLine: firstLine, depth: depth), by: lost)
        }
        guard let command = rest.first else { return .notPython }
        return keptOut(commandStartsPython(command, Array(rest.dropFirst()), firstLine: firstLine, depth: depth), by: lost)
    }

    /// Python that env started without the hook's variables: kept out, for env's reason.
    private static func keptOut(_ reach: HookReach, by lost: String?) -> HookReach {
        guard let lost, reach == .hook else { return reach }
        return .keptOut(lost)
    }

    /// env's command: Python by name, or a script (found as env finds it, on PATH) whose `#!` names Python.
    private static func commandStartsPython(_ command: String, _ arguments: [String], firstLine: (String) -> String?, depth: Int) -> HookReach {
        if PythonHook.isPython(command) { return pythonReach(command, arguments) }
        guard case .success(let path) = WatchCommandResolver.resolve(command) else { return .notPython }
        return shebangStartsPython(path, firstLine: firstLine, depth: depth + 1)
    }

    /// The interpreter `python` (a path or a name) with `arguments`: the hook gets in, or the option that keeps it out.
    static func pythonReach(_ python: String, _ arguments: [String]) -> HookReach {
        guard let option = optionKeepingHookOut(arguments) else { return .hook }
        let why = switch option {
        case "E": "ignores PYTHON* variables, PYTHONPATH among them"
        case "I": "(isolated mode) ignores PYTHON* variables, PYTHONPATH among them"
        default: "does not import site, which is what imports sitecustomize"
        }
        return .keptOut("\(baseName(python)) -\(option) \(why)")
    }

    /// Python's options before the script, `-c` or `-m`: `-E` and `-I` ignore `PYTHONPATH`, `-S` skips
    /// `site`. The first of those letters, or nil if none is given.
    static func optionKeepingHookOut(_ arguments: [String]) -> Character? {
        var rest = arguments[...]
        while let word = rest.first, word.hasPrefix("-"), word != "-" {
            rest = rest.dropFirst()
            if word == "--" { break }
            if word.hasPrefix("--") {  // --check-hash-based-pycs MODE takes a word; the others none
                if word == "--check-hash-based-pycs" { rest = rest.dropFirst() }
                continue
            }
            for (offset, letter) in word.dropFirst().enumerated() {
                if "EIS".contains(letter) { return letter }
                if "cm".contains(letter) { return nil }  // the rest is the code or the module's name
                if "WX".contains(letter) {  // takes an argument: the rest of the word, or the next word
                    if offset == word.count - 2 { rest = rest.dropFirst() }
                    break
                }
            }
        }
        return nil
    }

    /// Variables the hook needs: unsetting or replacing one leaves the interpreter without it.
    private static func touchesHook(_ name: String) -> Bool {
        name == "PYTHONPATH" || name.hasPrefix("DAEMONDECK_HOOK")
    }

    private static func splitLong(_ word: String) -> (String, String?) {
        guard let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    private static func split(_ text: String) -> ArraySlice<String> {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)[...]
    }

    private static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The first line of a regular file (at most 256 bytes, the kernel's limit for a `#!` line since
    /// Linux 5.1), or nil for anything else. Opened without blocking, so a FIFO cannot hang the start.
    public static func firstLine(of path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: 256)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 2 else { return nil }
        let line = bytes[..<count].prefix { $0 != UInt8(ascii: "\n") }
        return String(decoding: line, as: UTF8.self).trimmingSuffix("\r")
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
