import Foundation

/// The shipped lesson files, read from the source tree (tests do not depend on the resource bundle).
enum ShippedLessons {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Resources/lessons")

    static var files: [(name: String, path: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".lesson") }.sorted()
            .map { (String($0.dropLast(7)), folder.appendingPathComponent($0).path) }
    }
}
