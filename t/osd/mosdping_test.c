/*
 * mosdping_test.c — MOSDPing and MOSDFailure codecs: the fronts and
 * headers of a PING and a PING_REPLY captured between two classic 16.2.15
 * OSDs (t/vectors/hb/) decode to the values Ceph printed and re-encode to
 * the same bytes; spans; older versions; malformed fronts.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"
#include "msg/message.h"
#include "osd/mosdfailure.h"
#include "osd/mosdping.h"
#include "t/osd/osd_test_util.h"

static const char *const LAB_FSID = "1374cadc-32fb-4b6a-9447-b5dce323fa2c";

static uint8_t *
load(const char *rel, size_t *len)
{
	uint8_t *p = tu_read_vector(rel, len);

	ck_assert_msg(p != NULL, "vector %s missing", rel);
	return p;
}

static void
flatten(struct buf *b, uint8_t **out, size_t *len)
{
	*len = b->len;
	*out = malloc(b->len ? b->len : 1);
	ck_assert_int_eq(buf_copy_out(b, 0, b->len, *out), 0);
}

static void
check_roundtrip(const uint8_t *front, size_t len, const struct mosdping *p)
{
	struct buf b = BUF_INIT;
	uint8_t *re;
	size_t relen;

	mosdping_encode(&b, p);
	flatten(&b, &re, &relen);
	ck_assert_uint_eq(relen, len);
	ck_assert_msg(memcmp(re, front, len) == 0, "re-encoding differs from the capture");
	free(re);
	buf_free(&b);
}

START_TEST(test_classic_ping)
{
	size_t len, hlen;
	uint8_t *front = load("hb/mosdping_ping.front.bin", &len);
	uint8_t *hdr = load("hb/mosdping_ping.hdr2.bin", &hlen);
	struct msg_header2 h;
	struct mosdping p;
	struct uuid fsid;
	char s[37];

	ck_assert_int_eq(msg_header2_unpack(hdr, hlen, &h), 0);
	ck_assert_uint_eq(h.type, MSG_OSD_PING);
	ck_assert_uint_eq(h.version, 5);
	ck_assert_uint_eq(h.compat_version, 4);
	ck_assert_uint_eq(h.priority, MSG_PRIO_DEFAULT);

	ck_assert_uint_eq(len, 2033);
	ck_assert_int_eq(mosdping_decode(front, len, h.version, &p), 0);
	uuid_format(&p.fsid, s);
	ck_assert_str_eq(s, LAB_FSID);
	ck_assert_uint_eq(p.map_epoch, 9);
	ck_assert_uint_eq(p.op, MOSDPING_PING);
	ck_assert_str_eq(mosdping_op_name(p.op), "ping");
	ck_assert_uint_eq(p.ping_stamp.sec, 1795577182u);
	ck_assert_uint_eq(p.ping_stamp.nsec, 295216348u);
	ck_assert_uint_eq(p.up_from, 8);
	/* a PING carries the sender's clock twice */
	ck_assert_int_eq(p.mono_ping_stamp, 29095866286LL);
	ck_assert_int_eq(p.mono_send_stamp, 29095866286LL);
	ck_assert_int_eq(p.has_delta_ub, 1);
	ck_assert_int_eq(p.delta_ub, -1727729275LL);
	ck_assert_uint_eq(p.min_message_size, MOSDPING_MIN_SIZE_DEFAULT);

	/* what we send with the same values is byte for byte the same */
	check_roundtrip(front, len, &p);

	/* and the message around it has the same header fields */
	{
		struct msg *m = mosdping_msg(&p);

		ck_assert_uint_eq(m->hdr.type, h.type);
		ck_assert_uint_eq(m->hdr.version, h.version);
		ck_assert_uint_eq(m->hdr.compat_version, h.compat_version);
		ck_assert_uint_eq(m->hdr.priority, h.priority);
		ck_assert_uint_eq(m->hdr.flags, h.flags);
		ck_assert_uint_eq(m->front.len, len);
		ck_assert_uint_eq(m->data.len, 0);
		ck_assert_int_eq(mosdping_decode_msg(m, &p), 0);
		ck_assert_uint_eq(p.ping_stamp.nsec, 295216348u);
		msg_free(m);
	}
	uuid_parse(LAB_FSID, &fsid);
	ck_assert_int_eq(memcmp(&fsid, &p.fsid, sizeof(fsid)), 0);
	free(front);
	free(hdr);
}
END_TEST

START_TEST(test_classic_reply)
{
	size_t len;
	uint8_t *front = load("hb/mosdping_reply.front.bin", &len);
	struct mosdping p;

	ck_assert_int_eq(mosdping_decode(front, len, 5, &p), 0);
	ck_assert_uint_eq(p.op, MOSDPING_PING_REPLY);
	ck_assert_str_eq(mosdping_op_name(p.op), "ping_reply");
	ck_assert_uint_eq(p.map_epoch, 9);
	ck_assert_uint_eq(p.ping_stamp.sec, 1795577182u);
	ck_assert_uint_eq(p.ping_stamp.nsec, 9703223u);
	ck_assert_uint_eq(p.up_from, 8);
	/* the pinger's clock echoed, the replier's own send stamp */
	ck_assert_int_eq(p.mono_ping_stamp, 30541553341LL);
	ck_assert_int_eq(p.mono_send_stamp, 28813824066LL);
	ck_assert_int_eq(p.has_delta_ub, 1);
	ck_assert_int_eq(p.delta_ub, -1727729275LL);
	check_roundtrip(front, len, &p);
	free(front);
}
END_TEST

START_TEST(test_span)
{
	static const int64_t v[] = {
		0, 1, -1, 999999999, -999999999, 1000000000, -1000000000, 1727729275,
		-1727729275, 86400LL * 1000000000LL, -86400LL * 1000000000LL - 5,
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct buf b = BUF_INIT;
		const uint8_t *p;
		struct dec d;
		int64_t got = 12345;
		int32_t s, ns;

		span_encode(&b, v[i]);
		ck_assert_uint_eq(b.len, 8);
		p = buf_contig(&b, 0, 8);
		/* both halves truncate toward zero: the same sign */
		s = (int32_t)get_le32(p);
		ns = (int32_t)get_le32(p + 4);
		ck_assert_int_eq(s, (int32_t)(v[i] / 1000000000LL));
		ck_assert_int_eq(ns, (int32_t)(v[i] % 1000000000LL));
		dec_init(&d, p, 8);
		ck_assert_int_eq(span_decode(&d, &got), 0);
		ck_assert_int_eq(got, v[i]);
		buf_free(&b);
	}
	/* the capture's delta_ub bytes: ffffffff 85bb9fd4 */
	{
		static const uint8_t raw[8] = { 0xff, 0xff, 0xff, 0xff, 0x85, 0xbb, 0x9f, 0xd4 };
		struct dec d;
		int64_t got;

		dec_init(&d, raw, sizeof(raw));
		ck_assert_int_eq(span_decode(&d, &got), 0);
		ck_assert_int_eq(got, -1727729275LL);
		dec_init(&d, raw, 7);
		ck_assert_int_lt(span_decode(&d, &got), 0);
	}
	/* a remainder of a whole second or more is malformed (fuzz finding:
	 * s = INT32_MAX with rem = 1e9 could not be re-encoded) */
	{
		static const int32_t bad[][2] = {
			{ INT32_MAX, 1000000000 }, { 0, -1000000000 }, { 1, INT32_MAX },
		};
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			uint8_t raw[8];
			struct dec d;
			int64_t got;

			put_le32(raw, (uint32_t)bad[i][0]);
			put_le32(raw + 4, (uint32_t)bad[i][1]);
			dec_init(&d, raw, sizeof(raw));
			ck_assert_int_eq(span_decode(&d, &got), -EBADMSG);
		}
	}
}
END_TEST

START_TEST(test_sizes)
{
	struct mosdping p, q;
	struct buf b = BUF_INIT;
	uint8_t *f;
	size_t len;

	memset(&p, 0, sizeof(p));
	p.op = MOSDPING_PING;
	p.map_epoch = 7;
	/* no padding asked: 29 + 4 + 4 + 8 + 8 + 1 */
	mosdping_encode(&b, &p);
	ck_assert_uint_eq(b.len, 54);
	buf_free(&b);
	p.has_delta_ub = 1;
	p.delta_ub = 5;
	mosdping_encode(&b, &p);
	ck_assert_uint_eq(b.len, 62);
	flatten(&b, &f, &len);
	ck_assert_int_eq(mosdping_decode(f, len, 5, &q), 0);
	ck_assert_uint_eq(q.min_message_size, MOSDPING_HEAD_LEN);
	ck_assert_int_eq(q.delta_ub, 5);
	free(f);
	buf_free(&b);
	/* a small minimum still pads from byte 29 on (the first ping, no delta_ub) */
	p.has_delta_ub = 0;
	p.min_message_size = 2000;
	mosdping_encode(&b, &p);
	ck_assert_uint_eq(b.len, 2025);
	buf_free(&b);
	p.min_message_size = 20;        /* below the head: no padding */
	mosdping_encode(&b, &p);
	ck_assert_uint_eq(b.len, 54);
	buf_free(&b);
}
END_TEST

START_TEST(test_versions_and_ops)
{
	struct mosdping p, q;
	struct buf b = BUF_INIT;
	uint8_t *f;
	size_t len;

	memset(&p, 0, sizeof(p));
	p.op = 9;               /* unknown: decodes, the caller ignores it */
	p.map_epoch = 3;
	p.up_from = 2;
	p.mono_send_stamp = 77;
	p.min_message_size = 100;
	mosdping_encode(&b, &p);
	flatten(&b, &f, &len);
	ck_assert_int_eq(mosdping_decode(f, len, 5, &q), 0);
	ck_assert_uint_eq(q.op, 9);
	ck_assert_str_eq(mosdping_op_name(q.op), "???");
	ck_assert_int_eq(q.mono_send_stamp, 77);
	ck_assert_uint_eq(q.min_message_size, 100);
	/* v4: the padding length is followed directly by the padding */
	{
		uint8_t v4[29 + 4 + 10];

		memcpy(v4, f, 29);
		put_le32(v4 + 29, 10);
		memset(v4 + 33, 0, 10);
		ck_assert_int_eq(mosdping_decode(v4, sizeof(v4), 4, &q), 0);
		ck_assert_uint_eq(q.map_epoch, 3);
		ck_assert_uint_eq(q.up_from, 0);
		ck_assert_int_eq(q.mono_send_stamp, 0);
		ck_assert_uint_eq(q.min_message_size, 39);
		ck_assert_int_eq(mosdping_decode(v4, sizeof(v4) - 1, 4, &q), -EBADMSG);
	}
	/* older layouts are refused */
	ck_assert_int_eq(mosdping_decode(f, len, 3, &q), -EOPNOTSUPP);
	ck_assert_int_eq(mosdping_decode(f, len, 0, &q), -EOPNOTSUPP);
	/* a newer version decodes as v5 */
	ck_assert_int_eq(mosdping_decode(f, len, 6, &q), 0);
	free(f);
	buf_free(&b);
}
END_TEST

START_TEST(test_malformed)
{
	size_t len, cut;
	uint8_t *front = load("hb/mosdping_ping.front.bin", &len);
	uint8_t *big;
	struct mosdping p;

	/* every truncation fails: the padding must be all there */
	for (cut = 0; cut < len; cut++)
		ck_assert_msg(mosdping_decode(front, cut, 5, &p) == -EBADMSG,
			      "truncated to %zu decoded", cut);
	/* trailing bytes after the padding are ignored, as Ceph does */
	big = malloc(len + 8);
	memcpy(big, front, len);
	memset(big + len, 0xaa, 8);
	ck_assert_int_eq(mosdping_decode(big, len + 8, 5, &p), 0);
	/* a padding length beyond the front, or absurdly large */
	put_le32(big + 29, 1972);
	ck_assert_int_eq(mosdping_decode(big, len, 5, &p), -EBADMSG);
	put_le32(big + 29, 0xffffffffu);
	ck_assert_int_eq(mosdping_decode(big, len + 8, 5, &p), -EBADMSG);
	/* optional<> with a true flag but no value */
	put_le32(big + 29, 0);
	ck_assert_int_eq(mosdping_decode(big, 54, 5, &p), -EBADMSG);
	ck_assert_int_eq(mosdping_decode(big, 62, 5, &p), 0);
	free(big);
	free(front);
}
END_TEST

/* ---- MOSDFailure ---- */

static void
sample_failure(struct mosdfailure *f)
{
	memset(f, 0, sizeof(*f));
	f->version = 42;
	uuid_parse(LAB_FSID, &f->fsid);
	f->target_osd = 3;
	f->target_addrs.n = 2;
	ck_assert_int_eq(entity_addr_parse("v2:127.0.0.1:6800/1234", ENTITY_ADDR_MSGR2,
					   &f->target_addrs.v[0]), 0);
	ck_assert_int_eq(entity_addr_parse("v1:127.0.0.1:6801/1234", ENTITY_ADDR_MSGR2,
					   &f->target_addrs.v[1]), 0);
	f->epoch = 42;
	f->flags = MOSDFAILURE_FLAG_FAILED;
	f->failed_for = 21;
}

START_TEST(test_failure_layout)
{
	struct mosdfailure f, g;
	struct msg *m;
	struct buf ab = BUF_INIT;
	uint8_t *p, *addrs;
	size_t len, alen, off;

	sample_failure(&f);
	m = mosdfailure_msg(&f);
	ck_assert_uint_eq(m->hdr.type, MSG_OSD_FAILURE);
	ck_assert_uint_eq(m->hdr.version, 4);
	ck_assert_uint_eq(m->hdr.compat_version, 4);
	flatten(&m->front, &p, &len);
	/* paxos header: u64 version, s16 -1, u64 0 */
	ck_assert_uint_eq(get_le64(p), 42);
	ck_assert_uint_eq(get_le16(p + 8), 0xffff);
	ck_assert_uint_eq(get_le64(p + 10), 0);
	ck_assert_int_eq(memcmp(p + 18, &f.fsid, 16), 0);
	ck_assert_uint_eq(get_le32(p + 34), 3);
	entity_addrvec_encode(&ab, &f.target_addrs);
	flatten(&ab, &addrs, &alen);
	ck_assert_int_eq(memcmp(p + 38, addrs, alen), 0);
	off = 38 + alen;
	ck_assert_uint_eq(len, off + 4 + 1 + 4);
	ck_assert_uint_eq(get_le32(p + off), 42);
	ck_assert_uint_eq(p[off + 4], MOSDFAILURE_FLAG_FAILED);
	ck_assert_uint_eq(get_le32(p + off + 5), 21);

	ck_assert_int_eq(mosdfailure_decode(p, len, 4, &g), 0);
	ck_assert_uint_eq(g.version, 42);
	ck_assert_int_eq(g.target_osd, 3);
	ck_assert_uint_eq(g.target_addrs.n, 2);
	ck_assert(entity_addr_equal(&g.target_addrs.v[1], &f.target_addrs.v[1]));
	ck_assert_uint_eq(g.epoch, 42);
	ck_assert_uint_eq(g.flags, 1);
	ck_assert_int_eq(g.failed_for, 21);
	/* truncations, old versions */
	for (size_t cut = 0; cut < len; cut++)
		ck_assert_int_lt(mosdfailure_decode(p, cut, 4, &g), 0);
	ck_assert_int_eq(mosdfailure_decode(p, len, 3, &g), -EOPNOTSUPP);
	free(p);
	free(addrs);
	buf_free(&ab);
	msg_free(m);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("mosdping");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_classic_ping);
	tcase_add_test(tc, test_classic_reply);
	tcase_add_test(tc, test_span);
	tcase_add_test(tc, test_sizes);
	tcase_add_test(tc, test_versions_and_ops);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_failure_layout);
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
