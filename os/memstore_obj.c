/*
 * memstore_obj.c — memstore objects: their name, their data as a list of
 * extents (holes, imports, range replacement), and their xattr and omap
 * entries (see memstore.h for the rules, memstore_int.h for the types).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "os/hobject_order.h"
#include "os/memstore_int.h"

/* ---- entries ---- */

static int
key_cmp(const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen)
{
	uint32_t n = alen < blen ? alen : blen;
	int r = n ? memcmp(a, b, n) : 0;

	if (r != 0)
		return r;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

int
mkv_cmp(const struct mkv *a, const struct mkv *b)
{
	return key_cmp(a->key, a->klen, b->key, b->klen);
}

int
mkv_key_cmp(const struct mkv *kv, const void *key, uint32_t klen)
{
	return key_cmp(kv->key, kv->klen, key, klen);
}

RB_GENERATE(mkv_tree, mkv, link, mkv_cmp)

/* The block is the node itself: give it back at the segment's last put. */
static void
mkv_release(struct buf_seg *seg)
{
	free(seg->data);
}

static struct mkv *
mkv_alloc(uint32_t klen, uint32_t vlen)
{
	size_t total = sizeof(struct mkv) + (size_t)klen + vlen;
	struct mkv *kv = xmalloc(total);

	kv->seg = buf_seg_wrap(kv, total, mkv_release, NULL);
	kv->klen = klen;
	kv->vlen = vlen;
	return kv;
}

struct mkv *
mkv_new(const void *key, uint32_t klen, const struct buf *src, size_t soff, uint32_t vlen)
{
	struct mkv *kv = mkv_alloc(klen, vlen);

	if (klen)
		memcpy(kv->key, key, klen);
	buf_copy_out(src, soff, vlen, kv->key + klen);
	return kv;
}

struct mkv *
mkv_dup(const struct mkv *src)
{
	struct mkv *kv = mkv_alloc(src->klen, src->vlen);

	memcpy(kv->key, src->key, (size_t)src->klen + src->vlen);
	return kv;
}

/* Walk down comparing against a bare key (no node to build). */
struct mkv *
mkv_find(struct mkv_tree *tree, const void *key, uint32_t klen)
{
	struct mkv *n = RB_ROOT(tree);

	while (n != NULL) {
		int r = key_cmp(key, klen, n->key, n->klen);

		if (r == 0)
			return n;
		n = r < 0 ? RB_LEFT(n, link) : RB_RIGHT(n, link);
	}
	return NULL;
}

struct mkv *
mkv_bound(struct mkv_tree *tree, const void *key, uint32_t klen, int strict)
{
	struct mkv *n = RB_ROOT(tree), *best = NULL;

	while (n != NULL) {
		int r = key_cmp(n->key, n->klen, key, klen);

		if (r > 0 || (r == 0 && !strict)) {
			best = n;
			n = RB_LEFT(n, link);
		} else {
			n = RB_RIGHT(n, link);
		}
	}
	return best;
}

void
mkv_value_view(const struct mkv *kv, struct buf_ref *ref, struct buf *view)
{
	ref->seg = kv->seg;
	ref->off = (uint32_t)offsetof(struct mkv, key) + kv->klen;
	ref->len = kv->vlen;
	view->refs = ref;
	view->nrefs = kv->vlen ? 1 : 0;
	view->cap = 1;
	view->len = kv->vlen;
}

static void
mkv_free_subtree(struct mkv *n)
{
	while (n != NULL) {
		struct mkv *right = RB_RIGHT(n, link);

		mkv_free_subtree(RB_LEFT(n, link));
		mkv_free(n);
		n = right;
	}
}

void
mkv_tree_free(struct mkv_tree *tree)
{
	/* No rebalancing: the whole tree goes. Recursion depth is O(log n). */
	mkv_free_subtree(RB_ROOT(tree));
	RB_INIT(tree);
}

void
mobj_kv_insert(struct memstore *ms, struct mobj *o, int omap, struct mkv *kv)
{
	uint64_t bytes = mkv_bytes(kv);

	if (omap) {
		RB_INSERT(mkv_tree, &o->omap, kv);
		o->nomap++;
		o->omap_bytes += bytes;
	} else {
		RB_INSERT(mkv_tree, &o->xattrs, kv);
		o->nxattrs++;
		o->xattr_bytes += bytes;
	}
	if (ms != NULL)
		ms->meta_bytes += bytes;
}

void
mobj_kv_remove(struct memstore *ms, struct mobj *o, int omap, struct mkv *kv)
{
	uint64_t bytes = mkv_bytes(kv);

	if (omap) {
		RB_REMOVE(mkv_tree, &o->omap, kv);
		o->nomap--;
		o->omap_bytes -= bytes;
	} else {
		RB_REMOVE(mkv_tree, &o->xattrs, kv);
		o->nxattrs--;
		o->xattr_bytes -= bytes;
	}
	if (ms != NULL)
		ms->meta_bytes -= bytes;
}

/* ---- objects ---- */

static void
prefix_of(const struct hobject *id, struct mobj_prefix *p)
{
	p->max = id->max ? 1 : 0;
	p->pool = id->pool;
	p->rhash = id->max ? 0 : hobject_reverse_bits(id->hash);
}

/* The order of hobject_cmp: the prefix first, the names only on a tie. */
static int
prefix_cmp(const struct mobj_prefix *a, const struct mobj_prefix *b)
{
	if (a->max != b->max)
		return a->max < b->max ? -1 : 1;
	if (a->pool != b->pool)
		return a->pool < b->pool ? -1 : 1;
	if (a->rhash != b->rhash)
		return a->rhash < b->rhash ? -1 : 1;
	return 0;
}

int
mobj_cmp(const struct mobj *a, const struct mobj *b)
{
	int r = prefix_cmp(&a->pre, &b->pre);

	return r ? r : hobject_cmp(&a->id, &b->id);
}

RB_GENERATE(mobj_tree, mobj, link, mobj_cmp)

static void
name_copy(struct strview *dst, const struct strview *src, char **pos)
{
	if (src->len)
		memcpy(*pos, src->p, src->len);
	dst->p = *pos;
	dst->len = src->len;
	*pos += src->len;
}

struct mobj *
mobj_new(const struct hobject *id)
{
	size_t names = (size_t)id->oid.len + id->key.len + id->nspace.len;
	struct mobj *o = xcalloc(1, sizeof(*o) + names);
	char *pos = o->names;

	o->id = *id;
	name_copy(&o->id.oid, &id->oid, &pos);
	name_copy(&o->id.key, &id->key, &pos);
	name_copy(&o->id.nspace, &id->nspace, &pos);
	o->hkey = mobj_hash(id);
	prefix_of(id, &o->pre);
	buf_init(&o->data);
	buf_init(&o->header);
	RB_INIT(&o->xattrs);
	RB_INIT(&o->omap);
	return o;
}

void
mobj_free(struct mobj *o)
{
	buf_free(&o->data);
	buf_free(&o->header);
	mkv_tree_free(&o->xattrs);
	mkv_tree_free(&o->omap);
	free(o);
}

struct mobj *
mobj_clone(const struct mobj *src, const struct hobject *id)
{
	struct mobj *o = mobj_new(id);
	struct mkv *kv;

	buf_slice(&src->data, 0, src->data.len, &o->data);
	buf_slice(&src->header, 0, src->header.len, &o->header);
	RB_FOREACH(kv, mkv_tree, (struct mkv_tree *)&src->xattrs)
		mobj_kv_insert(NULL, o, 0, mkv_dup(kv));
	RB_FOREACH(kv, mkv_tree, (struct mkv_tree *)&src->omap)
		mobj_kv_insert(NULL, o, 1, mkv_dup(kv));
	o->meta = src->meta;
	o->hint = src->hint;
	return o;
}

/*
 * The hash-table key. The locator key is left out on purpose: hobject_cmp
 * treats an empty key and a key equal to the name as the same object, so
 * hashing it would split equal names; objects differing only by key share
 * a chain, which is rare. The rjenkins hash is left out of max objects,
 * whose order ignores it. Strings go in a word at a time.
 */
#define MH_MUL 0x9e3779b97f4a7c15ULL

static inline uint64_t
mh_mix(uint64_t h, uint64_t v)
{
	h ^= v;
	h *= MH_MUL;
	return h ^ (h >> 32);
}

static uint64_t
mh_str(uint64_t h, const struct strview *s)
{
	const unsigned char *p = (const unsigned char *)s->p;
	uint32_t n = s->len;

	h = mh_mix(h, n);
	for (; n >= 8; n -= 8, p += 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		h = mh_mix(h, w);
	}
	if (n > 0) {
		uint64_t w = 0;

		memcpy(&w, p, n);
		h = mh_mix(h, w);
	}
	return h;
}

uint64_t
mobj_hash(const struct hobject *id)
{
	uint64_t h = (uint64_t)id->pool * 0xc2b2ae3d27d4eb4fULL;

	h = mh_mix(h, id->max ? 1ULL << 32 : id->hash);
	h = mh_mix(h, id->snap);
	h = mh_str(h, &id->nspace);
	h = mh_str(h, &id->oid);
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 31);
}

#define MOBJ_BUCKETS_MIN 16u

static void
index_resize(struct mcoll *c, uint32_t nb)
{
	struct mobj **tab = xcalloc(nb, sizeof(*tab));

	for (uint32_t i = 0; i < c->nobuckets; i++) {
		struct mobj *o = c->obuckets[i], *next;

		for (; o != NULL; o = next) {
			struct mobj **head = &tab[o->hkey & (nb - 1)];

			next = o->hnext;
			o->hnext = *head;
			*head = o;
		}
	}
	free(c->obuckets);
	c->obuckets = tab;
	c->nobuckets = nb;
}

static void
index_insert(struct mcoll *c, struct mobj *o)
{
	struct mobj **head;

	/* Load factor at most 1 after this insert. */
	if (c->nobjs >= c->nobuckets && c->nobuckets < (1u << 31))
		index_resize(c, c->nobuckets ? c->nobuckets * 2 : MOBJ_BUCKETS_MIN);
	head = &c->obuckets[o->hkey & (c->nobuckets - 1)];
	o->hnext = *head;
	*head = o;
}

static void
index_remove(struct mcoll *c, struct mobj *o)
{
	struct mobj **pp = &c->obuckets[o->hkey & (c->nobuckets - 1)];

	while (*pp != o)
		pp = &(*pp)->hnext;
	*pp = o->hnext;
	o->hnext = NULL;
	/* Shrink lazily (a quarter of the growth point) so churn does not flap. */
	if (c->nobuckets > MOBJ_BUCKETS_MIN && c->nobjs < c->nobuckets / 8)
		index_resize(c, c->nobuckets / 2);
}

void
mobj_index_free(struct mcoll *c)
{
	free(c->obuckets);
	c->obuckets = NULL;
	c->nobuckets = 0;
}

struct mobj *
mobj_find(struct mcoll *c, const struct hobject *id)
{
	uint64_t h;
	struct mobj *o;

	if (c->nobuckets == 0)
		return NULL;
	h = mobj_hash(id);
	for (o = c->obuckets[h & (c->nobuckets - 1)]; o != NULL; o = o->hnext)
		if (o->hkey == h && hobject_cmp(id, &o->id) == 0)
			return o;
	return NULL;
}

struct mobj *
mobj_lower_bound(struct mcoll *c, const struct hobject *id)
{
	struct mobj *n = RB_ROOT(&c->objs), *best = NULL;
	struct mobj_prefix p;
	int r;

	prefix_of(id, &p);
	while (n != NULL) {
		if ((r = prefix_cmp(&n->pre, &p)) == 0)
			r = hobject_cmp(&n->id, id);
		if (r >= 0) {
			best = n;
			n = RB_LEFT(n, link);
		} else {
			n = RB_RIGHT(n, link);
		}
	}
	return best;
}

void
mobj_link(struct memstore *ms, struct mcoll *c, struct mobj *o)
{
	RB_INSERT(mobj_tree, &c->objs, o);
	index_insert(c, o);
	c->nobjs++;
	ms->nobjs++;
	ms->data_bytes += o->data.len;
	ms->meta_bytes += mobj_meta_bytes(o);
}

void
mobj_unlink(struct memstore *ms, struct mcoll *c, struct mobj *o)
{
	RB_REMOVE(mobj_tree, &c->objs, o);
	c->nobjs--;
	index_remove(c, o);
	ms->nobjs--;
	ms->data_bytes -= o->data.len;
	ms->meta_bytes -= mobj_meta_bytes(o);
}

/* ---- data ---- */

void
mdata_append_zeros(struct memstore *ms, struct buf *dst, uint64_t n)
{
	while (n > 0) {
		uint32_t k = n > MEMSTORE_ZERO_SEG ? MEMSTORE_ZERO_SEG : (uint32_t)n;

		buf_append_ref(dst, ms->zero, 0, k);
		n -= k;
	}
}

void
mdata_import(struct buf *dst, const struct buf *src, size_t soff, size_t len,
	     size_t seg_min)
{
	uint32_t i = 0;

	while (i < src->nrefs && soff >= src->refs[i].len)
		soff -= src->refs[i++].len;
	for (; len > 0 && i < src->nrefs; i++) {
		const struct buf_ref *r = &src->refs[i];
		size_t n = r->len - soff;

		if (n > len)
			n = len;
		/* Keep a reference only when that pins at most twice what it keeps. */
		if (n >= MEMSTORE_ADOPT_MIN && n * 2 >= r->seg->size)
			buf_append_ref(dst, r->seg, r->off + (uint32_t)soff, (uint32_t)n);
		else
			buf_append_min(dst, r->seg->data + r->off + soff, n, seg_min);
		len -= n;
		soff = 0;
	}
}

static void
free_data_release(struct buf_seg *seg)
{
	free(seg->data);
}

void
mdata_copy_seg(struct buf *dst, const struct buf *src, size_t soff, size_t len)
{
	struct buf_seg *seg;
	void *mem;

	if (len == 0)
		return;
	mem = xmalloc(len);
	buf_copy_out(src, soff, len, mem);
	seg = buf_seg_wrap(mem, len, free_data_release, NULL);
	buf_append_ref(dst, seg, 0, (uint32_t)len);
	buf_seg_put(seg);
}

void
mdata_replace(struct memstore *ms, struct mobj *o, uint64_t off, uint64_t rmlen,
	      struct buf *ins, struct buf *saved)
{
	uint64_t size = o->data.len;

	ms->data_bytes += ins->len;
	ms->data_bytes -= rmlen;
	if (off + rmlen == size) {
		/* The range reaches the end: no tail to carry over. */
		buf_splice(&o->data, off, rmlen, saved);
		buf_claim(&o->data, ins);
		return;
	}
	/* Lift the tail off, drop the replaced head of it, put new + tail back. */
	buf_splice(&o->data, off, size - off, &ms->tail);
	buf_splice(&ms->tail, 0, rmlen, saved);
	buf_claim(&o->data, ins);
	buf_claim(&o->data, &ms->tail);
}
