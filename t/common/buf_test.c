/*
 * buf_test.c — segment lists: appends and the tail-room rule, shared
 * references, claim/slice/splice/consume at every boundary of a
 * multi-segment list (checked against a flat copy), contiguous views,
 * iovecs, crc, cursors, and reference counts reaching zero (observed through
 * release callbacks on wrapped segments).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/crc32c.h"

/* ---- helpers ---- */

static int released;

static void
count_release(struct buf_seg *seg)
{
	released++;
	/* The data block was ours to give back; poison it to catch late reads. */
	memset(seg->data, 0xEE, seg->size);
	free(seg->data);
}

/*
 * A list over N bytes of pattern, split into wrapped segments of the given
 * sizes (each released through count_release). pattern[i] = i * 7 + 3.
 */
#define N 48
static const uint32_t piece_sizes[] = { 1, 7, 13, 2, 16, 9 };  /* sums to 48 */
static uint8_t pattern[N];

static void
make_pattern(void)
{
	for (size_t i = 0; i < N; i++)
		pattern[i] = (uint8_t)(i * 7 + 3);
}

static void
make_list(struct buf *b)
{
	size_t pos = 0;

	buf_init(b);
	for (size_t i = 0; i < sizeof(piece_sizes) / sizeof(piece_sizes[0]); i++) {
		uint8_t *mem = malloc(piece_sizes[i]);
		struct buf_seg *seg;

		ck_assert_ptr_nonnull(mem);
		memcpy(mem, pattern + pos, piece_sizes[i]);
		seg = buf_seg_wrap(mem, piece_sizes[i], count_release, NULL);
		buf_append_ref(b, seg, 0, piece_sizes[i]);
		buf_seg_put(seg);
		pos += piece_sizes[i];
	}
	ck_assert_uint_eq(pos, N);
	ck_assert_uint_eq(b->len, N);
}

#define NSEGS ((int)(sizeof(piece_sizes) / sizeof(piece_sizes[0])))

/* The list's invariants, and that its bytes equal want[0, wantlen). */
static void
check_list(const struct buf *b, const uint8_t *want, size_t wantlen)
{
	size_t sum = 0;
	uint8_t *flat;

	ck_assert_uint_eq(b->len, wantlen);
	ck_assert(b->nrefs <= b->cap);
	for (uint32_t i = 0; i < b->nrefs; i++) {
		const struct buf_ref *r = &b->refs[i];

		ck_assert_uint_gt(r->len, 0);
		ck_assert_uint_gt(r->seg->refs, 0);
		ck_assert_uint_le(r->off + r->len, r->seg->used);
		sum += r->len;
	}
	ck_assert_uint_eq(sum, wantlen);
	flat = malloc(wantlen + 1);
	ck_assert_ptr_nonnull(flat);
	ck_assert_int_eq(buf_copy_out(b, 0, wantlen, flat), 0);
	if (wantlen)
		ck_assert_mem_eq(flat, want, wantlen);
	free(flat);
}

/* ---- tests ---- */

START_TEST(test_append_tail_room)
{
	struct buf b = BUF_INIT;
	uint8_t big[3 * BUF_SEG_DEFAULT + 5];

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i ^ (i >> 8));
	/* Small appends fill one segment before another is started. */
	for (size_t i = 0; i < BUF_SEG_DEFAULT; i++)
		buf_append(&b, &big[i], 1);
	ck_assert_uint_eq(b.nrefs, 1);
	buf_append(&b, &big[BUF_SEG_DEFAULT], 1);
	ck_assert_uint_eq(b.nrefs, 2);
	buf_append(&b, &big[BUF_SEG_DEFAULT + 1], sizeof(big) - BUF_SEG_DEFAULT - 1);
	check_list(&b, big, sizeof(big));
	buf_append(&b, NULL, 0);
	check_list(&b, big, sizeof(big));
	buf_free(&b);
	ck_assert_ptr_null(b.refs);
	ck_assert_uint_eq(b.len, 0);

	/* A large append goes into one segment. */
	buf_append(&b, big, sizeof(big));
	ck_assert_uint_eq(b.nrefs, 1);
	check_list(&b, big, sizeof(big));
	buf_free(&b);
}
END_TEST

/* A list whose tail is shared must not write over the other list's bytes. */
START_TEST(test_append_does_not_clobber_shared)
{
	struct buf a = BUF_INIT, c = BUF_INIT;

	buf_append(&a, "hello", 5);
	ck_assert_int_eq(buf_slice(&a, 0, 3, &c), 0);   /* c = "hel", same segment */
	ck_assert_ptr_eq(c.refs[0].seg, a.refs[0].seg);
	/* c's tail ends before `used`, so this goes to a new segment. */
	buf_append(&c, "XY", 2);
	ck_assert_ptr_ne(c.refs[c.nrefs - 1].seg, a.refs[0].seg);
	check_list(&a, (const uint8_t *)"hello", 5);
	check_list(&c, (const uint8_t *)"helXY", 5);
	/* a still owns the tail: its append extends in place. */
	buf_append(&a, "!", 1);
	ck_assert_uint_eq(a.nrefs, 1);
	check_list(&a, (const uint8_t *)"hello!", 6);

	/* Two lists ending at `used`: the first to append wins, the other moves on. */
	buf_clear(&c);
	ck_assert_int_eq(buf_slice(&a, 0, a.len, &c), 0);
	buf_append(&c, "c", 1);
	buf_append(&a, "a", 1);
	check_list(&c, (const uint8_t *)"hello!c", 7);
	check_list(&a, (const uint8_t *)"hello!a", 7);
	ck_assert_uint_eq(c.nrefs, 1);
	ck_assert_uint_eq(a.nrefs, 2);
	buf_free(&a);
	buf_free(&c);
}
END_TEST

START_TEST(test_reserve)
{
	struct buf b = BUF_INIT;
	uint8_t *p, want[BUF_SEG_DEFAULT + 16];

	memset(want, 'a', sizeof(want));
	buf_append(&b, want, BUF_SEG_DEFAULT - 2);
	/* Two bytes of room left: a 4-byte reserve must start a new segment. */
	p = buf_reserve(&b, 4);
	ck_assert_ptr_nonnull(p);
	memcpy(p, "WXYZ", 4);
	ck_assert_uint_eq(b.nrefs, 2);
	memcpy(want + BUF_SEG_DEFAULT - 2, "WXYZ", 4);
	check_list(&b, want, BUF_SEG_DEFAULT + 2);
	/* Room available: the reserve extends the tail. */
	p = buf_reserve(&b, 2);
	memcpy(p, "!!", 2);
	ck_assert_uint_eq(b.nrefs, 2);
	memcpy(want + BUF_SEG_DEFAULT + 2, "!!", 2);
	check_list(&b, want, BUF_SEG_DEFAULT + 4);
	ck_assert_ptr_nonnull(buf_reserve(&b, 0));
	ck_assert_uint_eq(b.len, BUF_SEG_DEFAULT + 4);
	buf_free(&b);

	/* Larger than a default segment. */
	p = buf_reserve(&b, 3 * BUF_SEG_DEFAULT);
	memset(p, 0x5a, 3 * BUF_SEG_DEFAULT);
	ck_assert_uint_eq(b.nrefs, 1);
	ck_assert_uint_eq(b.len, 3 * BUF_SEG_DEFAULT);
	buf_free(&b);
}
END_TEST

START_TEST(test_seg_refcounts)
{
	struct buf a, c = BUF_INIT;

	make_pattern();
	released = 0;
	make_list(&a);
	for (uint32_t i = 0; i < a.nrefs; i++)
		ck_assert_uint_eq(a.refs[i].seg->refs, 1);
	ck_assert_int_eq(buf_slice(&a, 0, N, &c), 0);
	for (uint32_t i = 0; i < a.nrefs; i++)
		ck_assert_uint_eq(a.refs[i].seg->refs, 2);
	buf_free(&a);
	ck_assert_int_eq(released, 0);
	check_list(&c, pattern, N);
	buf_clear(&c);
	ck_assert_int_eq(released, NSEGS);
	ck_assert_ptr_nonnull(c.refs);  /* the array is kept for reuse */
	buf_free(&c);

	/* buf_seg_new memory: the list's reference is the last one. */
	{
		struct buf_seg *seg = buf_seg_new(100);

		ck_assert_uint_eq(seg->refs, 1);
		ck_assert_uint_eq(seg->size, 100);
		ck_assert_uint_eq(seg->used, 0);
		ck_assert_ptr_eq(seg->release, NULL);
		memcpy(seg->data, "abcdef", 6);
		seg->used = 6;  /* test-only: stands in for the owner filling it */
		buf_append_ref(&a, seg, 1, 3);
		buf_append_ref(&a, seg, 4, 2);  /* continues: merged into one ref */
		ck_assert_uint_eq(a.nrefs, 1);
		ck_assert_uint_eq(seg->refs, 2);
		buf_append_ref(&a, seg, 0, 0);  /* empty: ignored */
		ck_assert_uint_eq(seg->refs, 2);
		buf_seg_put(seg);
		check_list(&a, (const uint8_t *)"bcdef", 5);
		buf_free(&a);
	}
}
END_TEST

START_TEST(test_claim)
{
	struct buf a, c = BUF_INIT, d = BUF_INIT;
	uint8_t want[N + 3];

	make_pattern();
	released = 0;
	make_list(&a);
	/* Into an empty list: arrays are swapped. */
	buf_claim(&c, &a);
	ck_assert_uint_eq(a.len, 0);
	ck_assert_uint_eq(a.nrefs, 0);
	check_list(&c, pattern, N);
	/* Onto a non-empty list. */
	buf_append(&d, "xyz", 3);
	buf_claim(&d, &c);
	memcpy(want, "xyz", 3);
	memcpy(want + 3, pattern, N);
	check_list(&d, want, N + 3);
	ck_assert_uint_eq(c.len, 0);
	buf_claim(&d, &c);      /* empty src: nothing changes */
	check_list(&d, want, N + 3);
	buf_claim(&d, &d);
	check_list(&d, want, N + 3);
	ck_assert_int_eq(released, 0);
	buf_free(&a);
	buf_free(&c);
	buf_free(&d);
	ck_assert_int_eq(released, NSEGS);

	/* Claiming a continuation of dst's last ref merges it. */
	buf_append(&a, "0123456789", 10);
	ck_assert_int_eq(buf_slice(&a, 0, 4, &c), 0);
	ck_assert_int_eq(buf_slice(&a, 4, 6, &d), 0);
	buf_claim(&c, &d);
	ck_assert_uint_eq(c.nrefs, 1);
	ck_assert_uint_eq(c.refs[0].seg->refs, 2);
	check_list(&c, (const uint8_t *)"0123456789", 10);
	buf_free(&a);
	buf_free(&c);
	buf_free(&d);
}
END_TEST

START_TEST(test_slice_every_range)
{
	struct buf a, c = BUF_INIT;

	make_pattern();
	released = 0;
	make_list(&a);
	for (size_t off = 0; off <= N; off++) {
		for (size_t len = 0; off + len <= N; len++) {
			buf_clear(&c);
			buf_append(&c, "p", 1);
			ck_assert_int_eq(buf_slice(&a, off, len, &c), 0);
			ck_assert_uint_eq(c.len, 1 + len);
			ck_assert_int_eq(buf_splice(&c, 0, 1, NULL), 0);
			check_list(&c, pattern + off, len);
		}
		ck_assert_int_eq(buf_slice(&a, off, N - off + 1, &c), -ERANGE);
	}
	ck_assert_int_eq(buf_slice(&a, N + 1, 0, &c), -ERANGE);
	ck_assert_int_eq(buf_slice(&a, 1, SIZE_MAX, &c), -ERANGE);
	ck_assert_int_eq(buf_slice(&a, SIZE_MAX, 2, &c), -ERANGE);
	buf_free(&c);
	check_list(&a, pattern, N);
	buf_free(&a);
	ck_assert_int_eq(released, NSEGS);
}
END_TEST

START_TEST(test_splice_every_range)
{
	make_pattern();
	released = 0;
	for (size_t off = 0; off <= N; off++) {
		for (size_t len = 0; off + len <= N; len++) {
			struct buf a, out = BUF_INIT;
			uint8_t want[N];

			make_list(&a);
			memcpy(want, pattern, off);
			memcpy(want + off, pattern + off + len, N - off - len);
			ck_assert_int_eq(buf_splice(&a, off, len, &out), 0);
			check_list(&a, want, N - len);
			check_list(&out, pattern + off, len);
			buf_free(&out);
			/* And without a destination. */
			buf_free(&a);
			make_list(&a);
			ck_assert_int_eq(buf_splice(&a, off, len, NULL), 0);
			check_list(&a, want, N - len);
			buf_free(&a);
		}
	}
	/* Every segment released exactly once per list built. */
	ck_assert_int_eq(released, NSEGS * 2 * ((N + 1) * (N + 2) / 2));
	{
		struct buf a;

		make_list(&a);
		ck_assert_int_eq(buf_splice(&a, 0, N + 1, NULL), -ERANGE);
		ck_assert_int_eq(buf_splice(&a, N, 1, NULL), -ERANGE);
		ck_assert_int_eq(buf_splice(&a, 2, SIZE_MAX - 1, NULL), -ERANGE);
		check_list(&a, pattern, N);
		buf_free(&a);
	}
}
END_TEST

/* A hole in the middle of one reference splits it and adds a segment count. */
START_TEST(test_splice_hole)
{
	struct buf a = BUF_INIT;

	buf_append(&a, "abcdefgh", 8);
	ck_assert_int_eq(buf_splice(&a, 3, 2, NULL), 0);
	ck_assert_uint_eq(a.nrefs, 2);
	ck_assert_ptr_eq(a.refs[0].seg, a.refs[1].seg);
	ck_assert_uint_eq(a.refs[0].seg->refs, 2);
	check_list(&a, (const uint8_t *)"abcfgh", 6);
	buf_free(&a);
}
END_TEST

START_TEST(test_consume)
{
	make_pattern();
	released = 0;
	for (size_t n = 0; n <= N + 1; n++) {
		struct buf a;
		struct iovec iov[8];

		make_list(&a);
		buf_consume(&a, n);
		if (n <= N)
			check_list(&a, pattern + n, N - n);
		else
			ck_assert_uint_eq(a.len, 0);
		/* A partial writev resumes from the first iovec left. */
		if (a.len > 0) {
			ck_assert_int_ge(buf_to_iov(&a, 0, iov, 8), 1);
			ck_assert_ptr_eq(iov[0].iov_base, a.refs[0].seg->data + a.refs[0].off);
			ck_assert_mem_eq(iov[0].iov_base, pattern + n, 1);
		}
		buf_free(&a);
	}
	ck_assert_int_eq(released, NSEGS * (N + 2));
}
END_TEST

START_TEST(test_copy_out)
{
	struct buf a;
	uint8_t out[N + 1];

	make_pattern();
	make_list(&a);
	for (size_t off = 0; off <= N; off++) {
		for (size_t len = 0; off + len <= N; len++) {
			memset(out, 0, sizeof(out));
			ck_assert_int_eq(buf_copy_out(&a, off, len, out), 0);
			if (len)
				ck_assert_mem_eq(out, pattern + off, len);
			ck_assert_uint_eq(out[len], 0);
		}
		ck_assert_int_eq(buf_copy_out(&a, off, N - off + 1, out), -ERANGE);
	}
	ck_assert_int_eq(buf_copy_out(&a, SIZE_MAX, 1, out), -ERANGE);
	buf_free(&a);
}
END_TEST

START_TEST(test_contig)
{
	make_pattern();
	released = 0;
	for (size_t off = 0; off <= N; off++) {
		for (size_t len = 0; off + len <= N; len++) {
			struct buf a;
			const uint8_t *p;
			uint32_t nrefs;

			make_list(&a);
			nrefs = a.nrefs;
			p = buf_contig(&a, off, len);
			ck_assert_ptr_nonnull(p);
			if (len)
				ck_assert_mem_eq(p, pattern + off, len);
			check_list(&a, pattern, N);
			/* Refs outside the span are untouched: at most one more ref. */
			ck_assert_uint_le(a.nrefs, nrefs + 1);
			/* Asking again gives a view without rebuilding. */
			if (len) {
				ck_assert_ptr_eq(buf_contig(&a, off, len), p);
				ck_assert_mem_eq(p, pattern + off, len);
			}
			ck_assert_ptr_null(buf_contig(&a, off, N - off + 1));
			buf_free(&a);
		}
	}
	ck_assert_int_eq(released, NSEGS * ((N + 1) * (N + 2) / 2));
}
END_TEST

START_TEST(test_to_iov)
{
	struct buf a;
	struct iovec iov[NSEGS + 2];

	make_pattern();
	make_list(&a);
	for (size_t off = 0; off <= N; off++) {
		for (int max = 0; max <= NSEGS + 2; max++) {
			int n = buf_to_iov(&a, off, iov, max);
			size_t pos = off;

			ck_assert_int_ge(n, 0);
			ck_assert_int_le(n, max);
			if (off == N || max == 0)
				ck_assert_int_eq(n, 0);
			for (int i = 0; i < n; i++) {
				ck_assert_uint_gt(iov[i].iov_len, 0);
				ck_assert_mem_eq(iov[i].iov_base, pattern + pos, iov[i].iov_len);
				pos += iov[i].iov_len;
			}
			/* Filled all it could: either max iovecs or up to the end. */
			ck_assert(n == max || pos == N);
			/* iovecs point into the segments: no copies. */
			if (n > 0 && off == 0)
				ck_assert_ptr_eq(iov[0].iov_base, a.refs[0].seg->data);
		}
	}
	ck_assert_int_eq(buf_to_iov(&a, N + 5, iov, 4), 0);
	buf_free(&a);
}
END_TEST

START_TEST(test_crc_and_equal)
{
	struct buf a, c = BUF_INIT, d = BUF_INIT;

	make_pattern();
	make_list(&a);
	ck_assert_uint_eq(buf_crc32c(&a, 0xFFFFFFFFu), crc32c(0xFFFFFFFFu, pattern, N));
	ck_assert_uint_eq(buf_crc32c(&a, 0), crc32c(0, pattern, N));
	ck_assert_uint_eq(buf_crc32c(&c, 0xFFFFFFFFu), 0xFFFFFFFFu);

	buf_append(&c, pattern, N);
	ck_assert(buf_equal(&a, &c));
	ck_assert(buf_equal(&c, &a));
	ck_assert(buf_equal(&c, &c));
	ck_assert(buf_equal(&d, &d));
	ck_assert(!buf_equal(&a, &d));
	/* Same length, one byte different, at every position. */
	for (size_t i = 0; i < N; i++) {
		uint8_t t[N];

		memcpy(t, pattern, N);
		t[i] ^= 1;
		buf_clear(&d);
		buf_append(&d, t, N);
		ck_assert(!buf_equal(&a, &d));
		ck_assert_uint_ne(buf_crc32c(&d, 0xFFFFFFFFu), buf_crc32c(&a, 0xFFFFFFFFu));
	}
	buf_free(&a);
	buf_free(&c);
	buf_free(&d);
}
END_TEST

START_TEST(test_cursor)
{
	struct buf a, out = BUF_INIT;
	struct buf_cursor c;
	uint8_t tmp[N];

	make_pattern();
	make_list(&a);
	/* Read in steps of every size; each step crosses boundaries differently. */
	for (size_t step = 1; step <= N; step++) {
		size_t pos = 0;

		buf_cursor_init(&c, &a);
		while (pos + step <= N) {
			ck_assert_int_eq(buf_cursor_copy(&c, tmp, step), 0);
			ck_assert_mem_eq(tmp, pattern + pos, step);
			pos += step;
			ck_assert_uint_eq(c.remaining, N - pos);
		}
		/* Short: fails and consumes nothing. */
		if (pos < N) {
			ck_assert_int_eq(buf_cursor_copy(&c, tmp, step), -EBADMSG);
			ck_assert_uint_eq(c.remaining, N - pos);
			ck_assert_int_eq(buf_cursor_copy(&c, tmp, N - pos), 0);
			ck_assert_mem_eq(tmp, pattern + pos, N - pos);
		}
		ck_assert_uint_eq(c.remaining, 0);
		ck_assert_int_eq(buf_cursor_copy(&c, tmp, 1), -EBADMSG);
		ck_assert_int_eq(buf_cursor_skip(&c, 1), -EBADMSG);
		ck_assert_int_eq(buf_cursor_copy(&c, tmp, 0), 0);
	}
	/* Skip + slice. */
	for (size_t skip = 0; skip <= N; skip++) {
		for (size_t len = 0; skip + len <= N; len += 5) {
			buf_cursor_init(&c, &a);
			ck_assert_int_eq(buf_cursor_skip(&c, skip), 0);
			buf_clear(&out);
			ck_assert_int_eq(buf_cursor_slice(&c, len, &out), 0);
			check_list(&out, pattern + skip, len);
			ck_assert_int_eq(buf_cursor_slice(&c, N - skip - len + 1, &out), -EBADMSG);
			ck_assert_uint_eq(out.len, len);
			ck_assert_uint_eq(c.remaining, N - skip - len);
			if (c.remaining) {
				ck_assert_int_eq(buf_cursor_copy(&c, tmp, 1), 0);
				ck_assert_uint_eq(tmp[0], pattern[skip + len]);
			}
		}
	}
	buf_cursor_init(&c, &a);
	ck_assert_int_eq(buf_cursor_skip(&c, SIZE_MAX), -EBADMSG);
	ck_assert_uint_eq(c.remaining, N);
	buf_free(&out);

	/* An empty list. */
	buf_free(&a);
	buf_cursor_init(&c, &a);
	ck_assert_uint_eq(c.remaining, 0);
	ck_assert_int_eq(buf_cursor_copy(&c, tmp, 1), -EBADMSG);
	ck_assert_int_eq(buf_cursor_skip(&c, 0), 0);
}
END_TEST

/* buf_clear keeps the array: refilling the list does not realloc it. */
START_TEST(test_clear_keeps_array)
{
	struct buf a = BUF_INIT;
	struct buf_ref *arr;
	uint32_t cap;

	for (int i = 0; i < 100; i++) {
		struct buf_seg *seg = buf_seg_new(1);

		seg->data[0] = (uint8_t)i;
		seg->used = 1;
		buf_append_ref(&a, seg, 0, 1);
		buf_seg_put(seg);
	}
	ck_assert_uint_eq(a.nrefs, 100);
	ck_assert_uint_ge(a.cap, 100);
	arr = a.refs;
	cap = a.cap;
	buf_clear(&a);
	ck_assert_uint_eq(a.len, 0);
	ck_assert_uint_eq(a.nrefs, 0);
	ck_assert_ptr_eq(a.refs, arr);
	ck_assert_uint_eq(a.cap, cap);
	buf_append(&a, "x", 1);
	ck_assert_ptr_eq(a.refs, arr);
	buf_free(&a);
}
END_TEST

/* The wrapped segment's release callback runs once, at the last put. */
START_TEST(test_wrap_release)
{
	struct buf a = BUF_INIT, c = BUF_INIT;
	uint8_t *mem = malloc(10);
	struct buf_seg *seg;
	int owner_tag;

	memcpy(mem, "0123456789", 10);
	released = 0;
	seg = buf_seg_wrap(mem, 10, count_release, &owner_tag);
	ck_assert_uint_eq(seg->used, 10);
	ck_assert_ptr_eq(seg->owner, &owner_tag);
	buf_append_ref(&a, seg, 0, 10);
	buf_seg_put(seg);
	ck_assert_int_eq(buf_splice(&a, 2, 3, &c), 0);
	ck_assert_uint_eq(seg->refs, 3);
	/* No tail writes into wrapped memory. */
	buf_append(&a, "Z", 1);
	ck_assert_ptr_ne(a.refs[a.nrefs - 1].seg, seg);
	check_list(&a, (const uint8_t *)"0156789Z", 8);
	check_list(&c, (const uint8_t *)"234", 3);
	buf_free(&a);
	ck_assert_int_eq(released, 0);
	buf_free(&c);
	ck_assert_int_eq(released, 1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_append_tail_room);
	tcase_add_test(tc, test_append_does_not_clobber_shared);
	tcase_add_test(tc, test_reserve);
	tcase_add_test(tc, test_seg_refcounts);
	tcase_add_test(tc, test_claim);
	tcase_add_test(tc, test_slice_every_range);
	tcase_add_test(tc, test_splice_every_range);
	tcase_add_test(tc, test_splice_hole);
	tcase_add_test(tc, test_consume);
	tcase_add_test(tc, test_copy_out);
	tcase_add_test(tc, test_contig);
	tcase_add_test(tc, test_to_iov);
	tcase_add_test(tc, test_crc_and_equal);
	tcase_add_test(tc, test_cursor);
	tcase_add_test(tc, test_clear_keeps_array);
	tcase_add_test(tc, test_wrap_release);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
