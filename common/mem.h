/*
 * mem.h — allocation wrappers.
 *
 * An OSD process that cannot get memory for its own bookkeeping cannot go on
 * correctly, so these log and abort on failure (as Ceph does). They are never
 * used with sizes taken from the wire unchecked: wire lengths are bounded by
 * the decoder (dec_count, dec_ptr) and the messenger's throttles first.
 */
#ifndef OSDFARM_COMMON_MEM_H
#define OSDFARM_COMMON_MEM_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
