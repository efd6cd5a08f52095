#define _GNU_SOURCE
#include "resident_trim.h"

#include <stdlib.h>  // defines __GLIBC__ on glibc, which the checks below need

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdbool.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

void deck_heap_trim(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

#if defined(__linux__)
/// True when the loader had to write into this object's code (text relocations): its code pages are then
/// private copies, not the file's, and must stay.
static bool has_text_relocations(const struct dl_phdr_info *info) {
    for (int n = 0; n < info->dlpi_phnum; n++) {
        if (info->dlpi_phdr[n].p_type != PT_DYNAMIC) continue;
        for (const ElfW(Dyn) *entry = (const ElfW(Dyn) *)(info->dlpi_addr + info->dlpi_phdr[n].p_vaddr);
             entry->d_tag != DT_NULL; entry++) {
            if (entry->d_tag == DT_TEXTREL) return true;
            if (entry->d_tag == DT_FLAGS && (entry->d_un.d_val & DF_TEXTREL) != 0) return true;
        }
    }
    return false;
}

/// What the dropping walk carries: /proc/self/pagemap, open, and the bytes dropped so far.
struct drop_walk {
    int pagemap;
    long dropped;
};

static const uint64_t page_present = 1ull << 63;
/// Set while a page of a private file mapping is still the file's own page; a page anything wrote to
/// (the loader, a debugger's breakpoint, a uprobe) is an anonymous copy and has it clear.
static const uint64_t page_of_file = 1ull << 61;

/// Drops the pages in [start, end) that are present and still the file's own, in runs.
static void drop_file_pages(struct drop_walk *walk, uintptr_t start, uintptr_t end, uintptr_t page) {
    uint64_t entries[512];
    uintptr_t run = 0;  // start of the current run of droppable pages, 0 for none
    uintptr_t address = start;
    while (address < end) {
        size_t count = (size_t)((end - address) / page);
        if (count > 512) count = 512;
        ssize_t got = pread(walk->pagemap, entries, count * sizeof entries[0], (off_t)(address / page * sizeof entries[0]));
        if (got <= 0) break;
        count = (size_t)got / sizeof entries[0];
        for (size_t n = 0; n < count; n++, address += page) {
            bool droppable = (entries[n] & page_present) != 0 && (entries[n] & page_of_file) != 0;
            if (droppable && run == 0) run = address;
            if (!droppable && run != 0) {
                if (madvise((void *)run, address - run, MADV_DONTNEED) == 0) walk->dropped += (long)(address - run);
                run = 0;
            }
        }
    }
    // Up to the last page looked at: if the page map stopped answering early, the rest stays.
    if (run != 0 && madvise((void *)run, address - run, MADV_DONTNEED) == 0) walk->dropped += (long)(address - run);
}

static int drop_read_only_segments(struct dl_phdr_info *info, size_t size, void *context) {
    (void)size;
    struct drop_walk *walk = context;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    // The vDSO is the kernel's page, not a file's: leave it alone.
    uintptr_t vdso = (uintptr_t)getauxval(AT_SYSINFO_EHDR);
    for (int n = 0; n < info->dlpi_phnum; n++) {
        if (vdso != 0 && info->dlpi_phdr[n].p_type == PT_LOAD && info->dlpi_addr + info->dlpi_phdr[n].p_vaddr == vdso) return 0;
    }
    if (has_text_relocations(info)) return 0;
    for (int n = 0; n < info->dlpi_phnum; n++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[n];
        // Only segments mapped without write permission. Page by page, only pages that are still the
        // file's (so a page shared with a writable neighbour, or zeroed past the file's end, is kept):
        // dropping those loses nothing, and a later touch maps the same page back.
        if (segment->p_type != PT_LOAD || (segment->p_flags & PF_W) != 0) continue;
        uintptr_t start = (info->dlpi_addr + segment->p_vaddr) & ~(page - 1);
        uintptr_t end = (info->dlpi_addr + segment->p_vaddr + segment->p_memsz + page - 1) & ~(page - 1);
        drop_file_pages(walk, start, end, page);
    }
    return 0;
}
#endif

long deck_drop_code_pages(void) {
#if defined(__linux__)
    // Without the page map there is no telling the file's pages from changed ones: drop nothing.
    struct drop_walk walk = { open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC), 0 };
    if (walk.pagemap < 0) return 0;
    dl_iterate_phdr(drop_read_only_segments, &walk);
    close(walk.pagemap);
    return walk.dropped;
#else
    return 0;
#endif
}
