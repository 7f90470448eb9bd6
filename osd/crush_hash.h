/*
 * crush_hash.h — CRUSH's integer hashes: Robert Jenkins' 1996 mixing function
 * applied to 1..5 32-bit inputs (hash type 0, "rjenkins1"; src/crush/hash.c).
 *
 * Signed inputs (bucket ids, x) are hashed as their 32-bit two's complement
 * patterns, so callers pass them cast to uint32_t.
 */
#ifndef OSDFARM_OSD_CRUSH_HASH_H
#define OSDFARM_OSD_CRUSH_HASH_H

#include <stdint.h>

#define CRUSH_HASH_RJENKINS1 0

uint32_t crush_hash32_rjenkins1(uint32_t a);
uint32_t crush_hash32_rjenkins1_2(uint32_t a, uint32_t b);
uint32_t crush_hash32_rjenkins1_3(uint32_t a, uint32_t b, uint32_t c);
uint32_t crush_hash32_rjenkins1_4(uint32_t a, uint32_t b, uint32_t c, uint32_t d);
uint32_t crush_hash32_rjenkins1_5(uint32_t a, uint32_t b, uint32_t c, uint32_t d,
				  uint32_t e);

/*
 * By bucket hash type. Ceph returns 0 for a type it does not know; so do we
 * (the map decoder accepts any type byte, as Ceph's does).
 */
static inline uint32_t
crush_hash32_2(int type, uint32_t a, uint32_t b)
{
	return type == CRUSH_HASH_RJENKINS1 ? crush_hash32_rjenkins1_2(a, b) : 0;
}

static inline uint32_t
crush_hash32_3(int type, uint32_t a, uint32_t b, uint32_t c)
{
	return type == CRUSH_HASH_RJENKINS1 ? crush_hash32_rjenkins1_3(a, b, c) : 0;
}

static inline uint32_t
crush_hash32_4(int type, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	return type == CRUSH_HASH_RJENKINS1 ? crush_hash32_rjenkins1_4(a, b, c, d) : 0;
}

#endif
