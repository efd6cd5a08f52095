#ifndef DAEMONDECK_RESIDENT_TRIM_H
#define DAEMONDECK_RESIDENT_TRIM_H

/// Gives the heap's free memory back to the system (glibc's malloc_trim(0)); a no-op elsewhere.
void deck_heap_trim(void);

/// Unmaps, from this process only, the pages of every loaded object's read-only segments (code and
/// constants), so the resident size holds only what the process touches from now on: a page touched
/// again is mapped back from the page cache at the cost of a minor fault. Pages the loader wrote (text
/// relocations, RELRO) are never dropped. Returns the bytes of address range dropped; 0 off Linux.
long deck_drop_code_pages(void);

#endif
