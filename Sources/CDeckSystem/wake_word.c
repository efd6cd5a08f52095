#define _GNU_SOURCE
#include "wake_word.h"

#include <errno.h>
#include <limits.h>
#include <time.h>
#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

void deck_word_bump_and_wake_all(uint32_t *word) {
    __atomic_fetch_add(word, 1, __ATOMIC_RELEASE);
#if defined(__linux__)
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
#endif
}

#if !defined(__linux__)
static uint64_t monotonic_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}
#endif

int deck_word_wait(uint32_t *word, uint32_t seen, uint64_t deadline_ns) {
#if defined(__linux__)
    // FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC deadline, so the rhythm never drifts, and a
    // deadline already past returns at once; the kernel checks the word and sleeps in one step, so a wake
    // after our check is never lost. One system call a sleep: no clock read here.
    struct timespec until = { (time_t)(deadline_ns / 1000000000u), (long)(deadline_ns % 1000000000u) };
    for (;;) {
        if (__atomic_load_n(word, __ATOMIC_ACQUIRE) != seen) return 1;
        long rc = syscall(SYS_futex, word, FUTEX_WAIT_BITSET_PRIVATE, seen, &until, NULL, FUTEX_BITSET_MATCH_ANY);
        if (rc == 0 || errno == EINTR || errno == EAGAIN) continue;  // woken, interrupted, or the word moved
        if (errno != ETIMEDOUT) {
            // No futex here (a sandbox that forbids it): sleep to the deadline rather than spin.
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
        }
        return __atomic_load_n(word, __ATOMIC_ACQUIRE) != seen;
    }
#else
    for (;;) {
        if (__atomic_load_n(word, __ATOMIC_ACQUIRE) != seen) return 1;
        if (monotonic_now() >= deadline_ns) return 0;
        // Elsewhere: short naps until the deadline, looking at the word between them.
        uint64_t left = deadline_ns - monotonic_now();
        struct timespec nap = { 0, (long)(left < 10000000u ? left : 10000000u) };
        nanosleep(&nap, NULL);
    }
#endif
}
