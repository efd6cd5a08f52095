#ifndef DAEMONDECK_RESIDENT_TRIM_H
#define DAEMONDECK_RESIDENT_TRIM_H

/// Gives the heap's free memory back to the system (glibc's malloc_trim(0)); a no-op elsewhere.
void deck_heap_trim(void);

#endif
