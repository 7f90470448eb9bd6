/*
 * osdmap.h — the OSDMap: which OSDs exist, are up and in, where they listen,
 * the pools, and everything else the monitor publishes each epoch
 * (src/osd/OSDMap.{h,cc}, Pacific 16.2.15 encoding; see
 * docs/ceph-wire/02-mon-osdmap.md §3).
 *
 * A decoded map owns all of its memory (nothing points into the message it
 * came from) and is cheap to query: per-OSD data are arrays indexed by OSD
 * id, pools a sorted array searched by id. osdmap_encode() reproduces the
 * monitor's bytes exactly, which is what lets an Incremental be checked
 * against its full_crc (osdmap_inc.h).
 *
 * Lifecycle: osdmap_init() (or zero) → osdmap_decode_full() → queries →
 * osdmap_free(). A failed decode leaves the target empty (freed), so decode
 * into a scratch map and osdmap_move() it over the current one on success.
 */
#ifndef OSDFARM_OSD_OSDMAP_H
#define OSDFARM_OSD_OSDMAP_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"
#include "osd/osdmap_types.h"
#include "osd/pg_pool.h"

struct crush_map;

/* Largest max_osd we accept: bounds the per-OSD arrays an epoch can ask for. */
#define OSDMAP_MAX_OSD (1 << 16)

/* CEPH_OSD_* state bits (src/include/rados.h) */
#define OSD_STATE_EXISTS       0x1
#define OSD_STATE_UP           0x2
#define OSD_STATE_AUTOOUT      0x4
#define OSD_STATE_NEW          0x8
#define OSD_STATE_FULL         0x10
#define OSD_STATE_NEARFULL     0x20
#define OSD_STATE_BACKFILLFULL 0x40
#define OSD_STATE_DESTROYED    0x80
#define OSD_STATE_NOUP         0x100
#define OSD_STATE_NODOWN       0x200
#define OSD_STATE_NOIN         0x400
#define OSD_STATE_NOOUT        0x800
#define OSD_STATE_STOP         0x1000

/* osd_weight / primary affinity are 16.16 fixed point. */
#define OSD_WEIGHT_IN                 0x10000
#define OSD_WEIGHT_OUT                0
#define OSD_DEFAULT_PRIMARY_AFFINITY  0x10000
#define OSD_MAX_PRIMARY_AFFINITY      0x10000

/* CEPH_OSDMAP_* map flags */
#define OSDMAP_FLAG_NEARFULL         (1u << 0)
#define OSDMAP_FLAG_FULL             (1u << 1)
#define OSDMAP_FLAG_PAUSERD          (1u << 2)
#define OSDMAP_FLAG_PAUSEWR          (1u << 3)
#define OSDMAP_FLAG_PAUSEREC         (1u << 4)
#define OSDMAP_FLAG_NOUP             (1u << 5)
#define OSDMAP_FLAG_NODOWN           (1u << 6)
#define OSDMAP_FLAG_NOOUT            (1u << 7)
#define OSDMAP_FLAG_NOIN             (1u << 8)
#define OSDMAP_FLAG_NOBACKFILL       (1u << 9)
#define OSDMAP_FLAG_NORECOVER        (1u << 10)
#define OSDMAP_FLAG_NOSCRUB          (1u << 11)
#define OSDMAP_FLAG_NODEEP_SCRUB     (1u << 12)
#define OSDMAP_FLAG_NOTIERAGENT      (1u << 13)
#define OSDMAP_FLAG_NOREBALANCE      (1u << 14)
#define OSDMAP_FLAG_SORTBITWISE      (1u << 15)
#define OSDMAP_FLAG_REQUIRE_JEWEL    (1u << 16)
#define OSDMAP_FLAG_REQUIRE_KRAKEN   (1u << 17)
#define OSDMAP_FLAG_REQUIRE_LUMINOUS (1u << 18)
#define OSDMAP_FLAG_RECOVERY_DELETES (1u << 19)
#define OSDMAP_FLAG_PURGED_SNAPDIRS  (1u << 20)
#define OSDMAP_FLAG_NOSNAPTRIM       (1u << 21)
#define OSDMAP_FLAG_PGLOG_HARDLIMIT  (1u << 22)
#define OSDMAP_LEGACY_REQUIRE_FLAGS \
	(OSDMAP_FLAG_REQUIRE_JEWEL | OSDMAP_FLAG_REQUIRE_KRAKEN | OSDMAP_FLAG_REQUIRE_LUMINOUS)

/* ceph_release_t */
#define CEPH_RELEASE_UNKNOWN  0
#define CEPH_RELEASE_JEWEL    10
#define CEPH_RELEASE_KRAKEN   11
#define CEPH_RELEASE_LUMINOUS 12
#define CEPH_RELEASE_MIMIC    13
#define CEPH_RELEASE_NAUTILUS 14
#define CEPH_RELEASE_OCTOPUS  15
#define CEPH_RELEASE_PACIFIC  16

/* osd_info_t */
struct osd_info {
	uint32_t last_clean_begin;
	uint32_t last_clean_end;
	uint32_t up_from;
	uint32_t up_thru;
	uint32_t down_at;
	uint32_t lost_at;
};
int osd_info_decode(struct dec *d, struct osd_info *i);
void osd_info_encode(struct buf *b, const struct osd_info *i);

/* osd_xinfo_t (v4) */
struct osd_xinfo {
	struct utime down_stamp;
	/* laggy probability as the u32 fraction of 0xffffffff on the wire (kept exact) */
	uint32_t laggy_probability;
	uint32_t laggy_interval;
	uint64_t features;
	uint32_t old_weight;
	struct utime last_purged_snaps_scrub;
	uint32_t dead_epoch;
};
int osd_xinfo_decode(struct dec *d, struct osd_xinfo *x);
void osd_xinfo_encode(struct buf *b, const struct osd_xinfo *x);

struct osdmap_pool {
	int64_t id;
	struct pg_pool pool;
};

struct osdmap_pool_name {
	int64_t id;
	struct osdmap_str name;
};

/* Which address vector of an OSD (osdmap_get_addrs). */
enum osdmap_addr_kind {
	OSDMAP_ADDR_CLIENT,     /* public: clients and the monitor */
	OSDMAP_ADDR_CLUSTER,    /* replication */
	OSDMAP_ADDR_HB_BACK,
	OSDMAP_ADDR_HB_FRONT,
	OSDMAP_ADDR_KINDS
};

struct osdmap {
	/* ---- client-usable section ---- */
	struct uuid fsid;
	uint32_t epoch;
	struct utime created;
	struct utime modified;
	uint32_t npools;
	struct osdmap_pool *pools;              /* ascending id */
	uint32_t npool_names;
	struct osdmap_pool_name *pool_names;    /* ascending id */
	int32_t pool_max;
	uint32_t flags;
	int32_t max_osd;
	uint32_t *osd_state;                    /* [max_osd] */
	uint32_t *osd_weight;                   /* [max_osd] */
	/* [kind][max_osd]; NULL = empty address vector */
	struct entity_addrvec **addrs[OSDMAP_ADDR_KINDS];
	struct osdmap_pgvec pg_temp;
	struct osdmap_pgint primary_temp;
	uint32_t *osd_primary_affinity;         /* [max_osd] or NULL (all default) */
	uint8_t *crush_raw;                     /* the encoded CRUSH map, re-emitted as is */
	uint32_t crush_len;
	struct crush_map *crush;                /* decoded; NULL if the blob was empty */
	struct osdmap_smap2 erasure_code_profiles;
	struct osdmap_pgvec pg_upmap;
	struct osdmap_pgvec pg_upmap_items;     /* (from, to) pairs flattened */
	int32_t crush_version;
	struct osdmap_pool_isets new_removed_snaps;
	struct osdmap_pool_isets new_purged_snaps;
	struct utime last_up_change;
	struct utime last_in_change;

	/* ---- osd-only section ---- */
	struct osd_info *osd_info;              /* [max_osd] */
	struct osdmap_blocklist blocklist;
	uint32_t cluster_snapshot_epoch;
	struct osdmap_str cluster_snapshot;
	struct uuid *osd_uuid;                  /* [max_osd] */
	struct osd_xinfo *osd_xinfo;            /* [max_osd] */
	float nearfull_ratio;
	float full_ratio;
	float backfillfull_ratio;
	uint8_t require_min_compat_client;      /* ceph_release_t */
	uint8_t require_osd_release;
	struct osdmap_pool_isets removed_snaps_queue;
	struct osdmap_iu32 crush_node_flags;
	struct osdmap_iu32 device_class_flags;
	uint8_t stretch_mode_enabled;
	uint32_t stretch_bucket_count;
	uint32_t degraded_stretch_mode;
	uint32_t recovering_stretch_mode;
	int32_t stretch_mode_bucket;

	/* crc field of the encoding this map was decoded from / re-encodes to */
	uint32_t crc;
};

void osdmap_init(struct osdmap *m);
void osdmap_free(struct osdmap *m);
/* Free dst and move src into it; src is left empty. */
void osdmap_move(struct osdmap *dst, struct osdmap *src);
/* Deep copy (CRUSH re-decoded from the raw bytes). */
int osdmap_clone(struct osdmap *dst, const struct osdmap *src);

/*
 * Decode a full OSDMap (wrapper v7/v8; client section up to v9, osd-only up
 * to v10) and verify its crc. d must span the map. Errors: -EBADMSG
 * (truncated, bad crc), -EPROTO (inconsistent: vector sizes ≠ max_osd,
 * max_osd out of range, unsorted keys, bad CRUSH), -EOPNOTSUPP (pre-luminous
 * encodings). On error *m is left empty.
 */
int osdmap_decode_full(struct dec *d, struct osdmap *m);
int osdmap_decode_bytes(const void *p, size_t len, struct osdmap *m);
/*
 * Sections a full map and an incremental share (map<int64_t, pg_pool_t>,
 * map<int64_t, string>, ascending ids): *out is xmalloc'd even when empty,
 * *count says how many entries decoded (free that many on error).
 */
struct dec;
int osdmap_pools_decode(struct dec *d, struct osdmap_pool **out, uint32_t *count);
int osdmap_pool_names_decode(struct dec *d, struct osdmap_pool_name **out, uint32_t *count);

/*
 * Encode m as a Pacific monitor would (wrapper v8, client v9, osd-only v9 or
 * v10 in stretch mode) and append it to b; returns the crc written.
 */
uint32_t osdmap_encode(const struct osdmap *m, struct buf *b);
/* The crc osdmap_encode would write, without keeping the bytes. */
uint32_t osdmap_calc_crc(const struct osdmap *m);

/* (Re)size the per-OSD arrays; new slots are "does not exist, out". */
void osdmap_set_max_osd(struct osdmap *m, int32_t max_osd);
/* Set one affinity, creating the vector (all default) on first use. */
void osdmap_set_primary_affinity(struct osdmap *m, int32_t osd, uint32_t aff);

/* ---- queries (osd ids out of range are "does not exist") ---- */
static inline int osdmap_exists(const struct osdmap *m, int osd)
{
	return osd >= 0 && osd < m->max_osd && (m->osd_state[osd] & OSD_STATE_EXISTS);
}
static inline int osdmap_is_up(const struct osdmap *m, int osd)
{
	return osdmap_exists(m, osd) && (m->osd_state[osd] & OSD_STATE_UP);
}
static inline int osdmap_is_down(const struct osdmap *m, int osd)
{
	return !osdmap_is_up(m, osd);
}
static inline int osdmap_is_out(const struct osdmap *m, int osd)
{
	return !osdmap_exists(m, osd) || m->osd_weight[osd] == OSD_WEIGHT_OUT;
}
static inline int osdmap_is_in(const struct osdmap *m, int osd)
{
	return !osdmap_is_out(m, osd);
}
static inline uint32_t osdmap_primary_affinity(const struct osdmap *m, int osd)
{
	return m->osd_primary_affinity && osd >= 0 && osd < m->max_osd
		? m->osd_primary_affinity[osd] : OSD_DEFAULT_PRIMARY_AFFINITY;
}
/* Never NULL: an absent or out-of-range OSD has an empty vector. */
const struct entity_addrvec *osdmap_get_addrs(const struct osdmap *m, int osd,
					       enum osdmap_addr_kind kind);
const struct osd_info *osdmap_get_info(const struct osdmap *m, int osd);
const struct pg_pool *osdmap_get_pool(const struct osdmap *m, int64_t pool);
const char *osdmap_pool_name(const struct osdmap *m, int64_t pool);
/* Pool id by name, or -ENOENT. */
int64_t osdmap_lookup_pool(const struct osdmap *m, const char *name);
/*
 * The CRUSH rule a pool maps through: the rule whose ruleset, type and
 * size range match the pool (CrushWrapper::find_rule, Pacific), or -1.
 */
int osdmap_find_rule(const struct osdmap *m, const struct pg_pool *p);
/* Number of OSDs that exist / are up / are in. */
int osdmap_num_osds(const struct osdmap *m, uint32_t state_mask);

/*
 * Feature bits the map requires of peers of a given entity type
 * (ENTITY_TYPE_OSD, ENTITY_TYPE_CLIENT, ...), as OSDMap::get_features: CRUSH
 * tunables and rule steps in use, upmaps, HASHPSPOOL/cache pools, primary
 * affinity, server releases for OSDs, CEPHX_V2. *mask (if not NULL) gets the
 * bits the map could require.
 */
uint64_t osdmap_get_features(const struct osdmap *m, int entity_type, uint64_t *mask);
/* What an OSD peer must have: osdmap_get_features(m, ENTITY_TYPE_OSD, NULL). */
uint64_t osdmap_required_features(const struct osdmap *m);

#endif
