/*
 * str_hash.h — Ceph's object-name hashes (src/common/ceph_hash.cc):
 * rjenkins (Bob Jenkins' lookup2, the default for every pool) and the Linux
 * dcache hash. Their 32-bit result is the object's "raw pg" / hobject hash.
 */
#ifndef OSDFARM_OSD_STR_HASH_H
#define OSDFARM_OSD_STR_HASH_H

#include <stddef.h>
#include <stdint.h>

/* Pool object_hash values (CEPH_STR_HASH_*). */
#define STR_HASH_LINUX    1
#define STR_HASH_RJENKINS 2

uint32_t ceph_str_hash_rjenkins(const void *s, size_t len);
uint32_t ceph_str_hash_linux(const void *s, size_t len);
/* By type; an unknown type hashes to 0 (as Ceph does). */
uint32_t ceph_str_hash(int type, const void *s, size_t len);

#endif
