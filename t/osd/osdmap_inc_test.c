/*
 * osdmap_inc_test.c — OSDMap::Incremental decode and apply against the 52
 * epochs of a live Ceph 16.2.15 lab cluster: starting from nothing, apply
 * inc_e1 (which carries the first full map) then inc_e2..inc_e52, and after
 * every step the re-encoded map must equal `ceph osd getmap N` byte for
 * byte (so its crc equals the incremental's full_crc). Plus the refusals:
 * wrong epoch, wrong fsid, a full_crc that does not match, OSD ids beyond
 * max_osd, truncated and corrupted incrementals.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "osd/osdmap.h"
#include "osd/osdmap_inc.h"
#include "t/osd/osd_test_util.h"

static uint8_t *
load(const char *rel, size_t *len)
{
	uint8_t *p = tu_read_vector(rel, len);

	ck_assert_msg(p != NULL, "missing vector %s", rel);
	return p;
}

static uint8_t *
load_inc(int e, size_t *len)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "osdmap/inc/inc_e%d.bin", e);
	return load(rel, len);
}

static uint8_t *
load_full(int e, size_t *len)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "osdmap/full/full_e%d.bin", e);
	return load(rel, len);
}

/* Does map encode to exactly the bytes of full_eN? */
static void
check_equals_full(const struct osdmap *m, int e)
{
	size_t len;
	uint8_t *want = load_full(e, &len);
	struct buf b = BUF_INIT;
	uint8_t *got;

	osdmap_encode(m, &b);
	ck_assert_msg(b.len == len, "e%d: %zu bytes, want %zu", e, b.len, len);
	got = malloc(len);
	buf_copy_out(&b, 0, len, got);
	ck_assert_msg(memcmp(got, want, len) == 0, "e%d differs", e);
	free(got);
	buf_free(&b);
	free(want);
}

/* Apply inc_e1..inc_eN to an empty map. */
static void
build_map(struct osdmap *m, int upto)
{
	osdmap_init(m);
	for (int e = 1; e <= upto; e++) {
		size_t len;
		uint8_t *bytes = load_inc(e, &len);
		struct osdmap_inc inc;

		ck_assert_int_eq(osdmap_inc_decode_bytes(bytes, len, &inc), 0);
		ck_assert_int_eq(osdmap_apply_inc(m, &inc), 0);
		osdmap_inc_free(&inc);
		free(bytes);
	}
}

START_TEST(test_decode_all)
{
	for (int e = 1; e <= 52; e++) {
		size_t len, flen;
		uint8_t *bytes = load_inc(e, &len);
		uint8_t *full = load_full(e, &flen);
		struct osdmap_inc inc;

		ck_assert_int_eq(osdmap_inc_decode_bytes(bytes, len, &inc), 0);
		ck_assert_uint_eq(inc.epoch, (uint32_t)e);
		ck_assert(inc.have_crc);
		/* full_crc is the crc field of `ceph osd getmap N` */
		ck_assert_uint_eq(inc.full_crc, get_le32(full + flen - 4));
		ck_assert_uint_eq(inc.encode_features, 0x0f00088010212a04ull);
		ck_assert_uint_eq(inc.new_require_osd_release, 0xff);
		ck_assert_uint_eq(inc.new_require_min_compat_client, 0xff);
		if (e == 1)
			ck_assert_uint_gt(inc.fullmap_len, 0);
		else
			ck_assert_uint_eq(inc.fullmap_len, 0);
		osdmap_inc_free(&inc);
		free(full);
		free(bytes);
	}
}
END_TEST

START_TEST(test_inc_fields)
{
	size_t len;
	uint8_t *bytes = load_inc(2, &len);
	struct osdmap_inc inc;
	char buf[37];

	/* epoch 2: `osd new` osd.0 */
	ck_assert_int_eq(osdmap_inc_decode_bytes(bytes, len, &inc), 0);
	ck_assert_int_eq(inc.new_max_osd, 1);
	ck_assert_uint_eq(inc.new_state.n, 1);
	ck_assert_int_eq(inc.new_state.e[0].k, 0);
	ck_assert_uint_eq(inc.new_state.e[0].v, OSD_STATE_NEW);
	ck_assert_uint_eq(inc.new_weight.n, 1);
	ck_assert_uint_eq(inc.new_weight.e[0].v, 0x10000);
	ck_assert_uint_eq(inc.nnew_uuid, 1);
	uuid_format(&inc.new_uuid[0].uuid, buf);
	ck_assert_str_eq(buf, "ceaae0de-93ec-4a20-a493-32afd00827cf");
	ck_assert_int_eq(inc.new_flags, -1);
	ck_assert_int_eq(inc.new_pool_max, -1);
	ck_assert(inc.new_nearfull_ratio < 0);
	osdmap_inc_free(&inc);
	free(bytes);

	/* epoch 30: blocklist add */
	bytes = load_inc(30, &len);
	ck_assert_int_eq(osdmap_inc_decode_bytes(bytes, len, &inc), 0);
	ck_assert_uint_eq(inc.new_blocklist.n, 1);
	ck_assert_uint_eq(inc.new_blocklist.e[0].addr.nonce, 3735928559u);
	osdmap_inc_free(&inc);
	free(bytes);
}
END_TEST

/* The whole history, byte-exact after every epoch. */
START_TEST(test_apply_chain)
{
	struct osdmap m;

	osdmap_init(&m);
	for (int e = 1; e <= 52; e++) {
		size_t len;
		uint8_t *bytes = load_inc(e, &len);
		struct osdmap_inc inc;
		int r;

		ck_assert_int_eq(osdmap_inc_decode_bytes(bytes, len, &inc), 0);
		r = osdmap_apply_inc(&m, &inc);
		ck_assert_msg(r == 0, "apply e%d: %d", e, r);
		ck_assert_uint_eq(m.epoch, (uint32_t)e);
		ck_assert_uint_eq(m.crc, inc.full_crc);
		check_equals_full(&m, e);
		osdmap_inc_free(&inc);
		free(bytes);
	}
	/* A few facts of the end state: osd.1 came back up in e49. */
	ck_assert(osdmap_is_up(&m, 1));
	ck_assert_uint_eq(osdmap_get_info(&m, 1)->up_from, 49);
	ck_assert_uint_eq(osdmap_get_info(&m, 1)->down_at, 46);
	ck_assert_uint_eq(osdmap_get_info(&m, 2)->up_from, 44);
	ck_assert_uint_eq(osdmap_get_info(&m, 2)->down_at, 41);
	osdmap_free(&m);
}
END_TEST

/* Applying onto a decoded full map (not one built from incrementals) works too. */
START_TEST(test_apply_on_decoded)
{
	for (int e = 2; e <= 52; e++) {
		size_t len, flen;
		uint8_t *bytes = load_inc(e, &len);
		uint8_t *prev = load_full(e - 1, &flen);
		struct osdmap m;
		struct osdmap_inc inc;

		ck_assert_int_eq(osdmap_decode_bytes(prev, flen, &m), 0);
		ck_assert_int_eq(osdmap_inc_decode_bytes(bytes, len, &inc), 0);
		ck_assert_int_eq(osdmap_apply_inc(&m, &inc), 0);
		check_equals_full(&m, e);
		osdmap_inc_free(&inc);
		osdmap_free(&m);
		free(prev);
		free(bytes);
	}
}
END_TEST

START_TEST(test_wrong_epoch_and_fsid)
{
	struct osdmap m;
	size_t len;
	uint8_t *bytes;
	struct osdmap_inc inc;
	uint32_t crc;

	build_map(&m, 10);
	crc = m.crc;
	/* e12 onto e10: refused, map untouched */
	bytes = load_inc(12, &len);
	ck_assert_int_eq(osdmap_inc_decode_bytes(bytes, len, &inc), 0);
	ck_assert_int_eq(osdmap_apply_inc(&m, &inc), -EINVAL);
	ck_assert_uint_eq(m.epoch, 10);
	osdmap_inc_free(&inc);
	free(bytes);
	/* e10 again: refused */
	bytes = load_inc(10, &len);
	ck_assert_int_eq(osdmap_inc_decode_bytes(bytes, len, &inc), 0);
	ck_assert_int_eq(osdmap_apply_inc(&m, &inc), -EINVAL);
	osdmap_inc_free(&inc);
	free(bytes);
	/* e11 with another fsid (first byte of the client body after two headers) */
	bytes = load_inc(11, &len);
	bytes[12] ^= 0x55;
	tu_fix_inc_crc(bytes, len);
	ck_assert_int_eq(osdmap_inc_decode_bytes(bytes, len, &inc), 0);
	ck_assert_int_eq(osdmap_apply_inc(&m, &inc), -EINVAL);
	osdmap_inc_free(&inc);
	free(bytes);
	ck_assert_uint_eq(m.epoch, 10);
	ck_assert_uint_eq(osdmap_calc_crc(&m), crc);
	check_equals_full(&m, 10);
	osdmap_free(&m);
}
END_TEST

START_TEST(test_full_crc_mismatch)
{
	struct osdmap m;
	size_t len;
	uint8_t *bytes;
	struct osdmap_inc inc;

	build_map(&m, 33);
	bytes = load_inc(34, &len);
	/* full_crc is the last u32; change it and re-seal inc_crc */
	bytes[len - 1] ^= 0x01;
	tu_fix_inc_crc(bytes, len);
	ck_assert_int_eq(osdmap_inc_decode_bytes(bytes, len, &inc), 0);
	ck_assert_int_eq(osdmap_apply_inc(&m, &inc), OSDMAP_EBADCRC);
	osdmap_inc_free(&inc);
	/* the map is still e33 and the genuine e34 applies */
	check_equals_full(&m, 33);
	bytes[len - 1] ^= 0x01;
	tu_fix_inc_crc(bytes, len);
	ck_assert_int_eq(osdmap_inc_decode_bytes(bytes, len, &inc), 0);
	ck_assert_int_eq(osdmap_apply_inc(&m, &inc), 0);
	check_equals_full(&m, 34);
	osdmap_inc_free(&inc);
	free(bytes);
	osdmap_free(&m);
}
END_TEST

/* e34's new_weight {2: 55705} retargeted at osd.9 (max_osd is 3). */
START_TEST(test_osd_out_of_range)
{
	static const uint8_t pat[] = { 1, 0, 0, 0, 2, 0, 0, 0, 0x99, 0xd9, 0, 0 };
	struct osdmap m;
	size_t len;
	uint8_t *bytes = load_inc(34, &len);
	long off = tu_find(bytes, len, pat, sizeof(pat));
	struct osdmap_inc inc;

	ck_assert_int_gt(off, 0);
	build_map(&m, 33);
	put_le32(bytes + off + 4, 9);
	tu_fix_inc_crc(bytes, len);
	ck_assert_int_eq(osdmap_inc_decode_bytes(bytes, len, &inc), 0);
	ck_assert_int_eq(osdmap_apply_inc(&m, &inc), -EPROTO);
	osdmap_inc_free(&inc);
	put_le32(bytes + off + 4, (uint32_t)-1);
	tu_fix_inc_crc(bytes, len);
	ck_assert_int_eq(osdmap_inc_decode_bytes(bytes, len, &inc), 0);
	ck_assert_int_eq(osdmap_apply_inc(&m, &inc), -EPROTO);
	osdmap_inc_free(&inc);
	check_equals_full(&m, 33);
	free(bytes);
	osdmap_free(&m);
}
END_TEST

START_TEST(test_truncated)
{
	static const int epochs[] = { 1, 5, 22, 34, 46 };

	for (size_t k = 0; k < sizeof(epochs) / sizeof(epochs[0]); k++) {
		size_t len;
		uint8_t *bytes = load_inc(epochs[k], &len);

		for (size_t n = 0; n < len; n++) {
			uint8_t *copy = malloc(n ? n : 1);
			struct osdmap_inc inc;

			memcpy(copy, bytes, n);
			ck_assert_msg(osdmap_inc_decode_bytes(copy, n, &inc) < 0,
				      "e%d prefix %zu accepted", epochs[k], n);
			ck_assert_ptr_null(inc.new_pools);
			free(copy);
		}
		free(bytes);
	}
}
END_TEST

/* Corrupted bytes with a valid inc_crc: decode and apply fail cleanly or succeed. */
START_TEST(test_corrupt_apply)
{
	static const int epochs[] = { 5, 22, 44 };

	for (size_t k = 0; k < sizeof(epochs) / sizeof(epochs[0]); k++) {
		int e = epochs[k];
		size_t len;
		uint8_t *bytes = load_inc(e, &len);
		uint8_t *copy = malloc(len);
		struct osdmap base;

		build_map(&base, e - 1);
		for (size_t i = 0; i + 8 < len; i++) {
			struct osdmap_inc inc;
			struct osdmap m;

			memcpy(copy, bytes, len);
			copy[i] ^= 0xff;
			tu_fix_inc_crc(copy, len);
			if (osdmap_inc_decode_bytes(copy, len, &inc) < 0)
				continue;
			ck_assert_int_eq(osdmap_clone(&m, &base), 0);
			if (osdmap_apply_inc(&m, &inc) < 0)
				ck_assert_uint_eq(m.epoch, (uint32_t)(e - 1));
			osdmap_free(&m);
			osdmap_inc_free(&inc);
		}
		osdmap_free(&base);
		free(copy);
		free(bytes);
	}
}
END_TEST

static Suite *
inc_suite(void)
{
	Suite *s = suite_create("osdmap_inc");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_decode_all);
	tcase_add_test(tc, test_inc_fields);
	tcase_add_test(tc, test_apply_chain);
	tcase_add_test(tc, test_apply_on_decoded);
	tcase_add_test(tc, test_wrong_epoch_and_fsid);
	tcase_add_test(tc, test_full_crc_mismatch);
	tcase_add_test(tc, test_osd_out_of_range);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_corrupt_apply);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(inc_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
