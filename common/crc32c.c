/*
 * crc32c.c — CRC-32C with Ceph's conventions (see crc32c.h): the seed goes
 * into the register unchanged and the register comes out unchanged, so a
 * crc over a+b equals crc32c(crc32c(seed, a), b).
 *
 * Three implementations: a slicing-by-8 table walk that works everywhere,
 * the SSE4.2 crc32 instruction on x86_64, which computes the same register
 * update (Castagnoli, reflected, no inversions), and, when the CPU also has
 * carry-less multiply, the instruction run on three lanes at once for long
 * buffers (see crc32c_hw3). The choice is made once, on the first call.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "common/crc32c.h"

#if defined(__x86_64__)
#include <nmmintrin.h>
#include <wmmintrin.h>
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
/* What is left after the wide loops: whole words, then bytes. */
__attribute__((target("sse4.2")))
static inline uint32_t
crc32c_hw_tail(uint64_t crc, const uint8_t *p, size_t len)
{
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
	return crc32c_hw_tail(crc, p, len);
}
#endif

#ifdef CRC32C_HAVE_SSE42
/*
 * Three lanes. One crc32 instruction has a latency of about three cycles
 * but the CPU can start one every cycle, so a single dependent chain runs
 * at a third of the possible speed. A round splits the next 3 * L bytes
 * into lanes A, B, C and runs three independent chains (A from the running
 * crc, B and C from zero), then joins them; the crc has no inversions, so
 * it is linear:
 *   crc(s, A B C) = crc(s, A) * x^(16L) + crc(0, B) * x^(8L) + crc(0, C)
 * (mod P, over GF(2)). "Times x^(8n)" is one carry-less multiply by a
 * constant and a reduction by the crc32 instruction: in the reflected bit
 * order the 64-bit product of two 32-bit values carries one extra factor
 * of x, and crc32 of a 64-bit word with register 0 multiplies it by x^32,
 * so the constant for a shift of n bytes is x^(8n - 33) mod P.
 */
struct crc3_lane {
	uint32_t len;           /* bytes per lane, a multiple of 8 */
	uint64_t k1, k2;        /* shift constants for len and 2 * len bytes */
};

/* Longest first; whatever is left under 3 * the shortest runs on one chain. */
static struct crc3_lane crc3_lanes[] = { { 4096, 0, 0 }, { 680, 0, 0 }, { 128, 0, 0 } };
#define CRC3_NLANES (sizeof(crc3_lanes) / sizeof(crc3_lanes[0]))

/* x^n mod P in the reflected representation (bit 31 is x^0). */
static uint32_t
crc3_xpow(uint32_t n)
{
	uint32_t v = 0x80000000u;

	while (n--)
		v = (v >> 1) ^ (CRC32C_POLY & (0u - (v & 1)));
	return v;
}

static void
crc3_init(void)
{
	for (size_t i = 0; i < CRC3_NLANES; i++) {
		crc3_lanes[i].k1 = crc3_xpow(8 * crc3_lanes[i].len - 33);
		crc3_lanes[i].k2 = crc3_xpow(16 * crc3_lanes[i].len - 33);
	}
}

__attribute__((target("sse4.2,pclmul")))
static inline uint64_t
crc3_clmul(uint64_t a, uint64_t k)
{
	__m128i r = _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)a),
					 _mm_cvtsi64_si128((long long)k), 0x00);

	return (uint64_t)_mm_cvtsi128_si64(r);
}

__attribute__((target("sse4.2,pclmul")))
static uint32_t
crc32c_hw3(uint32_t seed, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t crc = seed;

	while (len > 0 && ((uintptr_t)p & 7) != 0) {
		crc = _mm_crc32_u8((uint32_t)crc, *p++);
		len--;
	}
	for (size_t l = 0; l < CRC3_NLANES; l++) {
		const struct crc3_lane *ln = &crc3_lanes[l];
		size_t lane = ln->len;

		while (len >= 3 * lane) {
			const uint8_t *a = p, *b = p + lane, *c = p + 2 * lane;
			uint64_t ca = crc, cb = 0, cc = 0;

			for (size_t i = 0; i < lane; i += 8) {
				uint64_t wa, wb, wc;

				memcpy(&wa, a + i, 8);
				memcpy(&wb, b + i, 8);
				memcpy(&wc, c + i, 8);
				ca = _mm_crc32_u64(ca, wa);
				cb = _mm_crc32_u64(cb, wb);
				cc = _mm_crc32_u64(cc, wc);
			}
			crc = _mm_crc32_u64(0, crc3_clmul(ca, ln->k2) ^ crc3_clmul(cb, ln->k1)) ^ cc;
			p += 3 * lane;
			len -= 3 * lane;
		}
	}
	return crc32c_hw_tail(crc, p, len);
}
#endif

typedef uint32_t (*crc32c_fn)(uint32_t, const void *, size_t);

static crc32c_fn
crc32c_pick(void)
{
#ifdef CRC32C_HAVE_SSE42
	__builtin_cpu_init();
	if (__builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("pclmul")) {
		crc3_init();
		return crc32c_hw3;
	}
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
