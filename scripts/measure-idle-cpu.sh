#!/bin/sh
# Idle CPU and resident size of the real dashboard under tmux with 4 monitors at 10 Hz, read from /proc
# over SECONDS (default 10). Usage: scripts/measure-idle-cpu.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
. scripts/dashboard-under-tmux.sh
seconds=${1:-10}
trap stop_dashboard EXIT
start_dashboard --monitors 4 --interval 100
sleep 1
hz=$(getconf CLK_TCK)
before=$(cpu_ticks "$PID")
before_ns=$(cpu_nanos "$PID")
sleep "$seconds"
after=$(cpu_ticks "$PID")
after_ns=$(cpu_nanos "$PID")
rss=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
threads=$(awk '/Threads/ {print $2}' "/proc/$PID/status")
awk -v b="$before" -v a="$after" -v hz="$hz" -v s="$seconds" -v rss="$rss" -v th="$threads" \
    -v bn="$before_ns" -v an="$after_ns" 'BEGIN {
    printf "idle CPU over %d s: %.2f%% of one core (schedstat), %.2f%% (%d ticks at %d Hz, /proc/PID/stat); resident %.1f MB; %d threads\n",
        s, (an - bn) / 1e9 / s * 100, (a - b) / hz / s * 100, a - b, hz, rss / 1024, th }'
