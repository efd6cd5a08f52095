/// The lessons daemondeck ships, compiled into the binary: SwiftPM embeds each `Resources/lessons/*.lesson`
/// file as bytes (`PackageResources`, see Package.swift), so a binary copied anywhere still has them and
/// no resource bundle or Foundation `Bundle` is needed to find them.
public enum DeckResources {
    /// One shipped lesson: its name (the file's name without `.lesson`) and its text.
    public struct LessonText: Sendable {
        public let name: String
        public let bytes: [UInt8]

        public var text: String { String(decoding: bytes, as: UTF8.self) }
        /// Where it lives in the source tree, for error messages (`lessons/alarm.lesson:12`).
        public var file: String { "lessons/\(name).lesson" }
    }

    /// Every shipped lesson, by name. A lesson file added to Resources/lessons is embedded by the
    /// manifest and must be listed here; a test compares this list with the folder.
    public static let lessons: [LessonText] = [
        LessonText(name: "alarm", bytes: PackageResources.alarm_lesson),
        LessonText(name: "cancel", bytes: PackageResources.cancel_lesson),
        LessonText(name: "daemon-exit", bytes: PackageResources.daemon_exit_lesson),
        LessonText(name: "deadlock", bytes: PackageResources.deadlock_lesson),
        LessonText(name: "errors", bytes: PackageResources.errors_lesson),
        LessonText(name: "event", bytes: PackageResources.event_lesson),
        LessonText(name: "heartbeat", bytes: PackageResources.heartbeat_lesson),
        LessonText(name: "lost-updates", bytes: PackageResources.lost_updates_lesson),
        LessonText(name: "missed-changes", bytes: PackageResources.missed_changes_lesson),
        LessonText(name: "models", bytes: PackageResources.models_lesson),
        LessonText(name: "monitor", bytes: PackageResources.monitor_lesson),
        LessonText(name: "parallel", bytes: PackageResources.parallel_lesson),
        LessonText(name: "pool", bytes: PackageResources.pool_lesson),
        LessonText(name: "semaphore", bytes: PackageResources.semaphore_lesson),
        LessonText(name: "shutdown", bytes: PackageResources.shutdown_lesson),
        LessonText(name: "structured", bytes: PackageResources.structured_lesson),
    ]

    /// The classic Python program daemondeck is measured against (four daemon threads polling a global
    /// at 10 Hz): `daemondeck bench` runs it beside the dashboard when `python3` is there.
    public static var classicPythonMonitor: String { String(decoding: PackageResources.classic_monitor_py, as: UTF8.self) }

    /// `daemondeck watch`'s Python start-up hook (Resources/python/hook/sitecustomize.py), written to a
    /// private folder put first on the watched program's PYTHONPATH (docs/watch.md).
    public static var pythonHook: [UInt8] { PackageResources.sitecustomize_py }
}
