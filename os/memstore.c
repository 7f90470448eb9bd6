/*
 * memstore.c — the in-memory store: creation and destruction, collections
 * (a hash table by spg), statistics, and the store_ops table. Transactions
 * are in memstore_txn.c, objects in memstore_obj.c, reads in
 * memstore_read.c (see memstore.h).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "os/memstore_int.h"

#define MS_BUCKETS_MIN 64

/* ---- collections ---- */

static uint32_t
coll_hash(const struct spg *cid)
{
	uint64_t h = cid->pgid.pool * 0x9e3779b97f4a7c15ULL;

	h ^= ((uint64_t)cid->pgid.seed << 8 | (uint8_t)cid->shard) * 0xc2b2ae3d27d4eb4fULL;
	h ^= h >> 29;
	return (uint32_t)(h ^ (h >> 32));
}

int
memstore_coll_eq(const struct spg *a, const struct spg *b)
{
	return a->pgid.pool == b->pgid.pool && a->pgid.seed == b->pgid.seed &&
	       a->shard == b->shard;
}

struct mcoll *
memstore_coll_find(struct memstore *ms, const struct spg *cid)
{
	struct mcoll *c = ms->buckets[coll_hash(cid) & (ms->nbuckets - 1)];

	while (c != NULL && !memstore_coll_eq(&c->cid, cid))
		c = c->hnext;
	return c;
}

static void
coll_rehash(struct memstore *ms, uint32_t nbuckets)
{
	struct mcoll **nb = xcalloc(nbuckets, sizeof(*nb));

	for (uint32_t i = 0; i < ms->nbuckets; i++) {
		struct mcoll *c = ms->buckets[i], *next;

		for (; c != NULL; c = next) {
			uint32_t b = coll_hash(&c->cid) & (nbuckets - 1);

			next = c->hnext;
			c->hnext = nb[b];
			nb[b] = c;
		}
	}
	free(ms->buckets);
	ms->buckets = nb;
	ms->nbuckets = nbuckets;
}

void
memstore_coll_link(struct memstore *ms, struct mcoll *c)
{
	uint32_t b;

	if (ms->ncolls >= ms->nbuckets && ms->nbuckets < (1u << 30))
		coll_rehash(ms, ms->nbuckets * 2);
	b = coll_hash(&c->cid) & (ms->nbuckets - 1);
	c->hnext = ms->buckets[b];
	ms->buckets[b] = c;
	ms->ncolls++;
}

void
memstore_coll_unlink(struct memstore *ms, struct mcoll *c)
{
	struct mcoll **pp = &ms->buckets[coll_hash(&c->cid) & (ms->nbuckets - 1)];

	while (*pp != c)
		pp = &(*pp)->hnext;
	*pp = c->hnext;
	ms->ncolls--;
}

void
memstore_coll_free(struct mcoll *c)
{
	struct mobj *o, *next;

	RB_FOREACH_SAFE(o, mobj_tree, &c->objs, next) {
		RB_REMOVE(mobj_tree, &c->objs, o);
		mobj_free(o);
	}
	mobj_index_free(c);
	free(c);
}

int
memstore_lookup(struct memstore *ms, const struct spg *cid, const struct hobject *oid,
		struct mobj **out)
{
	struct mcoll *c = memstore_coll_find(ms, cid);

	*out = NULL;
	if (c == NULL)
		return -ENOENT;
	*out = mobj_find(c, oid);
	return *out ? 0 : -ENOENT;
}

static void
ms_statfs(struct store *st, struct store_statfs *out)
{
	struct memstore *ms = memstore_of(st);

	memset(out, 0, sizeof(*out));
	out->total = ms->max_bytes;
	out->data_bytes = ms->data_bytes;
	out->meta_bytes = ms->meta_bytes;
	out->used = memstore_used(ms);
	if (ms->max_bytes > out->used)
		out->available = ms->max_bytes - out->used;
	out->objects = ms->nobjs;
	out->collections = ms->ncolls;
}

static int
ms_collection_exists(struct store *st, const struct spg *cid)
{
	return memstore_coll_find(memstore_of(st), cid) != NULL;
}

static int
ms_collections(struct store *st, store_coll_fn fn, void *arg)
{
	struct memstore *ms = memstore_of(st);

	for (uint32_t i = 0; i < ms->nbuckets; i++) {
		for (struct mcoll *c = ms->buckets[i]; c != NULL; c = c->hnext) {
			int r = fn(arg, &c->cid);

			if (r < 0)
				return r;
			if (r == STORE_ITER_STOP)
				return 0;
		}
	}
	return 0;
}

static int
ms_collection_count(struct store *st, const struct spg *cid, uint64_t *n)
{
	struct mcoll *c = memstore_coll_find(memstore_of(st), cid);

	if (c == NULL)
		return -ENOENT;
	*n = c->nobjs;
	return 0;
}

static void
ms_destroy(struct store *st)
{
	struct memstore *ms = memstore_of(st);

	for (uint32_t i = 0; i < ms->nbuckets; i++) {
		struct mcoll *c = ms->buckets[i], *next;

		for (; c != NULL; c = next) {
			next = c->hnext;
			memstore_coll_free(c);
		}
	}
	free(ms->buckets);
	free(ms->undo);
	buf_free(&ms->saved);
	buf_free(&ms->tail);
	buf_free(&ms->ins);
	/* Readers may still hold zero references; the segment goes with the last. */
	buf_seg_put(ms->zero);
	free(ms);
}

static const struct store_ops memstore_ops = {
	.destroy = ms_destroy,
	.apply = memstore_apply,
	.statfs = ms_statfs,
	.collection_exists = ms_collection_exists,
	.collections = ms_collections,
	.collection_count = ms_collection_count,
	.collection_list = memstore_collection_list,
	.stat = memstore_stat,
	.read = memstore_read,
	.getattr = memstore_getattr,
	.getattrs = memstore_getattrs,
	.omap_get_header = memstore_omap_get_header,
	.omap_get = memstore_omap_get,
	.omap_iter = memstore_omap_iter,
	.omap_get_by_keys = memstore_omap_get_by_keys,
};

static void
zero_release(struct buf_seg *seg)
{
	free(seg->data);
}

struct store *
memstore_create(const struct memstore_conf *conf)
{
	struct memstore *ms = xcalloc(1, sizeof(*ms));

	ms->base.ops = &memstore_ops;
	ms->max_bytes = conf ? conf->max_bytes : 0;
	ms->max_object_size = conf && conf->max_object_size ? conf->max_object_size :
			      MEMSTORE_DEFAULT_MAX_OBJECT_SIZE;
	ms->nbuckets = MS_BUCKETS_MIN;
	ms->buckets = xcalloc(ms->nbuckets, sizeof(*ms->buckets));
	/* calloc'd pages of this size come from mmap: zero, and never touched. */
	ms->zero = buf_seg_wrap(xcalloc(1, MEMSTORE_ZERO_SEG), MEMSTORE_ZERO_SEG,
				zero_release, NULL);
	buf_init(&ms->saved);
	buf_init(&ms->tail);
	buf_init(&ms->ins);
	return &ms->base;
}
