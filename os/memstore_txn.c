/*
 * memstore_txn.c — applying a transaction to memstore all-or-nothing
 * (see memstore.h).
 *
 * Apply runs each op against the live structures and records how to undo
 * it. Nothing an op takes away is freed at once: removed extents move to
 * ms->saved; detached objects, entries and collections are only listed in
 * the log. On success the log is walked to free them; on failure it is
 * walked backwards to put everything back.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/mem.h"
#include "os/hobject_order.h"
#include "os/memstore_int.h"

enum undo_type {
	U_COLL_CREATED = 1,
	U_COLL_REMOVED,
	U_OBJ_CREATED,
	U_OBJ_REMOVED,
	U_DATA,                 /* data[off, off+len) was saved[soff, soff+slen) */
	U_KV_SET,               /* kv_new linked, kv_old (if any) taken out */
	U_KV_REMOVED,           /* kv_old taken out */
	U_KV_CLEARED,           /* the whole tree taken out */
	U_HEADER,               /* the header was saved[soff, soff+slen) */
	U_META,
	U_HINT,
};

struct undo {
	uint8_t type;
	uint8_t omap;           /* entry undos: omap (1) or xattrs (0) */
	struct mcoll *coll;
	struct mobj *obj;
	struct mkv *kv_new;
	struct mkv *kv_old;
	uint64_t off;
	uint64_t len;
	size_t soff;
	size_t slen;
	union {
		struct {
			struct mkv_tree tree;
			uint64_t n;
			uint64_t bytes;
		} kv;
		struct store_objmeta meta;
		struct store_alloc_hint hint;
	} u;
};

/* ---- undo log ---- */

static struct undo *
undo_push(struct memstore *ms, enum undo_type type, struct mcoll *c, struct mobj *o)
{
	struct undo *u;

	if (ms->nundo == ms->undo_cap) {
		uint32_t cap = ms->undo_cap ? ms->undo_cap * 2 : 64;

		ms->undo = xreallocarray(ms->undo, cap, sizeof(*ms->undo));
		ms->undo_cap = cap;
	}
	u = &ms->undo[ms->nundo++];
	memset(u, 0, sizeof(*u));
	u->type = (uint8_t)type;
	u->coll = c;
	u->obj = o;
	return u;
}

static struct mkv_tree *
kv_tree(struct mobj *o, int omap)
{
	return omap ? &o->omap : &o->xattrs;
}

/* Success: free what the transaction took away. */
static void
undo_commit(struct memstore *ms)
{
	for (uint32_t i = 0; i < ms->nundo; i++) {
		struct undo *u = &ms->undo[i];

		switch (u->type) {
		case U_COLL_REMOVED:
			memstore_coll_free(u->coll);
			break;
		case U_OBJ_REMOVED:
			mobj_free(u->obj);
			break;
		case U_KV_SET:
			if (u->kv_old)
				mkv_free(u->kv_old);
			break;
		case U_KV_REMOVED:
			mkv_free(u->kv_old);
			break;
		case U_KV_CLEARED:
			mkv_tree_free(&u->u.kv.tree);
			break;
		default:
			break;
		}
	}
	ms->nundo = 0;
	buf_clear(&ms->saved);
}

/* Failure: put everything back, newest change first. */
static void
undo_rollback(struct memstore *ms)
{
	while (ms->nundo > 0) {
		struct undo *u = &ms->undo[--ms->nundo];
		struct mobj *o = u->obj;

		switch (u->type) {
		case U_COLL_CREATED:
			memstore_coll_unlink(ms, u->coll);
			memstore_coll_free(u->coll);
			break;
		case U_COLL_REMOVED:
			memstore_coll_link(ms, u->coll);
			break;
		case U_OBJ_CREATED:
			mobj_unlink(ms, u->coll, o);
			mobj_free(o);
			break;
		case U_OBJ_REMOVED:
			mobj_link(ms, u->coll, o);
			break;
		case U_DATA:
			buf_slice(&ms->saved, u->soff, u->slen, &ms->ins);
			mdata_replace(ms, o, u->off, u->len, &ms->ins, NULL);
			break;
		case U_KV_SET:
			mobj_kv_remove(ms, o, u->omap, u->kv_new);
			mkv_free(u->kv_new);
			if (u->kv_old)
				mobj_kv_insert(ms, o, u->omap, u->kv_old);
			break;
		case U_KV_REMOVED:
			mobj_kv_insert(ms, o, u->omap, u->kv_old);
			break;
		case U_KV_CLEARED:
			/* Later undos emptied the tree again; hand the old one back. */
			*kv_tree(o, u->omap) = u->u.kv.tree;
			if (u->omap) {
				o->nomap = u->u.kv.n;
				o->omap_bytes = u->u.kv.bytes;
			} else {
				o->nxattrs = (uint32_t)u->u.kv.n;
				o->xattr_bytes = u->u.kv.bytes;
			}
			ms->meta_bytes += u->u.kv.bytes;
			break;
		case U_HEADER:
			ms->meta_bytes -= o->header.len;
			buf_clear(&o->header);
			buf_slice(&ms->saved, u->soff, u->slen, &o->header);
			ms->meta_bytes += o->header.len;
			break;
		case U_META:
			o->meta = u->u.meta;
			break;
		case U_HINT:
			o->hint = u->u.hint;
			break;
		}
	}
	buf_clear(&ms->saved);
}

/* ---- ops ---- */

/*
 * The op's object. create: make it if missing. Otherwise a missing object
 * gives ENOENT, or 0 with *op NULL when missing_ok.
 */
static int
op_obj(struct memstore *ms, const struct txn_op *op, int create, int missing_ok,
       struct mcoll **cp, struct mobj **op_obj_out)
{
	struct mcoll *c = memstore_coll_find(ms, &op->cid);
	struct mobj *o;

	*op_obj_out = NULL;
	if (c == NULL)
		return -ENOENT;
	*cp = c;
	o = mobj_find(c, &op->oid);
	if (o == NULL) {
		if (!create)
			return missing_ok ? 0 : -ENOENT;
		o = mobj_new(&op->oid);
		mobj_link(ms, c, o);
		undo_push(ms, U_OBJ_CREATED, c, o);
	}
	*op_obj_out = o;
	return 0;
}

/* Growth for copied appends: new segments about as large as the object, up to a cap. */
static size_t
grow_hint(const struct mobj *o)
{
	return o->data.len < MEMSTORE_GROW_MAX ? o->data.len : MEMSTORE_GROW_MAX;
}

/* data[off, off+rmlen) := ms->ins, logged. */
static void
data_replace_logged(struct memstore *ms, struct mcoll *c, struct mobj *o, uint64_t off,
		    uint64_t rmlen)
{
	struct undo *u = undo_push(ms, U_DATA, c, o);

	u->off = off;
	u->len = ms->ins.len;
	u->soff = ms->saved.len;
	u->slen = rmlen;
	mdata_replace(ms, o, off, rmlen, &ms->ins, &ms->saved);
}

/* Set the size of o (shrink, or extend with zeros). */
static void
data_truncate(struct memstore *ms, struct mcoll *c, struct mobj *o, uint64_t size)
{
	uint64_t cur = o->data.len;

	if (size < cur) {
		data_replace_logged(ms, c, o, size, cur - size);
	} else if (size > cur) {
		mdata_append_zeros(ms, &ms->ins, size - cur);
		data_replace_logged(ms, c, o, cur, 0);
	}
}

static void
op_write(struct memstore *ms, const struct txn *t, const struct txn_op *op,
	 struct mcoll *c, struct mobj *o)
{
	uint64_t size = o->data.len;

	if (op->off >= size) {
		/*
		 * At or past the end: append straight onto the object so that
		 * copied bytes fill its last segment's spare room.
		 */
		struct undo *u = undo_push(ms, U_DATA, c, o);

		u->off = size;
		u->soff = ms->saved.len;
		u->slen = 0;
		mdata_append_zeros(ms, &o->data, op->off - size);
		mdata_import(&o->data, &t->data, op->doff, op->dlen, grow_hint(o));
		u->len = o->data.len - size;
		ms->data_bytes += u->len;
		return;
	}
	mdata_import(&ms->ins, &t->data, op->doff, op->dlen, 0);
	data_replace_logged(ms, c, o, op->off,
			    op->len < size - op->off ? op->len : size - op->off);
}

static void
op_setkv(struct memstore *ms, const struct txn *t, const struct txn_op *op,
	 struct mcoll *c, struct mobj *o, int omap)
{
	struct mkv *old = mkv_find(kv_tree(o, omap), op->name.p, op->name.len);
	struct mkv *kv = mkv_new(op->name.p, op->name.len, &t->data, op->doff,
				 (uint32_t)op->dlen);
	struct undo *u;

	if (old)
		mobj_kv_remove(ms, o, omap, old);
	mobj_kv_insert(ms, o, omap, kv);
	u = undo_push(ms, U_KV_SET, c, o);
	u->omap = (uint8_t)omap;
	u->kv_new = kv;
	u->kv_old = old;
}

static void
op_rmkv(struct memstore *ms, struct mcoll *c, struct mobj *o, int omap, struct mkv *kv)
{
	struct undo *u;

	mobj_kv_remove(ms, o, omap, kv);
	u = undo_push(ms, U_KV_REMOVED, c, o);
	u->omap = (uint8_t)omap;
	u->kv_old = kv;
}

static void
op_clearkv(struct memstore *ms, struct mcoll *c, struct mobj *o, int omap)
{
	struct undo *u = undo_push(ms, U_KV_CLEARED, c, o);
	struct mkv_tree *tree = kv_tree(o, omap);

	u->omap = (uint8_t)omap;
	u->u.kv.tree = *tree;
	RB_INIT(tree);
	if (omap) {
		u->u.kv.n = o->nomap;
		u->u.kv.bytes = o->omap_bytes;
		o->nomap = 0;
		o->omap_bytes = 0;
	} else {
		u->u.kv.n = o->nxattrs;
		u->u.kv.bytes = o->xattr_bytes;
		o->nxattrs = 0;
		o->xattr_bytes = 0;
	}
	ms->meta_bytes -= u->u.kv.bytes;
}

/* Replace the omap header by t->data[doff, doff+dlen) (dlen 0: remove it). */
static void
op_header(struct memstore *ms, const struct txn *t, struct mcoll *c, struct mobj *o,
	  size_t doff, size_t dlen)
{
	struct undo *u = undo_push(ms, U_HEADER, c, o);

	u->soff = ms->saved.len;
	u->slen = o->header.len;
	ms->meta_bytes -= o->header.len;
	buf_claim(&ms->saved, &o->header);
	mdata_copy_seg(&o->header, &t->data, doff, dlen);
	ms->meta_bytes += o->header.len;
}

static int
op_clone(struct memstore *ms, const struct txn_op *op)
{
	struct mcoll *c = memstore_coll_find(ms, &op->cid);
	struct mobj *src, *dst;

	if (c == NULL)
		return -ENOENT;
	if ((src = mobj_find(c, &op->oid)) == NULL)
		return -ENOENT;
	if ((dst = mobj_find(c, &op->oid2)) != NULL) {
		mobj_unlink(ms, c, dst);
		undo_push(ms, U_OBJ_REMOVED, c, dst);
	}
	dst = mobj_clone(src, &op->oid2);
	mobj_link(ms, c, dst);
	undo_push(ms, U_OBJ_CREATED, c, dst);
	return 0;
}

static int
apply_op(struct memstore *ms, const struct txn *t, const struct txn_op *op)
{
	struct mcoll *c = NULL;
	struct mobj *o = NULL;
	struct mkv *kv, *next;
	struct undo *u;
	int r = 0;

	switch (op->type) {
	case TXN_CREATE_COLL:
		if (memstore_coll_find(ms, &op->cid) != NULL)
			return -EEXIST;
		c = xcalloc(1, sizeof(*c));
		c->cid = op->cid;
		RB_INIT(&c->objs);
		memstore_coll_link(ms, c);
		undo_push(ms, U_COLL_CREATED, c, NULL);
		return 0;
	case TXN_REMOVE_COLL:
		if ((c = memstore_coll_find(ms, &op->cid)) == NULL)
			return -ENOENT;
		if (c->nobjs > 0)
			return -ENOTEMPTY;
		memstore_coll_unlink(ms, c);
		undo_push(ms, U_COLL_REMOVED, c, NULL);
		return 0;
	case TXN_CLONE:
		return op_clone(ms, op);
	case TXN_TOUCH:
		return op_obj(ms, op, 1, 0, &c, &o);
	case TXN_WRITE:
		if ((r = op_obj(ms, op, 1, 0, &c, &o)) == 0)
			op_write(ms, t, op, c, o);
		return r;
	case TXN_ZERO:
		if ((r = op_obj(ms, op, 0, 1, &c, &o)) < 0 || o == NULL)
			return r;
		if (op->len == 0 || op->off >= o->data.len)
			return 0;
		if (op->off + op->len >= o->data.len) {
			data_truncate(ms, c, o, op->off);
		} else {
			mdata_append_zeros(ms, &ms->ins, op->len);
			data_replace_logged(ms, c, o, op->off, op->len);
		}
		return 0;
	case TXN_TRUNCATE:
		if ((r = op_obj(ms, op, 0, 1, &c, &o)) < 0 || o == NULL)
			return r;
		data_truncate(ms, c, o, op->off);
		return 0;
	case TXN_REMOVE:
		if ((r = op_obj(ms, op, 0, 0, &c, &o)) < 0)
			return r;
		mobj_unlink(ms, c, o);
		undo_push(ms, U_OBJ_REMOVED, c, o);
		return 0;
	case TXN_SETATTR:
	case TXN_OMAP_SETKEY:
		if ((r = op_obj(ms, op, 1, 0, &c, &o)) == 0)
			op_setkv(ms, t, op, c, o, op->type == TXN_OMAP_SETKEY);
		return r;
	case TXN_RMATTR:
	case TXN_OMAP_RMKEY: {
		int omap = op->type == TXN_OMAP_RMKEY;

		if ((r = op_obj(ms, op, 0, 0, &c, &o)) < 0)
			return r;
		kv = mkv_find(kv_tree(o, omap), op->name.p, op->name.len);
		if (kv != NULL)
			op_rmkv(ms, c, o, omap, kv);
		return 0;
	}
	case TXN_RMATTRS:
		if ((r = op_obj(ms, op, 0, 0, &c, &o)) == 0)
			op_clearkv(ms, c, o, 0);
		return r;
	case TXN_OMAP_RMKEYRANGE:
		if ((r = op_obj(ms, op, 0, 0, &c, &o)) < 0)
			return r;
		for (kv = mkv_bound(&o->omap, op->name.p, op->name.len, 0); kv != NULL; kv = next) {
			if (mkv_key_cmp(kv, op->name2.p, op->name2.len) >= 0)
				break;
			next = RB_NEXT(mkv_tree, &o->omap, kv);
			op_rmkv(ms, c, o, 1, kv);
		}
		return 0;
	case TXN_OMAP_CLEAR:
		if ((r = op_obj(ms, op, 0, 0, &c, &o)) < 0)
			return r;
		op_clearkv(ms, c, o, 1);
		if (o->header.len)
			op_header(ms, t, c, o, 0, 0);
		return 0;
	case TXN_OMAP_SETHEADER:
		if ((r = op_obj(ms, op, 1, 0, &c, &o)) == 0)
			op_header(ms, t, c, o, op->doff, op->dlen);
		return r;
	case TXN_SET_META:
		if ((r = op_obj(ms, op, 1, 0, &c, &o)) < 0)
			return r;
		u = undo_push(ms, U_META, c, o);
		u->u.meta = o->meta;
		o->meta = op->u.meta;
		return 0;
	case TXN_SET_ALLOC_HINT:
		if ((r = op_obj(ms, op, 1, 0, &c, &o)) < 0)
			return r;
		u = undo_push(ms, U_HINT, c, o);
		u->u.hint = o->hint;
		o->hint = op->u.hint;
		return 0;
	}
	return -EINVAL;
}

/*
 * What can be known from the transaction alone, checked before anything
 * changes: argument limits, and that each collection exists or is created
 * by an earlier op.
 */
static int
precheck(struct memstore *ms, const struct txn *t)
{
	const struct spg *known = NULL;

	if (t->err)
		return t->err;
	for (uint32_t i = 0; i < t->nops; i++) {
		const struct txn_op *op = &t->ops[i];
		int found = 0;

		switch (op->type) {
		case TXN_CREATE_COLL:
		case TXN_REMOVE_COLL:
			continue;
		case TXN_WRITE:
			if (op->off + op->len > ms->max_object_size)
				return -EFBIG;
			break;
		case TXN_TRUNCATE:
			if (op->off > ms->max_object_size)
				return -EFBIG;
			break;
		case TXN_CLONE:
			if (op->oid2.max || hobject_cmp(&op->oid, &op->oid2) == 0)
				return -EINVAL;
			break;
		default:
			break;
		}
		if (op->oid.max)
			return -EINVAL;
		if (known != NULL && memstore_coll_eq(known, &op->cid))
			continue;
		if (memstore_coll_find(ms, &op->cid) != NULL) {
			found = 1;
		} else {
			for (uint32_t j = 0; j < i && !found; j++)
				found = t->ops[j].type == TXN_CREATE_COLL &&
					memstore_coll_eq(&t->ops[j].cid, &op->cid);
		}
		if (!found)
			return -ENOENT;
		known = &op->cid;
	}
	return 0;
}

int
memstore_apply(struct store *st, struct txn *t, store_commit_fn on_commit, void *arg)
{
	struct memstore *ms = memstore_of(st);
	uint64_t used0 = memstore_used(ms);
	uint32_t i;
	int r;

	if ((r = precheck(ms, t)) < 0) {
		log_debug(LOG_OS, 10, "memstore: txn of %u ops rejected: %d", t->nops, r);
		return r;
	}
	for (i = 0; i < t->nops; i++)
		if ((r = apply_op(ms, t, &t->ops[i])) < 0)
			break;
	if (r == 0 && ms->max_bytes && memstore_used(ms) > ms->max_bytes && memstore_used(ms) > used0)
		r = -ENOSPC;
	if (r < 0) {
		log_debug(LOG_OS, 10, "memstore: txn op %u/%u (type %u) failed: %d, rolled back",
			  i, t->nops, i < t->nops ? t->ops[i].type : 0, r);
		undo_rollback(ms);
		return r;
	}
	undo_commit(ms);
	if (on_commit != NULL)
		on_commit(arg, 0);
	return 0;
}

