/*
 * heartbeat.h — OSD heartbeats and failure detection, as a Pacific OSD
 * does them (src/osd/OSD.cc: maybe_update_heartbeat_peers, heartbeat,
 * handle_osd_ping, heartbeat_check, send_failures, ms_handle_refused).
 *
 * Peers: the OSDs sharing a PG with us, the next and previous up OSD by id,
 * one OSD from each of a few other CRUSH subtrees (mon_osd_reporter_subtree_
 * level), topped up by walking the up OSDs until there are
 * osd_heartbeat_min_peers. Each peer gets two lossy-client connections from
 * our own heartbeat client messenger, to its hb_back and hb_front
 * addresses; every osd_heartbeat_interval (randomised as classic does) both
 * carry an MOSDPing PING with the same stamp.
 *
 * A peer is unhealthy when its oldest unanswered ping (one that has not
 * had its reply on both connections) is older than osd_heartbeat_grace.
 * Unhealthy peers are reported to the monitor (MOSDFailure FAILED, with
 * failed_for = time since we last heard from them); a peer that answers
 * again has its report withdrawn (flags 0). A connection refused by a peer
 * the map still shows up at that address is reported at once (IMMEDIATE),
 * unless osd_fast_fail_on_connection_refused is off. Unlike classic, a
 * connection reset does not forget the pings in flight: a peer that keeps
 * resetting is still caught by the grace.
 *
 * Pings to us (on the hb_front / hb_back server messengers, whose
 * callbacks come here through hb_server_ops) are answered with PING_REPLY
 * echoing the stamps; a peer the map shows dead since after its map epoch
 * gets YOU_DIED. We only ping and report while we are up (hb_update with
 * up_from > 0); replies go out in every state but stopping. Map flags:
 * a down target is never reported; nodown is the monitor's to apply (as
 * with classic, reports are still sent and kept pending).
 *
 * Single-threaded, on the OSD's event loop.
 */
#ifndef OSDFARM_OSD_HEARTBEAT_H
#define OSDFARM_OSD_HEARTBEAT_H

#include <stdint.h>

#include "common/types.h"
#include "osd/osdmap.h"

struct event_base;
struct msg;
struct conn;
struct msgr_ops;
struct hb;

struct hb_config {
	int32_t whoami;
	struct uuid fsid;               /* cluster fsid */
	uint32_t nonce;                 /* our process nonce */
	uint32_t interval_ms;           /* osd_heartbeat_interval: 6 s */
	uint32_t grace_ms;              /* osd_heartbeat_grace: 20 s */
	uint32_t min_peers;             /* osd_heartbeat_min_peers: 10 */
	uint32_t min_size;              /* osd_heartbeat_min_size: 2000 */
	uint32_t stale_ms;              /* osd_heartbeat_stale: 600 s */
	uint32_t min_down_reporters;    /* mon_osd_min_down_reporters: 2 */
	char subtree_level[32];         /* mon_osd_reporter_subtree_level: "host" */
	int fast_fail_on_refused;       /* osd_fast_fail_on_connection_refused: 1 */
	int randomize;                  /* !debug_disable_randomized_ping: 1 */
	uint32_t check_ms;              /* how often peers are checked: 1 s */
};
void hb_config_default(struct hb_config *cfg);

struct hb_ops {
	/* Send to the monitor (MOSDFailure); ownership passes. */
	int (*mon_send)(void *arg, struct msg *m);
	/* A peer says we died (YOU_DIED at its epoch): fetch maps newer than ours. Optional. */
	void (*need_map)(void *arg, uint32_t peer_epoch);
	/* An up peer's ping or reply carried an epoch older than ours: send
	 * it our map (OSD::handle_osd_ping's maybe_share_map). Optional. */
	void (*share_map)(void *arg, int32_t osd, uint32_t peer_epoch);
};

/* Creates the heartbeat client messenger (not bound) on base. */
int hb_new(struct event_base *base, const struct hb_config *cfg, const struct hb_ops *ops,
	   void *arg, struct hb **out);
void hb_free(struct hb *h);

/*
 * Callbacks for the hb_front and hb_back server messengers: create them
 * with msgr_new(base, ENTITY_TYPE_OSD, whoami, &hb_server_ops, h) and the
 * stateless-server policy.
 */
extern const struct msgr_ops hb_server_ops;

/*
 * The OSD's map changed, or its state did: up_from is the epoch we are up
 * since, 0 while we are not up (booting, marked down). m must stay valid
 * (it is read by the timers) until the next hb_update or hb_free; it may
 * change in place between calls as long as hb_update follows.
 */
void hb_update(struct hb *h, const struct osdmap *m, uint32_t up_from);
/* A new monitor session: failure reports still pending are sent again. */
void hb_mon_session(struct hb *h);
/* Shutting down: no more pings, replies or reports. */
void hb_stop(struct hb *h);

/* ---- introspection (logs, tests) ---- */
/* Current peers, ascending; returns the count (may exceed max). */
uint32_t hb_peers(const struct hb *h, int32_t *out, uint32_t max);
/* 1 if the peer is known and healthy (replies on both connections in time). */
int hb_peer_healthy(const struct hb *h, int32_t osd);
/* Failure reports sent and not withdrawn. */
uint32_t hb_failures_pending(const struct hb *h);
/* Our heartbeat client messenger (e.g. to give it the cluster auth policy). */
struct msgr *hb_client_msgr(const struct hb *h);
/* Test hook (osd_debug_drop_ping_*): ignore the next n pings received. */
void hb_debug_drop_pings(struct hb *h, uint32_t n);

/*
 * Peer selection alone (osd/heartbeat_peers.c): the peers classic would
 * keep given the current ones. cur may be NULL. seed drives the random
 * choice among subtrees. Returns the count and an ascending xmalloc'd array
 * in *out (free it), or a negative errno.
 */
int hb_choose_peers(const struct osdmap *m, int32_t whoami, uint32_t min_peers,
		    uint32_t min_down_reporters, const char *subtree_level,
		    const int32_t *cur, uint32_t ncur, uint32_t seed, int32_t **out);
/* The next / previous up OSD by id after/before osd, wrapping; -1 if none. */
int32_t hb_next_up_osd(const struct osdmap *m, int32_t osd);
int32_t hb_prev_up_osd(const struct osdmap *m, int32_t osd);

#endif
