/*
 * mosdop.c — MOSDOp decode (v2..v8) and MOSDOpReply v8 encode
 * (docs/ceph-wire/03-osd-ops.md §2.2, §2.7, §4.2; src/messages/MOSDOp.h,
 * src/messages/MOSDOpReply.h).
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "msg/message.h"
#include "osd/mosdop.h"

struct op_name {
	uint16_t op;
	const char *name;
};

static const struct op_name op_names[] = {
	{ OSD_OP_READ, "read" }, { OSD_OP_STAT, "stat" }, { OSD_OP_MAPEXT, "mapext" },
	{ OSD_OP_SPARSE_READ, "sparse-read" }, { OSD_OP_NOTIFY, "notify" },
	{ OSD_OP_NOTIFY_ACK, "notify-ack" }, { OSD_OP_ASSERT_VER, "assert-version" },
	{ OSD_OP_LIST_WATCHERS, "list-watchers" }, { OSD_OP_LIST_SNAPS, "list-snaps" },
	{ OSD_OP_SYNC_READ, "sync_read" }, { OSD_OP_OMAPGETKEYS, "omap-get-keys" },
	{ OSD_OP_OMAPGETVALS, "omap-get-vals" }, { OSD_OP_OMAPGETHEADER, "omap-get-header" },
	{ OSD_OP_OMAPGETVALSBYKEYS, "omap-get-vals-by-keys" }, { OSD_OP_OMAP_CMP, "omap-cmp" },
	{ OSD_OP_CHECKSUM, "checksum" }, { OSD_OP_CMPEXT, "cmpext" },
	{ OSD_OP_GETXATTR, "getxattr" }, { OSD_OP_GETXATTRS, "getxattrs" },
	{ OSD_OP_CMPXATTR, "cmpxattr" }, { OSD_OP_CALL, "call" }, { OSD_OP_PGLS, "pgls" },
	{ OSD_OP_PGLS_FILTER, "pgls-filter" }, { OSD_OP_PGNLS, "pgnls" },
	{ OSD_OP_PGNLS_FILTER, "pgnls-filter" }, { OSD_OP_WRITE, "write" },
	{ OSD_OP_WRITEFULL, "writefull" }, { OSD_OP_TRUNCATE, "truncate" },
	{ OSD_OP_ZERO, "zero" }, { OSD_OP_DELETE, "delete" }, { OSD_OP_APPEND, "append" },
	{ OSD_OP_CREATE, "create" }, { OSD_OP_WATCH, "watch" },
	{ OSD_OP_OMAPSETVALS, "omap-set-vals" }, { OSD_OP_OMAPSETHEADER, "omap-set-header" },
	{ OSD_OP_OMAPCLEAR, "omap-clear" }, { OSD_OP_OMAPRMKEYS, "omap-rm-keys" },
	{ OSD_OP_SETALLOCHINT, "set-alloc-hint" }, { OSD_OP_WRITESAME, "write-same" },
	{ OSD_OP_OMAPRMKEYRANGE, "omap-rm-key-range" }, { OSD_OP_SETXATTR, "setxattr" },
	{ OSD_OP_RMXATTR, "rmxattr" },
};

const char *
osd_op_name(uint16_t op)
{
	for (size_t i = 0; i < sizeof(op_names) / sizeof(op_names[0]); i++)
		if (op_names[i].op == op)
			return op_names[i].name;
	return "???";
}

static void
view_empty(struct strview *v)
{
	v->p = "";
	v->len = 0;
}

static int
dec_view(struct dec *d, struct strview *v)
{
	const uint8_t *p;
	uint32_t len;
	int r = dec_string(d, &p, &len);

	if (r < 0)
		return r;
	v->p = (const char *)p;
	v->len = len;
	return 0;
}

/* pg_t as MOSDOp v3+ carries it; v2 and older use the 8-byte legacy ceph_pg. */
static int
dec_pg_any(struct dec *d, uint16_t version, struct pg *pg)
{
	if (version >= 3)
		return pg_decode(d, pg);
	/* struct ceph_pg (src/include/rados.h): le16 preferred, le16 ps, le32 pool */
	uint16_t pref, ps;
	uint32_t pool;

	dec_u16(d, &pref);
	dec_u16(d, &ps);
	dec_u32(d, &pool);
	pg->pool = pool;
	pg->seed = ps;
	return d->err;
}

/*
 * The ops array: u16 count and 38 bytes each. Input ranges are laid out in
 * op order over the data segment; their sum must fit in data_len (classic
 * fails the decode otherwise, §2.4).
 */
static int
dec_ops(struct dec *d, size_t data_len, struct mosdop *op)
{
	uint16_t n;
	uint64_t off = 0;

	if (dec_u16(d, &n) < 0)
		return d->err;
	if ((size_t)n * OSD_OP_WIRE_LEN > dec_remaining(d))
		return dec_fail(d, -EBADMSG);
	op->nops = n;
	op->ops = n <= MOSDOP_INLINE_OPS ? op->inline_ops : xcalloc(n, sizeof(*op->ops));
	for (uint32_t i = 0; i < n; i++) {
		struct osd_op *o = &op->ops[i];
		const uint8_t *p;

		dec_ptr(d, OSD_OP_WIRE_LEN, &p);
		o->op = get_le16(p);
		o->flags = get_le32(p + 2);
		memcpy(o->u, p + 6, OSD_OP_UNION_LEN);
		o->payload_len = get_le32(p + 34);
		o->indata_off = (uint32_t)off;
		o->rval = 0;
		o->outdata_len = 0;
		off += o->payload_len;
		if (off > data_len || off > UINT32_MAX)
			return dec_fail(d, -EBADMSG);
	}
	op->indata_len = off;
	return d->err;
}

/* snapid, snap_seq, snaps (vector<snapid_t>). */
static int
dec_snaps(struct dec *d, struct mosdop *op)
{
	dec_u64(d, &op->snapid);
	dec_u64(d, &op->snap_seq);
	if (dec_count(d, 8, &op->nsnaps) < 0)
		return d->err;
	return dec_ptr(d, (size_t)op->nsnaps * 8, &op->snaps);
}

/* The part after the trace (v8) / after reqid (v7): shared by both. */
static int
dec_tail_v7(struct dec *d, size_t data_len, struct mosdop *op)
{
	dec_u32(d, &op->client_inc);
	utime_decode(d, &op->mtime);
	if (d->err == 0)
		object_locator_decode(d, &op->oloc);
	dec_view(d, &op->oid);
	if (d->err == 0)
		dec_ops(d, data_len, op);
	if (d->err == 0)
		dec_snaps(d, op);
	dec_s32(d, &op->retry_attempt);
	dec_u64(d, &op->features);
	return d->err;
}

static int
decode_v8(struct dec *d, size_t data_len, struct mosdop *op)
{
	spg_decode(d, &op->spgid);
	dec_u32(d, &op->hash);
	dec_u32(d, &op->epoch);
	dec_u32(d, &op->flags);
	if (d->err == 0)
		osd_reqid_decode(d, &op->reqid);
	dec_skip(d, 24);                /* blkin trace: zero from stock clients */
	if (d->err)
		return d->err;
	return dec_tail_v7(d, data_len, op);
}

static int
decode_v7(struct dec *d, size_t data_len, struct mosdop *op)
{
	struct eversion reassert;

	pg_decode(d, &op->spgid.pgid);
	op->spgid.shard = -1;
	op->raw_pg = 1;
	op->hash = op->spgid.pgid.seed;
	dec_u32(d, &op->epoch);
	dec_u32(d, &op->flags);
	eversion_decode(d, &reassert);
	if (d->err == 0)
		osd_reqid_decode(d, &op->reqid);
	if (d->err)
		return d->err;
	return dec_tail_v7(d, data_len, op);
}

/* v2..v6 (MOSDOp.h "// old" branch). */
static int
decode_old(struct dec *d, uint16_t version, size_t data_len, struct mosdop *op)
{
	struct eversion reassert;

	dec_u32(d, &op->client_inc);
	dec_u32(d, &op->epoch);
	dec_u32(d, &op->flags);
	utime_decode(d, &op->mtime);
	eversion_decode(d, &reassert);
	if (d->err == 0)
		object_locator_decode(d, &op->oloc);
	if (d->err == 0)
		dec_pg_any(d, version, &op->spgid.pgid);
	op->spgid.shard = -1;
	op->raw_pg = 1;
	op->hash = op->spgid.pgid.seed;
	dec_view(d, &op->oid);
	if (d->err == 0)
		dec_ops(d, data_len, op);
	if (d->err == 0)
		dec_snaps(d, op);
	if (version >= 4)
		dec_s32(d, &op->retry_attempt);
	if (version >= 5)
		dec_u64(d, &op->features);
	if (version >= 6 && d->err == 0)
		osd_reqid_decode(d, &op->reqid);
	return d->err;
}

int
mosdop_decode_front(const uint8_t *p, size_t len, uint16_t version, size_t data_len,
		    struct mosdop *op)
{
	struct dec d;
	int r;

	memset(op, 0, offsetof(struct mosdop, inline_ops));
	op->version = version;
	op->retry_attempt = -1;
	op->ops = op->inline_ops;
	view_empty(&op->oid);
	view_empty(&op->oloc.key);
	view_empty(&op->oloc.nspace);
	op->oloc.hash = -1;
	dec_init(&d, p, len);
	if (version == 8)
		r = decode_v8(&d, data_len, op);
	else if (version == 7)
		r = decode_v7(&d, data_len, op);
	else if (version >= 2 && version <= 6)
		r = decode_old(&d, version, data_len, op);
	else
		r = -EOPNOTSUPP;
	if (r < 0) {
		mosdop_release(op);
		return r;
	}
	return 0;
}

int
mosdop_decode(struct msg *m, struct mosdop *op)
{
	const uint8_t *p = NULL;

	if (m->front.len > 0 && (p = buf_contig(&m->front, 0, m->front.len)) == NULL)
		return -EBADMSG;
	return mosdop_decode_front(p ? p : (const uint8_t *)"", m->front.len, m->hdr.version,
				   m->data.len, op);
}

void
mosdop_release(struct mosdop *op)
{
	if (op->ops != op->inline_ops)
		free(op->ops);
	op->ops = op->inline_ops;
	op->nops = 0;
}

static void
enc_op(struct buf *b, const struct osd_op *o, uint32_t payload_len)
{
	uint8_t w[OSD_OP_WIRE_LEN];

	put_le16(w, o->op);
	put_le32(w + 2, o->flags);
	memcpy(w + 6, o->u, OSD_OP_UNION_LEN);
	put_le32(w + 34, payload_len);
	enc_raw(b, w, sizeof(w));
}

void
mosdop_encode_front(struct buf *b, const struct mosdop *op)
{
	static const uint8_t trace[24];

	spg_encode(b, &op->spgid);
	enc_u32(b, op->hash);
	enc_u32(b, op->epoch);
	enc_u32(b, op->flags);
	osd_reqid_encode(b, &op->reqid);
	enc_raw(b, trace, sizeof(trace));
	enc_u32(b, op->client_inc);
	utime_encode(b, &op->mtime);
	object_locator_encode(b, &op->oloc);
	enc_string(b, op->oid.p, op->oid.len);
	enc_u16(b, (uint16_t)op->nops);
	for (uint32_t i = 0; i < op->nops; i++)
		enc_op(b, &op->ops[i], op->ops[i].payload_len);
	enc_u64(b, op->snapid);
	enc_u64(b, op->snap_seq);
	enc_u32(b, op->nsnaps);
	enc_raw(b, op->snaps, (size_t)op->nsnaps * 8);
	enc_s32(b, op->retry_attempt);
	enc_u64(b, op->features);
}

void
mosdop_reply_set_versions(struct mosdop_reply *r, struct eversion replay, uint64_t uv)
{
	r->replay_version = replay;
	r->user_version = uv;
	r->bad_replay_version = replay;
	if (uv)
		r->bad_replay_version.version = uv;
}

void
mosdop_reply_encode(struct buf *b, const struct mosdop_reply *r)
{
	static const uint8_t trace[24];

	enc_string(b, r->oid.p, r->oid.len);
	pg_encode(b, &r->pgid);
	enc_u64(b, r->flags);
	enc_s32(b, r->result);
	eversion_encode(b, &r->bad_replay_version);
	enc_u32(b, r->epoch);
	enc_u32(b, r->nops);
	for (uint32_t i = 0; i < r->nops; i++)
		enc_op(b, &r->ops[i], r->ops[i].outdata_len);
	enc_s32(b, r->retry_attempt);
	for (uint32_t i = 0; i < r->nops; i++)
		enc_s32(b, r->ops[i].rval);
	eversion_encode(b, &r->replay_version);
	enc_u64(b, r->user_version);
	enc_u8(b, 0);                   /* do_redirect: never (no cache tiers) */
	enc_raw(b, trace, sizeof(trace));
}

int
mosdop_reply_decode(const uint8_t *p, size_t len, struct mosdop_reply *r,
		    struct osd_op *ops, uint32_t max)
{
	struct dec d;
	uint8_t redirect;

	memset(r, 0, sizeof(*r));
	dec_init(&d, p, len);
	dec_view(&d, &r->oid);
	if (d.err == 0)
		pg_decode(&d, &r->pgid);
	dec_u64(&d, &r->flags);
	dec_s32(&d, &r->result);
	eversion_decode(&d, &r->bad_replay_version);
	dec_u32(&d, &r->epoch);
	dec_u32(&d, &r->nops);
	if (d.err)
		return d.err;
	if ((uint64_t)r->nops * (OSD_OP_WIRE_LEN + 4) > dec_remaining(&d))
		return -EBADMSG;
	for (uint32_t i = 0; i < r->nops; i++) {
		const uint8_t *w;

		dec_ptr(&d, OSD_OP_WIRE_LEN, &w);
		if (d.err || i >= max)
			continue;
		memset(&ops[i], 0, sizeof(ops[i]));
		ops[i].op = get_le16(w);
		ops[i].flags = get_le32(w + 2);
		memcpy(ops[i].u, w + 6, OSD_OP_UNION_LEN);
		ops[i].outdata_len = get_le32(w + 34);
	}
	dec_s32(&d, &r->retry_attempt);
	for (uint32_t i = 0; i < r->nops; i++) {
		int32_t v = 0;

		dec_s32(&d, &v);
		if (i < max)
			ops[i].rval = v;
	}
	eversion_decode(&d, &r->replay_version);
	dec_u64(&d, &r->user_version);
	dec_u8(&d, &redirect);
	dec_skip(&d, 24);
	if (d.err == 0 && (redirect != 0 || dec_remaining(&d) != 0))
		return -EPROTO;
	r->ops = ops;
	return d.err;
}
