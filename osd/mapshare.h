/*
 * mapshare.h — send our osdmap to OSD peers that are behind us, over the
 * cluster messenger, as OSDService::maybe_share_map does for heartbeat
 * peers (src/osd/OSD.cc). One lossless session per peer, closed when the
 * peer goes down or moves; each peer gets each epoch at most once.
 */
#ifndef OSDFARM_OSD_MAPSHARE_H
#define OSDFARM_OSD_MAPSHARE_H

#include <stdint.h>

#include "common/buf.h"

struct msg;
struct msgr;
struct osdmap;
struct mapshare;

/* One epoch's full map, encoded once however often it is sent. */
struct mapshare_cache {
	struct buf enc;
	uint32_t epoch;                 /* 0: empty */
};
void mapshare_cache_init(struct mapshare_cache *c);
void mapshare_cache_free(struct mapshare_cache *c);
/*
 * An MOSDMap carrying m in full, newest = m's epoch, oldest = oldest (0 or
 * newer than m: m's epoch). NULL if the encoding cannot be made contiguous.
 */
struct msg *mapshare_cache_msg(struct mapshare_cache *c, const struct osdmap *m,
			       uint32_t oldest);

/* cluster: our cluster messenger (not owned; outlives the mapshare). */
struct mapshare *mapshare_new(struct msgr *cluster);
void mapshare_free(struct mapshare *ms);

/*
 * Peer osd said it has peer_epoch: send it m (a full map; oldest = the
 * oldest epoch we hold, so a peer far behind fetches the gap from the
 * monitor) unless it is not behind or already has it from us. Returns 1
 * when a map was sent.
 */
int mapshare_to_peer(struct mapshare *ms, const struct osdmap *m, uint32_t oldest,
		     int32_t osd, uint32_t peer_epoch);

/* A new map: close the sessions of peers now down or at new addresses. */
void mapshare_update(struct mapshare *ms, const struct osdmap *m);

#endif
