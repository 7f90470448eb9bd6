/*
 * conn.h — one msgr2 connection, as the files of msg/ see it.
 *
 * The public operations on a connection (conn_send, conn_get, ...) are
 * declared in msgr.h; this header holds the structure and the functions that
 * msgr.c, conn.c and conn_handshake.c share. Nothing above msg/ includes it.
 *
 * A struct conn is a session with one peer. Its socket may change: a
 * lossless session survives TCP faults (the connecting side reconnects with
 * SESSION_RECONNECT; on the accepting side the new socket is moved into the
 * existing struct conn), a lossy one dies with its socket.
 */
#ifndef OSDFARM_MSG_CONN_H
#define OSDFARM_MSG_CONN_H

#include <stdint.h>
#include <sys/time.h>

#include "common/buf.h"
#include "common/types.h"
#include "msg/auth.h"
#include "msg/frame.h"
#include "msg/msgr.h"
#include "msg/throttle.h"

struct event;
struct msg;

enum conn_state {
	CONN_NONE,              /* created, nothing started */
	CONN_CONNECTING,        /* client: TCP connect in progress */
	CONN_BANNER,            /* banner sent; reading the peer's */
	CONN_HELLO,             /* HELLO sent; waiting for the peer's */
	CONN_AUTH,              /* client: AUTH_REQUEST sent; server: waiting for it */
	CONN_AUTH_SIGN,         /* waiting for the peer's AUTH_SIGNATURE */
	CONN_SESSION,           /* client: IDENT/RECONNECT sent; server: waiting for it */
	CONN_READY,
	CONN_STANDBY,           /* lossless session without a socket */
	CONN_CLOSED             /* dead: marked down or reset */
};

/* A FIFO of messages (ring of pointers; grows, never shrinks). */
struct msgq {
	struct msg **v;
	uint32_t head, n, cap;
};

struct conn {
	struct msgr *msgr;
	uint32_t refs;
	enum conn_state state;
	unsigned server:1;              /* we accepted this connection */
	unsigned rev1:1;                /* msgr2.1 framing on the current socket */
	unsigned in_table:1;            /* listed in msgr's session table */
	unsigned connected_cb:1;        /* ops.connected ran for this session */
	unsigned keepalive_pending:1;   /* send a KEEPALIVE2 at the next flush */
	unsigned ka_ack_pending:1;      /* send a KEEPALIVE2_ACK at the next flush */
	unsigned dirty:1;               /* on the messenger's flush list */
	unsigned reading_paused:1;      /* throttled: EV_READ removed */
	unsigned charged:1;             /* the pending MESSAGE frame holds a throttle charge */
	unsigned banner_done:1;

	struct msgr_policy policy;
	int fd;
	struct event *ev_read, *ev_write, *ev_timer;
	struct timeval last_active;     /* last byte received (idle timeout) */
	uint32_t backoff_ms;            /* lossless reconnect backoff */
	int last_err;                   /* a connect() that failed at once */

	/* who */
	uint8_t peer_type;              /* expected (client) / from HELLO (server) */
	int64_t peer_gid;
	struct entity_addrvec peer_addrs;       /* client: what we dial; server: CLIENT_IDENT addrs */
	struct entity_addr target;      /* client: the address dialled */
	struct entity_addr sock_peer;   /* the socket's remote address */
	uint64_t features;              /* negotiated CEPH_FEATURE_* */

	/* auth */
	struct auth_client ac;
	struct auth_server as;
	unsigned ac_init:1, as_init:1;
	uint64_t global_id;             /* from AUTH_DONE (either side) */
	struct frame_auth_request auth_req;     /* server: method/modes of the last request */
	unsigned record:1;              /* recording pre-auth bytes */
	struct buf rec_rx, rec_tx;
	struct frame_secure sec;        /* secure mode keys of this socket (frame.h) */
	char *peer_caps;                /* server: the peer's caps from its cephx ticket */
	uint8_t peer_allow_all;
	uint8_t peer_auth_method;       /* server: AUTH_METHOD_* the peer used */

	/* session (Ceph's ProtocolV2 names) */
	uint64_t client_cookie, server_cookie;
	uint64_t global_seq;            /* ours, for this connection attempt */
	uint64_t peer_global_seq;
	uint64_t connect_seq;
	uint64_t out_seq;               /* last seq given to an outgoing message */
	uint64_t in_seq;                /* last seq received in order */
	uint64_t ack_sent;              /* in_seq last told to the peer */

	/* outgoing: q[0..nsent) were framed and await an ack (lossless),
	 * the rest are still to be sent */
	struct msgq q;
	uint32_t nsent;
	struct utime ka_ack_stamp;
	struct buf tx;                  /* framed bytes not yet written */

	/* incoming */
	struct buf rx;                  /* received bytes not yet parsed */
	struct buf_seg *rx_seg;         /* segment being filled by read() */
	uint32_t rx_fill;
	struct buf rx_body, rx_segs[FRAME_MAX_SEGMENTS];  /* scratch, kept for reuse */
	struct frame_preamble pre;      /* parsed preamble of the pending frame */
	unsigned have_pre:1;
	uint64_t charge_bytes;
	struct throttle throttle_bytes, throttle_msgs;   /* per connection */
	struct throttle_waiter twait;

	void *priv;
	struct conn *next, *prev;       /* msgr's list of all connections */
	struct conn *dirty_next;
};

/* The messenger (fields private to msg/). */
struct msgr {
	struct event_base *base;
	uint8_t my_type;
	int64_t my_num;
	int64_t gid;
	uint32_t nonce;
	const struct msgr_ops *ops;
	void *arg;
	struct msgr_config cfg;
	struct msgr_policy policy[256];         /* by peer entity type */
	uint8_t policy_set[256];
	struct msgr_policy default_policy;
	uint64_t supported, required;           /* CEPH_FEATURE_* */

	struct entity_addrvec addrs;
	int nlisten;
	int lfd[ENTITY_ADDRVEC_MAX];
	struct event *lev[ENTITY_ADDRVEC_MAX];

	struct conn *conns;                     /* every live connection */
	struct conn *dirty;                     /* to flush at the end of the iteration */
	struct event *flush_ev;
	uint64_t global_seq;
	struct throttle throttle_bytes, throttle_msgs;

	struct auth_policy auth_policy;
	struct auth_policy auth_server_policy;  /* accepted from peers (default: auth_policy) */
	struct auth_name auth_name;
	uint64_t auth_global_id;
	uint64_t next_global_id;                /* 0: echo the client's */
	void *auth_keys;                        /* method key context (struct cephx_ctx) */
	int freeing;
};

/* msgr.c, for the connection code */
const struct msgr_policy *msgr_policy_for(const struct msgr *m, uint8_t peer_type);
uint64_t msgr_next_global_seq(struct msgr *m, uint64_t above);
/* The peer told us our address (HELLO): adopt its IP if we have no address yet. */
void msgr_learn_addr(struct msgr *m, const struct entity_addr *seen);
/* 1 if a is one of our own addresses (type, nonce, sockaddr). */
int msgr_is_my_addr(const struct msgr *m, const struct entity_addr *a);
/* The lossless session (other than except) with a peer at these addresses. */
struct conn *msgr_find_session(struct msgr *m, const struct entity_addrvec *addrs,
			       const struct conn *except);
void msgr_unlink_conn(struct msgr *m, struct conn *c);

/* conn.c */
struct conn *conn_alloc(struct msgr *m, int server);
/* Start the TCP connect of a client connection (new session or reconnect). */
void conn_start_connect(struct conn *c);
/* Take over an accepted socket. */
void conn_start_accept(struct conn *c, int fd);
/* The socket failed or the peer broke the protocol: log reason, then recover or die. */
void conn_fault(struct conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Kill the session for good; with notify, call ops.reset. */
void conn_close(struct conn *c, int notify);
/* The messenger is being freed: c may outlive it (held by messages). */
void conn_detach_msgr(struct conn *c);
/* Write everything queued (called by the messenger's end-of-loop flush). */
void conn_flush(struct conn *c);
/* Ask for conn_flush at the end of this loop iteration. */
void conn_mark_dirty(struct conn *c);
/* Queue one control frame (payload already encoded). */
void conn_queue_ctl(struct conn *c, uint8_t tag, struct buf *payload);
/* Frame one MESSAGE / control frame into c->tx in the socket's mode (crc or secure). */
void conn_frame_msg(struct conn *c, const struct msg *m);
void conn_frame_ctl(struct conn *c, uint8_t tag, const struct buf *payload);
/* Requeue every unacked message for resending (after a reconnect). */
void conn_requeue_sent(struct conn *c);
/* Drop acked messages (seq <= seq). */
void conn_handle_ack(struct conn *c, uint64_t seq);
/* Drop every queued message and reset the sequence numbers. */
void conn_discard_queue(struct conn *c);
/* The handshake finished: READY, timers, ops.connected. */
void conn_set_ready(struct conn *c);
/* Move the socket of src (an accepted connection) into dst (an existing session). */
void conn_steal_socket(struct conn *dst, struct conn *src);
void conn_arm_timer(struct conn *c, uint32_t ms);
const char *conn_state_name(enum conn_state s);
/* "osd.3 v2:127.0.0.1:6800/12" for logs (static buffer, one per call site use). */
const char *conn_desc(const struct conn *c);

/* conn_recv.c */
/* libevent callback of c->ev_read (evutil_socket_t is int on our platforms). */
void conn_read_cb(int fd, short what, void *arg);
void conn_throttle_wake(struct throttle_waiter *w);
/* Return a frame's throttle charge that will not be delivered. */
void conn_uncharge(struct conn *c);

/* conn_handshake.c */
/* Our banner + (after the peer's banner) the handshake frames. */
void conn_hs_start(struct conn *c);
/* Consume the peer's banner from c->rx; 0 = need more, 1 = done, <0 = fault. */
int conn_hs_banner(struct conn *c);
/* Handle one checked control frame outside READY (and WAIT etc.). 0 or -errno (fault). */
int conn_hs_frame(struct conn *c, uint8_t tag, struct buf *payload);
/* Release handshake-only state (auth, records). */
void conn_hs_reset(struct conn *c);

#endif
