/*
 * pgls.c — PGNLS: list a PG's head objects in hobject order from a cursor
 * (docs/ceph-wire/03-osd-ops.md §3.5).
 *
 * Each reply carries pg_nls_response ENC(v1,c1){ hobject handle; u32 n;
 * n × (string nspace, string oid, string locator) }. The handle is the
 * first object not returned, or — when the PG is exhausted (result 1) —
 * the first position after the PG, which the client folds into the next
 * PG to list; MAX ends the listing.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/enc.h"
#include "common/mem.h"
#include "os/hobject_order.h"
#include "osd/pgls.h"

static unsigned
bits_of(uint32_t v)
{
	unsigned n = 0;

	while (v) {
		n++;
		v >>= 1;
	}
	return n;
}

unsigned
pgls_split_bits(uint32_t seed, uint32_t pg_num)
{
	unsigned p;
	uint32_t half;

	if (pg_num <= 1)
		return 0;
	/* p with pg_num in [2^(p-1), 2^p); PGs below the split point use p bits */
	p = bits_of(pg_num);
	half = 1u << (p - 1);
	return (seed % half) < (pg_num % half) ? p : p - 1;
}

void
pgls_pg_start(const struct pg *pgid, struct hobject *h)
{
	memset(h, 0, sizeof(*h));
	h->key.p = h->oid.p = h->nspace.p = "";
	h->snap = 0;
	h->hash = pgid->seed;
	h->pool = (int64_t)pgid->pool;
}

void
pgls_pg_end(const struct pg *pgid, uint32_t pg_num, struct hobject *h)
{
	unsigned bits = pgls_split_bits(pgid->seed, pg_num);
	uint64_t rev = hobject_reverse_bits(pgid->seed);
	uint64_t end = (rev | (0xffffffffull >> bits)) + 1;

	if (end >= 0x100000000ull) {
		hobject_set_max(h);
		return;
	}
	pgls_pg_start(pgid, h);
	h->snap = CEPH_NOSNAP;
	h->hash = hobject_reverse_bits((uint32_t)end);
}

static int
pgnls(struct store *st, const struct spg *cid, const struct pg *pgid, uint32_t pg_num,
      struct mosdop *req, struct osd_op *o, struct buf *indata, struct buf *out)
{
	static const struct strview all = { "\x01", 1 };
	struct hobject cursor, start, end, next;
	struct hobject *objs;
	const struct strview *ns = &req->oloc.nspace;
	struct enc_struct es;
	uint64_t count = osd_op_u64(o, OSD_OP_PGLS_COUNT);
	const uint8_t *p;
	struct dec d;
	uint32_t n = 0;
	int r;

	if (req->snapid != CEPH_NOSNAP)
		return -EINVAL;
	p = o->payload_len ? buf_contig(indata, o->indata_off, o->payload_len)
			   : (const uint8_t *)"";
	if (p == NULL)
		return -EINVAL;
	dec_init(&d, p, o->payload_len);
	if (hobject_decode(&d, &cursor) < 0)
		return -EINVAL;
	pgls_pg_start(pgid, &start);
	pgls_pg_end(pgid, pg_num, &end);
	if ((!hobject_is_min(&cursor) && hobject_cmp(&cursor, &start) < 0) ||
	    (!hobject_is_max(&cursor) && hobject_cmp(&cursor, &end) >= 0))
		return -EINVAL;
	if (count > PGLS_MAX)
		count = PGLS_MAX;
	if (hobject_strview_cmp(ns, &all) == 0)
		ns = NULL;              /* "\x01": every namespace (rados ls --all) */

	objs = xcalloc(count ? count : 1, sizeof(*objs));
	r = store_collection_list(st, cid, &cursor, hobject_is_max(&end) ? NULL : &end, ns,
				  STORE_LIST_HEAD_ONLY, objs, (uint32_t)count, &n, &next);
	if (r == -ENOENT) {
		n = 0;
		hobject_set_max(&next);
		r = 0;
	}
	if (r < 0) {
		free(objs);
		return r;
	}
	enc_struct_start(out, 1, 1, &es);
	if (hobject_is_max(&next))
		hobject_encode(out, &end);
	else
		hobject_encode(out, &next);
	enc_u32(out, n);
	for (uint32_t i = 0; i < n; i++) {
		enc_string(out, objs[i].nspace.p, objs[i].nspace.len);
		enc_string(out, objs[i].oid.p, objs[i].oid.len);
		enc_string(out, objs[i].key.p, objs[i].key.len);
	}
	enc_struct_end(out, &es);
	free(objs);
	return hobject_is_max(&next) ? 1 : 0;
}

int
pgls_run(struct store *st, const struct spg *cid, const struct pg *pgid,
	 uint32_t pg_num, struct mosdop *req, struct buf *indata, struct buf *out)
{
	int result = 0;

	for (uint32_t i = 0; i < req->nops; i++) {
		struct osd_op *o = &req->ops[i];
		size_t before = out->len;

		switch (o->op) {
		case OSD_OP_PGNLS:
			result = pgnls(st, cid, pgid, pg_num, req, o, indata, out);
			break;
		default:
			/* PGLS (pre-namespace), filters, hit sets, scrub listing */
			result = -EOPNOTSUPP;
			break;
		}
		if (result < 0) {
			if (out->len > before)
				buf_splice(out, before, out->len - before, NULL);
			o->rval = result;
			o->outdata_len = 0;
			break;
		}
		o->outdata_len = (uint32_t)(out->len - before);
		o->rval = 0;
	}
	return result;
}
