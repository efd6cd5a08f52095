import DeckCore
import Testing

@Suite struct BoardParserTests {
    static let good = """
        # every declaration and statement once
        title: Everything
        int x = 3
        int y
        lock m
        cond ready with m
        sem slots = 2
        event go
        thread T1
          lock m
          load x
          add -2
          store x      # a comment after a statement
          if x==1 and y != local
            write y 7
          else
            signal ready
          end
          broadcast ready
          unlock m
        thread T2:
          acquire slots
          release slots
          set go
          clear go
          waitevent go
          while y < 1
            critical
          end
          assert x >= 0
        goal x == 1 and y == 7
        """

    @Test func parsesEveryDeclarationAndStatement() throws {
        let board = try BoardParser.parse(Self.good, name: "good", file: "good.board")
        #expect(board.title == "Everything")
        #expect(board.kind == .threads)
        #expect(board.ints == [.init(name: "x", initial: 3), .init(name: "y", initial: 0)])
        #expect(board.locks == ["m"])
        #expect(board.conditions == [.init(name: "ready", lock: 0)])
        #expect(board.semaphores == [.init(name: "slots", permits: 2)])
        #expect(board.events == ["go"])
        #expect(board.threads.map(\.name) == ["T1", "T2"])
        #expect(board.threads[0].stepCount == 9)
        #expect(board.threads[1].stepCount == 8)
        #expect(board.threads[0].statements[3].text == "store x")
        #expect(board.threads[0].statements[3].line == 13)
        // The if jumps past `else` to `signal`; `else` jumps past `end`.
        #expect(board.threads[0].statements[4].op == .branch(Board.Check(all: [
            .init(left: .shared(0), relation: .equal, right: .number(1)),
            .init(left: .shared(1), relation: .notEqual, right: .local),
        ]), ifFalse: 7))
        #expect(board.threads[0].statements[6].op == .jump(8))
        #expect(board.hasLoops)
        #expect(board.goal == .state(Board.Check(all: [
            .init(left: .shared(0), relation: .equal, right: .number(1)),
            .init(left: .shared(1), relation: .equal, right: .number(7)),
        ]), text: "x == 1 and y == 7"))
        #expect(try BoardModel.explore(board).get().orders > 0)
    }

    /// Each bad board is refused with `file:line: message`; the line and a word of the message are checked.
    @Test(arguments: [
        ("int x\nthread T1\n  load y\nthread T2\n  load x\ngoal x == 1", 3, "no int of that name"),
        ("int x\nthread T1\n  jump x\nthread T2\n  load x\ngoal x == 1", 3, "unknown statement 'jump'"),
        ("int x\nthread T1\n  if x == 1\n  load x\nthread T2\n  load x\ngoal x == 1", 3, "this if has no end"),
        ("int x\nthread T1\n  end\nthread T2\n  load x\ngoal x == 1", 3, "end without"),
        ("int x\nthread T1\nthread T2\n  load x\ngoal x == 1", 2, "T1 has no statements"),
        ("int x\nthread T1\n  load x\ngoal x == 1", 4, "needs 2 or 3 threads"),
        ("int x\nthread T1\n  load x\nthread T2\n  load x", 5, "no goal"),
        ("int x\nthread T1\n  load x\ntask T2\n  load x\ngoal x == 1", 4, "not both"),
        ("int x\nthread T1\n  await\nthread T2\n  load x\ngoal x == 1", 3, "task"),
        ("int x\nint x\nthread T1\n  load x\nthread T2\n  load x\ngoal x == 1", 2, "already declared"),
        ("int x = 5000\nthread T1\n  load x\nthread T2\n  load x\ngoal x == 1", 1, "from -1000 to 1000"),
        ("cond c with m\nthread T1\n  wait c\nthread T2\n  signal c\ngoal deadlock", 1, "declare that lock first"),
        ("int x\nthread T1\n  if x = 1\n  end\nthread T2\n  load x\ngoal x == 1", 3, "needs a check"),
        ("int x\nthread T1\n  load x\nthread T2\n  load x\ngoal winning", 6, "goal needs"),
        ("int x\nthread T1\n  load x\nthread T2\n  load x\ngoal local == 1", 6, "local belongs"),
        ("int x\nthread T1\n  load x\nthread T2\n  load x\ngoal deadlock\ngoal deadlock", 7, "second goal"),
        ("int x\nthread T1\n  load x\nint y\nthread T2\n  load x\ngoal x == 1", 4, "before the first thread"),
        ("int 9x\nthread T1\n  load x\nthread T2\n  load x\ngoal x == 1", 1, "a name is"),
        ("int x\nthread T1\n  load x\nthread T2\n  load x\nthread T3\n  load x\nthread T4\n  load x\ngoal x == 1", 8, "at most 3"),
        ("int x\nthread T1\n  add 1\n  add 1\n  add 1\n  add 1\n  add 1\n  add 1\n  add 1\n  add 1\n  add 1\n  add 1\n  add 1\n  add 1\n  add 1\nthread T2\n  load x\ngoal x == 1", 15, "more than 12"),
    ])
    func refusesWithTheLine(text: String, line: Int, words: String) {
        #expect(throws: BoardParseError.self) { try BoardParser.parse(text, name: "bad", file: "bad.board") }
        do {
            _ = try BoardParser.parse(text, name: "bad", file: "bad.board")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(words), "\(error)")
            #expect(error.description.hasPrefix("bad.board:\(line): "))
        }
    }

    /// Fuzzing in small: every board made by cutting, repeating or garbling lines of a good one gives a
    /// board or an error, never a trap; and every board that parses is explored to an answer.
    @Test func mangledBoardsGiveABoardOrAnErrorNeverATrap() {
        var random = SeededRandom(seed: 24)
        let lines = Self.good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let junk = ["", "end", "else", "if", "while x", "goal", "thread", "task T9", "lock", "wait ready", "add", "add 99999",
                    "write x", "#", "title:", "int", "cond c with", "sem s = -1", "\u{0}", "é", "x == == 1", "assert and", "if x ==", "assert x <", "goal x !="]
        var parsed = 0
        for _ in 0..<400 {
            var mangled = lines
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                switch Int.random(in: 0..<4, using: &random) {
                case 0 where !mangled.isEmpty: mangled.remove(at: Int.random(in: 0..<mangled.count, using: &random))
                case 1: mangled.insert(junk.randomElement(using: &random) ?? "", at: Int.random(in: 0...mangled.count, using: &random))
                case 2 where !mangled.isEmpty:
                    let i = Int.random(in: 0..<mangled.count, using: &random)
                    mangled.insert(mangled[i], at: i)
                default:
                    if !mangled.isEmpty {
                        let i = Int.random(in: 0..<mangled.count, using: &random)
                        mangled[i] = String(mangled[i].shuffled(using: &random))
                    }
                }
            }
            if let board = try? BoardParser.parse(mangled.joined(separator: "\n"), name: "fuzz", file: "fuzz.board") {
                parsed += 1
                switch BoardModel.explore(board, budget: 20_000) {
                case .success(let report): #expect(report.orders >= 1)
                case .failure(let tooBig): #expect(!tooBig.message.isEmpty)
                }
            }
        }
        #expect(parsed > 0)
    }
}
