import DeckResources
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A `--lesson` argument that names neither a shipped lesson nor a readable file, or a file that does not parse.
public enum LessonLoadError: Error, CustomStringConvertible {
    case notFound(String, available: [String])
    case parse(LessonParseError)

    public var description: String {
        switch self {
        case .notFound(let name, let available):
            let list = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "no lesson named '\(name)' and no such file (lessons: \(list))"
        case .parse(let error):
            return error.description
        }
    }
}

/// The shipped lessons (in `Resources/lessons`) and lessons given by path.
public enum LessonLibrary {
    /// The order the menu and `daemondeck lessons` list them in: one concept builds on the last.
    public static let order = ["monitor", "missed-changes", "alarm", "cancel", "daemon-exit", "lost-updates", "heartbeat", "models", "semaphore", "event", "pool",
                                      "structured", "errors", "deadlock", "shutdown", "parallel"]

    /// The shipped lessons (compiled into the binary), in teaching order (others after, by name).
    public static func shipped() -> [DeckResources.LessonText] {
        DeckResources.lessons.sorted { a, b in
            let ia = order.firstIndex(of: a.name) ?? order.count, ib = order.firstIndex(of: b.name) ?? order.count
            return ia != ib ? ia < ib : a.name < b.name
        }
    }

    public static func shippedNames() -> [String] { shipped().map(\.name) }

    /// `lessons/alarm.lesson` or `/tmp/my.lesson` → `alarm`, `my`.
    public static func lessonName(ofFile path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".lesson") ? String(file.dropLast(".lesson".count)) : file
    }

    /// Every shipped lesson that parses, and the errors of those that do not.
    public static func loadShipped() -> (lessons: [Lesson], errors: [LessonParseError]) {
        var lessons: [Lesson] = []
        var errors: [LessonParseError] = []
        for shipped in shipped() {
            do { lessons.append(try parse(shipped)) } catch { errors.append(error) }
        }
        return (lessons, errors)
    }

    private static func parse(_ shipped: DeckResources.LessonText) throws(LessonParseError) -> Lesson {
        try LessonParser.parse(shipped.text, name: shipped.name, file: shipped.file)
    }

    /// `--lesson NAME|FILE`: a path to a file (anything with a `/` or ending in `.lesson`), else a shipped name.
    public static func resolve(_ argument: String) throws(LessonLoadError) -> Lesson {
        let isPath = argument.contains("/") || argument.hasSuffix(".lesson")
        let shippedLesson = shipped().first { $0.name == argument }
        if isPath || access(argument, F_OK) == 0 && shippedLesson == nil {
            guard access(argument, R_OK) == 0 else { throw .notFound(argument, available: shippedNames()) }
            do { return try LessonParser.parse(file: argument) } catch { throw .parse(error) }
        }
        guard let shippedLesson else { throw .notFound(argument, available: shippedNames()) }
        do { return try parse(shippedLesson) } catch { throw .parse(error) }
    }
}
