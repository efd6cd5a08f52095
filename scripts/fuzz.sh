#!/usr/bin/env bash
# Fuzzes daemondeck's parsers with libFuzzer: the lesson parser, the config file, the recording reader
# (a recording is a file people share), the key decoder and the board parser (with the model on every
# board that parses). Each target in Fuzz/targets/ is linked against the project's real sources, built by SwiftPM with coverage (-sanitize=fuzzer) and
# AddressSanitizer in a build folder of its own (.build-fuzz), then runs for SECONDS.
#
# A crash, a hang (one input over $FUZZ_TIMEOUT s) or an allocation over $FUZZ_RSS_MB MB is a finding:
# libFuzzer writes the input to Fuzz/findings/<target>/ (ignored by git) and this script exits 1.
# Reproduce one with: .build-fuzz/fuzz-<target> Fuzz/findings/<target>/crash-...
#
# Seeds come from Fuzz/corpus/<target>/ (read only); what a run discovers is kept in
# .build-fuzz/corpus/<target>/, so the next run starts from there. docs/fuzzing.md says more.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (default: 60 seconds, every target)
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(lesson config recording keys board)
case "$seconds" in
    ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, got '$seconds'" >&2; exit 64 ;;
esac
for target in "${targets[@]}"; do
    [ -f "Fuzz/targets/$target.swift" ] || {
        echo "fuzz.sh: no target '$target' (targets: $(cd Fuzz/targets && ls *.swift | sed 's/\.swift$//' | tr '\n' ' '))" >&2
        exit 64
    }
done

rss_mb=${FUZZ_RSS_MB:-2048}
timeout_s=${FUZZ_TIMEOUT:-10}
scratch=.build-fuzz
build=$scratch/release
export SWIFT_BACKTRACE=enable=no  # libFuzzer and ASan print the stack; Swift's backtracer would wait
# Leak detection off: Foundation's process-lifetime caches are reported as leaks at exit (noise, as in
# scripts/sanitizers.sh); unbounded growth is still caught by -rss_limit_mb and -malloc_limit_mb.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"

echo "== build DeckCore and DeckTerminal with -sanitize=fuzzer,address ($scratch)"
# Optimised, as the shipped binary is (a debug build opened about 2 recordings a second here, too slow to fuzz);
# -enable-testing lets the targets reach internal pieces (KeyDecoder) with @testable import.
swift build -c release --scratch-path "$scratch" --target DeckTerminal -Xswiftc -enable-testing \
    -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address || exit 1

# The objects of the real modules, linked with each target's entry point (no copies of the parsers).
objects=("$build"/DeckCore.build/*.o "$build"/DeckResources.build/*.o "$build"/CDeckSystem.build/*.o)
status=0
for target in "${targets[@]}"; do
    binary=$scratch/fuzz-$target
    extra=()
    # The key decoder lives in DeckTerminal, the one module that imports curses.
    [ "$target" = keys ] && extra=("$build"/DeckTerminal.build/*.o -lncursesw
        -Xcc -fmodule-map-file=Sources/CNcursesw/module.modulemap)
    echo "== link $binary"
    swiftc -sanitize=fuzzer,address -parse-as-library -g -use-ld=lld \
        -I "$build/Modules" -Xcc -fmodule-map-file="$build/CDeckSystem.build/module.modulemap" \
        "Fuzz/targets/$target.swift" "${objects[@]}" "${extra[@]}" -o "$binary" || exit 1

    corpus=$scratch/corpus/$target
    findings=Fuzz/findings/$target
    mkdir -p "$corpus" "$findings"
    dict=()
    [ -f "Fuzz/dict/$target.dict" ] && dict=(-dict="Fuzz/dict/$target.dict")
    echo "== fuzz $target for $seconds s (log: $scratch/fuzz-$target.log)"
    "$binary" -max_total_time="$seconds" -rss_limit_mb="$rss_mb" -malloc_limit_mb="$rss_mb" \
        -timeout="$timeout_s" -artifact_prefix="$findings/" -print_final_stats=1 "${dict[@]}" \
        "$corpus" "Fuzz/corpus/$target" >"$scratch/fuzz-$target.log" 2>&1
    code=$?
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^Done ' "$scratch/fuzz-$target.log"
    found=$(find "$findings" -type f | wc -l)
    if [ "$code" -ne 0 ] || [ "$found" -gt 0 ]; then
        echo "FINDING: $target exited $code, $found input(s) in $findings/:"
        grep -E 'ERROR: libFuzzer|ERROR: AddressSanitizer|Fatal error|SUMMARY' "$scratch/fuzz-$target.log" | head -5
        find "$findings" -type f | head -5
        status=1
    else
        echo "ok: $target, no finding"
    fi
done
exit $status
