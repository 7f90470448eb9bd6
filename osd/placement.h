/*
 * placement.h — where an object lives: object name → PG → OSDs.
 *
 * The pipeline of src/osd/OSDMap.cc (Pacific): object_locator_to_pg,
 * _pg_to_raw_osds (CRUSH), _apply_upmap, _raw_to_up_osds,
 * _apply_primary_affinity, _get_temp_osds and pg_to_up_acting_osds; see
 * docs/ceph-wire/02-mon-osdmap.md §6. Replicated pools shift missing OSDs
 * out of their lists; erasure pools keep positions and use CRUSH_ITEM_NONE.
 */
#ifndef OSDFARM_OSD_PLACEMENT_H
#define OSDFARM_OSD_PLACEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "common/types.h"
#include "osd/osdmap.h"

/* Longest OSD list a mapping holds (pool size is a u8; longer temp lists are cut). */
#define PLACEMENT_MAX_OSDS 256

struct pg_mapping {
	uint32_t pps;                   /* placement seed given to CRUSH */
	int nraw, nup, nacting;
	int up_primary;                 /* -1 if none */
	int acting_primary;
	int raw[PLACEMENT_MAX_OSDS];    /* after CRUSH and non-existent removal, before upmap */
	int up[PLACEMENT_MAX_OSDS];
	int acting[PLACEMENT_MAX_OSDS];
};

/*
 * The raw PG of an object: seed = the full 32-bit object hash (what
 * `ceph osd map` prints as raw_pgid and MOSDOp carries). locator_hash >= 0
 * overrides the name hash; key (if non-empty) is hashed instead of the name;
 * nspace prefixes it with a 0x1f separator. -ENOENT if the pool does not exist.
 */
int osdmap_object_to_pg(const struct osdmap *m, int64_t pool,
			const char *name, size_t namelen,
			const char *nspace, size_t nslen,
			const char *key, size_t keylen,
			int64_t locator_hash, struct pg *raw_pg);
/* Convenience for NUL-terminated strings (nspace and key may be NULL). */
int osdmap_object_to_pg_str(const struct osdmap *m, int64_t pool, const char *name,
			    const char *nspace, const char *key, struct pg *raw_pg);
/* Fold a raw PG into the pool's actual PG (stable_mod by pg_num). -ENOENT without pool. */
int osdmap_raw_pg_to_pg(const struct osdmap *m, const struct pg *raw_pg, struct pg *pg);

/*
 * Full mapping of a (raw or folded) PG. Returns 0, or -ENOENT if the pool
 * does not exist (then every list is empty and both primaries are -1).
 */
int osdmap_pg_mapping(const struct osdmap *m, const struct pg *pg, struct pg_mapping *out);

/*
 * As Ceph's pg_to_up_acting_osds: up/acting must hold PLACEMENT_MAX_OSDS
 * entries (either may be NULL if not wanted); counts and primaries are set
 * when their pointers are not NULL.
 */
int osdmap_pg_to_up_acting(const struct osdmap *m, const struct pg *pg,
			   int *up, int *nup, int *up_primary,
			   int *acting, int *nacting, int *acting_primary);
/* The acting primary of a PG (where clients send ops), or -1. */
int osdmap_primary_of(const struct osdmap *m, const struct pg *pg);

#endif
