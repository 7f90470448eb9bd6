/*
 * mon_msgs_test.c — the MonMap and the mon-session messages against the
 * fronts captured from a live 16.2.15 session (t/vectors/mon-session/):
 * decoders read the real bytes, encoders reproduce them byte for byte, and
 * every truncation of a real front is a clean error.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "mon/mon_msgs.h"
#include "mon/monmap.h"
#include "msg/message.h"

#define FB "mon-session/osd0_first_boot/"
#define FSID "2cb79cc7-3ab4-4259-b162-ac1e3bb6b168"

static uint8_t *
vec(const char *rel, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[1024];
	FILE *f;
	uint8_t *p;
	long n;

	snprintf(path, sizeof(path), "%s/t/vectors/%s", top ? top : ".", rel);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "missing vector %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc(n ? (size_t)n : 1);
	ck_assert(fread(p, 1, (size_t)n, f) == (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* The message's front flattened. */
static uint8_t *
front(struct msg *m, size_t *len)
{
	uint8_t *p = malloc(m->front.len ? m->front.len : 1);

	ck_assert_int_eq(buf_copy_out(&m->front, 0, m->front.len, p), 0);
	*len = m->front.len;
	return p;
}

static void
assert_front_eq(struct msg *m, const char *rel)
{
	size_t vl, fl;
	uint8_t *v = vec(rel, &vl), *f = front(m, &fl);

	ck_assert_msg(fl == vl, "%s: length %zu, captured %zu", rel, fl, vl);
	ck_assert_msg(memcmp(f, v, vl) == 0, "%s: bytes differ", rel);
	free(v);
	free(f);
}

START_TEST(test_monmap_vector)
{
	size_t len;
	uint8_t *p = vec(FB "005_m2c_CEPH_MSG_MON_MAP_v1.front.bin", &len);
	struct monmap mm;
	char s[128];

	ck_assert_int_eq(monmap_decode_msg_front(p, len, &mm), 0);
	uuid_format(&mm.fsid, s);
	ck_assert_str_eq(s, FSID);
	ck_assert_uint_eq(mm.epoch, 1);
	ck_assert_uint_eq(mm.nmons, 1);
	ck_assert_str_eq(mm.mons[0].name, "a");
	ck_assert_uint_eq(mm.min_mon_release, 16);
	entity_addrvec_format(&mm.mons[0].addrs, s, sizeof(s));
	ck_assert_str_eq(s, "[v2:127.0.0.1:40200/0,v1:127.0.0.1:40201/0]");
	ck_assert_int_eq(monmap_rank_by_name(&mm, "a"), 0);
	ck_assert_int_eq(monmap_rank_by_name(&mm, "b"), -1);
	monmap_free(&mm);
	free(p);
}
END_TEST

START_TEST(test_monmap_malformed)
{
	size_t len, cut;
	uint8_t *p = vec(FB "005_m2c_CEPH_MSG_MON_MAP_v1.front.bin", &len), *q;
	struct monmap mm;

	/* every truncation (also of the inner bufferlist length) fails cleanly */
	for (cut = 0; cut < len; cut++) {
		q = malloc(cut ? cut : 1);
		memcpy(q, p, cut);
		ck_assert_int_ne(monmap_decode_msg_front(q, cut, &mm), 0);
		ck_assert_ptr_null(mm.mons);
		free(q);
	}
	/* a huge mon count (bytes 0x4a.. of the front: the mon_info map) */
	q = malloc(len);
	memcpy(q, p, len);
	put_le32(q + 0x4a, 0x7fffffff);
	ck_assert_int_ne(monmap_decode_msg_front(q, len, &mm), 0);
	/* pre-Nautilus struct_v is refused */
	memcpy(q, p, len);
	q[4] = 5;
	q[5] = 3;
	ck_assert_int_eq(monmap_decode_msg_front(q, len, &mm), -EOPNOTSUPP);
	/* a rank naming no monitor: the rank string "a" -> "b" */
	memcpy(q, p, len);
	ck_assert_int_eq(q[0xb9], 'a');
	q[0xb9] = 'b';
	ck_assert_int_eq(monmap_decode_msg_front(q, len, &mm), -EPROTO);
	free(q);
	free(p);
}
END_TEST

static struct mon_subscribe
subs(const char *a, uint64_t as, uint8_t af, const char *b, uint64_t bs, uint8_t bf)
{
	struct mon_subscribe s;

	memset(&s, 0, sizeof(s));
	snprintf(s.hostname, sizeof(s.hostname), "vm");
	snprintf(s.items[0].what, MON_SUB_NAME_MAX, "%s", a);
	s.items[0].start = as;
	s.items[0].flags = af;
	s.n = 1;
	if (b) {
		snprintf(s.items[1].what, MON_SUB_NAME_MAX, "%s", b);
		s.items[1].start = bs;
		s.items[1].flags = bf;
		s.n = 2;
	}
	return s;
}

START_TEST(test_subscribe_encode)
{
	struct mon_subscribe s;
	struct msg *m;

	/* given out of order: the encoder sorts like std::map */
	s = subs("monmap", 0, 0, "config", 0, 0);
	m = mon_msg_subscribe(&s);
	ck_assert_uint_eq(m->hdr.type, CEPH_MSG_MON_SUBSCRIBE);
	ck_assert_uint_eq(m->hdr.version, 3);
	ck_assert_uint_eq(m->hdr.compat_version, 1);
	assert_front_eq(m, FB "006_c2m_CEPH_MSG_MON_SUBSCRIBE_v3.front.bin");
	msg_free(m);
	s = subs("osd_pg_creates", 0, 0, "mgrmap", 0, 0);
	m = mon_msg_subscribe(&s);
	assert_front_eq(m, FB "009_c2m_CEPH_MSG_MON_SUBSCRIBE_v3.front.bin");
	msg_free(m);
	s = subs("osdmap", 1, MON_SUB_ONETIME, NULL, 0, 0);
	m = mon_msg_subscribe(&s);
	assert_front_eq(m, FB "011_c2m_CEPH_MSG_MON_SUBSCRIBE_v3.front.bin");
	msg_free(m);
}
END_TEST

START_TEST(test_subscribe_decode)
{
	size_t len, cut;
	uint8_t *p = vec(FB "011_c2m_CEPH_MSG_MON_SUBSCRIBE_v3.front.bin", &len);
	struct mon_subscribe s;

	ck_assert_int_eq(mon_subscribe_decode(p, len, &s), 0);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_str_eq(s.items[0].what, "osdmap");
	ck_assert_uint_eq(s.items[0].start, 1);
	ck_assert_uint_eq(s.items[0].flags, MON_SUB_ONETIME);
	ck_assert_str_eq(s.hostname, "vm");
	for (cut = 1; cut < len - 6; cut++)     /* hostname is optional (v1/v2) */
		ck_assert_int_ne(mon_subscribe_decode(p, cut, &s), 0);
	put_le32(p, 1000);
	ck_assert_int_ne(mon_subscribe_decode(p, len, &s), 0);
	free(p);
}
END_TEST

START_TEST(test_get_version)
{
	size_t len;
	uint8_t *p;
	struct msg *m = mon_msg_get_version(1, "osdmap");
	uint64_t h, newest, oldest;
	char what[16];

	assert_front_eq(m, FB "010_c2m_CEPH_MSG_MON_GET_VERSION_v1.front.bin");
	msg_free(m);
	p = vec(FB "010_c2m_CEPH_MSG_MON_GET_VERSION_v1.front.bin", &len);
	ck_assert_int_eq(mon_get_version_decode(p, len, &h, what, sizeof(what)), 0);
	ck_assert_str_eq(what, "osdmap");
	ck_assert_int_ne(mon_get_version_decode(p, len, &h, what, 4), 0);
	free(p);
	p = vec(FB "011_m2c_CEPH_MSG_MON_GET_VERSION_REPLY_v2.front.bin", &len);
	ck_assert_int_eq(mon_get_version_reply_decode(p, len, &h, &newest, &oldest), 0);
	ck_assert_uint_eq(h, 1);
	ck_assert_uint_eq(newest, 4);
	ck_assert_uint_eq(oldest, 1);
	ck_assert_int_ne(mon_get_version_reply_decode(p, 15, &h, &newest, &oldest), 0);
	free(p);
}
END_TEST

START_TEST(test_command)
{
	size_t len;
	uint8_t *p;
	struct uuid fsid;
	struct mon_command c;
	struct msg *m;
	const char *crush = "{\"prefix\": \"osd crush create-or-move\", \"id\": 0, "
		"\"weight\":0.0039, \"args\": [\"host=vm\", \"root=default\"]}";
	const char *osdnew = "{\"prefix\": \"osd new\", "
		"\"uuid\": \"ceaae0de-93ec-4a20-a493-32afd00827cf\"}";

	ck_assert_int_eq(uuid_parse(FSID, &fsid), 0);
	m = mon_msg_command(2, &fsid, &crush, 1);
	ck_assert_uint_eq(m->hdr.tid, 2);
	ck_assert_uint_eq(m->hdr.type, CEPH_MSG_MON_COMMAND);
	assert_front_eq(m, FB "008_c2m_MSG_MON_COMMAND_v1.front.bin");
	msg_free(m);
	m = mon_msg_command(2, &fsid, &osdnew, 1);
	assert_front_eq(m, "mon-session/cli_osd_new/010_c2m_MSG_MON_COMMAND_v1.front.bin");
	msg_free(m);

	p = vec("mon-session/cli_osd_new/010_c2m_MSG_MON_COMMAND_v1.front.bin", &len);
	ck_assert_int_eq(mon_command_decode(p, len, &c), 0);
	ck_assert_uint_eq(c.ncmd, 1);
	ck_assert_str_eq(c.cmd[0], osdnew);
	mon_command_free(&c);
	ck_assert_int_ne(mon_command_decode(p, len - 1, &c), 0);
	ck_assert_uint_eq(c.ncmd, 0);
	free(p);
}
END_TEST

START_TEST(test_command_ack)
{
	size_t len, dl, cut;
	uint8_t *p, *d;
	int32_t r = 99;
	char rs[256];

	p = vec(FB "008_m2c_MSG_MON_COMMAND_ACK_v1.front.bin", &len);
	ck_assert_int_eq(mon_command_ack_decode(p, len, &r, rs, sizeof(rs)), 0);
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(rs, "set osd(s) 0 to class 'hdd'");
	/* a small rs buffer truncates, it does not fail */
	ck_assert_int_eq(mon_command_ack_decode(p, len, &r, rs, 4), 0);
	ck_assert_str_eq(rs, "set");
	for (cut = 0; cut < len; cut++)
		ck_assert_int_ne(mon_command_ack_decode(p, cut, &r, rs, sizeof(rs)), 0);
	free(p);
	/* `osd new`: the id travels in the data segment */
	p = vec("mon-session/cli_osd_new/011_m2c_MSG_MON_COMMAND_ACK_v1.front.bin", &len);
	d = vec("mon-session/cli_osd_new/011_m2c_MSG_MON_COMMAND_ACK_v1.data.bin", &dl);
	ck_assert_int_eq(mon_command_ack_decode(p, len, &r, rs, sizeof(rs)), 0);
	ck_assert_int_eq(r, 0);
	ck_assert_uint_eq(dl, 2);
	ck_assert_int_eq(memcmp(d, "0\n", 2), 0);
	free(p);
	free(d);
}
END_TEST

START_TEST(test_misc)
{
	size_t len;
	uint8_t *p;
	uint32_t n = 77, r[4];
	struct msg *m;

	p = vec(FB "006_m2c_MSG_CONFIG_v1.front.bin", &len);
	ck_assert_int_eq(mon_config_decode(p, len, &n), 0);
	ck_assert_uint_eq(n, 0);
	put_le32(p, 5);
	ck_assert_int_ne(mon_config_decode(p, len, &n), 0);
	free(p);

	m = mon_msg_get_osdmap(52, 52, 0, 0);
	ck_assert_uint_eq(m->hdr.type, CEPH_MSG_MON_GET_OSDMAP);
	assert_front_eq(m, "mon-session/osd0_get_full_map/c2m_CEPH_MSG_MON_GET_OSDMAP_v1.front.bin");
	msg_free(m);
	p = vec("mon-session/osd0_get_full_map/c2m_CEPH_MSG_MON_GET_OSDMAP_v1.front.bin", &len);
	ck_assert_int_eq(mon_get_osdmap_decode(p, len, r), 0);
	ck_assert_uint_eq(r[0], 52);
	ck_assert_uint_eq(r[1], 52);
	ck_assert_uint_eq(r[2], 0);
	ck_assert_int_ne(mon_get_osdmap_decode(p, len - 1, r), 0);
	free(p);

	m = mon_msg_get_map();
	ck_assert_uint_eq(m->hdr.type, CEPH_MSG_MON_GET_MAP);
	ck_assert_uint_eq(m->front.len, 0);
	msg_free(m);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("mon_msgs");
	TCase *tc = tcase_create("all");
	SRunner *sr;
	int nf;

	tcase_add_test(tc, test_monmap_vector);
	tcase_add_test(tc, test_monmap_malformed);
	tcase_add_test(tc, test_subscribe_encode);
	tcase_add_test(tc, test_subscribe_decode);
	tcase_add_test(tc, test_get_version);
	tcase_add_test(tc, test_command);
	tcase_add_test(tc, test_command_ack);
	tcase_add_test(tc, test_misc);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	msg_pool_drain();
	return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
