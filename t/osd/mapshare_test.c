/*
 * mapshare_test.c — osd/mapshare.h between two real messengers on
 * loopback: a peer behind us gets our full map once per epoch over a
 * lossless cluster session (and it decodes to that epoch, with the oldest
 * epoch we said); a peer that is not behind, down, unknown or moved gets
 * nothing or a fresh session; the cached encoding is the same one the
 * op path sends clients.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "common/buf.h"
#include "common/mem.h"
#include "msg/message.h"
#include "msg/message_types.h"
#include "msg/msgr.h"
#include "osd/mapshare.h"
#include "osd/osd_msgs.h"
#include "osd/osdmap.h"
#include "t/osd/osd_test_util.h"

static struct event_base *base;

struct peer {
	struct msgr *m;
	int nmaps;
	uint32_t last_epoch, last_oldest, last_newest;
	int decoded_ok;
};

static void
peer_dispatch(void *arg, struct conn *c, struct msg *m)
{
	struct peer *p = arg;
	struct osd_map_msg om;
	struct osdmap got;

	if (m->hdr.type == CEPH_MSG_OSD_MAP &&
	    osd_map_msg_decode(buf_contig(&m->front, 0, m->front.len), m->front.len,
			       m->hdr.version, &om) == 0) {
		p->nmaps++;
		p->last_oldest = om.oldest_map;
		p->last_newest = om.newest_map;
		p->decoded_ok = 0;
		if (om.nfull == 1 && om.ninc == 0) {
			osdmap_init(&got);
			if (osdmap_decode_bytes(om.full[0].p, om.full[0].len, &got) == 0 &&
			    got.epoch == om.full[0].epoch) {
				p->decoded_ok = 1;
				p->last_epoch = got.epoch;
			}
			osdmap_free(&got);
		}
		osd_map_msg_free(&om);
	}
	msg_free(m);
}

static const struct msgr_ops peer_ops = { .dispatch = peer_dispatch };
static const struct msgr_ops idle_ops = { 0 };

static void
run_ms(int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
}

/* Run the loop until the peer has n maps (at most 3 s). */
static void
wait_maps(struct peer *p, int n)
{
	for (int i = 0; i < 60 && p->nmaps < n; i++)
		run_ms(50);
}

static struct msgr *
osd_msgr(int32_t id, const struct msgr_ops *ops, void *arg, int bind)
{
	struct msgr *m = msgr_new(base, ENTITY_TYPE_OSD, id, ops, arg);
	struct entity_addr a;

	msgr_set_nonce(m, 500 + (uint32_t)id);
	msgr_set_policy(m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	if (bind) {
		ck_assert_int_eq(entity_addr_parse("v2:127.0.0.1:0", ENTITY_ADDR_MSGR2, &a), 0);
		a.nonce = 500 + (uint32_t)id;
		ck_assert_int_eq(msgr_bind(m, &a), 0);
	}
	return m;
}

/* A real map (vector), with osd.1 up at the peer's address. */
static void
load_map(struct osdmap *m, const struct entity_addrvec *peer_addrs)
{
	size_t len;
	uint8_t *p = tu_read_vector("osdmap/osdmap_e40.bin", &len);

	ck_assert_ptr_nonnull(p);
	osdmap_init(m);
	ck_assert_int_eq(osdmap_decode_bytes(p, len, m), 0);
	free(p);
	if (m->max_osd < 2)
		osdmap_set_max_osd(m, 2);
	m->osd_state[1] |= OSD_STATE_EXISTS | OSD_STATE_UP;
	free(m->addrs[OSDMAP_ADDR_CLUSTER][1]);
	m->addrs[OSDMAP_ADDR_CLUSTER][1] = xmalloc(sizeof(*peer_addrs));
	*m->addrs[OSDMAP_ADDR_CLUSTER][1] = *peer_addrs;
}

START_TEST(shares_once_per_epoch)
{
	struct peer peer = { 0 };
	struct msgr *us;
	struct mapshare *ms;
	struct osdmap m;
	uint32_t e;

	base = event_base_new();
	peer.m = osd_msgr(1, &peer_ops, &peer, 1);
	us = osd_msgr(0, &idle_ops, NULL, 0);
	ms = mapshare_new(us);
	load_map(&m, msgr_addrs(peer.m));
	e = m.epoch;

	/* not behind: nothing */
	ck_assert_int_eq(mapshare_to_peer(ms, &m, 0, 1, e), 0);
	ck_assert_int_eq(mapshare_to_peer(ms, &m, 0, 1, e + 5), 0);
	/* behind: our full map, with the oldest epoch we hold */
	ck_assert_int_eq(mapshare_to_peer(ms, &m, e - 3, 1, e - 10), 1);
	wait_maps(&peer, 1);
	ck_assert_int_eq(peer.nmaps, 1);
	ck_assert_int_eq(peer.decoded_ok, 1);
	ck_assert_uint_eq(peer.last_epoch, e);
	ck_assert_uint_eq(peer.last_newest, e);
	ck_assert_uint_eq(peer.last_oldest, e - 3);
	/* the same epoch again (every ping says it is behind): not resent */
	ck_assert_int_eq(mapshare_to_peer(ms, &m, e - 3, 1, e - 10), 0);
	run_ms(200);
	ck_assert_int_eq(peer.nmaps, 1);
	/* a newer epoch: sent, on the same session; oldest 0 means "this one" */
	m.epoch = e + 1;
	ck_assert_int_eq(mapshare_to_peer(ms, &m, 0, 1, e), 1);
	wait_maps(&peer, 2);
	ck_assert_int_eq(peer.nmaps, 2);
	ck_assert_uint_eq(peer.last_oldest, e + 1);
	ck_assert_uint_eq(peer.last_newest, e + 1);

	mapshare_free(ms);
	msgr_free(us);
	msgr_free(peer.m);
	osdmap_free(&m);
	event_base_free(base);
	msg_pool_drain();
}
END_TEST

START_TEST(not_to_down_or_unknown_osds)
{
	struct peer peer = { 0 };
	struct msgr *us;
	struct mapshare *ms;
	struct osdmap m;
	uint32_t e;

	base = event_base_new();
	peer.m = osd_msgr(1, &peer_ops, &peer, 1);
	us = osd_msgr(0, &idle_ops, NULL, 0);
	ms = mapshare_new(us);
	load_map(&m, msgr_addrs(peer.m));
	e = m.epoch;

	/* ids off the wire: negative, past max_osd, far past it */
	ck_assert_int_eq(mapshare_to_peer(ms, &m, 0, -1, 1), 0);
	ck_assert_int_eq(mapshare_to_peer(ms, &m, 0, m.max_osd, 1), 0);
	ck_assert_int_eq(mapshare_to_peer(ms, &m, 0, OSDMAP_MAX_OSD + 7, 1), 0);
	/* down in our map */
	m.osd_state[1] &= ~OSD_STATE_UP;
	ck_assert_int_eq(mapshare_to_peer(ms, &m, 0, 1, 1), 0);
	run_ms(200);
	ck_assert_int_eq(peer.nmaps, 0);

	/* up again: shared; then down: the session is closed, and back up
	 * in a newer epoch it is dialled afresh */
	m.osd_state[1] |= OSD_STATE_UP;
	ck_assert_int_eq(mapshare_to_peer(ms, &m, 0, 1, 1), 1);
	wait_maps(&peer, 1);
	ck_assert_int_eq(peer.nmaps, 1);
	m.osd_state[1] &= ~OSD_STATE_UP;
	mapshare_update(ms, &m);
	m.osd_state[1] |= OSD_STATE_UP;
	m.epoch = e + 2;
	ck_assert_int_eq(mapshare_to_peer(ms, &m, 0, 1, 1), 1);
	wait_maps(&peer, 2);
	ck_assert_int_eq(peer.nmaps, 2);
	ck_assert_uint_eq(peer.last_epoch, e + 2);

	mapshare_free(ms);
	msgr_free(us);
	msgr_free(peer.m);
	osdmap_free(&m);
	event_base_free(base);
	msg_pool_drain();
}
END_TEST

START_TEST(cache_encodes_once)
{
	struct mapshare_cache c;
	struct osdmap m;
	struct msg *a, *b;
	size_t len;
	uint8_t *p = tu_read_vector("osdmap/osdmap_e40.bin", &len);

	ck_assert_ptr_nonnull(p);
	osdmap_init(&m);
	ck_assert_int_eq(osdmap_decode_bytes(p, len, &m), 0);
	mapshare_cache_init(&c);
	a = mapshare_cache_msg(&c, &m, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(c.epoch, m.epoch);
	/* the live vector re-encodes byte for byte */
	ck_assert_uint_eq(c.enc.len, len);
	ck_assert_int_eq(memcmp(buf_contig(&c.enc, 0, len), p, len), 0);
	b = mapshare_cache_msg(&c, &m, 0);
	ck_assert_int_eq(buf_equal(&a->front, &b->front), 1);
	msg_free(a);
	msg_free(b);
	mapshare_cache_free(&c);
	osdmap_free(&m);
	free(p);
	msg_pool_drain();
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("mapshare");
	TCase *tc = tcase_create("mapshare");
	SRunner *sr;
	int nf;

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, shares_once_per_epoch);
	tcase_add_test(tc, not_to_down_or_unknown_osds);
	tcase_add_test(tc, cache_encodes_once);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
