/*
 * message_fuzz.c — libFuzzer target for MESSAGE frames: arbitrary segments
 * through msg_from_segments / header2 decode, and the message -> frame ->
 * message round trip.
 *
 * Input: byte 0 = flags (bit 0 rev1, bits 1-2 segment count - 1), then that
 * many u16 segment lengths, then the segment bytes. Invariants (abort on
 * violation): a message taken from segments rebuilds into a frame that
 * passes frame_check and yields the same header and payloads again;
 * front/middle/data are never copied by msg_from_segments.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "msg/frame.h"
#include "msg/message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
segs_free(struct buf segs[FRAME_MAX_SEGMENTS])
{
	for (int i = 0; i < FRAME_MAX_SEGMENTS; i++)
		buf_free(&segs[i]);
}

static int
same_header(const struct msg_header2 *a, const struct msg_header2 *b)
{
	uint8_t x[MSG_HEADER2_LEN], y[MSG_HEADER2_LEN];

	msg_header2_pack(a, x);
	msg_header2_pack(b, y);
	return memcmp(x, y, sizeof(x)) == 0;
}

static void
roundtrip(struct msg *m, int rev1)
{
	struct buf out = BUF_INIT, body = BUF_INIT;
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct frame_preamble pr;
	uint8_t pre[FRAME_PREAMBLE_LEN];
	struct msg *r;

	msg_build_frame(m, &out, rev1);
	if (buf_copy_out(&out, 0, FRAME_PREAMBLE_LEN, pre) != 0)
		abort();
	if (frame_preamble_parse(pre, &pr) != 0 || pr.tag != FRAME_TAG_MESSAGE)
		abort();
	if (out.len != FRAME_PREAMBLE_LEN + frame_body_len(&pr, rev1))
		abort();
	buf_slice(&out, FRAME_PREAMBLE_LEN, out.len - FRAME_PREAMBLE_LEN, &body);
	if (frame_check(&pr, &body, rev1, segs) != 0)
		abort();
	r = msg_new();
	if (msg_from_segments(segs, pr.nseg, r) != 0)
		abort();
	/* compat 0 is sent as the version: compare what went on the wire */
	if (m->hdr.compat_version == 0)
		m->hdr.compat_version = m->hdr.version;
	if (!same_header(&m->hdr, &r->hdr))
		abort();
	if (!buf_equal(&m->front, &r->front) || !buf_equal(&m->middle, &r->middle) ||
	    !buf_equal(&m->data, &r->data))
		abort();
	msg_free(r);
	segs_free(segs);
	buf_free(&body);
	buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct msg *m;
	int rev1, nseg;
	size_t lens[FRAME_MAX_SEGMENTS] = { 0 };
	const uint8_t *p = data;
	size_t len = size;

	if (len < 1)
		return 0;
	rev1 = p[0] & 1;
	nseg = 1 + ((p[0] >> 1) & 3);
	p++;
	len--;
	for (int i = 0; i < nseg; i++) {
		if (len < 2)
			return 0;
		lens[i] = get_le16(p);
		p += 2;
		len -= 2;
	}
	for (int i = 0; i < nseg; i++) {
		size_t n = lens[i] < len ? lens[i] : len;

		buf_append(&segs[i], p, n);
		p += n;
		len -= n;
	}

	m = msg_new();
	if (msg_from_segments(segs, nseg, m) == 0) {
		struct dec d;
		struct msg_header2 h;
		uint8_t raw[MSG_HEADER2_LEN];

		/* the header decodes the same way through the cursor API */
		msg_header2_pack(&m->hdr, raw);
		dec_init(&d, raw, sizeof(raw));
		if (msg_header2_decode(&d, &h) != 0 || !same_header(&h, &m->hdr))
			abort();
		(void)msg_type_name(m->hdr.type);
		roundtrip(m, rev1);
		roundtrip(m, !rev1);
	} else if (segs[0].len == MSG_HEADER2_LEN) {
		abort();        /* a 41-byte header with 1..4 segments is always valid */
	}
	msg_free(m);
	segs_free(segs);
	msg_pool_drain();
	return 0;
}
