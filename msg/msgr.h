/*
 * msgr.h — the msgr2 messenger: what mon/ and osd/ call.
 *
 * A messenger is one identity (entity type + number + nonce) on one libevent
 * event_base: its listeners, its table of connections, the policy for each
 * peer type, and the callbacks that receive messages. Everything runs on the
 * loop's thread; no function here blocks.
 *
 * Usage:
 *
 *	m = msgr_new(base, ENTITY_TYPE_OSD, 3, &ops, arg);
 *	msgr_set_policy(m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
 *	msgr_bind(m, &addr);                 (optional: clients need no listener)
 *	c = msgr_connect(m, &mon_addrs, ENTITY_TYPE_MON);
 *	conn_send(c, msg);                   (queued; written at the end of the
 *	                                      loop iteration, all frames in one
 *	                                      sendmsg)
 *	... ops.dispatch(arg, c, msg) for every message received, in order ...
 *	conn_mark_down(c); conn_put(c); msgr_free(m);
 *
 * msgr_free() must not be called from inside a callback. Drop every
 * connection reference and received message before freeing the event_base.
 *
 * Connections are refcounted. msgr_connect() and the connected/accepted
 * callbacks hand out borrowed pointers that stay valid until the reset
 * callback for that connection returns (or until conn_mark_down); take a
 * reference with conn_get() to keep one longer. A connection that was marked
 * down or reset never comes back: conn_send() on it frees the message.
 *
 * Policies (Ceph's Messenger::Policy):
 *   lossy client     — mon sessions, clients towards OSDs. One TCP session; on
 *                      any fault the connection is closed and ops.reset runs.
 *   stateless server — the accepting side of lossy sessions.
 *   lossless peer    — OSD<->OSD. Messages are kept until acked, the
 *                      connecting side reconnects (SESSION_RECONNECT) after a
 *                      fault and resends, the accepting side keeps the session.
 *   stateful server  — accepting side of lossless clients (resetcheck on).
 *
 * Messages received are charged to the connection's and the messenger's byte
 * and message throttles before their bytes are read; the charge is released
 * when the upper layer frees the message (msg_free). A connection whose charge
 * does not fit stops reading its socket until room is made.
 */
#ifndef OSDFARM_MSG_MSGR_H
#define OSDFARM_MSG_MSGR_H

#include <stdint.h>

#include "common/types.h"

struct event_base;
struct msg;
struct msgr;
struct conn;
struct auth_client;

struct msgr_policy {
	unsigned lossy:1;       /* no reconnect, no resend: fault = session reset */
	unsigned server:1;      /* never initiate a (re)connection to this peer */
	unsigned standby:1;     /* lossless: idle faults wait for traffic to reconnect */
	unsigned resetcheck:1;  /* answer an unknown reconnect with a full reset */
	uint64_t features_required;     /* CEPH_FEATURE_* the peer must have */
	uint64_t throttle_bytes;        /* per-connection receive budget, 0 = none */
	uint64_t throttle_msgs;
};

struct msgr_policy msgr_policy_lossy_client(void);
struct msgr_policy msgr_policy_stateless_server(void);
struct msgr_policy msgr_policy_lossless_peer(void);
struct msgr_policy msgr_policy_stateful_server(void);
struct msgr_policy msgr_policy_lossless_client(void);

struct msgr_ops {
	/* A message arrived, in order. Ownership passes: call msg_free() when done. */
	void (*dispatch)(void *arg, struct conn *c, struct msg *m);
	/* The handshake completed (READY). Both sides; conn_is_server() tells which. */
	void (*connected)(void *arg, struct conn *c);
	/*
	 * The session is gone: a lossy connection faulted or was closed by the
	 * peer, or a lossless session was reset by the peer (queued messages
	 * were dropped). Not called for conn_mark_down(). The connection is
	 * dead afterwards; drop the references you hold.
	 */
	void (*reset)(void *arg, struct conn *c);
	/*
	 * Optional, lossless sessions: the peer no longer knew our session
	 * (it restarted) and we start a new one on the same connection;
	 * messages not yet acked were dropped (Ceph's ms_handle_remote_reset).
	 */
	void (*remote_reset)(void *arg, struct conn *c);
	/* Optional: a KEEPALIVE2_ACK arrived carrying the stamp we sent. */
	void (*keepalive_ack)(void *arg, struct conn *c, const struct utime *stamp);
};

struct msgr_config {
	uint32_t ready_timeout_ms;      /* ms_connection_ready_timeout: 10 s */
	uint32_t idle_timeout_ms;       /* ms_connection_idle_timeout: 900 s */
	uint32_t initial_backoff_ms;    /* ms_initial_backoff: 0.2 s */
	uint32_t max_backoff_ms;        /* ms_max_backoff: 15 s */
	uint64_t throttle_bytes;        /* whole-messenger receive budget (100 MiB), 0 = none */
	uint64_t throttle_msgs;
	uint32_t max_frame_seg;         /* largest segment accepted (bytes) */
	int rev1;                       /* advertise msgr2.1 (1, default) or rev0 only (0) */
};

struct msgr *msgr_new(struct event_base *base, uint8_t my_type, int64_t my_num,
		      const struct msgr_ops *ops, void *arg);
/* Closes every connection and listener without calling ops.reset. */
void msgr_free(struct msgr *m);

/* Call before msgr_bind/msgr_connect. The defaults are Ceph's. */
void msgr_get_config(const struct msgr *m, struct msgr_config *cfg);
void msgr_set_config(struct msgr *m, const struct msgr_config *cfg);
/* Policy for peers of one entity type, and for all other types. */
void msgr_set_policy(struct msgr *m, uint8_t peer_type, struct msgr_policy p);
void msgr_set_default_policy(struct msgr *m, struct msgr_policy p);
/*
 * CEPH_FEATURE_* we advertise and what we require of every peer (defaults:
 * the Pacific mask and MSG_ADDR2). Policies add per-peer-type requirements;
 * an OSD raises them as the OSDMap demands.
 */
void msgr_set_features(struct msgr *m, uint64_t supported, uint64_t required);
/* Our process nonce (random by default; mons use 0). */
void msgr_set_nonce(struct msgr *m, uint32_t nonce);
/*
 * The authentication identity used when connecting (EntityName type + id
 * and the global id handed out by the mon). Default: our entity type, id =
 * decimal my_num, global_id 0. NONE is the only method for now.
 */
void msgr_set_auth_name(struct msgr *m, uint32_t type, const char *id, uint64_t global_id);
/*
 * Authentication methods and connection modes (crc, secure) to offer as a
 * client and accept as a server, in order of preference (NULL: none/crc),
 * and the key context of the methods (struct cephx_ctx for cephx; not
 * owned, must outlive the messenger's connections).
 */
struct auth_policy;
void msgr_set_auth(struct msgr *m, const struct auth_policy *p, void *keys);
/* What to accept as a server when it differs from what we offer as a client
 * (Ceph's auth_service_required/ms_service_mode vs auth_client_required/
 * ms_mon_client_mode). Call after msgr_set_auth (which resets it). */
void msgr_set_auth_server(struct msgr *m, const struct auth_policy *p);
/* The gid sent in CLIENT_IDENT / SERVER_IDENT (-1 for a fresh client). */
void msgr_set_gid(struct msgr *m, int64_t gid);
int64_t msgr_gid(const struct msgr *m);
/*
 * Global id assigned to incoming connections by a mon-like server (each new
 * session gets the next); 0 (default) echoes the id the client sent, as an
 * OSD does.
 */
void msgr_set_assign_global_ids(struct msgr *m, uint64_t first);

/*
 * Listen on addr (type MSGR2; port 0 lets the kernel choose). Each call adds
 * one listener and one entry to msgr_addrs(), e.g. public, cluster, hb.
 */
int msgr_bind(struct msgr *m, const struct entity_addr *addr);
/* Our addresses: what msgr_bind gave, with our nonce; learned from a peer's HELLO otherwise. */
const struct entity_addrvec *msgr_addrs(const struct msgr *m);

/*
 * The connection to peer (first MSGR2 address is dialled), creating and
 * starting it if there is none. peer_type is the entity type we expect there.
 * Never NULL: connect errors surface as ops.reset (lossy) or retries (lossless).
 */
struct conn *msgr_connect(struct msgr *m, const struct entity_addrvec *peer, uint8_t peer_type);

/* ---- connections ---- */
struct conn *conn_get(struct conn *c);
void conn_put(struct conn *c);
/* Queue a message (takes ownership). Sent at the end of this loop iteration. */
int conn_send(struct conn *c, struct msg *m);
/* Queue a KEEPALIVE2 carrying the current time. */
void conn_send_keepalive(struct conn *c);
/* Close now, drop queued messages; no ops.reset. Idempotent. */
void conn_mark_down(struct conn *c);
/* The peer's messenger name: (type from HELLO, gid from IDENT). */
struct entity_name conn_peer_name(const struct conn *c);
const struct entity_addrvec *conn_peer_addrs(const struct conn *c);
/* Negotiated CEPH_FEATURE_* bits (ours & the peer's); 0 before READY. */
uint64_t conn_features(const struct conn *c);
int conn_is_ready(const struct conn *c);
int conn_is_server(const struct conn *c);
int conn_is_lossy(const struct conn *c);
/* The global_id assigned in AUTH_DONE (client side), or the peer's (server side). */
uint64_t conn_global_id(const struct conn *c);
/* Server side with cephx: the caps string for our service from the peer's
 * ticket (NULL if none) and its allow_all flag. */
const char *conn_peer_caps(const struct conn *c, int *allow_all);
/* Server side: the AUTH_METHOD_* the peer authenticated with (0 before). */
uint32_t conn_auth_method(const struct conn *c);
void conn_set_priv(struct conn *c, void *priv);
void *conn_priv(const struct conn *c);
struct msgr *conn_msgr(const struct conn *c);
/*
 * Why the last connection attempt failed: a negative errno from connect()
 * (-ECONNREFUSED: nothing listens there any more), 0 if none failed. Valid
 * in ops.reset, e.g. to tell a dead peer from a slow one.
 */
int conn_connect_error(const struct conn *c);

#endif
