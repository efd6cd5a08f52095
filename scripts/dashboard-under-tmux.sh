# Shared by the measure-*.sh scripts: starts the real dashboard in a detached tmux session on a private
# socket, and finds its process id. Source it; call `start_dashboard ARGS...`, then `stop_dashboard`.
BIN=${DAEMONDECK_BIN:-.build/release/daemondeck}
SOCKET=daemondeck-measure-$$
SESSION=measure
T="tmux -L $SOCKET"

start_dashboard() {
    [ -x "$BIN" ] || { echo "no binary at $BIN (swift build -c release, or set DAEMONDECK_BIN)" >&2; exit 1; }
    $T new-session -d -s $SESSION -x 120 -y 40 \
        "env TERM=xterm-256color LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no ${EXTRA_ENV:-} $BIN $*; sleep 600"
    for _ in $(seq 1 100); do
        $T capture-pane -p -t $SESSION 2>/dev/null | grep -q "Event log" && break
        sleep 0.1
    done
    shell_pid=$($T list-panes -t $SESSION -F '#{pane_pid}')
    PID=$(pgrep -P "$shell_pid" | head -1)
    [ -n "$PID" ] || { echo "dashboard did not start" >&2; stop_dashboard; exit 1; }
}

stop_dashboard() {
    $T kill-server 2>/dev/null || true
}

# CPU time (utime + stime) of a process in clock ticks, from /proc/PID/stat.
cpu_ticks() {
    sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

# Nanoseconds on a CPU summed over every thread of a process, from /proc/PID/task/*/schedstat (finer than ticks).
cpu_nanos() {
    cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f", s }'
}
