/*
 * txn.h — object store transactions: a list of operations built by the
 * caller and applied all-or-nothing by store_apply() (store.h).
 *
 * A struct txn is meant to be reused: txn_reset() empties it but keeps its
 * op array, its byte arena and its data list, so building the next
 * transaction usually allocates nothing.
 *
 * Builders never fail. Names, keys and small values are copied into the
 * txn's arena; write data is taken as shared references to the caller's
 * segments (no copy; the store decides at apply time whether to keep those
 * references or copy, see memstore.h). A builder given impossible
 * arguments (a range that overflows, a slice past the end of its source)
 * records -EINVAL in t->err; store_apply() then fails with it and changes
 * nothing. The caller's buffers and strings may be reused as soon as the
 * builder returns.
 */
#ifndef OSDFARM_OS_TXN_H
#define OSDFARM_OS_TXN_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/types.h"

/*
 * Per-object metadata the op layer keeps with each object (instead of
 * classic's "_" object_info xattr): the object's last version, the PG-wide
 * user_version of its last change, and the client's mtime.
 */
struct store_objmeta {
	struct eversion version;
	uint64_t user_version;
	struct utime mtime;
};

/* SETALLOCHINT's fields; kept, never acted on by memstore. */
struct store_alloc_hint {
	uint64_t expected_object_size;
	uint64_t expected_write_size;
	uint32_t flags;
};

/* One omap entry for txn_omap_setkeys(). */
struct store_kv {
	const void *key;
	uint32_t klen;
	const void *val;
	uint32_t vlen;
};

enum txn_op_type {
	TXN_CREATE_COLL = 1,
	TXN_REMOVE_COLL,
	TXN_TOUCH,
	TXN_WRITE,
	TXN_ZERO,
	TXN_TRUNCATE,
	TXN_REMOVE,
	TXN_SETATTR,
	TXN_RMATTR,
	TXN_RMATTRS,
	TXN_OMAP_SETKEY,
	TXN_OMAP_RMKEY,
	TXN_OMAP_RMKEYRANGE,
	TXN_OMAP_CLEAR,
	TXN_OMAP_SETHEADER,
	TXN_SET_META,
	TXN_SET_ALLOC_HINT,
	TXN_CLONE,
};

/* One operation. Read by the store; builders fill it. */
struct txn_op {
	uint8_t type;                   /* enum txn_op_type */
	struct spg cid;
	struct hobject oid;             /* strings in the arena */
	uint64_t off;                   /* WRITE/ZERO offset, TRUNCATE size */
	uint64_t len;                   /* WRITE/ZERO length */
	size_t doff;                    /* WRITE, SETATTR, OMAP_SETKEY, OMAP_SETHEADER: */
	size_t dlen;                    /*   the bytes are t->data[doff, doff + dlen) */
	struct strview name;            /* attr name, omap key, range start */
	struct strview name2;           /* omap range end */
	struct hobject oid2;            /* CLONE destination */
	union {
		struct store_objmeta meta;
		struct store_alloc_hint hint;
	} u;
};

struct txn_chunk;

struct txn {
	struct txn_op *ops;
	uint32_t nops;
	uint32_t cap;
	struct buf data;                /* write data (shared refs) and copied values */
	struct txn_chunk *chunks;       /* arena chunks in use, newest first */
	struct txn_chunk *spare;        /* standard-size chunks kept by txn_reset */
	int err;                        /* first builder error, or 0 */
	/* The last object copied into the arena, reused by the next op naming it. */
	int have_last;
	struct hobject last;
};

void txn_init(struct txn *t);
/* Empty t for reuse (keeps its memory). */
void txn_reset(struct txn *t);
/* Free everything; t is then like after txn_init. */
void txn_free(struct txn *t);
static inline uint32_t txn_count(const struct txn *t) { return t->nops; }

/* Collections (one per PG). */
void txn_create_collection(struct txn *t, const struct spg *cid);
/* The collection must be empty (ENOTEMPTY otherwise), as in Ceph's stores. */
void txn_remove_collection(struct txn *t, const struct spg *cid);

/* Create if missing; nothing else. */
void txn_touch(struct txn *t, const struct spg *cid, const struct hobject *oid);
/*
 * Write src[soff, soff + len) at off (creates; extends the size). len 0
 * creates the object and extends its size to off if it was smaller (a
 * client's "write 0~0" touch). Holes read as zeros.
 */
void txn_write(struct txn *t, const struct spg *cid, const struct hobject *oid,
	       uint64_t off, uint64_t len, const struct buf *src, size_t soff);
/*
 * Zero [off, off+len) with the client ZERO op's rules (03-osd-ops §3.4): a
 * missing object, len 0 or a range starting at or past the end: no-op; a
 * range reaching the end: truncate to off; otherwise the bytes become
 * zeros. Never extends, never creates.
 */
void txn_zero(struct txn *t, const struct spg *cid, const struct hobject *oid,
	      uint64_t off, uint64_t len);
/* Set the size (shrink, or extend with zeros). A missing object: no-op. */
void txn_truncate(struct txn *t, const struct spg *cid, const struct hobject *oid,
		  uint64_t size);
/* Remove data, xattrs, omap, metadata. ENOENT if missing. */
void txn_remove(struct txn *t, const struct spg *cid, const struct hobject *oid);

/* Xattrs (names exactly as given; creates the object). */
void txn_setattr(struct txn *t, const struct spg *cid, const struct hobject *oid,
		 const void *name, size_t nlen, const void *val, size_t vlen);
/* Removing a missing attribute succeeds; a missing object is ENOENT. */
void txn_rmattr(struct txn *t, const struct spg *cid, const struct hobject *oid,
		const void *name, size_t nlen);
void txn_rmattrs(struct txn *t, const struct spg *cid, const struct hobject *oid);

/* Omap: keys in byte order. Setters create the object; removers need it (ENOENT). */
void txn_omap_setkey(struct txn *t, const struct spg *cid, const struct hobject *oid,
		     const void *key, size_t klen, const void *val, size_t vlen);
void txn_omap_setkeys(struct txn *t, const struct spg *cid, const struct hobject *oid,
		      const struct store_kv *kv, size_t n);
/* Absent keys are ignored. */
void txn_omap_rmkey(struct txn *t, const struct spg *cid, const struct hobject *oid,
		    const void *key, size_t klen);
void txn_omap_rmkeys(struct txn *t, const struct spg *cid, const struct hobject *oid,
		     const struct strview *keys, size_t n);
/* Remove keys k with first <= k < last. */
void txn_omap_rmkeyrange(struct txn *t, const struct spg *cid, const struct hobject *oid,
			 const void *first, size_t flen, const void *last, size_t llen);
/* Remove every key and the header. */
void txn_omap_clear(struct txn *t, const struct spg *cid, const struct hobject *oid);
/* Copies the header bytes at apply time; creates the object. */
void txn_omap_setheader(struct txn *t, const struct spg *cid, const struct hobject *oid,
			const struct buf *hdr);

/* Object metadata and allocation hint (each creates the object). */
void txn_set_meta(struct txn *t, const struct spg *cid, const struct hobject *oid,
		  const struct store_objmeta *meta);
void txn_set_alloc_hint(struct txn *t, const struct spg *cid, const struct hobject *oid,
			const struct store_alloc_hint *hint);

/*
 * Make dst a copy of src (same collection): data (shared extents, no
 * copy), xattrs, omap, header, metadata, hint. An existing dst is replaced.
 * ENOENT if src is missing; EINVAL if src and dst are the same object.
 */
void txn_clone(struct txn *t, const struct spg *cid, const struct hobject *src,
	       const struct hobject *dst);

#endif
