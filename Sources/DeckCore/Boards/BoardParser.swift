/// A board file that does not parse: `file:line: what is wrong`.
public typealias BoardParseError = FileLineError

/// Reads the board language (docs/boards.md). Total: every input gives a board or a `file:line` error, and
/// sizes are bounded so that the model can count every schedule.
public enum BoardParser {
    public static let threadRange = 2...3
    public static let maxStatements = 12
    public static let maxDeclarations = 8
    public static let numberRange = -1000...1000
    public static let maxNameLength = 24
    public static let maxNesting = 4
    public static let maxBytes = 64 * 1024

    public static func parse(file path: String) throws(BoardParseError) -> Board {
        let text: String
        switch TextFile.read(path) {
        case .failure(.unreadable): throw BoardParseError(file: path, line: 0, message: "cannot read the file")
        case .failure(.notUTF8): throw BoardParseError(file: path, line: 0, message: "not UTF-8 text")
        case .success(let read): text = read
        }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let name = base.hasSuffix(".board") ? String(base.dropLast(6)) : base
        return try parse(text, name: name, file: path)
    }

    public static func parse(_ text: String, name: String, file: String) throws(BoardParseError) -> Board {
        guard text.utf8.count <= maxBytes else {
            throw BoardParseError(file: file, line: 0, message: "a board is at most \(maxBytes / 1024) KiB, this file is \(text.utf8.count) bytes")
        }
        var reader = Reader(file: file)
        let lines = TextLines.split(text)
        for (offset, raw) in lines.enumerated() {
            try reader.read(line: String(raw), number: offset + 1)
        }
        return try reader.finish(name: name, lastLine: max(1, lines.count))
    }

    /// The parser's state as it reads line by line.
    struct Reader {
        let file: String
        var title: String?
        var kind: Board.Kind?
        var ints: [Board.SharedInt] = []
        var locks: [String] = []
        var conditions: [Board.CondVar] = []
        var semaphores: [Board.Semaphore] = []
        var events: [String] = []
        var threads: [Board.Thread] = []
        var goal: (Board.Goal, line: Int)?
        /// The section being read: its header's line, and the `if`/`else`/`while` blocks still open.
        var sectionLine = 0
        var open: [Block] = []

        enum Block {
            /// `if` at `branch`; `elseJump` is the jump written at `else`, once seen.
            case ifBlock(line: Int, branch: Int, elseJump: Int?)
            case whileBlock(line: Int, branch: Int)
        }

        init(file: String) { self.file = file }

        func error(_ line: Int, _ message: String) -> BoardParseError {
            BoardParseError(file: file, line: line, message: message)
        }

        var allNames: [String] {
            ints.map(\.name) + locks + conditions.map(\.name) + semaphores.map(\.name) + events
        }

        mutating func read(line raw: String, number: Int) throws(BoardParseError) {
            var line = raw.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { return }
            if line.hasPrefix("title:") {
                guard title == nil else { throw error(number, "a second title (the first one stands)") }
                guard threads.isEmpty else { throw error(number, "the title comes before the first thread") }
                let text = String(line.dropFirst(6)).trimmingWhitespace()
                guard !text.isEmpty else { throw error(number, "title: needs a text") }
                title = text
                return
            }
            // A `#` after a statement starts a comment.
            if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]).trimmingWhitespace() }
            let (word, rest) = LessonParser.split(line)
            switch word {
            case "thread", "task", "thread:", "task:":
                try startSection(word.hasPrefix("task") ? .tasks : .threads, rest, number)
            case "goal":
                guard goal == nil else { throw error(number, "a second goal (a board has one)") }
                goal = (try parseGoal(rest, number), number)
            case "int", "cond", "sem", "event":
                // Declarations come first; after the first thread only `lock` is meaningful, as a statement.
                guard threads.isEmpty else { throw error(number, "declare \(word) \(rest) before the first thread") }
                try declare(word, rest, number)
            case "lock" where threads.isEmpty:
                try declare(word, rest, number)
            default:
                guard !threads.isEmpty else {
                    throw error(number, "'\(word)' before the first thread: only declarations (int, lock, cond, sem, event), title: and goal come first")
                }
                try statement(word, rest, number)
            }
        }

        // MARK: Declarations

        func checkNewName(_ name: String, _ line: Int) throws(BoardParseError) {
            guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic, first.isASCII,
                  name.unicodeScalars.allSatisfy({ $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }),
                  name.count <= maxNameLength else {
                throw error(line, "a name is a letter or _ then letters, digits or _ (at most \(maxNameLength)), got '\(name)'")
            }
            guard name != "local", name != "and" else { throw error(line, "'\(name)' is a word of the language, not a name") }
            guard !allNames.contains(name), !threads.contains(where: { $0.name == name }) else {
                throw error(line, "'\(name)' is already declared")
            }
        }

        func number(_ text: String, _ line: Int, what: String) throws(BoardParseError) -> Int {
            guard let n = Int(text), numberRange.contains(n) else {
                throw error(line, "\(what) needs a whole number from \(numberRange.lowerBound) to \(numberRange.upperBound), got '\(text)'")
            }
            return n
        }

        mutating func declare(_ word: String, _ rest: String, _ line: Int) throws(BoardParseError) {
            let parts = rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let usage: String
            switch word {
            case "int": usage = "int NAME or int NAME = N"
            case "sem": usage = "sem NAME = PERMITS"
            case "cond": usage = "cond NAME with LOCK"
            default: usage = "\(word) NAME"
            }
            guard let name = parts.first else { throw error(line, "\(word) needs: \(usage)") }
            try checkNewName(name, line)
            let count: Int
            switch word {
            case "int": count = ints.count
            case "lock": count = locks.count
            case "cond": count = conditions.count
            case "sem": count = semaphores.count
            default: count = events.count
            }
            guard count < maxDeclarations else { throw error(line, "at most \(maxDeclarations) of \(word) in a board") }
            switch (word, parts.count) {
            case ("int", 1): ints.append(.init(name: name, initial: 0))
            case ("int", 3) where parts[1] == "=": ints.append(.init(name: name, initial: try number(parts[2], line, what: "int \(name) =")))
            case ("sem", 3) where parts[1] == "=":
                let permits = try number(parts[2], line, what: "sem \(name) =")
                guard permits >= 0 else { throw error(line, "a semaphore starts with 0 or more permits, got \(permits)") }
                semaphores.append(.init(name: name, permits: permits))
            case ("cond", 3) where parts[1] == "with":
                guard let lock = locks.firstIndex(of: parts[2]) else {
                    throw error(line, "cond \(name) with '\(parts[2])': declare that lock first (lock \(parts[2]))")
                }
                conditions.append(.init(name: name, lock: lock))
            case ("lock", 1): locks.append(name)
            case ("event", 1): events.append(name)
            default: throw error(line, "\(word) needs: \(usage), got '\(word) \(rest)'")
            }
        }

        // MARK: Sections

        mutating func startSection(_ kind: Board.Kind, _ rest: String, _ line: Int) throws(BoardParseError) {
            let word = kind == .tasks ? "task" : "thread"
            try closeSection()
            if let existing = self.kind, existing != kind {
                throw error(line, "a board has threads or tasks, not both (this one began with \(existing == .tasks ? "task" : "thread"))")
            }
            guard threads.count < threadRange.upperBound else { throw error(line, "at most \(threadRange.upperBound) threads or tasks") }
            var name = rest
            if name.hasSuffix(":") { name.removeLast() }
            guard !name.isEmpty else { throw error(line, "\(word) needs a name, like '\(word) T1'") }
            try checkNewName(name, line)
            self.kind = kind
            threads.append(Board.Thread(name: name, statements: []))
            sectionLine = line
        }

        /// Ends the section being read: every block closed, at least one statement.
        mutating func closeSection() throws(BoardParseError) {
            guard let thread = threads.last else { return }
            if let block = open.last {
                switch block {
                case .ifBlock(let line, _, _): throw error(line, "this if has no end")
                case .whileBlock(let line, _): throw error(line, "this while has no end")
                }
            }
            guard thread.stepCount > 0 else { throw error(sectionLine, "\(thread.name) has no statements") }
        }

        // MARK: Statements

        func index(_ name: String, in names: [String], kind: String, _ word: String, _ line: Int) throws(BoardParseError) -> Int {
            guard !name.isEmpty, !name.contains(" ") else { throw error(line, "\(word) needs one \(kind) name, got '\(name)'") }
            guard let i = names.firstIndex(of: name) else {
                let known = names.isEmpty ? "none is declared" : "declared: " + names.joined(separator: ", ")
                throw error(line, "\(word) \(name): no \(kind) of that name (\(known))")
            }
            return i
        }

        mutating func statement(_ word: String, _ rest: String, _ line: Int) throws(BoardParseError) {
            let threadIndex = threads.count - 1
            let here = threads[threadIndex].statements.count
            func none() throws(BoardParseError) {
                guard rest.isEmpty else { throw error(line, "\(word) takes nothing after it, got '\(rest)'") }
            }
            let intNames = ints.map(\.name)
            let op: Board.Op
            switch word {
            case "lock": op = .lock(try index(rest, in: locks, kind: "lock", word, line))
            case "unlock": op = .unlock(try index(rest, in: locks, kind: "lock", word, line))
            case "load": op = .load(try index(rest, in: intNames, kind: "int", word, line))
            case "store": op = .store(try index(rest, in: intNames, kind: "int", word, line))
            case "add": op = .add(try number(rest, line, what: "add"))
            case "write":
                let (name, value) = LessonParser.split(rest)
                op = .write(try index(name, in: intNames, kind: "int", word, line), try number(value, line, what: "write \(name)"))
            case "wait": op = .wait(try index(rest, in: conditions.map(\.name), kind: "cond", word, line))
            case "signal": op = .signal(try index(rest, in: conditions.map(\.name), kind: "cond", word, line))
            case "broadcast": op = .broadcast(try index(rest, in: conditions.map(\.name), kind: "cond", word, line))
            case "acquire": op = .acquire(try index(rest, in: semaphores.map(\.name), kind: "sem", word, line))
            case "release": op = .release(try index(rest, in: semaphores.map(\.name), kind: "sem", word, line))
            case "set": op = .setEvent(try index(rest, in: events, kind: "event", word, line))
            case "clear": op = .clearEvent(try index(rest, in: events, kind: "event", word, line))
            case "waitevent": op = .waitEvent(try index(rest, in: events, kind: "event", word, line))
            case "await":
                try none()
                guard kind == .tasks else { throw error(line, "await is a task's suspension point: write 'task NAME' sections to use it") }
                op = .await
            case "critical":
                try none()
                op = .critical
            case "assert": op = .assert(try parseCheck(rest, line, what: "assert"))
            case "if", "while":
                guard open.count < maxNesting else { throw error(line, "blocks nest at most \(maxNesting) deep") }
                op = .branch(try parseCheck(rest, line, what: word), ifFalse: -1)  // the target is set at its end
                open.append(word == "if" ? .ifBlock(line: line, branch: here, elseJump: nil) : .whileBlock(line: line, branch: here))
            case "else":
                try none()
                guard case .ifBlock(let ifLine, let branch, nil)? = open.last else {
                    throw error(line, "else without an if to belong to (or a second else)")
                }
                open[open.count - 1] = .ifBlock(line: ifLine, branch: branch, elseJump: here)
                append(.init(op: .jump(-1), line: line, text: "else"))
                setBranchTarget(branch, to: here + 1)
                return
            case "end":
                try none()
                guard let block = open.popLast() else { throw error(line, "end without an if or while to close") }
                switch block {
                case .ifBlock(_, let branch, let elseJump):
                    if let elseJump {
                        threads[threadIndex].statements[elseJump].op = .jump(here)
                    } else {
                        setBranchTarget(branch, to: here)
                    }
                case .whileBlock(_, let branch):
                    append(.init(op: .jump(branch), line: line, text: "end"))
                    setBranchTarget(branch, to: here + 1)
                }
                return
            default:
                throw error(line, "unknown statement '\(word)' (statements: lock, unlock, load, add, store, write, if, else, while, end, wait, signal, broadcast, acquire, release, set, clear, waitevent, await, assert, critical)")
            }
            guard threads[threadIndex].stepCount < maxStatements else {
                throw error(line, "\(threads[threadIndex].name) has more than \(maxStatements) statements (else and end do not count)")
            }
            append(.init(op: op, line: line, text: rest.isEmpty ? word : "\(word) \(rest)"))
        }

        mutating func append(_ statement: Board.Statement) {
            threads[threads.count - 1].statements.append(statement)
        }

        mutating func setBranchTarget(_ branch: Int, to target: Int) {
            let t = threads.count - 1
            if case .branch(let check, _) = threads[t].statements[branch].op {
                threads[t].statements[branch].op = .branch(check, ifFalse: target)
            }
        }

        // MARK: Checks and the goal

        func parseCheck(_ text: String, _ line: Int, what: String) throws(BoardParseError) -> Board.Check {
            let usage = "\(what) needs a check like 'x == 1' or 'x >= 0 and y != local' (ints, local or numbers; == != < <= > >=)"
            let tokens = CheckTokens.split(text)
            var comparisons: [Board.Comparison] = []
            var i = 0
            func operand(_ token: String) throws(BoardParseError) -> Board.Operand {
                if token == "local" { return .local }
                if let n = Int(token) {
                    guard numberRange.contains(n) else { throw error(line, "\(what): \(n) is outside \(numberRange.lowerBound)...\(numberRange.upperBound)") }
                    return .number(n)
                }
                guard let index = ints.firstIndex(where: { $0.name == token }) else {
                    throw error(line, "\(what): '\(token)' is not an int of this board, local, or a number")
                }
                return .shared(index)
            }
            while true {
                guard i + 2 < tokens.count, let relation = Board.Relation(rawValue: tokens[i + 1]) else {
                    throw error(line, "\(usage), got '\(text)'")
                }
                comparisons.append(.init(left: try operand(tokens[i]), relation: relation, right: try operand(tokens[i + 2])))
                i += 3
                if i == tokens.count { break }
                guard tokens[i] == "and", i + 1 < tokens.count else { throw error(line, "\(usage), got '\(text)'") }
                i += 1
            }
            return Board.Check(all: comparisons)
        }

        func parseGoal(_ rest: String, _ line: Int) throws(BoardParseError) -> Board.Goal {
            switch rest {
            case "deadlock": return .deadlock
            case "both-critical": return .bothCritical
            case "waiter-sleeps-forever": return .waiterSleepsForever
            case "assert-fails": return .assertFails
            case "spins-forever": return .spinsForever
            default:
                guard rest.contains(where: { "=<>!".contains($0) }) else {
                    throw error(line, "goal needs a check on the shared ints (goal counter == 1) or one of deadlock, both-critical, waiter-sleeps-forever, assert-fails, spins-forever, got '\(rest)'")
                }
                let check = try parseCheck(rest, line, what: "goal")
                guard !check.all.contains(where: { $0.left == .local || $0.right == .local }) else {
                    throw error(line, "goal is about the shared ints at the end; local belongs to one thread")
                }
                return .state(check, text: rest)
            }
        }

        mutating func finish(name: String, lastLine: Int) throws(BoardParseError) -> Board {
            try closeSection()
            guard let kind, threads.count >= threadRange.lowerBound else {
                throw error(lastLine, "a board needs \(threadRange.lowerBound) or \(threadRange.upperBound) threads (thread NAME) or tasks (task NAME), it has \(threads.count)")
            }
            guard let goal else { throw error(lastLine, "the board has no goal (goal counter == 1, goal deadlock, ...)") }
            return Board(name: name, file: file, title: title, kind: kind, ints: ints, locks: locks, conditions: conditions,
                         semaphores: semaphores, events: events, threads: threads, goal: goal.0)
        }
    }

    /// Splits a check into names, numbers and relations: `x==1` and `x == 1` read the same.
    enum CheckTokens {
        static func split(_ text: String) -> [String] {
            var tokens: [String] = []
            var current = ""
            var chars = Array(text)[...]
            func flush() { if !current.isEmpty { tokens.append(current); current = "" } }
            while let c = chars.first {
                chars = chars.dropFirst()
                if c == " " || c == "\t" { flush(); continue }
                if "=!<>".contains(c) {
                    flush()
                    if let next = chars.first, next == "=" {
                        chars = chars.dropFirst()
                        tokens.append(String([c, next]))
                    } else {
                        tokens.append(String(c))
                    }
                    continue
                }
                current.append(c)
            }
            flush()
            return tokens
        }
    }
}
