#!/usr/bin/env bash
# The robustness suite: the real daemondeck binary under tmux, bounded in time (about 3 minutes; every
# wait has a deadline). It checks what a user would: a minute of random keys with resize storms, a
# flood of a million events with flat memory, odd terminals and locales, no terminal at all, and
# signals at random moments. After every run the terminal must be sane again (`stty -a` in the pane
# shows icanon and echo). Stops at the first failure with a clear message.
#
# Usage: scripts/robustness.sh [path/to/daemondeck]   (default .build/debug/daemondeck)
#   ROBUST_FUZZ_SECONDS=60  length of the random-key run
#   ROBUST_SEED=N           seed for the random keys and moments (printed, so a failure can be replayed)
set -u
BIN="${1:-.build/debug/daemondeck}"
case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac
[ -x "$BIN" ] || { echo "robustness: no binary at $BIN (build first: swift build)"; exit 2; }
command -v tmux >/dev/null || { echo "robustness: tmux is not installed"; exit 2; }

FUZZ_SECONDS="${ROBUST_FUZZ_SECONDS:-60}"
SEED="${ROBUST_SEED:-$(( $(date +%s) % 100000 ))}"
RANDOM=$SEED
SOCKET="daemondeck-robust-$$"
WORK="$(mktemp -d /tmp/daemondeck-robust.XXXXXX)"
PASSED=0
FAILED=0
SESSION=""

tm() { tmux -L "$SOCKET" "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT
# One idle session for the whole run keeps the tmux server alive between checks: when a check kills the
# last session the server exits, and a new-session that reaches it while it is exiting fails with
# "server exited unexpectedly".
tm new-session -d -s keeper -x 20 -y 5 "exec sleep 100000" || { echo "robustness: tmux cannot start"; exit 1; }

finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
    exit $?
}

fail() {
    FAILED=$((FAILED + 1))
    echo "FAIL: $1"
    if [ -n "$SESSION" ]; then
        echo "---- screen of $SESSION ----"
        tm capture-pane -p -t "$SESSION" 2>/dev/null | sed -e 's/[[:space:]]*$//' | grep -v '^$' | tail -n 30
        echo "----"
    fi
    echo "(replay with ROBUST_SEED=$SEED)"
    finish
}

pass() { PASSED=$((PASSED + 1)); echo "ok: $1"; }

# start_session NAME WIDTH HEIGHT "ENV ASSIGNMENTS" ARGS...
# The pane runs the binary, then prints its exit status and the terminal settings, then idles.
start_session() {
    local name="$1" width="$2" height="$3" env="$4"
    shift 4
    SESSION="$name"
    local args=""
    for a in "$@"; do args="$args '$a'"; done
    # The shell traps SIGINT (a handler, reset to default in the child) so Ctrl-C reaches only daemondeck.
    local script="trap : INT; cd '$WORK' && env HOME='$WORK' TZ=UTC SWIFT_BACKTRACE=interactive=no $env '$BIN' $args; \
echo \"[exited \$?]\"; echo \"[stty \$(stty -a | tr '\n' ' ')]\"; exec sleep 600"
    # tmux runs the command with sh -c itself: one shell, so its trap and $? are the ones that count.
    tm new-session -d -s "$name" -x "$width" -y "$height" "$script" \
        || fail "$name: tmux could not start a session"
}

# With the scrollback: on a 10x5 pane the exit line scrolls off at once.
screen() { tm capture-pane -p -J -S -200 -t "$SESSION" 2>/dev/null; }

# wait_for TEXT SECONDS: true once the pane shows TEXT.
wait_for() {
    local text="$1" deadline=$(( $(date +%s) + $2 ))
    while [ "$(date +%s)" -le "$deadline" ]; do
        screen | grep -qF -- "$text" && return 0
        sleep 0.1
    done
    return 1
}

# The pid of the binary: the pane's shell's child.
app_pid() {
    local shell
    shell=$(tm display-message -p -t "$SESSION" '#{pane_pid}' 2>/dev/null) || return 1
    pgrep -P "$shell" -x daemondeck 2>/dev/null | head -n 1
}

# expect_exit STATUS SECONDS: the binary exited with STATUS and left the terminal sane.
expect_exit() {
    local want="$1" seconds="$2"
    wait_for "[exited" "$seconds" || fail "$SESSION: did not exit within ${seconds}s"
    wait_for "[stty" 3 || fail "$SESSION: the pane did not print the terminal settings"
    local got
    got=$(screen | tr '\n' ' ' | sed -n 's/.*\[exited \([0-9]*\)\].*/\1/p')
    [ "$got" = "$want" ] || fail "$SESSION: exit status $got, expected $want"
    local settings
    settings=$(screen | tr '\n' ' ' | sed -n 's/.*\[stty \(.*\)\].*/\1/p')
    echo " $settings " | grep -q ' icanon ' || fail "$SESSION: terminal left without icanon: $settings"
    echo " $settings " | grep -q ' echo ' || fail "$SESSION: terminal left without echo: $settings"
}

end_session() { tm kill-session -t "$SESSION" >/dev/null 2>&1; SESSION=""; }

# Quit the way a user does: Esc closes help or a search being typed, q quits, a second q forces.
quit_cleanly() {
    tm send-keys -t "$SESSION" Escape Escape
    sleep 0.2
    tm send-keys -t "$SESSION" q
    if ! wait_for "[exited" 8; then
        tm send-keys -t "$SESSION" q
    fi
}

echo "robustness: binary $BIN, seed $SEED, random keys for ${FUZZ_SECONDS}s"

# 1. A minute of random keys and resize storms.
printable='abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789 +-=_[]{}<>/?!@#$%^&*(),.;:~`"|é€日'
named=(Up Down Left Right PageUp PageDown Home End Tab BTab Enter Escape BSpace DC IC
       F1 F2 F3 F4 F5 F6 F7 F8 F9 F10 F11 F12 C-a C-b C-d C-e C-l C-r C-u C-w M-a M-x M-[)
sequences=($'\e[A' $'\e[1;5C' $'\e[5~' $'\e[15~' $'\eOP' $'\e[<0;10;5M' $'\e[<0;10;5m' $'\e[<64;40;20M'
           $'\e[<65;40;20M' $'\e[M !!' $'\e[M`((' $'\e[Ma((' $'\e[<2;300;100M' $'\e[999;999R' $'\e[?1;2c'
           $'\e]0;title\a' $'\e[' $'\e' $'\e\e\e' $'\e[200~pasted text\e[201~' $'\x7f' $'\x00')
sizes=("10 5" "300 100" "80 24" "11 6" "120 40" "79 23" "200 60" "40 10" "81 25" "300 5" "10 100")
start_session fuzz 80 24 ""
wait_for "Event log" 10 || fail "fuzz: the dashboard did not appear"
end_at=$(( $(date +%s) + FUZZ_SECONDS ))
sent=0
resizes=0
while [ "$(date +%s)" -lt "$end_at" ]; do
    for _ in 1 2 3 4 5 6 7 8; do
        case $((RANDOM % 4)) in
            0|1) tm send-keys -t fuzz -l -- "${printable:$((RANDOM % ${#printable})):1}" ;;
            2) tm send-keys -t fuzz "${named[$((RANDOM % ${#named[@]}))]}" ;;
            3) tm send-keys -t fuzz -l -- "${sequences[$((RANDOM % ${#sequences[@]}))]}" ;;
        esac
        sent=$((sent + 1))
    done
    if [ $((RANDOM % 3)) -eq 0 ]; then
        # A storm: several sizes in a row, no pause between them.
        for _ in 1 2 3; do
            size=(${sizes[$((RANDOM % ${#sizes[@]}))]})
            tm resize-window -t fuzz -x "${size[0]}" -y "${size[1]}" 2>/dev/null
            resizes=$((resizes + 1))
        done
    fi
    if screen | grep -qF "[exited"; then
        fail "fuzz: daemondeck ended during random keys after $sent keys"
    fi
done
tm resize-window -t fuzz -x 80 -y 24
[ -n "$(app_pid)" ] || fail "fuzz: daemondeck is gone after $sent keys"
# It still answers: help opens after the storm.
tm send-keys -t fuzz Escape Escape
sleep 0.3
tm send-keys -t fuzz Escape '?'
wait_for "Help" 5 || fail "fuzz: no help overlay after the storm (is it still drawing?)"
pass "random keys: $sent keys, $resizes resizes in ${FUZZ_SECONDS}s, still running and drawing"
quit_cleanly
expect_exit 0 10
pass "random keys: q exits 0 and the terminal is sane"
end_session

# 1b. Mouse under tmux: an SGR click on the second shared value selects it, the wheel scrolls the log.
start_session mouse 100 30 "TERM=xterm-256color" --monitors 1
wait_for "Event log" 10 || fail "mouse: the dashboard did not appear"
tm send-keys -t mouse -l $'\e[<0;5;4M'
tm send-keys -t mouse -l $'\e[<0;5;4m'
wait_for "▸ limit" 5 || fail "mouse: a click on limit did not select it"
for _ in $(seq 1 30); do tm send-keys -t mouse r; done
sleep 0.5
tm send-keys -t mouse -l $'\e[<64;50;25M'
wait_for "scrolled up" 5 || fail "mouse: the wheel did not scroll the log"
quit_cleanly
expect_exit 0 10
end_session
pass "mouse: click selects a value, wheel scrolls the log"

# 2. A flood of a million events through the inbox, reducer and log: memory stays flat.
flood_out=$(timeout 120 "$BIN" flood --events 1000000 2>&1) || fail "flood: exited $? ($flood_out)"
echo "$flood_out" | sed 's/^/  /'
kept=$(echo "$flood_out" | sed -n 's/.*kept=\([0-9]*\).*/\1/p')
growth=$(echo "$flood_out" | sed -n 's/.*rss_growth_after_first_quarter_kb=\(-*[0-9]*\).*/\1/p')
[ -n "$kept" ] && [ -n "$growth" ] || fail "flood: could not read its report"
[ "$kept" -le 10000 ] || fail "flood: the log kept $kept entries, more than its bound"
# The inbox may hold up to its capacity of waiting events (two buffers while one is drained): that is
# the bound. Anything beyond it is growth with the number of events, a leak.
[ "$growth" -le 40960 ] || fail "flood: resident size grew by ${growth} kB after the first quarter"
# Two events in eight are lifecycle events (EventFlood.event; never dropped). Other threads' posts wait while
# the inbox holds 1,024 of them; the UI thread's own posts never wait (it would wait for itself), and the
# effects of one drain of at most 1,024 lifecycle events post at most one each (a worker's end: its join),
# so the inbox holds at most 2,048 at once.
held=$(echo "$flood_out" | sed -n 's/.*lifecycle_held_most=\([0-9]*\).*/\1/p')
[ -n "$held" ] && [ "$held" -le 2048 ] || fail "flood: the inbox held ${held:-?} lifecycle events at once, more than 2 x its 1024"
pass "flood: 1,000,000 events, log bounded at $kept, growth after the first quarter ${growth} kB"

# 3. Odd terminals, locales and sizes: the dashboard opens, answers a key, quits cleanly.
check_terminal() {
    local label="$1" width="$2" height="$3" env="$4" expect="$5"
    start_session "term$PASSED" "$width" "$height" "$env"
    wait_for "$expect" 10 || fail "$label: '$expect' never appeared"
    tm send-keys -t "$SESSION" m r '+' '?'
    sleep 0.3
    tm send-keys -t "$SESSION" Escape
    [ -n "$(app_pid)" ] || fail "$label: daemondeck is gone after a few keys"
    quit_cleanly
    expect_exit 0 10
    end_session
    pass "$label"
}
# TERM=dumb cannot move the cursor: daemondeck says so and prints events as lines; Ctrl-C stops it.
start_session dumb 80 24 "TERM=dumb"
wait_for "Main thread" 10 || fail "TERM=dumb: no event lines appeared"
tm send-keys -t dumb C-c
expect_exit 130 10
end_session
pass "TERM=dumb: plain lines, Ctrl-C exits 130, terminal sane"
check_terminal "TERM=vt100" 80 24 "TERM=vt100" "Event log"
check_terminal "LANG=C" 80 24 "TERM=xterm-256color LANG=C LC_ALL=C" "Event log"
check_terminal "NO_COLOR=1" 80 24 "TERM=xterm-256color NO_COLOR=1" "Event log"
check_terminal "10x5 terminal" 10 5 "TERM=xterm-256color" "terminal t"
check_terminal "300x100 terminal" 300 100 "TERM=xterm-256color" "Event log"

# 4. No terminal at all: plain mode, lines on standard output, exit 0.
( cd "$WORK" && HOME="$WORK" timeout 30 "$BIN" --duration 2 </dev/null >"$WORK/plain.out" 2>"$WORK/plain.err" )
status=$?
[ "$status" -eq 0 ] || fail "no terminal: exit status $status ($(head -c 300 "$WORK/plain.err"))"
grep -q "Main thread" "$WORK/plain.out" || fail "no terminal: no plain event lines in the output"
if grep -q $'\e' "$WORK/plain.out"; then fail "no terminal: escape sequences in plain output"; fi
pass "no terminal: plain mode, $(wc -l <"$WORK/plain.out") lines, exit 0"
( cd "$WORK" && HOME="$WORK" TERM= timeout 30 "$BIN" --duration 1 </dev/null >"$WORK/plain2.out" 2>&1 )
status=$?
[ "$status" -eq 0 ] || fail "no terminal, TERM unset: exit status $status"
pass "no terminal, TERM unset: exit 0"

# 5. Signals at random moments: the terminal is restored and the status says which signal.
for round in 1 2; do
    for pair in "INT 130" "TERM 143" "HUP 129"; do
        set -- $pair
        start_session "sig$1$round" 80 24 "TERM=xterm-256color"
        if [ "$round" -eq 1 ]; then
            wait_for "Event log" 10 || fail "SIG$1: the dashboard did not appear"
            sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
        else
            # Early: while it is still starting (pid visible, screen maybe not yet drawn).
            for _ in $(seq 1 50); do [ -n "$(app_pid)" ] && break; sleep 0.02; done
        fi
        pid=$(app_pid)
        [ -n "$pid" ] || fail "SIG$1: could not find the daemondeck process"
        kill -s "$1" "$pid"
        expect_exit "$2" 10
        end_session
        pass "SIG$1 ($([ "$round" -eq 1 ] && echo running || echo starting)): exit $2, terminal sane"
    done
done

# 6. SIGQUIT (Ctrl-\\) and a crash (a Swift trap with the dashboard open): the process dies of the signal,
# as it would have, but only after the terminal's settings are back.
expect_death() {
    wait_for "[exited" 15 || fail "$SESSION: did not die within 15s"
    wait_for "[stty" 3 || fail "$SESSION: the pane did not print the terminal settings"
    local got settings
    got=$(screen | tr '\n' ' ' | sed -n 's/.*\[exited \([0-9]*\)\].*/\1/p')
    [ "${got:-0}" -gt 128 ] || fail "$SESSION: exit status $got, expected death by a signal"
    settings=$(screen | tr '\n' ' ' | sed -n 's/.*\[stty \(.*\)\].*/\1/p')
    echo " $settings " | grep -q ' icanon ' || fail "$SESSION: terminal left without icanon: $settings"
    echo " $settings " | grep -q ' echo ' || fail "$SESSION: terminal left without echo: $settings"
}
start_session sigquit 80 24 "TERM=xterm-256color" --monitors 1
wait_for "Event log" 10 || fail "SIGQUIT: the dashboard did not appear"
tm send-keys -t sigquit 'C-\'
expect_death
end_session
pass "SIGQUIT (Ctrl-\\): died of the signal, terminal sane"
start_session crash 80 24 "TERM=xterm-256color" scenario crash
expect_death
end_session
pass "crash (scenario crash traps with the dashboard open): died of the signal, terminal sane"
# Fatal signals sent by another process, not raised by a fault: each must end the process with 128+N
# (a handler that returned would leave it running with the screen gone).
for pair in "SEGV 139" "BUS 135" "ILL 132" "FPE 136" "ABRT 134"; do
    set -- $pair
    start_session "fatal$1" 80 24 "TERM=xterm-256color" --monitors 1
    wait_for "Event log" 10 || fail "SIG$1: the dashboard did not appear"
    pid=$(app_pid)
    [ -n "$pid" ] || fail "SIG$1: could not find the daemondeck process"
    kill -s "$1" "$pid"
    expect_death
    got=$(screen | tr '\n' ' ' | sed -n 's/.*\[exited \([0-9]*\)\].*/\1/p')
    [ "$got" = "$2" ] || fail "kill -$1: exit status $got, expected $2"
    end_session
    pass "kill -$1: exit $2, terminal sane"
done
start_session overflow 80 24 "TERM=xterm-256color" scenario stack-overflow
expect_death
end_session
pass "stack overflow on the UI thread (alternate signal stack): died of SIGSEGV, terminal sane"

# 7. Replay: a recording of a real run replays on a tiny terminal and quits cleanly; files that are not
# recordings, a directory, a missing file and a corrupt line get file:line and EX_DATAERR (65).
( cd "$WORK" && HOME="$WORK" timeout 30 "$BIN" --plain --duration 1 --record "$WORK/run.jsonl" </dev/null >/dev/null 2>&1 )
[ -s "$WORK/run.jsonl" ] || fail "replay: --record wrote nothing"
start_session replaytiny 10 5 "TERM=xterm-256color" replay "$WORK/run.jsonl"
wait_for "terminal t" 10 || fail "replay on 10x5: no notice"
tm send-keys -t replaytiny q
expect_exit 0 10
end_session
pass "replay on a 10x5 terminal: a notice, q quits, terminal sane"
head -c 100 /dev/urandom > "$WORK/noise.bin"
sed '3s/.*/{"t": 1, "event":/' "$WORK/run.jsonl" > "$WORK/corrupt.jsonl"
for bad in "$WORK/noise.bin:1:" "$WORK: not a regular file" "$WORK/missing.jsonl: cannot read" "$WORK/corrupt.jsonl:3:"; do
    file=${bad%%:*}
    ( cd "$WORK" && timeout 30 "$BIN" replay "$file" --plain </dev/null >/dev/null 2>"$WORK/replay.err" )
    status=$?
    [ "$status" -eq 65 ] || fail "replay $file: exit status $status, expected 65 ($(head -c 200 "$WORK/replay.err"))"
    grep -q "$bad" "$WORK/replay.err" || fail "replay $file: no '$bad' in: $(head -c 200 "$WORK/replay.err")"
done
pass "replay of bad files: file:line (or why) and exit 65"

finish
