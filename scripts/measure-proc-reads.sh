#!/bin/sh
# What one read of each per-thread /proc file costs the kernel and the reader, the floor under any way of
# watching threads through /proc: a Python program of 50 threads sleeping 0.1 s in a loop (the watch
# bench's program), each of its threads' files opened once and read again and again from offset 0 (as
# daemondeck's sampler does, files kept open), CPU per read from CLOCK_THREAD_CPUTIME_ID. Also one listing
# of /proc/PID/task. Needs a C compiler (cc) and python3.
# Usage: scripts/measure-proc-reads.sh [repeats]
set -eu
repeats=${1:-200}
work=$(mktemp -d "${TMPDIR:-/tmp}/daemondeck-proc-reads-XXXXXX")
trap 'kill "$python" 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM
cat > "$work/reads.c" <<'C'
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double cpu_us(void) {
    struct timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1e6 + now.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
    const char *files[] = {"stat", "schedstat", "syscall", "wchan", "status", "sched", "comm"};
    int pid = atoi(argv[1]), repeats = atoi(argv[2]), tids[4096], count = 0;
    char path[256], buffer[4096];
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *folder = opendir(path);
    if (!folder) { perror(path); return 1; }
    struct dirent *entry;
    while ((entry = readdir(folder)) && count < 4096)
        if (entry->d_name[0] != '.') tids[count++] = atoi(entry->d_name);
    printf("%d threads, %d reads of each file per thread, CPU per read:\n", count, repeats);
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        int fds[4096];
        for (int i = 0; i < count; i++) {
            snprintf(path, sizeof path, "/proc/%d/task/%d/%s", pid, tids[i], files[f]);
            fds[i] = open(path, O_RDONLY | O_CLOEXEC);
        }
        double start = cpu_us();
        for (int r = 0; r < repeats; r++)
            for (int i = 0; i < count; i++)
                if (fds[i] >= 0) (void)!pread(fds[i], buffer, sizeof buffer, 0);
        printf("  %-10s %5.2f us\n", files[f], (cpu_us() - start) / ((double)repeats * count));
        for (int i = 0; i < count; i++) if (fds[i] >= 0) close(fds[i]);
    }
    double start = cpu_us();
    for (int r = 0; r < repeats; r++) { rewinddir(folder); while (readdir(folder)) {} }
    printf("  listing of task/ %5.2f us\n", (cpu_us() - start) / repeats);
    return 0;
}
C
cc -O2 -o "$work/reads" "$work/reads.c"
python3 -c '
import threading, time
def nap():
    while True:
        time.sleep(0.1)
for _ in range(50):
    threading.Thread(target=nap, daemon=True).start()
time.sleep(120)
' &
python=$!
sleep 1
"$work/reads" "$python" "$repeats"
