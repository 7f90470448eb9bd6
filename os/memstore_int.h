/*
 * memstore_int.h — memstore's internal structures, shared by its files:
 * memstore.c (store, collections, statistics),
 * memstore_txn.c (transactions and their undo log),
 * memstore_obj.c (objects: data extents, xattr/omap entries),
 * memstore_read.c (the read side). Not for use outside os/memstore*.c.
 */
#ifndef OSDFARM_OS_MEMSTORE_INT_H
#define OSDFARM_OS_MEMSTORE_INT_H

#include <stdint.h>
#include <sys/tree.h>

#include "common/buf.h"
#include "os/memstore.h"

/*
 * An xattr or omap entry. The node, its key and its value are one block
 * wrapped in a segment, so a read can hand out a reference to the value
 * and the entry can be dropped while that reference lives on.
 */
struct mkv {
	RB_ENTRY(mkv) link;
	struct buf_seg *seg;    /* the block holding this node */
	uint32_t klen;
	uint32_t vlen;          /* value at key + klen */
	uint8_t key[];
};
RB_HEAD(mkv_tree, mkv);
RB_PROTOTYPE(mkv_tree, mkv, link, mkv_cmp)

/*
 * hobject_cmp's leading keys (os/hobject_order.h) in compact form: max,
 * pool, then the bit-reversed hash. Kept beside the tree link, so a walk
 * down the tree (insert, remove, lower bound) decides most steps from the
 * node's first cache line, without reaching into its hobject.
 */
struct mobj_prefix {
	int64_t pool;
	uint32_t rhash;         /* hobject_reverse_bits(hash); 0 for max */
	uint32_t max;
};

/*
 * Field order follows use: a lookup reads the first line (chain, key),
 * then id; a read or stat goes on to data and meta right after it; the
 * rest (xattrs, omap, accounting) only when asked for.
 */
struct mobj {
	RB_ENTRY(mobj) link;
	struct mobj_prefix pre;
	struct mobj *hnext;     /* the collection's hash chain */
	uint64_t hkey;          /* mobj_hash(&id) */
	struct hobject id;      /* strings point into names[] */
	struct buf data;        /* data.len is the object size */
	struct store_objmeta meta;
	struct store_alloc_hint hint;
	struct mkv_tree xattrs;
	struct mkv_tree omap;
	struct buf header;      /* omap header */
	uint32_t nxattrs;
	uint64_t nomap;
	uint64_t xattr_bytes;   /* names + values */
	uint64_t omap_bytes;    /* keys + values (the header is header.len) */
	char names[];
};
RB_HEAD(mobj_tree, mobj);
RB_PROTOTYPE(mobj_tree, mobj, link, mobj_cmp)

/*
 * Objects are indexed twice: a hash table for exact lookups (every op's
 * path) and an RB tree for the ordered walks (listing, lower bound). A
 * zeroed mcoll is valid and empty; the table is allocated on the first link.
 */
struct mcoll {
	struct mcoll *hnext;    /* hash chain */
	struct spg cid;
	struct mobj_tree objs;  /* hobject order */
	struct mobj **obuckets; /* exact-lookup chains, power-of-two count */
	uint32_t nobuckets;
	uint64_t nobjs;
};

struct undo;

struct memstore {
	struct store base;
	uint64_t max_bytes;
	uint64_t max_object_size;
	/* collections: chained hash table, power-of-two buckets */
	struct mcoll **buckets;
	uint32_t nbuckets;
	uint64_t ncolls;
	/* accounting */
	uint64_t nobjs;
	uint64_t data_bytes;
	uint64_t meta_bytes;
	struct buf_seg *zero;   /* MEMSTORE_ZERO_SEG bytes of zeros, shared by every hole */
	/* apply state, reused from one transaction to the next */
	struct undo *undo;
	uint32_t nundo;
	uint32_t undo_cap;
	struct buf saved;       /* extents removed by this transaction (for undo) */
	struct buf tail;        /* scratch lists for range replacement */
	struct buf ins;
};

#define MEMSTORE_ZERO_SEG (1u << 20)
/* Largest segment a growing object's copied appends allocate. */
#define MEMSTORE_GROW_MAX (1u << 20)

static inline struct memstore *
memstore_of(struct store *st)
{
	return (struct memstore *)st;
}

static inline uint64_t
memstore_used(const struct memstore *ms)
{
	return ms->data_bytes + ms->meta_bytes;
}

/* ---- memstore.c ---- */
struct mcoll *memstore_coll_find(struct memstore *ms, const struct spg *cid);
int memstore_coll_eq(const struct spg *a, const struct spg *b);
/* Into / out of the hash table (counted); free with its objects. */
void memstore_coll_link(struct memstore *ms, struct mcoll *c);
void memstore_coll_unlink(struct memstore *ms, struct mcoll *c);
void memstore_coll_free(struct mcoll *c);

/* ---- memstore_txn.c ---- */
int memstore_apply(struct store *st, struct txn *t, store_commit_fn on_commit, void *arg);
/* Collection and object, or ENOENT. */
int memstore_lookup(struct memstore *ms, const struct spg *cid, const struct hobject *oid,
		    struct mobj **out);

/* ---- memstore_obj.c: entries ---- */
int mkv_cmp(const struct mkv *a, const struct mkv *b);
/* kv's key against a bare key, byte order. */
int mkv_key_cmp(const struct mkv *kv, const void *key, uint32_t klen);
struct mkv *mkv_new(const void *key, uint32_t klen, const struct buf *src, size_t soff,
		    uint32_t vlen);
struct mkv *mkv_dup(const struct mkv *kv);
static inline void mkv_free(struct mkv *kv) { buf_seg_put(kv->seg); }
static inline uint64_t mkv_bytes(const struct mkv *kv) { return (uint64_t)kv->klen + kv->vlen; }
struct mkv *mkv_find(struct mkv_tree *tree, const void *key, uint32_t klen);
/* First entry with key > k (strict) or >= k (!strict). */
struct mkv *mkv_bound(struct mkv_tree *tree, const void *key, uint32_t klen, int strict);
/* A non-owning one-reference list over kv's value (valid while kv lives). */
void mkv_value_view(const struct mkv *kv, struct buf_ref *ref, struct buf *view);
void mkv_tree_free(struct mkv_tree *tree);

/*
 * Link/unlink an entry into an object's xattrs (omap = 0) or omap, with
 * accounting (of the store too when ms is not NULL). Insert needs the key absent.
 */
void mobj_kv_insert(struct memstore *ms, struct mobj *o, int omap, struct mkv *kv);
void mobj_kv_remove(struct memstore *ms, struct mobj *o, int omap, struct mkv *kv);

/* ---- memstore_obj.c: objects ---- */
int mobj_cmp(const struct mobj *a, const struct mobj *b);
/* The hash-table key of an object name: equal names (hobject_cmp) hash equal. */
uint64_t mobj_hash(const struct hobject *id);
struct mobj *mobj_new(const struct hobject *id);
void mobj_free(struct mobj *o);
struct mobj *mobj_find(struct mcoll *c, const struct hobject *id);
struct mobj *mobj_lower_bound(struct mcoll *c, const struct hobject *id);
static inline uint64_t
mobj_meta_bytes(const struct mobj *o)
{
	return o->xattr_bytes + o->omap_bytes + o->header.len;
}
/* A copy of src named id: data and header shared, entries duplicated. */
struct mobj *mobj_clone(const struct mobj *src, const struct hobject *id);
/* Link/unlink into a collection (both indexes), with accounting. */
void mobj_link(struct memstore *ms, struct mcoll *c, struct mobj *o);
void mobj_unlink(struct memstore *ms, struct mcoll *c, struct mobj *o);
/* Drop the collection's hash table (its objects are freed by the caller). */
void mobj_index_free(struct mcoll *c);

/* ---- memstore_obj.c: data ---- */
/* Append n bytes of zeros (shared zero segment references). */
void mdata_append_zeros(struct memstore *ms, struct buf *dst, uint64_t n);
/* Append src[soff, soff+len): kept by reference or copied (see memstore.h). */
void mdata_import(struct buf *dst, const struct buf *src, size_t soff, size_t len,
		  size_t seg_min);
/*
 * o->data[off, off+rmlen) := ins (consumed). off + rmlen <= size. When
 * saved is not NULL the removed extents are appended to it.
 */
void mdata_replace(struct memstore *ms, struct mobj *o, uint64_t off, uint64_t rmlen,
		   struct buf *ins, struct buf *saved);
/* Copy src[soff, soff+len) into one new exact-size segment referenced by dst. */
void mdata_copy_seg(struct buf *dst, const struct buf *src, size_t soff, size_t len);

/* ---- memstore_read.c ---- */
int memstore_collection_list(struct store *st, const struct spg *cid,
			     const struct hobject *start, const struct hobject *end,
			     const struct strview *nspace, unsigned flags,
			     struct hobject *out, uint32_t max, uint32_t *n, struct hobject *next);
int memstore_stat(struct store *st, const struct spg *cid, const struct hobject *oid,
		  struct store_objstat *out);
int memstore_read(struct store *st, const struct spg *cid, const struct hobject *oid,
		  uint64_t off, uint64_t len, struct buf *out);
int memstore_getattr(struct store *st, const struct spg *cid, const struct hobject *oid,
		     const void *name, size_t nlen, struct buf *out);
int memstore_getattrs(struct store *st, const struct spg *cid, const struct hobject *oid,
		      store_kv_fn fn, void *arg);
int memstore_omap_get_header(struct store *st, const struct spg *cid,
			     const struct hobject *oid, struct buf *out);
int memstore_omap_get(struct store *st, const struct spg *cid, const struct hobject *oid,
		      const void *key, size_t klen, struct buf *out);
int memstore_omap_iter(struct store *st, const struct spg *cid, const struct hobject *oid,
		       const struct strview *start_after, const struct strview *prefix,
		       uint64_t max, store_kv_fn fn, void *arg, int *more);
int memstore_omap_get_by_keys(struct store *st, const struct spg *cid,
			      const struct hobject *oid, const struct strview *keys,
			      size_t n, store_kv_fn fn, void *arg);

#endif
