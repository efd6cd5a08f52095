import DeckResources
import Foundation

/// A `--lesson` argument that names neither a shipped lesson nor a readable file, or a file that does not parse.
public enum LessonLoadError: Error, CustomStringConvertible {
    case notFound(String, available: [String])
    case parse(LessonParseError)

    public var description: String {
        switch self {
        case .notFound(let name, let available):
            let list = available.isEmpty ? "none found beside the binary" : available.joined(separator: ", ")
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

    /// Paths of the shipped `.lesson` files, in teaching order (others after, by name).
    public static func shippedFiles() -> [String] {
        guard let folder = DeckResources.lessonsDirectory,
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        let lessons = names.filter { $0.hasSuffix(".lesson") }.map { String($0.dropLast(7)) }
        let sorted = lessons.sorted { a, b in
            let ia = order.firstIndex(of: a) ?? order.count, ib = order.firstIndex(of: b) ?? order.count
            return ia != ib ? ia < ib : a < b
        }
        return sorted.map { folder.appendingPathComponent($0 + ".lesson").path }
    }

    public static func shippedNames() -> [String] {
        shippedFiles().map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
    }

    /// Every shipped lesson that parses, and the errors of those that do not.
    public static func loadShipped() -> (lessons: [Lesson], errors: [LessonParseError]) {
        var lessons: [Lesson] = []
        var errors: [LessonParseError] = []
        for path in shippedFiles() {
            do { lessons.append(try LessonParser.parse(file: path)) } catch { errors.append(error) }
        }
        return (lessons, errors)
    }

    /// `--lesson NAME|FILE`: a path to a file (anything with a `/` or ending in `.lesson`), else a shipped name.
    public static func resolve(_ argument: String) throws(LessonLoadError) -> Lesson {
        let isPath = argument.contains("/") || argument.hasSuffix(".lesson")
        let path: String
        if isPath || FileManager.default.fileExists(atPath: argument) && !shippedNames().contains(argument) {
            guard FileManager.default.isReadableFile(atPath: argument) else {
                throw .notFound(argument, available: shippedNames())
            }
            path = argument
        } else if let shipped = shippedFiles().first(where: { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension == argument }) {
            path = shipped
        } else {
            throw .notFound(argument, available: shippedNames())
        }
        do { return try LessonParser.parse(file: path) } catch { throw .parse(error) }
    }
}
