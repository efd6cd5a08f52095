/// The models lesson's background job: the same work for every model, so only the model differs.
/// It takes `steps` steps of `stepMs` each and reports every `reportEvery` steps.
public enum LessonJob {
    public static let steps = 240
    public static let stepMs = 250
    public static let reportEvery = 8
}
