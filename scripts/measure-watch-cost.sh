#!/bin/sh
# The cost of watching, measured from outside: `daemondeck watch --plain` on a Python program of 50
# threads, each sleeping 0.1 s in a loop, for 10 s after a 2 s start; daemondeck's CPU from
# /proc/PID/stat (utime + stime, in clock ticks), printed as ms and as a share of one core.
# Usage: scripts/measure-watch-cost.sh [path/to/daemondeck] [seconds]
set -eu
binary=${1:-.build/release/daemondeck}
seconds=${2:-10}
program='
import sys, threading, time
def nap():
    while True:
        time.sleep(0.1)
for _ in range(50):
    threading.Thread(target=nap, daemon=True).start()
time.sleep(float(sys.argv[1]))
'
"$binary" watch --plain -- python3 -c "$program" $((seconds + 5)) >/dev/null 2>&1 &
watcher=$!
ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$watcher/stat"; }
sleep 2
before=$(ticks)
sleep "$seconds"
after=$(ticks)
hertz=$(getconf CLK_TCK)
kill -TERM "$watcher"
wait "$watcher" 2>/dev/null || true
awk -v b="$before" -v a="$after" -v hz="$hertz" -v s="$seconds" 'BEGIN {
    ms = (a - b) * 1000 / hz
    printf "daemondeck watch, 50 threads, %d s: %.0f ms CPU = %.2f%% of a core\n", s, ms, ms / (s * 10)
}'
