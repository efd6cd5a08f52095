#define _GNU_SOURCE
#include "resident_trim.h"

#include <stdlib.h>  // defines __GLIBC__ on glibc, which the checks below need

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <link.h>
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

static int drop_read_only_segments(struct dl_phdr_info *info, size_t size, void *context) {
    (void)size;
    long *dropped = context;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    // The vDSO is the kernel's page, not a file's: leave it alone.
    uintptr_t vdso = (uintptr_t)getauxval(AT_SYSINFO_EHDR);
    if (vdso != 0 && info->dlpi_addr == vdso) return 0;
    for (int n = 0; n < info->dlpi_phnum; n++) {
        if (info->dlpi_phdr[n].p_type == PT_LOAD && info->dlpi_addr + info->dlpi_phdr[n].p_vaddr == vdso) return 0;
    }
    if (has_text_relocations(info)) return 0;
    for (int n = 0; n < info->dlpi_phnum; n++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[n];
        // Only segments mapped without write permission: their pages are the file's own, never changed,
        // so dropping them loses nothing (a later touch maps the same page back from the page cache).
        if (segment->p_type != PT_LOAD || (segment->p_flags & PF_W) != 0) continue;
        uintptr_t start = (info->dlpi_addr + segment->p_vaddr) & ~(page - 1);
        uintptr_t end = (info->dlpi_addr + segment->p_vaddr + segment->p_memsz + page - 1) & ~(page - 1);
        if (madvise((void *)start, end - start, MADV_DONTNEED) == 0) *dropped += (long)(end - start);
    }
    return 0;
}
#endif

long deck_drop_code_pages(void) {
    long dropped = 0;
#if defined(__linux__)
    dl_iterate_phdr(drop_read_only_segments, &dropped);
#endif
    return dropped;
}
