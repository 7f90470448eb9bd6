/*
 * heartbeat_test.c — osd/heartbeat: peer choice from a map (neighbours,
 * PG co-members, CRUSH subtrees, trimming), and live heartbeats between
 * a few hb instances on loopback messengers: healthy peers stay quiet, a
 * peer that stops answering is reported after the grace and withdrawn when
 * it answers again, a dead peer is reported at once (connection refused)
 * or after the grace (fast fail off), a peer the map shows dead hears
 * YOU_DIED, and hostile pings get no answer.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "common/enc.h"
#include "common/mem.h"
#include "msg/message.h"
#include "msg/msgr.h"
#include "osd/crush.h"
#include "osd/heartbeat.h"
#include "osd/mosdfailure.h"
#include "osd/mosdping.h"
#include "osd/osdmap.h"
#include "osd/placement.h"
#include "t/osd/osd_test_util.h"

static struct uuid fsid;

/* ---- maps ---- */

static void
set_addr(struct osdmap *m, int osd, enum osdmap_addr_kind k, const struct entity_addrvec *v)
{
	free(m->addrs[k][osd]);
	m->addrs[k][osd] = xmalloc(sizeof(*v));
	*m->addrs[k][osd] = *v;
}

/* n OSDs, all up and in, public addrs v2:127.0.0.1:(7000+i)/(100+i). */
static void
map_make(struct osdmap *m, int n, uint32_t epoch)
{
	struct entity_addrvec v;
	char s[64];
	int i;

	osdmap_init(m);
	m->fsid = fsid;
	m->epoch = epoch;
	osdmap_set_max_osd(m, n);
	for (i = 0; i < n; i++) {
		m->osd_state[i] = OSD_STATE_EXISTS | OSD_STATE_UP;
		m->osd_weight[i] = OSD_WEIGHT_IN;
		m->osd_info[i].up_from = 1;
		snprintf(s, sizeof(s), "v2:127.0.0.1:%d/%d", 7000 + i, 100 + i);
		v.n = 1;
		ck_assert_int_eq(entity_addr_parse(s, ENTITY_ADDR_MSGR2, &v.v[0]), 0);
		set_addr(m, i, OSDMAP_ADDR_CLIENT, &v);
	}
}

static void
mark_down(struct osdmap *m, int osd, uint32_t at)
{
	m->osd_state[osd] &= ~OSD_STATE_UP;
	m->osd_info[osd].down_at = at;
}

static int
set_eq(const int32_t *got, int n, const int32_t *want, int nwant)
{
	return n == nwant && (n == 0 || memcmp(got, want, (size_t)n * sizeof(*got)) == 0);
}

static void
check_peers(const struct osdmap *m, int32_t who, uint32_t min_peers, uint32_t min_down,
	    const int32_t *cur, uint32_t ncur, const int32_t *want, int nwant)
{
	int32_t *got = NULL;
	char buf[256] = "";
	int n, i;

	n = hb_choose_peers(m, who, min_peers, min_down, "host", cur, ncur, 1, &got);
	for (i = 0; i < n && strlen(buf) < sizeof(buf) - 8; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " %d", got[i]);
	ck_assert_msg(set_eq(got, n, want, nwant), "osd.%d min_peers %u: got [%s ]", who,
		      min_peers, buf);
	free(got);
}

START_TEST(test_neighbours)
{
	struct osdmap m;
	static const int32_t all_but_2[] = { 0, 1, 3, 4 }, n13[] = { 1, 3 }, n14[] = { 1, 4 },
		n134[] = { 1, 3, 4 }, n0[] = { 0 };

	map_make(&m, 5, 10);
	ck_assert_int_eq(hb_next_up_osd(&m, 2), 3);
	ck_assert_int_eq(hb_prev_up_osd(&m, 2), 1);
	ck_assert_int_eq(hb_next_up_osd(&m, 4), 0);
	ck_assert_int_eq(hb_prev_up_osd(&m, 0), 4);
	/* out of range ids do not loop forever */
	ck_assert_int_eq(hb_next_up_osd(&m, 9), 0);
	ck_assert_int_ge(hb_prev_up_osd(&m, -3), 0);

	check_peers(&m, 2, 10, 2, NULL, 0, all_but_2, 4);
	check_peers(&m, 2, 2, 2, NULL, 0, n13, 2);
	/* next and previous are always there, even with min_peers 0 */
	check_peers(&m, 2, 0, 0, NULL, 0, n13, 2);
	/* current peers beyond the minimum are dropped lowest id first */
	check_peers(&m, 2, 2, 0, all_but_2, 4, n13, 2);
	check_peers(&m, 2, 3, 0, all_but_2, 4, n134, 3);

	mark_down(&m, 3, 11);
	ck_assert_int_eq(hb_next_up_osd(&m, 2), 4);
	check_peers(&m, 2, 2, 2, NULL, 0, n14, 2);
	/* a down current peer goes */
	check_peers(&m, 2, 2, 0, all_but_2, 4, n14, 2);

	mark_down(&m, 1, 11);
	mark_down(&m, 4, 11);
	check_peers(&m, 2, 10, 2, NULL, 0, n0, 1);
	mark_down(&m, 0, 11);
	check_peers(&m, 2, 10, 2, NULL, 0, NULL, 0);
	ck_assert_int_eq(hb_next_up_osd(&m, 2), -1);
	osdmap_free(&m);

	/* an empty map */
	osdmap_init(&m);
	check_peers(&m, 0, 10, 2, NULL, 0, NULL, 0);
	osdmap_free(&m);
}
END_TEST

/*
 * The lab map of epoch 40 (three pools: size 1, size 2, EC 2+1) with the
 * 16-OSD, 4-host, 2-rack CRUSH map of crush/offline/modern.bin.
 */
static void
big_map(struct osdmap *m)
{
	size_t len;
	uint8_t *p = tu_read_vector("osdmap/osdmap_e40.bin", &len);
	struct crush_map *c;
	struct dec d;
	int i;

	ck_assert_ptr_nonnull(p);
	osdmap_init(m);
	ck_assert_int_eq(osdmap_decode_bytes(p, len, m), 0);
	free(p);
	p = tu_read_vector("crush/offline/modern.bin", &len);
	ck_assert_ptr_nonnull(p);
	dec_init(&d, p, len);
	ck_assert_int_eq(crush_decode(&d, &c), 0);
	free(p);
	crush_free(m->crush);
	m->crush = c;
	osdmap_set_max_osd(m, 16);
	for (i = 0; i < 16; i++) {
		m->osd_state[i] = OSD_STATE_EXISTS | OSD_STATE_UP;
		m->osd_weight[i] = OSD_WEIGHT_IN;
	}
}

/* Independently: every up OSD sharing a PG (up or acting) with who. */
static int
pg_peers(const struct osdmap *m, int32_t who, uint8_t *in)
{
	int up[PLACEMENT_MAX_OSDS], act[PLACEMENT_MAX_OSDS], nup, nact, i, n = 0, mine;

	memset(in, 0, (size_t)m->max_osd);
	for (uint32_t p = 0; p < m->npools; p++)
		for (uint32_t ps = 0; ps < m->pools[p].pool.pg_num; ps++) {
			struct pg pg = { (uint64_t)m->pools[p].id, ps };

			osdmap_pg_to_up_acting(m, &pg, up, &nup, NULL, act, &nact, NULL);
			mine = 0;
			for (i = 0; i < nup; i++)
				mine |= up[i] == who;
			for (i = 0; i < nact; i++)
				mine |= act[i] == who;
			for (i = 0; mine && i < nup + nact; i++) {
				int o = i < nup ? up[i] : act[i - nup];

				if (o >= 0 && o < m->max_osd && o != who && osdmap_is_up(m, o))
					in[o] = 1;
			}
		}
	for (i = 0; i < m->max_osd; i++)
		n += in[i];
	return n;
}

START_TEST(test_pg_peers)
{
	struct osdmap m;
	uint8_t in[16];
	int32_t *got = NULL, want[16];
	int n, nwant = 0, i;

	big_map(&m);
	ck_assert_int_gt(pg_peers(&m, 0, in), 2);
	/* chooseleaf over hosts: osd.0 shares no PG with its host mates,
	 * except through the pg_temp/upmap entries the lab map carries */
	in[1] = in[15] = 1;     /* next and previous */
	for (i = 0; i < 16; i++)
		if (in[i])
			want[nwant++] = i;
	n = hb_choose_peers(&m, 0, 0, 0, "host", NULL, 0, 7, &got);
	ck_assert_msg(set_eq(got, n, want, nwant), "pg peers differ (%d vs %d)", n, nwant);
	/* enough PG peers: extras (any current peers) are all dropped */
	{
		int32_t cur[15];

		for (i = 0; i < 15; i++)
			cur[i] = i + 1;
		free(got);
		/* (a level the map lacks: no subtree picks on top) */
		n = hb_choose_peers(&m, 0, 2, 0, "datacenter", cur, 15, 7, &got);
		ck_assert_msg(set_eq(got, n, want, nwant), "extras not trimmed (%d)", n);
	}
	/* min_peers 16: everyone else */
	free(got);
	n = hb_choose_peers(&m, 0, 16, 2, "host", NULL, 0, 7, &got);
	ck_assert_int_eq(n, 15);
	free(got);
	osdmap_free(&m);
}
END_TEST

static int
has(const int32_t *v, int n, int32_t x)
{
	for (int i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

START_TEST(test_subtrees)
{
	static const int32_t host_picks[] = { 1, 4, 8, 12, 15 }, down4[] = { 1, 5, 8, 12, 15 },
		rack_pick[] = { 1, 8, 15 }, none[] = { 1, 15 };
	struct osdmap m;
	uint32_t npools, seed;
	int32_t *got = NULL;
	int seen[3] = { 0, 0, 0 }, n, h, k;

	big_map(&m);
	/* no pools: only neighbours and subtree picks */
	npools = m.npools;
	m.npools = 0;
	/* one OSD from each other host: the (whoami mod count)th up one */
	for (seed = 1; seed < 6; seed++)
		check_peers(&m, 0, 1, 3, NULL, 0, host_picks, 5);
	/* limited to 2 subtrees: two of the three hosts, chosen at random */
	for (seed = 1; seed < 40; seed++) {
		n = hb_choose_peers(&m, 0, 1, 2, "host", NULL, 0, seed, &got);
		ck_assert_int_eq(n, 4);
		for (h = 1, k = 0; h < 4; h++)
			if (has(got, n, 4 * h)) {
				seen[h - 1]++;
				k++;
			}
		ck_assert_int_eq(k, 2);
		free(got);
	}
	ck_assert(seen[0] && seen[1] && seen[2]);
	/* osd.5 stands in for host1 when osd.4 is down */
	mark_down(&m, 4, 41);
	check_peers(&m, 0, 1, 3, NULL, 0, down4, 5);
	/* racks: one pick, from the other rack (8..15; 0 mod 8 = osd.8) */
	n = hb_choose_peers(&m, 0, 1, 3, "rack", NULL, 0, 3, &got);
	ck_assert(set_eq(got, n, rack_pick, 3));
	free(got);
	/* a level the map does not have: no picks, no failure */
	n = hb_choose_peers(&m, 0, 0, 3, "datacenter", NULL, 0, 3, &got);
	ck_assert(set_eq(got, n, none, 2));
	free(got);
	m.npools = npools;
	osdmap_free(&m);
}
END_TEST

/* ---- live heartbeats on loopback ---- */

#define NODES 3

struct report {
	int32_t reporter;
	struct mosdfailure f;
};

struct node {
	int32_t id;
	struct hb *hb;
	struct msgr *front, *back;
	int need_map;
	uint32_t need_map_epoch;
};

static struct event_base *base;
static struct node nodes[NODES];
static struct report reports[512];
static int nreports;

static int
mon_send(void *arg, struct msg *m)
{
	struct node *n = arg;

	if (nreports < (int)(sizeof(reports) / sizeof(reports[0]))) {
		ck_assert_int_eq(mosdfailure_decode(buf_contig(&m->front, 0, m->front.len),
						    m->front.len, m->hdr.version,
						    &reports[nreports].f), 0);
		reports[nreports++].reporter = n->id;
	}
	msg_free(m);
	return 0;
}

static void
need_map(void *arg, uint32_t e)
{
	struct node *n = arg;

	n->need_map++;
	n->need_map_epoch = e;
}

static const struct hb_ops ops = { .mon_send = mon_send, .need_map = need_map };

static void
run_ms(int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
}

static struct msgr *
server(struct hb *h, int32_t id)
{
	struct msgr *m = msgr_new(base, ENTITY_TYPE_OSD, id, &hb_server_ops, h);
	struct entity_addr a;

	msgr_set_nonce(m, 100 + (uint32_t)id);
	msgr_set_default_policy(m, msgr_policy_stateless_server());
	ck_assert_int_eq(entity_addr_parse("v2:127.0.0.1:0", ENTITY_ADDR_MSGR2, &a), 0);
	a.nonce = 100 + (uint32_t)id;
	ck_assert_int_eq(msgr_bind(m, &a), 0);
	return m;
}

static void
node_start(struct node *n, int32_t id, int fast_fail)
{
	struct hb_config cfg;

	hb_config_default(&cfg);
	cfg.whoami = id;
	cfg.fsid = fsid;
	cfg.nonce = 100 + (uint32_t)id;
	cfg.interval_ms = 100;
	cfg.randomize = 0;
	cfg.grace_ms = 800;
	cfg.check_ms = 100;
	cfg.fast_fail_on_refused = fast_fail;
	memset(n, 0, sizeof(*n));
	n->id = id;
	ck_assert_int_eq(hb_new(base, &cfg, &ops, n, &n->hb), 0);
	n->front = server(n->hb, id);
	n->back = server(n->hb, id);
}

static void
node_stop(struct node *n)
{
	if (!n->hb)
		return;
	/* the server messengers call into the hb: free them first */
	msgr_free(n->front);
	msgr_free(n->back);
	hb_free(n->hb);
	n->hb = NULL;
}

/* Start NODES nodes and a map of them; every node up. */
static void
cluster(struct osdmap *m, int fast_fail)
{
	int i;

	nreports = 0;
	base = event_base_new();
	map_make(m, NODES, 20);
	for (i = 0; i < NODES; i++) {
		node_start(&nodes[i], i, fast_fail);
		set_addr(m, i, OSDMAP_ADDR_HB_FRONT, msgr_addrs(nodes[i].front));
		set_addr(m, i, OSDMAP_ADDR_HB_BACK, msgr_addrs(nodes[i].back));
	}
	for (i = 0; i < NODES; i++)
		hb_update(nodes[i].hb, m, 5);
}

static void
cluster_end(struct osdmap *m)
{
	int i;

	for (i = 0; i < NODES; i++)
		node_stop(&nodes[i]);
	osdmap_free(m);
	event_base_free(base);
	base = NULL;
	msg_pool_drain();
}

static int
count_reports(int32_t reporter, int32_t target, uint8_t flags)
{
	int i, n = 0;

	for (i = 0; i < nreports; i++)
		n += (reporter < 0 || reports[i].reporter == reporter) &&
		     reports[i].f.target_osd == target && reports[i].f.flags == flags;
	return n;
}

START_TEST(test_live_healthy)
{
	struct osdmap m;
	int32_t peers[8];
	int i;

	cluster(&m, 1);
	run_ms(1500);
	for (i = 0; i < NODES; i++) {
		ck_assert_uint_eq(hb_peers(nodes[i].hb, peers, 8), NODES - 1);
		ck_assert(hb_peer_healthy(nodes[i].hb, (i + 1) % NODES));
		ck_assert(hb_peer_healthy(nodes[i].hb, (i + 2) % NODES));
		ck_assert(!hb_peer_healthy(nodes[i].hb, i));
		ck_assert_uint_eq(hb_failures_pending(nodes[i].hb), 0);
	}
	ck_assert_int_eq(nreports, 0);
	cluster_end(&m);
}
END_TEST

START_TEST(test_live_silent_then_back)
{
	struct osdmap m;
	int i;

	cluster(&m, 1);
	run_ms(400);
	ck_assert(hb_peer_healthy(nodes[0].hb, 2));
	hb_debug_drop_pings(nodes[2].hb, 1000000);
	run_ms(500);
	ck_assert_int_eq(nreports, 0);          /* not before the grace */
	run_ms(1500);
	ck_assert(!hb_peer_healthy(nodes[0].hb, 2));
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(count_reports(i, 2, MOSDFAILURE_FLAG_FAILED), 1);
		ck_assert_uint_eq(hb_failures_pending(nodes[i].hb), 1);
	}
	/* only osd.2 was reported, with its public addrs and our epoch */
	ck_assert_int_eq(nreports, 2);
	for (i = 0; i < nreports; i++) {
		ck_assert_uint_eq(reports[i].f.epoch, 20);
		ck_assert_uint_eq(reports[i].f.version, 20);
		ck_assert_int_eq(memcmp(&reports[i].f.fsid, &fsid, sizeof(fsid)), 0);
		ck_assert_uint_eq(reports[i].f.target_addrs.n, 1);
		ck_assert(entity_addr_equal(&reports[i].f.target_addrs.v[0],
					    &m.addrs[OSDMAP_ADDR_CLIENT][2]->v[0]));
		ck_assert_int_ge(reports[i].f.failed_for, 0);
		ck_assert_int_le(reports[i].f.failed_for, 2);
	}
	/* a new monitor session gets the pending report again */
	hb_mon_session(nodes[0].hb);
	ck_assert_int_eq(count_reports(0, 2, MOSDFAILURE_FLAG_FAILED), 2);

	/* osd.2 answers again: both withdraw their reports */
	hb_debug_drop_pings(nodes[2].hb, 0);
	run_ms(1000);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(count_reports(i, 2, MOSDFAILURE_FLAG_ALIVE), 1);
		ck_assert_uint_eq(hb_failures_pending(nodes[i].hb), 0);
		ck_assert(hb_peer_healthy(nodes[i].hb, 2));
	}
	ck_assert_int_eq(count_reports(2, 0, MOSDFAILURE_FLAG_FAILED) +
			 count_reports(2, 1, MOSDFAILURE_FLAG_FAILED), 0);
	cluster_end(&m);
}
END_TEST

START_TEST(test_live_killed_refused)
{
	struct osdmap m;
	int i;

	cluster(&m, 1);
	run_ms(400);
	node_stop(&nodes[2]);
	run_ms(500);            /* well inside the 800 ms grace */
	for (i = 0; i < 2; i++)
		ck_assert_int_ge(count_reports(i, 2, MOSDFAILURE_FLAG_FAILED |
					       MOSDFAILURE_FLAG_IMMEDIATE), 1);
	for (i = 0; i < nreports; i++) {
		ck_assert_int_eq(reports[i].f.target_osd, 2);
		if (reports[i].f.flags & MOSDFAILURE_FLAG_IMMEDIATE)
			ck_assert_int_eq(reports[i].f.failed_for, 1);   /* grace + 1 */
	}
	/* the map marks it down: no more reports, it is no peer any more */
	mark_down(&m, 2, 21);
	m.epoch = 21;
	hb_update(nodes[0].hb, &m, 5);
	hb_update(nodes[1].hb, &m, 5);
	nreports = 0;
	run_ms(1200);
	ck_assert_int_eq(nreports, 0);
	ck_assert_uint_eq(hb_peers(nodes[0].hb, NULL, 0), 1);
	ck_assert_uint_eq(hb_failures_pending(nodes[0].hb), 0);
	cluster_end(&m);
}
END_TEST

START_TEST(test_live_killed_timeout)
{
	struct osdmap m;
	int i;

	cluster(&m, 0);
	run_ms(400);
	node_stop(&nodes[2]);
	run_ms(500);
	ck_assert_int_eq(nreports, 0);
	/* the resets do not hide it: reported once the grace is over */
	run_ms(1500);
	for (i = 0; i < 2; i++)
		ck_assert_int_eq(count_reports(i, 2, MOSDFAILURE_FLAG_FAILED), 1);
	ck_assert_int_eq(nreports, 2);
	cluster_end(&m);
}
END_TEST

START_TEST(test_live_new_incarnation)
{
	struct osdmap m;
	int i;

	cluster(&m, 1);
	run_ms(400);
	/* osd.2 restarts at new addresses and the map says so at once */
	node_stop(&nodes[2]);
	node_start(&nodes[2], 2, 1);
	set_addr(&m, 2, OSDMAP_ADDR_HB_FRONT, msgr_addrs(nodes[2].front));
	set_addr(&m, 2, OSDMAP_ADDR_HB_BACK, msgr_addrs(nodes[2].back));
	m.epoch = 21;
	for (i = 0; i < NODES; i++)
		hb_update(nodes[i].hb, &m, i == 2 ? 21 : 5);
	run_ms(1500);
	/* nothing about the old incarnation, and the new one is healthy */
	ck_assert_int_eq(nreports, 0);
	for (i = 0; i < 2; i++)
		ck_assert(hb_peer_healthy(nodes[i].hb, 2));
	ck_assert(hb_peer_healthy(nodes[2].hb, 0));
	/* marked down and up again (not up in between): peers are rebuilt */
	hb_update(nodes[0].hb, &m, 0);
	ck_assert_uint_eq(hb_peers(nodes[0].hb, NULL, 0), 0);
	hb_update(nodes[0].hb, &m, 22);
	ck_assert_uint_eq(hb_peers(nodes[0].hb, NULL, 0), 2);
	run_ms(600);
	ck_assert(hb_peer_healthy(nodes[0].hb, 1));
	ck_assert_int_eq(nreports, 0);
	cluster_end(&m);
}
END_TEST

START_TEST(test_live_you_died)
{
	struct osdmap m, m2;

	cluster(&m, 1);
	/* osd.2 runs on epoch 20 where it is up; the others know it died at 21 */
	ck_assert_int_eq(osdmap_clone(&m2, &m), 0);
	mark_down(&m2, 2, 21);
	m2.epoch = 21;
	hb_update(nodes[0].hb, &m2, 5);
	hb_update(nodes[1].hb, &m2, 5);
	run_ms(600);
	ck_assert_uint_eq(hb_peers(nodes[0].hb, NULL, 0), 1);
	ck_assert_int_ge(nodes[2].need_map, 1);
	ck_assert_uint_eq(nodes[2].need_map_epoch, 21);
	/* nobody reports osd.2: it is down in their map */
	ck_assert_int_eq(count_reports(0, 2, MOSDFAILURE_FLAG_FAILED) +
			 count_reports(1, 2, MOSDFAILURE_FLAG_FAILED), 0);
	/* not up (booting): no peers, no pings, but pings are still answered */
	hb_update(nodes[2].hb, &m2, 0);
	ck_assert_uint_eq(hb_peers(nodes[2].hb, NULL, 0), 0);
	run_ms(300);
	ck_assert(hb_peer_healthy(nodes[0].hb, 1));
	hb_update(nodes[2].hb, &m, 0);
	osdmap_free(&m2);
	hb_update(nodes[0].hb, &m, 5);
	hb_update(nodes[1].hb, &m, 5);
	cluster_end(&m);
}
END_TEST

/* ---- raw pings from a bare messenger ---- */

struct probe {
	int nreplies, nyoudied, nother;
	struct mosdping last;
	size_t last_front;
};

static void
probe_dispatch(void *arg, struct conn *c, struct msg *m)
{
	struct probe *p = arg;
	struct mosdping r;

	if (m->hdr.type == MSG_OSD_PING && mosdping_decode_msg(m, &r) == 0) {
		if (r.op == MOSDPING_PING_REPLY) {
			p->nreplies++;
			p->last = r;
			p->last_front = m->front.len;
		} else if (r.op == MOSDPING_YOU_DIED) {
			p->nyoudied++;
		} else {
			p->nother++;
		}
	} else {
		p->nother++;
	}
	msg_free(m);
}

static const struct msgr_ops probe_ops = { .dispatch = probe_dispatch };

static struct mosdping
good_ping(void)
{
	struct mosdping p;

	memset(&p, 0, sizeof(p));
	p.fsid = fsid;
	p.map_epoch = 3;
	p.op = MOSDPING_PING;
	p.ping_stamp.sec = 1234;
	p.ping_stamp.nsec = 5678;
	p.mono_ping_stamp = 99000000001LL;
	p.mono_send_stamp = 99000000001LL;
	p.up_from = 2;
	p.min_message_size = 2000;
	return p;
}

START_TEST(test_live_hostile)
{
	struct osdmap m;
	struct probe pr;
	struct msgr *cl;
	struct conn *c;
	struct mosdping p;
	struct msg *msg;

	cluster(&m, 1);
	memset(&pr, 0, sizeof(pr));
	cl = msgr_new(base, ENTITY_TYPE_OSD, 7, &probe_ops, &pr);
	msgr_set_default_policy(cl, msgr_policy_lossy_client());
	c = msgr_connect(cl, msgr_addrs(nodes[0].back), ENTITY_TYPE_OSD);

	p = good_ping();                /* another cluster */
	p.fsid.b[0] ^= 1;
	conn_send(c, mosdping_msg(&p));
	msg = mosdping_msg(&p);         /* too old a version */
	msg->hdr.version = 3;
	conn_send(c, msg);
	p = good_ping();                /* unknown op */
	p.op = 9;
	conn_send(c, mosdping_msg(&p));
	msg = msg_new();                /* truncated */
	msg->hdr.type = MSG_OSD_PING;
	msg->hdr.version = 5;
	buf_append(&msg->front, "0123456789", 10);
	conn_send(c, msg);
	msg = mosdping_msg(&p);         /* padding announced, not there */
	{
		struct buf t = BUF_INIT;

		buf_slice(&msg->front, 0, 100, &t);
		buf_free(&msg->front);
		msg->front = t;
	}
	conn_send(c, msg);
	msg = msg_new();                /* not a ping at all */
	msg->hdr.type = MSG_OSD_BOOT;
	conn_send(c, msg);
	run_ms(300);
	ck_assert_int_eq(pr.nreplies + pr.nyoudied + pr.nother, 0);

	/* a good ping from an OSD the map does not know: reply and YOU_DIED */
	p = good_ping();
	conn_send(c, mosdping_msg(&p));
	run_ms(600);
	ck_assert_int_eq(pr.nreplies, 1);
	ck_assert_int_eq(pr.nyoudied, 1);
	ck_assert_int_eq(pr.nother, 0);
	ck_assert_uint_eq(pr.last.ping_stamp.sec, 1234);
	ck_assert_uint_eq(pr.last.ping_stamp.nsec, 5678);
	ck_assert_int_eq(pr.last.mono_ping_stamp, 99000000001LL);
	ck_assert_uint_eq(pr.last.map_epoch, 20);
	ck_assert_uint_eq(pr.last.up_from, 5);
	ck_assert_int_eq(pr.last.has_delta_ub, 1);
	ck_assert_uint_eq(pr.last_front, 2033);
	ck_assert_int_eq(memcmp(&pr.last.fsid, &fsid, sizeof(fsid)), 0);

	/* stopping: pings are no longer answered */
	hb_stop(nodes[0].hb);
	conn_send(c, mosdping_msg(&p));
	run_ms(300);
	ck_assert_int_eq(pr.nreplies, 1);
	msgr_free(cl);
	cluster_end(&m);
}
END_TEST

START_TEST(test_new_bad_config)
{
	struct hb_config cfg;
	struct hb *h = NULL;

	base = event_base_new();
	hb_config_default(&cfg);
	ck_assert_int_eq(hb_new(base, &cfg, &ops, NULL, &h), -EINVAL);  /* whoami -1 */
	cfg.whoami = OSDMAP_MAX_OSD;
	ck_assert_int_eq(hb_new(base, &cfg, &ops, NULL, &h), -EINVAL);
	cfg.whoami = 0;
	ck_assert_int_eq(hb_new(base, &cfg, &ops, NULL, &h), 0);
	/* no map yet: timers run and do nothing */
	run_ms(100);
	ck_assert_uint_eq(hb_peers(h, NULL, 0), 0);
	hb_free(h);
	event_base_free(base);
	base = NULL;
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("heartbeat");
	TCase *tc = tcase_create("peers");
	TCase *live = tcase_create("live");

	tcase_add_test(tc, test_neighbours);
	tcase_add_test(tc, test_pg_peers);
	tcase_add_test(tc, test_subtrees);
	suite_add_tcase(s, tc);
	tcase_set_timeout(live, 60);
	tcase_add_test(live, test_new_bad_config);
	tcase_add_test(live, test_live_healthy);
	tcase_add_test(live, test_live_silent_then_back);
	tcase_add_test(live, test_live_killed_refused);
	tcase_add_test(live, test_live_killed_timeout);
	tcase_add_test(live, test_live_new_incarnation);
	tcase_add_test(live, test_live_you_died);
	tcase_add_test(live, test_live_hostile);
	suite_add_tcase(s, live);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	uuid_parse("1374cadc-32fb-4b6a-9447-b5dce323fa2c", &fsid);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	msg_pool_drain();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
