#include "resident_trim.h"

#include <stdlib.h>  // defines __GLIBC__ on glibc, which the checks below need

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void deck_heap_trim(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
