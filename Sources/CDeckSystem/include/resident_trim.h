#ifndef DAEMONDECK_RESIDENT_TRIM_H
#define DAEMONDECK_RESIDENT_TRIM_H

/// Gives the heap's free memory back to the system (glibc's malloc_trim(0)); a no-op elsewhere.
void deck_heap_trim(void);

/// Unmaps, from this process only, the pages of every loaded object's read-only segments (code and
/// constants) that are still the file's own pages (/proc/self/pagemap says so), so the resident size
/// holds only what the process touches from now on: a page touched again is mapped back from the file,
/// usually still in the page cache (a minor fault). A page anything wrote to (the loader, a debugger's
/// breakpoint, a uprobe) is a private copy and is kept; so are objects with text relocations and the
/// vDSO. Returns the bytes dropped; 0 off Linux or without /proc/self/pagemap.
long deck_drop_code_pages(void);

#endif
