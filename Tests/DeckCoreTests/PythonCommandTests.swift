@testable import DeckCore
import Foundation
import Testing

/// Which commands start Python with the hook: the interpreter by name (with -m, -c, options), through env,
/// or a script whose `#!` line names Python; anything else is left alone.
@Suite struct PythonCommandTests {
    /// `#!` lines by path, as the files would start (no file is read).
    static let scripts: [String: String] = [
        "/w/envpy.py": "#!/usr/bin/env python3",
        "/w/direct.py": "#!/usr/bin/python3 -u",
        "/w/versioned.py": "#!/usr/local/bin/python3.12",
        "/w/split.py": "#!/usr/bin/env -S python3 -u",
        "/w/isolated.py": "#!/usr/bin/python3 -I",
        "/w/shell.sh": "#!/bin/sh",
        "/w/envbash.sh": "#!/usr/bin/env bash",
        "/w/plain.txt": "print('no #! line')",
    ]

    func starts(_ words: [String]) -> Bool {
        let executable = words[0].hasPrefix("/") ? words[0] : "/usr/bin/" + words[0]
        return PythonCommand.startsPython(executable: executable, arguments: words, firstLine: { Self.scripts[$0] })
    }

    @Test func theInterpreterByNameWithAModuleOrOptions() {
        #expect(starts(["python3", "prog.py"]))
        #expect(starts(["python3", "-m", "http.server"]))
        #expect(starts(["python3.11", "-u", "-X", "dev", "-c", "print(1)"]))
        #expect(starts(["python3", "-Wignore", "-m", "prog"]))
        #expect(starts(["python", "--check-hash-based-pycs", "never", "prog.py"]))
        // Options that keep the hook out: -E and -I ignore PYTHONPATH, -S never imports site.
        #expect(!starts(["python3", "-E", "prog.py"]))
        #expect(!starts(["python3", "-I", "-m", "prog"]))
        #expect(!starts(["python3", "-uS", "prog.py"]))
        // After -c or -m, words are the program's: -E there is its own argument.
        #expect(starts(["python3", "-m", "prog", "-E"]))
    }

    /// Python that starts without the hook says why, naming the option, so watch can tell the learner.
    @Test func whyTheHookIsKeptOutNamesTheOption() {
        func reach(_ words: [String]) -> PythonCommand.HookReach {
            let executable = words[0].hasPrefix("/") ? words[0] : "/usr/bin/" + words[0]
            return PythonCommand.hookReach(executable: executable, arguments: words, firstLine: { Self.scripts[$0] })
        }
        #expect(reach(["python3", "prog.py"]) == .hook)
        #expect(reach(["sh", "-c", "python3 -E x.py"]) == .notPython)
        #expect(reach(["python3", "-E", "prog.py"]) == .keptOut("python3 -E ignores PYTHON* variables, PYTHONPATH among them"))
        #expect(reach(["python3.11", "-uI", "prog.py"]) == .keptOut("python3.11 -I (isolated mode) ignores PYTHON* variables, PYTHONPATH among them"))
        #expect(reach(["python3", "-S", "-m", "prog"]) == .keptOut("python3 -S does not import site, which is what imports sitecustomize"))
        #expect(reach(["/w/isolated.py"]) == .keptOut("python3 -I (isolated mode) ignores PYTHON* variables, PYTHONPATH among them"))
        #expect(reach(["env", "-i", "python3", "prog.py"]) == .keptOut("env -i empties the environment"))
        #expect(reach(["env", "-u", "PYTHONPATH", "python3", "prog.py"]) == .keptOut("env -u PYTHONPATH removes a variable the hook needs"))
        #expect(reach(["env", "PYTHONPATH=src", "python3", "prog.py"]) == .keptOut("env PYTHONPATH=… replaces a variable the hook needs"))
        // env emptying the environment of a program that is not Python: nothing to say.
        #expect(reach(["env", "-i", "bash", "-c", "true"]) == .notPython)
    }

    @Test func envSkipsItsOptionsAndAssignmentsToTheCommand() {
        #expect(starts(["env", "python3", "prog.py"]))
        #expect(starts(["env", "LANG=C", "TZ=UTC", "python3", "-m", "prog"]))
        #expect(starts(["env", "-u", "LANG", "-C", "/tmp", "--", "python3", "prog.py"]))
        #expect(starts(["env", "--unset=LANG", "--chdir=/tmp", "-v", "python3.12", "prog.py"]))
        #expect(starts(["env", "-uLANG", "--ignore-signal=PIPE", "python3", "prog.py"]))
        #expect(starts(["env", "-S", "python3 -u", "prog.py"]))
        // An environment that loses the hook's variables: the hook could not get in.
        #expect(!starts(["env", "-i", "python3", "prog.py"]))
        #expect(!starts(["env", "-", "python3", "prog.py"]))
        #expect(!starts(["env", "PYTHONPATH=src", "python3", "prog.py"]))
        #expect(!starts(["env", "-u", "PYTHONPATH", "python3", "prog.py"]))
        // Not Python, or not a command env would run.
        #expect(!starts(["env", "bash", "-c", "python3 prog.py"]))
        #expect(!starts(["env", "LANG=C"]))
        #expect(!starts(["env", "--frobnicate", "python3"]))
        #expect(!starts(["env", "-u"]))
    }

    @Test func aScriptWhoseHashBangLineNamesPython() {
        #expect(starts(["/w/envpy.py"]))
        #expect(starts(["/w/direct.py", "--verbose"]))
        #expect(starts(["/w/versioned.py"]))
        #expect(starts(["/w/split.py"]))
        #expect(!starts(["/w/isolated.py"]))
        #expect(!starts(["/w/shell.sh"]))
        #expect(!starts(["/w/envbash.sh"]))
        #expect(!starts(["/w/plain.txt"]))
        #expect(!starts(["/w/missing.py"]))
    }

    @Test func otherProgramsAreLeftAlone() {
        for words in [["sh", "-c", "python3 x.py"], ["ipython3"], ["python3-config"], ["/bin/sleep", "1"], ["timeout", "5", "python3", "x.py"]] {
            #expect(!starts(words), "\(words)")
        }
    }

    @Test func theFirstLineOfARealFileOnlyOfARegularFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("daemondeck-shebang-\(getpid())-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "#!/usr/bin/env python3\r\nimport threading\n".write(toFile: folder + "/prog.py", atomically: true, encoding: .utf8)
        #expect(PythonCommand.firstLine(of: folder + "/prog.py") == "#!/usr/bin/env python3")
        #expect(PythonCommand.firstLine(of: folder) == nil)
        #expect(PythonCommand.firstLine(of: folder + "/none") == nil)
        #expect(mkfifo(folder + "/fifo", 0o600) == 0)
        #expect(PythonCommand.firstLine(of: folder + "/fifo") == nil, "a FIFO is not read (and does not block)")
    }
}
