/*
 * txn.c — building transactions (see txn.h): an op array and a byte arena
 * that survive txn_reset(), so a reused txn allocates nothing in the
 * steady state.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "os/txn.h"

/* Arena chunks: standard ones are recycled, larger ones freed on reset. */
#define TXN_CHUNK_SIZE 4096
#define TXN_OPS_MIN 16

struct txn_chunk {
	struct txn_chunk *next;
	size_t size;
	size_t used;
	uint8_t mem[];
};

void
txn_init(struct txn *t)
{
	memset(t, 0, sizeof(*t));
	buf_init(&t->data);
}

static void
txn_chunks_free(struct txn_chunk *c)
{
	while (c != NULL) {
		struct txn_chunk *next = c->next;

		free(c);
		c = next;
	}
}

void
txn_reset(struct txn *t)
{
	struct txn_chunk *c = t->chunks;

	while (c != NULL) {
		struct txn_chunk *next = c->next;

		if (c->size == TXN_CHUNK_SIZE) {
			c->used = 0;
			c->next = t->spare;
			t->spare = c;
		} else {
			free(c);
		}
		c = next;
	}
	t->chunks = NULL;
	t->nops = 0;
	t->err = 0;
	t->have_last = 0;
	buf_clear(&t->data);
}

void
txn_free(struct txn *t)
{
	txn_chunks_free(t->chunks);
	txn_chunks_free(t->spare);
	free(t->ops);
	buf_free(&t->data);
	txn_init(t);
}

/* n bytes of arena memory, stable until txn_reset (chunks never move). */
static uint8_t *
txn_alloc(struct txn *t, size_t n)
{
	struct txn_chunk *c = t->chunks;
	uint8_t *p;

	if (c == NULL || c->size - c->used < n) {
		if (n <= TXN_CHUNK_SIZE && t->spare != NULL) {
			c = t->spare;
			t->spare = c->next;
		} else {
			size_t size = n > TXN_CHUNK_SIZE ? n : TXN_CHUNK_SIZE;

			c = xmalloc(sizeof(*c) + size);
			c->size = size;
			c->used = 0;
		}
		c->next = t->chunks;
		t->chunks = c;
	}
	p = c->mem + c->used;
	c->used += n;
	return p;
}

static void
txn_copy_str(struct txn *t, struct strview *dst, const void *p, size_t len)
{
	if (len > UINT32_MAX) {
		t->err = t->err ? t->err : -EINVAL;
		len = 0;
	}
	if (len == 0) {
		dst->p = "";
		dst->len = 0;
		return;
	}
	dst->p = (const char *)txn_alloc(t, len);
	memcpy((char *)dst->p, p, len);
	dst->len = (uint32_t)len;
}

static int
txn_same_view(const struct strview *a, const struct strview *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

static int
txn_same_object(const struct hobject *a, const struct hobject *b)
{
	return a->hash == b->hash && a->snap == b->snap && a->pool == b->pool &&
	       !!a->max == !!b->max && txn_same_view(&a->oid, &b->oid) &&
	       txn_same_view(&a->key, &b->key) && txn_same_view(&a->nspace, &b->nspace);
}

/* Copy an object name into the arena, reusing the previous op's copy when equal. */
static void
txn_copy_oid(struct txn *t, struct hobject *dst, const struct hobject *src)
{
	if (t->have_last && txn_same_object(&t->last, src)) {
		*dst = t->last;
		return;
	}
	*dst = *src;
	txn_copy_str(t, &dst->oid, src->oid.p, src->oid.len);
	txn_copy_str(t, &dst->key, src->key.p, src->key.len);
	txn_copy_str(t, &dst->nspace, src->nspace.p, src->nspace.len);
	t->last = *dst;
	t->have_last = 1;
}

static struct txn_op *
txn_push(struct txn *t, enum txn_op_type type, const struct spg *cid,
	 const struct hobject *oid)
{
	struct txn_op *op;

	if (t->nops == t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : TXN_OPS_MIN;

		t->ops = xreallocarray(t->ops, cap, sizeof(*t->ops));
		t->cap = cap;
	}
	op = &t->ops[t->nops++];
	memset(op, 0, sizeof(*op));
	op->type = (uint8_t)type;
	op->cid = *cid;
	if (oid != NULL)
		txn_copy_oid(t, &op->oid, oid);
	else
		op->oid.oid.p = op->oid.key.p = op->oid.nspace.p = "";
	op->name.p = op->name2.p = "";
	return op;
}

/* Copy len bytes to the end of t->data; remember where they are. */
static void
txn_put_bytes(struct txn *t, struct txn_op *op, const void *p, size_t len)
{
	op->doff = t->data.len;
	op->dlen = len;
	buf_append(&t->data, p, len);
}

void
txn_create_collection(struct txn *t, const struct spg *cid)
{
	txn_push(t, TXN_CREATE_COLL, cid, NULL);
}

void
txn_remove_collection(struct txn *t, const struct spg *cid)
{
	txn_push(t, TXN_REMOVE_COLL, cid, NULL);
}

void
txn_touch(struct txn *t, const struct spg *cid, const struct hobject *oid)
{
	txn_push(t, TXN_TOUCH, cid, oid);
}

void
txn_write(struct txn *t, const struct spg *cid, const struct hobject *oid,
	  uint64_t off, uint64_t len, const struct buf *src, size_t soff)
{
	struct txn_op *op = txn_push(t, TXN_WRITE, cid, oid);

	op->off = off;
	op->len = len;
	op->doff = t->data.len;
	op->dlen = 0;
	if (off + len < off || soff > src->len || len > src->len - soff) {
		t->err = t->err ? t->err : -EINVAL;
		op->len = 0;
		return;
	}
	/* Shared references: the bytes stay where the caller had them. */
	buf_slice(src, soff, (size_t)len, &t->data);
	op->dlen = (size_t)len;
}

void
txn_zero(struct txn *t, const struct spg *cid, const struct hobject *oid,
	 uint64_t off, uint64_t len)
{
	struct txn_op *op = txn_push(t, TXN_ZERO, cid, oid);

	op->off = off;
	op->len = len;
	if (off + len < off)
		t->err = t->err ? t->err : -EINVAL;
}

void
txn_truncate(struct txn *t, const struct spg *cid, const struct hobject *oid,
	     uint64_t size)
{
	txn_push(t, TXN_TRUNCATE, cid, oid)->off = size;
}

void
txn_remove(struct txn *t, const struct spg *cid, const struct hobject *oid)
{
	txn_push(t, TXN_REMOVE, cid, oid);
}

void
txn_setattr(struct txn *t, const struct spg *cid, const struct hobject *oid,
	    const void *name, size_t nlen, const void *val, size_t vlen)
{
	struct txn_op *op = txn_push(t, TXN_SETATTR, cid, oid);

	txn_copy_str(t, &op->name, name, nlen);
	txn_put_bytes(t, op, val, vlen);
}

void
txn_rmattr(struct txn *t, const struct spg *cid, const struct hobject *oid,
	   const void *name, size_t nlen)
{
	txn_copy_str(t, &txn_push(t, TXN_RMATTR, cid, oid)->name, name, nlen);
}

void
txn_rmattrs(struct txn *t, const struct spg *cid, const struct hobject *oid)
{
	txn_push(t, TXN_RMATTRS, cid, oid);
}

void
txn_omap_setkey(struct txn *t, const struct spg *cid, const struct hobject *oid,
		const void *key, size_t klen, const void *val, size_t vlen)
{
	struct txn_op *op = txn_push(t, TXN_OMAP_SETKEY, cid, oid);

	txn_copy_str(t, &op->name, key, klen);
	txn_put_bytes(t, op, val, vlen);
}

void
txn_omap_setkeys(struct txn *t, const struct spg *cid, const struct hobject *oid,
		 const struct store_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++)
		txn_omap_setkey(t, cid, oid, kv[i].key, kv[i].klen, kv[i].val, kv[i].vlen);
}

void
txn_omap_rmkey(struct txn *t, const struct spg *cid, const struct hobject *oid,
	       const void *key, size_t klen)
{
	txn_copy_str(t, &txn_push(t, TXN_OMAP_RMKEY, cid, oid)->name, key, klen);
}

void
txn_omap_rmkeys(struct txn *t, const struct spg *cid, const struct hobject *oid,
		const struct strview *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		txn_omap_rmkey(t, cid, oid, keys[i].p, keys[i].len);
}

void
txn_omap_rmkeyrange(struct txn *t, const struct spg *cid, const struct hobject *oid,
		    const void *first, size_t flen, const void *last, size_t llen)
{
	struct txn_op *op = txn_push(t, TXN_OMAP_RMKEYRANGE, cid, oid);

	txn_copy_str(t, &op->name, first, flen);
	txn_copy_str(t, &op->name2, last, llen);
}

void
txn_omap_clear(struct txn *t, const struct spg *cid, const struct hobject *oid)
{
	txn_push(t, TXN_OMAP_CLEAR, cid, oid);
}

void
txn_omap_setheader(struct txn *t, const struct spg *cid, const struct hobject *oid,
		   const struct buf *hdr)
{
	struct txn_op *op = txn_push(t, TXN_OMAP_SETHEADER, cid, oid);

	op->doff = t->data.len;
	op->dlen = hdr->len;
	buf_slice(hdr, 0, hdr->len, &t->data);
}

void
txn_set_meta(struct txn *t, const struct spg *cid, const struct hobject *oid,
	     const struct store_objmeta *meta)
{
	txn_push(t, TXN_SET_META, cid, oid)->u.meta = *meta;
}

void
txn_set_alloc_hint(struct txn *t, const struct spg *cid, const struct hobject *oid,
		   const struct store_alloc_hint *hint)
{
	txn_push(t, TXN_SET_ALLOC_HINT, cid, oid)->u.hint = *hint;
}

void
txn_clone(struct txn *t, const struct spg *cid, const struct hobject *src,
	  const struct hobject *dst)
{
	struct txn_op *op = txn_push(t, TXN_CLONE, cid, src);

	txn_copy_oid(t, &op->oid2, dst);
}
