#!/bin/sh
# daemondeck beside the classic Python loop it teaches (4 daemon threads polling a global at 10 Hz):
# CPU time over SECONDS (default 10), summed over every thread from /proc/PID/task/*/schedstat, and
# resident size, in one run on this machine. The dashboard runs under tmux at 100x30 with 4 monitors at
# 10 Hz and no timeline, from the README's release build.
# Usage: scripts/compare-python.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-10}
command -v python3 >/dev/null || { echo "compare-python: python3 is not installed; nothing to compare with"; exit 0; }
. scripts/dashboard-under-tmux.sh

python3 Resources/classic_monitor.py $((seconds + 5)) >/dev/null &
PY=$!
trap 'kill $PY 2>/dev/null; stop_dashboard' EXIT
start_dashboard --monitors 4 --interval 100
$T resize-window -t $SESSION -x 100 -y 30 2>/dev/null || true
sleep 1

py_before=$(cpu_nanos "$PY"); dd_before=$(cpu_nanos "$PID")
sleep "$seconds"
py_after=$(cpu_nanos "$PY"); dd_after=$(cpu_nanos "$PID")
py_rss=$(awk '/VmRSS/ {print $2}' "/proc/$PY/status")
dd_rss=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")

awk -v s="$seconds" -v pb="$py_before" -v pa="$py_after" -v db="$dd_before" -v da="$dd_after" \
    -v pr="$py_rss" -v dr="$dd_rss" 'BEGIN {
    py = (pa - pb) / 1e6; dd = (da - db) / 1e6
    printf "over %d s           CPU (ms)   %% of a core   resident (MB)\n", s
    printf "Python, 4 threads   %8.1f   %10.3f%%   %12.1f\n", py, py / (s * 10), pr / 1024
    printf "daemondeck          %8.1f   %10.3f%%   %12.1f\n", dd, dd / (s * 10), dr / 1024
    if (py > 0) printf "ratio (daemondeck / Python): CPU %.2f, resident %.2f\n", dd / py, dr / pr
}'
