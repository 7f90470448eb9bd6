/*
 * op_exec.c — the per-op semantics of client requests on one object
 * (docs/ceph-wire/03-osd-ops.md §3.4 and §4.3; src/osd/PrimaryLogPG.cc
 * do_osd_ops / execute_ctx for the error numbers and versions).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/enc.h"
#include "common/log.h"
#include "common/mem.h"
#include "osd/op_exec.h"

/* CMPXATTR modes and operators (src/include/rados.h). */
#define CMPXATTR_OP_EQ  1
#define CMPXATTR_OP_NE  2
#define CMPXATTR_OP_GT  3
#define CMPXATTR_OP_GTE 4
#define CMPXATTR_OP_LT  5
#define CMPXATTR_OP_LTE 6
#define CMPXATTR_MODE_STRING 1
#define CMPXATTR_MODE_U64    2

/* The op's input as contiguous bytes (small inputs: names, keys, maps). */
static const uint8_t *
op_in(struct op_exec *x, const struct osd_op *o)
{
	if (o->payload_len == 0)
		return (const uint8_t *)"";
	return buf_contig(x->indata, o->indata_off, o->payload_len);
}

static int
op_in_dec(struct op_exec *x, const struct osd_op *o, struct dec *d)
{
	const uint8_t *p = op_in(x, o);

	if (p == NULL)
		return -EINVAL;
	dec_init(d, p, o->payload_len);
	return 0;
}

/* check_offset_and_length() in PrimaryLogPG.cc */
static int
check_extent(struct op_exec *x, uint64_t off, uint64_t len)
{
	uint64_t max = x->max_object_size;

	if (off >= max || len > max || off + len > max)
		return -EFBIG;
	return 0;
}

/* ---- key/value output ---- */
struct kv_out {
	struct buf *out;
	uint32_t n;
	int with_vals;
};

static int
kv_emit(void *arg, const uint8_t *key, uint32_t klen, const struct buf *val)
{
	struct kv_out *k = arg;

	enc_string(k->out, key, klen);
	if (k->with_vals)
		enc_buf(k->out, val);
	k->n++;
	return 0;
}

/* A u32 count filled in once known. */
static uint8_t *
reserve_count(struct buf *out)
{
	uint8_t *p = buf_reserve(out, 4);

	put_le32(p, 0);
	return p;
}

/* A set<string> / list of strings from d into a new array of views. */
static int
dec_string_set(struct dec *d, struct strview **out, uint32_t *n)
{
	struct strview *v;

	if (dec_count(d, 4, n) < 0)
		return -EINVAL;
	v = xcalloc(*n ? *n : 1, sizeof(*v));
	for (uint32_t i = 0; i < *n; i++) {
		const uint8_t *p;

		if (dec_string(d, &p, &v[i].len) < 0) {
			free(v);
			return -EINVAL;
		}
		v[i].p = (const char *)p;
	}
	*out = v;
	return 0;
}

/* ---- reads ---- */

static int
do_read(struct op_exec *x, struct osd_op *o, int sparse, int *first_read)
{
	uint64_t off = osd_op_u64(o, OSD_OP_EXTENT_OFFSET);
	uint64_t len = osd_op_u64(o, OSD_OP_EXTENT_LENGTH);
	struct buf tmp = BUF_INIT;
	size_t before = x->out->len;
	int r;

	if (!x->exists)
		return -ENOENT;
	if (sparse && osd_op_u32(o, OSD_OP_EXTENT_TRUNC_SEQ) != 0)
		return -EINVAL;
	r = store_read(x->st, x->cid, x->oid, off, len, sparse ? &tmp : x->out);
	if (r == -ENOENT)               /* created earlier in this request */
		r = 0;
	if (r < 0) {
		buf_free(&tmp);
		return r;
	}
	if (sparse) {
		/* map<u64 off, u64 len> of the one extent we know, then the bytes */
		enc_u32(x->out, tmp.len ? 1 : 0);
		if (tmp.len) {
			enc_u64(x->out, off);
			enc_u64(x->out, tmp.len);
		}
		osd_op_set_u64(o, OSD_OP_EXTENT_LENGTH, tmp.len);
		enc_u32(x->out, (uint32_t)tmp.len);
		buf_claim(x->out, &tmp);
		buf_free(&tmp);
	} else {
		osd_op_set_u64(o, OSD_OP_EXTENT_LENGTH, x->out->len - before);
	}
	if (*first_read) {
		*first_read = 0;
		x->data_off = (uint16_t)off;
	}
	return 0;
}

static int
do_stat(struct op_exec *x)
{
	if (!x->exists)
		return -ENOENT;
	enc_u64(x->out, x->size);
	utime_encode(x->out, &x->ost.meta.mtime);
	return 0;
}

/* Object bytes [off, off+len) with missing bytes as zeros == indata? */
static int
do_cmpext(struct op_exec *x, struct osd_op *o)
{
	uint64_t off = osd_op_u64(o, OSD_OP_EXTENT_OFFSET);
	const uint8_t *want = op_in(x, o);
	struct buf have = BUF_INIT;
	struct buf_cursor c;
	int r;

	if (want == NULL)
		return -EINVAL;
	if (x->exists) {
		r = store_read(x->st, x->cid, x->oid, off, o->payload_len, &have);
		if (r < 0 && r != -ENOENT) {
			buf_free(&have);
			return r;
		}
	}
	buf_cursor_init(&c, &have);
	for (uint32_t i = 0; i < o->payload_len; i++) {
		uint8_t b = 0;

		if (i < have.len)
			buf_cursor_copy(&c, &b, 1);
		if (b != want[i]) {
			buf_free(&have);
			/* MAX_ERRNO + offset of the first mismatch */
			return -(int)(4095 + i);
		}
	}
	buf_free(&have);
	return 0;
}

static int
do_getxattr(struct op_exec *x, struct osd_op *o)
{
	uint32_t nlen = osd_op_u32(o, OSD_OP_XATTR_NAME_LEN);
	const uint8_t *name = op_in(x, o);
	size_t before = x->out->len;
	int r;

	if (name == NULL || nlen > o->payload_len)
		return -EINVAL;
	if (nlen > OP_MAX_ATTR_NAME_LEN)
		return -ENAMETOOLONG;
	r = store_getattr(x->st, x->cid, x->oid, name, nlen, x->out);
	if (r == -ENOENT)
		r = -ENODATA;
	if (r < 0)
		return r;
	osd_op_set_u32(o, OSD_OP_XATTR_VALUE_LEN, (uint32_t)(x->out->len - before));
	return 0;
}

static int
do_getxattrs(struct op_exec *x)
{
	struct kv_out k = { x->out, 0, 1 };
	uint8_t *cnt = reserve_count(x->out);
	int r = store_getattrs(x->st, x->cid, x->oid, kv_emit, &k);

	if (r < 0 && r != -ENOENT)
		return r;
	put_le32(cnt, k.n);
	return 0;
}

static int
cmp_result(int op, int cmp)
{
	switch (op) {
	case CMPXATTR_OP_EQ: return cmp == 0;
	case CMPXATTR_OP_NE: return cmp != 0;
	case CMPXATTR_OP_GT: return cmp > 0;
	case CMPXATTR_OP_GTE: return cmp >= 0;
	case CMPXATTR_OP_LT: return cmp < 0;
	case CMPXATTR_OP_LTE: return cmp <= 0;
	default: return -EINVAL;
	}
}

/* "client value OP stored value"; true: 1, false: -ECANCELED. */
static int
do_cmpxattr(struct op_exec *x, struct osd_op *o)
{
	uint32_t nlen = osd_op_u32(o, OSD_OP_XATTR_NAME_LEN);
	uint32_t vlen = osd_op_u32(o, OSD_OP_XATTR_VALUE_LEN);
	int cop = o->u[OSD_OP_XATTR_CMP_OP], mode = o->u[OSD_OP_XATTR_CMP_MODE];
	const uint8_t *in = op_in(x, o);
	struct buf stored = BUF_INIT;
	const uint8_t *sv;
	int r, cmp;

	if (in == NULL || nlen > o->payload_len)
		return -EINVAL;
	if (nlen > OP_MAX_ATTR_NAME_LEN)
		return -ENAMETOOLONG;
	r = store_getattr(x->st, x->cid, x->oid, in, nlen, &stored);
	if (r < 0 && r != -ENODATA && r != -ENOENT) {
		buf_free(&stored);
		return r;
	}
	sv = stored.len ? buf_contig(&stored, 0, stored.len) : (const uint8_t *)"";
	if (mode == CMPXATTR_MODE_STRING) {
		size_t n;

		if (vlen > o->payload_len - nlen) {
			buf_free(&stored);
			return -EINVAL;
		}
		n = vlen < stored.len ? vlen : stored.len;
		cmp = memcmp(in + nlen, sv, n);
		if (cmp == 0)
			cmp = vlen < stored.len ? -1 : vlen > stored.len;
	} else if (mode == CMPXATTR_MODE_U64) {
		uint64_t mine, theirs = 0;
		char num[32];

		if (o->payload_len - nlen < 8) {
			buf_free(&stored);
			return -EINVAL;
		}
		mine = get_le64(in + nlen);
		if (stored.len) {
			size_t n = stored.len < sizeof(num) - 1 ? stored.len : sizeof(num) - 1;

			memcpy(num, sv, n);
			num[n] = 0;
			theirs = strtoull(num, NULL, 10);
		}
		cmp = mine < theirs ? -1 : mine > theirs;
	} else {
		buf_free(&stored);
		return -EINVAL;
	}
	buf_free(&stored);
	r = cmp_result(cop, cmp);
	if (r == 0)
		return -ECANCELED;
	return r;
}

static int
do_assert_ver(struct op_exec *x, struct osd_op *o)
{
	uint64_t ver = osd_op_u64(o, OSD_OP_ASSERT_VER_VER);
	uint64_t uv = x->existed ? x->ost.meta.user_version : 0;

	if (ver == 0)
		return -EINVAL;
	if (ver < uv)
		return -ERANGE;
	if (ver > uv)
		return -EOVERFLOW;
	return 0;
}

static int
do_omap_get(struct op_exec *x, struct osd_op *o, int with_vals)
{
	struct strview after = { "", 0 }, prefix = { "", 0 };
	struct kv_out k = { x->out, 0, with_vals };
	uint64_t max;
	struct dec d;
	uint8_t *cnt;
	int more = 0, r;
	const uint8_t *p;

	if (op_in_dec(x, o, &d) < 0)
		return -EINVAL;
	if (dec_string(&d, &p, &after.len) == 0)
		after.p = (const char *)p;
	dec_u64(&d, &max);
	if (with_vals && dec_string(&d, &p, &prefix.len) == 0)
		prefix.p = (const char *)p;
	if (d.err)
		return -EINVAL;
	if (max > OP_MAX_OMAP_ENTRIES)
		max = OP_MAX_OMAP_ENTRIES;
	cnt = reserve_count(x->out);
	if (with_vals)
		r = store_omap_get_vals(x->st, x->cid, x->oid, &after, &prefix, max,
					kv_emit, &k, &more);
	else
		r = store_omap_get_keys(x->st, x->cid, x->oid, &after, max, kv_emit, &k, &more);
	if (r < 0 && r != -ENOENT)
		return r;
	put_le32(cnt, k.n);
	enc_bool(x->out, r == 0 && more);
	return 0;
}

static int
do_omap_get_by_keys(struct op_exec *x, struct osd_op *o)
{
	struct kv_out k = { x->out, 0, 1 };
	struct strview *keys;
	uint32_t n;
	struct dec d;
	uint8_t *cnt;
	int r;

	if (op_in_dec(x, o, &d) < 0 || dec_string_set(&d, &keys, &n) < 0)
		return -EINVAL;
	cnt = reserve_count(x->out);
	r = store_omap_get_vals_by_keys(x->st, x->cid, x->oid, keys, n, kv_emit, &k);
	free(keys);
	if (r < 0 && r != -ENOENT)
		return r;
	put_le32(cnt, k.n);
	return 0;
}

static int
do_omap_get_header(struct op_exec *x)
{
	int r = store_omap_get_header(x->st, x->cid, x->oid, x->out);

	return r == -ENOENT ? 0 : r;
}

/* ---- writes ---- */

static void
grow(struct op_exec *x, uint64_t end)
{
	if (end > x->size)
		x->size = end;
	x->exists = 1;
}

static int
do_write(struct op_exec *x, struct osd_op *o, uint64_t off)
{
	uint64_t len = osd_op_u64(o, OSD_OP_EXTENT_LENGTH);
	int r;

	if (len != o->payload_len)
		return -EINVAL;
	if ((r = check_extent(x, off, len)) < 0)
		return r;
	txn_write(x->txn, x->cid, x->oid, off, len, x->indata, o->indata_off);
	grow(x, off + len);
	return 0;
}

static int
do_writefull(struct op_exec *x, struct osd_op *o)
{
	uint64_t len = osd_op_u64(o, OSD_OP_EXTENT_LENGTH);
	int r;

	if (len != o->payload_len)
		return -EINVAL;
	if ((r = check_extent(x, 0, len)) < 0)
		return r;
	if (x->exists && x->size > 0)
		txn_truncate(x->txn, x->cid, x->oid, 0);
	txn_write(x->txn, x->cid, x->oid, 0, len, x->indata, o->indata_off);
	x->size = len;
	x->exists = 1;
	return 0;
}

static int
do_writesame(struct op_exec *x, struct osd_op *o)
{
	uint64_t off = osd_op_u64(o, 0), len = osd_op_u64(o, 8), dlen = osd_op_u64(o, 16);
	struct buf pat = BUF_INIT;
	int r;

	if (dlen == 0 || dlen != o->payload_len || len % dlen != 0)
		return -EINVAL;
	if (len == 0)
		return 0;
	if ((r = check_extent(x, off, len)) < 0)
		return r;
	/* Expand the pattern once (bounded by the object size limit). */
	const uint8_t *src = op_in(x, o);

	if (src == NULL)
		return -EINVAL;
	/* the first append sizes one segment for the whole range */
	for (uint64_t done = 0; done < len; done += dlen)
		buf_append_min(&pat, src, (size_t)dlen, (size_t)len);
	txn_write(x->txn, x->cid, x->oid, off, len, &pat, 0);
	buf_free(&pat);
	grow(x, off + len);
	return 0;
}

static int
do_truncate(struct op_exec *x, struct osd_op *o)
{
	uint64_t size = osd_op_u64(o, OSD_OP_EXTENT_OFFSET);
	int r;

	if ((r = check_extent(x, size, 0)) < 0)
		return r;
	if (!x->exists)
		return 0;               /* classic: truncate of a missing object is a no-op */
	txn_truncate(x->txn, x->cid, x->oid, size);
	x->size = size;
	return 0;
}

static int
do_zero(struct op_exec *x, struct osd_op *o)
{
	uint64_t off = osd_op_u64(o, OSD_OP_EXTENT_OFFSET);
	uint64_t len = osd_op_u64(o, OSD_OP_EXTENT_LENGTH);
	int r;

	if ((r = check_extent(x, off, len)) < 0)
		return r;
	if (!x->exists || len == 0 || off >= x->size)
		return 0;
	txn_zero(x->txn, x->cid, x->oid, off, len);
	if (off + len >= x->size)
		x->size = off;
	return 0;
}

static int
do_create(struct op_exec *x, struct osd_op *o)
{
	if (x->exists) {
		if (o->flags & OSD_OP_FLAG_EXCL)
			return -EEXIST;
		return 0;
	}
	txn_touch(x->txn, x->cid, x->oid);
	x->exists = 1;
	x->size = 0;
	return 0;
}

static int
do_delete(struct op_exec *x)
{
	if (!x->exists)
		return -ENOENT;
	txn_remove(x->txn, x->cid, x->oid);
	x->exists = 0;
	x->size = 0;
	return 0;
}

static int
do_setxattr(struct op_exec *x, struct osd_op *o)
{
	uint32_t nlen = osd_op_u32(o, OSD_OP_XATTR_NAME_LEN);
	uint32_t vlen = osd_op_u32(o, OSD_OP_XATTR_VALUE_LEN);
	const uint8_t *in;

	if (nlen > OP_MAX_ATTR_NAME_LEN)
		return -ENAMETOOLONG;
	if ((uint64_t)nlen + vlen > o->payload_len || (in = op_in(x, o)) == NULL)
		return -EINVAL;
	txn_setattr(x->txn, x->cid, x->oid, in, nlen, in + nlen, vlen);
	grow(x, 0);
	return 0;
}

static int
do_rmxattr(struct op_exec *x, struct osd_op *o)
{
	uint32_t nlen = osd_op_u32(o, OSD_OP_XATTR_NAME_LEN);
	const uint8_t *in;

	if (!x->exists)
		return -ENOENT;
	if (nlen > OP_MAX_ATTR_NAME_LEN)
		return -ENAMETOOLONG;
	if (nlen > o->payload_len || (in = op_in(x, o)) == NULL)
		return -EINVAL;
	txn_rmattr(x->txn, x->cid, x->oid, in, nlen);
	return 0;
}

static int
do_omap_setvals(struct op_exec *x, struct osd_op *o)
{
	struct store_kv *kv;
	uint32_t n;
	struct dec d;

	if (op_in_dec(x, o, &d) < 0 || dec_count(&d, 8, &n) < 0)
		return -EINVAL;
	kv = xcalloc(n ? n : 1, sizeof(*kv));
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *k, *v;

		dec_string(&d, &k, &kv[i].klen);
		dec_string(&d, &v, &kv[i].vlen);
		kv[i].key = k;
		kv[i].val = v;
	}
	if (d.err) {
		free(kv);
		return -EINVAL;
	}
	if (n > 0)
		txn_omap_setkeys(x->txn, x->cid, x->oid, kv, n);
	else
		txn_touch(x->txn, x->cid, x->oid);
	free(kv);
	grow(x, 0);
	return 0;
}

static int
do_omap_setheader(struct op_exec *x, struct osd_op *o)
{
	struct buf hdr = BUF_INIT;

	if (buf_slice(x->indata, o->indata_off, o->payload_len, &hdr) < 0)
		return -EINVAL;
	txn_omap_setheader(x->txn, x->cid, x->oid, &hdr);
	buf_free(&hdr);
	grow(x, 0);
	return 0;
}

static int
do_omap_rmkeys(struct op_exec *x, struct osd_op *o)
{
	struct strview *keys;
	uint32_t n;
	struct dec d;

	if (!x->exists)
		return -ENOENT;
	if (op_in_dec(x, o, &d) < 0 || dec_string_set(&d, &keys, &n) < 0)
		return -EINVAL;
	txn_omap_rmkeys(x->txn, x->cid, x->oid, keys, n);
	free(keys);
	return 0;
}

static int
do_omap_rmkeyrange(struct op_exec *x, struct osd_op *o)
{
	const uint8_t *a, *b;
	uint32_t alen, blen;
	struct dec d;

	if (!x->exists)
		return -ENOENT;
	if (op_in_dec(x, o, &d) < 0)
		return -EINVAL;
	dec_string(&d, &a, &alen);
	dec_string(&d, &b, &blen);
	if (d.err)
		return -EINVAL;
	txn_omap_rmkeyrange(x->txn, x->cid, x->oid, a, alen, b, blen);
	return 0;
}

static int
do_omap_clear(struct op_exec *x)
{
	if (!x->exists)
		return -ENOENT;
	txn_omap_clear(x->txn, x->cid, x->oid);
	return 0;
}

static int
do_alloc_hint(struct op_exec *x, struct osd_op *o)
{
	struct store_alloc_hint h = {
		.expected_object_size = osd_op_u64(o, OSD_OP_HINT_OBJECT_SIZE),
		.expected_write_size = osd_op_u64(o, OSD_OP_HINT_WRITE_SIZE),
		.flags = osd_op_u32(o, OSD_OP_HINT_FLAGS),
	};

	txn_set_alloc_hint(x->txn, x->cid, x->oid, &h);
	grow(x, 0);
	return 0;
}

static int
exec_one(struct op_exec *x, struct osd_op *o, int *first_read)
{
	switch (o->op) {
	case OSD_OP_READ:
	case OSD_OP_SYNC_READ:
		return do_read(x, o, 0, first_read);
	case OSD_OP_SPARSE_READ:
		return do_read(x, o, 1, first_read);
	case OSD_OP_STAT:
		return do_stat(x);
	case OSD_OP_CMPEXT:
		return do_cmpext(x, o);
	case OSD_OP_GETXATTR:
		return do_getxattr(x, o);
	case OSD_OP_GETXATTRS:
		return do_getxattrs(x);
	case OSD_OP_CMPXATTR:
		return do_cmpxattr(x, o);
	case OSD_OP_ASSERT_VER:
		return do_assert_ver(x, o);
	case OSD_OP_OMAPGETKEYS:
		return do_omap_get(x, o, 0);
	case OSD_OP_OMAPGETVALS:
		return do_omap_get(x, o, 1);
	case OSD_OP_OMAPGETVALSBYKEYS:
		return do_omap_get_by_keys(x, o);
	case OSD_OP_OMAPGETHEADER:
		return do_omap_get_header(x);
	case OSD_OP_WRITE:
		return do_write(x, o, osd_op_u64(o, OSD_OP_EXTENT_OFFSET));
	case OSD_OP_APPEND:
		return do_write(x, o, x->size);
	case OSD_OP_WRITEFULL:
		return do_writefull(x, o);
	case OSD_OP_WRITESAME:
		return do_writesame(x, o);
	case OSD_OP_TRUNCATE:
		return do_truncate(x, o);
	case OSD_OP_ZERO:
		return do_zero(x, o);
	case OSD_OP_CREATE:
		return do_create(x, o);
	case OSD_OP_DELETE:
		return do_delete(x);
	case OSD_OP_SETXATTR:
		return do_setxattr(x, o);
	case OSD_OP_RMXATTR:
		return do_rmxattr(x, o);
	case OSD_OP_OMAPSETVALS:
		return do_omap_setvals(x, o);
	case OSD_OP_OMAPSETHEADER:
		return do_omap_setheader(x, o);
	case OSD_OP_OMAPRMKEYS:
		return do_omap_rmkeys(x, o);
	case OSD_OP_OMAPRMKEYRANGE:
		return do_omap_rmkeyrange(x, o);
	case OSD_OP_OMAPCLEAR:
		return do_omap_clear(x);
	case OSD_OP_SETALLOCHINT:
		return do_alloc_hint(x, o);
	default:
		/* watch/notify, classes, snapshots, tiering, ...: not here */
		return -EOPNOTSUPP;
	}
}

static void
drop_outdata(struct op_exec *x, size_t from)
{
	if (x->out->len > from)
		buf_splice(x->out, from, x->out->len - from, NULL);
	for (uint32_t i = 0; i < x->req->nops; i++)
		x->req->ops[i].outdata_len = 0;
}

static void
set_versions(struct op_exec *x, struct eversion replay, uint64_t uv)
{
	x->replay_version = replay;
	x->user_version = uv;
	x->bad_replay_version = replay;
	if (uv)
		x->bad_replay_version.version = uv;
}

void
op_exec_run(struct op_exec *x)
{
	struct mosdop *req = x->req;
	static const struct eversion zero;
	size_t out_start = x->out->len;
	int first_read = 1, r = 0, rs;
	uint64_t obj_uv;

	x->result = 0;
	x->may_write = x->pre_exec = x->modified = x->logged = 0;
	x->user_version = 0;
	x->replay_version = x->bad_replay_version = zero;
	x->data_off = 0;
	if (x->max_object_size == 0)
		x->max_object_size = OP_MAX_OBJECT_SIZE;
	for (uint32_t i = 0; i < req->nops; i++)
		if (osd_op_is_write(req->ops[i].op))
			x->may_write = 1;

	rs = store_stat(x->st, x->cid, x->oid, &x->ost);
	if (rs < 0 && rs != -ENOENT) {
		x->result = rs;
		x->pre_exec = 1;
		return;
	}
	x->existed = x->exists = rs == 0;
	if (!x->existed)
		memset(&x->ost, 0, sizeof(x->ost));
	x->size = x->ost.size;
	obj_uv = x->ost.meta.user_version;
	if (!x->may_write && !x->existed) {
		x->result = -ENOENT;
		x->pre_exec = 1;
		return;
	}

	for (uint32_t i = 0; i < req->nops; i++) {
		struct osd_op *o = &req->ops[i];
		size_t before = x->out->len;

		r = exec_one(x, o, &first_read);
		o->rval = r;
		if (r < 0) {
			if (x->out->len > before)
				buf_splice(x->out, before, x->out->len - before, NULL);
			o->outdata_len = 0;
			if ((o->flags & OSD_OP_FLAG_FAILOK) && r != -EAGAIN && r != -EINPROGRESS) {
				r = 0;
				continue;
			}
			break;
		}
		o->outdata_len = (uint32_t)(x->out->len - before);
	}
	x->result = r;

	if (!x->may_write) {
		if (r >= 0) {
			set_versions(x, zero, obj_uv);
		} else if (r == -ENOENT) {
			x->user_version = x->pg_last_user_version;
			x->bad_replay_version = x->pg_last_update;
		}
		return;
	}

	/* A write request: logged whatever the outcome (dup detection). */
	x->logged = 1;
	drop_outdata(x, out_start);
	if (r >= 0 && txn_count(x->txn) > 0) {
		uint64_t uv = (x->pg_last_user_version > obj_uv ? x->pg_last_user_version
				: obj_uv) + 1;

		if (uv < x->at_version.version)
			uv = x->at_version.version;
		if (x->exists) {
			struct store_objmeta meta = { x->at_version, uv, req->mtime };

			if (meta.mtime.sec == 0 && meta.mtime.nsec == 0)
				meta.mtime = utime_now();
			txn_set_meta(x->txn, x->cid, x->oid, &meta);
		}
		rs = store_apply(x->st, x->txn, NULL, NULL);
		if (rs < 0) {
			log_error(LOG_OSD, "store apply failed: %d", rs);
			r = rs;
		} else {
			x->modified = 1;
			set_versions(x, x->at_version, uv);
		}
	}
	if (r < 0) {
		set_versions(x, x->at_version, obj_uv);
		if (r == -ENOENT) {
			x->user_version = x->pg_last_user_version;
			x->bad_replay_version = x->pg_last_update;
		}
	} else if (!x->modified) {
		set_versions(x, x->at_version, obj_uv);
	}
	/* Writes report 0 on success (RETURNVEC is not supported). */
	x->result = r < 0 ? r : 0;
}

void
op_exec_reply(struct op_exec *x, const struct pg *pg, uint32_t epoch, struct mosdop_reply *r)
{
	struct mosdop *req = x->req;

	memset(r, 0, sizeof(*r));
	r->oid = req->oid;
	r->pgid = *pg;
	r->flags = req->flags & ~(uint64_t)(OSD_FLAG_ACK | OSD_FLAG_ONNVRAM | OSD_FLAG_ONDISK);
	r->epoch = epoch;
	r->nops = req->nops;
	r->ops = req->ops;
	r->retry_attempt = req->retry_attempt;
	r->result = x->result;
	if (x->pre_exec) {
		for (uint32_t i = 0; i < req->nops; i++) {
			req->ops[i].rval = 0;
			req->ops[i].outdata_len = 0;
		}
		r->flags |= req->flags & (OSD_FLAG_ACK | OSD_FLAG_ONDISK);
		return;
	}
	r->flags |= OSD_FLAG_ACK | OSD_FLAG_ONDISK;
	r->replay_version = x->replay_version;
	r->user_version = x->user_version;
	r->bad_replay_version = x->bad_replay_version;
}
