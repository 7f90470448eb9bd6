/*
 * op_path_test.c — the client op path (osd/op_path.h) between two real
 * messengers on one event loop: a client sends crafted MOSDOps over
 * loopback to an "OSD" messenger whose dispatch is op_path_dispatch, with
 * captured 16.2.15 maps (t/vectors/osdmap/full: e39/e40, pool 1 'rep1' of
 * size 1 with 32 PGs, pool 2 'rep2' of size 2, OSDs 0..2) and a memstore.
 *
 * Covered: an op from a newer epoch waits (and asks for the map) until the
 * map is applied, then runs, in order with the ops queued behind it; a
 * lagging client is sent our map; misdirected ops, ops for PGs we are not
 * primary for and ops for PGs whose acting set has other OSDs are dropped
 * (no reply, the connection keeps working); a resent write with a known
 * reqid is answered from the dup log and not applied again; pipelined ops
 * on one object apply in order; a CALL gets EPERM; a malformed front closes
 * the connection without a reply.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <event2/event.h>

#include "common/buf.h"
#include "common/enc.h"
#include "msg/features.h"
#include "msg/message.h"
#include "msg/message_types.h"
#include "msg/msgr.h"
#include "os/memstore.h"
#include "osd/mosdop.h"
#include "osd/op_path.h"
#include "osd/osdmap.h"
#include "osd/placement.h"
#include "t/osd/osd_test_util.h"

#define WHOAMI 0
#define MAXREPLIES 256

struct reply {
	uint16_t type;
	uint64_t tid;
	int32_t result;
	uint32_t epoch;
	uint64_t user_version;
	struct eversion replay_version;
	int32_t rval0;
	uint32_t nops;
	struct buf data;
};

static struct event_base *base;
static struct event *tick;
static struct msgr *srv, *cli;
static struct conn *cconn;
static struct op_path *path;
static struct store *st;
static struct osdmap maps[2];           /* e39, e40 */
static const struct osdmap *cur;        /* what op_path sees (NULL: none) */
static uint32_t wanted;                 /* last want_map epoch */
static struct reply replies[MAXREPLIES];
static int nreplies, nmaps, cli_resets;
static uint64_t next_tid = 1;

/* ---- the two messengers ---- */

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

static const struct msgr_ops srv_ops = {
	.dispatch = srv_dispatch,
	.reset = srv_reset,
};

static void
cli_dispatch(void *arg, struct conn *c, struct msg *m)
{
	struct reply *r;

	if (m->hdr.type == CEPH_MSG_OSD_MAP)
		nmaps++;
	if (m->hdr.type == CEPH_MSG_OSD_OPREPLY && nreplies < MAXREPLIES) {
		struct mosdop_reply rep;
		struct osd_op ops[8];
		const uint8_t *f = buf_contig(&m->front, 0, m->front.len);

		r = &replies[nreplies++];
		memset(r, 0, sizeof(*r));
		r->type = m->hdr.type;
		r->tid = m->hdr.tid;
		ck_assert_int_eq(mosdop_reply_decode(f, m->front.len, &rep, ops, 8), 0);
		r->result = rep.result;
		r->epoch = rep.epoch;
		r->user_version = rep.user_version;
		r->replay_version = rep.replay_version;
		r->nops = rep.nops;
		r->rval0 = rep.nops ? ops[0].rval : 0;
		buf_init(&r->data);
		if (m->data.len)
			buf_append(&r->data, buf_contig(&m->data, 0, m->data.len), m->data.len);
	}
	msg_free(m);
}

static void
cli_reset(void *arg, struct conn *c)
{
	cli_resets++;
}

static const struct msgr_ops cli_ops = {
	.dispatch = cli_dispatch,
	.reset = cli_reset,
};

/* ---- op_path environment ---- */

static const struct osdmap *
env_get_map(void *arg)
{
	return cur;
}

static void
env_want_map(void *arg, uint32_t epoch)
{
	wanted = epoch;
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
setup(void)
{
	struct event_config *ec = event_config_new();
	struct timeval tv = { 0, 5000 };
	struct entity_addr a;
	struct op_path_env env = {
		.whoami = WHOAMI,
		.get_map = env_get_map,
		.want_map = env_want_map,
	};

	event_config_set_flag(ec, EVENT_BASE_FLAG_NOLOCK);
	base = event_base_new_with_config(ec);
	event_config_free(ec);
	tick = event_new(base, -1, EV_PERSIST, tick_cb, NULL);
	evtimer_add(tick, &tv);

	load_map("osdmap/full/full_e39.bin", &maps[0]);
	load_map("osdmap/full/full_e40.bin", &maps[1]);
	ck_assert_uint_eq(maps[1].epoch, 40);
	cur = &maps[1];
	wanted = 0;
	nreplies = nmaps = cli_resets = 0;

	st = memstore_create(&(struct memstore_conf){ 0, 0 });
	env.st = st;
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
teardown(void)
{
	for (int i = 0; i < nreplies; i++)
		buf_free(&replies[i].data);
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

/* Run the loop until nreplies >= want or ms pass; 1 if reached. */
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

static void
run_for(int ms)
{
	long end = now_ms() + ms;

	while (now_ms() < end)
		event_base_loop(base, EVLOOP_ONCE);
}

/* ---- requests ---- */

struct target {
	char name[32];
	struct pg raw, pg;
	struct pg_mapping mp;
};

/* First object "<prefix>N" of pool whose mapping satisfies want(). */
static void
find_object(int64_t pool, const char *prefix, int (*want)(const struct pg_mapping *),
	    struct target *t)
{
	for (int i = 0; i < 10000; i++) {
		snprintf(t->name, sizeof(t->name), "%s%d", prefix, i);
		ck_assert_int_eq(osdmap_object_to_pg_str(&maps[1], pool, t->name, NULL, NULL,
							 &t->raw), 0);
		ck_assert_int_eq(osdmap_raw_pg_to_pg(&maps[1], &t->raw, &t->pg), 0);
		ck_assert_int_eq(osdmap_pg_mapping(&maps[1], &t->pg, &t->mp), 0);
		if (want(&t->mp))
			return;
	}
	ck_abort_msg("no object found for %s", prefix);
}

static int
sole_primary(const struct pg_mapping *mp)
{
	return mp->acting_primary == WHOAMI && mp->nacting == 1;
}

static int
not_primary(const struct pg_mapping *mp)
{
	return mp->acting_primary != WHOAMI && mp->acting_primary >= 0;
}

static int
primary_with_peers(const struct pg_mapping *mp)
{
	return mp->acting_primary == WHOAMI && mp->nacting > 1;
}

struct req {
	const struct target *t;
	uint32_t epoch;
	uint16_t op;
	const char *payload;            /* APPEND / WRITEFULL data */
	uint64_t reqid_tid;             /* 0: none on the wire */
	int wrong_pg;                   /* send to a PG the object is not in */
	uint64_t tid;                   /* 0: next */
	struct conn *via;               /* NULL: the main client connection */
};

/* Build and send one single-op MOSDOp v8; returns its tid. */
static uint64_t
send_req(const struct req *q)
{
	struct mosdop o;
	struct osd_op op;
	struct msg *m = msg_new();
	size_t plen = q->payload ? strlen(q->payload) : 0;

	memset(&o, 0, sizeof(o));
	memset(&op, 0, sizeof(op));
	o.spgid.pgid = q->t->pg;
	o.spgid.shard = -1;
	if (q->wrong_pg) {
		uint32_t pgn = osdmap_get_pool(&maps[1], (int64_t)q->t->pg.pool)->pg_num;

		o.spgid.pgid.seed = (q->t->pg.seed + 1) % pgn;
	}
	o.hash = q->t->raw.seed;
	o.epoch = q->epoch;
	o.flags = OSD_FLAG_ACK | OSD_FLAG_ONDISK |
		  (osd_op_is_write(q->op) ? OSD_FLAG_WRITE : OSD_FLAG_READ);
	if (q->reqid_tid) {
		o.reqid.name.type = ENTITY_TYPE_CLIENT;
		o.reqid.name.num = 4242;
		o.reqid.tid = q->reqid_tid;
	}
	o.oloc.pool = (int64_t)q->t->pg.pool;
	o.oloc.hash = -1;
	o.oloc.key.p = o.oloc.nspace.p = "";
	o.oid.p = q->t->name;
	o.oid.len = (uint32_t)strlen(q->t->name);
	o.snapid = CEPH_NOSNAP;
	o.features = CEPH_FEATURES_SUPPORTED_DEFAULT;
	o.retry_attempt = 0;
	op.op = q->op;
	if (q->op == OSD_OP_APPEND || q->op == OSD_OP_WRITEFULL) {
		op.payload_len = (uint32_t)plen;
		osd_op_set_u64(&op, OSD_OP_EXTENT_LENGTH, plen);
		buf_append(&m->data, q->payload, plen);
	}
	o.nops = 1;
	o.ops = &op;
	mosdop_encode_front(&m->front, &o);
	m->hdr.type = CEPH_MSG_OSD_OP;
	m->hdr.version = 8;
	m->hdr.compat_version = 3;
	m->hdr.tid = q->tid ? q->tid : next_tid++;
	uint64_t tid = m->hdr.tid;

	ck_assert_int_eq(conn_send(q->via ? q->via : cconn, m), 0);
	return tid;
}

static const struct reply *
reply_for(uint64_t tid)
{
	for (int i = 0; i < nreplies; i++)
		if (replies[i].tid == tid)
			return &replies[i];
	return NULL;
}

/* Read the whole object through the path; returns its bytes (static). */
static const char *
read_obj(const struct target *t)
{
	static char out[4096];
	uint64_t tid = send_req(&(struct req){ .t = t, .epoch = 40, .op = OSD_OP_READ });
	const struct reply *r;
	int n = nreplies;

	ck_assert(run_until(n + 1, 3000));
	r = reply_for(tid);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->result, 0);
	ck_assert_uint_lt(r->data.len, sizeof(out));
	buf_copy_out(&r->data, 0, r->data.len, out);
	out[r->data.len] = 0;
	return out;
}

/* ---- tests ---- */

START_TEST(test_basic_write_read)
{
	struct target t;
	uint64_t w;

	find_object(1, "basic-", sole_primary, &t);
	w = send_req(&(struct req){ .t = &t, .epoch = 40, .op = OSD_OP_WRITEFULL,
				     .payload = "hello" });
	ck_assert(run_until(1, 3000));
	ck_assert_int_eq(reply_for(w)->result, 0);
	ck_assert_uint_eq(reply_for(w)->epoch, 40);
	ck_assert_uint_eq(reply_for(w)->user_version, 1);
	ck_assert_str_eq(read_obj(&t), "hello");
	ck_assert_int_eq(nmaps, 0);             /* the client was current */
	ck_assert_ptr_nonnull(op_path_pg(path, &(struct spg){ t.pg, -1 }));
}
END_TEST

/* An op from e40 while we hold e39 waits; the map is asked for; after it arrives, the op
 * and the ops queued behind it run in arrival order. */
START_TEST(test_newer_epoch_waits)
{
	struct target t;
	uint64_t tids[5];
	const char *parts[5] = { "a", "b", "c", "d", "e" };

	find_object(1, "wait-", sole_primary, &t);
	cur = &maps[0];
	for (int i = 0; i < 5; i++)
		tids[i] = send_req(&(struct req){ .t = &t, .epoch = 40, .op = OSD_OP_APPEND,
						   .payload = parts[i] });
	run_for(200);
	ck_assert_int_eq(nreplies, 0);
	ck_assert_uint_eq(wanted, 40);
	ck_assert_uint_eq(op_path_waiting(path), 5);

	cur = &maps[1];
	op_path_new_map(path, cur);
	ck_assert(run_until(5, 3000));
	ck_assert_uint_eq(op_path_waiting(path), 0);
	for (int i = 0; i < 5; i++) {
		ck_assert_uint_eq(replies[i].tid, tids[i]);
		ck_assert_int_eq(replies[i].result, 0);
		ck_assert_uint_eq(replies[i].user_version, (uint64_t)i + 1);
	}
	ck_assert_str_eq(read_obj(&t), "abcde");
}
END_TEST

/*
 * While a client's op waits for a map, its later ops wait behind it even
 * when their own epoch is current (same object: "a" then "b"; another
 * object too); another client is not held back.
 */
START_TEST(test_client_order_across_wait)
{
	struct target x, y, z;
	struct msgr *cli2;
	struct conn *c2;
	uint64_t a, b, c, o;

	find_object(1, "cx-", sole_primary, &x);
	find_object(1, "cy-", sole_primary, &y);
	find_object(1, "cz-", sole_primary, &z);
	cur = &maps[0];
	a = send_req(&(struct req){ .t = &x, .epoch = 40, .op = OSD_OP_APPEND, .payload = "a" });
	b = send_req(&(struct req){ .t = &x, .epoch = 39, .op = OSD_OP_APPEND, .payload = "b" });
	c = send_req(&(struct req){ .t = &y, .epoch = 39, .op = OSD_OP_WRITEFULL, .payload = "c" });
	run_for(150);
	ck_assert_int_eq(nreplies, 0);
	ck_assert_uint_eq(op_path_waiting(path), 3);

	cli2 = msgr_new(base, ENTITY_TYPE_CLIENT, 4343, &cli_ops, NULL);
	msgr_set_policy(cli2, ENTITY_TYPE_OSD, msgr_policy_lossy_client());
	c2 = conn_get(msgr_connect(cli2, msgr_addrs(srv), ENTITY_TYPE_OSD));
	o = send_req(&(struct req){ .t = &z, .epoch = 39, .op = OSD_OP_WRITEFULL, .payload = "o",
				    .via = c2 });
	ck_assert(run_until(1, 3000));
	ck_assert_uint_eq(replies[0].tid, o);
	ck_assert_int_eq(replies[0].result, 0);

	cur = &maps[1];
	op_path_new_map(path, cur);
	ck_assert(run_until(4, 3000));
	ck_assert_uint_eq(replies[1].tid, a);
	ck_assert_uint_eq(replies[2].tid, b);
	ck_assert_uint_eq(replies[3].tid, c);
	for (int i = 1; i < 4; i++)
		ck_assert_int_eq(replies[i].result, 0);
	ck_assert_str_eq(read_obj(&x), "ab");
	/* nothing waits any more: a current op runs at once */
	ck_assert_str_eq(read_obj(&y), "c");
	conn_put(c2);
	msgr_free(cli2);
}
END_TEST

/* No map at all yet: ops wait too (no want_map without a map to compare). */
START_TEST(test_no_map_waits)
{
	struct target t;
	uint64_t w;

	find_object(1, "nomap-", sole_primary, &t);
	cur = NULL;
	w = send_req(&(struct req){ .t = &t, .epoch = 40, .op = OSD_OP_WRITEFULL, .payload = "x" });
	run_for(150);
	ck_assert_int_eq(nreplies, 0);
	ck_assert_uint_eq(op_path_waiting(path), 1);
	cur = &maps[1];
	op_path_new_map(path, cur);
	ck_assert(run_until(1, 3000));
	ck_assert_int_eq(reply_for(w)->result, 0);
}
END_TEST

/* A client at e39 gets our e40 map along with its reply. */
START_TEST(test_map_shared_with_lagging_client)
{
	struct target t;
	uint64_t w;

	find_object(1, "lag-", sole_primary, &t);
	w = send_req(&(struct req){ .t = &t, .epoch = 39, .op = OSD_OP_WRITEFULL, .payload = "x" });
	ck_assert(run_until(1, 3000));
	ck_assert_int_eq(reply_for(w)->result, 0);
	run_for(50);
	ck_assert_int_eq(nmaps, 1);
	/* once per session */
	send_req(&(struct req){ .t = &t, .epoch = 39, .op = OSD_OP_STAT });
	ck_assert(run_until(2, 3000));
	run_for(50);
	ck_assert_int_eq(nmaps, 1);
}
END_TEST

/* Misdirected, not primary, primary with peers: dropped, no reply; the connection and
 * later ops are fine. */
START_TEST(test_dropped_ops)
{
	struct target good, stray, peers;
	uint64_t w;

	find_object(1, "good-", sole_primary, &good);
	find_object(1, "stray-", not_primary, &stray);
	find_object(2, "peers-", primary_with_peers, &peers);

	send_req(&(struct req){ .t = &good, .epoch = 40, .op = OSD_OP_WRITEFULL, .payload = "m",
				.wrong_pg = 1 });
	send_req(&(struct req){ .t = &stray, .epoch = 40, .op = OSD_OP_WRITEFULL, .payload = "s" });
	send_req(&(struct req){ .t = &peers, .epoch = 40, .op = OSD_OP_WRITEFULL, .payload = "p" });
	run_for(200);
	ck_assert_int_eq(nreplies, 0);
	ck_assert_int_eq(cli_resets, 0);
	ck_assert_uint_eq(op_path_waiting(path), 0);
	/* the misdirected write did not land anywhere */
	w = send_req(&(struct req){ .t = &good, .epoch = 40, .op = OSD_OP_STAT });
	ck_assert(run_until(1, 3000));
	ck_assert_int_eq(reply_for(w)->result, -ENOENT);
	/* no PG was instantiated for the stray object */
	ck_assert_ptr_null(op_path_pg(path, &(struct spg){ stray.pg, -1 }));
}
END_TEST

/* A write resent with the same reqid is answered from the dup log, not applied twice. */
START_TEST(test_dup_reqid)
{
	struct target t;
	uint64_t a, b, c;

	find_object(1, "dup-", sole_primary, &t);
	a = send_req(&(struct req){ .t = &t, .epoch = 40, .op = OSD_OP_APPEND, .payload = "x",
				    .reqid_tid = 77 });
	ck_assert(run_until(1, 3000));
	b = send_req(&(struct req){ .t = &t, .epoch = 40, .op = OSD_OP_APPEND, .payload = "x",
				    .reqid_tid = 77 });
	ck_assert(run_until(2, 3000));
	ck_assert_int_eq(reply_for(a)->result, 0);
	ck_assert_int_eq(reply_for(b)->result, 0);
	ck_assert_uint_eq(reply_for(b)->user_version, reply_for(a)->user_version);
	ck_assert_uint_eq(reply_for(b)->replay_version.version,
			  reply_for(a)->replay_version.version);
	ck_assert_str_eq(read_obj(&t), "x");
	/* another reqid is applied */
	c = send_req(&(struct req){ .t = &t, .epoch = 40, .op = OSD_OP_APPEND, .payload = "y",
				    .reqid_tid = 78 });
	ck_assert(run_until(4, 3000));
	ck_assert_uint_gt(reply_for(c)->user_version, reply_for(a)->user_version);
	ck_assert_str_eq(read_obj(&t), "xy");
	/* without a reqid on the wire: (source, tid) is the id — resend with the same tid */
	a = send_req(&(struct req){ .t = &t, .epoch = 40, .op = OSD_OP_APPEND, .payload = "z",
				    .tid = 5000 });
	ck_assert(run_until(6, 3000));
	send_req(&(struct req){ .t = &t, .epoch = 40, .op = OSD_OP_APPEND, .payload = "z",
				.tid = 5000 });
	ck_assert(run_until(7, 3000));
	ck_assert_int_eq(replies[6].result, 0);
	ck_assert_str_eq(read_obj(&t), "xyz");
}
END_TEST

/* 100 pipelined appends to one object, interleaved with writes to another: in order. */
START_TEST(test_per_object_order)
{
	struct target t, u;
	char want[1024] = "", part[16];

	find_object(1, "ord-", sole_primary, &t);
	find_object(1, "other-", sole_primary, &u);
	for (int i = 0; i < 100; i++) {
		snprintf(part, sizeof(part), "%d,", i);
		strcat(want, part);
		send_req(&(struct req){ .t = &t, .epoch = 40, .op = OSD_OP_APPEND, .payload = part });
		send_req(&(struct req){ .t = &u, .epoch = 40, .op = OSD_OP_WRITEFULL,
					.payload = part });
	}
	ck_assert(run_until(200, 5000));
	for (int i = 0; i < 200; i++) {
		ck_assert_uint_eq(replies[i].tid, (uint64_t)i + 1);   /* replies in order too */
		ck_assert_int_eq(replies[i].result, 0);
	}
	ck_assert_str_eq(read_obj(&t), want);
	ck_assert_str_eq(read_obj(&u), "99,");
}
END_TEST

/* A class call: EPERM (no classes); the path keeps serving. */
START_TEST(test_call_eperm)
{
	struct target t;
	uint64_t c;

	find_object(1, "cls-", sole_primary, &t);
	c = send_req(&(struct req){ .t = &t, .epoch = 40, .op = OSD_OP_CALL });
	ck_assert(run_until(1, 3000));
	ck_assert_int_eq(reply_for(c)->result, -EPERM);
	c = send_req(&(struct req){ .t = &t, .epoch = 40, .op = OSD_OP_STAT });
	ck_assert(run_until(2, 3000));
	ck_assert_int_eq(reply_for(c)->result, -ENOENT);
}
END_TEST

/* A truncated front: the connection is closed, nothing is answered, nothing waits. */
START_TEST(test_malformed_closes)
{
	struct msg *m = msg_new();
	uint8_t junk[20] = { 1, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	buf_append(&m->front, junk, sizeof(junk));
	m->hdr.type = CEPH_MSG_OSD_OP;
	m->hdr.version = 8;
	m->hdr.tid = next_tid++;
	ck_assert_int_eq(conn_send(cconn, m), 0);
	run_for(300);
	ck_assert_int_eq(nreplies, 0);
	ck_assert_int_ge(cli_resets, 1);
	ck_assert_uint_eq(op_path_waiting(path), 0);
}
END_TEST

/*
 * The "osd" perf collection: executed ops are counted by kind with their
 * bytes and latency; refused ops are not; op_wip follows waiting ops.
 */
START_TEST(test_perf_counters)
{
	struct perf_coll *pc = op_path_perf(path);
	struct target t;
	uint64_t w;

	ck_assert_ptr_nonnull(pc);
	ck_assert_str_eq(pc->name, "osd");
	find_object(1, "perf-", sole_primary, &t);
	w = send_req(&(struct req){ .t = &t, .epoch = 40, .op = OSD_OP_WRITEFULL,
				     .payload = "hello" });
	ck_assert(run_until(1, 3000));
	ck_assert_int_eq(reply_for(w)->result, 0);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP), 1);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP_W), 1);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP_W_INB), 5);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP_INB), 5);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP_R), 0);
	ck_assert_uint_eq(pc->vals[L_OSD_OP_LAT].count, 1);
	ck_assert_uint_eq(pc->vals[L_OSD_OP_W_LAT].count, 1);
	ck_assert_uint_gt(pc->vals[L_OSD_OP_LAT].v, 0);

	ck_assert_str_eq(read_obj(&t), "hello");
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP), 2);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP_R), 1);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP_R_OUTB), 5);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP_OUTB), 5);
	ck_assert_uint_eq(pc->vals[L_OSD_OP_R_LAT].count, 1);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP_RW), 0);

	/* refused before execution: not counted */
	w = send_req(&(struct req){ .t = &t, .epoch = 40, .op = OSD_OP_CALL });
	ck_assert(run_until(3, 3000));
	ck_assert_int_eq(reply_for(w)->result, -EPERM);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP), 2);

	/* waiting for a newer map: op_wip counts it until it runs */
	cur = &maps[0];
	send_req(&(struct req){ .t = &t, .epoch = 40, .op = OSD_OP_APPEND, .payload = "!" });
	run_for(200);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP_WIP), 1);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP), 2);
	cur = &maps[1];
	op_path_new_map(path, cur);
	ck_assert(run_until(4, 3000));
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP_WIP), 0);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP), 3);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP_W), 2);
	ck_assert_uint_eq(perf_get(pc, L_OSD_OP_W_INB), 6);
}
END_TEST

/* A registry given in the environment holds the collection, dumped as "osd". */
START_TEST(test_perf_in_registry)
{
	struct perf_registry *reg = perf_registry_new();
	struct op_path_env env = { .whoami = WHOAMI, .st = st, .get_map = env_get_map,
				   .perf = reg };
	struct op_path *p2 = op_path_new(&env);
	char *json;

	ck_assert_ptr_eq(perf_coll_find(reg, "osd"), op_path_perf(p2));
	json = perf_dump(reg, PERF_DUMP_VALUES, "osd", "op_w", NULL);
	ck_assert_str_eq(json, "{\"osd\":{\"op_w\":0}}");
	free(json);
	/* a second op path on the same registry counts privately */
	{
		struct op_path *p3 = op_path_new(&env);

		ck_assert_ptr_ne(op_path_perf(p3), op_path_perf(p2));
		ck_assert_ptr_eq(perf_coll_find(reg, "osd"), op_path_perf(p2));
		op_path_free(p3);
	}
	op_path_free(p2);
	perf_registry_free(reg);
}
END_TEST

/* MOSDPGCreate2's hook: the PG exists before any op arrives. */
START_TEST(test_pg_create)
{
	struct target t;
	struct spg s;

	find_object(1, "create-", sole_primary, &t);
	s.pgid = t.pg;
	s.shard = -1;
	ck_assert_ptr_null(op_path_pg(path, &s));
	ck_assert_int_eq(op_path_pg_create(path, &s, 40), 0);
	ck_assert_ptr_nonnull(op_path_pg(path, &s));
	ck_assert_int_eq(op_path_pg_create(path, &s, 40), 0);  /* again: fine */
}
END_TEST

static Suite *
op_path_suite(void)
{
	Suite *s = suite_create("op_path");
	TCase *tc = tcase_create("path");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_basic_write_read);
	tcase_add_test(tc, test_newer_epoch_waits);
	tcase_add_test(tc, test_client_order_across_wait);
	tcase_add_test(tc, test_no_map_waits);
	tcase_add_test(tc, test_map_shared_with_lagging_client);
	tcase_add_test(tc, test_dropped_ops);
	tcase_add_test(tc, test_dup_reqid);
	tcase_add_test(tc, test_per_object_order);
	tcase_add_test(tc, test_call_eperm);
	tcase_add_test(tc, test_malformed_closes);
	tcase_add_test(tc, test_pg_create);
	tcase_add_test(tc, test_perf_counters);
	tcase_add_test(tc, test_perf_in_registry);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(op_path_suite());
	int nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
