/*
 * osd_test_util.h — helpers shared by the osdmap/placement tests: loading
 * golden vectors from $top_srcdir/t/vectors, pulling fields out of one line
 * of `ceph ... -f json` output, and re-sealing OSDMap crcs after a test has
 * patched bytes on purpose.
 */
#ifndef OSDFARM_T_OSD_TEST_UTIL_H
#define OSDFARM_T_OSD_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Read t/vectors/<rel> (relative to $top_srcdir, default "."); NULL if absent. */
uint8_t *tu_read_vector(const char *rel, size_t *len);

/* String member of a flat JSON object line, unescaped (\uXXXX → UTF-8). -1 if absent. */
int tu_json_str(const char *line, const char *key, char *out, size_t outsz, size_t *outlen);
/* Integer member; -1 if absent. */
int tu_json_int(const char *line, const char *key, long long *v);
/* Integer array member; returns the count (≤ max) or -1 if absent. */
int tu_json_int_array(const char *line, const char *key, int *out, int max);

/* Recompute the crc of a full OSDMap (the last 4 bytes of its wrapper). */
void tu_fix_map_crc(uint8_t *p, size_t len);
/* Recompute an Incremental's inc_crc (covers everything but itself). */
void tu_fix_inc_crc(uint8_t *p, size_t len);
/* Offset of the first occurrence of needle in hay, or -1. */
long tu_find(const uint8_t *hay, size_t haylen, const void *needle, size_t nlen);

#endif
