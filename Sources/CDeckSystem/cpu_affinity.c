#define _GNU_SOURCE
#include "cpu_affinity.h"

#if defined(__linux__)
#include <pthread.h>
#include <sched.h>

int deck_pin_this_thread_to_nth_cpu(int n) {
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (n < 0 || sched_getaffinity(0, sizeof(allowed), &allowed) != 0) return -1;
    int count = CPU_COUNT(&allowed);
    if (count == 0) return -1;
    int wanted = n % count;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &allowed)) continue;
        if (wanted-- > 0) continue;
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        return pthread_setaffinity_np(pthread_self(), sizeof(one), &one) == 0 ? cpu : -1;
    }
    return -1;
}
#else
int deck_pin_this_thread_to_nth_cpu(int n) { (void)n; return -1; }
#endif
