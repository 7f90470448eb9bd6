/*
 * boot_msgs_test.c — the OSD's monitor messages against fronts captured
 * from a live 16.2.15 OSD (t/vectors/mon-session/): MOSDBoot, MOSDBeacon,
 * MOSDAlive, MOSDMarkMeDown and MOSDPGCreated re-encoded byte for byte,
 * MOSDMap and MOSDPGCreate2 decoded (and the maps applied), truncations
 * rejected; plus the data directory files.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "msg/features.h"
#include "msg/message.h"
#include "osd/datadir.h"
#include "osd/osd.h"
#include "osd/osd_msgs.h"
#include "osd/osdmap_inc.h"
#include "t/osd/osd_test_util.h"

#define FB "mon-session/osd0_first_boot/"
#define FSID "2cb79cc7-3ab4-4259-b162-ac1e3bb6b168"

static uint8_t *
vec(const char *rel, size_t *len)
{
	uint8_t *p = tu_read_vector(rel, len);

	ck_assert_msg(p != NULL, "missing vector %s", rel);
	return p;
}

static void
assert_buf_eq(const struct buf *b, const char *rel)
{
	size_t vl;
	uint8_t *v = vec(rel, &vl), *f = malloc(b->len ? b->len : 1);
	size_t i;

	ck_assert_int_eq(buf_copy_out(b, 0, b->len, f), 0);
	ck_assert_msg(b->len == vl, "%s: length %zu, captured %zu", rel, b->len, vl);
	for (i = 0; i < vl; i++)
		ck_assert_msg(f[i] == v[i], "%s: byte %zu is %02x, captured %02x", rel, i, f[i], v[i]);
	free(v);
	free(f);
}

START_TEST(test_boot)
{
	size_t len, cut;
	uint8_t *p = vec(FB "012_c2m_MSG_OSD_BOOT_v7.front.bin", &len);
	struct osd_boot bt, bt2;
	struct buf b = BUF_INIT;
	struct msg *m;
	char s[128];
	uint32_t i;

	ck_assert_int_eq(osd_boot_decode(p, len, &bt), 0);
	ck_assert_uint_eq(bt.version, 4);
	uuid_format(&bt.sb.cluster_fsid, s);
	ck_assert_str_eq(s, FSID);
	uuid_format(&bt.sb.osd_fsid, s);
	ck_assert_str_eq(s, "ceaae0de-93ec-4a20-a493-32afd00827cf");
	ck_assert_int_eq(bt.sb.whoami, 0);
	ck_assert_uint_eq(bt.sb.current_epoch, 4);
	ck_assert_uint_eq(bt.sb.oldest_map, 1);
	ck_assert_uint_eq(bt.sb.newest_map, 4);
	ck_assert_uint_eq(bt.sb.purged_snaps_last, 4);
	ck_assert_uint_eq(bt.sb.cluster_osdmap_trim_lower_bound, 1);
	entity_addrvec_format(&bt.hb_back_addrs, s, sizeof(s));
	ck_assert_str_eq(s, "[v2:127.0.0.1:6838/8650,v1:127.0.0.1:6839/8650]");
	entity_addrvec_format(&bt.cluster_addrs, s, sizeof(s));
	ck_assert_str_eq(s, "[v2:127.0.0.1:6834/8650,v1:127.0.0.1:6835/8650]");
	ck_assert_uint_eq(bt.boot_epoch, 0);
	ck_assert_uint_eq(bt.osd_features, CEPH_FEATURES_SUPPORTED_PACIFIC);
	ck_assert_uint_eq(bt.nmeta, 33);
	for (i = 0; i < bt.nmeta; i++)
		if (strcmp(bt.meta[i].key, "osd_objectstore") == 0)
			ck_assert_str_eq(bt.meta[i].val, "memstore");

	/* re-encoded exactly, also with our own CompatSet instead of the captured */
	osd_boot_encode(&b, &bt);
	assert_buf_eq(&b, FB "012_c2m_MSG_OSD_BOOT_v7.front.bin");
	buf_free(&b);
	bt2 = bt;
	bt2.sb.compat_raw = NULL;
	/* metadata order does not matter to the encoder (std::map) */
	bt2.meta[0] = bt.meta[bt.nmeta - 1];
	bt2.meta[bt.nmeta - 1] = bt.meta[0];
	m = osd_msg_boot(&bt2);
	ck_assert_uint_eq(m->hdr.type, MSG_OSD_BOOT);
	ck_assert_uint_eq(m->hdr.version, 7);
	ck_assert_uint_eq(m->hdr.compat_version, 7);
	assert_buf_eq(&m->front, FB "012_c2m_MSG_OSD_BOOT_v7.front.bin");
	msg_free(m);
	osd_boot_free_meta(&bt);

	for (cut = 0; cut < len; cut += (cut < 700 ? 1 : 13)) {
		ck_assert_int_ne(osd_boot_decode(p, cut, &bt), 0);
		ck_assert_uint_eq(bt.nmeta, 0);
	}
	free(p);
}
END_TEST

START_TEST(test_beacon_alive_created)
{
	size_t len;
	uint8_t *p = vec(FB "018_c2m_MSG_OSD_BEACON_v3.front.bin", &len);
	struct osd_beacon b;
	struct msg *m;
	struct pg pg;
	uint64_t v;
	uint32_t want;

	ck_assert_int_eq(osd_beacon_decode(p, len, &b), 0);
	ck_assert_uint_eq(b.version, 6);
	ck_assert_uint_eq(b.npgs, 0);
	ck_assert_uint_eq(b.min_last_epoch_clean, 0);
	ck_assert_int_eq(b.report_interval, 300);
	ck_assert_uint_eq(b.last_purged_snaps_scrub.sec, 1795571818);
	m = osd_msg_beacon(&b);
	ck_assert_uint_eq(m->hdr.version, 3);
	ck_assert_uint_eq(m->hdr.compat_version, 1);
	assert_buf_eq(&m->front, FB "018_c2m_MSG_OSD_BEACON_v3.front.bin");
	msg_free(m);
	free(b.pgs);
	ck_assert_int_ne(osd_beacon_decode(p, len - 1, &b), 0);
	put_le32(p + 18, 100000);       /* pg count far beyond the bytes */
	ck_assert_int_ne(osd_beacon_decode(p, len, &b), 0);
	free(p);

	m = osd_msg_alive(13, 13);
	assert_buf_eq(&m->front, FB "023_c2m_MSG_OSD_ALIVE_v1.front.bin");
	msg_free(m);
	p = vec(FB "023_c2m_MSG_OSD_ALIVE_v1.front.bin", &len);
	ck_assert_int_eq(osd_alive_decode(p, len, &v, &want), 0);
	ck_assert_uint_eq(want, 13);
	ck_assert_int_ne(osd_alive_decode(p, len - 1, &v, &want), 0);
	free(p);

	ck_assert_int_eq(pg_parse("1.1b", &pg), 0);
	m = osd_msg_pg_created(&pg);
	ck_assert_uint_eq(m->hdr.type, MSG_OSD_PG_CREATED);
	assert_buf_eq(&m->front, FB "024_c2m_MSG_OSD_PG_CREATED_v1.front.bin");
	msg_free(m);
	p = vec(FB "024_c2m_MSG_OSD_PG_CREATED_v1.front.bin", &len);
	memset(&pg, 0, sizeof(pg));
	ck_assert_int_eq(osd_pg_created_decode(p, len, &pg), 0);
	ck_assert_uint_eq(pg.seed, 0x1b);
	ck_assert_int_ne(osd_pg_created_decode(p, len - 4, &pg), 0);
	free(p);
}
END_TEST

START_TEST(test_mark_me_down)
{
	size_t len, cut;
	uint8_t *p = vec("mon-session/osd2_shutdown_tail/005_c2m_MSG_OSD_MARK_ME_DOWN_v4.front.bin", &len);
	struct osd_mark_me_down md;
	struct msg *m;
	char s[128];

	ck_assert_int_eq(osd_mark_me_down_decode(p, len, 4, &md), 0);
	ck_assert_uint_eq(md.version, 40);
	ck_assert_int_eq(md.target_osd, 2);
	ck_assert_uint_eq(md.epoch, 40);
	ck_assert_int_eq(md.request_ack, 1);
	ck_assert_int_eq(md.down_and_dead, 1);
	entity_addrvec_format(&md.target_addrs, s, sizeof(s));
	ck_assert_str_eq(s, "[v2:127.0.0.1:6848/8842,v1:127.0.0.1:6849/8842]");
	m = osd_msg_mark_me_down(&md);
	ck_assert_uint_eq(m->hdr.version, 4);
	ck_assert_uint_eq(m->hdr.compat_version, 3);
	assert_buf_eq(&m->front, "mon-session/osd2_shutdown_tail/005_c2m_MSG_OSD_MARK_ME_DOWN_v4.front.bin");
	msg_free(m);
	for (cut = 0; cut < len; cut++)
		ck_assert_int_ne(osd_mark_me_down_decode(p, cut, 4, &md), 0);
	free(p);
	/* the monitor's ack: same layout, request_ack false */
	p = vec("mon-session/osd2_shutdown_tail/010_m2c_MSG_OSD_MARK_ME_DOWN_v4.front.bin", &len);
	ck_assert_int_eq(osd_mark_me_down_decode(p, len, 4, &md), 0);
	ck_assert_int_eq(md.target_osd, 2);
	ck_assert_int_eq(md.request_ack, 0);
	free(p);
}
END_TEST

START_TEST(test_osdmap_msg)
{
	size_t len, cut;
	uint8_t *p = vec(FB "012_m2c_CEPH_MSG_OSD_MAP_v4.front.bin", &len), *q;
	struct osd_map_msg om;
	struct osdmap map;
	struct osdmap_inc inc;
	struct msg *m;
	uint32_t i;
	char s[37];

	ck_assert_int_eq(osd_map_msg_decode(p, len, 4, &om), 0);
	uuid_format(&om.fsid, s);
	ck_assert_str_eq(s, FSID);
	ck_assert_uint_eq(om.ninc, 4);
	ck_assert_uint_eq(om.nfull, 0);
	ck_assert_uint_eq(om.oldest_map, 1);
	ck_assert_uint_eq(om.newest_map, 4);
	ck_assert_uint_eq(om.inc[0].len, 882);
	ck_assert_uint_eq(om.inc[3].len, 791);
	/* the incrementals apply in order to epoch 4, crc checked each time */
	osdmap_init(&map);
	for (i = 0; i < om.ninc; i++) {
		ck_assert_uint_eq(om.inc[i].epoch, i + 1);
		ck_assert_int_eq(osdmap_inc_decode_bytes(om.inc[i].p, om.inc[i].len, &inc), 0);
		ck_assert_int_eq(osdmap_apply_inc(&map, &inc), 0);
		osdmap_inc_free(&inc);
	}
	ck_assert_uint_eq(map.epoch, 4);
	/* and our encoder of the message gives back the captured front */
	m = osd_msg_osdmap(&om.fsid, om.inc, om.ninc, NULL, 0, 1, 4);
	assert_buf_eq(&m->front, FB "012_m2c_CEPH_MSG_OSD_MAP_v4.front.bin");
	msg_free(m);
	osd_map_msg_free(&om);
	osdmap_free(&map);

	for (cut = 0; cut < len; cut += 7)
		ck_assert_int_ne(osd_map_msg_decode(p, cut, 4, &om), 0);
	/* epochs must ascend */
	q = malloc(len);
	memcpy(q, p, len);
	put_le32(q + 16 + 4, 9);        /* first key 1 -> 9, then 2 */
	ck_assert_int_eq(osd_map_msg_decode(q, len, 4, &om), -EPROTO);
	memcpy(q, p, len);
	put_le32(q + 16, 0x10000000);   /* absurd count */
	ck_assert_int_ne(osd_map_msg_decode(q, len, 4, &om), 0);
	free(q);
	free(p);
}
END_TEST

START_TEST(test_pg_create2)
{
	size_t len, cut;
	uint8_t *p = vec(FB "027_m2c_MSG_OSD_PG_CREATE2_v2.front.bin", &len);
	struct osd_pg_create2 c;
	static const uint32_t seeds[] = { 0x2, 0x10, 0x11, 0x12, 0x17, 0x1b, 0x1c, 0x1f };
	uint32_t i;

	ck_assert_int_eq(osd_pg_create2_decode(p, len, 2, &c), 0);
	ck_assert_uint_eq(c.epoch, 13);
	ck_assert_uint_eq(c.npgs, 8);
	for (i = 0; i < 8; i++) {
		ck_assert_uint_eq(c.pgs[i].pgid.pgid.pool, 1);
		ck_assert_uint_eq(c.pgs[i].pgid.pgid.seed, seeds[i]);
		ck_assert_int_eq(c.pgs[i].pgid.shard, -1);
		ck_assert_uint_eq(c.pgs[i].created, 13);
		ck_assert_int_eq(c.pgs[i].has_extra, 1);
		ck_assert_uint_eq(c.pgs[i].same_interval_since, 13);
		ck_assert_uint_eq(c.pgs[i].epoch_pool_created, 13);
	}
	osd_pg_create2_free(&c);
	/* v1 stops after the pgs */
	ck_assert_int_eq(osd_pg_create2_decode(p, len, 1, &c), 0);
	ck_assert_int_eq(c.pgs[0].has_extra, 0);
	osd_pg_create2_free(&c);
	for (cut = 0; cut < len; cut += 3) {
		ck_assert_int_ne(osd_pg_create2_decode(p, cut, 2, &c), 0);
		ck_assert_ptr_null(c.pgs);
	}
	free(p);
}
END_TEST

START_TEST(test_pools_line)
{
	size_t len;
	uint8_t *p = vec("osdmap/osdmap_e40.bin", &len);
	struct osdmap m;
	char line[1024];

	ck_assert_int_eq(osdmap_decode_bytes(p, len, &m), 0);
	osd_format_pools(&m, line, sizeof(line));
	ck_assert_msg(strncmp(line, "osdmap e40 pools: ", 18) == 0, "%s", line);
	ck_assert_msg(strstr(line, " size ") && strstr(line, " pg_num "), "%s", line);
	osdmap_free(&m);
	free(p);
}
END_TEST

START_TEST(test_datadir)
{
	char dir[] = "/tmp/osdfarm-datadir-XXXXXX", sub[128], s[64];
	struct datadir dd, got;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/osd", dir);
	ck_assert_int_eq(datadir_load(sub, &got), -ENOENT);
	memset(&dd, 0, sizeof(dd));
	uuid_generate(&dd.cluster_fsid);
	uuid_generate(&dd.osd_fsid);
	dd.whoami = 7;
	ck_assert_int_eq(datadir_mkfs(sub, &dd), 0);
	ck_assert_int_eq(datadir_load(sub, &got), 0);
	ck_assert_int_eq(got.whoami, 7);
	ck_assert_int_eq(memcmp(&got.cluster_fsid, &dd.cluster_fsid, 16), 0);
	ck_assert_int_eq(memcmp(&got.osd_fsid, &dd.osd_fsid, 16), 0);
	ck_assert_str_eq(got.type, "memstore");
	ck_assert_int_eq(datadir_read(sub, "magic", s, sizeof(s)), 0);
	ck_assert_str_eq(s, DATADIR_MAGIC);
	ck_assert_int_eq(datadir_read(sub, "magic", s, 4), -E2BIG);
	/* damaged files are errors, not crashes or garbage */
	ck_assert_int_eq(datadir_write(sub, "whoami", "x7"), 0);
	ck_assert_int_eq(datadir_load(sub, &got), -EINVAL);
	ck_assert_int_eq(datadir_write(sub, "whoami", "-1"), 0);
	ck_assert_int_eq(datadir_load(sub, &got), -EINVAL);
	ck_assert_int_eq(datadir_write(sub, "whoami", "3"), 0);
	ck_assert_int_eq(datadir_write(sub, "fsid", "not-a-uuid"), 0);
	ck_assert_int_eq(datadir_load(sub, &got), -EINVAL);
	ck_assert_int_eq(datadir_read_osd_fsid(sub, &got.osd_fsid), -EINVAL);
	snprintf(s, sizeof(s), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(s), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("boot_msgs");
	TCase *tc = tcase_create("all");
	SRunner *sr;
	int nf;

	tcase_add_test(tc, test_boot);
	tcase_add_test(tc, test_beacon_alive_created);
	tcase_add_test(tc, test_mark_me_down);
	tcase_add_test(tc, test_osdmap_msg);
	tcase_add_test(tc, test_pg_create2);
	tcase_add_test(tc, test_pools_line);
	tcase_add_test(tc, test_datadir);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	msg_pool_drain();
	return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
