/*
 * str_hash.c — object-name hashes (see str_hash.h).
 *
 * rjenkins is lookup2 with initval 0, consuming 12-byte little-endian blocks;
 * the tail goes into a, b and c with c's low byte reserved for the length
 * (src/common/ceph_hash.cc). linux is the dcache "partial_name_hash".
 */
#include "config.h"

#include "osd/str_hash.h"

/* Bob Jenkins' 96-bit mix, all arithmetic modulo 2^32. */
#define JMIX(a, b, c)                                   \
	do {                                            \
		a -= b; a -= c; a ^= (c >> 13);         \
		b -= c; b -= a; b ^= (a << 8);          \
		c -= a; c -= b; c ^= (b >> 13);         \
		a -= b; a -= c; a ^= (c >> 12);         \
		b -= c; b -= a; b ^= (a << 16);         \
		c -= a; c -= b; c ^= (b >> 5);          \
		a -= b; a -= c; a ^= (c >> 3);          \
		b -= c; b -= a; b ^= (a << 10);         \
		c -= a; c -= b; c ^= (b >> 15);         \
	} while (0)

static uint32_t
le32_at(const uint8_t *k)
{
	return (uint32_t)k[0] | (uint32_t)k[1] << 8 | (uint32_t)k[2] << 16 |
	       (uint32_t)k[3] << 24;
}

uint32_t
ceph_str_hash_rjenkins(const void *s, size_t length)
{
	const uint8_t *k = s;
	uint32_t a = 0x9e3779b9, b = 0x9e3779b9, c = 0;
	size_t left = length;

	while (left >= 12) {
		a += le32_at(k);
		b += le32_at(k + 4);
		c += le32_at(k + 8);
		JMIX(a, b, c);
		k += 12;
		left -= 12;
	}
	c += (uint32_t)length;
	/* Tail bytes: 0..3 → a, 4..7 → b, 8..10 → c from bit 8 up. */
	for (size_t i = 0; i < left; i++) {
		uint32_t v = k[i];

		if (i < 4)
			a += v << (8 * i);
		else if (i < 8)
			b += v << (8 * (i - 4));
		else
			c += v << (8 * (i - 7));
	}
	JMIX(a, b, c);
	return c;
}

uint32_t
ceph_str_hash_linux(const void *s, size_t len)
{
	const uint8_t *p = s;
	uint32_t h = 0;

	for (size_t i = 0; i < len; i++) {
		uint32_t ch = p[i];

		h = (h + (ch << 4) + (ch >> 4)) * 11;
	}
	return h;
}

uint32_t
ceph_str_hash(int type, const void *s, size_t len)
{
	switch (type) {
	case STR_HASH_LINUX:
		return ceph_str_hash_linux(s, len);
	case STR_HASH_RJENKINS:
		return ceph_str_hash_rjenkins(s, len);
	default:
		return 0;
	}
}
