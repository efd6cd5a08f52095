/// The lessons daemondeck ships, compiled into the binary: SwiftPM embeds each `Resources/lessons/*.lesson`
/// file as bytes (`PackageResources`, see Package.swift), so a binary copied anywhere still has them and
/// no resource bundle or Foundation `Bundle` is needed to find them.
public enum DeckResources {
    /// One shipped lesson (or board): its name (the file's name without `.lesson`) and its text.
    public struct LessonText: Sendable {
        public let name: String
        public let bytes: [UInt8]
        private let folder: String
        private let suffix: String

        public init(name: String, bytes: [UInt8], folder: String = "lessons", suffix: String = ".lesson") {
            self.name = name
            self.bytes = bytes
            self.folder = folder
            self.suffix = suffix
        }

        public var text: String { String(decoding: bytes, as: UTF8.self) }
        /// Where it lives in the source tree, for error messages (`lessons/alarm.lesson:12`).
        public var file: String { "\(folder)/\(name)\(suffix)" }
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

    /// The Python programs lessons run beside their Swift (`run-python NAME`), by name (the file's name
    /// without `.py`). A program added to Resources/python/lessons is embedded by the manifest and must be
    /// listed here.
    public static let pythonLessonPrograms: [String: [UInt8]] = [
        "asyncio_cancel": PackageResources.asyncio_cancel_py,
        "daemon_exit": PackageResources.daemon_exit_py,
        "lost_updates": PackageResources.lost_updates_py,
        "monitor": PackageResources.monitor_py,
        "parallel": PackageResources.parallel_py,
    ]

    /// Every shipped board (`Resources/boards/*.board`, docs/boards.md), by name, in the menu's order: each bug, then its fix. A board file added there is
    /// embedded by the manifest and must be listed here; a test compares this list with the folder.
    public static let boards: [LessonText] = [
        LessonText(name: "lost-update", bytes: PackageResources.lost_update_board, folder: "boards", suffix: ".board"),
        LessonText(name: "lost-update-lock", bytes: PackageResources.lost_update_lock_board, folder: "boards", suffix: ".board"),
        LessonText(name: "check-then-act", bytes: PackageResources.check_then_act_board, folder: "boards", suffix: ".board"),
        LessonText(name: "check-then-act-lock", bytes: PackageResources.check_then_act_lock_board, folder: "boards", suffix: ".board"),
        LessonText(name: "deadlock", bytes: PackageResources.deadlock_board, folder: "boards", suffix: ".board"),
        LessonText(name: "lock-order", bytes: PackageResources.lock_order_board, folder: "boards", suffix: ".board"),
        LessonText(name: "lost-wakeup", bytes: PackageResources.lost_wakeup_board, folder: "boards", suffix: ".board"),
        LessonText(name: "lost-wakeup-fix", bytes: PackageResources.lost_wakeup_fix_board, folder: "boards", suffix: ".board"),
        LessonText(name: "semaphore-extra-release", bytes: PackageResources.semaphore_extra_release_board, folder: "boards", suffix: ".board"),
        LessonText(name: "semaphore-balanced", bytes: PackageResources.semaphore_balanced_board, folder: "boards", suffix: ".board"),
        LessonText(name: "publish-flag-first", bytes: PackageResources.publish_flag_first_board, folder: "boards", suffix: ".board"),
        LessonText(name: "publish-data-first", bytes: PackageResources.publish_data_first_board, folder: "boards", suffix: ".board"),
        LessonText(name: "event-cleared-early", bytes: PackageResources.event_cleared_early_board, folder: "boards", suffix: ".board"),
        LessonText(name: "event-clear-after", bytes: PackageResources.event_clear_after_board, folder: "boards", suffix: ".board"),
        LessonText(name: "actor-reentrancy", bytes: PackageResources.actor_reentrancy_board, folder: "boards", suffix: ".board"),
        LessonText(name: "actor-recheck", bytes: PackageResources.actor_recheck_board, folder: "boards", suffix: ".board"),
        LessonText(name: "asyncio-await-between", bytes: PackageResources.asyncio_await_between_board, folder: "boards", suffix: ".board"),
        LessonText(name: "asyncio-lock", bytes: PackageResources.asyncio_lock_board, folder: "boards", suffix: ".board"),
        LessonText(name: "cancelled-transfer", bytes: PackageResources.cancelled_transfer_board, folder: "boards", suffix: ".board"),
        LessonText(name: "cancelled-before", bytes: PackageResources.cancelled_before_board, folder: "boards", suffix: ".board"),
    ]

    /// The classic Python program daemondeck is measured against (four daemon threads polling a global
    /// at 10 Hz): `daemondeck bench` runs it beside the dashboard when `python3` is there.
    public static var classicPythonMonitor: String { String(decoding: PackageResources.classic_monitor_py, as: UTF8.self) }

    /// `daemondeck watch`'s Python start-up hook (Resources/python/hook/sitecustomize.py), written to a
    /// private folder put first on the watched program's PYTHONPATH (docs/watch.md).
    public static var pythonHook: [UInt8] { PackageResources.sitecustomize_py }
}
