/*
 * message.c — ceph_msg_header2, the struct msg pool, and the mapping between
 * a message and the four segments of a MESSAGE frame.
 *
 * The 41-byte header2 layout is src/include/msgr.h (struct ceph_msg_header2,
 * packed, little-endian). Front, middle and data move between the message
 * and the frame by reference only.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/mem.h"
#include "msg/frame.h"
#include "msg/message.h"

/* ---- header2 ---- */

void
msg_header2_pack(const struct msg_header2 *h, uint8_t out[MSG_HEADER2_LEN])
{
	put_le64(out + 0, h->seq);
	put_le64(out + 8, h->tid);
	put_le16(out + 16, h->type);
	put_le16(out + 18, h->priority);
	put_le16(out + 20, h->version);
	put_le32(out + 22, h->data_pre_padding_len);
	put_le16(out + 26, h->data_off);
	put_le64(out + 28, h->ack_seq);
	out[36] = h->flags;
	put_le16(out + 37, h->compat_version);
	put_le16(out + 39, h->reserved);
}

int
msg_header2_unpack(const uint8_t *p, size_t len, struct msg_header2 *h)
{
	if (len != MSG_HEADER2_LEN)
		return -EBADMSG;
	h->seq = get_le64(p + 0);
	h->tid = get_le64(p + 8);
	h->type = get_le16(p + 16);
	h->priority = get_le16(p + 18);
	h->version = get_le16(p + 20);
	h->data_pre_padding_len = get_le32(p + 22);
	h->data_off = get_le16(p + 26);
	h->ack_seq = get_le64(p + 28);
	h->flags = p[36];
	h->compat_version = get_le16(p + 37);
	h->reserved = get_le16(p + 39);
	return 0;
}

void
msg_header2_encode(struct buf *b, const struct msg_header2 *h)
{
	msg_header2_pack(h, buf_reserve(b, MSG_HEADER2_LEN));
}

int
msg_header2_decode(struct dec *d, struct msg_header2 *h)
{
	const uint8_t *p;
	int r = dec_ptr(d, MSG_HEADER2_LEN, &p);

	if (r != 0)
		return r;
	return msg_header2_unpack(p, MSG_HEADER2_LEN, h);
}

/* ---- pool ---- */

/*
 * A bounded free list: enough for a burst of in-flight ops without keeping
 * an unbounded amount of memory after one.
 */
#define MSG_POOL_MAX 4096

static struct msg *pool_head;
static size_t pool_count;
static size_t live_count;

struct msg *
msg_new(void)
{
	struct msg *m = pool_head;

	if (m) {
		pool_head = m->next;
		pool_count--;
	} else {
		m = xcalloc(1, sizeof(*m));
		buf_init(&m->front);
		buf_init(&m->middle);
		buf_init(&m->data);
	}
	/* Buffers come back empty from msg_free (their ref arrays kept). */
	memset(&m->hdr, 0, sizeof(m->hdr));
	m->hdr.flags = MSG_FOOTER_FLAGS_DEFAULT;
	m->hdr.priority = MSG_PRIO_DEFAULT;
	memset(&m->src, 0, sizeof(m->src));
	m->data_crc = 0;
	m->data_crc_valid = 0;
	m->conn = NULL;
	m->priv = NULL;
	m->next = NULL;
	m->on_free = NULL;
	m->on_free_arg = NULL;
	m->on_free_val = 0;
	m->refs = 1;
	live_count++;
	return m;
}

void
msg_free(struct msg *m)
{
	if (m == NULL)
		return;
	if (m->refs == 0)
		abort();        /* double free: a bug in the caller */
	if (--m->refs > 0)
		return;
	if (m->on_free) {
		void (*fn)(struct msg *) = m->on_free;

		m->on_free = NULL;
		fn(m);
	}
	live_count--;
	if (pool_count >= MSG_POOL_MAX) {
		buf_free(&m->front);
		buf_free(&m->middle);
		buf_free(&m->data);
		free(m);
		return;
	}
	buf_clear(&m->front);
	buf_clear(&m->middle);
	buf_clear(&m->data);
	m->next = pool_head;
	pool_head = m;
	pool_count++;
}

void
msg_pool_drain(void)
{
	while (pool_head) {
		struct msg *m = pool_head;

		pool_head = m->next;
		buf_free(&m->front);
		buf_free(&m->middle);
		buf_free(&m->data);
		free(m);
	}
	pool_count = 0;
}

size_t
msg_pool_free_count(void)
{
	return pool_count;
}

size_t
msg_live_count(void)
{
	return live_count;
}

/* ---- segments ---- */

void
msg_to_segments(const struct msg *m, struct buf segs[FRAME_MAX_SEGMENTS], int *nseg)
{
	struct msg_header2 h = m->hdr;
	const struct buf *parts[3] = { &m->front, &m->middle, &m->data };
	int n = 1;

	/* Message.cc encode: a compat_version of 0 goes out as the version. */
	if (h.compat_version == 0)
		h.compat_version = h.version;
	msg_header2_encode(&segs[FRAME_SEG_HEADER], &h);
	for (int i = 0; i < 3; i++) {
		if (parts[i]->len > 0) {
			buf_slice(parts[i], 0, parts[i]->len, &segs[i + 1]);
			n = i + 2;
		}
	}
	*nseg = n;
}

int
msg_from_segments(struct buf segs[FRAME_MAX_SEGMENTS], int nseg, struct msg *m)
{
	struct msg_header2 h;
	uint8_t raw[MSG_HEADER2_LEN];
	struct buf *dst[3] = { &m->front, &m->middle, &m->data };

	if (nseg < 1 || nseg > FRAME_MAX_SEGMENTS)
		return -EBADMSG;
	if (segs[FRAME_SEG_HEADER].len != MSG_HEADER2_LEN)
		return -EBADMSG;
	if (buf_copy_out(&segs[FRAME_SEG_HEADER], 0, MSG_HEADER2_LEN, raw) != 0 ||
	    msg_header2_unpack(raw, MSG_HEADER2_LEN, &h) != 0)
		return -EBADMSG;
	m->hdr = h;
	buf_clear(&segs[FRAME_SEG_HEADER]);
	for (int i = 0; i < 3; i++)
		buf_clear(dst[i]);
	for (int i = 1; i < nseg; i++)
		buf_claim(dst[i - 1], &segs[i]);
	return 0;
}

size_t
msg_build_frame(const struct msg *m, struct buf *out, int rev1)
{
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	uint32_t crcs[FRAME_MAX_SEGMENTS] = { 0 };
	size_t n;
	int nseg;

	msg_to_segments(m, segs, &nseg);
	for (int i = 0; i < nseg; i++) {
		if (i == FRAME_SEG_DATA && m->data_crc_valid)
			crcs[i] = m->data_crc;
		else
			crcs[i] = frame_seg_crc(&segs[i]);
	}
	n = frame_build_crc(out, FRAME_TAG_MESSAGE, segs, nseg, crcs, rev1);
	for (int i = 0; i < FRAME_MAX_SEGMENTS; i++)
		buf_free(&segs[i]);
	return n;
}

int
msg_build_frame_secure(const struct msg *m, struct buf *out, struct frame_secure *fs)
{
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	int nseg, r;

	msg_to_segments(m, segs, &nseg);
	r = frame_secure_build(fs, out, FRAME_TAG_MESSAGE, segs, nseg);
	for (int i = 0; i < FRAME_MAX_SEGMENTS; i++)
		buf_free(&segs[i]);
	return r;
}
