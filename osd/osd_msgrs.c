/*
 * osd_msgrs.c — an OSD's four messengers and where their events go
 * (osd/osd_int.h): the public one to the mon client, the mgr client and
 * the op path; the cluster one takes maps peers share; the heartbeat
 * client reports failures to the monitor and shares our map. Binding
 * honours ms_bind_port_min/max.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "mon/monc.h"
#include "msg/message.h"
#include "msg/msgr.h"
#include "osd/heartbeat.h"
#include "osd/mapshare.h"
#include "osd/mgrc.h"
#include "osd/osd_int.h"

static void
pub_dispatch(void *arg, struct conn *c, struct msg *m)
{
	struct osd *o = arg;

	if (monc_handle_dispatch(o->monc, c, m))
		return;
	if (o->mgrc && mgrc_handle_dispatch(o->mgrc, c, m))
		return;
	if (o->hooks.client_dispatch) {
		o->hooks.client_dispatch(o->hooks.arg, c, m);
		return;
	}
	log_debug(LOG_OSD, 5, "osd.%d: dropping %s (%u) on the public messenger",
		  o->cfg.whoami, msg_type_name(m->hdr.type), m->hdr.type);
	msg_free(m);
}

static void
pub_connected(void *arg, struct conn *c)
{
	struct osd *o = arg;

	monc_handle_connected(o->monc, c);
}

static void
pub_reset(void *arg, struct conn *c)
{
	struct osd *o = arg;

	monc_handle_reset(o->monc, c);
	if (o->mgrc && mgrc_handle_reset(o->mgrc, c))
		return;
	if (o->hooks.conn_reset)
		o->hooks.conn_reset(o->hooks.arg, c);
}

static void
pub_ka_ack(void *arg, struct conn *c, const struct utime *stamp)
{
	struct osd *o = arg;

	monc_handle_keepalive_ack(o->monc, c);
}

const struct msgr_ops osd_pub_ops = {
	.dispatch = pub_dispatch,
	.connected = pub_connected,
	.reset = pub_reset,
	.keepalive_ack = pub_ka_ack,
};

/* The cluster messenger: until replication lands, only the maps peers
 * share with us (as we share ours, osd/mapshare.h) are taken; the rest is
 * dropped. (The heartbeat messengers go to osd/heartbeat.c.) */
static void
cluster_dispatch(void *arg, struct conn *c, struct msg *m)
{
	struct osd *o = arg;

	if (m->hdr.type == CEPH_MSG_OSD_MAP && m->src.type == ENTITY_TYPE_OSD &&
	    o->state != OSD_RUN_STOPPED) {
		log_debug(LOG_OSD, 10, "osd.%d: osdmap from osd.%lld", o->cfg.whoami,
			  (long long)m->src.num);
		osd_handle_osd_map(o, m);
	} else {
		log_debug(LOG_OSD, 10, "dropping %s on the cluster messenger",
			  msg_type_name(m->hdr.type));
	}
	msg_free(m);
}

const struct msgr_ops osd_cluster_ops = {
	.dispatch = cluster_dispatch,
};

/* Heartbeats (osd/heartbeat.h): failure reports go to the monitor; a peer
 * saying we died makes us fetch newer maps. */
static int
hb_mon_send(void *arg, struct msg *m)
{
	struct osd *o = arg;

	return monc_send(o->monc, m);
}

static void
hb_need_map(void *arg, uint32_t epoch)
{
	struct osd *o = arg;

	if (epoch > o->map.epoch && !o->full_requested)
		osd_subscribe_next(o);
}

static void
hb_share_map(void *arg, int32_t osd, uint32_t peer_epoch)
{
	struct osd *o = arg;

	if (o->state == OSD_RUN_ACTIVE)
		mapshare_to_peer(o->share, &o->map, o->oldest_map, osd, peer_epoch);
}

const struct hb_ops osd_hb_ops = {
	.mon_send = hb_mon_send,
	.need_map = hb_need_map,
	.share_map = hb_share_map,
};

int
osd_bind_one(struct osd *o, struct msgr *m, const struct entity_addr *ip, const char *what)
{
	struct entity_addr a = *ip;
	uint32_t port;
	char s[96];
	int err = -EADDRINUSE;

	a.type = ENTITY_ADDR_MSGR2;
	a.nonce = o->cfg.nonce;
	if (o->cfg.bind_port_min == 0 && o->cfg.bind_port_max == 0) {
		entity_addr_set_port(&a, 0);
		err = msgr_bind(m, &a);
	} else {
		for (port = o->cfg.bind_port_min; port <= o->cfg.bind_port_max; port++) {
			entity_addr_set_port(&a, (uint16_t)port);
			if ((err = msgr_bind(m, &a)) == 0)
				break;
		}
	}
	if (err) {
		entity_addr_format(&a, s, sizeof(s));
		log_error(LOG_OSD, "osd.%d: cannot bind the %s messenger (%s): %s",
			  o->cfg.whoami, what, s, strerror(-err));
		return err;
	}
	entity_addrvec_format(msgr_addrs(m), s, sizeof(s));
	log_debug(LOG_OSD, 1, "osd.%d: %s messenger at %s", o->cfg.whoami, what, s);
	return 0;
}

struct msgr *
osd_new_msgr(struct osd *o, const struct msgr_ops *ops)
{
	struct msgr *m = msgr_new(o->base, ENTITY_TYPE_OSD, o->cfg.whoami, ops, o);

	msgr_set_nonce(m, o->cfg.nonce);
	return m;
}
