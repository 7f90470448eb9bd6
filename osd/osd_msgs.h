/*
 * osd_msgs.h — the OSD <-> monitor messages of the OSD daemon
 * (docs/ceph-wire/02-mon-osdmap.md §2.3–2.6; src/messages/MOSD*.h).
 *
 *   MOSDMap (41)         m->c   decode (views into the front)
 *   MOSDBoot (71)        c->m   encode (+ decode, for tests and tools)
 *   MOSDBeacon (79)      c->m
 *   MOSDAlive (73)       c->m
 *   MOSDMarkMeDown (74)  both   (the monitor acks with the same layout)
 *   MOSDPGCreate2 (120)  m->c   decode
 *   MOSDPGCreated (116)  c->m
 *
 * Every c->m message starts with the PaxosServiceMessage header
 * (mon/mon_msgs.h: paxos_hdr_*). Decoders take a contiguous front and
 * return 0 or a negative errno; they never read past it.
 */
#ifndef OSDFARM_OSD_OSD_MSGS_H
#define OSDFARM_OSD_OSD_MSGS_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"

struct msg;

/* ---- MOSDMap (v4 compat 3) ---- */
struct osd_map_blob {
	uint32_t epoch;
	const uint8_t *p;               /* view into the decoded front */
	uint32_t len;
};
struct osd_map_msg {
	struct uuid fsid;
	uint32_t ninc, nfull;
	struct osd_map_blob *inc;       /* ascending epochs (xmalloc'd array) */
	struct osd_map_blob *full;
	uint32_t oldest_map, newest_map;        /* 0 when absent (v1) */
};
/* header_version: the message's hdr.version (v2+ has oldest/newest). */
int osd_map_msg_decode(const void *p, size_t len, uint16_t header_version,
		       struct osd_map_msg *om);
void osd_map_msg_free(struct osd_map_msg *om);
/* For tests and mock monitors: encode with the given blobs (v4). */
struct msg *osd_msg_osdmap(const struct uuid *fsid, const struct osd_map_blob *inc,
			   uint32_t ninc, const struct osd_map_blob *full, uint32_t nfull,
			   uint32_t oldest, uint32_t newest);

/* ---- OSDSuperblock (v10 compat 5, as 16.2.15 writes it) ---- */
struct osd_superblock {
	struct uuid cluster_fsid;
	int32_t whoami;
	uint32_t current_epoch;
	uint32_t oldest_map;
	uint32_t newest_map;
	double weight;
	/* The encoded CompatSet; NULL = osdfarm's (the set 16.2.15 OSDs write). */
	const uint8_t *compat_raw;
	uint32_t compat_len;
	uint32_t clean_thru;
	uint32_t mounted;
	struct uuid osd_fsid;
	uint32_t purged_snaps_last;
	struct utime last_purged_snaps_scrub;
	uint32_t cluster_osdmap_trim_lower_bound;
};
void osd_superblock_encode(struct buf *b, const struct osd_superblock *sb);
int osd_superblock_decode(struct dec *d, struct osd_superblock *sb);

/* ---- MOSDBoot (v7 compat 7) ---- */
struct osd_meta_kv {
	const char *key;
	const char *val;
};
#define OSD_BOOT_META_MAX 64
struct osd_boot {
	uint64_t version;               /* paxos hdr: our osdmap epoch */
	struct osd_superblock sb;
	struct entity_addrvec hb_back_addrs;
	struct entity_addrvec cluster_addrs;
	uint32_t boot_epoch;
	struct entity_addrvec hb_front_addrs;
	uint32_t nmeta;
	struct osd_meta_kv meta[OSD_BOOT_META_MAX];     /* encoded sorted by key */
	uint64_t osd_features;
};
struct msg *osd_msg_boot(const struct osd_boot *bt);
void osd_boot_encode(struct buf *b, const struct osd_boot *bt);
/*
 * Decode; metadata strings are xmalloc'd copies (osd_boot_free_meta).
 * The superblock's compat_raw points into p.
 */
int osd_boot_decode(const void *p, size_t len, struct osd_boot *bt);
void osd_boot_free_meta(struct osd_boot *bt);

/* ---- MOSDBeacon (v3 compat 1) ---- */
#define OSD_BEACON_PGS_MAX 4096
struct osd_beacon {
	uint64_t version;
	uint32_t npgs;
	struct pg *pgs;                 /* xmalloc'd on decode */
	uint32_t min_last_epoch_clean;
	struct utime last_purged_snaps_scrub;
	int32_t report_interval;
};
struct msg *osd_msg_beacon(const struct osd_beacon *b);
int osd_beacon_decode(const void *p, size_t len, struct osd_beacon *b);

/* ---- MOSDAlive (v1): paxos hdr (epoch) + u32 want ---- */
struct msg *osd_msg_alive(uint32_t epoch, uint32_t want);
int osd_alive_decode(const void *p, size_t len, uint64_t *version, uint32_t *want);

/* ---- MOSDMarkMeDown (v4 compat 3) ---- */
struct osd_mark_me_down {
	uint64_t version;
	struct uuid fsid;
	int32_t target_osd;
	struct entity_addrvec target_addrs;
	uint32_t epoch;
	int request_ack;
	int down_and_dead;              /* v4 */
};
struct msg *osd_msg_mark_me_down(const struct osd_mark_me_down *d);
int osd_mark_me_down_decode(const void *p, size_t len, uint16_t header_version,
			    struct osd_mark_me_down *d);

/* ---- MOSDPGCreate2 (v2 compat 1) ---- */
struct osd_pg_create_item {
	struct spg pgid;
	uint32_t created;               /* epoch the PG was created in */
	struct utime created_stamp;
	/* from pg_extra (v2), 0 when absent */
	uint32_t same_interval_since;
	uint32_t epoch_pool_created;
	int has_extra;
};
#define OSD_PG_CREATE_MAX 65536
struct osd_pg_create2 {
	uint32_t epoch;
	uint32_t npgs;
	struct osd_pg_create_item *pgs; /* xmalloc'd, ascending spg order */
};
int osd_pg_create2_decode(const void *p, size_t len, uint16_t header_version,
			  struct osd_pg_create2 *c);
void osd_pg_create2_free(struct osd_pg_create2 *c);

/* ---- MOSDPGCreated (v1): paxos hdr (0) + pg_t ---- */
struct msg *osd_msg_pg_created(const struct pg *pgid);
int osd_pg_created_decode(const void *p, size_t len, struct pg *pgid);

#endif
