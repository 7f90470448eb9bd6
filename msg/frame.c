/*
 * frame.c — msgr2 crc-mode framing: banner, preamble, rev0/rev1 layouts.
 *
 * See frame.h for the layouts. Everything here is byte arithmetic over
 * struct buf lists; segment bytes are referenced, never copied, in both
 * directions.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/buf.h"
#include "common/crc32c.h"
#include "common/enc.h"
#include "msg/frame.h"

/* crc seeds (src/msg/async/frames_v2.cc): preamble 0, segments -1. */
#define PREAMBLE_CRC_SEED 0u
#define SEG_CRC_SEED 0xFFFFFFFFu
/* bytes of the preamble covered by its crc */
#define PREAMBLE_CRC_OFF 28

/* A sane ceiling for the banner payload: Pacific sends 16, Quincy+ still 16. */
#define BANNER_PAYLOAD_MAX 4096

/* ---- banner ---- */

void
frame_banner_build(struct buf *out, uint64_t supported, uint64_t required)
{
	uint8_t *p = buf_reserve(out, FRAME_BANNER_LEN);

	memcpy(p, FRAME_BANNER_PREFIX, FRAME_BANNER_PREFIX_LEN);
	put_le16(p + 8, FRAME_BANNER_PAYLOAD_LEN);
	put_le64(p + 10, supported);
	put_le64(p + 18, required);
}

int
frame_banner_parse_head(const uint8_t p[FRAME_BANNER_HEAD_LEN], uint16_t *payload_len)
{
	uint16_t len;

	if (memcmp(p, FRAME_BANNER_PREFIX, FRAME_BANNER_PREFIX_LEN) != 0)
		return -EPROTO;
	len = get_le16(p + FRAME_BANNER_PREFIX_LEN);
	if (len < FRAME_BANNER_PAYLOAD_LEN || len > BANNER_PAYLOAD_MAX)
		return -EBADMSG;
	*payload_len = len;
	return 0;
}

int
frame_banner_parse_payload(const uint8_t *p, size_t len, uint64_t *supported,
			   uint64_t *required)
{
	if (len < FRAME_BANNER_PAYLOAD_LEN)
		return -EBADMSG;
	*supported = get_le64(p);
	*required = get_le64(p + 8);
	return 0;
}

/* ---- tags ---- */

static const char *const tag_names[FRAME_TAG_MAX + 1] = {
	[FRAME_TAG_HELLO] = "HELLO",
	[FRAME_TAG_AUTH_REQUEST] = "AUTH_REQUEST",
	[FRAME_TAG_AUTH_BAD_METHOD] = "AUTH_BAD_METHOD",
	[FRAME_TAG_AUTH_REPLY_MORE] = "AUTH_REPLY_MORE",
	[FRAME_TAG_AUTH_REQUEST_MORE] = "AUTH_REQUEST_MORE",
	[FRAME_TAG_AUTH_DONE] = "AUTH_DONE",
	[FRAME_TAG_AUTH_SIGNATURE] = "AUTH_SIGNATURE",
	[FRAME_TAG_CLIENT_IDENT] = "CLIENT_IDENT",
	[FRAME_TAG_SERVER_IDENT] = "SERVER_IDENT",
	[FRAME_TAG_IDENT_MISSING_FEATURES] = "IDENT_MISSING_FEATURES",
	[FRAME_TAG_SESSION_RECONNECT] = "SESSION_RECONNECT",
	[FRAME_TAG_SESSION_RESET] = "SESSION_RESET",
	[FRAME_TAG_SESSION_RETRY] = "SESSION_RETRY",
	[FRAME_TAG_SESSION_RETRY_GLOBAL] = "SESSION_RETRY_GLOBAL",
	[FRAME_TAG_SESSION_RECONNECT_OK] = "SESSION_RECONNECT_OK",
	[FRAME_TAG_WAIT] = "WAIT",
	[FRAME_TAG_MESSAGE] = "MESSAGE",
	[FRAME_TAG_KEEPALIVE2] = "KEEPALIVE2",
	[FRAME_TAG_KEEPALIVE2_ACK] = "KEEPALIVE2_ACK",
	[FRAME_TAG_ACK] = "ACK",
};

const char *
frame_tag_name(uint8_t tag)
{
	if (!frame_tag_valid(tag))
		return "UNKNOWN";
	return tag_names[tag];
}

/* ---- preamble ---- */

int
frame_preamble_parse_max(const uint8_t p[FRAME_PREAMBLE_LEN], uint32_t max_seg,
			 struct frame_preamble *pr)
{
	struct frame_preamble t;
	uint32_t crc = get_le32(p + PREAMBLE_CRC_OFF);

	if (crc32c(PREAMBLE_CRC_SEED, p, PREAMBLE_CRC_OFF) != crc)
		return -EBADMSG;
	memset(&t, 0, sizeof(t));
	t.tag = p[0];
	t.nseg = p[1];
	if (!frame_tag_valid(t.tag))
		return -EBADMSG;
	if (t.nseg < 1 || t.nseg > FRAME_MAX_SEGMENTS)
		return -EBADMSG;
	/* Only MESSAGE frames have more than one segment (frames_v2.h). */
	if (t.tag != FRAME_TAG_MESSAGE && t.nseg != 1)
		return -EBADMSG;
	/*
	 * Descriptors past nseg are sent as zero; Ceph ignores them and so do
	 * we (they stay 0 in *pr, so frame_body_len never counts them).
	 */
	for (int i = 0; i < t.nseg; i++) {
		t.len[i] = get_le32(p + 2 + 6 * i);
		t.align[i] = get_le16(p + 6 + 6 * i);
		if (t.len[i] > max_seg)
			return -EMSGSIZE;
	}
	/* nseg is the index of the last non-empty segment + 1. */
	if (t.nseg > 1 && t.len[t.nseg - 1] == 0)
		return -EBADMSG;
	*pr = t;
	return 0;
}

int
frame_preamble_parse(const uint8_t p[FRAME_PREAMBLE_LEN], struct frame_preamble *pr)
{
	return frame_preamble_parse_max(p, FRAME_SEG_MAX, pr);
}

size_t
frame_payload_len(const struct frame_preamble *pr)
{
	size_t n = 0;

	for (int i = 0; i < pr->nseg && i < FRAME_MAX_SEGMENTS; i++)
		n += pr->len[i];
	return n;
}

size_t
frame_body_len(const struct frame_preamble *pr, int rev1)
{
	size_t n = frame_payload_len(pr);

	if (!rev1)
		return n + FRAME_EPILOGUE_REV0_LEN;
	if (pr->len[0] > 0)
		n += FRAME_SEG_CRC_LEN;
	if (pr->nseg > 1)
		n += FRAME_EPILOGUE_REV1_LEN;
	return n;
}

size_t
frame_head_len(const struct frame_preamble *pr, int rev1)
{
	if (!rev1 || pr->len[0] == 0)
		return 0;
	return (size_t)pr->len[0] + FRAME_SEG_CRC_LEN;
}

/* crc32c(-1) over b[off, off+len) without building a list for it. */
static uint32_t
range_crc(const struct buf *b, size_t off, size_t len)
{
	struct buf tmp = BUF_INIT;
	uint32_t crc;

	if (buf_slice(b, off, len, &tmp) != 0) {
		buf_free(&tmp);
		return 0;
	}
	crc = buf_crc32c(&tmp, SEG_CRC_SEED);
	buf_free(&tmp);
	return crc;
}

static int
read_le32_at(const struct buf *b, size_t off, uint32_t *v)
{
	uint8_t tmp[4];

	if (buf_copy_out(b, off, 4, tmp) != 0)
		return -EBADMSG;
	*v = get_le32(tmp);
	return 0;
}

int
frame_check_head(const struct frame_preamble *pr, struct buf *head, int rev1)
{
	uint32_t want;
	size_t n = frame_head_len(pr, rev1);

	if (n == 0)
		return 0;
	if (head->len < n)
		return -EBADMSG;
	if (read_le32_at(head, pr->len[0], &want) != 0)
		return -EBADMSG;
	if (range_crc(head, 0, pr->len[0]) != want)
		return -EBADMSG;
	return 0;
}

/* On error segs are released completely, so a caller may just drop them. */
static void
segs_clear(struct buf segs[FRAME_MAX_SEGMENTS])
{
	for (int i = 0; i < FRAME_MAX_SEGMENTS; i++)
		buf_free(&segs[i]);
}

/* Slice the segments out of body: seg i starts at start[i]. */
static int
split_segments(const struct frame_preamble *pr, const struct buf *body,
	       const size_t start[FRAME_MAX_SEGMENTS], struct buf segs[FRAME_MAX_SEGMENTS])
{
	for (int i = 0; i < pr->nseg; i++) {
		if (buf_slice(body, start[i], pr->len[i], &segs[i]) != 0) {
			segs_clear(segs);
			return -EBADMSG;
		}
	}
	return 0;
}

static int
check_rev1(const struct frame_preamble *pr, struct buf *body,
	   struct buf segs[FRAME_MAX_SEGMENTS])
{
	size_t start[FRAME_MAX_SEGMENTS] = { 0 };
	size_t off = 0;
	uint32_t want;
	uint8_t epi[FRAME_EPILOGUE_REV1_LEN];

	off = pr->len[0];
	if (pr->len[0] > 0)
		off += FRAME_SEG_CRC_LEN;
	for (int i = 1; i < pr->nseg; i++) {
		start[i] = off;
		off += pr->len[i];
	}
	if (split_segments(pr, body, start, segs) != 0)
		return -EBADMSG;

	/* Inline crc of segment 0, present only when segment 0 is not empty. */
	if (pr->len[0] > 0) {
		if (read_le32_at(body, pr->len[0], &want) != 0 ||
		    buf_crc32c(&segs[0], SEG_CRC_SEED) != want)
			goto bad;
	}
	if (pr->nseg == 1)
		return 0;

	if (buf_copy_out(body, off, sizeof(epi), epi) != 0)
		goto bad;
	/*
	 * late_status: low nibble 0xE complete, 0x1 aborted (frames_v2.h,
	 * FRAME_LATE_STATUS_*); the high nibble is reserved. An aborted
	 * frame's later segments are filler, so their crcs are not checked.
	 */
	switch (epi[0] & FRAME_LATE_STATUS_MASK) {
	case FRAME_LATE_STATUS_COMPLETE:
		break;
	case FRAME_LATE_STATUS_ABORTED:
		segs_clear(segs);
		return -ECANCELED;
	default:
		goto bad;
	}
	for (int i = 1; i < pr->nseg; i++) {
		want = get_le32(epi + 1 + 4 * (i - 1));
		if (buf_crc32c(&segs[i], SEG_CRC_SEED) != want)
			goto bad;
	}
	return 0;
bad:
	segs_clear(segs);
	return -EBADMSG;
}

static int
check_rev0(const struct frame_preamble *pr, struct buf *body,
	   struct buf segs[FRAME_MAX_SEGMENTS])
{
	size_t start[FRAME_MAX_SEGMENTS] = { 0 };
	size_t off = 0;
	uint8_t epi[FRAME_EPILOGUE_REV0_LEN];

	for (int i = 0; i < pr->nseg; i++) {
		start[i] = off;
		off += pr->len[i];
	}
	if (buf_copy_out(body, off, sizeof(epi), epi) != 0)
		return -EBADMSG;
	/* rev0 late_flags: bit 0 aborted; not covered by any crc. */
	if (epi[0] & FRAME_LATE_FLAG_ABORTED)
		return -ECANCELED;
	if (split_segments(pr, body, start, segs) != 0)
		return -EBADMSG;
	for (int i = 0; i < pr->nseg; i++) {
		if (buf_crc32c(&segs[i], SEG_CRC_SEED) != get_le32(epi + 1 + 4 * i)) {
			segs_clear(segs);
			return -EBADMSG;
		}
	}
	return 0;
}

int
frame_check(const struct frame_preamble *pr, struct buf *body, int rev1,
	    struct buf segs[FRAME_MAX_SEGMENTS])
{
	if (pr->nseg < 1 || pr->nseg > FRAME_MAX_SEGMENTS)
		return -EBADMSG;
	if (body->len != frame_body_len(pr, rev1))
		return -EBADMSG;
	return rev1 ? check_rev1(pr, body, segs) : check_rev0(pr, body, segs);
}

/* ---- building ---- */

uint32_t
frame_seg_crc(const struct buf *seg)
{
	return buf_crc32c(seg, SEG_CRC_SEED);
}

void
frame_seg_crcs(const struct buf *segs, int nseg, uint32_t crcs[FRAME_MAX_SEGMENTS])
{
	for (int i = 0; i < FRAME_MAX_SEGMENTS; i++)
		crcs[i] = i < nseg ? frame_seg_crc(&segs[i]) : 0;
}

static void
append_segment(struct buf *out, const struct buf *seg)
{
	if (seg->len > 0)
		buf_slice(seg, 0, seg->len, out);
}

void
frame_preamble_fill(uint8_t p[FRAME_PREAMBLE_LEN], uint8_t tag, const struct buf *segs, int n)
{
	memset(p, 0, FRAME_PREAMBLE_LEN);
	p[0] = tag;
	p[1] = (uint8_t)n;
	for (int i = 0; i < n; i++) {
		uint16_t align = FRAME_ALIGN_DEFAULT;

		if (tag == FRAME_TAG_MESSAGE && i == FRAME_SEG_DATA)
			align = FRAME_ALIGN_DATA;
		put_le32(p + 2 + 6 * i, (uint32_t)segs[i].len);
		put_le16(p + 6 + 6 * i, align);
	}
	put_le32(p + PREAMBLE_CRC_OFF, crc32c(PREAMBLE_CRC_SEED, p, PREAMBLE_CRC_OFF));
}

size_t
frame_build_crc(struct buf *out, uint8_t tag, const struct buf *segs, int nseg,
		const uint32_t *given, int rev1)
{
	static const struct buf empty = BUF_INIT;
	uint32_t crc[FRAME_MAX_SEGMENTS] = { 0 };
	size_t before = out->len;
	uint8_t *p;
	int n;

	if (nseg < 1) {
		/* no segment at all: one empty one (e.g. WAIT) */
		segs = &empty;
		nseg = 1;
		given = NULL;
	}
	if (nseg > FRAME_MAX_SEGMENTS)
		nseg = FRAME_MAX_SEGMENTS;
	/* Trailing empty segments are not sent; at least one segment is. */
	n = nseg;
	while (n > 1 && segs[n - 1].len == 0)
		n--;
	for (int i = 0; i < n; i++)
		crc[i] = given ? given[i] : frame_seg_crc(&segs[i]);

	p = buf_reserve(out, FRAME_PREAMBLE_LEN);
	frame_preamble_fill(p, tag, segs, n);

	if (rev1) {
		append_segment(out, &segs[0]);
		if (segs[0].len > 0)
			enc_u32(out, crc[0]);
		for (int i = 1; i < n; i++)
			append_segment(out, &segs[i]);
		if (n > 1) {
			uint8_t epi[FRAME_EPILOGUE_REV1_LEN] = { 0 };

			epi[0] = FRAME_LATE_STATUS_COMPLETE;
			for (int i = 1; i < n; i++)
				put_le32(epi + 1 + 4 * (i - 1), crc[i]);
			buf_append(out, epi, sizeof(epi));
		}
	} else {
		uint8_t epi[FRAME_EPILOGUE_REV0_LEN] = { 0 };

		for (int i = 0; i < n; i++) {
			append_segment(out, &segs[i]);
			put_le32(epi + 1 + 4 * i, crc[i]);
		}
		buf_append(out, epi, sizeof(epi));
	}
	return out->len - before;
}

size_t
frame_build(struct buf *out, uint8_t tag, const struct buf *segs, int nseg, int rev1)
{
	return frame_build_crc(out, tag, segs, nseg, NULL, rev1);
}

size_t
frame_build_ctl(struct buf *out, uint8_t tag, const struct buf *payload, int rev1)
{
	return frame_build_crc(out, tag, payload, 1, NULL, rev1);
}
