/*
 * thp.h — back glibc's malloc heap with transparent huge pages.
 *
 * memstore keeps object data in the heap, so every byte written grows it.
 * On 4 KiB pages that is a page fault (a zeroed page, and under a
 * hypervisor often a trap to the host) per object written; glibc >= 2.35
 * asks the kernel for huge pages for its heap when GLIBC_TUNABLES holds
 * glibc.malloc.hugetlb=1, but reads that only when a program starts.
 */
#ifndef OSDFARM_COMMON_THP_H
#define OSDFARM_COMMON_THP_H

/*
 * Call first thing in main(): unless the tunable is already set, the
 * kernel's THP mode is "never" (or unknown), OSDFARM_THP=0 is set, or we
 * run under valgrind, add glibc.malloc.hugetlb=1 to GLIBC_TUNABLES and
 * exec /proc/self/exe again with the same argv (the pid stays). Returns
 * only when it did not exec (nothing to do, or exec failed).
 */
void thp_heap_reexec(char **argv);

#endif
