/*
 * crush_hash.c — the rjenkins1 family of 32-bit integer hashes used by CRUSH
 * (same values as src/crush/hash.c; see crush_hash.h).
 *
 * Every function seeds h with a fixed constant xor'ed with all inputs, then
 * runs Jenkins' mix over a fixed schedule of (first, second, h) triples that
 * interleaves the inputs with two constants. mix() updates all three of its
 * arguments, so later triples see the values left by earlier ones.
 */
#include "config.h"

#include "osd/crush_hash.h"

#define SEED    1315423911u
#define KX      231232u
#define KY      1232u

/* Jenkins' 96-bit mix: three rounds of subtract/shift/xor per variable. */
static inline void
mix(uint32_t *pa, uint32_t *pb, uint32_t *pc)
{
	uint32_t a = *pa, b = *pb, c = *pc;

	a -= b + c; a ^= c >> 13;
	b -= c + a; b ^= a << 8;
	c -= a + b; c ^= b >> 13;
	a -= b + c; a ^= c >> 12;
	b -= c + a; b ^= a << 16;
	c -= a + b; c ^= b >> 5;
	a -= b + c; a ^= c >> 3;
	b -= c + a; b ^= a << 10;
	c -= a + b; c ^= b >> 15;
	*pa = a; *pb = b; *pc = c;
}

uint32_t
crush_hash32_rjenkins1(uint32_t a)
{
	uint32_t h = SEED ^ a;
	uint32_t b = a, x = KX, y = KY;

	mix(&b, &x, &h);
	mix(&y, &a, &h);
	return h;
}

uint32_t
crush_hash32_rjenkins1_2(uint32_t a, uint32_t b)
{
	uint32_t h = SEED ^ a ^ b;
	uint32_t x = KX, y = KY;

	mix(&a, &b, &h);
	mix(&x, &a, &h);
	mix(&b, &y, &h);
	return h;
}

uint32_t
crush_hash32_rjenkins1_3(uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t h = SEED ^ a ^ b ^ c;
	uint32_t x = KX, y = KY;

	mix(&a, &b, &h);
	mix(&c, &x, &h);
	mix(&y, &a, &h);
	mix(&b, &x, &h);
	mix(&y, &c, &h);
	return h;
}

uint32_t
crush_hash32_rjenkins1_4(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	uint32_t h = SEED ^ a ^ b ^ c ^ d;
	uint32_t x = KX, y = KY;

	mix(&a, &b, &h);
	mix(&c, &d, &h);
	mix(&a, &x, &h);
	mix(&y, &b, &h);
	mix(&c, &x, &h);
	mix(&y, &d, &h);
	return h;
}

uint32_t
crush_hash32_rjenkins1_5(uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e)
{
	uint32_t h = SEED ^ a ^ b ^ c ^ d ^ e;
	uint32_t x = KX, y = KY;

	mix(&a, &b, &h);
	mix(&c, &d, &h);
	mix(&e, &x, &h);
	mix(&y, &a, &h);
	mix(&b, &x, &h);
	mix(&y, &c, &h);
	mix(&d, &x, &h);
	mix(&y, &e, &h);
	return h;
}
