#ifndef DAEMONDECK_WAKE_WORD_H
#define DAEMONDECK_WAKE_WORD_H

#include <stdint.h>

/// A counter that threads can sleep on until it changes (a Linux futex): the cheapest interruptible
/// timed sleep there is. A sleeper passes the value it saw; a waker adds one and wakes every sleeper.
/// No lock is shared between sleepers, so threads that wake at the same moment never contend.

/// The word's value now (acquire). Inline, so a monitor's look at its kick count is one load, not a call
/// into another page of code (after a 100 ms sleep every page a poll touches is a cold miss).
static inline uint32_t deck_word_load(const uint32_t *word) {
    return __atomic_load_n(word, __ATOMIC_ACQUIRE);
}

/// Adds one to the word (release) and wakes every thread sleeping on it.
void deck_word_bump_and_wake_all(uint32_t *word);

/// Sleeps while the word still holds `seen`, until `deadline_ns` on CLOCK_MONOTONIC. Returns 1 if the
/// word changed (or holds another value already), 0 when the deadline passed first.
int deck_word_wait(uint32_t *word, uint32_t seen, uint64_t deadline_ns);

#endif
