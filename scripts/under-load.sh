#!/usr/bin/env bash
# Runs the test suite while busy loops keep every core occupied, as on a shared, noisy CI machine.
# The suite must pass like this: no test may depend on a race happening or on a deadline a loaded
# machine misses.
#
# Usage: scripts/under-load.sh [TIMES] [extra swift test arguments...]   (default: once)
set -u
cd "$(dirname "$0")/.."
times="${1:-1}"
shift || true
cores=$(nproc 2>/dev/null || echo 2)
export SWIFT_BACKTRACE=interactive=no

burners=()
stop_burners() { for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null; }
trap stop_burners EXIT
# Build first, unloaded, so the loops load the tests and not the compiler.
swift build --build-tests >/dev/null || { echo "under-load: the build failed"; exit 1; }
for _ in $(seq 1 "$cores"); do
    ( while :; do :; done ) &
    burners+=($!)
done
echo "under-load: $cores busy loops running (pids ${burners[*]})"

for run in $(seq 1 "$times"); do
    echo "== under load, run $run of $times: swift test --disable-xctest $*"
    if ! swift test --disable-xctest "$@"; then
        echo "under-load: run $run failed"
        exit 1
    fi
done
echo "under-load: $times run(s) passed with every core busy"
