/// `?`: every key, and a glossary of the columns and states. Any key closes it (`P` shows the
/// Python ↔ Swift page). It covers the whole screen but the status bar.
public enum HelpOverlay {
    /// The Workers panel's columns and kinds (left) and every worker state (right), two columns so it
    /// all fits in 80x24. The words are the quit summary's: joined, abandoned (cut off), cleanup ran.
    /// A test checks every column title and state label is here.
    static let glossary: [(String, String)] = [
        ("kind   daemon thread: abandoned (cut off)", "starting/running  not yet / busy"),
        ("       non-daemon: joined (child: killed)", "sleeping  between two loops"),
        ("       task: cancelled, its handler runs", "waiting   for a write or a permit"),
        ("model  Thread, Task, Dispatch or process", "ticking   the alarm counting down"),
        ("state  what it is doing now (states →)", "saving    writing its snapshot"),
        ("polls  times round its loop: polls, ticks", "parking   stops at its next check"),
        ("       (3t: 3 ticks) saves beats checks", "frozen    parked (z); s: one loop"),
        ("       job steps, increments, child lines", "stalled   alive, but silent"),
        ("seen missed  changes seen / overwritten", "stopping/stopped  cleanup / done"),
        ("interval  time between two polls", "cancelled cancelled; cleanup ran"),
        ("kernel /proc says · pool: no own thread", "finished  ran to its end"),
    ]

    /// While watching a program (`daemondeck watch`): its thread rows' columns (left), the kernel's thread
    /// states and what the keys do to the program (right). A test checks every column and state is here.
    static let watchGlossary: [(String, String)] = [
        ("tid    the thread's id in the kernel", "running   on a CPU, or ready to run"),
        ("name   OS name (Python: Thread.name)", "sleeping  waits (see waits for)"),
        ("state  the kernel's, read every 100 ms", "disk wait uninterruptible, often I/O"),
        ("waits for  why it sleeps: timed sleep,", "stopped   by SIGSTOP (z) or a tracer"),
        ("       lock (futex), I/O (read, poll)", "zombie    ended, not yet reaped"),
        ("cpu s  CPU time it used, in seconds", "z  SIGSTOP to its group, z: SIGCONT"),
        ("cpu%   share of a core since last read", "s  no step: z thaws the whole group"),
        ("vol    switches where it gave up the", "q  SIGTERM to its group, then"),
        ("       CPU (it waited for something)", "   SIGKILL after --grace; reaped"),
        ("invol  switches where it was preempted", "q again  SIGKILL at once"),
        ("kind model  Python hook: daemon, Task", "--pid  read only: never signalled"),
    ]

    /// The glossary for what the screen shows now.
    static func glossary(for state: AppState) -> [(String, String)] { state.watch == nil ? glossary : watchGlossary }

    /// Columns between a key and its words, and between the two halves (or the glossary's two columns).
    static let keyGap = 2, columnGap = 3, glossaryGap = 2

    public static func render(_ state: AppState, in screen: Rect, into buffer: inout ScreenBuffer) {
        // Keys in two halves, then the glossary: it all fits in 80x24. A replay has keys of its own.
        let keyLines = state.replay == nil ? KeyMap.helpLines(watching: state.watch != nil) : KeyMap.replayHelpLines
        let half = (keyLines.count + 1) / 2
        let area = screen
        buffer.box(area, title: "Help · P Python ↔ Swift · any other key closes", style: Style(.overlay),
                   titleStyle: Style(.title, bold: true))
        let inner = area.inner
        // Each half is as wide as its longest keys and words, so no column runs into the next.
        var x = inner.x + 1
        for lines in [keyLines[..<half], keyLines[half...]] {
            let keysWidth = lines.map(\.keys.unicodeScalars.count).max() ?? 0
            let helpWidth = lines.map(\.help.unicodeScalars.count).max() ?? 0
            for (row, line) in lines.enumerated() where inner.y + row < inner.maxY {
                let y = inner.y + row
                buffer.put(line.keys, x: x, y: y, style: Style(.overlay, bold: true), maxWidth: inner.maxX - x)
                let helpX = x + keysWidth + keyGap
                buffer.putTruncated(line.help, x: helpX, y: y, style: Style(.overlay), maxWidth: inner.maxX - helpX)
            }
            x += keysWidth + keyGap + helpWidth + columnGap
        }
        // The glossary's right column starts past the longest entry on the left.
        let glossary = glossary(for: state)
        let leftWidth = glossary.map(\.0.unicodeScalars.count).max() ?? 0
        let rightX = inner.x + 1 + leftWidth + glossaryGap
        for (index, (left, right)) in glossary.enumerated() {
            let y = inner.y + half + index
            guard y < inner.maxY else { break }
            buffer.putTruncated(left, x: inner.x + 1, y: y, style: Style(.overlay), maxWidth: leftWidth)
            buffer.putTruncated(right, x: rightX, y: y, style: Style(.overlay), maxWidth: inner.maxX - rightX)
        }
    }
}
