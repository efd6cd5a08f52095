// swift-tools-version: 6.1
import Foundation
import PackageDescription

// The shipped lessons (every `.lesson` file in Resources/lessons, found when the manifest is read) and
// the classic Python loop the bench runs beside the dashboard are compiled into the binary
// (`embedInCode`), so it needs no resource bundle and no Foundation `Bundle` to find them.
let lessonFiles = ((try? FileManager.default.contentsOfDirectory(
    atPath: Context.packageDirectory + "/Resources/lessons")) ?? [])
    .filter { $0.hasSuffix(".lesson") }
    .sorted()
// The shipped boards (every `.board` file in Resources/boards), embedded the same way.
let boardFiles = ((try? FileManager.default.contentsOfDirectory(
    atPath: Context.packageDirectory + "/Resources/boards")) ?? [])
    .filter { $0.hasSuffix(".board") }
    .sorted()

// The Python programs lessons run beside their Swift (`run-python NAME`), embedded the same way.
let pythonLessonFiles = ((try? FileManager.default.contentsOfDirectory(
    atPath: Context.packageDirectory + "/Resources/python/lessons")) ?? [])
    .filter { $0.hasSuffix(".py") }
    .sorted()

let package = Package(
    name: "daemondeck",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "daemondeck", targets: ["daemondeck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The system ncursesw library plus a shim header for what does not import into Swift.
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // Small C pieces: the fatal-signal handler that puts the terminal back before the process dies
        // (async-signal-safe calls only), and the thread naming and ids that need _GNU_SOURCE.
        .target(name: "CDeckSystem"),
        // Everything that is not the terminal: state, events, reducer, workers, log, screen buffer, panels.
        // It never imports curses, so every panel can be tested as text.
        .target(name: "DeckCore", dependencies: ["DeckResources", "CDeckSystem"]),
        // The only importer of curses: init/restore, keys, colours, signals, flushing the buffer.
        .target(name: "DeckTerminal", dependencies: ["DeckCore", "CNcursesw", "CDeckSystem"]),
        // Lessons and other data, as its own target so it can sit at the top level.
        .target(
            name: "DeckResources",
            path: "Resources",
            exclude: ["daemondeck.1"],  // the man page is installed, not bundled
            resources: lessonFiles.map { .embedInCode("lessons/" + $0) } + boardFiles.map { .embedInCode("boards/" + $0) }
                + pythonLessonFiles.map { .embedInCode("python/lessons/" + $0) } + [.embedInCode("classic_monitor.py")]
                + [.embedInCode("python/hook/sitecustomize.py")]  // the Python start-up hook of `watch` (docs/watch.md)
        ),
        // The performance report (`daemondeck bench`) and the headless dashboard it measures.
        .target(name: "DeckBench", dependencies: ["DeckCore"]),
        // Argument parsing and wiring, nothing else.
        .executableTarget(
            name: "daemondeck",
            dependencies: [
                "DeckCore", "DeckTerminal", "DeckBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The release link, for less resident memory (docs/performance.md): lld packs the ~40,000
            // relative relocations of Swift's metadata into a few kilobytes (DT_RELR, glibc 2.36+), and the
            // executable exports no dynamic symbols (nothing loads it as a library).
            linkerSettings: [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux]))]
        ),
        // Shared by the test targets: a manual clock, snapshot assertions, a tmux driver.
        .target(name: "DeckTestSupport", dependencies: ["DeckCore"]),
        .testTarget(name: "DeckCoreTests", dependencies: ["DeckCore", "DeckResources", "DeckBench", "DeckTestSupport"]),
        .testTarget(
            name: "DeckScreenTests",
            dependencies: ["DeckCore", "DeckTestSupport"],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(name: "DeckEndToEndTests", dependencies: ["DeckCore", "DeckTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
