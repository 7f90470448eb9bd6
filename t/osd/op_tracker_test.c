/*
 * op_tracker_test.c — the op tracker (osd/op_tracker.h) on its own and
 * under the op path.
 *
 * On its own, with stamps chosen by the test: the osd_op(...) description
 * as MOSDOp::print writes it (reqid, PG, escaped object, each op kind, snap
 * context, RETRY, flags, cut names, undecoded ops); the dumps parsed back
 * in the key order of a 16.2.15 ceph-osd (ops in flight, blocked ops,
 * historic, by duration, slow ops); the history keeping the longest ops of
 * its window in arrival order, expiring by age; slow ops kept apart;
 * blocked ops past the complaint time and their warning logged once; event
 * arrays bounded; filters; configuration checks; entries reused with no
 * growth (and no leak under the sanitizers); tracking switched off.
 *
 * Under the op path (two real messengers, captured e39/e40 maps as in
 * op_path_test.c): an op from a newer epoch is in flight as "op must wait
 * for map", then runs when the map comes and reaches the history with
 * reached_pg, started, commit_sent and done; a misdirected op, an op whose
 * client connection resets while it waits, an op that does not decode and
 * an op still waiting at shutdown are finished as dropped.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <event2/event.h>

#include "common/asok_json.h"
#include "common/buf.h"
#include "common/enc.h"
#include "msg/features.h"
#include "msg/message.h"
#include "msg/message_types.h"
#include "msg/msgr.h"
#include "os/memstore.h"
#include "osd/mosdop.h"
#include "osd/op_path.h"
#include "osd/op_tracker.h"
#include "osd/osdmap.h"
#include "osd/placement.h"
#include "t/osd/osd_test_util.h"
#include "t/osd/tjson.h"

#define NS 1000000000ull
#define MS 1000000ull
#define T0 (1000 * NS)          /* a monotonic stamp to start from */

static struct entity_name client = { ENTITY_TYPE_CLIENT, 4120 };
static struct entity_addr caddr;

static void
init_addr(void)
{
	ck_assert_int_eq(entity_addr_parse("any:127.0.0.1:0/3678583824", ENTITY_ADDR_MSGR2,
					   &caddr), 0);
}

/* A one-op request: writefull 0~len of name in pool 1, PG 1.7, e8. */
static void
mk_req(struct mosdop *o, struct osd_op *op, const char *name, uint16_t code, uint64_t len)
{
	memset(o, 0, sizeof(*o));
	memset(op, 0, sizeof(*op));
	o->spgid.pgid.pool = 1;
	o->spgid.pgid.seed = 7;
	o->spgid.shard = -1;
	o->hash = 0x100489ea;           /* bitwise key 57912008 */
	o->epoch = 8;
	o->flags = OSD_FLAG_ONDISK | OSD_FLAG_WRITE | 0x400000;        /* known_if_redirected */
	o->oloc.pool = 1;
	o->oloc.hash = -1;
	o->oloc.key.p = o->oloc.nspace.p = "";
	o->oid.p = name;
	o->oid.len = (uint32_t)strlen(name);
	o->snapid = CEPH_NOSNAP;
	o->retry_attempt = 0;
	op->op = code;
	osd_op_set_u64(op, OSD_OP_EXTENT_LENGTH, len);
	o->nops = 1;
	o->ops = op;
}

static struct tracked_op *
start(struct op_tracker *t, uint64_t tid, uint64_t now)
{
	struct tracked_op *op = op_tracker_start(t, &client, &caddr, tid, now);

	ck_assert_ptr_nonnull(op);
	return op;
}

/* A finished writefull of `name` that took dur ns, started at at. */
static void
run_op(struct op_tracker *t, const char *name, uint64_t tid, uint64_t at, uint64_t dur)
{
	struct mosdop o;
	struct osd_op op;
	struct tracked_op *x = start(t, tid, at);

	mk_req(&o, &op, name, OSD_OP_WRITEFULL, 3);
	op_tracker_describe(x, &o, NULL);
	op_tracker_mark(x, OP_EV_STARTED, at + dur / 2);
	op_tracker_mark(x, OP_EV_COMMIT_SENT, at + dur);
	op_tracker_finish(t, x, OP_EV_DONE, at + dur);
}

static const char *
desc_of(const struct tracked_op *op)
{
	static char buf[2048];

	op_tracker_format_desc(op, buf, sizeof(buf));
	return buf;
}

enum dump_kind { D_FLIGHT, D_BLOCKED, D_HIST, D_BYDUR, D_SLOW };

/* A dump parsed back (the caller frees it). */
static struct tj *
dump(struct op_tracker *t, enum dump_kind k, uint64_t now, const char *filter)
{
	struct asok_out o;
	char *f[1] = { (char *)filter };
	unsigned nf = filter ? 1 : 0;
	struct tj *j;

	asok_out_init(&o);
	switch (k) {
	case D_FLIGHT: op_tracker_dump_in_flight(t, &o, false, f, nf, now); break;
	case D_BLOCKED: op_tracker_dump_in_flight(t, &o, true, f, nf, now); break;
	case D_HIST: op_tracker_dump_historic(t, &o, false, f, nf, now); break;
	case D_BYDUR: op_tracker_dump_historic(t, &o, true, f, nf, now); break;
	case D_SLOW: op_tracker_dump_slow(t, &o, f, nf, now); break;
	}
	j = tj_parse(o.buf, o.len);
	ck_assert_msg(j != NULL, "dump is not JSON: %s", o.buf);
	asok_out_free(&o);
	return j;
}

static void
assert_keys(const struct tj *o, const char *const *keys, size_t n)
{
	ck_assert_int_eq(o->type, TJ_OBJ);
	ck_assert_uint_eq(o->n, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_str_eq(o->k[i], keys[i]);
}

static double
num(const struct tj *o, const char *key)
{
	const struct tj *v = tj_get(o, key);

	ck_assert_msg(v && v->type == TJ_NUM, "no number %s", key);
	return v->d;
}

/* One op of a dump: classic's keys in classic's order. */
static void
assert_op_shape(const struct tj *op)
{
	static const char *const top[] = { "description", "initiated_at", "age", "duration",
					   "type_data" };
	static const char *const td[] = { "flag_point", "client_info", "events" };
	static const char *const ci[] = { "client", "client_addr", "tid" };
	static const char *const ev[] = { "event", "time", "duration" };
	const struct tj *t, *e;
	const char *at;

	assert_keys(op, top, 5);
	t = tj_get(op, "type_data");
	assert_keys(t, td, 3);
	assert_keys(tj_get(t, "client_info"), ci, 3);
	e = tj_get(t, "events");
	ck_assert_int_eq(e->type, TJ_ARR);
	ck_assert_uint_ge(e->n, 1);
	for (size_t i = 0; i < e->n; i++)
		assert_keys(e->v[i], ev, 3);
	ck_assert_str_eq(tj_str(e->v[0], "event"), "initiated");
	/* "2026-11-25T06:58:16.609029+0000" */
	at = tj_str(op, "initiated_at");
	ck_assert_uint_eq(strlen(at), 31);
	ck_assert(at[10] == 'T' && at[19] == '.' && (at[26] == '+' || at[26] == '-'));
	ck_assert_str_eq(tj_str(e->v[0], "time"), at);
}

/* ---- the description ---- */

START_TEST(test_desc_basic)
{
	struct op_tracker *t = op_tracker_new(NULL);
	struct tracked_op *x = start(t, 7, T0);
	struct mosdop o;
	struct osd_op op;

	/* before decoding: what the header says */
	ck_assert_str_eq(desc_of(x), "osd_op(client.4120.0:7 (undecoded))");
	mk_req(&o, &op, "obj1", OSD_OP_WRITEFULL, 3);
	op_tracker_describe(x, &o, NULL);
	ck_assert_str_eq(desc_of(x), "osd_op(client.4120.0:7 1.7 1:57912008:::obj1:head "
			 "[writefull 0~3] snapc 0=[] ondisk+write+known_if_redirected e8)");
	/* described once: a later decode (a retry) changes nothing */
	o.epoch = 9;
	op_tracker_describe(x, &o, NULL);
	ck_assert(strstr(desc_of(x), " e8)") != NULL);
	op_tracker_finish(t, x, OP_EV_DONE, T0 + MS);
	op_tracker_free(t);
}
END_TEST

START_TEST(test_desc_fields)
{
	struct op_tracker *t = op_tracker_new(NULL);
	struct tracked_op *x = start(t, 7, T0);
	struct mosdop o;
	struct osd_op op;
	uint8_t snaps[16];
	char longname[300];

	/* the reqid of the wire, namespace, locator key, escapes, snaps, RETRY, no flags */
	mk_req(&o, &op, "a:b c\x01", OSD_OP_STAT, 0);
	o.reqid.name = (struct entity_name){ ENTITY_TYPE_CLIENT, 99 };
	o.reqid.inc = 2;
	o.reqid.tid = 55;
	o.oloc.nspace.p = "ns1";
	o.oloc.nspace.len = 3;
	o.oloc.key.p = "lockey";
	o.oloc.key.len = 6;
	o.spgid = (struct spg){ { 2, 1 }, 0 };
	o.snapid = 5;
	o.snap_seq = 0x1c;
	put_le64(snaps, 0x1c);
	put_le64(snaps + 8, 0x1a);
	o.snaps = snaps;
	o.nsnaps = 2;
	o.retry_attempt = 2;
	o.flags = 0;
	op_tracker_describe(x, &o, NULL);
	ck_assert_str_eq(desc_of(x), "osd_op(client.99.2:55 2.1s0 2:57912008:ns1:lockey:"
			 "a%3ab%20c%01:5 [stat] snapc 1c=[1c,1a] RETRY=2 - e8)");
	op_tracker_finish(t, x, OP_EV_DONE, T0 + MS);

	/* a key equal to the name is no key (hobject_t::set_key); a long name is cut */
	x = start(t, 8, T0 + 2 * MS);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	mk_req(&o, &op, longname, OSD_OP_READ, 4096);
	o.oloc.key = o.oid;
	o.flags = OSD_FLAG_READ;
	op_tracker_describe(x, &o, NULL);
	ck_assert(strstr(desc_of(x), "1:57912008:::xxxxxxxx") != NULL);
	ck_assert(strstr(desc_of(x), "xxx...:head [read 0~4096] snapc 0=[] read e8)") != NULL);
	ck_assert_uint_lt(strlen(desc_of(x)), 200);
	op_tracker_finish(t, x, OP_EV_DONE, T0 + 3 * MS);
	op_tracker_free(t);
}
END_TEST

START_TEST(test_desc_ops)
{
	struct op_tracker *t = op_tracker_new(NULL);
	struct tracked_op *x = start(t, 7, T0);
	struct mosdop o;
	struct osd_op ops[6], one;
	struct buf data;

	mk_req(&o, &one, "obj", OSD_OP_READ, 0);
	memset(ops, 0, sizeof(ops));
	buf_init(&data);
	/* read with a truncate and op flags */
	ops[0].op = OSD_OP_READ;
	ops[0].flags = 0x20 | 0x1;
	osd_op_set_u64(&ops[0], OSD_OP_EXTENT_OFFSET, 8192);
	osd_op_set_u64(&ops[0], OSD_OP_EXTENT_LENGTH, 4096);
	osd_op_set_u64(&ops[0], OSD_OP_EXTENT_TRUNC_SIZE, 100);
	osd_op_set_u32(&ops[0], OSD_OP_EXTENT_TRUNC_SEQ, 3);
	/* setxattr: the name at the start of its input */
	ops[1].op = OSD_OP_SETXATTR;
	osd_op_set_u32(&ops[1], OSD_OP_XATTR_NAME_LEN, 6);
	osd_op_set_u32(&ops[1], OSD_OP_XATTR_VALUE_LEN, 6);
	ops[1].payload_len = 12;
	ops[1].indata_off = (uint32_t)data.len;
	buf_append(&data, "myattrval123", 12);
	/* a class call: class then method */
	ops[2].op = OSD_OP_CALL;
	ops[2].u[0] = 3;
	ops[2].u[1] = 8;
	ops[2].payload_len = 11;
	ops[2].indata_off = (uint32_t)data.len;
	buf_append(&data, "rbdget_size", 11);
	ops[3].op = OSD_OP_SETALLOCHINT;
	osd_op_set_u64(&ops[3], OSD_OP_HINT_OBJECT_SIZE, 4194304);
	osd_op_set_u64(&ops[3], OSD_OP_HINT_WRITE_SIZE, 4096);
	ops[4].op = OSD_OP_TRUNCATE;
	ops[5].op = OSD_OP_STAT;
	o.ops = ops;
	o.nops = 6;
	op_tracker_describe(x, &o, &data);
	ck_assert_str_eq(desc_of(x), "osd_op(client.4120.0:7 1.7 1:57912008:::obj:head "
			 "[read 8192~4096 [3@100] [excl+fadvise_dontneed],setxattr myattr (6) "
			 "in=12b,call rbd.get_size in=11b,set-alloc-hint object_size 4194304 "
			 "write_size 4096,+2 more] snapc 0=[] "
			 "ondisk+write+known_if_redirected e8)");
	op_tracker_finish(t, x, OP_EV_DONE, T0 + MS);

	/* PG listing, truncate, getxattr without its name in the data, cmpxattr */
	x = start(t, 8, T0 + MS);
	memset(ops, 0, sizeof(ops));
	ops[0].op = OSD_OP_PGNLS;
	osd_op_set_u32(&ops[0], OSD_OP_PGLS_START_EPOCH, 13);
	ops[1].op = OSD_OP_TRUNCATE;
	osd_op_set_u64(&ops[1], OSD_OP_EXTENT_OFFSET, 100);
	ops[2].op = OSD_OP_GETXATTR;
	osd_op_set_u32(&ops[2], OSD_OP_XATTR_NAME_LEN, 50);      /* more than the data */
	ops[2].payload_len = 50;
	ops[3].op = OSD_OP_CMPXATTR;
	ops[3].u[OSD_OP_XATTR_CMP_OP] = 1;
	ops[3].u[OSD_OP_XATTR_CMP_MODE] = 2;
	o.nops = 4;
	op_tracker_describe(x, &o, &data);
	ck_assert(strstr(desc_of(x), "[pgnls start_epoch 13,truncate 100,getxattr in=50b,"
			 "cmpxattr op 1 mode 2]") != NULL);
	op_tracker_finish(t, x, OP_EV_DONE, T0 + 2 * MS);
	buf_free(&data);
	op_tracker_free(t);
}
END_TEST

/* ---- dumps ---- */

START_TEST(test_in_flight_dump)
{
	struct op_tracker *t = op_tracker_new(NULL);
	struct tracked_op *a = start(t, 1, T0), *b = start(t, 2, T0 + 10 * MS);
	static const char *const keys[] = { "ops", "num_ops" };
	struct mosdop o;
	struct osd_op op;
	struct tj *j;
	const struct tj *ops, *ev;
	struct op_tracker_stats s;

	mk_req(&o, &op, "obj1", OSD_OP_WRITEFULL, 3);
	op_tracker_describe(a, &o, NULL);
	op_tracker_mark(a, OP_EV_WAIT_MAP, T0 + 1 * MS);
	op_tracker_mark(a, OP_EV_REACHED_PG, T0 + 5 * MS);
	op_tracker_mark(a, OP_EV_WAIT_ORDER, T0 + 6 * MS);
	mk_req(&o, &op, "obj2", OSD_OP_READ, 3);
	op_tracker_describe(b, &o, NULL);

	j = dump(t, D_FLIGHT, T0 + 1000 * MS, NULL);
	assert_keys(j, keys, 2);
	ck_assert_int_eq(tj_int(j, "num_ops", -1), 2);
	ops = tj_get(j, "ops");
	ck_assert_uint_eq(ops->n, 2);
	for (size_t i = 0; i < 2; i++)
		assert_op_shape(ops->v[i]);
	/* oldest first; age and duration run to now */
	ck_assert(strstr(tj_str(ops->v[0], "description"), ":::obj1:head [writefull 0~3]"));
	ck_assert(strstr(tj_str(ops->v[1], "description"), ":::obj2:head [read 0~3]"));
	ck_assert(fabs(num(ops->v[0], "age") - 1.0) < 1e-9);
	ck_assert(fabs(num(ops->v[0], "duration") - 1.0) < 1e-9);
	ck_assert(fabs(num(ops->v[1], "age") - 0.99) < 1e-9);
	ck_assert_str_eq(tj_str(tj_get(ops->v[0], "type_data"), "flag_point"),
			 "waiting_for_map not empty");
	ck_assert_str_eq(tj_str(tj_get(ops->v[1], "type_data"), "flag_point"),
			 "no flag points reached");
	ev = tj_get(tj_get(ops->v[0], "type_data"), "client_info");
	ck_assert_str_eq(tj_str(ev, "client"), "client.4120");
	ck_assert_str_eq(tj_str(ev, "client_addr"), "127.0.0.1:0/3678583824");
	ck_assert_int_eq(tj_int(ev, "tid", -1), 1);
	/* each event lasts until the next; the last one's is the op's so far */
	ev = tj_get(tj_get(ops->v[0], "type_data"), "events");
	ck_assert_uint_eq(ev->n, 4);
	ck_assert_str_eq(tj_str(ev->v[1], "event"), "op must wait for map");
	ck_assert_str_eq(tj_str(ev->v[2], "event"), "reached_pg");
	ck_assert(fabs(num(ev->v[0], "duration") - 0.001) < 1e-9);
	ck_assert(fabs(num(ev->v[1], "duration") - 0.004) < 1e-9);
	ck_assert(fabs(num(ev->v[2], "duration") - 0.001) < 1e-9);
	ck_assert(fabs(num(ev->v[3], "duration") - 0.006) < 1e-9);
	tj_free(j);

	op_tracker_stats(t, &s);
	ck_assert_uint_eq(s.in_flight, 2);
	ck_assert_uint_eq(s.history, 0);
	op_tracker_finish(t, a, OP_EV_DONE, T0 + 1100 * MS);
	op_tracker_finish(t, b, OP_EV_DROP_MISDIRECTED, T0 + 1200 * MS);
	j = dump(t, D_FLIGHT, T0 + 1300 * MS, NULL);
	ck_assert_int_eq(tj_int(j, "num_ops", -1), 0);
	ck_assert_uint_eq(tj_get(j, "ops")->n, 0);
	tj_free(j);

	/* the drop is the flag point, then "done" */
	j = dump(t, D_HIST, T0 + 1300 * MS, NULL);
	ops = tj_get(j, "ops");
	ck_assert_uint_eq(ops->n, 2);
	ck_assert_str_eq(tj_str(tj_get(ops->v[1], "type_data"), "flag_point"),
			 "dropped: misdirected");
	ev = tj_get(tj_get(ops->v[1], "type_data"), "events");
	ck_assert_uint_eq(ev->n, 3);
	ck_assert_str_eq(tj_str(ev->v[1], "event"), "dropped: misdirected");
	ck_assert_str_eq(tj_str(ev->v[2], "event"), "done");
	ck_assert(fabs(num(ev->v[2], "duration") - 1.19) < 1e-9);
	ck_assert(fabs(num(ops->v[1], "duration") - 1.19) < 1e-9);
	ck_assert(fabs(num(ops->v[1], "age") - 1.29) < 1e-9);
	tj_free(j);
	op_tracker_free(t);
}
END_TEST

/* OpHistory: the `size` longest of the window, by arrival; by duration longest first. */
START_TEST(test_history_keeps_longest)
{
	struct op_tracker_conf c;
	struct op_tracker *t;
	static const uint64_t durs[] = { 5, 1, 4, 2, 3, 6 };
	static const char *const hkeys[] = { "size", "duration", "ops" };
	struct op_tracker_stats s;
	struct tj *j;
	const struct tj *ops;
	char name[16];

	op_tracker_conf_default(&c);
	c.history_size = 3;
	t = op_tracker_new(&c);
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "o%d", i);
		run_op(t, name, (uint64_t)i + 1, T0 + (uint64_t)i * 100 * MS, durs[i] * MS);
	}
	/* kept: o0 (5), o2 (4), o4 (3) */
	j = dump(t, D_HIST, T0 + 1000 * MS, NULL);
	assert_keys(j, hkeys, 3);
	ck_assert_int_eq(tj_int(j, "size", -1), 3);
	ck_assert_int_eq(tj_int(j, "duration", -1), 600);
	ops = tj_get(j, "ops");
	ck_assert_uint_eq(ops->n, 3);
	ck_assert(strstr(tj_str(ops->v[0], "description"), ":::o0:head"));
	ck_assert(strstr(tj_str(ops->v[1], "description"), ":::o2:head"));
	ck_assert(strstr(tj_str(ops->v[2], "description"), ":::o4:head"));
	for (size_t i = 0; i < 3; i++) {
		assert_op_shape(ops->v[i]);
		ck_assert_str_eq(tj_str(tj_get(ops->v[i], "type_data"), "flag_point"),
				 "commit sent; apply or cleanup");
	}
	tj_free(j);
	/* a shorter op than all kept is not kept; a longer one pushes the shortest out */
	run_op(t, "short", 9, T0 + 600 * MS, 1 * MS);
	run_op(t, "long", 10, T0 + 700 * MS, durs[5] * MS);
	j = dump(t, D_BYDUR, T0 + 1000 * MS, NULL);
	assert_keys(j, hkeys, 3);
	ops = tj_get(j, "ops");
	ck_assert_uint_eq(ops->n, 3);
	ck_assert(strstr(tj_str(ops->v[0], "description"), ":::long:head"));
	ck_assert(strstr(tj_str(ops->v[1], "description"), ":::o0:head"));
	ck_assert(strstr(tj_str(ops->v[2], "description"), ":::o2:head"));
	ck_assert(num(ops->v[0], "duration") > num(ops->v[1], "duration"));
	tj_free(j);
	op_tracker_stats(t, &s);
	ck_assert_uint_eq(s.history, 3);
	ck_assert_uint_eq(s.in_flight, 0);
	ck_assert_uint_eq(s.free, s.allocated - 3);
	op_tracker_free(t);
}
END_TEST

/* Ops that arrived more than osd_op_history_duration ago leave the history. */
START_TEST(test_history_expires)
{
	struct op_tracker_conf c;
	struct op_tracker *t;
	struct op_tracker_stats s;
	struct tj *j;

	op_tracker_conf_default(&c);
	c.history_duration = 10;
	t = op_tracker_new(&c);
	run_op(t, "old", 1, T0, MS);
	run_op(t, "new", 2, T0 + 5 * NS, MS);
	j = dump(t, D_HIST, T0 + 12 * NS, NULL);
	ck_assert_uint_eq(tj_get(j, "ops")->n, 1);
	ck_assert(strstr(tj_str(tj_get(j, "ops")->v[0], "description"), ":::new:head"));
	tj_free(j);
	/* an insertion expires too */
	run_op(t, "later", 3, T0 + 16 * NS, MS);
	op_tracker_stats(t, &s);
	ck_assert_uint_eq(s.history, 1);
	ck_assert_uint_eq(s.free, s.allocated - 1);
	op_tracker_free(t);
}
END_TEST

START_TEST(test_slow_history)
{
	struct op_tracker_conf c;
	struct op_tracker *t;
	static const char *const keys[] = { "num to keep", "threshold to keep", "Ops" };
	struct op_tracker_stats s;
	struct tj *j;
	const struct tj *ops;

	op_tracker_conf_default(&c);
	c.slow_size = 2;
	t = op_tracker_new(&c);
	run_op(t, "fast", 1, T0, MS);
	run_op(t, "s1", 2, T0 + 1 * NS, 11 * NS);
	run_op(t, "s2", 3, T0 + 2 * NS, 12 * NS);
	run_op(t, "s3", 4, T0 + 3 * NS, 10 * NS);       /* at the threshold: kept */
	j = dump(t, D_SLOW, T0 + 20 * NS, NULL);
	assert_keys(j, keys, 3);
	ck_assert_int_eq(tj_int(j, "num to keep", -1), 2);
	ck_assert_int_eq(tj_int(j, "threshold to keep", -1), 10);
	ops = tj_get(j, "Ops");
	/* the most recent two by arrival */
	ck_assert_uint_eq(ops->n, 2);
	ck_assert(strstr(tj_str(ops->v[0], "description"), ":::s2:head"));
	ck_assert(strstr(tj_str(ops->v[1], "description"), ":::s3:head"));
	assert_op_shape(ops->v[0]);
	tj_free(j);
	op_tracker_stats(t, &s);
	ck_assert_uint_eq(s.slow, 2);
	ck_assert_uint_eq(s.history, 4);
	ck_assert_uint_eq(s.free, s.allocated - 4);     /* s2, s3 are in both lists */
	op_tracker_free(t);
}
END_TEST

/* Past osd_op_complaint_time an op is blocked, and warned about once. */
START_TEST(test_blocked_and_warned_once)
{
	struct op_tracker *t = op_tracker_new(NULL);
	static const char *const keys[] = { "ops", "complaint_time", "num_blocked_ops" };
	struct tracked_op *a = start(t, 1, T0), *b = start(t, 2, T0 + 20 * NS);
	struct op_tracker_stats s;
	struct mosdop o;
	struct osd_op op;
	struct tj *j;

	mk_req(&o, &op, "blocked", OSD_OP_WRITEFULL, 3);
	op_tracker_describe(a, &o, NULL);
	op_tracker_mark(a, OP_EV_WAIT_MAP, T0 + MS);
	ck_assert_uint_eq(op_tracker_check(t, T0 + 30 * NS), 0);      /* not older than 30 s */
	j = dump(t, D_BLOCKED, T0 + 30 * NS, NULL);
	assert_keys(j, keys, 3);
	ck_assert_int_eq(tj_int(j, "complaint_time", -1), 30);
	ck_assert_int_eq(tj_int(j, "num_blocked_ops", -1), 0);
	tj_free(j);

	ck_assert_uint_eq(op_tracker_check(t, T0 + 31 * NS), 1);
	op_tracker_stats(t, &s);
	ck_assert_uint_eq(s.warnings, 1);
	ck_assert_uint_eq(op_tracker_check(t, T0 + 45 * NS), 1);
	op_tracker_stats(t, &s);
	ck_assert_uint_eq(s.warnings, 1);                /* once per op */
	j = dump(t, D_BLOCKED, T0 + 45 * NS, NULL);
	ck_assert_int_eq(tj_int(j, "num_blocked_ops", -1), 1);
	ck_assert(strstr(tj_str(tj_get(j, "ops")->v[0], "description"), ":::blocked:head"));
	tj_free(j);
	/* both old enough now: the second is warned about too */
	ck_assert_uint_eq(op_tracker_check(t, T0 + 51 * NS), 2);
	op_tracker_stats(t, &s);
	ck_assert_uint_eq(s.warnings, 2);
	op_tracker_finish(t, a, OP_EV_DONE, T0 + 52 * NS);
	op_tracker_finish(t, b, OP_EV_DROP_SHUTDOWN, T0 + 52 * NS);
	ck_assert_uint_eq(op_tracker_check(t, T0 + 60 * NS), 0);
	op_tracker_free(t);
}
END_TEST

START_TEST(test_filters)
{
	struct op_tracker *t = op_tracker_new(NULL);
	struct tj *j;

	run_op(t, "alpha", 1, T0, MS);
	run_op(t, "beta", 2, T0 + MS, 2 * MS);
	j = dump(t, D_HIST, T0 + 10 * MS, "beta");
	ck_assert_uint_eq(tj_get(j, "ops")->n, 1);
	ck_assert(strstr(tj_str(tj_get(j, "ops")->v[0], "description"), "beta"));
	tj_free(j);
	j = dump(t, D_HIST, T0 + 10 * MS, "writefull");
	ck_assert_uint_eq(tj_get(j, "ops")->n, 2);
	tj_free(j);
	j = dump(t, D_BYDUR, T0 + 10 * MS, "gamma");
	ck_assert_uint_eq(tj_get(j, "ops")->n, 0);
	tj_free(j);
	op_tracker_free(t);
}
END_TEST

/* A long wait keeps its first events and its latest one, and always its end. */
START_TEST(test_events_bounded)
{
	struct op_tracker *t = op_tracker_new(NULL);
	struct tracked_op *x = start(t, 1, T0);
	struct tj *j;
	const struct tj *ev;

	for (int i = 0; i < 100; i++)
		op_tracker_mark(x, i % 2 ? OP_EV_REACHED_PG : OP_EV_WAIT_MAP,
				T0 + (uint64_t)(i + 1) * MS);
	op_tracker_mark(x, OP_EV_STARTED, T0 + 200 * MS);
	op_tracker_finish(t, x, OP_EV_DROP_RESET, T0 + 300 * MS);
	j = dump(t, D_HIST, T0 + 400 * MS, NULL);
	ev = tj_get(tj_get(tj_get(j, "ops")->v[0], "type_data"), "events");
	ck_assert_uint_eq(ev->n, 16);
	ck_assert_str_eq(tj_str(ev->v[0], "event"), "initiated");
	ck_assert_str_eq(tj_str(ev->v[1], "event"), "op must wait for map");
	ck_assert_str_eq(tj_str(ev->v[13], "event"), "started");
	ck_assert_str_eq(tj_str(ev->v[14], "event"), "dropped: connection reset");
	ck_assert_str_eq(tj_str(ev->v[15], "event"), "done");
	for (size_t i = 0; i < ev->n; i++)
		ck_assert(num(ev->v[i], "duration") >= 0);
	tj_free(j);
	op_tracker_free(t);
}
END_TEST

/* Entries come back: many ops reuse one slab; the pool grows to the working set only. */
START_TEST(test_pool_reuse)
{
	struct op_tracker *t = op_tracker_new(NULL);
	struct tracked_op *live[300];
	struct op_tracker_stats s;
	uint64_t now = T0;

	for (int i = 0; i < 20000; i++, now += 1000)
		run_op(t, "r", (uint64_t)i, now, 500);
	op_tracker_stats(t, &s);
	ck_assert_uint_eq(s.allocated, 64);
	ck_assert_uint_eq(s.history, 20);
	ck_assert_uint_eq(s.free, 64 - 20);
	for (int i = 0; i < 300; i++)
		live[i] = start(t, (uint64_t)i, now + (uint64_t)i);
	op_tracker_stats(t, &s);
	ck_assert_uint_eq(s.in_flight, 300);
	ck_assert_uint_ge(s.allocated, 320);
	ck_assert_uint_le(s.allocated, 320 + 64);
	for (int i = 0; i < 300; i++)
		op_tracker_finish(t, live[i], OP_EV_DONE, now + 1000);
	op_tracker_stats(t, &s);
	ck_assert_uint_eq(s.in_flight, 0);
	ck_assert_uint_eq(s.free, s.allocated - s.history);
	/* and the same ops again: no more slabs */
	{
		uint32_t before = s.allocated;

		for (int i = 0; i < 300; i++)
			live[i] = start(t, (uint64_t)i, now + 2000);
		for (int i = 0; i < 300; i++)
			op_tracker_finish(t, live[i], OP_EV_DONE, now + 3000);
		op_tracker_stats(t, &s);
		ck_assert_uint_eq(s.allocated, before);
	}
	/* an op still in flight at free is released with the tracker (leak check) */
	start(t, 1, now + 5000);
	op_tracker_free(t);
}
END_TEST

START_TEST(test_disabled)
{
	struct op_tracker_conf c;
	struct op_tracker *t;
	struct op_tracker_stats s;
	struct mosdop o;
	struct osd_op op;
	struct tj *j;

	op_tracker_conf_default(&c);
	c.enabled = false;
	t = op_tracker_new(&c);
	ck_assert_ptr_null(op_tracker_start(t, &client, &caddr, 1, T0));
	/* every call takes the NULL it gave */
	mk_req(&o, &op, "x", OSD_OP_READ, 1);
	op_tracker_describe(NULL, &o, NULL);
	op_tracker_mark(NULL, OP_EV_STARTED, T0);
	op_tracker_finish(t, NULL, OP_EV_DONE, T0);
	j = dump(t, D_FLIGHT, T0, NULL);
	ck_assert_int_eq(tj_int(j, "num_ops", -1), 0);
	tj_free(j);
	op_tracker_stats(t, &s);
	ck_assert_uint_eq(s.allocated, 0);
	/* switched on live */
	c.enabled = true;
	ck_assert_int_eq(op_tracker_set_conf(t, &c), 0);
	run_op(t, "y", 2, T0, MS);
	op_tracker_stats(t, &s);
	ck_assert_uint_eq(s.history, 1);
	op_tracker_free(t);
}
END_TEST

START_TEST(test_conf)
{
	struct op_tracker_conf c, d;
	struct op_tracker *t;
	struct op_tracker_stats s;
	const char *bad;

	op_tracker_conf_default(&d);
	ck_assert(d.enabled);
	ck_assert_uint_eq(d.history_size, 20);
	ck_assert_uint_eq(d.history_duration, 600);
	ck_assert_uint_eq(d.slow_size, 20);
	ck_assert(d.slow_threshold == 10 && d.complaint_time == 30);
	ck_assert_int_eq(op_tracker_conf_check(&d, &bad), 0);
	ck_assert_ptr_null(bad);

	c = d;
	c.history_size = OP_TRACKER_HISTORY_MAX + 1;
	ck_assert_int_eq(op_tracker_conf_check(&c, &bad), -EINVAL);
	ck_assert_str_eq(bad, "osd_op_history_size");
	c = d;
	c.complaint_time = -1;
	ck_assert_int_eq(op_tracker_conf_check(&c, &bad), -EINVAL);
	ck_assert_str_eq(bad, "osd_op_complaint_time");
	c = d;
	c.slow_threshold = NAN;
	ck_assert_int_eq(op_tracker_conf_check(&c, &bad), -EINVAL);
	ck_assert_str_eq(bad, "osd_op_history_slow_op_threshold");
	c = d;
	c.slow_size = 1u << 30;
	ck_assert_int_eq(op_tracker_conf_check(&c, &bad), -EINVAL);

	/* a bad key falls back to its default, good ones stay */
	c = d;
	c.history_size = 1u << 31;
	c.complaint_time = 5;
	t = op_tracker_new(&c);
	ck_assert_uint_eq(op_tracker_conf(t)->history_size, 20);
	ck_assert(op_tracker_conf(t)->complaint_time == 5);
	ck_assert_int_eq(op_tracker_set_conf(t, &c), -EINVAL);
	ck_assert_uint_eq(op_tracker_conf(t)->history_size, 20);

	/* shrinking the history drops its shortest ops */
	for (int i = 0; i < 10; i++)
		run_op(t, "z", (uint64_t)i, T0 + (uint64_t)i * MS, (uint64_t)(i + 1) * MS);
	c = d;
	c.history_size = 2;
	ck_assert_int_eq(op_tracker_set_conf(t, &c), 0);
	op_tracker_stats(t, &s);
	ck_assert_uint_eq(s.history, 2);
	ck_assert_uint_eq(s.free, s.allocated - 2);
	{
		struct tj *j = dump(t, D_HIST, T0 + 20 * MS, NULL);

		ck_assert(fabs(num(tj_get(j, "ops")->v[0], "duration") - 0.009) < 1e-9);
		ck_assert(fabs(num(tj_get(j, "ops")->v[1], "duration") - 0.010) < 1e-9);
		tj_free(j);
	}
	/* size 0: nothing kept */
	c.history_size = 0;
	c.slow_size = 0;
	ck_assert_int_eq(op_tracker_set_conf(t, &c), 0);
	run_op(t, "none", 99, T0 + 30 * MS, 20 * NS);
	op_tracker_stats(t, &s);
	ck_assert_uint_eq(s.history + s.slow, 0);
	ck_assert_uint_eq(s.free, s.allocated);
	op_tracker_free(t);
}
END_TEST

/* ---- under the op path ---- */

#define WHOAMI 0

static struct event_base *base;
static struct event *tick;              /* EVLOOP_ONCE returns at least every 5 ms */
static struct msgr *srv, *cli;
static struct conn *cconn;
static struct op_path *path;
static struct store *st;
static struct osdmap maps[2];           /* e39, e40 */
static const struct osdmap *cur;
static int nreplies;
static uint64_t next_tid = 1;

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
}

static void
srv_dispatch(void *arg, struct conn *c, struct msg *m)
{
	op_path_dispatch(path, c, m);
}

static void
srv_reset(void *arg, struct conn *c)
{
	op_path_conn_reset(path, c);
}

static const struct msgr_ops srv_ops = { .dispatch = srv_dispatch, .reset = srv_reset };

static void
cli_dispatch(void *arg, struct conn *c, struct msg *m)
{
	if (m->hdr.type == CEPH_MSG_OSD_OPREPLY)
		nreplies++;
	msg_free(m);
}

static const struct msgr_ops cli_ops = { .dispatch = cli_dispatch };

static const struct osdmap *
env_get_map(void *arg)
{
	return cur;
}

static void
load_map(const char *rel, struct osdmap *m)
{
	size_t len;
	uint8_t *p = tu_read_vector(rel, &len);

	ck_assert_msg(p != NULL, "missing vector %s", rel);
	osdmap_init(m);
	ck_assert_int_eq(osdmap_decode_bytes(p, len, m), 0);
	free(p);
}

static void
path_setup(void)
{
	struct event_config *ec = event_config_new();
	struct entity_addr a;
	struct op_path_env env = { .whoami = WHOAMI, .get_map = env_get_map };
	struct timeval tv = { 0, 5000 };

	event_config_set_flag(ec, EVENT_BASE_FLAG_NOLOCK);
	base = event_base_new_with_config(ec);
	event_config_free(ec);
	tick = event_new(base, -1, EV_PERSIST, tick_cb, NULL);
	evtimer_add(tick, &tv);
	load_map("osdmap/full/full_e39.bin", &maps[0]);
	load_map("osdmap/full/full_e40.bin", &maps[1]);
	cur = &maps[1];
	nreplies = 0;
	st = memstore_create(&(struct memstore_conf){ 0, 0 });
	env.st = st;
	env.base = base;
	path = op_path_new(&env);
	srv = msgr_new(base, ENTITY_TYPE_OSD, WHOAMI, &srv_ops, NULL);
	msgr_set_default_policy(srv, op_path_client_policy());
	ck_assert_int_eq(entity_addr_parse("v2:127.0.0.1:0", ENTITY_ADDR_MSGR2, &a), 0);
	ck_assert_int_eq(msgr_bind(srv, &a), 0);
	cli = msgr_new(base, ENTITY_TYPE_CLIENT, 4242, &cli_ops, NULL);
	msgr_set_policy(cli, ENTITY_TYPE_OSD, msgr_policy_lossy_client());
	cconn = conn_get(msgr_connect(cli, msgr_addrs(srv), ENTITY_TYPE_OSD));
}

static void
path_teardown(void)
{
	conn_put(cconn);
	op_path_free(path);
	msgr_free(cli);
	msgr_free(srv);
	store_destroy(st);
	osdmap_free(&maps[0]);
	osdmap_free(&maps[1]);
	event_free(tick);
	event_base_free(base);
	msg_pool_drain();
}

static long
now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec * 1000L + tv.tv_usec / 1000;
}

static void
run_for(int ms)
{
	long end = now_ms() + ms;

	while (now_ms() < end)
		event_base_loop(base, EVLOOP_ONCE);
}

static int
run_until(int want, int ms)
{
	long end = now_ms() + ms;

	while (nreplies < want) {
		if (now_ms() > end)
			return 0;
		event_base_loop(base, EVLOOP_ONCE);
	}
	return 1;
}

/* An object of pool 1 on a PG we are the sole primary of. */
static void
find_object(const char *prefix, char *name, size_t namesz, struct pg *raw, struct pg *pg)
{
	struct pg_mapping mp;

	for (int i = 0; i < 10000; i++) {
		snprintf(name, namesz, "%s%d", prefix, i);
		ck_assert_int_eq(osdmap_object_to_pg_str(&maps[1], 1, name, NULL, NULL, raw), 0);
		ck_assert_int_eq(osdmap_raw_pg_to_pg(&maps[1], raw, pg), 0);
		ck_assert_int_eq(osdmap_pg_mapping(&maps[1], pg, &mp), 0);
		if (mp.acting_primary == WHOAMI && mp.nacting == 1)
			return;
	}
	ck_abort_msg("no object for %s", prefix);
}

/* One op on an object "<name>N" via c, claiming epoch; wrong_pg: another PG. */
static void
send_op(struct conn *c, const char *name, uint32_t epoch, int wrong_pg, uint16_t code,
	uint64_t len)
{
	struct pg raw, pg;
	char found[32];
	struct mosdop o;
	struct osd_op op;
	struct msg *m = msg_new();

	find_object(name, found, sizeof(found), &raw, &pg);
	mk_req(&o, &op, found, code, len);
	o.spgid.pgid = pg;
	if (wrong_pg)
		o.spgid.pgid.seed = (pg.seed + 1) % osdmap_get_pool(&maps[1], 1)->pg_num;
	o.hash = raw.seed;
	o.epoch = epoch;
	o.features = CEPH_FEATURES_SUPPORTED_DEFAULT;
	if (code == OSD_OP_WRITEFULL) {
		op.payload_len = (uint32_t)len;
		buf_append(&m->data, "hello world", len);
	} else {
		o.flags = OSD_FLAG_READ;
	}
	mosdop_encode_front(&m->front, &o);
	m->hdr.type = CEPH_MSG_OSD_OP;
	m->hdr.version = 8;
	m->hdr.compat_version = 3;
	m->hdr.tid = next_tid++;
	ck_assert_int_eq(conn_send(c, m), 0);
}

/* A writefull of "hi". */
static void
send_write(struct conn *c, const char *name, uint32_t epoch, int wrong_pg)
{
	send_op(c, name, epoch, wrong_pg, OSD_OP_WRITEFULL, 2);
}

static struct tj *
path_dump(enum dump_kind k)
{
	return dump(op_path_tracker(path), k, op_tracker_now(), NULL);
}

static const struct tj *
events_of(const struct tj *op)
{
	return tj_get(tj_get(op, "type_data"), "events");
}

START_TEST(test_path_wait_then_history)
{
	struct tj *j;
	const struct tj *op, *ev;
	struct op_tracker_stats s;

	cur = &maps[0];
	send_write(cconn, "w-", 40, 0);
	run_for(150);
	ck_assert_int_eq(nreplies, 0);
	j = path_dump(D_FLIGHT);
	ck_assert_int_eq(tj_int(j, "num_ops", -1), 1);
	op = tj_get(j, "ops")->v[0];
	assert_op_shape(op);
	ck_assert(strstr(tj_str(op, "description"), "[writefull 0~2] snapc 0=[] "
			 "ondisk+write+known_if_redirected e40)"));
	ck_assert_str_eq(tj_str(tj_get(op, "type_data"), "flag_point"), "op must wait for map");
	ck_assert_str_eq(tj_str(tj_get(tj_get(op, "type_data"), "client_info"), "client"),
			 "client.4242");
	ck_assert(num(op, "age") >= 0.1);
	tj_free(j);

	cur = &maps[1];
	op_path_new_map(path, cur);
	ck_assert(run_until(1, 3000));
	j = path_dump(D_FLIGHT);
	ck_assert_int_eq(tj_int(j, "num_ops", -1), 0);
	tj_free(j);
	j = path_dump(D_HIST);
	ck_assert_uint_eq(tj_get(j, "ops")->n, 1);
	op = tj_get(j, "ops")->v[0];
	assert_op_shape(op);
	ev = events_of(op);
	ck_assert_uint_eq(ev->n, 6);
	ck_assert_str_eq(tj_str(ev->v[1], "event"), "op must wait for map");
	ck_assert_str_eq(tj_str(ev->v[2], "event"), "reached_pg");
	ck_assert_str_eq(tj_str(ev->v[3], "event"), "started");
	ck_assert_str_eq(tj_str(ev->v[4], "event"), "commit_sent");
	ck_assert_str_eq(tj_str(ev->v[5], "event"), "done");
	ck_assert(num(ev->v[1], "duration") >= 0.1);
	ck_assert(num(op, "duration") >= 0.1 && num(op, "duration") < 10);
	ck_assert_str_eq(tj_str(tj_get(op, "type_data"), "flag_point"),
			 "commit sent; apply or cleanup");
	tj_free(j);

	/* an op that did not wait: initiated, started, commit_sent, done */
	send_write(cconn, "w2-", 40, 0);
	ck_assert(run_until(2, 3000));
	j = path_dump(D_HIST);
	ck_assert_uint_eq(tj_get(j, "ops")->n, 2);
	ev = events_of(tj_get(j, "ops")->v[1]);
	ck_assert_uint_eq(ev->n, 4);
	ck_assert_str_eq(tj_str(ev->v[1], "event"), "started");
	tj_free(j);
	/* a finished read is described as answered: the bytes it read */
	send_op(cconn, "w2-", 40, 0, OSD_OP_READ, 4096);
	ck_assert(run_until(3, 3000));
	j = path_dump(D_HIST);
	ck_assert_uint_eq(tj_get(j, "ops")->n, 3);
	op = tj_get(j, "ops")->v[2];
	ck_assert(strstr(tj_str(op, "description"), "[read 0~2] snapc 0=[] read e40)"));
	ck_assert_str_eq(tj_str(tj_get(op, "type_data"), "flag_point"), "started");
	ck_assert_uint_eq(events_of(op)->n, 3);
	tj_free(j);
	op_tracker_stats(op_path_tracker(path), &s);
	ck_assert_uint_eq(s.in_flight, 0);
	ck_assert_uint_eq(s.history, 3);
}
END_TEST

START_TEST(test_path_drops)
{
	struct msgr *cli2;
	struct conn *c2;
	struct tj *j;
	const struct tj *ops;
	struct op_tracker_stats s;

	/* misdirected: dropped, no reply */
	send_write(cconn, "m-", 40, 1);
	run_for(150);
	ck_assert_int_eq(nreplies, 0);
	j = path_dump(D_HIST);
	ops = tj_get(j, "ops");
	ck_assert_uint_eq(ops->n, 1);
	ck_assert_str_eq(tj_str(tj_get(ops->v[0], "type_data"), "flag_point"),
			 "dropped: misdirected");
	tj_free(j);

	/* a waiting op whose client goes away */
	cur = &maps[0];
	cli2 = msgr_new(base, ENTITY_TYPE_CLIENT, 4343, &cli_ops, NULL);
	msgr_set_policy(cli2, ENTITY_TYPE_OSD, msgr_policy_lossy_client());
	c2 = conn_get(msgr_connect(cli2, msgr_addrs(srv), ENTITY_TYPE_OSD));
	send_write(c2, "r-", 40, 0);
	send_write(cconn, "k-", 40, 0);         /* another client's op stays */
	run_for(150);
	ck_assert_uint_eq(op_path_waiting(path), 2);
	conn_put(c2);
	msgr_free(cli2);
	run_for(200);
	ck_assert_uint_eq(op_path_waiting(path), 1);
	j = path_dump(D_HIST);
	ops = tj_get(j, "ops");
	ck_assert_uint_eq(ops->n, 2);
	ck_assert_str_eq(tj_str(tj_get(ops->v[1], "type_data"), "flag_point"),
			 "dropped: connection reset");
	ck_assert_str_eq(tj_str(tj_get(tj_get(ops->v[1], "type_data"), "client_info"),
				"client"), "client.4343");
	tj_free(j);
	j = path_dump(D_FLIGHT);
	ck_assert_int_eq(tj_int(j, "num_ops", -1), 1);
	ck_assert_str_eq(tj_str(tj_get(tj_get(tj_get(j, "ops")->v[0], "type_data"),
				       "client_info"), "client"), "client.4242");
	tj_free(j);
	op_tracker_stats(op_path_tracker(path), &s);
	ck_assert_uint_eq(s.in_flight, 1);
	/* the other one is still waiting at teardown: dropped at shutdown, no leak */
}
END_TEST

/* A front that does not decode: the op ends as dropped, described from its header. */
START_TEST(test_path_malformed)
{
	struct msg *m = msg_new();
	struct tj *j;
	const struct tj *op;

	buf_append(&m->front, "\x01\x02\x03", 3);
	m->hdr.type = CEPH_MSG_OSD_OP;
	m->hdr.version = 8;
	m->hdr.compat_version = 3;
	m->hdr.tid = 77;
	ck_assert_int_eq(conn_send(cconn, m), 0);
	run_for(150);
	ck_assert_int_eq(nreplies, 0);
	j = path_dump(D_HIST);
	ck_assert_uint_eq(tj_get(j, "ops")->n, 1);
	op = tj_get(j, "ops")->v[0];
	assert_op_shape(op);
	ck_assert_str_eq(tj_str(op, "description"), "osd_op(client.4242.0:77 (undecoded))");
	ck_assert_str_eq(tj_str(tj_get(op, "type_data"), "flag_point"), "dropped: malformed");
	ck_assert_int_eq(tj_int(tj_get(tj_get(op, "type_data"), "client_info"), "tid", -1), 77);
	tj_free(j);
}
END_TEST

static Suite *
op_tracker_suite(void)
{
	Suite *s = suite_create("op_tracker");
	TCase *tc = tcase_create("tracker");
	TCase *tp = tcase_create("path");

	tcase_add_unchecked_fixture(tc, init_addr, NULL);
	tcase_add_test(tc, test_desc_basic);
	tcase_add_test(tc, test_desc_fields);
	tcase_add_test(tc, test_desc_ops);
	tcase_add_test(tc, test_in_flight_dump);
	tcase_add_test(tc, test_history_keeps_longest);
	tcase_add_test(tc, test_history_expires);
	tcase_add_test(tc, test_slow_history);
	tcase_add_test(tc, test_blocked_and_warned_once);
	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_events_bounded);
	tcase_add_test(tc, test_pool_reuse);
	tcase_add_test(tc, test_disabled);
	tcase_add_test(tc, test_conf);
	suite_add_tcase(s, tc);

	tcase_add_unchecked_fixture(tp, init_addr, NULL);
	tcase_add_checked_fixture(tp, path_setup, path_teardown);
	tcase_set_timeout(tp, 20);
	tcase_add_test(tp, test_path_wait_then_history);
	tcase_add_test(tp, test_path_drops);
	tcase_add_test(tp, test_path_malformed);
	suite_add_tcase(s, tp);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(op_tracker_suite());
	int nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
