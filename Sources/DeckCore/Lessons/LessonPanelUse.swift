/// Which of the dashboard's optional panels a lesson ever touches, read once from its settings and steps
/// when it loads. The layout folds the others to one line, so a lesson about locks does not spend a third
/// of an 80x24 screen on "no alarm yet: press a".
public struct LessonPanelUse: Sendable, Equatable, Codable {
    /// The shared values (data, limit): written by the lesson, watched by its monitors, or mutated by auto.
    public var sharedState: Bool
    /// The alarm task: started or cancelled by the lesson.
    public var alarm: Bool

    public init(sharedState: Bool, alarm: Bool) {
        self.sharedState = sharedState
        self.alarm = alarm
    }

    public init(settings: LessonSettings, steps: [LessonStep]) {
        var shared = settings.monitors > 0 || settings.snapshotWriter || settings.auto
        var alarm = false
        for step in steps {
            switch step.command {
            case .set: shared = true
            case .start(.monitor), .stop(.monitor): shared = true
            case .start(.alarm), .stop(.alarm): alarm = true
            case .press(let key):
                switch KeyMap.action(for: key) {
                case .selectPrevious, .selectNext, .increment, .decrement, .randomize, .toggleAuto, .addMonitor:
                    shared = true
                case .startAlarm, .cancelAlarm:
                    alarm = true
                default: break
                }
            default: break
            }
        }
        self.init(sharedState: shared, alarm: alarm)
    }
}
