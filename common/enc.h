/*
 * enc.h — encoding and decoding of Ceph's wire primitives.
 *
 * Encoders append to a struct buf (little-endian integers, u32-length strings
 * and blobs, versioned struct headers). They cannot fail on input; memory
 * exhaustion aborts (mem.h).
 *
 * The decoder is a bounds-checked cursor over contiguous bytes (a message
 * front, a control frame payload). Every dec_* call returns 0 or a negative
 * errno and never reads past the end. Errors are sticky: after the first one,
 * every later call returns the same error, so a decoder may make a run of
 * calls and check d->err once at the end. Errors:
 *   -EBADMSG  truncated input, or a length larger than what remains
 *   -EPROTO   a value the format forbids (bad marker, bad compat_v field)
 *   -EOPNOTSUPP a struct whose compat_v is above what we understand
 *
 * Versioned structs (Ceph's ENCODE_START/DECODE_START): u8 struct_v,
 * u8 compat_v, u32 body length, body. dec_struct_start() narrows the cursor
 * to the body; dec_struct_end() skips whatever a newer encoder added that we
 * did not read and restores the outer end.
 */
#ifndef OSDFARM_COMMON_ENC_H
#define OSDFARM_COMMON_ENC_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

/* ---- encoding ---- */
void enc_u8(struct buf *b, uint8_t v);
void enc_u16(struct buf *b, uint16_t v);
void enc_u32(struct buf *b, uint32_t v);
void enc_u64(struct buf *b, uint64_t v);
static inline void enc_s32(struct buf *b, int32_t v) { enc_u32(b, (uint32_t)v); }
static inline void enc_s64(struct buf *b, int64_t v) { enc_u64(b, (uint64_t)v); }
static inline void enc_bool(struct buf *b, int v) { enc_u8(b, v ? 1 : 0); }
void enc_float(struct buf *b, float f);                         /* IEEE 754 bits, le32 */
void enc_raw(struct buf *b, const void *p, size_t len);          /* no length prefix */
void enc_string(struct buf *b, const void *p, uint32_t len);    /* u32 len + bytes */
void enc_cstr(struct buf *b, const char *s);                     /* u32 strlen + bytes */
void enc_buf(struct buf *b, const struct buf *bl);               /* u32 len + shared refs */

struct enc_struct {
	uint8_t *lenp;          /* where the u32 body length goes */
	size_t start;           /* b->len right after the header */
};
void enc_struct_start(struct buf *b, uint8_t v, uint8_t compat, struct enc_struct *s);
void enc_struct_end(struct buf *b, struct enc_struct *s);

/* Little-endian stores into raw memory, for fixed layouts (headers, preambles). */
static inline void put_le16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}
static inline void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v); put_le32(p + 4, (uint32_t)(v >> 32));
}
static inline uint16_t get_le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

/* ---- decoding ---- */
struct dec {
	const uint8_t *p;
	const uint8_t *end;
	int err;
};

static inline void dec_init(struct dec *d, const void *p, size_t len)
{
	d->p = p;
	d->end = d->p + len;
	d->err = 0;
}
static inline size_t dec_remaining(const struct dec *d) { return (size_t)(d->end - d->p); }

/* Sets d->err (if not already set) and returns it. */
int dec_fail(struct dec *d, int err);

int dec_u8(struct dec *d, uint8_t *v);
int dec_u16(struct dec *d, uint16_t *v);
int dec_u32(struct dec *d, uint32_t *v);
int dec_u64(struct dec *d, uint64_t *v);
int dec_s32(struct dec *d, int32_t *v);
int dec_s64(struct dec *d, int64_t *v);
int dec_bool(struct dec *d, int *v);                    /* any non-zero byte is true */
int dec_float(struct dec *d, float *f);                 /* IEEE 754 bits, le32 */
int dec_raw(struct dec *d, void *out, size_t len);      /* copy, no length prefix */
int dec_skip(struct dec *d, size_t len);
int dec_ptr(struct dec *d, size_t len, const uint8_t **out); /* view, no copy */
/* u32 length + bytes, as a view into the input. */
int dec_string(struct dec *d, const uint8_t **s, uint32_t *len);
/* u32 length + bytes copied into out as a C string; -ENAMETOOLONG if it does not fit. */
int dec_string_copy(struct dec *d, char *out, size_t outsz);
/* u32 length + bytes, skipped. */
int dec_skip_string(struct dec *d);
/*
 * u32 element count for a vector or map whose elements are each at least
 * min_elem_size bytes on the wire: -EBADMSG when count * min_elem_size exceeds
 * what remains. Call it before allocating count elements: that is what keeps
 * an allocation proportional to the bytes actually received.
 */
int dec_count(struct dec *d, size_t min_elem_size, uint32_t *count);

struct dec_struct {
	const uint8_t *outer_end;
	uint8_t v;              /* struct_v */
	uint8_t compat;         /* compat_v */
};
/* max_v: the highest struct_v whose compat_v we understand (our encoder's version). */
int dec_struct_start(struct dec *d, uint8_t max_v, struct dec_struct *s);
int dec_struct_end(struct dec *d, struct dec_struct *s);

#endif
