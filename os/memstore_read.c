/*
 * memstore_read.c — memstore's read side: stat, data reads (shared
 * extent references), xattrs, omap walks and collection listing in
 * hobject order. Nothing here changes the store.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "os/hobject_order.h"
#include "os/memstore_int.h"

int
memstore_stat(struct store *st, const struct spg *cid, const struct hobject *oid,
	      struct store_objstat *out)
{
	struct mobj *o;
	int r = memstore_lookup(memstore_of(st), cid, oid, &o);

	if (r < 0)
		return r;
	memset(out, 0, sizeof(*out));
	out->size = o->data.len;
	out->meta = o->meta;
	out->hint = o->hint;
	out->nxattrs = o->nxattrs;
	out->nomap = o->nomap;
	out->omap_header_len = o->header.len;
	return 0;
}

int
memstore_read(struct store *st, const struct spg *cid, const struct hobject *oid,
	      uint64_t off, uint64_t len, struct buf *out)
{
	struct mobj *o;
	uint64_t size, n;
	int r = memstore_lookup(memstore_of(st), cid, oid, &o);

	if (r < 0)
		return r;
	size = o->data.len;
	if (off >= size)
		return 0;
	n = size - off;
	if (len != 0 && len < n)
		n = len;
	return buf_slice(&o->data, off, n, out);
}

static int
kv_get(struct mkv_tree *tree, const void *key, size_t klen, struct buf *out)
{
	struct mkv *kv;
	struct buf_ref ref;
	struct buf view;

	if (klen > UINT32_MAX || (kv = mkv_find(tree, key, (uint32_t)klen)) == NULL)
		return -ENODATA;
	mkv_value_view(kv, &ref, &view);
	return buf_slice(&view, 0, view.len, out);
}

static int
kv_visit(const struct mkv *kv, store_kv_fn fn, void *arg)
{
	struct buf_ref ref;
	struct buf view;

	mkv_value_view(kv, &ref, &view);
	return fn(arg, kv->key, kv->klen, &view);
}

int
memstore_getattr(struct store *st, const struct spg *cid, const struct hobject *oid,
		 const void *name, size_t nlen, struct buf *out)
{
	struct mobj *o;
	int r = memstore_lookup(memstore_of(st), cid, oid, &o);

	return r < 0 ? r : kv_get(&o->xattrs, name, nlen, out);
}

int
memstore_getattrs(struct store *st, const struct spg *cid, const struct hobject *oid,
		  store_kv_fn fn, void *arg)
{
	struct mobj *o;
	struct mkv *kv;
	int r = memstore_lookup(memstore_of(st), cid, oid, &o);

	if (r < 0)
		return r;
	RB_FOREACH(kv, mkv_tree, &o->xattrs) {
		if ((r = kv_visit(kv, fn, arg)) < 0)
			return r;
		if (r == STORE_ITER_STOP)
			break;
	}
	return 0;
}

int
memstore_omap_get_header(struct store *st, const struct spg *cid,
			 const struct hobject *oid, struct buf *out)
{
	struct mobj *o;
	int r = memstore_lookup(memstore_of(st), cid, oid, &o);

	return r < 0 ? r : buf_slice(&o->header, 0, o->header.len, out);
}

int
memstore_omap_get(struct store *st, const struct spg *cid, const struct hobject *oid,
		  const void *key, size_t klen, struct buf *out)
{
	struct mobj *o;
	int r = memstore_lookup(memstore_of(st), cid, oid, &o);

	return r < 0 ? r : kv_get(&o->omap, key, klen, out);
}

static int
has_prefix(const struct mkv *kv, const struct strview *prefix)
{
	return kv->klen >= prefix->len &&
	       (prefix->len == 0 || memcmp(kv->key, prefix->p, prefix->len) == 0);
}

int
memstore_omap_iter(struct store *st, const struct spg *cid, const struct hobject *oid,
		   const struct strview *start_after, const struct strview *prefix,
		   uint64_t max, store_kv_fn fn, void *arg, int *more)
{
	static const struct strview none = { "", 0 };
	struct mobj *o;
	struct mkv *kv;
	uint64_t n = 0;
	int r = memstore_lookup(memstore_of(st), cid, oid, &o);

	if (more != NULL)
		*more = 0;
	if (r < 0)
		return r;
	if (start_after == NULL)
		start_after = &none;
	if (prefix == NULL)
		prefix = &none;
	/* src/osd/PrimaryLogPG.cc (OMAPGETVALS): lower_bound(prefix) when it sorts later. */
	if (hobject_strview_cmp(prefix, start_after) > 0)
		kv = mkv_bound(&o->omap, prefix->p, prefix->len, 0);
	else
		kv = mkv_bound(&o->omap, start_after->p, start_after->len, 1);
	for (; kv != NULL && has_prefix(kv, prefix); kv = RB_NEXT(mkv_tree, &o->omap, kv)) {
		if (n == max)
			break;
		n++;
		if ((r = kv_visit(kv, fn, arg)) < 0)
			return r;
		if (r == STORE_ITER_STOP) {
			kv = RB_NEXT(mkv_tree, &o->omap, kv);
			break;
		}
	}
	if (more != NULL)
		*more = kv != NULL && has_prefix(kv, prefix);
	return 0;
}

int
memstore_omap_get_by_keys(struct store *st, const struct spg *cid,
			  const struct hobject *oid, const struct strview *keys,
			  size_t n, store_kv_fn fn, void *arg)
{
	struct mobj *o;
	int r = memstore_lookup(memstore_of(st), cid, oid, &o);

	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		struct mkv *kv = mkv_find(&o->omap, keys[i].p, keys[i].len);

		if (kv == NULL)
			continue;
		if ((r = kv_visit(kv, fn, arg)) < 0)
			return r;
		if (r == STORE_ITER_STOP)
			break;
	}
	return 0;
}

static int
list_match(const struct mobj *o, const struct strview *nspace, unsigned flags)
{
	if ((flags & STORE_LIST_HEAD_ONLY) && o->id.snap != CEPH_NOSNAP)
		return 0;
	return nspace == NULL || hobject_strview_cmp(&o->id.nspace, nspace) == 0;
}

int
memstore_collection_list(struct store *st, const struct spg *cid,
			 const struct hobject *start, const struct hobject *end,
			 const struct strview *nspace, unsigned flags,
			 struct hobject *out, uint32_t max, uint32_t *n, struct hobject *next)
{
	struct mcoll *c = memstore_coll_find(memstore_of(st), cid);
	struct mobj *o;
	uint32_t k = 0;

	*n = 0;
	hobject_set_max(next);
	if (c == NULL)
		return -ENOENT;
	for (o = mobj_lower_bound(c, start); o != NULL; o = RB_NEXT(mobj_tree, &c->objs, o)) {
		if (end != NULL && hobject_cmp(&o->id, end) >= 0)
			break;
		if (!list_match(o, nspace, flags))
			continue;
		if (k == max) {
			*next = o->id;
			break;
		}
		out[k++] = o->id;
	}
	*n = k;
	return 0;
}
