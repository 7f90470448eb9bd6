/*
 * osdmap_inc.h — OSDMap::Incremental: the difference between epoch N-1 and
 * N as the monitor sends it in MOSDMap (src/osd/OSDMap.cc:
 * OSDMap::Incremental::decode, OSDMap::apply_incremental; see
 * docs/ceph-wire/02-mon-osdmap.md §3.5–3.6).
 *
 * osdmap_inc_decode() checks the incremental's own crc; osdmap_apply_inc()
 * applies it to a copy of the map, re-encodes the result and compares that
 * crc with the incremental's full_crc, replacing the map only when
 * everything matched. On OSDMAP_EBADCRC the caller should fetch the full map
 * of that epoch (MMonGetOSDMap) instead.
 */
#ifndef OSDFARM_OSD_OSDMAP_INC_H
#define OSDFARM_OSD_OSDMAP_INC_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "common/enc.h"
#include "common/types.h"
#include "osd/osdmap.h"
#include "osd/osdmap_types.h"

/* The re-encoded map does not have the incremental's full_crc. */
#define OSDMAP_EBADCRC (-EILSEQ)

/* map<int32, entity_addrvec_t> */
struct osdmap_inc_addr {
	int32_t osd;
	struct entity_addrvec addrs;
};
struct osdmap_inc_addrs {
	uint32_t n;
	struct osdmap_inc_addr *e;
};

struct osdmap_inc_interval {
	int32_t osd;
	uint32_t begin, end;
};
struct osdmap_inc_uuid {
	int32_t osd;
	struct uuid uuid;
};
struct osdmap_inc_xinfo {
	int32_t osd;
	struct osd_xinfo xinfo;
};

struct osdmap_inc {
	/* ---- client-usable section ---- */
	struct uuid fsid;
	uint32_t epoch;                 /* the epoch this incremental produces */
	struct utime modified;
	int64_t new_pool_max;           /* -1: unchanged */
	int32_t new_flags;              /* -1: unchanged */
	uint8_t *fullmap;               /* a complete map (epoch 1), or NULL */
	uint32_t fullmap_len;
	uint8_t *crush;                 /* a complete new CRUSH map, or NULL */
	uint32_t crush_len;
	int32_t new_max_osd;            /* -1: unchanged */
	uint32_t nnew_pools;
	struct osdmap_pool *new_pools;
	uint32_t nnew_pool_names;
	struct osdmap_pool_name *new_pool_names;
	uint32_t nold_pools;
	int64_t *old_pools;
	struct osdmap_inc_addrs new_up_client;
	struct osdmap_iu32 new_state;           /* XOR masks; 0 means UP */
	struct osdmap_iu32 new_weight;
	struct osdmap_pgvec new_pg_temp;        /* empty vector: remove */
	struct osdmap_pgint new_primary_temp;   /* -1: remove */
	struct osdmap_iu32 new_primary_affinity;
	struct osdmap_smap2 new_erasure_code_profiles;
	uint32_t nold_erasure_code_profiles;
	struct osdmap_str *old_erasure_code_profiles;
	struct osdmap_pgvec new_pg_upmap;
	struct osdmap_pgset old_pg_upmap;
	struct osdmap_pgvec new_pg_upmap_items;
	struct osdmap_pgset old_pg_upmap_items;
	struct osdmap_pool_isets new_removed_snaps;
	struct osdmap_pool_isets new_purged_snaps;
	struct utime new_last_up_change;        /* zero: unchanged */
	struct utime new_last_in_change;

	/* ---- osd-only section ---- */
	struct osdmap_inc_addrs new_hb_back_up;
	struct osdmap_iu32 new_up_thru;
	uint32_t nnew_last_clean_interval;
	struct osdmap_inc_interval *new_last_clean_interval;
	struct osdmap_iu32 new_lost;
	struct osdmap_blocklist new_blocklist;
	uint32_t nold_blocklist;
	struct entity_addr *old_blocklist;
	struct osdmap_inc_addrs new_up_cluster;
	struct osdmap_str cluster_snapshot;
	uint32_t nnew_uuid;
	struct osdmap_inc_uuid *new_uuid;
	uint32_t nnew_xinfo;
	struct osdmap_inc_xinfo *new_xinfo;
	struct osdmap_inc_addrs new_hb_front_up;
	uint64_t encode_features;
	float new_nearfull_ratio;               /* < 0: unchanged */
	float new_full_ratio;
	float new_backfillfull_ratio;
	uint8_t new_require_min_compat_client;  /* >= 0x80 (0xff): unchanged */
	uint8_t new_require_osd_release;
	struct osdmap_iu32 new_crush_node_flags;        /* 0: remove */
	struct osdmap_iu32 new_device_class_flags;
	uint8_t change_stretch_mode;
	uint32_t new_stretch_bucket_count;
	uint32_t new_degraded_stretch_mode;
	uint32_t new_recovering_stretch_mode;
	int32_t new_stretch_mode_bucket;
	uint8_t stretch_mode_enabled;

	int have_crc;
	uint32_t inc_crc;
	uint32_t full_crc;      /* crc of the full map this produces */
};

/*
 * Decode one Incremental (d spans it) and verify inc_crc. Errors as
 * osdmap_decode_full; on error *inc is left empty.
 */
int osdmap_inc_decode(struct dec *d, struct osdmap_inc *inc);
int osdmap_inc_decode_bytes(const void *p, size_t len, struct osdmap_inc *inc);
void osdmap_inc_free(struct osdmap_inc *inc);

/*
 * Apply inc to map (which must be at inc->epoch - 1; for epoch 1 any map,
 * e.g. an empty one). Returns 0 with *map now at inc->epoch, or:
 *   -EINVAL          wrong epoch or fsid
 *   -EPROTO          the incremental names OSDs beyond max_osd, bad embedded maps
 *   OSDMAP_EBADCRC   the result's crc differs from full_crc (fetch the full map)
 * On any error *map is unchanged.
 */
int osdmap_apply_inc(struct osdmap *map, const struct osdmap_inc *inc);

#endif
