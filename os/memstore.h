/*
 * memstore.h — the in-memory object store behind store.h.
 *
 * Object data is a list of refcounted extents (struct buf). A read hands
 * out references to those extents; a write replaces a range of the list.
 * Stored bytes are never written again, so what a read returned stays as it
 * was whatever happens to the object later (copy-on-write by construction).
 * Holes (a write past the end, truncate up, zero) are references to one
 * shared, lazily-mapped zero segment, so they cost no memory.
 *
 * Keeping or copying write data. A write's bytes arrive as references to
 * the caller's segments — usually the message's data segment, a view into
 * the connection's receive buffers. Keeping such a reference costs nothing
 * now but pins the whole segment for as long as the object keeps it: a
 * 4 KiB write inside a 64 KiB receive block would pin 64 KiB. The rule:
 * a piece of at least MEMSTORE_ADOPT_MIN bytes that covers at least half
 * of its segment is kept by reference (memory pinned <= 2x the bytes
 * kept; a 4 MiB rados bench write lands in its own receive segment and
 * is never copied); anything smaller is copied, packed into the object's
 * own segments (appends fill the last one; new ones grow with the object,
 * up to 1 MiB).
 *
 * Accounting (store_statfs): used = object sizes (holes counted: the limit
 * is on what clients see, as Ceph's memstore does) + xattr and omap keys
 * and values + omap headers. A transaction that would leave used above the
 * limit, and grows it, fails with ENOSPC and changes nothing.
 *
 * All-or-nothing apply: arguments are checked first; state-dependent
 * failures (ENOENT, EEXIST, ENOTEMPTY, ENOSPC) are found while applying and
 * undone from an undo log (removed extents, detached objects and entries
 * are only freed once the transaction has succeeded).
 */
#ifndef OSDFARM_OS_MEMSTORE_H
#define OSDFARM_OS_MEMSTORE_H

#include <stdint.h>

#include "os/store.h"

#define MEMSTORE_ADOPT_MIN 4096
#define MEMSTORE_DEFAULT_MAX_OBJECT_SIZE (128ULL << 20)    /* osd_max_object_size */

struct memstore_conf {
	uint64_t max_bytes;             /* limit on used bytes; 0 = unlimited (conf memstore_size) */
	uint64_t max_object_size;       /* EFBIG beyond; 0 = the default */
};

/* A new, empty store. Free it with store_destroy(). */
struct store *memstore_create(const struct memstore_conf *conf);

#endif
