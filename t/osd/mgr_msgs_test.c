/*
 * mgr_msgs_test.c — the OSD <-> mgr codecs against what 16.2.15 daemons
 * put on the wire (t/vectors/mgr/): MMgrMap heads from a monitor (with and
 * without an active mgr), an MPGStats and two MMgrReports of a classic
 * memstore OSD; the MPGStats decodes to the values the OSD reported and
 * re-encodes to the same bytes. Our own MMgrOpen / MMgrReport /
 * MMgrConfigure layouts; every truncation of every front is an error,
 * never a crash.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/perf.h"
#include "common/types.h"
#include "msg/message.h"
#include "osd/mgr_msgs.h"
#include "t/osd/osd_test_util.h"

static uint8_t *
load(const char *rel, size_t *len)
{
	uint8_t *p = tu_read_vector(rel, len);

	ck_assert_msg(p != NULL, "vector %s missing", rel);
	return p;
}

static uint8_t *
flat(struct buf *b, size_t *len)
{
	uint8_t *p = malloc(b->len ? b->len : 1);

	*len = b->len;
	ck_assert_int_eq(buf_copy_out(b, 0, b->len, p), 0);
	return p;
}

static int
sv_eq(const struct strview *v, const char *s)
{
	return v->len == strlen(s) && memcmp(v->p, s, v->len) == 0;
}

/* ---- MMgrMap ---- */

START_TEST(test_mgrmap_active)
{
	size_t len;
	uint8_t *p = load("mgr/mon_MMgrMap_active_v1.front.bin", &len);
	struct mgr_map_head h;
	char s[128];

	ck_assert_int_eq(mgr_map_decode(p, len, &h), 0);
	ck_assert_uint_eq(h.epoch, 4);
	ck_assert_int_eq(h.available, 1);
	ck_assert_str_eq(h.active_name, "x");
	ck_assert_uint_eq(h.active_gid, 4102);
	ck_assert_uint_eq(h.active_addrs.n, 2);
	entity_addrvec_format(&h.active_addrs, s, sizeof(s));
	ck_assert_str_eq(s, "[v2:127.0.0.1:6802/31136,v1:127.0.0.1:6803/31136]");
	/* the head is all we read: any cut inside it fails, a cut after it
	 * fails too because the struct length no longer fits */
	for (size_t n = 0; n < len; n++)
		ck_assert_int_ne(mgr_map_decode(p, n, &h), 0);
	free(p);
}
END_TEST

START_TEST(test_mgrmap_none)
{
	size_t len;
	uint8_t *p = load("mgr/mon_MMgrMap_nomgr_v1.front.bin", &len);
	struct mgr_map_head h;

	ck_assert_int_eq(mgr_map_decode(p, len, &h), 0);
	ck_assert_uint_eq(h.epoch, 1);
	ck_assert_int_eq(h.available, 0);
	ck_assert_uint_eq(h.active_addrs.n, 0);
	ck_assert_str_eq(h.active_name, "");
	/* a pre-Nautilus (v5) map is refused */
	p[0] = 5;
	ck_assert_int_eq(mgr_map_decode(p, len, &h), -EPROTO);
	free(p);
}
END_TEST

/* ---- MPGStats ---- */

START_TEST(test_pgstats_classic)
{
	size_t len, olen;
	uint8_t *p = load("mgr/classic_MPGStats_v2.front.bin", &len), *o;
	struct mgr_pg_stats ps;
	const struct mgr_pg_stat *s;
	struct msg *m;
	char u[37];

	ck_assert_int_eq(mgr_pg_stats_decode(p, len, 2, &ps), 0);
	uuid_format(&ps.fsid, u);
	ck_assert_str_eq(u, "5ce9cc75-31b6-4a84-84da-f95ed0c0e010");
	ck_assert_uint_eq(ps.epoch, 16);
	ck_assert_uint_eq(ps.npool_stats, 0);
	/* osd_stat_t */
	ck_assert_int_eq(ps.osd_stat.kb, 1048576);
	ck_assert_int_eq(ps.osd_stat.kb_used, 34);
	ck_assert_int_eq(ps.osd_stat.kb_avail, 1048541);
	ck_assert_uint_eq(ps.osd_stat.statfs.total, 1073741824ULL);
	ck_assert_uint_eq(ps.osd_stat.statfs.available, 1073707004ULL);
	ck_assert_uint_eq(ps.osd_stat.up_from, 15);
	ck_assert_uint_eq(ps.osd_stat.seq, (15ULL << 32) | 14);
	ck_assert_uint_eq(ps.osd_stat.num_pgs, 5);
	ck_assert_int_eq(ps.osd_stat.alerts_osd, 0);
	ck_assert_uint_eq(ps.osd_stat.num_osds, 1);
	ck_assert_uint_eq(ps.osd_stat.num_per_pool_osds, 0);
	ck_assert_uint_eq(ps.osd_stat.nhb_peers, 0);
	/* pg_stat_t: 1.0 empty, 2.1 with two 14-byte objects */
	ck_assert_uint_eq(ps.npgs, 5);
	ck_assert_uint_eq(ps.pgs[0].pgid.pool, 1);
	ck_assert_uint_eq(ps.pgs[0].pgid.seed, 0);
	s = &ps.pgs[2];
	ck_assert_uint_eq(s->pgid.pool, 2);
	ck_assert_uint_eq(s->pgid.seed, 1);
	ck_assert_uint_eq(s->state, MGR_PG_ACTIVE | MGR_PG_CLEAN);
	ck_assert_uint_eq(s->version.epoch, 12);
	ck_assert_uint_eq(s->version.version, 2);
	ck_assert_uint_eq(s->reported_seq, 20);
	ck_assert_uint_eq(s->reported_epoch, 16);
	ck_assert_uint_eq(s->created, 9);
	ck_assert_uint_eq(s->last_epoch_clean, 16);
	ck_assert_uint_eq(s->mapping_epoch, 15);
	ck_assert_int_eq(s->sum.num_objects, 2);
	ck_assert_int_eq(s->sum.num_bytes, 28);
	ck_assert_int_eq(s->sum.num_object_copies, 2);
	ck_assert_int_eq(s->sum.num_wr, 2);
	ck_assert_int_eq(s->sum.num_wr_kb, 2);
	ck_assert_int_eq(s->sum.num_objects_dirty, 2);
	ck_assert_int_eq(s->log_size, 2);
	ck_assert_uint_eq(s->nup, 1);
	ck_assert_int_eq(s->up[0], 0);
	ck_assert_uint_eq(s->nacting, 1);
	ck_assert_int_eq(s->up_primary, 0);
	ck_assert_int_eq(s->acting_primary, 0);
	ck_assert_uint_eq(s->parent.pool, 0);
	ck_assert_uint_eq(s->last_fresh.sec, s->last_clean.sec);

	/* our encoder writes the same bytes from the decoded values */
	m = mgr_msg_pg_stats(&ps);
	ck_assert_uint_eq(m->hdr.type, MSG_PGSTATS);
	ck_assert_uint_eq(m->hdr.version, 2);
	ck_assert_uint_eq(m->hdr.compat_version, 1);
	o = flat(&m->front, &olen);
	ck_assert_uint_eq(olen, len);
	ck_assert_int_eq(memcmp(o, p, len), 0);
	free(o);
	msg_free(m);

	mgr_pg_stats_free(&ps);
	/* v1 (no pool_stat) reads the same up to there */
	ck_assert_int_eq(mgr_pg_stats_decode(p, len - 4, 1, &ps), 0);
	ck_assert_uint_eq(ps.npgs, 5);
	mgr_pg_stats_free(&ps);
	free(p);
}
END_TEST

START_TEST(test_pgstats_truncated)
{
	size_t len;
	uint8_t *p = load("mgr/classic_MPGStats_v2.front.bin", &len);
	struct mgr_pg_stats ps;

	for (size_t n = 0; n < len; n++) {
		ck_assert_int_ne(mgr_pg_stats_decode(p, n, 2, &ps), 0);
		ck_assert_ptr_null(ps.pgs);
	}
	free(p);
}
END_TEST

START_TEST(test_pgstats_hostile)
{
	size_t len;
	uint8_t *p = load("mgr/classic_MPGStats_v2.front.bin", &len);
	struct mgr_pg_stats ps;
	/* osd_stat_t starts at 34 (paxos header 18 + fsid 16); the pg map count follows it */
	size_t osd_len = 6 + get_le32(p + 36), cnt = 34 + osd_len;

	ck_assert_uint_eq(get_le32(p + cnt), 5);
	/* a huge PG count is refused before anything is allocated */
	put_le32(p + cnt, 0x10000000);
	ck_assert_int_eq(mgr_pg_stats_decode(p, len, 2, &ps), -EBADMSG);
	put_le32(p + cnt, 5);
	/* an osd_stat_t that claims more bytes than there are */
	put_le32(p + 36, 0x7fffffff);
	ck_assert_int_eq(mgr_pg_stats_decode(p, len, 2, &ps), -EBADMSG);
	put_le32(p + 36, (uint32_t)(osd_len - 6));
	/* a compat version from the future */
	p[34] = p[35] = 15;
	ck_assert_int_eq(mgr_pg_stats_decode(p, len, 2, &ps), -EOPNOTSUPP);
	p[34] = 14;
	p[35] = 2;
	/* an up set larger than we hold: 40 entries in the first pg_stat_t */
	{
		struct mgr_pg_stat st;
		struct buf b;
		struct dec d;
		uint8_t *q;
		size_t qlen;

		memset(&st, 0, sizeof(st));
		st.nup = 1;
		buf_init(&b);
		mgr_pg_stat_encode(&b, &st);
		q = flat(&b, &qlen);
		/* up count sits after 6 + 101 fixed bytes and the 320-byte stats */
		ck_assert_uint_eq(get_le32(q + 6 + 101 + 320 + 16), 1);
		put_le32(q + 6 + 101 + 320 + 16, 40);
		dec_init(&d, q, qlen);
		ck_assert_int_ne(mgr_pg_stat_decode(&d, &st), 0);
		free(q);
		buf_free(&b);
	}
	ck_assert_int_eq(mgr_pg_stats_decode(p, len, 2, &ps), 0);
	mgr_pg_stats_free(&ps);
	free(p);
}
END_TEST

START_TEST(test_pg_stat_roundtrip)
{
	struct mgr_pg_stat a, b;
	struct buf buf;
	struct dec d;
	uint8_t *p;
	size_t len;

	memset(&a, 0, sizeof(a));
	a.pgid.pool = 3;
	a.pgid.seed = 7;
	a.version.epoch = 21;
	a.version.version = 400;
	a.reported_seq = 99;
	a.reported_epoch = 22;
	a.state = MGR_PG_ACTIVE | MGR_PG_CLEAN | (1ULL << 40);
	a.created = 5;
	a.sum.num_objects = 100;
	a.sum.num_bytes = 1 << 20;
	a.sum.num_evict_mode_full = 1;
	a.sum.num_objects_repaired = 77;
	a.nup = a.nacting = 2;
	a.up[0] = a.acting[0] = 4;
	a.up[1] = a.acting[1] = 9;
	a.up_primary = a.acting_primary = 4;
	a.last_fresh.sec = 1700000000;
	a.last_became_peered.nsec = 5;
	a.snaptrimq_len = 3;
	a.manifest_stats_invalid = 1;
	buf_init(&buf);
	mgr_pg_stat_encode(&buf, &a);
	p = flat(&buf, &len);
	/* v26 compat 22 */
	ck_assert_uint_eq(p[0], 26);
	ck_assert_uint_eq(p[1], 22);
	ck_assert_uint_eq(get_le32(p + 2), len - 6);
	dec_init(&d, p, len);
	ck_assert_int_eq(mgr_pg_stat_decode(&d, &b), 0);
	ck_assert_uint_eq(dec_remaining(&d), 0);
	b.pgid = a.pgid;
	ck_assert_int_eq(memcmp(&a, &b, sizeof(a)), 0);
	free(p);
	buf_free(&buf);
}
END_TEST

/* ---- MMgrReport ---- */

START_TEST(test_report_classic)
{
	size_t len;
	uint8_t *p = load("mgr/classic_MMgrReport_first_v9.front.bin", &len);
	struct mgr_report_view v;

	ck_assert_int_eq(mgr_report_decode(p, len, 9, &v), 0);
	ck_assert(sv_eq(&v.daemon_name, "0"));
	ck_assert(sv_eq(&v.service_name, ""));
	ck_assert_uint_eq(v.ndeclare, 37);
	ck_assert(sv_eq(&v.declare[0].path, "objecter.op_active"));
	ck_assert(sv_eq(&v.declare[0].nick, "actv"));
	ck_assert_uint_eq(v.declare[0].type, PERF_T_U64);
	ck_assert_uint_eq(v.declare[0].priority, 7);
	ck_assert_uint_eq(v.declare[0].unit, MGR_UNIT_NONE);
	ck_assert(sv_eq(&v.declare[7].path, "osd.op_in_bytes"));
	ck_assert_uint_eq(v.declare[7].unit, MGR_UNIT_BYTES);
	ck_assert(sv_eq(&v.declare[8].path, "osd.op_latency"));
	ck_assert_uint_eq(v.declare[8].type, PERF_T_TIME | PERF_T_LONGRUNAVG);
	/* declared in path order, as the mgr expects the packed values */
	for (uint32_t i = 1; i < v.ndeclare; i++) {
		const struct strview *a = &v.declare[i - 1].path, *b = &v.declare[i].path;
		uint32_t n = a->len < b->len ? a->len : b->len;
		int c = memcmp(a->p, b->p, n);

		ck_assert(c < 0 || (c == 0 && a->len < b->len));
	}
	ck_assert_uint_eq(v.packed_len, 494);
	ck_assert_uint_eq(v.packed[0], 1);
	ck_assert_uint_eq(get_le32(v.packed + 2), 488);
	ck_assert_uint_eq(v.nundeclare, 0);
	mgr_report_view_free(&v);
	for (size_t n = 0; n < len; n++) {
		/* the fields we read end well before the tail */
		if (mgr_report_decode(p, n, 9, &v) == 0) {
			ck_assert_uint_ge(n, len - 64);
			mgr_report_view_free(&v);
		}
	}
	free(p);

	p = load("mgr/classic_MMgrReport_v9.front.bin", &len);
	ck_assert_int_eq(mgr_report_decode(p, len, 9, &v), 0);
	ck_assert_uint_eq(v.ndeclare, 0);
	ck_assert_uint_eq(v.packed_len, 494);
	mgr_report_view_free(&v);
	free(p);
}
END_TEST

START_TEST(test_report_ours)
{
	struct mgr_perf_type t[2];
	struct mgr_report r;
	struct mgr_report_view v;
	struct enc_struct es;
	struct buf packed;
	struct msg *m;
	uint8_t *p;
	size_t len, off;

	memset(t, 0, sizeof(t));
	t[0].path = (struct strview){ "osd.op", 6 };
	t[0].description = (struct strview){ "Client operations", 17 };
	t[0].nick = (struct strview){ "ops", 3 };
	t[0].type = PERF_T_U64 | PERF_T_COUNTER;
	t[0].priority = 10;
	t[0].unit = MGR_UNIT_NONE;
	t[1].path = (struct strview){ "osd.op_latency", 14 };
	t[1].description = (struct strview){ "", 0 };
	t[1].nick = (struct strview){ "l", 1 };
	t[1].type = PERF_T_TIME | PERF_T_LONGRUNAVG;
	t[1].priority = 9;
	t[1].unit = MGR_UNIT_NONE;
	buf_init(&packed);
	mgr_packed_start(&packed, &es);
	enc_u64(&packed, 42);
	enc_u64(&packed, 1000);
	enc_u64(&packed, 3);
	enc_u64(&packed, 3);
	mgr_packed_end(&packed, &es);

	memset(&r, 0, sizeof(r));
	r.daemon_name = "12";
	r.service_name = "";
	r.declare = t;
	r.ndeclare = 2;
	r.packed = &packed;
	m = mgr_msg_report(&r);
	ck_assert_uint_eq(m->hdr.type, MSG_MGR_REPORT);
	ck_assert_uint_eq(m->hdr.version, 9);
	ck_assert_uint_eq(m->hdr.compat_version, 1);
	p = flat(&m->front, &len);
	ck_assert_int_eq(mgr_report_decode(p, len, 9, &v), 0);
	ck_assert(sv_eq(&v.daemon_name, "12"));
	ck_assert_uint_eq(v.ndeclare, 2);
	ck_assert(sv_eq(&v.declare[1].path, "osd.op_latency"));
	ck_assert(sv_eq(&v.declare[1].nick, "l"));
	ck_assert_uint_eq(v.declare[1].type, 5);
	ck_assert_uint_eq(v.declare[1].priority, 9);
	ck_assert_uint_eq(v.packed_len, 6 + 32);
	ck_assert_uint_eq(get_le64(v.packed + 6), 42);
	ck_assert_uint_eq(get_le64(v.packed + 14), 1000);
	/* after the packed values: undeclare [], service "", no status,
	 * no health metrics, empty config, no metric reports, no task
	 * status, no metric report message: 4+4+1+4+4+4+1+1 bytes */
	off = (size_t)(v.packed - p) + v.packed_len;
	ck_assert_uint_eq(len - off, 23);
	for (size_t i = off; i < len; i++)
		ck_assert_uint_eq(p[i], 0);
	/* PerfCounterType v3 compat 1 */
	ck_assert_uint_eq(p[4 + 2 + 4], 3);
	ck_assert_uint_eq(p[4 + 2 + 4 + 1], 1);
	mgr_report_view_free(&v);
	free(p);
	msg_free(m);

	/* no counters: an empty packed envelope */
	r.ndeclare = 0;
	r.packed = NULL;
	m = mgr_msg_report(&r);
	p = flat(&m->front, &len);
	ck_assert_int_eq(mgr_report_decode(p, len, 9, &v), 0);
	ck_assert_uint_eq(v.packed_len, 6);
	ck_assert_uint_eq(get_le32(v.packed + 2), 0);
	mgr_report_view_free(&v);
	free(p);
	msg_free(m);
	buf_free(&packed);
}
END_TEST

START_TEST(test_report_hostile)
{
	/* name "0", then 0x40000000 PerfCounterTypes in 10 bytes */
	static const uint8_t bad[] = { 1, 0, 0, 0, '0', 0, 0, 0, 0x40, 1, 1, 0, 0, 0, 0 };
	struct mgr_report_view v;

	ck_assert_int_eq(mgr_report_decode(bad, sizeof(bad), 9, &v), -EBADMSG);
	ck_assert_ptr_null(v.declare);
}
END_TEST

/* ---- MMgrOpen / MMgrConfigure ---- */

START_TEST(test_open)
{
	static const uint8_t want[] = {
		1, 0, 0, 0, '7',        /* daemon_name */
		0, 0, 0, 0,             /* service_name */
		0,                      /* service_daemon */
		0, 0, 0, 0,             /* config_bl */
		0, 0, 0, 0,             /* config_defaults_bl */
	};
	struct mgr_open o = { "7", "" };
	struct mgr_open_view v;
	struct msg *m = mgr_msg_open(&o);
	uint8_t *p;
	size_t len;

	ck_assert_uint_eq(m->hdr.type, MSG_MGR_OPEN);
	ck_assert_uint_eq(m->hdr.version, 3);
	ck_assert_uint_eq(m->hdr.compat_version, 1);
	p = flat(&m->front, &len);
	ck_assert_uint_eq(len, sizeof(want));
	ck_assert_int_eq(memcmp(p, want, len), 0);
	ck_assert_int_eq(mgr_open_decode(p, len, 3, &v), 0);
	ck_assert(sv_eq(&v.daemon_name, "7"));
	ck_assert_int_eq(v.service_daemon, 0);
	for (size_t n = 0; n < len; n++)
		ck_assert_int_ne(mgr_open_decode(p, n, 3, &v), 0);
	/* v1 is the name alone */
	ck_assert_int_eq(mgr_open_decode(p, 5, 1, &v), 0);
	free(p);
	msg_free(m);
}
END_TEST

START_TEST(test_configure)
{
	struct mgr_configure c = { 5, 5 }, d;
	struct msg *m = mgr_msg_configure(&c);
	uint8_t *p;
	size_t len;

	p = flat(&m->front, &len);
	/* period, threshold, empty query map, no metric config */
	ck_assert_uint_eq(len, 13);
	ck_assert_int_eq(mgr_configure_decode(p, len, 4, &d), 0);
	ck_assert_uint_eq(d.stats_period, 5);
	ck_assert_uint_eq(d.stats_threshold, 5);
	/* v1: the period only */
	ck_assert_int_eq(mgr_configure_decode(p, 4, 1, &d), 0);
	ck_assert_uint_eq(d.stats_period, 5);
	ck_assert_uint_eq(d.stats_threshold, 0);
	ck_assert_int_eq(mgr_configure_decode(p, 7, 2, &d), -EBADMSG);
	ck_assert_int_eq(mgr_configure_decode(p, 3, 1, &d), -EBADMSG);
	free(p);
	msg_free(m);
}
END_TEST

START_TEST(test_osd_stat_derived)
{
	struct mgr_osd_stat s, t;
	struct buf b;
	struct dec d;
	uint8_t *p;
	size_t len;

	memset(&s, 0, sizeof(s));
	s.statfs.total = 8ULL << 30;
	s.statfs.available = (8ULL << 30) - (3ULL << 20);
	s.statfs.allocated = 2ULL << 20;
	s.statfs.internal_metadata = 1ULL << 20;
	s.nhb_peers = 2;
	s.hb_peers[0] = 1;
	s.hb_peers[1] = 5;
	s.up_from = 9;
	s.seq = 9ULL << 32 | 1;
	s.num_pgs = 12;
	s.alerts_osd = -1;
	s.num_osds = 1;
	buf_init(&b);
	mgr_osd_stat_encode(&b, &s);
	p = flat(&b, &len);
	ck_assert_uint_eq(p[0], 14);
	ck_assert_uint_eq(p[1], 2);
	dec_init(&d, p, len);
	ck_assert_int_eq(mgr_osd_stat_decode(&d, &t), 0);
	ck_assert_uint_eq(dec_remaining(&d), 0);
	ck_assert_int_eq(t.kb, 8 << 20);
	ck_assert_int_eq(t.kb_used, 3 << 10);
	ck_assert_int_eq(t.kb_avail, (8 << 20) - (3 << 10));
	ck_assert_uint_eq(t.nhb_peers, 2);
	ck_assert_int_eq(t.hb_peers[1], 5);
	ck_assert_int_eq(t.alerts_osd, -1);
	ck_assert_uint_eq(t.num_pgs, 12);
	ck_assert_uint_eq(t.seq, s.seq);
	ck_assert_uint_eq(t.statfs.internal_metadata, 1ULL << 20);
	free(p);
	buf_free(&b);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("mgr_msgs");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_mgrmap_active);
	tcase_add_test(tc, test_mgrmap_none);
	tcase_add_test(tc, test_pgstats_classic);
	tcase_add_test(tc, test_pgstats_truncated);
	tcase_add_test(tc, test_pgstats_hostile);
	tcase_add_test(tc, test_pg_stat_roundtrip);
	tcase_add_test(tc, test_report_classic);
	tcase_add_test(tc, test_report_ours);
	tcase_add_test(tc, test_report_hostile);
	tcase_add_test(tc, test_open);
	tcase_add_test(tc, test_configure);
	tcase_add_test(tc, test_osd_stat_derived);
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
