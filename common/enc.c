/*
 * enc.c — Ceph wire primitives: little-endian integers, u32-length strings
 * and blobs, and the versioned struct envelope of ENCODE_START/DECODE_START
 * (src/include/encoding.h): u8 struct_v, u8 struct_compat, u32 body length.
 *
 * Encoders append to a struct buf and cannot fail. Decoders work on a
 * bounds-checked cursor with a sticky error (see enc.h).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"

/* ---- encoding ---- */

void
enc_u8(struct buf *b, uint8_t v)
{
	buf_append(b, &v, 1);
}

void
enc_u16(struct buf *b, uint16_t v)
{
	uint8_t t[2];

	put_le16(t, v);
	buf_append(b, t, sizeof(t));
}

void
enc_u32(struct buf *b, uint32_t v)
{
	uint8_t t[4];

	put_le32(t, v);
	buf_append(b, t, sizeof(t));
}

void
enc_float(struct buf *b, float f)
{
	uint32_t bits;

	memcpy(&bits, &f, sizeof(bits));
	enc_u32(b, bits);
}

void
enc_u64(struct buf *b, uint64_t v)
{
	uint8_t t[8];

	put_le64(t, v);
	buf_append(b, t, sizeof(t));
}

void
enc_raw(struct buf *b, const void *p, size_t len)
{
	buf_append(b, p, len);
}

void
enc_string(struct buf *b, const void *p, uint32_t len)
{
	enc_u32(b, len);
	buf_append(b, p, len);
}

void
enc_cstr(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	/* A C string longer than 4 GiB is a programming error, not input. */
	if (n > UINT32_MAX)
		n = UINT32_MAX;
	enc_string(b, s, (uint32_t)n);
}

void
enc_buf(struct buf *b, const struct buf *bl)
{
	size_t n = bl->len;

	enc_u32(b, (uint32_t)n);
	/* Shares bl's segments; n is taken first in case bl == b. */
	buf_slice(bl, 0, n, b);
}

/*
 * The length slot is reserved as contiguous bytes; the segment holding it
 * stays alive while b references it, so lenp is valid until enc_struct_end
 * as long as nothing removes those bytes from b in between.
 */
void
enc_struct_start(struct buf *b, uint8_t v, uint8_t compat, struct enc_struct *s)
{
	uint8_t hdr[2] = { v, compat };

	buf_append(b, hdr, sizeof(hdr));
	s->lenp = buf_reserve(b, 4);
	s->start = b->len;
}

void
enc_struct_end(struct buf *b, struct enc_struct *s)
{
	put_le32(s->lenp, (uint32_t)(b->len - s->start));
}

/* ---- decoding ---- */

int
dec_fail(struct dec *d, int err)
{
	if (d->err == 0)
		d->err = err;
	return d->err;
}

/* Checks the sticky error and that n bytes remain; the fast path of every reader. */
static inline int
dec_need(struct dec *d, size_t n)
{
	if (__builtin_expect(d->err != 0, 0))
		return d->err;
	if (__builtin_expect(n > dec_remaining(d), 0))
		return dec_fail(d, -EBADMSG);
	return 0;
}

int
dec_u8(struct dec *d, uint8_t *v)
{
	int r = dec_need(d, 1);

	if (r)
		return r;
	*v = *d->p++;
	return 0;
}

int
dec_u16(struct dec *d, uint16_t *v)
{
	int r = dec_need(d, 2);

	if (r)
		return r;
	*v = get_le16(d->p);
	d->p += 2;
	return 0;
}

int
dec_u32(struct dec *d, uint32_t *v)
{
	int r = dec_need(d, 4);

	if (r)
		return r;
	*v = get_le32(d->p);
	d->p += 4;
	return 0;
}

int
dec_u64(struct dec *d, uint64_t *v)
{
	int r = dec_need(d, 8);

	if (r)
		return r;
	*v = get_le64(d->p);
	d->p += 8;
	return 0;
}

int
dec_s32(struct dec *d, int32_t *v)
{
	uint32_t u;
	int r = dec_u32(d, &u);

	if (r)
		return r;
	*v = (int32_t)u;
	return 0;
}

int
dec_float(struct dec *d, float *f)
{
	uint32_t bits = 0;
	int r = dec_u32(d, &bits);

	if (r == 0)
		memcpy(f, &bits, sizeof(*f));
	return r;
}

int
dec_s64(struct dec *d, int64_t *v)
{
	uint64_t u;
	int r = dec_u64(d, &u);

	if (r)
		return r;
	*v = (int64_t)u;
	return 0;
}

int
dec_bool(struct dec *d, int *v)
{
	uint8_t u;
	int r = dec_u8(d, &u);

	if (r)
		return r;
	*v = u != 0;
	return 0;
}

int
dec_raw(struct dec *d, void *out, size_t len)
{
	int r = dec_need(d, len);

	if (r)
		return r;
	if (len)
		memcpy(out, d->p, len);
	d->p += len;
	return 0;
}

int
dec_skip(struct dec *d, size_t len)
{
	int r = dec_need(d, len);

	if (r)
		return r;
	d->p += len;
	return 0;
}

int
dec_ptr(struct dec *d, size_t len, const uint8_t **out)
{
	int r = dec_need(d, len);

	if (r)
		return r;
	*out = d->p;
	d->p += len;
	return 0;
}

int
dec_string(struct dec *d, const uint8_t **s, uint32_t *len)
{
	uint32_t n;
	int r = dec_u32(d, &n);

	if (r)
		return r;
	r = dec_ptr(d, n, s);
	if (r)
		return r;
	*len = n;
	return 0;
}

int
dec_string_copy(struct dec *d, char *out, size_t outsz)
{
	const uint8_t *s;
	uint32_t n;
	int r = dec_string(d, &s, &n);

	if (r)
		return r;
	if ((size_t)n >= outsz)
		return dec_fail(d, -ENAMETOOLONG);
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

int
dec_skip_string(struct dec *d)
{
	uint32_t n;
	int r = dec_u32(d, &n);

	if (r)
		return r;
	return dec_skip(d, n);
}

int
dec_count(struct dec *d, size_t min_elem_size, uint32_t *count)
{
	uint32_t n;
	int r = dec_u32(d, &n);

	if (r)
		return r;
	/* A zero-size element would let any count through; count each as a byte. */
	if (min_elem_size == 0)
		min_elem_size = 1;
	if (n > dec_remaining(d) / min_elem_size)
		return dec_fail(d, -EBADMSG);
	*count = n;
	return 0;
}

int
dec_struct_start(struct dec *d, uint8_t max_v, struct dec_struct *s)
{
	uint8_t v = 0, compat = 0;
	uint32_t len;

	s->outer_end = d->end;
	s->v = 0;
	s->compat = 0;
	dec_u8(d, &v);
	dec_u8(d, &compat);
	if (dec_u32(d, &len))
		return d->err;
	/* An encoder never claims compatibility with versions after its own. */
	if (compat > v)
		return dec_fail(d, -EPROTO);
	/* Ceph's DECODE_START: struct_compat above our version means we cannot read it. */
	if (compat > max_v)
		return dec_fail(d, -EOPNOTSUPP);
	if (len > dec_remaining(d))
		return dec_fail(d, -EBADMSG);
	s->v = v;
	s->compat = compat;
	d->end = d->p + len;
	return 0;
}

int
dec_struct_end(struct dec *d, struct dec_struct *s)
{
	/*
	 * Skip what a newer encoder appended and we did not read, then widen
	 * the cursor back to the enclosing bounds. Done even after an error so
	 * the cursor stays consistent (p <= end) for callers that inspect it.
	 */
	if (d->err == 0)
		d->p = d->end;
	d->end = s->outer_end;
	return d->err;
}
