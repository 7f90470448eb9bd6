/*
 * message_test.c — ceph_msg_header2, the message pool, and messages to and
 * from MESSAGE frame segments: the live MMonGetMap frame (§13), a 4-segment
 * message with an empty middle, and every MESSAGE of captured Pacific
 * streams decoded.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "msg/frame.h"
#include "msg/message.h"
#include "msg/message_types.h"
#include "t/msg/msg_test_util.h"

static void
segs_free(struct buf segs[FRAME_MAX_SEGMENTS])
{
	for (int i = 0; i < FRAME_MAX_SEGMENTS; i++)
		buf_free(&segs[i]);
}

START_TEST(test_header2_layout)
{
	struct msg_header2 h = {
		.seq = 0x0102030405060708ULL, .tid = 0x1112131415161718ULL,
		.type = 0x2122, .priority = 0x2324, .version = 0x2526,
		.data_pre_padding_len = 0x27282930, .data_off = 0x3132,
		.ack_seq = 0x4142434445464748ULL, .flags = 0x51,
		.compat_version = 0x5253, .reserved = 0x5455,
	};
	struct msg_header2 g;
	uint8_t raw[MSG_HEADER2_LEN];
	struct buf b = BUF_INIT;
	struct dec d;

	msg_header2_pack(&h, raw);
	msg_header2_encode(&b, &h);
	ck_assert(buf_is_hex(&b,
		"0807060504030201 1817161514131211 2221 2423 2625 30292827 3231"
		"4847464544434241 51 5352 5554"));
	ck_assert_int_eq(msg_header2_unpack(raw, sizeof(raw), &g), 0);
	ck_assert_uint_eq(g.seq, h.seq);
	ck_assert_uint_eq(g.tid, h.tid);
	ck_assert_uint_eq(g.type, h.type);
	ck_assert_uint_eq(g.priority, h.priority);
	ck_assert_uint_eq(g.version, h.version);
	ck_assert_uint_eq(g.data_pre_padding_len, h.data_pre_padding_len);
	ck_assert_uint_eq(g.data_off, h.data_off);
	ck_assert_uint_eq(g.ack_seq, h.ack_seq);
	ck_assert_uint_eq(g.flags, h.flags);
	ck_assert_uint_eq(g.compat_version, h.compat_version);
	ck_assert_uint_eq(g.reserved, h.reserved);
	ck_assert_int_eq(msg_header2_unpack(raw, 40, &g), -EBADMSG);
	ck_assert_int_eq(msg_header2_unpack(raw, 42, &g), -EBADMSG);
	dec_init(&d, raw, sizeof(raw));
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(msg_header2_decode(&d, &g), 0);
	ck_assert_uint_eq(g.ack_seq, h.ack_seq);
	dec_init(&d, raw, 40);
	ck_assert_int_eq(msg_header2_decode(&d, &g), -EBADMSG);
	buf_free(&b);
}
END_TEST

/* MMonGetMap seq=1 tid=0 prio=127 v1 c1 ack 0 [live] */
START_TEST(test_mmongetmap_golden)
{
	static const char want[] =
		"11012900000008000000000000000000000000000000000000000000af9604f0"
		"0100000000000000 0000000000000000 0500 7f00 0100 00000000 0000"
		"0000000000000000 03 0100 0000" "073be540";
	struct msg *m = msg_new();
	struct buf out = BUF_INIT;
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct frame_preamble pr;
	struct buf body = BUF_INIT;
	uint8_t *flat;
	struct msg *r;

	m->hdr.seq = 1;
	m->hdr.type = CEPH_MSG_MON_GET_MAP;
	m->hdr.version = 1;
	/* compat 0 goes out as the version (1); prio and flags are msg_new defaults */
	ck_assert_uint_eq(msg_build_frame(m, &out, 1), 77);
	ck_assert(buf_is_hex(&out, want));

	flat = buf_flat(&out);
	ck_assert_int_eq(frame_preamble_parse(flat, &pr), 0);
	buf_append(&body, flat + 32, out.len - 32);
	ck_assert_int_eq(frame_check(&pr, &body, 1, segs), 0);
	r = msg_new();
	ck_assert_int_eq(msg_from_segments(segs, pr.nseg, r), 0);
	ck_assert_uint_eq(r->hdr.seq, 1);
	ck_assert_uint_eq(r->hdr.type, CEPH_MSG_MON_GET_MAP);
	ck_assert_uint_eq(r->hdr.priority, MSG_PRIO_DEFAULT);
	ck_assert_uint_eq(r->hdr.compat_version, 1);
	ck_assert_uint_eq(r->hdr.flags, 3);
	ck_assert_uint_eq(msg_payload_len(r), 0);
	ck_assert_str_eq(msg_type_name(r->hdr.type), "mon_getmap");
	free(flat);
	msg_free(r);
	msg_free(m);
	buf_free(&out);
	buf_free(&body);
	segs_free(segs);
}
END_TEST

START_TEST(test_segments_four_with_empty_middle)
{
	struct msg *m = msg_new(), *r = msg_new();
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf_seg *data = buf_seg_new(10000);
	int nseg = 0;

	memset(data->data, 0xab, 10000);
	data->used = 10000;
	m->hdr.seq = 1;
	m->hdr.tid = 1;
	m->hdr.type = CEPH_MSG_OSD_OP;
	m->hdr.priority = 63;
	m->hdr.version = 8;
	m->hdr.compat_version = 3;
	buf_append(&m->front, "front bytes", 11);
	buf_append_ref(&m->data, data, 0, 10000);

	msg_to_segments(m, segs, &nseg);
	ck_assert_int_eq(nseg, 4);
	ck_assert_uint_eq(segs[0].len, 41);
	ck_assert_uint_eq(segs[1].len, 11);
	ck_assert_uint_eq(segs[2].len, 0);
	ck_assert_uint_eq(segs[3].len, 10000);
	/* the data segment is the same memory, not a copy */
	ck_assert_ptr_eq(segs[3].refs[0].seg, data);

	ck_assert_int_eq(msg_from_segments(segs, nseg, r), 0);
	ck_assert_uint_eq(r->hdr.type, CEPH_MSG_OSD_OP);
	ck_assert_uint_eq(r->hdr.compat_version, 3);
	ck_assert(buf_equal(&r->front, &m->front));
	ck_assert_uint_eq(r->middle.len, 0);
	ck_assert(buf_equal(&r->data, &m->data));
	ck_assert_ptr_eq(r->data.refs[0].seg, data);
	/* moved out of segs */
	for (int i = 0; i < 4; i++)
		ck_assert_uint_eq(segs[i].len, 0);

	/* front only: 2 segments; nothing at all: 1 */
	buf_clear(&m->data);
	segs_free(segs);
	msg_to_segments(m, segs, &nseg);
	ck_assert_int_eq(nseg, 2);
	segs_free(segs);
	buf_clear(&m->front);
	msg_to_segments(m, segs, &nseg);
	ck_assert_int_eq(nseg, 1);
	segs_free(segs);
	/* middle only: 3 */
	buf_append(&m->middle, "m", 1);
	msg_to_segments(m, segs, &nseg);
	ck_assert_int_eq(nseg, 3);
	segs_free(segs);

	buf_seg_put(data);
	msg_free(m);
	msg_free(r);
}
END_TEST

START_TEST(test_from_segments_malformed)
{
	struct msg *m = msg_new();
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	uint8_t h[42] = { 0 };

	buf_append(&segs[0], h, 40);
	buf_append(&segs[1], "front", 5);
	ck_assert_int_eq(msg_from_segments(segs, 2, m), -EBADMSG);
	/* unchanged on error */
	ck_assert_uint_eq(segs[1].len, 5);
	ck_assert_uint_eq(m->front.len, 0);
	buf_append(&segs[0], h, 2);
	ck_assert_int_eq(msg_from_segments(segs, 2, m), -EBADMSG);
	buf_clear(&segs[0]);
	buf_append(&segs[0], h, 41);
	ck_assert_int_eq(msg_from_segments(segs, 0, m), -EBADMSG);
	ck_assert_int_eq(msg_from_segments(segs, 5, m), -EBADMSG);
	ck_assert_int_eq(msg_from_segments(segs, 2, m), 0);
	ck_assert_uint_eq(m->front.len, 5);
	segs_free(segs);
	msg_free(m);
}
END_TEST

START_TEST(test_data_crc_cache)
{
	struct msg *m = msg_new();
	struct buf out = BUF_INIT, body = BUF_INIT;
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct frame_preamble pr;
	uint8_t *flat;

	m->hdr.type = CEPH_MSG_OSD_OPREPLY;
	buf_append(&m->front, "f", 1);
	buf_append(&m->data, "data data data", 14);
	m->data_crc = frame_seg_crc(&m->data);
	m->data_crc_valid = 1;
	msg_build_frame(m, &out, 1);
	flat = buf_flat(&out);
	ck_assert_int_eq(frame_preamble_parse(flat, &pr), 0);
	buf_append(&body, flat + 32, out.len - 32);
	ck_assert_int_eq(frame_check(&pr, &body, 1, segs), 0);
	segs_free(segs);
	buf_free(&body);
	free(flat);
	buf_free(&out);
	/* a stale cached crc is used as given (the receiver rejects the frame) */
	m->data_crc ^= 0x100;
	msg_build_frame(m, &out, 1);
	flat = buf_flat(&out);
	ck_assert_int_eq(frame_preamble_parse(flat, &pr), 0);
	buf_append(&body, flat + 32, out.len - 32);
	ck_assert_int_eq(frame_check(&pr, &body, 1, segs), -EBADMSG);
	/* rev0 too */
	free(flat);
	buf_free(&out);
	buf_free(&body);
	m->data_crc_valid = 0;
	msg_build_frame(m, &out, 0);
	flat = buf_flat(&out);
	ck_assert_int_eq(frame_preamble_parse(flat, &pr), 0);
	buf_append(&body, flat + 32, out.len - 32);
	ck_assert_int_eq(frame_check(&pr, &body, 0, segs), 0);
	free(flat);
	buf_free(&out);
	buf_free(&body);
	segs_free(segs);
	msg_free(m);
}
END_TEST

START_TEST(test_pool_and_refs)
{
	size_t live = msg_live_count();
	struct msg *a = msg_new(), *b;

	ck_assert_uint_eq(msg_live_count(), live + 1);
	buf_append(&a->front, "x", 1);
	a->hdr.tid = 99;
	msg_get(a);
	msg_free(a);
	ck_assert_uint_eq(msg_live_count(), live + 1);
	msg_free(a);
	ck_assert_uint_eq(msg_live_count(), live);
	ck_assert_uint_ge(msg_pool_free_count(), 1);
	/* recycled: comes back clean */
	b = msg_new();
	ck_assert_uint_eq(b->hdr.tid, 0);
	ck_assert_uint_eq(b->front.len, 0);
	ck_assert_uint_eq(b->hdr.flags, MSG_FOOTER_FLAGS_DEFAULT);
	ck_assert_ptr_null(b->conn);
	msg_free(b);
	msg_free(NULL);
	msg_pool_drain();
	ck_assert_uint_eq(msg_pool_free_count(), 0);
}
END_TEST

/* ---- captured streams ---- */

struct msg_walk {
	uint64_t next_seq;
	int n;
	uint16_t types[32];
	size_t data;
};

static void
visit_msg(const struct frame_preamble *pr, struct buf segs[FRAME_MAX_SEGMENTS], void *arg)
{
	struct msg_walk *w = arg;
	struct buf again[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf frame = BUF_INIT, body = BUF_INIT;
	struct frame_preamble pr2;
	struct msg *m;
	uint8_t *flat;
	int nseg;

	if (pr->tag != FRAME_TAG_MESSAGE)
		return;
	m = msg_new();
	ck_assert_int_eq(msg_from_segments(segs, pr->nseg, m), 0);
	/* Pacific: sequence numbers from 1, footer flags 3, no pre-padding */
	ck_assert_uint_eq(m->hdr.seq, w->next_seq);
	w->next_seq++;
	ck_assert_uint_eq(m->hdr.flags, 3);
	ck_assert_uint_eq(m->hdr.data_pre_padding_len, 0);
	ck_assert_uint_le(m->hdr.compat_version, m->hdr.version);
	ck_assert_str_ne(msg_type_name(m->hdr.type), "unknown");
	if (w->n < 32)
		w->types[w->n] = m->hdr.type;
	w->n++;
	w->data += m->data.len;

	/* rebuilding the frame from the message gives the captured bytes back */
	msg_to_segments(m, again, &nseg);
	ck_assert_int_eq(nseg, pr->nseg);
	segs_free(again);
	msg_build_frame(m, &frame, 1);
	flat = buf_flat(&frame);
	ck_assert_int_eq(frame_preamble_parse(flat, &pr2), 0);
	ck_assert_uint_eq(pr2.tag, pr->tag);
	ck_assert_uint_eq(pr2.nseg, pr->nseg);
	for (int i = 0; i < FRAME_MAX_SEGMENTS; i++) {
		ck_assert_uint_eq(pr2.len[i], pr->len[i]);
		ck_assert_uint_eq(pr2.align[i], pr->align[i]);
	}
	buf_append(&body, flat + 32, frame.len - 32);
	ck_assert_int_eq(frame_check(&pr2, &body, 1, again), 0);
	free(flat);
	buf_free(&frame);
	buf_free(&body);
	segs_free(again);
	msg_free(m);
}

START_TEST(test_stream_messages)
{
	static const uint16_t c2m_types[] = { 5, 15, 15, 15, 50, 50 };
	static const uint16_t m2c_types[] = { 4, 62, 4, 0x704, 41, 51, 51 };
	struct msg_walk w;
	size_t len, bad;
	uint8_t *p;

	memset(&w, 0, sizeof(w));
	w.next_seq = 1;
	p = load_vector("t/vectors/msgr2/stream_c2m.bin", &len);
	ck_assert_int_gt(walk_stream(p, len, visit_msg, &w, &bad), 0);
	free(p);
	ck_assert_int_eq(w.n, 6);
	for (int i = 0; i < 6; i++)
		ck_assert_uint_eq(w.types[i], c2m_types[i]);

	memset(&w, 0, sizeof(w));
	w.next_seq = 1;
	p = load_vector("t/vectors/msgr2/stream_m2c.bin", &len);
	ck_assert_int_gt(walk_stream(p, len, visit_msg, &w, &bad), 0);
	free(p);
	ck_assert_int_eq(w.n, 7);
	for (int i = 0; i < 7; i++)
		ck_assert_uint_eq(w.types[i], m2c_types[i]);
	ck_assert_uint_eq(w.data, 73271 + 2);
	msg_pool_drain();
}
END_TEST

START_TEST(test_type_names)
{
	ck_assert_str_eq(msg_type_name(CEPH_MSG_OSD_OP), "osd_op");
	ck_assert_str_eq(msg_type_name(CEPH_MSG_OSD_OPREPLY), "osd_op_reply");
	ck_assert_str_eq(msg_type_name(MSG_OSD_BOOT), "osd_boot");
	ck_assert_str_eq(msg_type_name(MSG_CONFIG), "config");
	ck_assert_str_eq(msg_type_name(0xfffe), "unknown");
	ck_assert_int_eq(MSG_MGR_MAP, 0x704);
	ck_assert_int_eq(MSG_OSD_BEACON, 79);
}
END_TEST

static Suite *
message_suite(void)
{
	Suite *s = suite_create("message");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_header2_layout);
	tcase_add_test(tc, test_mmongetmap_golden);
	tcase_add_test(tc, test_segments_four_with_empty_middle);
	tcase_add_test(tc, test_from_segments_malformed);
	tcase_add_test(tc, test_data_crc_cache);
	tcase_add_test(tc, test_pool_and_refs);
	tcase_add_test(tc, test_stream_messages);
	tcase_add_test(tc, test_type_names);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(message_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	msg_pool_drain();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
