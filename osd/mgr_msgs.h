/*
 * mgr_msgs.h — the OSD <-> ceph-mgr messages and the statistics types they
 * carry, in the encodings a Pacific (16.2.15) OSD sends:
 *
 *   MMgrMap (0x704)        m->c   decode the head only: epoch, active mgr
 *                                 addrs/gid/name, available
 *   MMgrOpen (0x700, v3)   c->m   encode (+ decode for tests)
 *   MMgrConfigure (0x701)  m->c   decode stats_period / stats_threshold
 *   MMgrReport (0x702, v9) c->m   encode (+ decode for tests)
 *   MPGStats (87, v2)      c->m   encode (+ decode for tests)
 *
 * Layouts: src/messages/MMgr{Open,Report,Configure}.h, MPGStats.h,
 * src/mon/MgrMap.h and src/osd/osd_types.{h,cc} (pg_stat_t v26,
 * object_stat_sum_t v20, osd_stat_t v14, store_statfs_t v1), checked
 * against what a classic 16.2.15 OSD wrote to a live mgr (t/vectors/mgr/).
 *
 * Decoders take a contiguous front and return 0 or a negative errno; they
 * never read past it and size allocations from checked counts only.
 */
#ifndef OSDFARM_OSD_MGR_MSGS_H
#define OSDFARM_OSD_MGR_MSGS_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/types.h"

struct msg;

/* pg_stat_t::state bits (src/osd/osd_types.h PG_STATE_*) */
#define MGR_PG_CREATING (1ULL << 0)
#define MGR_PG_ACTIVE   (1ULL << 1)
#define MGR_PG_CLEAN    (1ULL << 2)
#define MGR_PG_DOWN     (1ULL << 4)
#define MGR_PG_PEERING  (1ULL << 12)
#define MGR_PG_STALE    (1ULL << 17)

/* Ceph's perf counter unit_t: bytes is 0, none is 1 (osdfarm's perf.h has them the other way). */
#define MGR_UNIT_BYTES 0
#define MGR_UNIT_NONE  1

/* ---- MMgrMap: what a client needs from the MgrMap ---- */
struct mgr_map_head {
	uint32_t epoch;
	struct entity_addrvec active_addrs;
	uint64_t active_gid;
	int available;
	char active_name[64];
};
int mgr_map_decode(const void *p, size_t len, struct mgr_map_head *out);

/* ---- MMgrOpen (v3 compat 1) ---- */
struct mgr_open {
	const char *daemon_name;        /* "3" for osd.3 */
	const char *service_name;       /* "" for a daemon (the type comes from the peer) */
	/* service_daemon (metadata + status) is for rgw & co; an OSD sends false */
};
struct msg *mgr_msg_open(const struct mgr_open *o);
/* For tests: the head fields (views into p); config blobs are skipped. */
struct mgr_open_view {
	struct strview daemon_name, service_name;
	int service_daemon;
	uint32_t config_len, defaults_len;
};
int mgr_open_decode(const void *p, size_t len, uint16_t version, struct mgr_open_view *out);

/* ---- MMgrConfigure (v4 compat 1; we read v1/v2 fields) ---- */
struct mgr_configure {
	uint32_t stats_period;          /* seconds; 0 = stop reporting */
	uint32_t stats_threshold;       /* lowest counter priority to send */
};
int mgr_configure_decode(const void *p, size_t len, uint16_t version, struct mgr_configure *out);
/* For tests and mock mgrs. */
struct msg *mgr_msg_configure(const struct mgr_configure *c);

/* ---- MMgrReport (v9 compat 1) ---- */
/* PerfCounterType (v3 compat 1) */
struct mgr_perf_type {
	struct strview path, description, nick;
	uint8_t type;                   /* perfcounter_type_d: PERF_T_* bits */
	uint8_t priority;
	uint8_t unit;                   /* MGR_UNIT_* */
};
struct mgr_report {
	const char *daemon_name;
	const char *service_name;
	const struct mgr_perf_type *declare;
	uint32_t ndeclare;
	/*
	 * The values of every declared counter, in path order: one u64 each,
	 * u64 sum + u64 avgcount + u64 avgcount2 for PERFCOUNTER_LONGRUNAVG,
	 * inside an ENCODE_START(1, 1) envelope (mgr_packed_start/_end).
	 */
	const struct buf *packed;
};
/* Takes its own references to packed; declare strings are copied. */
struct msg *mgr_msg_report(const struct mgr_report *r);
void mgr_packed_start(struct buf *b, struct enc_struct *s);
void mgr_packed_end(struct buf *b, struct enc_struct *s);

struct mgr_report_view {
	struct strview daemon_name, service_name;
	struct mgr_perf_type *declare;  /* xmalloc'd, ndeclare entries (views into p) */
	uint32_t ndeclare;
	const uint8_t *packed;          /* the packed bytes including their envelope */
	uint32_t packed_len;
	uint32_t nundeclare;
};
int mgr_report_decode(const void *p, size_t len, uint16_t version, struct mgr_report_view *out);
void mgr_report_view_free(struct mgr_report_view *v);

/* ---- statistics ---- */

/* object_stat_sum_t (v20 compat 14): 28 s64, 4 s32, 8 s64 in this order. */
struct mgr_stat_sum {
	int64_t num_bytes;
	int64_t num_objects;
	int64_t num_object_clones;
	int64_t num_object_copies;
	int64_t num_objects_missing_on_primary;
	int64_t num_objects_degraded;
	int64_t num_objects_unfound;
	int64_t num_rd;
	int64_t num_rd_kb;
	int64_t num_wr;
	int64_t num_wr_kb;
	int64_t num_scrub_errors;
	int64_t num_objects_recovered;
	int64_t num_bytes_recovered;
	int64_t num_keys_recovered;
	int64_t num_shallow_scrub_errors;
	int64_t num_deep_scrub_errors;
	int64_t num_objects_dirty;
	int64_t num_whiteouts;
	int64_t num_objects_omap;
	int64_t num_objects_hit_set_archive;
	int64_t num_objects_misplaced;
	int64_t num_bytes_hit_set_archive;
	int64_t num_flush;
	int64_t num_flush_kb;
	int64_t num_evict;
	int64_t num_evict_kb;
	int64_t num_promote;
	int32_t num_flush_mode_high;
	int32_t num_flush_mode_low;
	int32_t num_evict_mode_some;
	int32_t num_evict_mode_full;
	int64_t num_objects_pinned;
	int64_t num_objects_missing;
	int64_t num_legacy_snapsets;
	int64_t num_large_omap_objects;
	int64_t num_objects_manifest;
	int64_t num_omap_bytes;
	int64_t num_omap_keys;
	int64_t num_objects_repaired;
};
#define MGR_STAT_SUM_WIRE 304

#define MGR_PG_MAX_OSDS 32

/*
 * pg_stat_t (v26 compat 22). blocked_by, purged_snaps, avail_no_missing
 * and object_location_counts are sent empty; the decoder counts and skips
 * them.
 */
struct mgr_pg_stat {
	struct pg pgid;                 /* the map key, not part of pg_stat_t */
	struct eversion version;
	uint64_t reported_seq;
	uint32_t reported_epoch;
	uint64_t state;                 /* MGR_PG_*: low 32 bits first, high 32 bits later */
	struct eversion log_start, ondisk_log_start;
	uint32_t created;
	uint32_t last_epoch_clean;
	struct pg parent;
	uint32_t parent_split_bits;
	struct eversion last_scrub;
	struct utime last_scrub_stamp;
	struct mgr_stat_sum sum;
	int64_t log_size, ondisk_log_size;
	int32_t up[MGR_PG_MAX_OSDS], acting[MGR_PG_MAX_OSDS];
	uint32_t nup, nacting;
	struct utime last_fresh, last_change, last_active, last_clean, last_unstale;
	uint32_t mapping_epoch;
	struct eversion last_deep_scrub;
	struct utime last_deep_scrub_stamp;
	uint8_t stats_invalid;
	struct utime last_clean_scrub_stamp;
	struct utime last_became_active;
	uint8_t dirty_stats_invalid;
	int32_t up_primary, acting_primary;
	uint8_t omap_stats_invalid, hitset_stats_invalid;
	uint32_t nblocked_by;           /* decode only */
	struct utime last_undegraded, last_fullsized;
	uint8_t hitset_bytes_stats_invalid;
	struct utime last_peered, last_became_peered;
	uint8_t pin_stats_invalid;
	uint32_t snaptrimq_len;
	uint32_t npurged_snaps;         /* decode only */
	uint8_t manifest_stats_invalid;
};
void mgr_pg_stat_encode(struct buf *b, const struct mgr_pg_stat *s);
int mgr_pg_stat_decode(struct dec *d, struct mgr_pg_stat *s);

/* store_statfs_t (v1): ten u64. */
struct mgr_statfs {
	uint64_t total, available, internally_reserved, allocated, data_stored;
	uint64_t data_compressed, data_compressed_allocated, data_compressed_original;
	uint64_t omap_allocated, internal_metadata;
};

#define MGR_HB_PEERS_MAX 64

/*
 * osd_stat_t (v14 compat 2). The legacy kb fields are derived from statfs
 * as Ceph does; op_queue_age_hist and hb_pingtime are sent empty;
 * os_perf_stat goes as objectstore_perf_stat_t v1 (milliseconds), which is
 * what 16.2.15 sends a Pacific mgr (it lacks OS_PERF_STAT_NS).
 */
struct mgr_osd_stat {
	struct mgr_statfs statfs;
	int32_t snap_trim_queue_len, num_snap_trimming;
	int32_t hb_peers[MGR_HB_PEERS_MAX];
	uint32_t nhb_peers;
	uint32_t commit_latency_ms, apply_latency_ms;
	uint32_t up_from;
	uint64_t seq;                   /* (up_from << 32) + a per-report counter */
	uint32_t num_pgs;
	int32_t alerts_osd;             /* os_alerts: {alerts_osd: {}} as classic sends; -1 = empty map */
	int64_t num_shards_repaired;
	uint32_t num_osds, num_per_pool_osds, num_per_pool_omap_osds;
	/* decoded legacy fields (encode derives them) */
	int64_t kb, kb_used, kb_avail;
};
void mgr_osd_stat_encode(struct buf *b, const struct mgr_osd_stat *s);
int mgr_osd_stat_decode(struct dec *d, struct mgr_osd_stat *s);

/* ---- MPGStats (v2 compat 1) ---- */
struct mgr_pg_stats {
	struct uuid fsid;
	struct mgr_osd_stat osd_stat;
	struct mgr_pg_stat *pgs;        /* encode: any order (sent sorted by pgid) */
	uint32_t npgs;
	uint32_t epoch;
	uint32_t npool_stats;           /* decode only: per-pool statfs entries (skipped) */
};
/* pgs is sorted in place. */
struct msg *mgr_msg_pg_stats(struct mgr_pg_stats *s);
/* Decode allocates out->pgs (free with mgr_pg_stats_free). */
int mgr_pg_stats_decode(const void *p, size_t len, uint16_t version, struct mgr_pg_stats *out);
void mgr_pg_stats_free(struct mgr_pg_stats *s);

#endif
