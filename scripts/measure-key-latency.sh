#!/bin/sh
# Key-to-screen latency of the real dashboard under tmux: from a key being read to the frame that shows it
# being flushed, as the dashboard itself records it (the hidden `daemondeck measure-keys`: the default
# dashboard, 4 monitors at 100 ms, writing its latencies at exit; the shipped one records none). Sends KEYS keys
# (default 100) about 30 ms apart. Usage: scripts/measure-key-latency.sh [KEYS]
set -eu
cd "$(dirname "$0")/.."
. scripts/dashboard-under-tmux.sh
keys=${1:-100}
out=$(mktemp)
trap 'stop_dashboard; rm -f "$out"' EXIT
start_dashboard measure-keys --file "$out"
i=0
while [ $i -lt "$keys" ]; do
    if [ $((i % 2)) -eq 0 ]; then $T send-keys -t $SESSION j; else $T send-keys -t $SESSION k; fi
    sleep 0.03
    i=$((i + 1))
done
$T send-keys -t $SESSION q
for _ in $(seq 1 50); do [ -s "$out" ] && break; sleep 0.1; done
sort -n "$out" | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "no samples recorded"; exit 1 }
    p50 = v[int(NR * 0.50 + 0.999)]; p99 = v[int(NR * 0.99 + 0.999)]
    printf "key to screen over %d keys: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", NR, p50 / 1000, p99 / 1000, v[NR] / 1000 }'
