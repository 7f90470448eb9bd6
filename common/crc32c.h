/*
 * crc32c.h — CRC-32C exactly as Ceph computes it (ceph_crc32c).
 *
 * Castagnoli polynomial, reflected; the seed is used as given and the result
 * is returned without a final inversion (src/common/crc32c.cc, sctp_crc32.c).
 * So ceph_crc32c(0xFFFFFFFF, d) is the bitwise complement of the textbook
 * CRC-32C of d. msgr2 uses seed 0 for preambles, 0xFFFFFFFF for segments.
 *
 * The SSE4.2 instruction is used when the CPU has it (checked once at run
 * time), a table-driven slicing loop otherwise.
 */
#ifndef OSDFARM_COMMON_CRC32C_H
#define OSDFARM_COMMON_CRC32C_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32c(uint32_t seed, const void *data, size_t len);
/* The portable path, always available (tests compare the two). */
uint32_t crc32c_sw(uint32_t seed, const void *data, size_t len);
/* 1 if crc32c() uses the hardware instruction. */
int crc32c_hw_available(void);

#endif
