/*
 * crc32c_test.c — ceph_crc32c semantics: the vectors of
 * docs/ceph-wire/01-msgr2.md §2, agreement between the hardware and table
 * paths on every short length and alignment, chaining, and large buffers.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/crc32c.h"

/* Bit-at-a-time reference: the definition, with no tables to get wrong. */
static uint32_t
crc_ref(uint32_t crc, const uint8_t *p, size_t len)
{
	while (len--) {
		crc ^= *p++;
		for (int i = 0; i < 8; i++)
			crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1)));
	}
	return crc;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint8_t
rng8(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint8_t)(rng_state >> 24);
}

struct vec {
	const char *data;
	size_t len;
	uint32_t seed;
	uint32_t want;
};

START_TEST(test_vectors)
{
	static const uint8_t hello_preamble[28] = { 0x01, 0x01, 0x24, 0x00, 0x00, 0x00, 0x08 };
	static const uint8_t zeros[32];
	const struct vec v[] = {
		{ "foo bar baz", 11, 0, 0xF58C78ACu },
		{ "foo bar baz", 11, 1234, 881700046u },
		{ "whiz bang boom", 14, 0, 2360230088u },
		{ "whiz bang boom", 14, 5678, 3743019208u },
		{ "123456789", 9, 0xFFFFFFFFu, 0x1CF96D7Cu },
		{ "123456789", 9, 0, 0x58E3FA20u },
		{ "", 0, 0xFFFFFFFFu, 0xFFFFFFFFu },
		{ (const char *)zeros, 32, 0xFFFFFFFFu, 0x756EC955u },
		{ (const char *)hello_preamble, 28, 0, 0x066BBD3Fu },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		ck_assert_uint_eq(crc32c(v[i].seed, v[i].data, v[i].len), v[i].want);
		ck_assert_uint_eq(crc32c_sw(v[i].seed, v[i].data, v[i].len), v[i].want);
		ck_assert_uint_eq(crc_ref(v[i].seed, (const uint8_t *)v[i].data, v[i].len),
				  v[i].want);
	}
	/* The textbook CRC-32C check value is the complement with seed -1. */
	ck_assert_uint_eq(~crc32c(0xFFFFFFFFu, "123456789", 9), 0xE3069283u);
	/* Empty input returns the seed untouched, data pointer unused. */
	ck_assert_uint_eq(crc32c(0x12345678u, NULL, 0), 0x12345678u);
	ck_assert_uint_eq(crc32c_sw(0x12345678u, NULL, 0), 0x12345678u);
}
END_TEST

/* Every length 0..300 at every start alignment, several seeds. */
START_TEST(test_hw_vs_sw_short)
{
	uint8_t *mem = malloc(300 + 8);
	const uint32_t seeds[] = { 0, 0xFFFFFFFFu, 0xDEADBEEFu };

	ck_assert_ptr_nonnull(mem);
	for (size_t i = 0; i < 308; i++)
		mem[i] = rng8();
	for (size_t s = 0; s < 3; s++) {
		for (size_t align = 0; align < 8; align++) {
			for (size_t len = 0; len + align <= 308 && len <= 300; len++) {
				const uint8_t *p = mem + align;
				uint32_t want = crc_ref(seeds[s], p, len);

				ck_assert_uint_eq(crc32c_sw(seeds[s], p, len), want);
				ck_assert_uint_eq(crc32c(seeds[s], p, len), want);
			}
		}
	}
	free(mem);
}
END_TEST

/*
 * Long buffers run on three interleaved lanes joined by carry-less
 * multiplies: every length up to past the longest round (3 * 4096 bytes)
 * and its leftovers, at rotating alignments and seeds, against the table path.
 */
START_TEST(test_hw_vs_sw_lanes)
{
	size_t max = 3 * 4096 + 3 * 680 + 3 * 128 + 64;
	uint8_t *mem = malloc(max + 8);
	const uint32_t seeds[] = { 0, 0xFFFFFFFFu, 0xDEADBEEFu };

	ck_assert_ptr_nonnull(mem);
	for (size_t i = 0; i < max + 8; i++)
		mem[i] = rng8();
	for (size_t len = 0; len <= max; len++) {
		const uint8_t *p = mem + len % 8;
		uint32_t seed = seeds[len % 3];

		ck_assert_uint_eq(crc32c(seed, p, len), crc32c_sw(seed, p, len));
	}
	/* all zeros and all ones: the join must not depend on the data */
	memset(mem, 0, max);
	ck_assert_uint_eq(crc32c(0xFFFFFFFFu, mem, max), crc32c_sw(0xFFFFFFFFu, mem, max));
	memset(mem, 0xff, max);
	ck_assert_uint_eq(crc32c(0, mem, max), crc32c_sw(0, mem, max));
	free(mem);
}
END_TEST

START_TEST(test_large_and_chaining)
{
	size_t n = 4 * 1024 * 1024 + 13;
	uint8_t *mem = malloc(n);
	uint32_t whole, sw, ref;

	ck_assert_ptr_nonnull(mem);
	for (size_t i = 0; i < n; i++)
		mem[i] = rng8();
	whole = crc32c(0xFFFFFFFFu, mem + 1, n - 1);
	sw = crc32c_sw(0xFFFFFFFFu, mem + 1, n - 1);
	ck_assert_uint_eq(whole, sw);
	/* The reference is slow: check it on a 256 KiB prefix. */
	ref = crc_ref(0xFFFFFFFFu, mem + 1, 256 * 1024);
	ck_assert_uint_eq(crc32c(0xFFFFFFFFu, mem + 1, 256 * 1024), ref);

	/* No final xor, so a crc over a+b is the crc of b seeded with crc(a). */
	for (size_t cut = 0; cut < n - 1; cut += 99991) {
		uint32_t a = crc32c(0xFFFFFFFFu, mem + 1, cut);

		ck_assert_uint_eq(crc32c(a, mem + 1 + cut, n - 1 - cut), whole);
		a = crc32c_sw(0xFFFFFFFFu, mem + 1, cut);
		ck_assert_uint_eq(crc32c_sw(a, mem + 1 + cut, n - 1 - cut), whole);
	}
	free(mem);
}
END_TEST

START_TEST(test_hw_flag)
{
	int hw = crc32c_hw_available();

	ck_assert(hw == 0 || hw == 1);
#if defined(__x86_64__)
	__builtin_cpu_init();
	ck_assert_int_eq(hw, __builtin_cpu_supports("sse4.2") ? 1 : 0);
#else
	ck_assert_int_eq(hw, 0);
#endif
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("crc32c");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_vectors);
	tcase_add_test(tc, test_hw_vs_sw_short);
	tcase_add_test(tc, test_hw_vs_sw_lanes);
	tcase_add_test(tc, test_large_and_chaining);
	tcase_add_test(tc, test_hw_flag);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
