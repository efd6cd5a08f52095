// swift-tools-version: 6.1
import PackageDescription

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
        // Everything that is not the terminal: state, events, reducer, workers, log, screen buffer, panels.
        // It never imports curses, so every panel can be tested as text.
        .target(name: "DeckCore", dependencies: ["DeckResources"]),
        // The only importer of curses: init/restore, keys, colours, signals, flushing the buffer.
        .target(name: "DeckTerminal", dependencies: ["DeckCore", "CNcursesw"]),
        // Lessons and other data, as its own target so it can sit at the top level.
        .target(
            name: "DeckResources",
            path: "Resources",
            exclude: [],
            resources: [.copy("lessons")]
        ),
        // Argument parsing and wiring, nothing else.
        .executableTarget(
            name: "daemondeck",
            dependencies: [
                "DeckCore", "DeckTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared by the test targets: a manual clock, snapshot assertions, a tmux driver.
        .target(name: "DeckTestSupport", dependencies: ["DeckCore"]),
        .testTarget(name: "DeckCoreTests", dependencies: ["DeckCore", "DeckTestSupport"]),
        .testTarget(
            name: "DeckScreenTests",
            dependencies: ["DeckCore", "DeckTestSupport"],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(name: "DeckEndToEndTests", dependencies: ["DeckCore", "DeckTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
