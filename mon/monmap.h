/*
 * monmap.h — the MonMap: which monitors form the cluster and where they
 * listen (src/mon/MonMap.{h,cc}; docs/ceph-wire/02-mon-osdmap.md §2.6).
 *
 * The mon client only needs the fsid, the epoch and each monitor's name and
 * public address vector, in rank order; everything else in the encoding
 * (features, stretch-mode fields) is skipped. A decoded map owns its memory.
 */
#ifndef OSDFARM_MON_MONMAP_H
#define OSDFARM_MON_MONMAP_H

#include <stddef.h>
#include <stdint.h>

#include "common/enc.h"
#include "common/types.h"

/* Bounds on what we accept from the wire. */
#define MONMAP_MAX_MONS 64
#define MONMAP_NAME_MAX 64

struct monmap_mon {
	char name[MONMAP_NAME_MAX];     /* "a" for mon.a */
	struct entity_addrvec addrs;
	uint16_t priority;
	uint16_t weight;
};

struct monmap {
	struct uuid fsid;
	uint32_t epoch;
	struct utime last_changed;
	struct utime created;
	uint8_t min_mon_release;        /* ceph_release_t, 0 if not encoded */
	uint32_t nmons;
	struct monmap_mon *mons;        /* in rank order */
};

void monmap_init(struct monmap *mm);
void monmap_free(struct monmap *mm);
/* Free dst, move src into it, leave src empty. */
void monmap_move(struct monmap *dst, struct monmap *src);

/*
 * Decode an encoded MonMap (ENCODE_START v7..v9 with compat <= 6, as
 * Nautilus+ monitors send to Nautilus+ peers). Older encodings are
 * -EOPNOTSUPP. On error *mm is left empty.
 */
int monmap_decode(struct dec *d, struct monmap *mm);
/* The MMonMap message front: one bufferlist holding the map. */
int monmap_decode_msg_front(const void *p, size_t len, struct monmap *mm);

/* Rank of the monitor with this name, or -1. */
int monmap_rank_by_name(const struct monmap *mm, const char *name);

#endif
