/*
 * op_exec_test.c — client ops against a fresh memstore: the captured
 * 16.2.15 requests replayed and our replies compared with the classic OSD's
 * (byte for byte where the content is deterministic), every op's errno
 * cases, multi-op atomicity and the version rules of §4.3.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "os/memstore.h"
#include "osd/mosdop.h"
#include "osd/op_exec.h"
#include "t/osd/io_vec.h"

struct env {
	struct store *st;
	struct txn txn;
	struct spg cid;
	struct eversion lu;
	uint64_t luv;
	uint32_t epoch;
};

static void
env_init(struct env *e, uint64_t pool, uint32_t seed)
{
	struct txn t;

	memset(e, 0, sizeof(*e));
	e->st = memstore_create(&(struct memstore_conf){ 0, 0 });
	txn_init(&e->txn);
	e->cid.pgid.pool = pool;
	e->cid.pgid.seed = seed;
	e->cid.shard = -1;
	e->epoch = 9;
	txn_init(&t);
	txn_create_collection(&t, &e->cid);
	ck_assert_int_eq(store_apply(e->st, &t, NULL, NULL), 0);
	txn_free(&t);
}

static void
env_free(struct env *e)
{
	txn_free(&e->txn);
	store_destroy(e->st);
}

/* The result of one request: reply front and data, flattened. */
struct res {
	struct op_exec x;
	struct mosdop req;
	struct buf front, data;
	uint8_t *f;
	uint8_t *d;
};

static void
res_free(struct res *r)
{
	mosdop_release(&r->req);
	buf_free(&r->front);
	buf_free(&r->data);
	free(r->f);
	free(r->d);
}

/* Run a decoded request with its data against the env (as op_path does). */
static void
run(struct env *e, struct res *rs, struct buf *indata)
{
	struct hobject oid;
	struct mosdop_reply r;

	memset(&oid, 0, sizeof(oid));
	oid.key = rs->req.oloc.key;
	oid.oid = rs->req.oid;
	oid.snap = CEPH_NOSNAP;
	oid.hash = rs->req.hash;
	oid.nspace = rs->req.oloc.nspace;
	oid.pool = (int64_t)e->cid.pgid.pool;
	buf_init(&rs->front);
	buf_init(&rs->data);
	txn_reset(&e->txn);
	memset(&rs->x, 0, sizeof(rs->x));
	rs->x.st = e->st;
	rs->x.txn = &e->txn;
	rs->x.cid = &e->cid;
	rs->x.oid = &oid;
	rs->x.req = &rs->req;
	rs->x.indata = indata;
	rs->x.out = &rs->data;
	rs->x.at_version.epoch = e->epoch;
	rs->x.at_version.version = e->lu.version + 1;
	rs->x.pg_last_update = e->lu;
	rs->x.pg_last_user_version = e->luv;
	op_exec_run(&rs->x);
	if (rs->x.pre_exec)
		buf_clear(&rs->data);
	if (rs->x.logged) {
		e->lu = rs->x.at_version;
		if (rs->x.modified)
			e->luv = rs->x.user_version;
	}
	op_exec_reply(&rs->x, &e->cid.pgid, e->epoch, &r);
	mosdop_reply_encode(&rs->front, &r);
	rs->f = malloc(rs->front.len + 1);
	buf_copy_out(&rs->front, 0, rs->front.len, rs->f);
	rs->d = malloc(rs->data.len + 1);
	buf_copy_out(&rs->data, 0, rs->data.len, rs->d);
}

/* Replay a captured request; compare with the captured reply byte for byte. */
static void
replay(struct env *e, const char *name, int exact)
{
	char reqn[128], repn[128];
	struct io_vec q, p;
	struct buf in = BUF_INIT;
	struct res rs;
	struct mosdop_reply want;
	struct osd_op wops[8];

	snprintf(reqn, sizeof(reqn), "%s.req.bin", name);
	snprintf(repn, sizeof(repn), "%s.reply.bin", name);
	io_vec_load(reqn, &q);
	io_vec_load(repn, &p);
	ck_assert_int_eq(mosdop_reply_decode(p.front, p.front_len, &want, wops, 8), 0);
	e->epoch = want.epoch;
	buf_append(&in, q.data, q.data_len);
	ck_assert_int_eq(mosdop_decode_front(q.front, q.front_len, q.version, q.data_len,
					     &rs.req), 0);
	/* run it in the request's PG */
	e->cid = rs.req.spgid;
	if (!store_collection_exists(e->st, &e->cid)) {
		struct txn t;

		txn_init(&t);
		txn_create_collection(&t, &e->cid);
		ck_assert_int_eq(store_apply(e->st, &t, NULL, NULL), 0);
		txn_free(&t);
	}
	run(e, &rs, &in);
	ck_assert_msg(rs.x.result == want.result, "%s: result %d, want %d", name,
		      rs.x.result, want.result);
	ck_assert_uint_eq(rs.data.len, p.data_len);
	ck_assert(memcmp(rs.d, p.data, p.data_len) == 0);
	if (exact) {
		ck_assert_uint_eq(rs.front.len, p.front_len);
		for (uint32_t i = 0; i < p.front_len; i++)
			ck_assert_msg(rs.f[i] == p.front[i], "%s: reply front differs at %u", name, i);
	} else {
		for (uint32_t i = 0; i < want.nops; i++) {
			ck_assert_int_eq(rs.req.ops[i].rval, wops[i].rval);
			ck_assert_uint_eq(rs.req.ops[i].outdata_len, wops[i].outdata_len);
		}
	}
	res_free(&rs);
	buf_free(&in);
	io_vec_free(&q);
	io_vec_free(&p);
}

START_TEST(test_vectors_put_get_stat)
{
	struct env e;

	env_init(&e, 1, 4);
	/* the classic PG had logged 798 entries before the put */
	e.lu.epoch = 9;
	e.lu.version = 798;
	e.luv = 798;
	replay(&e, "01-writefull", 1);
	ck_assert_uint_eq(e.lu.version, 799);
	ck_assert_uint_eq(e.luv, 799);
	replay(&e, "02-read", 1);
	replay(&e, "03-stat", 1);
	env_free(&e);
}
END_TEST

START_TEST(test_vectors_errors)
{
	struct env e;
	struct txn t;
	struct hobject o;
	struct store_objmeta meta = { { 9, 805 }, 805, { 1, 0 } };

	env_init(&e, 1, 0);
	replay(&e, "04-stat-enoent", 1);
	replay(&e, "22-getxattr-missing-object", 1);
	/* gv_err exists with uv 805, the PG at 9'805 */
	memset(&o, 0, sizeof(o));
	o.key.p = o.nspace.p = "";
	o.oid.p = "gv_err";
	o.oid.len = 6;
	o.snap = CEPH_NOSNAP;
	o.pool = 1;
	{
		struct io_vec q;
		struct mosdop rq;

		io_vec_load("20-create-excl-eexist.req.bin", &q);
		ck_assert_int_eq(mosdop_decode_front(q.front, q.front_len, 8, q.data_len, &rq), 0);
		o.hash = rq.hash;
		e.cid.pgid.seed = rq.spgid.pgid.seed;
		mosdop_release(&rq);
		io_vec_free(&q);
	}
	txn_init(&t);
	if (!store_collection_exists(e.st, &e.cid))
		txn_create_collection(&t, &e.cid);
	txn_touch(&t, &e.cid, &o);
	txn_set_meta(&t, &e.cid, &o, &meta);
	ck_assert_int_eq(store_apply(e.st, &t, NULL, NULL), 0);
	txn_free(&t);
	e.lu.epoch = 9;
	e.lu.version = 805;
	e.luv = 805;
	replay(&e, "20-create-excl-eexist", 1);
	ck_assert_uint_eq(e.lu.version, 806);  /* the error consumed a version */
	ck_assert_uint_eq(e.luv, 805);
	/* remove it behind the PG's back, then bring the PG to 9'807 */
	txn_init(&t);
	txn_remove(&t, &e.cid, &o);
	ck_assert_int_eq(store_apply(e.st, &t, NULL, NULL), 0);
	txn_free(&t);
	e.lu.version = 807;
	e.luv = 807;
	replay(&e, "21-delete-enoent", 1);
	env_free(&e);
}
END_TEST

START_TEST(test_vectors_bench_xattr_omap)
{
	struct env e;

	env_init(&e, 1, 0);
	e.lu.epoch = 9;
	replay(&e, "09-bench-allochint-write", 0);
	replay(&e, "10-bench-metadata-writefull", 0);
	replay(&e, "11-setxattr", 0);
	replay(&e, "12-getxattr", 0);
	replay(&e, "13-omap-setvals", 0);
	env_free(&e);
}
END_TEST

/* ---- hand-built requests ---- */

struct rq {
	struct mosdop req;
	struct osd_op ops[8];
	struct buf in;
};

static void
rq_init(struct rq *q, const char *name)
{
	memset(q, 0, sizeof(*q));
	q->req.spgid.pgid.pool = 1;
	q->req.spgid.shard = -1;
	q->req.oloc.pool = 1;
	q->req.oloc.hash = -1;
	q->req.oloc.key.p = q->req.oloc.nspace.p = "";
	q->req.oid.p = name;
	q->req.oid.len = (uint32_t)strlen(name);
	q->req.ops = q->ops;
	q->req.snapid = CEPH_NOSNAP;
	q->req.retry_attempt = 0;
	q->req.mtime.sec = 1000;
	q->req.flags = OSD_FLAG_ONDISK;
}

static struct osd_op *
rq_op(struct rq *q, uint16_t code, const void *in, uint32_t len)
{
	struct osd_op *o = &q->ops[q->req.nops++];

	memset(o, 0, sizeof(*o));
	o->op = code;
	o->indata_off = (uint32_t)q->in.len;
	o->payload_len = len;
	if (len)
		buf_append(&q->in, in, len);
	return o;
}

static struct osd_op *
rq_extent(struct rq *q, uint16_t code, uint64_t off, uint64_t len, const void *in,
	  uint32_t inlen)
{
	struct osd_op *o = rq_op(q, code, in, inlen);

	osd_op_set_u64(o, OSD_OP_EXTENT_OFFSET, off);
	osd_op_set_u64(o, OSD_OP_EXTENT_LENGTH, len);
	return o;
}

/* run and return the result; rs keeps the outputs (res_free it) */
static int
exec(struct env *e, struct rq *q, struct res *rs)
{
	memcpy(&rs->req, &q->req, sizeof(q->req));
	rs->req.ops = q->ops;
	run(e, rs, &q->in);
	rs->req.ops = rs->req.inline_ops;       /* q owns the ops */
	rs->req.nops = 0;
	return rs->x.result;
}

static int
do1(struct env *e, const char *name, uint16_t code, uint64_t off, uint64_t len,
    const void *in, uint32_t inlen, uint32_t flags)
{
	struct rq q;
	struct res rs;
	int r;

	rq_init(&q, name);
	rq_extent(&q, code, off, len, in, inlen)->flags = flags;
	r = exec(e, &q, &rs);
	res_free(&rs);
	buf_free(&q.in);
	return r;
}

static uint64_t
size_of(struct env *e, const char *name)
{
	struct rq q;
	struct res rs;
	uint64_t sz = (uint64_t)-1;

	rq_init(&q, name);
	rq_op(&q, OSD_OP_STAT, NULL, 0);
	if (exec(e, &q, &rs) == 0)
		sz = get_le64(rs.d);
	res_free(&rs);
	buf_free(&q.in);
	return sz;
}

START_TEST(test_data_ops)
{
	struct env e;
	struct rq q;
	struct res rs;

	env_init(&e, 1, 0);
	ck_assert_int_eq(do1(&e, "a", OSD_OP_READ, 0, 0, NULL, 0, 0), -ENOENT);
	ck_assert_int_eq(do1(&e, "a", OSD_OP_WRITE, 0, 5, "hello", 5, 0), 0);
	ck_assert_uint_eq(size_of(&e, "a"), 5);
	/* length must match the input */
	ck_assert_int_eq(do1(&e, "a", OSD_OP_WRITE, 0, 4, "hello", 5, 0), -EINVAL);
	ck_assert_int_eq(do1(&e, "a", OSD_OP_WRITEFULL, 0, 9, "hello", 5, 0), -EINVAL);
	/* EFBIG */
	ck_assert_int_eq(do1(&e, "a", OSD_OP_WRITE, OP_MAX_OBJECT_SIZE, 1, "x", 1, 0), -EFBIG);
	ck_assert_int_eq(do1(&e, "a", OSD_OP_TRUNCATE, OP_MAX_OBJECT_SIZE + 1, 0, NULL, 0, 0),
			 -EFBIG);
	ck_assert_int_eq(do1(&e, "a", OSD_OP_APPEND, 0, 3, "abc", 3, 0), 0);
	ck_assert_uint_eq(size_of(&e, "a"), 8);
	/* read past EOF: 0 bytes */
	rq_init(&q, "a");
	rq_extent(&q, OSD_OP_READ, 100, 10, NULL, 0);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	ck_assert_uint_eq(rs.data.len, 0);
	ck_assert_uint_eq(osd_op_u64(&q.ops[0], OSD_OP_EXTENT_LENGTH), 0);
	res_free(&rs);
	buf_free(&q.in);
	/* read with length 0 = to the end, reply length rewritten */
	rq_init(&q, "a");
	rq_extent(&q, OSD_OP_READ, 2, 0, NULL, 0);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	ck_assert_uint_eq(rs.data.len, 6);
	ck_assert(memcmp(rs.d, "lloabc", 6) == 0);
	ck_assert_uint_eq(osd_op_u64(&q.ops[0], OSD_OP_EXTENT_LENGTH), 6);
	ck_assert_uint_eq(q.ops[0].outdata_len, 6);
	res_free(&rs);
	buf_free(&q.in);
	/* write 0~0 on a missing object creates it; at an offset it extends */
	ck_assert_int_eq(do1(&e, "t", OSD_OP_WRITE, 7, 0, NULL, 0, 0), 0);
	ck_assert_uint_eq(size_of(&e, "t"), 7);
	/* truncate/zero of a missing object: success, nothing created */
	ck_assert_int_eq(do1(&e, "m", OSD_OP_TRUNCATE, 10, 0, NULL, 0, 0), 0);
	ck_assert_int_eq(do1(&e, "m", OSD_OP_ZERO, 0, 10, NULL, 0, 0), 0);
	ck_assert_uint_eq(size_of(&e, "m"), (uint64_t)-1);
	/* zero inside keeps the size, zero reaching EOF truncates */
	ck_assert_int_eq(do1(&e, "a", OSD_OP_ZERO, 1, 2, NULL, 0, 0), 0);
	ck_assert_uint_eq(size_of(&e, "a"), 8);
	ck_assert_int_eq(do1(&e, "a", OSD_OP_ZERO, 6, 10, NULL, 0, 0), 0);
	ck_assert_uint_eq(size_of(&e, "a"), 6);
	rq_init(&q, "a");
	rq_extent(&q, OSD_OP_READ, 0, 0, NULL, 0);
	exec(&e, &q, &rs);
	ck_assert(memcmp(rs.d, "h\0\0loa", 6) == 0);
	res_free(&rs);
	buf_free(&q.in);
	ck_assert_int_eq(do1(&e, "a", OSD_OP_TRUNCATE, 2, 0, NULL, 0, 0), 0);
	ck_assert_uint_eq(size_of(&e, "a"), 2);
	/* create */
	ck_assert_int_eq(do1(&e, "a", OSD_OP_CREATE, 0, 0, NULL, 0, OSD_OP_FLAG_EXCL), -EEXIST);
	ck_assert_int_eq(do1(&e, "a", OSD_OP_CREATE, 0, 0, NULL, 0, 0), 0);
	ck_assert_int_eq(do1(&e, "c", OSD_OP_CREATE, 0, 0, NULL, 0, OSD_OP_FLAG_EXCL), 0);
	ck_assert_uint_eq(size_of(&e, "c"), 0);
	/* delete */
	ck_assert_int_eq(do1(&e, "c", OSD_OP_DELETE, 0, 0, NULL, 0, 0), 0);
	ck_assert_int_eq(do1(&e, "c", OSD_OP_DELETE, 0, 0, NULL, 0, 0), -ENOENT);
	ck_assert_int_eq(do1(&e, "c", OSD_OP_STAT, 0, 0, NULL, 0, 0), -ENOENT);
	/* unknown / unsupported ops */
	ck_assert_int_eq(do1(&e, "a", OSD_OP_WATCH, 0, 0, NULL, 0, 0), -EOPNOTSUPP);
	ck_assert_int_eq(do1(&e, "a", 0x1299, 0, 0, NULL, 0, 0), -EOPNOTSUPP);
	/* writesame and cmpext */
	ck_assert_int_eq(do1(&e, "w", OSD_OP_WRITESAME, 0, 0, "ab", 2, 0), -EINVAL);
	{
		struct osd_op *o;

		rq_init(&q, "w");
		o = rq_op(&q, OSD_OP_WRITESAME, "ab", 2);
		osd_op_set_u64(o, 0, 4);
		osd_op_set_u64(o, 8, 6);
		osd_op_set_u64(o, 16, 2);
		ck_assert_int_eq(exec(&e, &q, &rs), 0);
		res_free(&rs);
		buf_free(&q.in);
		ck_assert_uint_eq(size_of(&e, "w"), 10);
	}
	ck_assert_int_eq(do1(&e, "w", OSD_OP_CMPEXT, 4, 4, "abab", 4, 0), 0);
	ck_assert_int_eq(do1(&e, "w", OSD_OP_CMPEXT, 4, 4, "abxb", 4, 0), -(4095 + 2));
	ck_assert_int_eq(do1(&e, "w", OSD_OP_CMPEXT, 8, 4, "ab\0\0", 4, 0), 0);
	env_free(&e);
}
END_TEST

START_TEST(test_attr_omap_ops)
{
	struct env e;
	struct rq q;
	struct res rs;
	struct osd_op *o;
	char name[200];
	struct buf m = BUF_INIT;
	uint8_t *flat;

	env_init(&e, 1, 0);
	/* setxattr creates */
	rq_init(&q, "x");
	o = rq_op(&q, OSD_OP_SETXATTR, "keyval", 6);
	osd_op_set_u32(o, OSD_OP_XATTR_NAME_LEN, 3);
	osd_op_set_u32(o, OSD_OP_XATTR_VALUE_LEN, 3);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	res_free(&rs);
	buf_free(&q.in);
	ck_assert_uint_eq(size_of(&e, "x"), 0);
	/* getxattr */
	rq_init(&q, "x");
	o = rq_op(&q, OSD_OP_GETXATTR, "key", 3);
	osd_op_set_u32(o, OSD_OP_XATTR_NAME_LEN, 3);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	ck_assert_uint_eq(rs.data.len, 3);
	ck_assert(memcmp(rs.d, "val", 3) == 0);
	ck_assert_uint_eq(osd_op_u32(&q.ops[0], OSD_OP_XATTR_VALUE_LEN), 3);
	res_free(&rs);
	buf_free(&q.in);
	/* missing attribute: ENODATA */
	rq_init(&q, "x");
	o = rq_op(&q, OSD_OP_GETXATTR, "nope", 4);
	osd_op_set_u32(o, OSD_OP_XATTR_NAME_LEN, 4);
	ck_assert_int_eq(exec(&e, &q, &rs), -ENODATA);
	ck_assert_int_eq(q.ops[0].rval, -ENODATA);
	ck_assert_uint_eq(rs.x.user_version, 0);
	res_free(&rs);
	buf_free(&q.in);
	/* name too long */
	memset(name, 'n', sizeof(name));
	rq_init(&q, "x");
	o = rq_op(&q, OSD_OP_SETXATTR, name, 101);
	osd_op_set_u32(o, OSD_OP_XATTR_NAME_LEN, 101);
	ck_assert_int_eq(exec(&e, &q, &rs), -ENAMETOOLONG);
	res_free(&rs);
	buf_free(&q.in);
	/* name_len beyond the input */
	rq_init(&q, "x");
	o = rq_op(&q, OSD_OP_SETXATTR, "ab", 2);
	osd_op_set_u32(o, OSD_OP_XATTR_NAME_LEN, 2);
	osd_op_set_u32(o, OSD_OP_XATTR_VALUE_LEN, 50);
	ck_assert_int_eq(exec(&e, &q, &rs), -EINVAL);
	res_free(&rs);
	buf_free(&q.in);
	/* rmxattr of a missing attribute succeeds; of a missing object ENOENT */
	rq_init(&q, "x");
	o = rq_op(&q, OSD_OP_RMXATTR, "zz", 2);
	osd_op_set_u32(o, OSD_OP_XATTR_NAME_LEN, 2);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	res_free(&rs);
	buf_free(&q.in);
	rq_init(&q, "nobody");
	o = rq_op(&q, OSD_OP_RMXATTR, "zz", 2);
	osd_op_set_u32(o, OSD_OP_XATTR_NAME_LEN, 2);
	ck_assert_int_eq(exec(&e, &q, &rs), -ENOENT);
	res_free(&rs);
	buf_free(&q.in);
	/* cmpxattr: "val" EQ "val" → 1; NE → ECANCELED; u64 */
	rq_init(&q, "x");
	o = rq_op(&q, OSD_OP_CMPXATTR, "keyval", 6);
	osd_op_set_u32(o, OSD_OP_XATTR_NAME_LEN, 3);
	osd_op_set_u32(o, OSD_OP_XATTR_VALUE_LEN, 3);
	o->u[OSD_OP_XATTR_CMP_OP] = 1;
	o->u[OSD_OP_XATTR_CMP_MODE] = 1;
	ck_assert_int_eq(exec(&e, &q, &rs), 1);
	res_free(&rs);
	q.ops[0].u[OSD_OP_XATTR_CMP_OP] = 2;
	ck_assert_int_eq(exec(&e, &q, &rs), -ECANCELED);
	res_free(&rs);
	q.ops[0].u[OSD_OP_XATTR_CMP_MODE] = 9;
	ck_assert_int_eq(exec(&e, &q, &rs), -EINVAL);
	res_free(&rs);
	buf_free(&q.in);

	/* omap set: map<string, bl> {a: 1, b: 22, c: 333} */
	enc_u32(&m, 3);
	enc_cstr(&m, "a"); enc_cstr(&m, "1");
	enc_cstr(&m, "b"); enc_cstr(&m, "22");
	enc_cstr(&m, "c"); enc_cstr(&m, "333");
	flat = malloc(m.len);
	buf_copy_out(&m, 0, m.len, flat);
	rq_init(&q, "o");
	rq_op(&q, OSD_OP_OMAPSETVALS, flat, (uint32_t)m.len);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	res_free(&rs);
	buf_free(&q.in);
	/* truncated map → EINVAL, nothing applied */
	rq_init(&q, "o2");
	rq_op(&q, OSD_OP_OMAPSETVALS, flat, (uint32_t)m.len - 1);
	ck_assert_int_eq(exec(&e, &q, &rs), -EINVAL);
	res_free(&rs);
	buf_free(&q.in);
	ck_assert_uint_eq(size_of(&e, "o2"), (uint64_t)-1);
	free(flat);
	buf_free(&m);
	/* get keys after "a", max 1 → ["b"], more = 1 */
	enc_cstr(&m, "a");
	enc_u64(&m, 1);
	flat = malloc(m.len);
	buf_copy_out(&m, 0, m.len, flat);
	rq_init(&q, "o");
	rq_op(&q, OSD_OP_OMAPGETKEYS, flat, (uint32_t)m.len);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	ck_assert_uint_eq(rs.data.len, 4 + 5 + 1);
	ck_assert_uint_eq(get_le32(rs.d), 1);
	ck_assert(memcmp(rs.d + 8, "b", 1) == 0);
	ck_assert_uint_eq(rs.d[9], 1);
	res_free(&rs);
	buf_free(&q.in);
	free(flat);
	buf_free(&m);
	/* get vals from "", max 10, prefix "c" */
	enc_cstr(&m, "");
	enc_u64(&m, 10);
	enc_cstr(&m, "c");
	flat = malloc(m.len);
	buf_copy_out(&m, 0, m.len, flat);
	rq_init(&q, "o");
	rq_op(&q, OSD_OP_OMAPGETVALS, flat, (uint32_t)m.len);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	ck_assert_uint_eq(rs.data.len, 4 + 5 + 7 + 1);
	ck_assert_uint_eq(get_le32(rs.d), 1);
	ck_assert(memcmp(rs.d + 13, "333", 3) == 0);
	ck_assert_uint_eq(rs.d[16], 0);
	res_free(&rs);
	buf_free(&q.in);
	free(flat);
	buf_free(&m);
	/* rm key b, get by keys {b, c} → {c} */
	enc_u32(&m, 1);
	enc_cstr(&m, "b");
	flat = malloc(m.len);
	buf_copy_out(&m, 0, m.len, flat);
	rq_init(&q, "o");
	rq_op(&q, OSD_OP_OMAPRMKEYS, flat, (uint32_t)m.len);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	res_free(&rs);
	buf_free(&q.in);
	free(flat);
	buf_free(&m);
	enc_u32(&m, 2);
	enc_cstr(&m, "b");
	enc_cstr(&m, "c");
	flat = malloc(m.len);
	buf_copy_out(&m, 0, m.len, flat);
	rq_init(&q, "o");
	rq_op(&q, OSD_OP_OMAPGETVALSBYKEYS, flat, (uint32_t)m.len);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	ck_assert_uint_eq(get_le32(rs.d), 1);
	ck_assert_uint_eq(rs.data.len, 4 + 5 + 7);
	res_free(&rs);
	buf_free(&q.in);
	free(flat);
	buf_free(&m);
	/* header set/get, clear */
	rq_init(&q, "o");
	rq_op(&q, OSD_OP_OMAPSETHEADER, "HDR", 3);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	res_free(&rs);
	buf_free(&q.in);
	rq_init(&q, "o");
	rq_op(&q, OSD_OP_OMAPGETHEADER, NULL, 0);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	ck_assert_uint_eq(rs.data.len, 3);
	ck_assert(memcmp(rs.d, "HDR", 3) == 0);
	res_free(&rs);
	buf_free(&q.in);
	ck_assert_int_eq(do1(&e, "o", OSD_OP_OMAPCLEAR, 0, 0, NULL, 0, 0), 0);
	ck_assert_int_eq(do1(&e, "nobody", OSD_OP_OMAPCLEAR, 0, 0, NULL, 0, 0), -ENOENT);
	/* getxattrs: map with one entry */
	rq_init(&q, "x");
	rq_op(&q, OSD_OP_GETXATTRS, NULL, 0);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	ck_assert_uint_eq(get_le32(rs.d), 1);
	ck_assert_uint_eq(rs.data.len, 4 + 7 + 7);
	res_free(&rs);
	buf_free(&q.in);
	env_free(&e);
}
END_TEST

/* several ops are one transaction; versions per §4.3 */
START_TEST(test_atomic_and_versions)
{
	struct env e;
	struct rq q;
	struct res rs;

	env_init(&e, 1, 0);
	e.lu.epoch = 9;
	/* write + failing create EXCL: nothing applied, version consumed */
	ck_assert_int_eq(do1(&e, "a", OSD_OP_WRITE, 0, 3, "abc", 3, 0), 0);
	ck_assert_uint_eq(e.lu.version, 1);
	ck_assert_uint_eq(e.luv, 1);
	rq_init(&q, "a");
	rq_extent(&q, OSD_OP_WRITE, 0, 6, "zzzzzz", 6);
	rq_op(&q, OSD_OP_CREATE, NULL, 0)->flags = OSD_OP_FLAG_EXCL;
	ck_assert_int_eq(exec(&e, &q, &rs), -EEXIST);
	ck_assert_int_eq(q.ops[0].rval, 0);
	ck_assert_int_eq(q.ops[1].rval, -EEXIST);
	ck_assert_uint_eq(rs.x.replay_version.version, 2);
	ck_assert_uint_eq(rs.x.user_version, 1);
	res_free(&rs);
	buf_free(&q.in);
	ck_assert_uint_eq(e.lu.version, 2);
	ck_assert_uint_eq(e.luv, 1);
	ck_assert_uint_eq(size_of(&e, "a"), 3);
	/* FAILOK: the failing op does not fail the request */
	rq_init(&q, "a");
	rq_op(&q, OSD_OP_CREATE, NULL, 0)->flags = OSD_OP_FLAG_EXCL | OSD_OP_FLAG_FAILOK;
	rq_op(&q, OSD_OP_APPEND, "de", 2);
	osd_op_set_u64(&q.ops[1], OSD_OP_EXTENT_LENGTH, 2);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	ck_assert_int_eq(q.ops[0].rval, -EEXIST);
	ck_assert_uint_eq(rs.x.user_version, 3);
	ck_assert_uint_eq(rs.x.replay_version.version, 3);
	res_free(&rs);
	buf_free(&q.in);
	ck_assert_uint_eq(size_of(&e, "a"), 5);
	/* no-op write (truncate of a missing object): logged, uv unchanged */
	rq_init(&q, "none");
	rq_extent(&q, OSD_OP_TRUNCATE, 3, 0, NULL, 0);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	ck_assert_uint_eq(rs.x.replay_version.version, 4);
	ck_assert_uint_eq(rs.x.user_version, 0);
	ck_assert(!rs.x.modified);
	res_free(&rs);
	buf_free(&q.in);
	ck_assert_uint_eq(e.luv, 3);
	/* read reply versions: 0'0, object uv */
	rq_init(&q, "a");
	rq_extent(&q, OSD_OP_READ, 0, 0, NULL, 0);
	rq_op(&q, OSD_OP_STAT, NULL, 0);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	ck_assert_uint_eq(rs.x.replay_version.version, 0);
	ck_assert_uint_eq(rs.x.user_version, 3);
	ck_assert_uint_eq(rs.data.len, 5 + 16);
	ck_assert_uint_eq(q.ops[1].outdata_len, 16);
	res_free(&rs);
	buf_free(&q.in);
	/* assert_ver */
	rq_init(&q, "a");
	osd_op_set_u64(rq_op(&q, OSD_OP_ASSERT_VER, NULL, 0), OSD_OP_ASSERT_VER_VER, 3);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	res_free(&rs);
	osd_op_set_u64(&q.ops[0], OSD_OP_ASSERT_VER_VER, 2);
	ck_assert_int_eq(exec(&e, &q, &rs), -ERANGE);
	res_free(&rs);
	osd_op_set_u64(&q.ops[0], OSD_OP_ASSERT_VER_VER, 4);
	ck_assert_int_eq(exec(&e, &q, &rs), -EOVERFLOW);
	res_free(&rs);
	osd_op_set_u64(&q.ops[0], OSD_OP_ASSERT_VER_VER, 0);
	ck_assert_int_eq(exec(&e, &q, &rs), -EINVAL);
	ck_assert_uint_eq(rs.x.user_version, 0);       /* read error: versions 0 */
	res_free(&rs);
	buf_free(&q.in);
	/* a read-only request on a missing object fails before execution */
	rq_init(&q, "none");
	rq_op(&q, OSD_OP_GETXATTRS, NULL, 0);
	ck_assert_int_eq(exec(&e, &q, &rs), -ENOENT);
	ck_assert(rs.x.pre_exec);
	res_free(&rs);
	buf_free(&q.in);
	/* a write request returns no outdata */
	rq_init(&q, "a");
	rq_extent(&q, OSD_OP_READ, 0, 0, NULL, 0);
	rq_extent(&q, OSD_OP_WRITE, 0, 1, "Q", 1);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	ck_assert_uint_eq(rs.data.len, 0);
	ck_assert_uint_eq(q.ops[0].outdata_len, 0);
	res_free(&rs);
	buf_free(&q.in);
	/* delete + recreate in one request */
	rq_init(&q, "a");
	rq_op(&q, OSD_OP_DELETE, NULL, 0);
	rq_extent(&q, OSD_OP_WRITE, 0, 2, "NE", 2);
	ck_assert_int_eq(exec(&e, &q, &rs), 0);
	res_free(&rs);
	buf_free(&q.in);
	ck_assert_uint_eq(size_of(&e, "a"), 2);
	env_free(&e);
}
END_TEST

static Suite *
op_exec_suite(void)
{
	Suite *s = suite_create("op_exec");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_vectors_put_get_stat);
	tcase_add_test(tc, test_vectors_errors);
	tcase_add_test(tc, test_vectors_bench_xattr_omap);
	tcase_add_test(tc, test_data_ops);
	tcase_add_test(tc, test_attr_omap_ops);
	tcase_add_test(tc, test_atomic_and_versions);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(op_exec_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
