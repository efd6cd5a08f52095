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
sleep "$seconds"
after=$(cpu_ticks "$PID")
rss=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
threads=$(awk '/Threads/ {print $2}' "/proc/$PID/status")
awk -v b="$before" -v a="$after" -v hz="$hz" -v s="$seconds" -v rss="$rss" -v th="$threads" 'BEGIN {
    printf "idle CPU over %d s: %.2f%% of one core (%d ticks at %d Hz); resident %.1f MB; %d threads\n",
        s, (a - b) / hz / s * 100, a - b, hz, rss / 1024, th }'
