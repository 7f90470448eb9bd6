/*
 * enc_test.c — wire primitives: round trips, exact byte layouts, and the
 * decoder's defences (truncation at every offset, huge lengths and counts,
 * versioned structs from newer and incompatible encoders, sticky errors).
 *
 * Decoded input is always copied into a heap block of exactly its length,
 * so a read past the end is caught by the sanitizer build.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"

/* The bytes of b in a malloc block of exactly b->len bytes. */
static uint8_t *
flat(const struct buf *b)
{
	uint8_t *p = malloc(b->len ? b->len : 1);

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(buf_copy_out(b, 0, b->len, p), 0);
	return p;
}

/* A copy of the first n bytes in a block of exactly n bytes. */
static uint8_t *
prefix(const uint8_t *p, size_t n)
{
	uint8_t *q = malloc(n ? n : 1);

	ck_assert_ptr_nonnull(q);
	memcpy(q, p, n);
	return q;
}

START_TEST(test_layout)
{
	struct buf b = BUF_INIT;
	static const uint8_t want[] = {
		0xab,
		0x34, 0x12,
		0x04, 0x03, 0x02, 0x01,
		0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
		0xff, 0xff, 0xff, 0xff,
		0x01, 0x00,
		0x02, 0x00, 0x00, 0x00, 'h', 'i',
		0x03, 0x00, 0x00, 0x00, 'a', 'b', 'c',
		'x', 'y',
	};
	uint8_t *p;

	enc_u8(&b, 0xab);
	enc_u16(&b, 0x1234);
	enc_u32(&b, 0x01020304);
	enc_u64(&b, 0x0102030405060708ull);
	enc_s32(&b, -1);
	enc_bool(&b, 7);
	enc_bool(&b, 0);
	enc_string(&b, "hi", 2);
	enc_cstr(&b, "abc");
	enc_raw(&b, "xy", 2);
	ck_assert_uint_eq(b.len, sizeof(want));
	p = flat(&b);
	ck_assert_mem_eq(p, want, sizeof(want));
	free(p);
	buf_free(&b);
}
END_TEST

START_TEST(test_put_get_le)
{
	uint8_t t[8];

	put_le16(t, 0xBEEF);
	ck_assert_uint_eq(t[0], 0xEF);
	ck_assert_uint_eq(get_le16(t), 0xBEEF);
	put_le32(t, 0xCAFEBABE);
	ck_assert_uint_eq(t[0], 0xBE);
	ck_assert_uint_eq(t[3], 0xCA);
	ck_assert_uint_eq(get_le32(t), 0xCAFEBABE);
	put_le64(t, 0x8877665544332211ull);
	ck_assert_uint_eq(t[0], 0x11);
	ck_assert_uint_eq(t[7], 0x88);
	ck_assert_uint_eq(get_le64(t), 0x8877665544332211ull);
}
END_TEST

/*
 * One message using every primitive; encode_all and decode_all mirror each
 * other, and decode_all checks every value it reads.
 */
static const uint8_t blob[5] = { 9, 8, 7, 6, 5 };

static void
encode_all(struct buf *b)
{
	struct enc_struct s, inner;
	struct buf payload = BUF_INIT;

	enc_u8(b, 0x7f);
	enc_u16(b, 0xfffe);
	enc_u32(b, 0x80000001u);
	enc_u64(b, 0xfedcba9876543210ull);
	enc_s32(b, -123456);
	enc_s64(b, INT64_MIN);
	enc_bool(b, 1);
	enc_raw(b, blob, sizeof(blob));
	enc_string(b, "", 0);
	enc_cstr(b, "osd.3");
	buf_append(&payload, "payload", 7);
	enc_buf(b, &payload);
	buf_free(&payload);
	enc_struct_start(b, 2, 1, &s);
	enc_u32(b, 42);
	enc_struct_start(b, 1, 1, &inner);
	enc_u64(b, 43);
	enc_struct_end(b, &inner);
	enc_cstr(b, "tail");
	enc_struct_end(b, &s);
	/* A count-prefixed vector of three u32. */
	enc_u32(b, 3);
	for (uint32_t i = 0; i < 3; i++)
		enc_u32(b, 100 + i);
	enc_u8(b, 0x5a);
}

static int
decode_all(const uint8_t *p, size_t len)
{
	struct dec d;
	struct dec_struct s, inner;
	uint8_t u8, raw[5];
	uint16_t u16;
	uint32_t u32, slen, n;
	uint64_t u64;
	int32_t s32;
	int64_t s64;
	int bl;
	const uint8_t *sp;
	char name[16];

	dec_init(&d, p, len);
	if (dec_u8(&d, &u8) == 0)
		ck_assert_uint_eq(u8, 0x7f);
	if (dec_u16(&d, &u16) == 0)
		ck_assert_uint_eq(u16, 0xfffe);
	if (dec_u32(&d, &u32) == 0)
		ck_assert_uint_eq(u32, 0x80000001u);
	if (dec_u64(&d, &u64) == 0)
		ck_assert(u64 == 0xfedcba9876543210ull);
	if (dec_s32(&d, &s32) == 0)
		ck_assert_int_eq(s32, -123456);
	if (dec_s64(&d, &s64) == 0)
		ck_assert(s64 == INT64_MIN);
	if (dec_bool(&d, &bl) == 0)
		ck_assert_int_eq(bl, 1);
	if (dec_raw(&d, raw, sizeof(raw)) == 0)
		ck_assert_mem_eq(raw, blob, sizeof(blob));
	if (dec_string(&d, &sp, &slen) == 0)
		ck_assert_uint_eq(slen, 0);
	if (dec_string_copy(&d, name, sizeof(name)) == 0)
		ck_assert_str_eq(name, "osd.3");
	if (dec_string(&d, &sp, &slen) == 0) {
		ck_assert_uint_eq(slen, 7);
		ck_assert_mem_eq(sp, "payload", 7);
	}
	if (dec_struct_start(&d, 2, &s) == 0) {
		ck_assert_uint_eq(s.v, 2);
		ck_assert_uint_eq(s.compat, 1);
	}
	if (dec_u32(&d, &u32) == 0)
		ck_assert_uint_eq(u32, 42);
	dec_struct_start(&d, 1, &inner);
	if (dec_u64(&d, &u64) == 0)
		ck_assert_uint_eq(u64, 43);
	dec_struct_end(&d, &inner);
	if (dec_string(&d, &sp, &slen) == 0) {
		ck_assert_uint_eq(slen, 4);
		ck_assert_mem_eq(sp, "tail", 4);
	}
	dec_struct_end(&d, &s);
	if (dec_count(&d, 4, &n) == 0) {
		ck_assert_uint_eq(n, 3);
		for (uint32_t i = 0; i < n; i++)
			if (dec_u32(&d, &u32) == 0)
				ck_assert_uint_eq(u32, 100 + i);
	}
	if (dec_u8(&d, &u8) == 0)
		ck_assert_uint_eq(u8, 0x5a);
	if (d.err == 0)
		ck_assert_uint_eq(dec_remaining(&d), 0);
	ck_assert(d.p <= d.end);
	ck_assert(d.p >= p && d.end <= p + len);
	return d.err;
}

START_TEST(test_round_trip)
{
	struct buf b = BUF_INIT;
	uint8_t *p;

	encode_all(&b);
	p = flat(&b);
	ck_assert_int_eq(decode_all(p, b.len), 0);
	free(p);
	buf_free(&b);
}
END_TEST

START_TEST(test_truncated_everywhere)
{
	struct buf b = BUF_INIT;
	uint8_t *p;

	encode_all(&b);
	p = flat(&b);
	for (size_t n = 0; n < b.len; n++) {
		uint8_t *q = prefix(p, n);

		ck_assert_msg(decode_all(q, n) == -EBADMSG, "truncated at %zu", n);
		free(q);
	}
	free(p);
	buf_free(&b);
}
END_TEST

START_TEST(test_integer_extremes)
{
	struct buf b = BUF_INIT;
	const uint64_t v64[] = { 0, 1, UINT32_MAX, (uint64_t)UINT32_MAX + 1, UINT64_MAX };
	const int64_t s64v[] = { INT64_MIN, -1, 0, INT64_MAX };
	uint8_t *p;
	struct dec d;

	for (size_t i = 0; i < 5; i++)
		enc_u64(&b, v64[i]);
	for (size_t i = 0; i < 4; i++)
		enc_s64(&b, s64v[i]);
	enc_s32(&b, INT32_MIN);
	enc_s32(&b, INT32_MAX);
	enc_u16(&b, 0);
	enc_u16(&b, UINT16_MAX);
	enc_u8(&b, 2);          /* any non-zero byte decodes as true */
	p = flat(&b);
	dec_init(&d, p, b.len);
	for (size_t i = 0; i < 5; i++) {
		uint64_t v;

		ck_assert_int_eq(dec_u64(&d, &v), 0);
		ck_assert(v == v64[i]);
	}
	for (size_t i = 0; i < 4; i++) {
		int64_t v;

		ck_assert_int_eq(dec_s64(&d, &v), 0);
		ck_assert(v == s64v[i]);
	}
	{
		int32_t a, c;
		uint16_t x, y;
		int t;

		ck_assert_int_eq(dec_s32(&d, &a), 0);
		ck_assert_int_eq(dec_s32(&d, &c), 0);
		ck_assert_int_eq(a, INT32_MIN);
		ck_assert_int_eq(c, INT32_MAX);
		ck_assert_int_eq(dec_u16(&d, &x), 0);
		ck_assert_int_eq(dec_u16(&d, &y), 0);
		ck_assert_uint_eq(x, 0);
		ck_assert_uint_eq(y, UINT16_MAX);
		ck_assert_int_eq(dec_bool(&d, &t), 0);
		ck_assert_int_eq(t, 1);
	}
	ck_assert_uint_eq(dec_remaining(&d), 0);
	free(p);
	buf_free(&b);
}
END_TEST

/* String and blob lengths that would wrap 32-bit or pointer arithmetic. */
START_TEST(test_huge_string_lengths)
{
	const uint32_t lens[] = { 0xFFFFFFFFu, 0xFFFFFFFEu, 0xFFFFFFFCu, 0x80000000u, 0x7FFFFFFFu, 9 };

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint8_t raw[12], *q;
		struct dec d;
		const uint8_t *s = NULL;
		uint32_t n = 0;
		char out[64];

		put_le32(raw, lens[i]);
		memcpy(raw + 4, "abcdefgh", 8);
		q = prefix(raw, sizeof(raw));

		dec_init(&d, q, sizeof(raw));
		ck_assert_int_eq(dec_string(&d, &s, &n), -EBADMSG);
		ck_assert_ptr_null(s);
		dec_init(&d, q, sizeof(raw));
		ck_assert_int_eq(dec_string_copy(&d, out, sizeof(out)), -EBADMSG);
		dec_init(&d, q, sizeof(raw));
		ck_assert_int_eq(dec_skip_string(&d), -EBADMSG);
		dec_init(&d, q + 4, 8);
		ck_assert_int_eq(dec_skip(&d, lens[i]), -EBADMSG);
		dec_init(&d, q + 4, 8);
		ck_assert_int_eq(dec_ptr(&d, SIZE_MAX, &s), -EBADMSG);
		free(q);
	}
}
END_TEST

START_TEST(test_string_copy)
{
	struct buf b = BUF_INIT;
	struct dec d;
	uint8_t *p;
	char out[8];

	enc_cstr(&b, "1234567");        /* fits with its NUL in 8 */
	enc_cstr(&b, "12345678");       /* does not */
	p = flat(&b);
	dec_init(&d, p, b.len);
	ck_assert_int_eq(dec_string_copy(&d, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "1234567");
	ck_assert_int_eq(dec_string_copy(&d, out, sizeof(out)), -ENAMETOOLONG);
	ck_assert_int_eq(d.err, -ENAMETOOLONG);
	/* Sticky: later reads fail the same way. */
	ck_assert_int_eq(dec_skip(&d, 0), -ENAMETOOLONG);
	/* A zero-size output cannot hold even the empty string. */
	dec_init(&d, p, b.len);
	ck_assert_int_eq(dec_string_copy(&d, out, 0), -ENAMETOOLONG);
	free(p);
	buf_free(&b);
}
END_TEST

START_TEST(test_count_bounds)
{
	uint8_t raw[4 + 16];
	uint8_t *q;
	struct dec d;
	uint32_t n;

	memset(raw, 0, sizeof(raw));
	/* 16 bytes follow the count: 4 elements of 4 fit, 5 do not. */
	put_le32(raw, 4);
	q = prefix(raw, sizeof(raw));
	dec_init(&d, q, sizeof(raw));
	ck_assert_int_eq(dec_count(&d, 4, &n), 0);
	ck_assert_uint_eq(n, 4);
	free(q);

	put_le32(raw, 5);
	q = prefix(raw, sizeof(raw));
	dec_init(&d, q, sizeof(raw));
	n = 77;
	ck_assert_int_eq(dec_count(&d, 4, &n), -EBADMSG);
	ck_assert_uint_eq(n, 77);
	free(q);

	/* Huge counts, whatever the element size (no overflow in count * size). */
	put_le32(raw, 0xFFFFFFFFu);
	q = prefix(raw, sizeof(raw));
	dec_init(&d, q, sizeof(raw));
	ck_assert_int_eq(dec_count(&d, 1, &n), -EBADMSG);
	dec_init(&d, q, sizeof(raw));
	ck_assert_int_eq(dec_count(&d, 0, &n), -EBADMSG);
	dec_init(&d, q, sizeof(raw));
	ck_assert_int_eq(dec_count(&d, SIZE_MAX, &n), -EBADMSG);
	dec_init(&d, q, sizeof(raw));
	ck_assert_int_eq(dec_count(&d, (size_t)1 << 32, &n), -EBADMSG);
	free(q);

	/* Zero elements always fit; the count itself can be truncated. */
	put_le32(raw, 0);
	q = prefix(raw, 4);
	dec_init(&d, q, 4);
	ck_assert_int_eq(dec_count(&d, SIZE_MAX, &n), 0);
	ck_assert_uint_eq(n, 0);
	dec_init(&d, q, 3);
	ck_assert_int_eq(dec_count(&d, 1, &n), -EBADMSG);
	free(q);
}
END_TEST

/* A v3 encoder added a field; a v2 decoder reads its part and skips the rest. */
START_TEST(test_struct_newer_version)
{
	struct buf b = BUF_INIT;
	struct enc_struct s;
	struct dec_struct ds;
	struct dec d;
	uint32_t a, c;
	uint8_t *p;

	enc_struct_start(&b, 3, 2, &s);
	enc_u32(&b, 11);
	enc_cstr(&b, "added in v3");
	enc_u64(&b, 99);
	enc_struct_end(&b, &s);
	enc_u32(&b, 0xC0FFEE);
	p = flat(&b);
	ck_assert_uint_eq(p[0], 3);
	ck_assert_uint_eq(p[1], 2);
	ck_assert_uint_eq(get_le32(p + 2), 4 + 4 + 11 + 8);

	dec_init(&d, p, b.len);
	ck_assert_int_eq(dec_struct_start(&d, 2, &ds), 0);
	ck_assert_uint_eq(ds.v, 3);
	ck_assert_uint_eq(ds.compat, 2);
	ck_assert_uint_eq(dec_remaining(&d), 27);
	ck_assert_int_eq(dec_u32(&d, &a), 0);
	ck_assert_uint_eq(a, 11);
	ck_assert_int_eq(dec_struct_end(&d, &ds), 0);
	ck_assert_int_eq(dec_u32(&d, &c), 0);
	ck_assert_uint_eq(c, 0xC0FFEE);
	ck_assert_uint_eq(dec_remaining(&d), 0);
	free(p);
	buf_free(&b);
}
END_TEST

/* Reads inside a struct stop at the body's end, not the buffer's. */
START_TEST(test_struct_body_bounds)
{
	struct buf b = BUF_INIT;
	struct enc_struct s;
	struct dec_struct ds;
	struct dec d;
	uint64_t v;
	uint8_t *p;

	enc_struct_start(&b, 1, 1, &s);
	enc_u32(&b, 1);
	enc_struct_end(&b, &s);
	enc_u32(&b, 2);
	p = flat(&b);
	dec_init(&d, p, b.len);
	ck_assert_int_eq(dec_struct_start(&d, 1, &ds), 0);
	ck_assert_int_eq(dec_u64(&d, &v), -EBADMSG);
	ck_assert_int_eq(dec_struct_end(&d, &ds), -EBADMSG);
	ck_assert(d.p <= d.end);
	free(p);
	buf_free(&b);
}
END_TEST

START_TEST(test_struct_bad_headers)
{
	uint8_t raw[6 + 4];
	uint8_t *q;
	struct dec d;
	struct dec_struct ds;
	uint32_t v;

	/* compat_v 3 above what we understand (2). */
	raw[0] = 3;
	raw[1] = 3;
	put_le32(raw + 2, 4);
	put_le32(raw + 6, 1);
	q = prefix(raw, sizeof(raw));
	dec_init(&d, q, sizeof(raw));
	ck_assert_int_eq(dec_struct_start(&d, 2, &ds), -EOPNOTSUPP);
	ck_assert_int_eq(dec_u32(&d, &v), -EOPNOTSUPP);
	ck_assert_int_eq(dec_struct_end(&d, &ds), -EOPNOTSUPP);
	ck_assert(d.end == q + sizeof(raw));
	/* The same struct is fine for a decoder that knows v3. */
	dec_init(&d, q, sizeof(raw));
	ck_assert_int_eq(dec_struct_start(&d, 3, &ds), 0);
	ck_assert_int_eq(dec_u32(&d, &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(dec_struct_end(&d, &ds), 0);
	free(q);

	/* compat_v above struct_v: no encoder writes that. */
	raw[0] = 1;
	raw[1] = 2;
	q = prefix(raw, sizeof(raw));
	dec_init(&d, q, sizeof(raw));
	ck_assert_int_eq(dec_struct_start(&d, 5, &ds), -EPROTO);
	free(q);

	/* Body length past the end of the input, including near 2^32. */
	const uint32_t lens[] = { 5, 0x7FFFFFFFu, 0xFFFFFFFFu };

	for (size_t i = 0; i < 3; i++) {
		raw[0] = 1;
		raw[1] = 1;
		put_le32(raw + 2, lens[i]);
		q = prefix(raw, sizeof(raw));
		dec_init(&d, q, sizeof(raw));
		ck_assert_int_eq(dec_struct_start(&d, 1, &ds), -EBADMSG);
		ck_assert_int_eq(dec_struct_end(&d, &ds), -EBADMSG);
		ck_assert(d.end == q + sizeof(raw));
		free(q);
	}

	/* Header itself truncated. */
	for (size_t n = 0; n < 6; n++) {
		q = prefix(raw, n);
		dec_init(&d, q, n);
		ck_assert_int_eq(dec_struct_start(&d, 1, &ds), -EBADMSG);
		free(q);
	}
}
END_TEST

START_TEST(test_sticky_error)
{
	uint8_t raw[6] = { 1, 2, 3, 4, 5, 6 };
	uint8_t *q = prefix(raw, sizeof(raw));
	struct dec d;
	uint64_t v64 = 0x1111;
	uint8_t v8 = 0x22;
	const uint8_t *before;

	dec_init(&d, q, sizeof(raw));
	ck_assert_int_eq(dec_u64(&d, &v64), -EBADMSG);
	ck_assert(v64 == 0x1111);       /* output untouched on failure */
	before = d.p;
	ck_assert_ptr_eq(before, q);    /* nothing consumed */
	/* A read that would fit still fails: the error is sticky. */
	ck_assert_int_eq(dec_u8(&d, &v8), -EBADMSG);
	ck_assert_uint_eq(v8, 0x22);
	ck_assert_ptr_eq(d.p, before);
	/* The first error wins. */
	ck_assert_int_eq(dec_fail(&d, -EPROTO), -EBADMSG);
	ck_assert_int_eq(d.err, -EBADMSG);

	dec_init(&d, q, sizeof(raw));
	ck_assert_int_eq(dec_fail(&d, -EPROTO), -EPROTO);
	ck_assert_int_eq(dec_u8(&d, &v8), -EPROTO);
	ck_assert_uint_eq(v8, 0x22);
	free(q);
}
END_TEST

/* The reserved length slot stays contiguous even at a segment boundary. */
START_TEST(test_struct_across_segments)
{
	for (size_t fill = BUF_SEG_DEFAULT - 8; fill <= BUF_SEG_DEFAULT; fill++) {
		struct buf b = BUF_INIT;
		struct enc_struct s;
		struct dec_struct ds;
		struct dec d;
		uint8_t *pad = calloc(1, fill), *p;
		uint64_t v;

		ck_assert_ptr_nonnull(pad);
		enc_raw(&b, pad, fill);
		enc_struct_start(&b, 1, 1, &s);
		enc_u64(&b, 0x0102030405060708ull);
		enc_struct_end(&b, &s);
		p = flat(&b);
		dec_init(&d, p, b.len);
		ck_assert_int_eq(dec_skip(&d, fill), 0);
		ck_assert_int_eq(dec_struct_start(&d, 1, &ds), 0);
		ck_assert_uint_eq(dec_remaining(&d), 8);
		ck_assert_int_eq(dec_u64(&d, &v), 0);
		ck_assert(v == 0x0102030405060708ull);
		ck_assert_int_eq(dec_struct_end(&d, &ds), 0);
		ck_assert_uint_eq(dec_remaining(&d), 0);
		free(p);
		free(pad);
		buf_free(&b);
	}
}
END_TEST

/* enc_buf shares the payload's segment instead of copying it. */
static int released;

static void
count_release(struct buf_seg *seg)
{
	released++;
}

/* Ceph's float: the IEEE 754 bits as a le32 (full_ratio 0.95 in an OSDMap). */
START_TEST(test_float)
{
	static const uint8_t want[4] = { 0x33, 0x33, 0x73, 0x3f };
	struct buf b;
	struct dec d;
	float f = 0;

	buf_init(&b);
	enc_float(&b, 0.95f);
	ck_assert_uint_eq(b.len, 4);
	ck_assert_int_eq(memcmp(buf_contig(&b, 0, 4), want, 4), 0);
	dec_init(&d, want, 4);
	ck_assert_int_eq(dec_float(&d, &f), 0);
	ck_assert(f == 0.95f);
	/* short: an error, f untouched */
	f = 1.5f;
	dec_init(&d, want, 3);
	ck_assert_int_lt(dec_float(&d, &f), 0);
	ck_assert(f == 1.5f);
	buf_free(&b);
}
END_TEST

START_TEST(test_enc_buf_shares)
{
	static uint8_t data[64];
	struct buf b = BUF_INIT, payload = BUF_INIT;
	struct buf_seg *seg;
	uint8_t *p;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	released = 0;
	seg = buf_seg_wrap(data, sizeof(data), count_release, NULL);
	buf_append_ref(&payload, seg, 0, sizeof(data));
	buf_seg_put(seg);
	enc_u8(&b, 1);
	enc_buf(&b, &payload);
	ck_assert_uint_eq(b.len, 1 + 4 + 64);
	ck_assert_uint_eq(seg->refs, 2);
	buf_free(&payload);
	ck_assert_int_eq(released, 0);
	p = flat(&b);
	ck_assert_uint_eq(get_le32(p + 1), 64);
	ck_assert_mem_eq(p + 5, data, 64);
	free(p);
	buf_free(&b);
	ck_assert_int_eq(released, 1);

	/* Encoding a list into itself keeps its original bytes as the payload. */
	buf_append(&b, "abc", 3);
	enc_buf(&b, &b);
	ck_assert_uint_eq(b.len, 3 + 4 + 3);
	p = flat(&b);
	ck_assert_mem_eq(p, "abc\x03\x00\x00\x00" "abc", 10);
	free(p);
	buf_free(&b);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("enc");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_put_get_le);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_truncated_everywhere);
	tcase_add_test(tc, test_integer_extremes);
	tcase_add_test(tc, test_huge_string_lengths);
	tcase_add_test(tc, test_string_copy);
	tcase_add_test(tc, test_count_bounds);
	tcase_add_test(tc, test_struct_newer_version);
	tcase_add_test(tc, test_struct_body_bounds);
	tcase_add_test(tc, test_struct_bad_headers);
	tcase_add_test(tc, test_sticky_error);
	tcase_add_test(tc, test_struct_across_segments);
	tcase_add_test(tc, test_enc_buf_shares);
	tcase_add_test(tc, test_float);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
