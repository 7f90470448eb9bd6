/*
 * pg_pool.h — pg_pool_t: one pool's definition inside the OSDMap.
 *
 * Decodes every field a Pacific monitor writes (pg_pool_t v29, v30 for
 * stretch pools; src/osd/osd_types.cc: pg_pool_t::encode/decode) into owned
 * memory, and re-encodes it byte for byte (needed for the OSDMap crc check).
 * Also the pool's share of placement: object hash, pg folding (stable_mod)
 * and the placement seed.
 */
#ifndef OSDFARM_OSD_PG_POOL_H
#define OSDFARM_OSD_PG_POOL_H

#include <stdint.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"
#include "osd/osdmap_types.h"
#include "osd/str_hash.h"

#define PG_POOL_TYPE_REPLICATED 1
#define PG_POOL_TYPE_ERASURE    3

/* pg_pool_t::FLAG_* */
#define PG_POOL_FLAG_HASHPSPOOL             (1ull << 0)
#define PG_POOL_FLAG_FULL                   (1ull << 1)
#define PG_POOL_FLAG_EC_OVERWRITES          (1ull << 2)
#define PG_POOL_FLAG_INCOMPLETE_CLONES      (1ull << 3)
#define PG_POOL_FLAG_NODELETE               (1ull << 4)
#define PG_POOL_FLAG_NOPGCHANGE             (1ull << 5)
#define PG_POOL_FLAG_NOSIZECHANGE           (1ull << 6)
#define PG_POOL_FLAG_WRITE_FADVISE_DONTNEED (1ull << 7)
#define PG_POOL_FLAG_NOSCRUB                (1ull << 8)
#define PG_POOL_FLAG_NODEEP_SCRUB           (1ull << 9)
#define PG_POOL_FLAG_FULL_QUOTA             (1ull << 10)
#define PG_POOL_FLAG_NEARFULL               (1ull << 11)
#define PG_POOL_FLAG_BACKFILLFULL           (1ull << 12)
#define PG_POOL_FLAG_SELFMANAGED_SNAPS      (1ull << 13)
#define PG_POOL_FLAG_POOL_SNAPS             (1ull << 14)
#define PG_POOL_FLAG_CREATING               (1ull << 15)

/* pool_snap_info_t */
struct pool_snap {
	uint64_t snapid;
	struct utime stamp;
	struct osdmap_str name;
};

/* pool_opts_t value types */
#define POOL_OPT_STR    0
#define POOL_OPT_INT    1
#define POOL_OPT_DOUBLE 2
struct pool_opt {
	int32_t key;
	int32_t type;
	int64_t i;
	double d;
	struct osdmap_str s;
};

/* pg_merge_meta_t */
struct pg_merge_meta {
	struct pg source_pgid;
	uint32_t ready_epoch;
	uint32_t last_epoch_started;
	uint32_t last_epoch_clean;
	struct eversion source_version;
	struct eversion target_version;
};

struct pg_pool {
	uint8_t type;
	uint8_t size;
	uint8_t crush_rule;
	uint8_t object_hash;
	uint32_t pg_num;
	uint32_t pgp_num;
	uint32_t last_change;
	uint64_t snap_seq;
	uint32_t snap_epoch;
	uint32_t nsnaps;
	struct pool_snap *snaps;        /* ascending snapid */
	struct osdmap_iset removed_snaps;
	uint64_t auid;
	uint64_t flags;
	uint8_t min_size;
	uint64_t quota_max_bytes;
	uint64_t quota_max_objects;
	uint32_t ntiers;
	uint64_t *tiers;                /* ascending */
	int64_t tier_of;
	uint8_t cache_mode;
	int64_t read_tier;
	int64_t write_tier;
	struct osdmap_smap properties;
	/* HitSet::Params, kept encoded (versioned struct, header included). */
	uint8_t hit_set_type;
	uint8_t *hit_set_params;
	uint32_t hit_set_params_len;
	uint32_t hit_set_period;
	uint32_t hit_set_count;
	uint32_t stripe_width;
	uint64_t target_max_bytes;
	uint64_t target_max_objects;
	uint32_t cache_target_dirty_ratio_micro;
	uint32_t cache_target_full_ratio_micro;
	uint32_t cache_min_flush_age;
	uint32_t cache_min_evict_age;
	struct osdmap_str erasure_code_profile;
	uint32_t last_force_op_resend_preluminous;
	int32_t min_read_recency_for_promote;
	uint64_t expected_num_objects;
	uint32_t cache_target_dirty_high_ratio_micro;
	int32_t min_write_recency_for_promote;
	uint8_t use_gmt_hitset;
	uint8_t fast_read;
	uint32_t hit_set_grade_decay_rate;
	uint32_t hit_set_search_last_n;
	uint8_t opts_v;                 /* pool_opts_t struct_v as decoded */
	uint32_t nopts;
	struct pool_opt *opts;          /* ascending key */
	uint32_t last_force_op_resend_prenautilus;
	struct osdmap_smap2 application_metadata;
	struct utime create_time;
	uint32_t pg_num_target;
	uint32_t pgp_num_target;
	uint32_t pg_num_pending;
	uint32_t last_force_op_resend;
	uint8_t pg_autoscale_mode;
	struct pg_merge_meta last_pg_merge_meta;
	/* v30, stretch pools only */
	uint32_t peering_crush_bucket_count;
	uint32_t peering_crush_bucket_target;
	uint32_t peering_crush_bucket_barrier;
	int32_t peering_crush_mandatory_member;

	/* derived on decode */
	uint32_t pg_num_mask;
	uint32_t pgp_num_mask;
};

/* Decodes into *p (zeroed first; on error whatever was allocated is freed). */
int pg_pool_decode(struct dec *d, struct pg_pool *p);
/* The Pacific encoding: v29, or v30 when peering_crush_bucket_count != 0. */
void pg_pool_encode(struct buf *b, const struct pg_pool *p);
void pg_pool_copy(struct pg_pool *dst, const struct pg_pool *src);
void pg_pool_free(struct pg_pool *p);

static inline int pg_pool_is_erasure(const struct pg_pool *p)
{
	return p->type == PG_POOL_TYPE_ERASURE;
}
/* Replicated pools shift OSDs left when one is missing; EC pools keep positions. */
static inline int pg_pool_can_shift_osds(const struct pg_pool *p)
{
	return p->type == PG_POOL_TYPE_REPLICATED;
}

/* ceph_stable_mod (src/include/rados.h). */
static inline uint32_t ceph_stable_mod(uint32_t x, uint32_t b, uint32_t bmask)
{
	return (x & bmask) < b ? x & bmask : x & (bmask >> 1);
}
/* (1 << bits(n - 1)) - 1 */
uint32_t pg_pool_calc_mask(uint32_t n);
void pg_pool_calc_masks(struct pg_pool *p);

/* Object hash of (key or name) in namespace ns, per the pool's object_hash. */
uint32_t pg_pool_hash_key(const struct pg_pool *p, const char *key, size_t keylen,
			  const char *ns, size_t nslen);
/* Fold a raw hash into the pool's pg range. */
static inline uint32_t pg_pool_raw_hash_to_pg(const struct pg_pool *p, uint32_t v)
{
	return ceph_stable_mod(v, p->pg_num, p->pg_num_mask);
}
/* Placement seed fed to CRUSH (pg_pool_t::raw_pg_to_pps). */
uint32_t pg_pool_raw_pg_to_pps(const struct pg_pool *p, int64_t pool, uint32_t ps);

#endif
