import Foundation

/// Hands out the resource bundle (lessons and other data) that SwiftPM builds beside the binary.
/// A binary copied elsewhere without its bundle must still run, so lookups return nil instead of trapping.
public enum DeckResources {
    /// The folder that holds the shipped `.lesson` files, if the bundle can be found.
    public static var lessonsDirectory: URL? {
        guard let bundle = locateBundle() else { return nil }
        return bundle.url(forResource: "lessons", withExtension: nil)
    }

    private static func locateBundle() -> Bundle? {
        // `Bundle.module` traps when the bundle is missing; look for it by name first.
        let name = "daemondeck_DeckResources.resources"
        var candidates: [URL] = []
        if let exec = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            candidates.append(exec.appendingPathComponent(name))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent(name))
        for url in candidates where FileManager.default.fileExists(atPath: url.path) {
            if let bundle = Bundle(url: url) { return bundle }
        }
        return nil
    }
}
