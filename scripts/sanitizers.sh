#!/usr/bin/env bash
# Runs the test suite under ThreadSanitizer, then AddressSanitizer, each in its own build folder so the
# normal .build is left alone. A sanitizer report is a failure even when the test run exits 0.
#
# Tests that drive the real binary under tmux are slow under the sanitizers; they are skipped when
# DAEMONDECK_SKIP_TMUX=1 (this script sets it), and the robustness suite covers the binary instead.
#
# Usage: scripts/sanitizers.sh [thread|address]...   (default: both)
set -u
cd "$(dirname "$0")/.."

export DAEMONDECK_SKIP_TMUX=1
export SWIFT_BACKTRACE=interactive=no
# halt_on_error=0: report every race in one run, the grep below makes any report a failure.
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=0 second_deadlock_stack=1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"

sanitizers=("$@")
[ ${#sanitizers[@]} -eq 0 ] && sanitizers=(thread address)

failed=0
for sanitizer in "${sanitizers[@]}"; do
    case "$sanitizer" in
        thread) scratch=.build-tsan; pattern='WARNING: ThreadSanitizer' ;;
        # AddressSanitizer works with this toolchain on Linux; leak detection is off because Foundation's
        # process-lifetime caches are reported as leaks at exit, which is noise, not a bug of ours.
        address) scratch=.build-asan; pattern='ERROR: AddressSanitizer' ;;
        *) echo "sanitizers.sh: unknown sanitizer '$sanitizer' (thread or address)" >&2; exit 64 ;;
    esac
    mkdir -p "$scratch"
    log="$scratch/sanitizer.log"  # inside the ignored build folder
    echo "== swift test --sanitize=$sanitizer (log: $log)"
    swift test --disable-xctest --sanitize="$sanitizer" --scratch-path "$scratch" >"$log" 2>&1
    status=$?
    reports=$(grep -c "$pattern" "$log")
    tail -n 5 "$log"
    if [ "$status" -ne 0 ]; then
        echo "FAIL: swift test --sanitize=$sanitizer exited $status"
        failed=1
    fi
    if [ "$reports" -ne 0 ]; then
        echo "FAIL: $reports $sanitizer sanitizer report(s); first one:"
        grep -n -A 30 -m 1 "$pattern" "$log"
        failed=1
    fi
    [ "$status" -eq 0 ] && [ "$reports" -eq 0 ] && echo "OK: $sanitizer sanitizer clean"
done
exit $failed
