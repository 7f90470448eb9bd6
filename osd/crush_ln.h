/*
 * crush_ln.h — CRUSH's table-driven fixed-point log2 (src/crush/mapper.c:
 * crush_ln), the heart of straw2 buckets.
 */
#ifndef OSDFARM_OSD_CRUSH_LN_H
#define OSDFARM_OSD_CRUSH_LN_H

#include <stdint.h>

/*
 * For u in [0, 0xffff] (higher bits are ignored): about 2^44 * log2(u + 1),
 * i.e. 0 for u = 0 and just below 2^48 for u = 0xffff. Bit-exact with Ceph.
 */
uint64_t crush_ln(uint32_t u);

#endif
