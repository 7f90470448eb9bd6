/*
 * mgrc_test.c — the mgr client against a mock mgr on loopback: an MMgrMap
 * makes it connect and send MMgrOpen; MMgrConfigure starts the reports;
 * the first MMgrReport declares the counters at or above the threshold in
 * path order and packs their values in that order (three values for
 * averages), later ones only pack; MPGStats follows each report; when the
 * mgr drops the session the client reconnects (after the retry interval),
 * opens again and declares again; a map without an available mgr closes
 * the session; junk from the mgr is consumed without harm.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/perf.h"
#include "common/types.h"
#include "msg/message.h"
#include "msg/msgr.h"
#include "osd/mgr_msgs.h"
#include "osd/mgrc.h"

struct mock {
	struct event_base *base;
	struct msgr *m;
	struct conn *conn;              /* the client's session (a reference) */
	int opens, reports, pgstats, bad;
	uint32_t ndecl[16];             /* declarations per report */
	uint64_t packed[16][8];         /* the first values of each report */
	uint32_t npacked[16];
	char decl_paths[8][64];
	int drop_after;                 /* mark the session down after this many reports */
	int stop_opens, stop_reports;   /* break the loop once both are reached */
};

static void
mock_dispatch(void *arg, struct conn *c, struct msg *m)
{
	struct mock *k = arg;
	const uint8_t *p = buf_contig(&m->front, 0, m->front.len);

	if (m->hdr.type == MSG_MGR_OPEN) {
		struct mgr_open_view v;
		struct mgr_configure cf = { 1, 5 };

		if (mgr_open_decode(p, m->front.len, m->hdr.version, &v) ||
		    v.daemon_name.len != 1 || v.daemon_name.p[0] != '7' || v.service_daemon)
			k->bad++;
		k->opens++;
		if (k->conn)
			conn_put(k->conn);
		k->conn = conn_get(c);
		conn_send(c, mgr_msg_configure(&cf));
		/* junk the client must swallow: an unknown type on its session */
		{
			struct msg *j = msg_new();

			j->hdr.type = 0x7ff;
			buf_append(&j->front, "xx", 2);
			conn_send(c, j);
		}
	} else if (m->hdr.type == MSG_MGR_REPORT) {
		struct mgr_report_view v;
		struct dec d;
		struct dec_struct s;
		int i = k->reports;

		if (mgr_report_decode(p, m->front.len, m->hdr.version, &v) || i >= 16) {
			k->bad++;
		} else {
			k->ndecl[i] = v.ndeclare;
			for (uint32_t j = 0; j < v.ndeclare && j < 8; j++)
				snprintf(k->decl_paths[j], sizeof(k->decl_paths[j]), "%.*s",
					 (int)v.declare[j].path.len, v.declare[j].path.p);
			dec_init(&d, v.packed, v.packed_len);
			if (dec_struct_start(&d, 1, &s) == 0) {
				while (dec_remaining(&d) >= 8 && k->npacked[i] < 8)
					dec_u64(&d, &k->packed[i][k->npacked[i]++]);
				dec_struct_end(&d, &s);
			}
			if (d.err)
				k->bad++;
			mgr_report_view_free(&v);
		}
		k->reports++;
		if (k->reports == k->drop_after && k->conn) {
			conn_mark_down(k->conn);
			conn_put(k->conn);
			k->conn = NULL;
		}
	} else if (m->hdr.type == MSG_PGSTATS) {
		struct mgr_pg_stats ps;

		if (mgr_pg_stats_decode(p, m->front.len, m->hdr.version, &ps) ||
		    ps.npgs != 0 || ps.osd_stat.alerts_osd != 7 || ps.osd_stat.num_osds != 1 ||
		    ps.fsid.b[0] != 0xab)
			k->bad++;
		mgr_pg_stats_free(&ps);
		k->pgstats++;
	}
	msg_free(m);
	/* MPGStats follows its report: wait for it (one is lost with the dropped session) */
	if (k->opens >= k->stop_opens && k->reports >= k->stop_reports &&
	    k->pgstats >= k->stop_reports)
		event_base_loopbreak(k->base);
}

static const struct msgr_ops mock_ops = {
	.dispatch = mock_dispatch,
};

/* The OSD side: its public messenger routes to mgrc as osd.c does. */
static void
cli_dispatch(void *arg, struct conn *c, struct msg *m)
{
	struct mgrc **mc = arg;

	if (!mgrc_handle_dispatch(*mc, c, m))
		msg_free(m);
}

static void
cli_reset(void *arg, struct conn *c)
{
	struct mgrc **mc = arg;

	mgrc_handle_reset(*mc, c);
}

static const struct msgr_ops cli_ops = {
	.dispatch = cli_dispatch,
	.reset = cli_reset,
};

static void
feed_map(struct mgrc *mc, uint32_t epoch, const struct entity_addrvec *addrs, int available)
{
	struct msg *m = msg_new();
	struct enc_struct s;

	m->hdr.type = MSG_MGR_MAP;
	m->hdr.version = 1;
	enc_struct_start(&m->front, 12, 6, &s);
	enc_u32(&m->front, epoch);
	entity_addrvec_encode(&m->front, addrs);
	enc_u64(&m->front, 4100);
	enc_bool(&m->front, available);
	enc_cstr(&m->front, "m");
	enc_struct_end(&m->front, &s);
	mgrc_handle_mgr_map(mc, m);
	msg_free(m);
}

static void
timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	event_base_loopbreak(arg);
}

static const struct perf_def osd_defs[] = {
	PERF_DEF_COUNTER("op", "ops", "Client operations"),
	PERF_DEF_TIME_AVG("op_latency", "l", "Latency"),
	PERF_DEF_(("debug_only"), "dbg", "below the threshold", PERF_T_U64, PERF_PRIO_DEBUGONLY,
		  PERF_UNIT_NONE),
};
static const struct perf_def a_defs[] = {
	PERF_DEF_COUNTER_BYTES("x", "x", "bytes"),
};

START_TEST(test_session)
{
	struct event_base *base = event_base_new();
	struct perf_registry *reg = perf_registry_new();
	struct perf_coll *c, *a;
	struct mock k;
	struct msgr *cli;
	struct mgrc *mc = NULL;
	struct mgrc_env env;
	struct entity_addr la;
	struct entity_addrvec none = { 0 };
	struct event *tev;
	struct timeval tv = { 15, 0 };

	c = perf_coll_create(reg, "osd", osd_defs, 3);
	a = perf_coll_create(reg, "a_coll", a_defs, 1);
	perf_add(c, 0, 11);
	perf_tinc(c, 1, 100);
	perf_tinc(c, 1, 300);
	perf_set(c, 2, 99);
	perf_add(a, 0, 4096);

	memset(&k, 0, sizeof(k));
	k.base = base;
	k.m = msgr_new(base, ENTITY_TYPE_MGR, 4100, &mock_ops, &k);
	msgr_set_default_policy(k.m, msgr_policy_stateless_server());
	ck_assert_int_eq(entity_addr_parse("v2:127.0.0.1:0", ENTITY_ADDR_MSGR2, &la), 0);
	ck_assert_int_eq(msgr_bind(k.m, &la), 0);

	cli = msgr_new(base, ENTITY_TYPE_OSD, 7, &cli_ops, &mc);
	msgr_set_default_policy(cli, msgr_policy_stateless_server());
	mgrc_env_default(&env);
	env.base = base;
	env.whoami = 7;
	env.fsid.b[0] = 0xab;
	env.msgr = cli;
	env.perf = reg;
	env.connect_retry_ms = 200;
	mc = mgrc_new(&env);

	/* no mgr yet: nothing happens */
	feed_map(mc, 1, &none, 0);
	ck_assert_int_eq(mgrc_is_open(mc), 0);

	/* an active mgr: open, configure (1 s), reports; dropped after the 2nd */
	k.drop_after = 2;
	k.stop_opens = 2;
	k.stop_reports = 3;
	feed_map(mc, 2, msgr_addrs(k.m), 1);
	ck_assert_int_eq(mgrc_is_open(mc), 1);
	tev = evtimer_new(base, timeout_cb, base);
	evtimer_add(tev, &tv);
	event_base_dispatch(base);

	ck_assert_int_eq(k.bad, 0);
	ck_assert_int_eq(k.opens, 2);
	ck_assert_int_ge(k.reports, 3);
	ck_assert_int_ge(k.pgstats, 3);
	/* first report: 3 declarations in path order, the debug one left out */
	ck_assert_uint_eq(k.ndecl[0], 3);
	ck_assert_str_eq(k.decl_paths[0], "a_coll.x");
	ck_assert_str_eq(k.decl_paths[1], "osd.op");
	ck_assert_str_eq(k.decl_paths[2], "osd.op_latency");
	/* packed in the same order: x, op, latency sum + count twice */
	ck_assert_uint_eq(k.npacked[0], 5);
	ck_assert_uint_eq(k.packed[0][0], 4096);
	ck_assert_uint_eq(k.packed[0][1], 11);
	ck_assert_uint_eq(k.packed[0][2], 400);
	ck_assert_uint_eq(k.packed[0][3], 2);
	ck_assert_uint_eq(k.packed[0][4], 2);
	/* the second report of the session declares nothing new */
	ck_assert_uint_eq(k.ndecl[1], 0);
	ck_assert_uint_eq(k.npacked[1], 5);
	/* after the reconnect: declared again */
	ck_assert_uint_eq(k.ndecl[2], 3);
	ck_assert_int_eq(mgrc_stats_period(mc), 1);
	ck_assert_uint_ge(mgrc_reports_sent(mc), 3);

	/* the mgr goes away in the map: the session closes */
	feed_map(mc, 3, &none, 0);
	ck_assert_int_eq(mgrc_is_open(mc), 0);
	ck_assert_int_eq(mgrc_stats_period(mc), 0);
	/* an older map is ignored */
	feed_map(mc, 2, msgr_addrs(k.m), 1);
	ck_assert_int_eq(mgrc_is_open(mc), 0);

	event_free(tev);
	mgrc_free(mc);
	if (k.conn)
		conn_put(k.conn);
	msgr_free(cli);
	msgr_free(k.m);
	perf_registry_free(reg);
	event_base_free(base);
}
END_TEST

START_TEST(test_bad_map)
{
	struct event_base *base = event_base_new();
	struct msgr *cli = msgr_new(base, ENTITY_TYPE_OSD, 7, &cli_ops, NULL);
	struct mgrc_env env;
	struct mgrc *mc;
	struct msg *m = msg_new();

	mgrc_env_default(&env);
	env.base = base;
	env.whoami = 7;
	env.msgr = cli;
	mc = mgrc_new(&env);
	m->hdr.type = MSG_MGR_MAP;
	buf_append(&m->front, "\x0c\x06\xff\xff\xff\x7f", 6);
	mgrc_handle_mgr_map(mc, m);
	ck_assert_int_eq(mgrc_is_open(mc), 0);
	msg_free(m);
	/* not our session: not consumed */
	ck_assert_int_eq(mgrc_handle_reset(mc, NULL), 0);
	mgrc_send_stats(mc);            /* no session: nothing */
	ck_assert_uint_eq(mgrc_reports_sent(mc), 0);
	mgrc_free(mc);
	msgr_free(cli);
	event_base_free(base);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("mgrc");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_session);
	tcase_add_test(tc, test_bad_map);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	msg_pool_drain();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
