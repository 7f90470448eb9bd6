/*
 * store.h — the object store interface the OSD's op layer calls.
 *
 * A store holds collections (one per PG, named by an spg), each holding
 * objects named by hobject and kept in Ceph's hobject order
 * (hobject_order.h). An object has data (a byte array with holes that read
 * as zeros), xattrs (name -> value), an omap (byte-ordered key -> value), an
 * omap header, and per-object metadata (struct store_objmeta, alloc hint).
 *
 * Changes go through transactions (txn.h) applied all-or-nothing by
 * store_apply(). Reads are direct calls. Everything is synchronous and
 * single-threaded; the commit callback exists so that a persistent store
 * can complete later behind the same interface.
 *
 * Memory handed out: reads append SHARED references to the store's
 * segments (no copy). Stored bytes never change once in the store, so a
 * later write never alters what an earlier read returned. Views passed to
 * callbacks (keys, the val list, listed object names) point into the store
 * and are valid until the next store_apply(): keep a reference (buf_slice)
 * or a copy to hold on to them.
 *
 * Errors are negative errnos: ENOENT (no such collection or object),
 * ENODATA (no such xattr or omap key), EEXIST, ENOTEMPTY, ENOSPC, EFBIG,
 * EINVAL.
 *
 * The functions below are thin dispatchers through st->ops; a store
 * implementation (memstore.h) fills the table.
 */
#ifndef OSDFARM_OS_STORE_H
#define OSDFARM_OS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/types.h"
#include "os/txn.h"

struct store;

/* Called once a transaction is durable (memstore: before store_apply returns). */
typedef void (*store_commit_fn)(void *arg, int result);

/*
 * Key/value visitor: key bytes, and the value as a list the callee may
 * read or share (buf_slice/enc_buf take their own references) but not
 * modify. Return 0 to go on, STORE_ITER_STOP to stop after this entry, or a
 * negative errno to abort (returned by the caller of the visit).
 */
typedef int (*store_kv_fn)(void *arg, const uint8_t *key, uint32_t klen,
			   const struct buf *val);
#define STORE_ITER_STOP 1

/* Collection visitor; same return convention. */
typedef int (*store_coll_fn)(void *arg, const struct spg *cid);

struct store_objstat {
	uint64_t size;
	struct store_objmeta meta;
	struct store_alloc_hint hint;
	uint32_t nxattrs;
	uint64_t nomap;                 /* omap keys */
	uint64_t omap_header_len;
};

struct store_statfs {
	uint64_t total;         /* the configured limit; 0 = unlimited */
	uint64_t used;          /* data_bytes + meta_bytes: what the limit is checked against */
	uint64_t available;     /* total - used (0 when unlimited or over) */
	uint64_t data_bytes;    /* sum of object sizes (holes included) */
	uint64_t meta_bytes;    /* xattr names+values, omap keys+values, omap headers */
	uint64_t objects;
	uint64_t collections;
};

/* collection_list flags */
#define STORE_LIST_HEAD_ONLY 0x1        /* skip clones (snap != CEPH_NOSNAP) */

struct store_ops {
	void (*destroy)(struct store *st);
	int (*apply)(struct store *st, struct txn *t, store_commit_fn on_commit, void *arg);
	void (*statfs)(struct store *st, struct store_statfs *out);

	int (*collection_exists)(struct store *st, const struct spg *cid);
	int (*collections)(struct store *st, store_coll_fn fn, void *arg);
	int (*collection_count)(struct store *st, const struct spg *cid, uint64_t *n);
	int (*collection_list)(struct store *st, const struct spg *cid,
			       const struct hobject *start, const struct hobject *end,
			       const struct strview *nspace, unsigned flags,
			       struct hobject *out, uint32_t max, uint32_t *n,
			       struct hobject *next);

	int (*stat)(struct store *st, const struct spg *cid, const struct hobject *oid,
		    struct store_objstat *out);
	int (*read)(struct store *st, const struct spg *cid, const struct hobject *oid,
		    uint64_t off, uint64_t len, struct buf *out);
	int (*getattr)(struct store *st, const struct spg *cid, const struct hobject *oid,
		       const void *name, size_t nlen, struct buf *out);
	int (*getattrs)(struct store *st, const struct spg *cid, const struct hobject *oid,
			store_kv_fn fn, void *arg);
	int (*omap_get_header)(struct store *st, const struct spg *cid,
			       const struct hobject *oid, struct buf *out);
	int (*omap_get)(struct store *st, const struct spg *cid, const struct hobject *oid,
			const void *key, size_t klen, struct buf *out);
	int (*omap_iter)(struct store *st, const struct spg *cid, const struct hobject *oid,
			 const struct strview *start_after, const struct strview *prefix,
			 uint64_t max, store_kv_fn fn, void *arg, int *more);
	int (*omap_get_by_keys)(struct store *st, const struct spg *cid,
				const struct hobject *oid, const struct strview *keys,
				size_t n, store_kv_fn fn, void *arg);
};

struct store {
	const struct store_ops *ops;
};

static inline void store_destroy(struct store *st) { st->ops->destroy(st); }

/*
 * Apply t all-or-nothing. On success returns 0 and the changes are
 * visible to reads at once; on_commit (if not NULL) is called with 0 once
 * they are durable — for memstore, before store_apply returns. On failure
 * returns the error of the first op that failed (or ENOSPC: the result
 * would exceed the limit and grows the store), nothing is changed and
 * on_commit is not called. t is not modified (txn_reset it to reuse).
 */
static inline int
store_apply(struct store *st, struct txn *t, store_commit_fn on_commit, void *arg)
{
	return st->ops->apply(st, t, on_commit, arg);
}

static inline void
store_statfs(struct store *st, struct store_statfs *out)
{
	st->ops->statfs(st, out);
}

/* 1 if the collection exists, 0 if not. */
static inline int
store_collection_exists(struct store *st, const struct spg *cid)
{
	return st->ops->collection_exists(st, cid);
}

/* Visit every collection (no particular order). */
static inline int
store_collections(struct store *st, store_coll_fn fn, void *arg)
{
	return st->ops->collections(st, fn, arg);
}

/* Number of objects in a collection; ENOENT if it does not exist. */
static inline int
store_collection_count(struct store *st, const struct spg *cid, uint64_t *n)
{
	return st->ops->collection_count(st, cid, n);
}

/*
 * List up to max objects of a collection in hobject order, starting at
 * start (inclusive; hobject_set_min() for the beginning) and stopping
 * before end (exclusive; NULL = no bound). nspace NULL lists every
 * namespace, otherwise only objects in that namespace ("" = the default
 * one). Names go to out[0..*n) as views into the store. *next is set to
 * the first matching object not returned, or to MAX (hobject_set_max) when
 * there is none before end: PGNLS's "more" is !hobject_is_max(next).
 */
static inline int
store_collection_list(struct store *st, const struct spg *cid,
		      const struct hobject *start, const struct hobject *end,
		      const struct strview *nspace, unsigned flags,
		      struct hobject *out, uint32_t max, uint32_t *n, struct hobject *next)
{
	return st->ops->collection_list(st, cid, start, end, nspace, flags, out, max, n, next);
}

/* ENOENT if the object (or its collection) does not exist. */
static inline int
store_stat(struct store *st, const struct spg *cid, const struct hobject *oid,
	   struct store_objstat *out)
{
	return st->ops->stat(st, cid, oid, out);
}

/*
 * Append to out shared references to the bytes [off, min(off+len, size));
 * len 0 means to the end. Reading at or past the end appends nothing.
 */
static inline int
store_read(struct store *st, const struct spg *cid, const struct hobject *oid,
	   uint64_t off, uint64_t len, struct buf *out)
{
	return st->ops->read(st, cid, oid, off, len, out);
}

/* Append the value (shared) to out; ENODATA if there is no such attribute. */
static inline int
store_getattr(struct store *st, const struct spg *cid, const struct hobject *oid,
	      const void *name, size_t nlen, struct buf *out)
{
	return st->ops->getattr(st, cid, oid, name, nlen, out);
}

/* Visit every xattr in name (byte) order. */
static inline int
store_getattrs(struct store *st, const struct spg *cid, const struct hobject *oid,
	       store_kv_fn fn, void *arg)
{
	return st->ops->getattrs(st, cid, oid, fn, arg);
}

/* Append the omap header (shared) to out; an unset header appends nothing. */
static inline int
store_omap_get_header(struct store *st, const struct spg *cid, const struct hobject *oid,
		      struct buf *out)
{
	return st->ops->omap_get_header(st, cid, oid, out);
}

/* One omap value (shared) appended to out; ENODATA if the key is absent. */
static inline int
store_omap_get(struct store *st, const struct spg *cid, const struct hobject *oid,
	       const void *key, size_t klen, struct buf *out)
{
	return st->ops->omap_get(st, cid, oid, key, klen, out);
}

/*
 * OMAPGETVALS: visit up to max entries whose key starts with prefix, in
 * byte order, beginning strictly after start_after — or at prefix itself
 * when prefix sorts after start_after (as classic does). NULL start_after
 * or prefix mean "". *more (if not NULL) is set to 1 when a matching entry
 * follows the last one visited.
 */
static inline int
store_omap_get_vals(struct store *st, const struct spg *cid, const struct hobject *oid,
		    const struct strview *start_after, const struct strview *prefix,
		    uint64_t max, store_kv_fn fn, void *arg, int *more)
{
	return st->ops->omap_iter(st, cid, oid, start_after, prefix, max, fn, arg, more);
}

/* OMAPGETKEYS: the same walk without a prefix (the visitor may ignore val). */
static inline int
store_omap_get_keys(struct store *st, const struct spg *cid, const struct hobject *oid,
		    const struct strview *start_after, uint64_t max,
		    store_kv_fn fn, void *arg, int *more)
{
	return st->ops->omap_iter(st, cid, oid, start_after, NULL, max, fn, arg, more);
}

/*
 * OMAPGETVALSBYKEYS: visit, in the order given, the keys that exist
 * (absent ones are skipped). ENOENT only for a missing object.
 */
static inline int
store_omap_get_vals_by_keys(struct store *st, const struct spg *cid,
			    const struct hobject *oid, const struct strview *keys,
			    size_t n, store_kv_fn fn, void *arg)
{
	return st->ops->omap_get_by_keys(st, cid, oid, keys, n, fn, arg);
}

#endif
