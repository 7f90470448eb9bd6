/*
 * frame_test.c — msgr2 framing: banner, preamble checks, rev0/rev1 layouts
 * (golden vectors of docs/ceph-wire/01-msgr2.md §4, §5, §13), corruption and
 * truncation, aborted frames, and captured Pacific streams parsed frame by
 * frame.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/crc32c.h"
#include "common/enc.h"
#include "msg/frame.h"
#include "t/msg/msg_test_util.h"

#define ZERO32 "0000000000000000000000000000000000000000000000000000000000000000"

static void
segs_free(struct buf segs[FRAME_MAX_SEGMENTS])
{
	for (int i = 0; i < FRAME_MAX_SEGMENTS; i++)
		buf_free(&segs[i]);
}

/* Parse + check a complete frame held in flat memory. */
static int
parse_frame(const uint8_t *p, size_t len, int rev1, struct frame_preamble *pr,
	    struct buf segs[FRAME_MAX_SEGMENTS])
{
	struct buf body = BUF_INIT;
	int r;

	if (len < FRAME_PREAMBLE_LEN)
		return -EBADMSG;
	r = frame_preamble_parse(p, pr);
	if (r < 0)
		return r;
	buf_add_chunked(&body, p + FRAME_PREAMBLE_LEN, len - FRAME_PREAMBLE_LEN, 7);
	r = frame_check(pr, &body, rev1, segs);
	buf_free(&body);
	return r;
}

/* A 4-segment message-like frame: header 41 x 'H', front "FFF", no middle, data "DDDDD". */
static void
make_msg_segs(struct buf segs[FRAME_MAX_SEGMENTS])
{
	uint8_t h[41];

	memset(h, 'H', sizeof(h));
	buf_append(&segs[0], h, sizeof(h));
	buf_append(&segs[1], "FFF", 3);
	buf_append(&segs[3], "DDDDD", 5);
}

static uint32_t
scrc(const char *s, size_t n)
{
	return crc32c(0xFFFFFFFFu, s, n);
}

/* ---- banner ---- */

START_TEST(test_banner)
{
	struct buf b = BUF_INIT;
	uint8_t *flat;
	uint16_t plen = 0;
	uint64_t sup = 9, req = 9;

	frame_banner_build(&b, MSGR2_SUPPORTED_FEATURES, MSGR2_REQUIRED_FEATURES);
	ck_assert(buf_is_hex(&b, "636570682076320a 1000 0100000000000000 0000000000000000"));
	flat = buf_flat(&b);
	ck_assert_int_eq(frame_banner_parse_head(flat, &plen), 0);
	ck_assert_int_eq(plen, 16);
	ck_assert_int_eq(frame_banner_parse_payload(flat + 10, plen, &sup, &req), 0);
	ck_assert_uint_eq(sup, 1);
	ck_assert_uint_eq(req, 0);
	ck_assert_int_eq(frame_banner_parse_payload(flat + 10, 15, &sup, &req), -EBADMSG);
	/* msgr v1 peer */
	ck_assert_int_eq(frame_banner_parse_head((const uint8_t *)"ceph v027\n", &plen), -EPROTO);
	/* payload length too short / absurd */
	flat[8] = 8;
	flat[9] = 0;
	ck_assert_int_eq(frame_banner_parse_head(flat, &plen), -EBADMSG);
	flat[8] = 0xff;
	flat[9] = 0xff;
	ck_assert_int_eq(frame_banner_parse_head(flat, &plen), -EBADMSG);
	/* a longer payload is fine (extra bytes ignored) */
	flat[8] = 32;
	flat[9] = 0;
	ck_assert_int_eq(frame_banner_parse_head(flat, &plen), 0);
	ck_assert_int_eq(plen, 32);
	free(flat);
	buf_free(&b);
}
END_TEST

START_TEST(test_tag_names)
{
	ck_assert_str_eq(frame_tag_name(FRAME_TAG_HELLO), "HELLO");
	ck_assert_str_eq(frame_tag_name(FRAME_TAG_MESSAGE), "MESSAGE");
	ck_assert_str_eq(frame_tag_name(FRAME_TAG_ACK), "ACK");
	ck_assert_str_eq(frame_tag_name(0), "UNKNOWN");
	ck_assert_str_eq(frame_tag_name(21), "UNKNOWN");
	ck_assert(!frame_tag_valid(0));
	ck_assert(frame_tag_valid(20));
	ck_assert(!frame_tag_valid(21));
}
END_TEST

/* ---- golden control frames ---- */

START_TEST(test_auth_signature_rev1_golden)
{
	static const char want[] =
		"07012000000008000000000000000000000000000000000000000000a80c9872"
		ZERO32 "55c96e75";
	struct buf payload = BUF_INIT, out = BUF_INIT;
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct frame_preamble pr;
	uint8_t zeros[32] = { 0 };
	uint8_t *flat;

	buf_append(&payload, zeros, 32);
	ck_assert_uint_eq(frame_build_ctl(&out, FRAME_TAG_AUTH_SIGNATURE, &payload, 1), 68);
	ck_assert(buf_is_hex(&out, want));

	flat = buf_flat(&out);
	ck_assert_int_eq(parse_frame(flat, out.len, 1, &pr, segs), 0);
	ck_assert_int_eq(pr.tag, FRAME_TAG_AUTH_SIGNATURE);
	ck_assert_int_eq(pr.nseg, 1);
	ck_assert_uint_eq(pr.len[0], 32);
	ck_assert_uint_eq(pr.align[0], 8);
	ck_assert(buf_equal(&segs[0], &payload));
	ck_assert_uint_eq(frame_body_len(&pr, 1), 36);
	free(flat);
	segs_free(segs);
	buf_free(&payload);
	buf_free(&out);
}
END_TEST

START_TEST(test_auth_signature_rev0_golden)
{
	static const char want[] =
		"07012000000008000000000000000000000000000000000000000000a80c9872"
		ZERO32 "0055c96e75000000000000000000000000";
	struct buf payload = BUF_INIT, out = BUF_INIT;
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct frame_preamble pr;
	uint8_t zeros[32] = { 0 };
	uint8_t *flat;

	buf_append(&payload, zeros, 32);
	ck_assert_uint_eq(frame_build_ctl(&out, FRAME_TAG_AUTH_SIGNATURE, &payload, 0), 81);
	ck_assert(buf_is_hex(&out, want));
	flat = buf_flat(&out);
	ck_assert_int_eq(parse_frame(flat, out.len, 0, &pr, segs), 0);
	ck_assert(buf_equal(&segs[0], &payload));
	/* the same bytes are not a valid rev1 frame (wrong body length) */
	segs_free(segs);
	ck_assert_int_eq(parse_frame(flat, out.len, 1, &pr, segs), -EBADMSG);
	free(flat);
	segs_free(segs);
	buf_free(&payload);
	buf_free(&out);
}
END_TEST

START_TEST(test_wait_golden)
{
	struct buf empty = BUF_INIT, out = BUF_INIT;
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct frame_preamble pr;
	uint8_t *flat;

	/* empty control payload: just the preamble, no inline crc */
	ck_assert_uint_eq(frame_build_ctl(&out, FRAME_TAG_WAIT, &empty, 1), 32);
	ck_assert(buf_is_hex(&out,
		"10010000000008000000000000000000000000000000000000000000c8e3aab0"));
	flat = buf_flat(&out);
	ck_assert_int_eq(parse_frame(flat, out.len, 1, &pr, segs), 0);
	ck_assert_uint_eq(frame_body_len(&pr, 1), 0);
	ck_assert_uint_eq(frame_head_len(&pr, 1), 0);
	ck_assert_uint_eq(segs[0].len, 0);
	free(flat);
	buf_free(&out);

	/* nseg 0 means the same thing */
	ck_assert_uint_eq(frame_build(&out, FRAME_TAG_WAIT, NULL, 0, 1), 32);
	ck_assert(buf_is_hex(&out,
		"10010000000008000000000000000000000000000000000000000000c8e3aab0"));
	buf_free(&out);

	/* rev0: epilogue with the empty segment's crc 0xffffffff in slot 0 */
	ck_assert_uint_eq(frame_build_ctl(&out, FRAME_TAG_WAIT, &empty, 0), 49);
	ck_assert(buf_is_hex(&out,
		"10010000000008000000000000000000000000000000000000000000c8e3aab0"
		"00ffffffff000000000000000000000000"));
	flat = buf_flat(&out);
	ck_assert_int_eq(parse_frame(flat, out.len, 0, &pr, segs), 0);
	free(flat);
	segs_free(segs);
	buf_free(&out);
}
END_TEST

/* ---- the 4-segment layout (§5.2/5.3), computed independently ---- */

START_TEST(test_four_segments_rev1_layout)
{
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf got[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf out = BUF_INIT;
	struct frame_preamble pr;
	uint8_t want[32 + 41 + 4 + 3 + 5 + 13];
	char h[41];
	uint8_t *flat, *p = want;

	make_msg_segs(segs);
	memset(h, 'H', sizeof(h));
	memset(want, 0, sizeof(want));
	p[0] = FRAME_TAG_MESSAGE;
	p[1] = 4;
	put_le32(p + 2, 41);
	put_le16(p + 6, 8);
	put_le32(p + 8, 3);
	put_le16(p + 12, 8);
	put_le32(p + 14, 0);
	put_le16(p + 18, 8);
	put_le32(p + 20, 5);
	put_le16(p + 24, 4096);
	put_le32(p + 28, crc32c(0, p, 28));
	p += 32;
	memcpy(p, h, 41);
	p += 41;
	put_le32(p, scrc(h, 41));
	p += 4;
	memcpy(p, "FFF", 3);
	p += 3;
	memcpy(p, "DDDDD", 5);
	p += 5;
	p[0] = 0x0e;
	put_le32(p + 1, scrc("FFF", 3));
	put_le32(p + 5, 0xFFFFFFFFu);    /* empty middle inside nseg */
	put_le32(p + 9, scrc("DDDDD", 5));

	ck_assert_uint_eq(frame_build(&out, FRAME_TAG_MESSAGE, segs, 4, 1), sizeof(want));
	flat = buf_flat(&out);
	ck_assert_mem_eq(flat, want, sizeof(want));

	ck_assert_int_eq(parse_frame(flat, out.len, 1, &pr, got), 0);
	ck_assert_int_eq(pr.nseg, 4);
	ck_assert_uint_eq(pr.align[3], 4096);
	for (int i = 0; i < 4; i++)
		ck_assert(buf_equal(&got[i], &segs[i]));
	free(flat);
	segs_free(got);
	segs_free(segs);
	buf_free(&out);
}
END_TEST

START_TEST(test_four_segments_rev0_layout)
{
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf got[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf out = BUF_INIT;
	struct frame_preamble pr;
	uint8_t *flat, *epi;
	char h[41];

	make_msg_segs(segs);
	memset(h, 'H', sizeof(h));
	ck_assert_uint_eq(frame_build(&out, FRAME_TAG_MESSAGE, segs, 4, 0), 32 + 41 + 3 + 5 + 17);
	flat = buf_flat(&out);
	ck_assert_mem_eq(flat + 32, h, 41);
	ck_assert_mem_eq(flat + 73, "FFFDDDDD", 8);
	epi = flat + 81;
	ck_assert_uint_eq(epi[0], 0);
	ck_assert_uint_eq(get_le32(epi + 1), scrc(h, 41));
	ck_assert_uint_eq(get_le32(epi + 5), scrc("FFF", 3));
	ck_assert_uint_eq(get_le32(epi + 9), 0xFFFFFFFFu);
	ck_assert_uint_eq(get_le32(epi + 13), scrc("DDDDD", 5));
	ck_assert_int_eq(parse_frame(flat, out.len, 0, &pr, got), 0);
	for (int i = 0; i < 4; i++)
		ck_assert(buf_equal(&got[i], &segs[i]));
	free(flat);
	segs_free(got);
	segs_free(segs);
	buf_free(&out);
}
END_TEST

/* Trailing empty segments dropped; slots beyond nseg are 0. */
START_TEST(test_trailing_empty_dropped)
{
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf out = BUF_INIT;
	uint8_t *flat;

	buf_append(&segs[0], "hdr", 3);
	buf_append(&segs[1], "front", 5);
	/* 4 given, 2 sent */
	ck_assert_uint_eq(frame_build(&out, FRAME_TAG_MESSAGE, segs, 4, 1),
			  32 + 3 + 4 + 5 + 13);
	flat = buf_flat(&out);
	ck_assert_uint_eq(flat[1], 2);
	/* descriptors 2 and 3 are all zero */
	for (int i = 14; i < 28; i++)
		ck_assert_uint_eq(flat[i], 0);
	/* epilogue: status, crc(front), then 0 and 0 (not 0xffffffff) */
	ck_assert_uint_eq(flat[44], 0x0e);
	ck_assert_uint_eq(get_le32(flat + 45), scrc("front", 5));
	ck_assert_uint_eq(get_le32(flat + 49), 0);
	ck_assert_uint_eq(get_le32(flat + 53), 0);
	free(flat);
	buf_free(&out);

	/* header only: one segment, no epilogue (like MMonGetMap) */
	buf_free(&segs[1]);
	ck_assert_uint_eq(frame_build(&out, FRAME_TAG_MESSAGE, segs, 4, 1), 32 + 3 + 4);
	buf_free(&out);
	segs_free(segs);
}
END_TEST

/* Segment bytes are referenced, not copied; precomputed crcs are used. */
START_TEST(test_build_shares_and_precomputed_crc)
{
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf got[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf out = BUF_INIT;
	struct buf_seg *data = buf_seg_new(8192);
	struct frame_preamble pr;
	uint32_t crcs[FRAME_MAX_SEGMENTS];
	uint32_t refs_before;
	int found = 0;
	uint8_t *flat;

	memset(data->data, 0x5a, 8192);
	data->used = 8192;
	buf_append(&segs[0], "header", 6);
	buf_append_ref(&segs[3], data, 0, 8192);
	refs_before = data->refs;
	frame_seg_crcs(segs, 4, crcs);
	ck_assert_uint_eq(crcs[2], 0xFFFFFFFFu);
	frame_build_crc(&out, FRAME_TAG_MESSAGE, segs, 4, crcs, 1);
	ck_assert_uint_gt(data->refs, refs_before);
	for (uint32_t i = 0; i < out.nrefs; i++)
		if (out.refs[i].seg == data)
			found = 1;
	ck_assert(found);
	flat = buf_flat(&out);
	ck_assert_int_eq(parse_frame(flat, out.len, 1, &pr, got), 0);
	/* the received data segment is a reference into the body, not a copy */
	ck_assert(buf_equal(&got[3], &segs[3]));
	free(flat);
	segs_free(got);
	buf_free(&out);

	/* a wrong cached data crc is what goes on the wire */
	crcs[3] ^= 1;
	frame_build_crc(&out, FRAME_TAG_MESSAGE, segs, 4, crcs, 1);
	flat = buf_flat(&out);
	ck_assert_int_eq(parse_frame(flat, out.len, 1, &pr, got), -EBADMSG);
	for (int i = 0; i < 4; i++)
		ck_assert_uint_eq(got[i].len, 0);
	free(flat);
	buf_free(&out);
	segs_free(segs);
	buf_seg_put(data);
}
END_TEST

/* ---- preamble checks ---- */

static void
make_preamble(uint8_t p[32], uint8_t tag, uint8_t nseg, const uint32_t len[4])
{
	memset(p, 0, 32);
	p[0] = tag;
	p[1] = nseg;
	for (int i = 0; i < 4; i++) {
		put_le32(p + 2 + 6 * i, len[i]);
		put_le16(p + 6 + 6 * i, len[i] ? 8 : 0);
	}
	put_le32(p + 28, crc32c(0, p, 28));
}

START_TEST(test_preamble_checks)
{
	struct frame_preamble pr;
	uint8_t p[32];
	uint32_t l1[4] = { 10, 0, 0, 0 };
	uint32_t l4[4] = { 41, 10, 0, 20 };
	uint32_t lend0[4] = { 41, 10, 0, 0 };
	uint32_t lbig[4] = { 41, 0, 0, FRAME_SEG_MAX + 1 };

	make_preamble(p, FRAME_TAG_HELLO, 1, l1);
	ck_assert_int_eq(frame_preamble_parse(p, &pr), 0);
	ck_assert_uint_eq(pr.len[0], 10);
	ck_assert_uint_eq(frame_body_len(&pr, 1), 14);
	ck_assert_uint_eq(frame_body_len(&pr, 0), 27);
	ck_assert_uint_eq(frame_head_len(&pr, 1), 14);
	ck_assert_uint_eq(frame_head_len(&pr, 0), 0);

	make_preamble(p, FRAME_TAG_MESSAGE, 4, l4);
	ck_assert_int_eq(frame_preamble_parse(p, &pr), 0);
	ck_assert_uint_eq(frame_payload_len(&pr), 71);
	ck_assert_uint_eq(frame_body_len(&pr, 1), 71 + 4 + 13);
	ck_assert_uint_eq(frame_body_len(&pr, 0), 71 + 17);

	/* crc */
	p[31] ^= 0x80;
	ck_assert_int_eq(frame_preamble_parse(p, &pr), -EBADMSG);
	/* nseg 0 and 5 */
	make_preamble(p, FRAME_TAG_MESSAGE, 0, l1);
	ck_assert_int_eq(frame_preamble_parse(p, &pr), -EBADMSG);
	make_preamble(p, FRAME_TAG_MESSAGE, 5, l4);
	ck_assert_int_eq(frame_preamble_parse(p, &pr), -EBADMSG);
	/* last listed segment empty */
	make_preamble(p, FRAME_TAG_MESSAGE, 4, lend0);
	ck_assert_int_eq(frame_preamble_parse(p, &pr), -EBADMSG);
	make_preamble(p, FRAME_TAG_MESSAGE, 2, lend0);
	ck_assert_int_eq(frame_preamble_parse(p, &pr), 0);
	/* control frame with several segments */
	make_preamble(p, FRAME_TAG_CLIENT_IDENT, 2, l4);
	ck_assert_int_eq(frame_preamble_parse(p, &pr), -EBADMSG);
	/* unknown tags (incl. Quincy's compression tags) */
	make_preamble(p, 0, 1, l1);
	ck_assert_int_eq(frame_preamble_parse(p, &pr), -EBADMSG);
	make_preamble(p, 21, 1, l1);
	ck_assert_int_eq(frame_preamble_parse(p, &pr), -EBADMSG);
	make_preamble(p, 0xff, 1, l1);
	ck_assert_int_eq(frame_preamble_parse(p, &pr), -EBADMSG);
	/* too long a segment */
	make_preamble(p, FRAME_TAG_MESSAGE, 4, lbig);
	ck_assert_int_eq(frame_preamble_parse(p, &pr), -EMSGSIZE);
	ck_assert_int_eq(frame_preamble_parse_max(p, FRAME_SEG_MAX + 1, &pr), 0);
	ck_assert_int_eq(frame_preamble_parse_max(p, 40, &pr), -EMSGSIZE);
	/* descriptors beyond nseg are ignored and reported as 0 */
	make_preamble(p, FRAME_TAG_HELLO, 1, l4);
	ck_assert_int_eq(frame_preamble_parse(p, &pr), 0);
	ck_assert_uint_eq(pr.len[1], 0);
	ck_assert_uint_eq(pr.len[3], 0);
	ck_assert_uint_eq(frame_body_len(&pr, 1), 45);
}
END_TEST

/* ---- corruption, truncation, abort ---- */

static void
check_bitflips(int rev1)
{
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf got[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf out = BUF_INIT;
	struct frame_preamble pr;
	uint8_t *flat;
	size_t len, status_off;

	make_msg_segs(segs);
	frame_build(&out, FRAME_TAG_MESSAGE, segs, 4, rev1);
	flat = buf_flat(&out);
	len = out.len;
	status_off = len - (rev1 ? FRAME_EPILOGUE_REV1_LEN : FRAME_EPILOGUE_REV0_LEN);
	for (size_t i = 0; i < len; i++) {
		for (int bit = 0; bit < 8; bit++) {
			int r;

			flat[i] ^= (uint8_t)(1 << bit);
			r = parse_frame(flat, len, rev1, &pr, got);
			flat[i] ^= (uint8_t)(1 << bit);
			if (i == status_off && ((rev1 && bit >= 4) || (!rev1 && bit >= 1))) {
				/*
				 * Not covered by a crc: rev1's reserved high nibble
				 * and rev0's unused late_flags bits are ignored, as
				 * Ceph ignores them.
				 */
				ck_assert_int_eq(r, 0);
			} else if (i == status_off && !rev1 && bit == 0) {
				ck_assert_int_eq(r, -ECANCELED);
			} else {
				ck_assert_msg(r < 0, "flip of byte %zu bit %d accepted (rev%d)",
					      i, bit, rev1);
			}
			for (int k = 0; k < 4; k++) {
				if (r < 0)
					ck_assert_uint_eq(got[k].len, 0);
				buf_clear(&got[k]);
			}
		}
	}
	/* and a control frame (inline crc only) */
	free(flat);
	buf_free(&out);
	frame_build_ctl(&out, FRAME_TAG_KEEPALIVE2, &segs[0], rev1);
	flat = buf_flat(&out);
	for (size_t i = 0; i < out.len; i++) {
		for (int bit = 0; bit < 8; bit++) {
			int r;

			flat[i] ^= (uint8_t)(1 << bit);
			r = parse_frame(flat, out.len, rev1, &pr, got);
			flat[i] ^= (uint8_t)(1 << bit);
			if (!rev1 && ((i == out.len - 17 && bit >= 1) || i >= out.len - 12))
				/* unused late_flags bits and crc slots beyond nseg */
				ck_assert_int_eq(r, 0);
			else
				ck_assert_msg(r < 0, "ctl flip %zu/%d accepted", i, bit);
			for (int k = 0; k < 4; k++)
				buf_clear(&got[k]);
		}
	}
	free(flat);
	buf_free(&out);
	segs_free(got);
	segs_free(segs);
}

START_TEST(test_bitflips_rev1)
{
	check_bitflips(1);
}
END_TEST

START_TEST(test_bitflips_rev0)
{
	check_bitflips(0);
}
END_TEST

START_TEST(test_truncation)
{
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf got[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };

	make_msg_segs(segs);
	for (int rev1 = 0; rev1 <= 1; rev1++) {
		struct buf out = BUF_INIT;
		struct frame_preamble pr;
		uint8_t *flat;

		frame_build(&out, FRAME_TAG_MESSAGE, segs, 4, rev1);
		flat = buf_flat(&out);
		ck_assert_int_eq(frame_preamble_parse(flat, &pr), 0);
		/* every shorter and one longer body is refused, nothing leaks */
		for (size_t n = 0; n <= out.len - FRAME_PREAMBLE_LEN + 1; n++) {
			struct buf body = BUF_INIT;
			size_t full = out.len - FRAME_PREAMBLE_LEN;
			int r;

			if (n == full)
				continue;
			if (n <= full) {
				buf_add_chunked(&body, flat + FRAME_PREAMBLE_LEN, n, 5);
			} else {
				buf_add_chunked(&body, flat + FRAME_PREAMBLE_LEN, full, 5);
				buf_append(&body, "", 1);
			}
			r = frame_check(&pr, &body, rev1, got);
			ck_assert_int_eq(r, -EBADMSG);
			for (int k = 0; k < 4; k++)
				ck_assert_uint_eq(got[k].len, 0);
			buf_free(&body);
		}
		/* a truncated rev1 head fails its check */
		if (rev1) {
			struct buf head = BUF_INIT;

			buf_add_chunked(&head, flat + FRAME_PREAMBLE_LEN, 44, 3);
			ck_assert_int_eq(frame_check_head(&pr, &head, 1), -EBADMSG);
			buf_add_chunked(&head, flat + FRAME_PREAMBLE_LEN + 44, 1, 1);
			ck_assert_int_eq(frame_check_head(&pr, &head, 1), 0);
			buf_free(&head);
		}
		free(flat);
		buf_free(&out);
	}
	segs_free(got);
	segs_free(segs);
}
END_TEST

START_TEST(test_check_head)
{
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf out = BUF_INIT, head = BUF_INIT;
	struct frame_preamble pr;
	uint8_t *flat;

	make_msg_segs(segs);
	frame_build(&out, FRAME_TAG_MESSAGE, segs, 4, 1);
	flat = buf_flat(&out);
	ck_assert_int_eq(frame_preamble_parse(flat, &pr), 0);
	ck_assert_uint_eq(frame_head_len(&pr, 1), 45);
	buf_add_chunked(&head, flat + 32, 45, 10);
	ck_assert_int_eq(frame_check_head(&pr, &head, 1), 0);
	buf_free(&head);
	flat[32 + 40] ^= 4;     /* corrupt the header segment */
	buf_add_chunked(&head, flat + 32, 45, 10);
	ck_assert_int_eq(frame_check_head(&pr, &head, 1), -EBADMSG);
	buf_free(&head);
	/* rev0 has nothing to check early */
	ck_assert_int_eq(frame_check_head(&pr, &head, 0), 0);
	free(flat);
	buf_free(&out);
	segs_free(segs);
}
END_TEST

START_TEST(test_aborted_frame)
{
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf got[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf out = BUF_INIT;
	struct frame_preamble pr;
	uint8_t *flat;
	size_t epi;

	make_msg_segs(segs);
	/* rev1: sender gave up after segment 0: filler zeros, late_status 0x01 */
	frame_build(&out, FRAME_TAG_MESSAGE, segs, 4, 1);
	flat = buf_flat(&out);
	epi = out.len - 13;
	memset(flat + 32 + 45, 0, epi - (32 + 45));
	memset(flat + epi, 0, 13);
	flat[epi] = 0x01;
	ck_assert_int_eq(parse_frame(flat, out.len, 1, &pr, got), -ECANCELED);
	for (int k = 0; k < 4; k++)
		ck_assert_uint_eq(got[k].len, 0);
	/* high nibble reserved: 0x11 is still "aborted" */
	flat[epi] = 0x11;
	ck_assert_int_eq(parse_frame(flat, out.len, 1, &pr, got), -ECANCELED);
	/* any other low nibble is a protocol error */
	flat[epi] = 0x00;
	ck_assert_int_eq(parse_frame(flat, out.len, 1, &pr, got), -EBADMSG);
	flat[epi] = 0x0f;
	ck_assert_int_eq(parse_frame(flat, out.len, 1, &pr, got), -EBADMSG);
	free(flat);
	buf_free(&out);

	/* rev0: late_flags bit 0 */
	frame_build(&out, FRAME_TAG_MESSAGE, segs, 4, 0);
	flat = buf_flat(&out);
	epi = out.len - 17;
	memset(flat + 32, 0, out.len - 32);
	flat[epi] = 0x01;
	ck_assert_int_eq(parse_frame(flat, out.len, 0, &pr, got), -ECANCELED);
	free(flat);
	buf_free(&out);
	segs_free(got);
	segs_free(segs);
}
END_TEST

/* Round trips over every empty/non-empty pattern of segments 1..3. */
START_TEST(test_roundtrip_patterns)
{
	for (int rev1 = 0; rev1 <= 1; rev1++) {
		for (int mask = 0; mask < 8; mask++) {
			struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
			struct buf got[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
			struct buf out = BUF_INIT;
			struct frame_preamble pr;
			uint8_t *flat;
			int want_nseg = 1;

			buf_append(&segs[0], "0123456789", 10);
			for (int i = 1; i < 4; i++) {
				if (mask & (1 << (i - 1))) {
					uint8_t tmp[300];

					memset(tmp, 'a' + i, sizeof(tmp));
					buf_add_chunked(&segs[i], tmp, 100 * i, 64);
					want_nseg = i + 1;
				}
			}
			frame_build(&out, FRAME_TAG_MESSAGE, segs, 4, rev1);
			flat = buf_flat(&out);
			ck_assert_int_eq(parse_frame(flat, out.len, rev1, &pr, got), 0);
			ck_assert_int_eq(pr.nseg, want_nseg);
			ck_assert_uint_eq(out.len, FRAME_PREAMBLE_LEN + frame_body_len(&pr, rev1));
			for (int i = 0; i < 4; i++)
				ck_assert(buf_equal(&got[i], &segs[i]));
			free(flat);
			buf_free(&out);
			segs_free(got);
			segs_free(segs);
		}
	}
}
END_TEST

/* ---- captured Pacific streams ---- */

struct stream_stats {
	int frames;
	int messages;
	int four_seg;
	size_t data_bytes;
	uint8_t tags[64];
};

static void
count_frame(const struct frame_preamble *pr, struct buf segs[FRAME_MAX_SEGMENTS], void *arg)
{
	struct stream_stats *st = arg;

	if (st->frames < 64)
		st->tags[st->frames] = pr->tag;
	st->frames++;
	if (pr->tag == FRAME_TAG_MESSAGE) {
		st->messages++;
		ck_assert_uint_eq(segs[0].len, 41);
		ck_assert_uint_eq(pr->align[0], 8);
	}
	if (pr->nseg == 4) {
		st->four_seg++;
		ck_assert_uint_eq(segs[2].len, 0);
		ck_assert_uint_eq(pr->align[3], 4096);
		st->data_bytes += segs[3].len;
	}
}

START_TEST(test_stream_c2m)
{
	struct stream_stats st;
	size_t len, bad = 0;
	uint8_t *p = load_vector("t/vectors/msgr2/stream_c2m.bin", &len);
	int n;

	memset(&st, 0, sizeof(st));
	ck_assert_mem_eq(p, "ceph v2\n", 8);
	n = walk_stream(p, len, count_frame, &st, &bad);
	ck_assert_msg(n > 0, "stream error %d at %zu", n, bad);
	ck_assert_int_eq(st.frames, n);
	ck_assert_int_ge(n, 10);
	ck_assert_int_eq(st.tags[0], FRAME_TAG_HELLO);
	ck_assert_int_eq(st.tags[1], FRAME_TAG_AUTH_REQUEST);
	ck_assert_int_eq(st.tags[2], FRAME_TAG_AUTH_SIGNATURE);
	ck_assert_int_eq(st.tags[3], FRAME_TAG_CLIENT_IDENT);
	ck_assert_int_ge(st.messages, 6);
	free(p);
}
END_TEST

START_TEST(test_stream_m2c)
{
	struct stream_stats st;
	size_t len, bad = 0;
	uint8_t *p = load_vector("t/vectors/msgr2/stream_m2c.bin", &len);
	int n;

	memset(&st, 0, sizeof(st));
	n = walk_stream(p, len, count_frame, &st, &bad);
	ck_assert_msg(n > 0, "stream error %d at %zu", n, bad);
	ck_assert_int_ge(n, 11);
	ck_assert_int_eq(st.tags[0], FRAME_TAG_HELLO);
	ck_assert_int_eq(st.tags[1], FRAME_TAG_AUTH_DONE);
	ck_assert_int_eq(st.tags[2], FRAME_TAG_AUTH_SIGNATURE);
	ck_assert_int_eq(st.tags[3], FRAME_TAG_SERVER_IDENT);
	/* the two MMonCommandAcks carry data with an empty middle */
	ck_assert_int_eq(st.four_seg, 2);
	ck_assert_uint_eq(st.data_bytes, 73271 + 2);
	free(p);
}
END_TEST

/* The captured stream with a corrupted byte somewhere in every frame fails. */
START_TEST(test_stream_corrupt)
{
	size_t len, bad = 0;
	uint8_t *p = load_vector("t/vectors/msgr2/stream_c2m.bin", &len);
	size_t off = FRAME_BANNER_LEN;

	while (off < len) {
		struct frame_preamble pr;
		size_t flen;

		ck_assert_int_eq(frame_preamble_parse(p + off, &pr), 0);
		flen = FRAME_PREAMBLE_LEN + frame_body_len(&pr, 1);
		ck_assert_uint_gt(flen, FRAME_PREAMBLE_LEN);
		/* flip a bit of segment 0, then of the preamble */
		p[off + FRAME_PREAMBLE_LEN] ^= 0x10;
		ck_assert_int_lt(walk_stream(p, len, NULL, NULL, &bad), 0);
		ck_assert_uint_eq(bad, off);
		p[off + FRAME_PREAMBLE_LEN] ^= 0x10;
		p[off + 3] ^= 0x01;
		ck_assert_int_lt(walk_stream(p, len, NULL, NULL, &bad), 0);
		ck_assert_uint_eq(bad, off);
		p[off + 3] ^= 0x01;
		off += flen;
	}
	ck_assert_int_gt(walk_stream(p, len, NULL, NULL, &bad), 0);
	/* a stream cut anywhere inside a frame is refused */
	ck_assert_int_lt(walk_stream(p, len - 1, NULL, NULL, &bad), 0);
	free(p);
}
END_TEST

static Suite *
frame_suite(void)
{
	Suite *s = suite_create("frame");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_banner);
	tcase_add_test(tc, test_tag_names);
	tcase_add_test(tc, test_auth_signature_rev1_golden);
	tcase_add_test(tc, test_auth_signature_rev0_golden);
	tcase_add_test(tc, test_wait_golden);
	tcase_add_test(tc, test_four_segments_rev1_layout);
	tcase_add_test(tc, test_four_segments_rev0_layout);
	tcase_add_test(tc, test_trailing_empty_dropped);
	tcase_add_test(tc, test_build_shares_and_precomputed_crc);
	tcase_add_test(tc, test_preamble_checks);
	tcase_add_test(tc, test_bitflips_rev1);
	tcase_add_test(tc, test_bitflips_rev0);
	tcase_add_test(tc, test_truncation);
	tcase_add_test(tc, test_check_head);
	tcase_add_test(tc, test_aborted_frame);
	tcase_add_test(tc, test_roundtrip_patterns);
	tcase_add_test(tc, test_stream_c2m);
	tcase_add_test(tc, test_stream_m2c);
	tcase_add_test(tc, test_stream_corrupt);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(frame_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
