/*
 * frame_secure.c — msgr2.1 secure-mode framing (AES-128-GCM), the layout of
 * src/msg/async/frames_v2.cc asm_secure_rev1 and its disassembly; see
 * frame.h. Encryption copies: the ciphertext is new memory, and so is the
 * plaintext handed back on receive (segments are slices of one buffer).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "msg/cephx_crypto.h"
#include "msg/frame.h"

#define SECURE_LATE_COMPLETE FRAME_LATE_STATUS_COMPLETE

static uint32_t
padded(uint32_t n)
{
	return (n + FRAME_SECURE_BLOCK - 1) & ~(uint32_t)(FRAME_SECURE_BLOCK - 1);
}

int
frame_secure_init(struct frame_secure *fs, const uint8_t *secret, size_t len, int server,
		  int rev1)
{
	const uint8_t *key = secret, *a = secret + 16, *b = secret + 28;

	memset(fs, 0, sizeof(*fs));
	if (len < FRAME_SECURE_SECRET_MIN)
		return -EINVAL;
	/* msgr2.0 secure mode has a 32-bit nonce counter that can wrap; no
	 * Pacific peer needs it, so it is not offered. */
	if (!rev1)
		return -EOPNOTSUPP;
	fs->rx = cephx_gcm_new(key, server ? b : a, 1, 0);
	fs->tx = cephx_gcm_new(key, server ? a : b, 1, 1);
	if (fs->rx == NULL || fs->tx == NULL) {
		frame_secure_clear(fs);
		return -EIO;
	}
	return 0;
}

void
frame_secure_clear(struct frame_secure *fs)
{
	cephx_gcm_free(fs->tx);
	cephx_gcm_free(fs->rx);
	memset(fs, 0, sizeof(*fs));
}

/* Copy src[off, off+n) into dst, zero-filling past the end of src. */
static void
copy_padded(const struct buf *src, size_t off, size_t n, uint8_t *dst)
{
	size_t have = off < src->len ? src->len - off : 0;

	if (have > n)
		have = n;
	if (have)
		buf_copy_out(src, off, have, dst);
	memset(dst + have, 0, n - have);
}

/* Encrypt the n bytes at p in place and append the tag after them. */
static int
seal(struct cephx_gcm *g, uint8_t *p, size_t n)
{
	int r;

	if ((r = cephx_gcm_update(g, p, p, n)) < 0)
		return r;
	return cephx_gcm_final(g, p + n);
}

int
frame_secure_build(struct frame_secure *fs, struct buf *out, uint8_t tag,
		   const struct buf *segs, int nseg)
{
	static const struct buf empty = BUF_INIT;
	uint32_t pad0, rest;
	uint8_t *p;
	size_t total;
	int n, r;

	if (nseg < 1) {
		segs = &empty;
		nseg = 1;
	}
	if (nseg > FRAME_MAX_SEGMENTS)
		nseg = FRAME_MAX_SEGMENTS;
	n = nseg;
	while (n > 1 && segs[n - 1].len == 0)
		n--;

	/* 1: preamble + inline part of segment 0 */
	if ((r = cephx_gcm_start(fs->tx)) < 0)
		return r;
	p = buf_reserve(out, FRAME_SECURE_PREAMBLE_LEN);
	frame_preamble_fill(p, tag, segs, n);
	pad0 = padded((uint32_t)segs[0].len);
	copy_padded(&segs[0], 0, FRAME_SECURE_INLINE, p + FRAME_PREAMBLE_LEN);
	if ((r = seal(fs->tx, p, FRAME_PREAMBLE_LEN + FRAME_SECURE_INLINE)) < 0)
		return r;

	/* 2: what of segment 0 did not fit inline */
	if (pad0 > FRAME_SECURE_INLINE) {
		rest = pad0 - FRAME_SECURE_INLINE;
		if ((r = cephx_gcm_start(fs->tx)) < 0)
			return r;
		p = buf_reserve(out, rest + FRAME_SECURE_TAG);
		copy_padded(&segs[0], FRAME_SECURE_INLINE, rest, p);
		if ((r = seal(fs->tx, p, rest)) < 0)
			return r;
	}
	if (n == 1)
		return 0;

	/* 3: the other segments and the epilogue, one GCM message */
	total = FRAME_SECURE_EPILOGUE;
	for (int i = 1; i < n; i++)
		total += padded((uint32_t)segs[i].len);
	if ((r = cephx_gcm_start(fs->tx)) < 0)
		return r;
	p = buf_reserve(out, total + FRAME_SECURE_TAG);
	{
		uint8_t *q = p;

		for (int i = 1; i < n; i++) {
			uint32_t pl = padded((uint32_t)segs[i].len);

			copy_padded(&segs[i], 0, pl, q);
			q += pl;
		}
		memset(q, 0, FRAME_SECURE_EPILOGUE);
		q[0] = SECURE_LATE_COMPLETE;
	}
	return seal(fs->tx, p, total);
}

int
frame_secure_open_preamble(struct frame_secure *fs, const uint8_t p[FRAME_SECURE_PREAMBLE_LEN],
			   uint32_t max_seg, struct frame_preamble *pr)
{
	uint8_t plain[FRAME_PREAMBLE_LEN + FRAME_SECURE_INLINE];
	int r;

	if ((r = cephx_gcm_start(fs->rx)) < 0)
		return r;
	if (cephx_gcm_update(fs->rx, p, plain, sizeof(plain)) < 0 ||
	    cephx_gcm_verify(fs->rx, p + sizeof(plain)) < 0)
		return -EBADMSG;
	r = frame_preamble_parse_max(plain, max_seg, pr);
	if (r == 0)
		memcpy(fs->inl, plain + FRAME_PREAMBLE_LEN, FRAME_SECURE_INLINE);
	memset(plain, 0, sizeof(plain));
	return r;
}

size_t
frame_secure_body_len(const struct frame_preamble *pr)
{
	size_t n = 0, pad0 = padded(pr->len[0]);

	if (pad0 > FRAME_SECURE_INLINE)
		n += pad0 - FRAME_SECURE_INLINE + FRAME_SECURE_TAG;
	if (pr->nseg > 1) {
		for (int i = 1; i < pr->nseg; i++)
			n += padded(pr->len[i]);
		n += FRAME_SECURE_EPILOGUE + FRAME_SECURE_TAG;
	}
	return n;
}

/* Decrypt body[off, off+n) + tag into a fresh contiguous buffer out. */
static int
open_run(struct cephx_gcm *g, struct buf *body, size_t off, size_t n, struct buf *out)
{
	uint8_t tag[FRAME_SECURE_TAG];
	uint8_t *dst;
	int r;

	if ((r = cephx_gcm_start(g)) < 0)
		return r;
	dst = buf_reserve(out, n);
	if (n && (buf_copy_out(body, off, n, dst) != 0 || cephx_gcm_update(g, dst, dst, n) < 0))
		return -EBADMSG;
	if (buf_copy_out(body, off + n, FRAME_SECURE_TAG, tag) != 0)
		return -EBADMSG;
	return cephx_gcm_verify(g, tag) < 0 ? -EBADMSG : 0;
}

int
frame_secure_check(struct frame_secure *fs, const struct frame_preamble *pr,
		   struct buf *body, struct buf segs[FRAME_MAX_SEGMENTS])
{
	struct buf seg0 = BUF_INIT, rest = BUF_INIT;
	size_t pad0 = padded(pr->len[0]), off = 0, at;
	int r = -EBADMSG;

	if (pr->nseg < 1 || pr->nseg > FRAME_MAX_SEGMENTS ||
	    body->len != frame_secure_body_len(pr))
		return -EBADMSG;
	/* segment 0: the inline bytes, then the separately sealed rest */
	if (pad0 > FRAME_SECURE_INLINE) {
		buf_append(&seg0, fs->inl, FRAME_SECURE_INLINE);
		if ((r = open_run(fs->rx, body, 0, pad0 - FRAME_SECURE_INLINE, &seg0)) < 0)
			goto bad;
		off = pad0 - FRAME_SECURE_INLINE + FRAME_SECURE_TAG;
	} else {
		buf_append(&seg0, fs->inl, pr->len[0]);
	}
	if (buf_slice(&seg0, 0, pr->len[0], &segs[0]) != 0)
		goto bad;
	if (pr->nseg > 1) {
		size_t total = body->len - off - FRAME_SECURE_TAG;
		uint8_t late;

		if ((r = open_run(fs->rx, body, off, total, &rest)) < 0)
			goto bad;
		if (buf_copy_out(&rest, total - FRAME_SECURE_EPILOGUE, 1, &late) != 0)
			goto bad;
		switch (late & FRAME_LATE_STATUS_MASK) {
		case FRAME_LATE_STATUS_COMPLETE:
			break;
		case FRAME_LATE_STATUS_ABORTED:
			r = -ECANCELED;
			goto out;
		default:
			r = -EBADMSG;
			goto bad;
		}
		at = 0;
		for (int i = 1; i < pr->nseg; i++) {
			if (buf_slice(&rest, at, pr->len[i], &segs[i]) != 0)
				goto bad;
			at += padded(pr->len[i]);
		}
	}
	r = 0;
	goto done;
bad:
	if (r == 0)
		r = -EBADMSG;
out:
	for (int i = 0; i < FRAME_MAX_SEGMENTS; i++)
		buf_free(&segs[i]);
done:
	buf_free(&seg0);
	buf_free(&rest);
	return r;
}
