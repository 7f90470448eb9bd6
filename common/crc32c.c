/*
 * crc32c.c — CRC-32C with Ceph's conventions (see crc32c.h): the seed goes
 * into the register unchanged and the register comes out unchanged, so a
 * crc over a+b equals crc32c(crc32c(seed, a), b).
 *
 * Two implementations: a slicing-by-8 table walk that works everywhere, and
 * the SSE4.2 crc32 instruction on x86_64, which computes the same register
 * update (Castagnoli, reflected, no inversions). The choice is made once, on
 * the first call.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "common/crc32c.h"

#if defined(__x86_64__)
#include <nmmintrin.h>
#define CRC32C_HAVE_SSE42 1
#endif

/* Reflected Castagnoli polynomial. */
#define CRC32C_POLY 0x82F63B78u

/*
 * tab[0] is the classic byte-at-a-time table; tab[k][b] is the register
 * change caused by byte b followed by k zero bytes, which lets eight input
 * bytes be folded in with eight independent lookups.
 */
static uint32_t crc32c_tab[8][256];
static int crc32c_tab_ready;

static void
crc32c_tab_init(void)
{
	for (uint32_t b = 0; b < 256; b++) {
		uint32_t c = b;

		for (int i = 0; i < 8; i++)
			c = (c >> 1) ^ (CRC32C_POLY & (0u - (c & 1)));
		crc32c_tab[0][b] = c;
	}
	for (uint32_t b = 0; b < 256; b++) {
		uint32_t c = crc32c_tab[0][b];

		for (int k = 1; k < 8; k++) {
			c = crc32c_tab[0][c & 0xff] ^ (c >> 8);
			crc32c_tab[k][b] = c;
		}
	}
	crc32c_tab_ready = 1;
}

static inline uint64_t
load_le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

uint32_t
crc32c_sw(uint32_t seed, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t crc = seed;

	if (!crc32c_tab_ready)
		crc32c_tab_init();

	/* Byte steps until p is 8-aligned, so the wide loads are aligned. */
	while (len > 0 && ((uintptr_t)p & 7) != 0) {
		crc = crc32c_tab[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
		len--;
	}
	while (len >= 8) {
		uint64_t w = load_le64(p) ^ crc;

		crc = crc32c_tab[7][w & 0xff] ^
		      crc32c_tab[6][(w >> 8) & 0xff] ^
		      crc32c_tab[5][(w >> 16) & 0xff] ^
		      crc32c_tab[4][(w >> 24) & 0xff] ^
		      crc32c_tab[3][(w >> 32) & 0xff] ^
		      crc32c_tab[2][(w >> 40) & 0xff] ^
		      crc32c_tab[1][(w >> 48) & 0xff] ^
		      crc32c_tab[0][w >> 56];
		p += 8;
		len -= 8;
	}
	while (len > 0) {
		crc = crc32c_tab[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
		len--;
	}
	return crc;
}

#ifdef CRC32C_HAVE_SSE42
__attribute__((target("sse4.2")))
static uint32_t
crc32c_hw(uint32_t seed, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t crc = seed;

	while (len > 0 && ((uintptr_t)p & 7) != 0) {
		crc = _mm_crc32_u8((uint32_t)crc, *p++);
		len--;
	}
	/* Four words per round: fewer loop branches on long segments. */
	while (len >= 32) {
		uint64_t w0, w1, w2, w3;

		memcpy(&w0, p, 8);
		memcpy(&w1, p + 8, 8);
		memcpy(&w2, p + 16, 8);
		memcpy(&w3, p + 24, 8);
		crc = _mm_crc32_u64(crc, w0);
		crc = _mm_crc32_u64(crc, w1);
		crc = _mm_crc32_u64(crc, w2);
		crc = _mm_crc32_u64(crc, w3);
		p += 32;
		len -= 32;
	}
	while (len >= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		crc = _mm_crc32_u64(crc, w);
		p += 8;
		len -= 8;
	}
	while (len > 0) {
		crc = _mm_crc32_u8((uint32_t)crc, *p++);
		len--;
	}
	return (uint32_t)crc;
}
#endif

typedef uint32_t (*crc32c_fn)(uint32_t, const void *, size_t);

static crc32c_fn
crc32c_pick(void)
{
#ifdef CRC32C_HAVE_SSE42
	__builtin_cpu_init();
	if (__builtin_cpu_supports("sse4.2"))
		return crc32c_hw;
#endif
	return crc32c_sw;
}

/* Chosen on first use; one process per core, so no locking is needed. */
static crc32c_fn crc32c_impl;

uint32_t
crc32c(uint32_t seed, const void *data, size_t len)
{
	if (__builtin_expect(crc32c_impl == NULL, 0))
		crc32c_impl = crc32c_pick();
	return crc32c_impl(seed, data, len);
}

int
crc32c_hw_available(void)
{
	if (crc32c_impl == NULL)
		crc32c_impl = crc32c_pick();
	return crc32c_impl != crc32c_sw;
}
