#ifndef DECK_CPU_AFFINITY_H
#define DECK_CPU_AFFINITY_H

/// Pins the calling thread to the nth CPU (counting from 0, wrapping) of those this process may run on
/// (sched_getaffinity), so that threads pinned to different n run on different cores. Returns the CPU's
/// number, or -1 where the system has no affinity API or refuses (the thread then stays unpinned).
int deck_pin_this_thread_to_nth_cpu(int n);

#endif
