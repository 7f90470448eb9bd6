/*
 * buf.c — refcounted segments and the reference lists built from them
 * (Ceph's buffer::ptr / bufferlist, see buf.h).
 *
 * Invariants of a struct buf, kept by every function here:
 *   - no reference has length zero;
 *   - len is the sum of the reference lengths;
 *   - each reference holds one count on its segment;
 *   - references only cover bytes below their segment's `used` mark.
 * Bytes at or above `used` belong to nobody yet, which is what makes tail
 * appends safe: a list may write there only if its last reference ends
 * exactly at `used`, and writing moves `used` past what it wrote.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/crc32c.h"
#include "common/mem.h"

#define BUF_REFS_MIN 8
/* Data starts this far into a buf_seg_new() block (keeps it 16-byte aligned). */
#define BUF_SEG_HDR ((sizeof(struct buf_seg) + 15) & ~(size_t)15)

static void
buf_bug(const char *what)
{
	fprintf(stderr, "osdfarm: buf misuse: %s\n", what);
	abort();
}

/* ---- segments ---- */

struct buf_seg *
buf_seg_new(size_t size)
{
	struct buf_seg *seg;

	if (size > UINT32_MAX)
		buf_bug("segment larger than 4 GiB");
	seg = xmalloc(BUF_SEG_HDR + size);
	seg->refs = 1;
	seg->size = (uint32_t)size;
	seg->used = 0;
	seg->data = (uint8_t *)seg + BUF_SEG_HDR;
	seg->release = NULL;
	seg->owner = NULL;
	return seg;
}

struct buf_seg *
buf_seg_wrap(void *data, size_t size, buf_seg_release_fn release, void *owner)
{
	struct buf_seg *seg;

	if (size > UINT32_MAX)
		buf_bug("segment larger than 4 GiB");
	seg = xmalloc(sizeof(*seg));
	seg->refs = 1;
	seg->size = (uint32_t)size;
	seg->used = (uint32_t)size;
	seg->data = data;
	seg->release = release;
	seg->owner = owner;
	return seg;
}

void
buf_seg_put(struct buf_seg *seg)
{
	if (seg->refs == 0)
		buf_bug("segment reference count underflow");
	if (--seg->refs > 0)
		return;
	/* Wrapped memory goes back to its owner; the header is ours either way. */
	if (seg->release)
		seg->release(seg);
	free(seg);
}

/* ---- reference array ---- */

static void
buf_refs_reserve(struct buf *b, uint32_t extra)
{
	uint32_t need = b->nrefs + extra;
	uint32_t cap;

	if (need < b->nrefs)
		buf_bug("reference count overflow");
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : BUF_REFS_MIN;
	while (cap < need) {
		if (cap > UINT32_MAX / 2)
			buf_bug("reference count overflow");
		cap *= 2;
	}
	b->refs = xreallocarray(b->refs, cap, sizeof(*b->refs));
	b->cap = cap;
}

/* Append a reference that already owns its segment count (no merging). */
static void
buf_push_ref(struct buf *b, struct buf_seg *seg, uint32_t off, uint32_t len)
{
	struct buf_ref *r;

	buf_refs_reserve(b, 1);
	r = &b->refs[b->nrefs++];
	r->seg = seg;
	r->off = off;
	r->len = len;
	b->len += len;
}

/*
 * Replace refs[i, i+nold) by the nnew references in repl. Segment counts
 * are the caller's business: this only moves array entries.
 */
static void
buf_refs_replace(struct buf *b, uint32_t i, uint32_t nold,
		 const struct buf_ref *repl, uint32_t nnew)
{
	uint32_t after = b->nrefs - i - nold;

	if (nnew > nold)
		buf_refs_reserve(b, nnew - nold);
	if (nnew != nold && after > 0)
		memmove(&b->refs[i + nnew], &b->refs[i + nold], after * sizeof(*b->refs));
	if (nnew > 0)
		memcpy(&b->refs[i], repl, nnew * sizeof(*b->refs));
	b->nrefs = b->nrefs - nold + nnew;
}

/* Index of the reference holding byte off (off < b->len), and off's place in it. */
static uint32_t
buf_find(const struct buf *b, size_t off, uint32_t *inner)
{
	uint32_t i = 0;

	while (off >= b->refs[i].len) {
		off -= b->refs[i].len;
		i++;
	}
	*inner = (uint32_t)off;
	return i;
}

static int
buf_range_ok(const struct buf *b, size_t off, size_t len)
{
	return off <= b->len && len <= b->len - off;
}

/* ---- lists ---- */

void
buf_init(struct buf *b)
{
	b->refs = NULL;
	b->nrefs = 0;
	b->cap = 0;
	b->len = 0;
}

void
buf_clear(struct buf *b)
{
	for (uint32_t i = 0; i < b->nrefs; i++)
		buf_seg_put(b->refs[i].seg);
	b->nrefs = 0;
	b->len = 0;
}

void
buf_free(struct buf *b)
{
	buf_clear(b);
	free(b->refs);
	buf_init(b);
}

/* The tail segment, if this list may write past its `used` mark. */
static struct buf_seg *
buf_tail_room(const struct buf *b)
{
	const struct buf_ref *r;

	if (b->nrefs == 0)
		return NULL;
	r = &b->refs[b->nrefs - 1];
	if (r->off + r->len != r->seg->used || r->seg->used == r->seg->size)
		return NULL;
	return r->seg;
}

/* Start a fresh segment for at least len (and at least min) bytes at the end of b. */
static struct buf_seg *
buf_new_tail(struct buf *b, size_t len, size_t min)
{
	struct buf_seg *seg = buf_seg_new(len > min ? len : min);

	buf_push_ref(b, seg, 0, 0);
	return seg;
}

void
buf_append(struct buf *b, const void *p, size_t len)
{
	buf_append_min(b, p, len, BUF_SEG_DEFAULT);
}

void
buf_append_min(struct buf *b, const void *p, size_t len, size_t seg_min)
{
	const uint8_t *src = p;

	while (len > 0) {
		struct buf_seg *seg = buf_tail_room(b);
		struct buf_ref *r;
		size_t n;

		if (seg == NULL)
			seg = buf_new_tail(b, len > UINT32_MAX ? UINT32_MAX : len,
					   seg_min > UINT32_MAX ? UINT32_MAX : seg_min);
		r = &b->refs[b->nrefs - 1];
		n = seg->size - seg->used;
		if (n > len)
			n = len;
		memcpy(seg->data + seg->used, src, n);
		seg->used += (uint32_t)n;
		r->len += (uint32_t)n;
		b->len += n;
		src += n;
		len -= n;
	}
}

void *
buf_reserve(struct buf *b, size_t len)
{
	static uint8_t nothing;
	struct buf_seg *seg;
	struct buf_ref *r;
	void *p;

	if (len == 0)
		return &nothing;
	if (len > UINT32_MAX)
		buf_bug("reserve larger than 4 GiB");
	seg = buf_tail_room(b);
	if (seg == NULL || seg->size - seg->used < len)
		seg = buf_new_tail(b, len, BUF_SEG_DEFAULT);
	r = &b->refs[b->nrefs - 1];
	p = seg->data + seg->used;
	seg->used += (uint32_t)len;
	r->len += (uint32_t)len;
	b->len += len;
	return p;
}

void
buf_append_ref(struct buf *b, struct buf_seg *seg, uint32_t off, uint32_t len)
{
	struct buf_ref *last;

	if (off > seg->used || len > seg->used - off)
		buf_bug("reference past the end of a segment");
	if (len == 0)
		return;
	/* Extend the last reference when it continues the same bytes. */
	if (b->nrefs > 0) {
		last = &b->refs[b->nrefs - 1];
		if (last->seg == seg && last->off + last->len == off) {
			last->len += len;
			b->len += len;
			return;
		}
	}
	buf_seg_get(seg);
	buf_push_ref(b, seg, off, len);
}

void
buf_claim(struct buf *dst, struct buf *src)
{
	uint32_t i = 0;

	if (dst == src || src->nrefs == 0)
		return;
	if (dst->nrefs == 0) {
		/* Swap arrays: nothing to copy, and src keeps an array to reuse. */
		struct buf t = *dst;

		*dst = *src;
		*src = t;
		src->len = 0;
		return;
	}
	/* The first reference may continue dst's last one: merge, drop a count. */
	{
		struct buf_ref *last = &dst->refs[dst->nrefs - 1];
		struct buf_ref *first = &src->refs[0];

		if (last->seg == first->seg && last->off + last->len == first->off) {
			last->len += first->len;
			dst->len += first->len;
			buf_seg_put(first->seg);
			i = 1;
		}
	}
	buf_refs_reserve(dst, src->nrefs - i);
	memcpy(&dst->refs[dst->nrefs], &src->refs[i], (src->nrefs - i) * sizeof(*src->refs));
	dst->nrefs += src->nrefs - i;
	for (; i < src->nrefs; i++)
		dst->len += src->refs[i].len;
	src->nrefs = 0;
	src->len = 0;
}

int
buf_slice(const struct buf *b, size_t off, size_t len, struct buf *dst)
{
	uint32_t i, inner;

	if (!buf_range_ok(b, off, len))
		return -ERANGE;
	if (len == 0)
		return 0;
	i = buf_find(b, off, &inner);
	/* Index afresh each round: dst may be b, whose array can move. */
	while (len > 0) {
		struct buf_ref r = b->refs[i];
		uint32_t n = r.len - inner;

		if (n > len)
			n = (uint32_t)len;
		buf_append_ref(dst, r.seg, r.off + inner, n);
		len -= n;
		inner = 0;
		i++;
	}
	return 0;
}

int
buf_splice(struct buf *b, size_t off, size_t len, struct buf *dst)
{
	uint32_t i, j, head, endin, tail, nnew = 0;
	struct buf_ref repl[2];

	if (!buf_range_ok(b, off, len))
		return -ERANGE;
	if (len == 0)
		return 0;
	if (dst != NULL) {
		if (dst == b)
			buf_bug("splice into itself");
		buf_slice(b, off, len, dst);
	}
	i = buf_find(b, off, &head);            /* head: bytes of ref i kept */
	j = buf_find(b, off + len - 1, &endin); /* last removed byte is in ref j */
	tail = b->refs[j].len - endin - 1;      /* bytes of ref j kept */

	if (head > 0) {
		repl[nnew] = b->refs[i];
		repl[nnew++].len = head;
	}
	if (tail > 0) {
		repl[nnew].seg = b->refs[j].seg;
		repl[nnew].off = b->refs[j].off + endin + 1;
		repl[nnew++].len = tail;
	}
	/*
	 * The kept head and tail reuse the counts of refs i and j; when both
	 * come from one ref (a hole punched in its middle) it needs one more.
	 */
	if (i == j && head > 0 && tail > 0)
		buf_seg_get(b->refs[i].seg);
	for (uint32_t k = i; k <= j; k++) {
		if ((k == i && head > 0) || (k == j && tail > 0))
			continue;
		buf_seg_put(b->refs[k].seg);
	}
	buf_refs_replace(b, i, j - i + 1, repl, nnew);
	b->len -= len;
	return 0;
}

void
buf_consume(struct buf *b, size_t len)
{
	uint32_t n = 0;

	if (len >= b->len) {
		buf_clear(b);
		return;
	}
	b->len -= len;
	while (len >= b->refs[n].len) {
		len -= b->refs[n].len;
		buf_seg_put(b->refs[n].seg);
		n++;
	}
	b->refs[n].off += (uint32_t)len;
	b->refs[n].len -= (uint32_t)len;
	if (n > 0) {
		memmove(&b->refs[0], &b->refs[n], (b->nrefs - n) * sizeof(*b->refs));
		b->nrefs -= n;
	}
}

int
buf_copy_out(const struct buf *b, size_t off, size_t len, void *out)
{
	uint8_t *dst = out;
	uint32_t i, inner;

	if (!buf_range_ok(b, off, len))
		return -ERANGE;
	if (len == 0)
		return 0;
	i = buf_find(b, off, &inner);
	while (len > 0) {
		const struct buf_ref *r = &b->refs[i++];
		size_t n = r->len - inner;

		if (n > len)
			n = len;
		memcpy(dst, r->seg->data + r->off + inner, n);
		dst += n;
		len -= n;
		inner = 0;
	}
	return 0;
}

const uint8_t *
buf_contig(struct buf *b, size_t off, size_t len)
{
	static const uint8_t nothing;
	uint32_t i, j, head, endin, tail, nnew = 0;
	struct buf_ref repl[3];
	struct buf_seg *seg;

	if (!buf_range_ok(b, off, len))
		return NULL;
	if (len == 0)
		return &nothing;
	i = buf_find(b, off, &head);
	if (len <= b->refs[i].len - head)
		return b->refs[i].seg->data + b->refs[i].off + head;

	/* Spans refs i..j: copy just [off, off+len) into one new segment. */
	j = buf_find(b, off + len - 1, &endin);
	tail = b->refs[j].len - endin - 1;
	if (len > UINT32_MAX)
		buf_bug("contiguous range larger than 4 GiB");
	seg = buf_seg_new(len);
	buf_copy_out(b, off, len, seg->data);
	seg->used = (uint32_t)len;

	if (head > 0) {
		repl[nnew] = b->refs[i];
		repl[nnew++].len = head;
	}
	repl[nnew].seg = seg;
	repl[nnew].off = 0;
	repl[nnew++].len = (uint32_t)len;
	if (tail > 0) {
		repl[nnew].seg = b->refs[j].seg;
		repl[nnew].off = b->refs[j].off + endin + 1;
		repl[nnew++].len = tail;
	}
	/* i != j here, so head and tail each reuse their own ref's count. */
	for (uint32_t k = i; k <= j; k++) {
		if ((k == i && head > 0) || (k == j && tail > 0))
			continue;
		buf_seg_put(b->refs[k].seg);
	}
	buf_refs_replace(b, i, j - i + 1, repl, nnew);
	return seg->data;
}

int
buf_to_iov(const struct buf *b, size_t off, struct iovec *iov, int max)
{
	uint32_t i, inner;
	int n = 0;

	if (off >= b->len || max <= 0)
		return 0;
	i = buf_find(b, off, &inner);
	for (; i < b->nrefs && n < max; i++) {
		const struct buf_ref *r = &b->refs[i];

		iov[n].iov_base = r->seg->data + r->off + inner;
		iov[n].iov_len = r->len - inner;
		n++;
		inner = 0;
	}
	return n;
}

uint32_t
buf_crc32c(const struct buf *b, uint32_t seed)
{
	uint32_t crc = seed;

	/* No final inversion in ceph_crc32c, so the refs chain directly. */
	for (uint32_t i = 0; i < b->nrefs; i++) {
		const struct buf_ref *r = &b->refs[i];

		crc = crc32c(crc, r->seg->data + r->off, r->len);
	}
	return crc;
}

int
buf_equal(const struct buf *a, const struct buf *b)
{
	uint32_t ia = 0, ib = 0, oa = 0, ob = 0;
	size_t left;

	if (a->len != b->len)
		return 0;
	left = a->len;
	while (left > 0) {
		const struct buf_ref *ra = &a->refs[ia], *rb = &b->refs[ib];
		uint32_t n = ra->len - oa;

		if (n > rb->len - ob)
			n = rb->len - ob;
		if (memcmp(ra->seg->data + ra->off + oa, rb->seg->data + rb->off + ob, n) != 0)
			return 0;
		left -= n;
		oa += n;
		ob += n;
		if (oa == ra->len) {
			ia++;
			oa = 0;
		}
		if (ob == rb->len) {
			ib++;
			ob = 0;
		}
	}
	return 1;
}

/* ---- cursor ---- */

void
buf_cursor_init(struct buf_cursor *c, const struct buf *b)
{
	c->b = b;
	c->ref = 0;
	c->off = 0;
	c->remaining = b->len;
}

/*
 * Walk len bytes (len <= remaining) from the cursor, handing each piece to
 * the copy target or the slice target, whichever is set.
 */
static void
buf_cursor_walk(struct buf_cursor *c, size_t len, uint8_t *out, struct buf *dst)
{
	c->remaining -= len;
	while (len > 0) {
		const struct buf_ref *r = &c->b->refs[c->ref];
		uint32_t n = r->len - c->off;

		if (n > len)
			n = (uint32_t)len;
		if (out != NULL) {
			memcpy(out, r->seg->data + r->off + c->off, n);
			out += n;
		}
		if (dst != NULL)
			buf_append_ref(dst, r->seg, r->off + c->off, n);
		len -= n;
		c->off += n;
		if (c->off == r->len) {
			c->ref++;
			c->off = 0;
		}
	}
}

int
buf_cursor_copy(struct buf_cursor *c, void *out, size_t len)
{
	if (len > c->remaining)
		return -EBADMSG;
	buf_cursor_walk(c, len, out, NULL);
	return 0;
}

int
buf_cursor_skip(struct buf_cursor *c, size_t len)
{
	if (len > c->remaining)
		return -EBADMSG;
	buf_cursor_walk(c, len, NULL, NULL);
	return 0;
}

int
buf_cursor_slice(struct buf_cursor *c, size_t len, struct buf *dst)
{
	if (len > c->remaining)
		return -EBADMSG;
	if (dst == c->b)
		buf_bug("cursor slice into the list it reads");
	buf_cursor_walk(c, len, NULL, dst);
	return 0;
}
