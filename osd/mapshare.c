/*
 * mapshare.c — our osdmap to OSD peers that are behind (osd/mapshare.h).
 *
 * Classic OSDs learn most new epochs from their peers, not the monitor:
 * an OSD with a heartbeat peer and no PG does not ask the monitor again,
 * so a map naming a newly booted OSD reaches it only when someone shares
 * it. We share what heartbeats reveal, like OSD::handle_osd_ping does.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "msg/msgr.h"
#include "osd/mapshare.h"
#include "osd/osd_msgs.h"
#include "osd/osdmap.h"

struct mapshare_peer {
	struct conn *conn;              /* lossless cluster session, or NULL */
	struct entity_addrvec addrs;    /* where conn goes */
	uint32_t sent;                  /* newest epoch sent on conn */
};

struct mapshare {
	struct msgr *cluster;
	struct mapshare_peer *peers;    /* indexed by osd id */
	uint32_t npeers;
	struct mapshare_cache cache;
};

void
mapshare_cache_init(struct mapshare_cache *c)
{
	buf_init(&c->enc);
	c->epoch = 0;
}

void
mapshare_cache_free(struct mapshare_cache *c)
{
	buf_free(&c->enc);
	c->epoch = 0;
}

struct msg *
mapshare_cache_msg(struct mapshare_cache *c, const struct osdmap *m, uint32_t oldest)
{
	struct osd_map_blob full;

	if (c->epoch != m->epoch) {
		buf_clear(&c->enc);
		osdmap_encode(m, &c->enc);
		c->epoch = m->epoch;
	}
	full.epoch = m->epoch;
	full.len = (uint32_t)c->enc.len;
	full.p = buf_contig(&c->enc, 0, c->enc.len);
	if (!full.p)
		return NULL;
	return osd_msg_osdmap(&m->fsid, NULL, 0, &full, 1,
			      oldest && oldest <= m->epoch ? oldest : m->epoch, m->epoch);
}

struct mapshare *
mapshare_new(struct msgr *cluster)
{
	struct mapshare *ms = xcalloc(1, sizeof(*ms));

	ms->cluster = cluster;
	mapshare_cache_init(&ms->cache);
	return ms;
}

static void
peer_close(struct mapshare_peer *p)
{
	if (!p->conn)
		return;
	conn_mark_down(p->conn);
	conn_put(p->conn);
	p->conn = NULL;
	p->sent = 0;
}

void
mapshare_free(struct mapshare *ms)
{
	uint32_t i;

	if (!ms)
		return;
	for (i = 0; i < ms->npeers; i++)
		peer_close(&ms->peers[i]);
	free(ms->peers);
	mapshare_cache_free(&ms->cache);
	free(ms);
}

static struct mapshare_peer *
peer_slot(struct mapshare *ms, int32_t osd)
{
	uint32_t n;

	if (osd < 0 || osd >= OSDMAP_MAX_OSD)
		return NULL;
	if ((uint32_t)osd >= ms->npeers) {
		n = (uint32_t)osd + 1;
		ms->peers = xreallocarray(ms->peers, n, sizeof(*ms->peers));
		memset(ms->peers + ms->npeers, 0, (n - ms->npeers) * sizeof(*ms->peers));
		ms->npeers = n;
	}
	return &ms->peers[osd];
}

int
mapshare_to_peer(struct mapshare *ms, const struct osdmap *m, uint32_t oldest, int32_t osd,
		 uint32_t peer_epoch)
{
	const struct entity_addrvec *addrs;
	struct mapshare_peer *p;
	struct msg *msg;

	/* only up OSDs of our map get a slot (the id comes off the wire) */
	if (peer_epoch >= m->epoch || osd < 0 || !osdmap_is_up(m, osd))
		return 0;
	addrs = osdmap_get_addrs(m, osd, OSDMAP_ADDR_CLUSTER);
	if (!addrs->n || !(p = peer_slot(ms, osd)))
		return 0;
	if (p->conn && !entity_addrvec_equal(&p->addrs, addrs))
		peer_close(p);
	if (p->conn && p->sent >= m->epoch)
		return 0;
	if (!(msg = mapshare_cache_msg(&ms->cache, m, oldest)))
		return 0;
	if (!p->conn) {
		p->addrs = *addrs;
		p->conn = conn_get(msgr_connect(ms->cluster, addrs, ENTITY_TYPE_OSD));
	}
	log_debug(LOG_OSD, 10, "sharing osdmap e%u with osd.%d (at e%u)", m->epoch, osd,
		  peer_epoch);
	conn_send(p->conn, msg);
	p->sent = m->epoch;
	return 1;
}

void
mapshare_update(struct mapshare *ms, const struct osdmap *m)
{
	uint32_t i;

	for (i = 0; i < ms->npeers; i++) {
		struct mapshare_peer *p = &ms->peers[i];

		if (p->conn && (!osdmap_is_up(m, (int)i) ||
				!entity_addrvec_equal(&p->addrs,
						      osdmap_get_addrs(m, (int)i, OSDMAP_ADDR_CLUSTER))))
			peer_close(p);
	}
}
