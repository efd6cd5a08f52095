#!/bin/sh
# The cost of watching, measured from outside: `daemondeck watch --plain` on a Python program of 50
# threads for 10 s after a 2 s start; daemondeck's CPU from /proc/PID/stat (utime + stime, in clock
# ticks), printed as ms and as a share of one core. The threads either each sleep 0.1 s in a loop
# (`naps`, the bench's program: every thread runs between two samples) or all wait on one
# threading.Event that is never set (`waits`: no thread runs between samples, as in a program whose
# workers wait for work).
# Usage: scripts/measure-watch-cost.sh [path/to/daemondeck] [seconds] [naps|waits]
set -eu
binary=${1:-.build/release/daemondeck}
seconds=${2:-10}
threads=${3:-naps}
case $threads in
naps) body='while True: time.sleep(0.1)' ;;
waits) body='threading.Event().wait()' ;;
*) echo "measure-watch-cost.sh: the third argument is naps or waits, not $threads" >&2; exit 64 ;;
esac
program="
import sys, threading, time
def work():
    $body
for _ in range(50):
    threading.Thread(target=work, daemon=True).start()
time.sleep(float(sys.argv[1]))
"
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
awk -v b="$before" -v a="$after" -v hz="$hertz" -v s="$seconds" -v t="$threads" 'BEGIN {
    ms = (a - b) * 1000 / hz
    printf "daemondeck watch, 50 threads (%s), %d s: %.0f ms CPU = %.2f%% of a core\n", t, s, ms, ms / (s * 10)
}'
