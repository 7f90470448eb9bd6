/*
 * monc.h — the mon client: one session with one monitor at a time, as
 * Ceph's MonClient keeps it (src/mon/MonClient.{h,cc}).
 *
 * It picks a monitor from the initial list (mon_host) or, once it has one,
 * the monmap; connects through a messenger the caller owns (an OSD connects
 * from its public messenger so CLIENT_IDENT carries the public addrvec);
 * authenticates through msg/auth.h (NONE today); and when the session is
 * up sends MMonGetMap and every wanted subscription, re-sends unanswered
 * commands and version queries, then tells the caller (ops.session).
 *
 * Failures: a session that does not come up within the hunt interval, a
 * reset, or a monitor that stops answering keepalives makes it drop the
 * connection and hunt: try the next monitor after a backoff that doubles
 * from backoff_min to backoff_max, with +-25 % jitter. Subscriptions and
 * pending commands survive a reconnect.
 *
 * The caller routes its messenger callbacks here: monc_handle_connected /
 * _reset / _dispatch / _keepalive_ack return 1 when the connection was the
 * mon session (the event is then consumed), 0 otherwise.
 *
 * Messages monc does not handle itself (MOSDMap, MOSDPGCreate2, an
 * MOSDMarkMeDown reply, ...) go to ops.dispatch; MMonMap, MConfig (logged
 * and ignored), MMonSubscribeAck, MMonGetVersionReply, MMonCommandAck
 * and MLogAck are consumed; MMgrMap goes to ops.dispatch (a mgr client's).
 */
#ifndef OSDFARM_MON_MONC_H
#define OSDFARM_MON_MONC_H

#include <stdint.h>

#include "common/buf.h"
#include "common/types.h"
#include "mon/mon_msgs.h"
#include "mon/monmap.h"

struct event_base;
struct msgr;
struct conn;
struct msg;
struct monc;

struct monc_config {
	/* Monitors to try first (mon_host); monc copies them. */
	const struct entity_addrvec *mons;
	unsigned nmons;
	/* Cluster fsid from ceph.conf; zero = learn it from the first monmap. */
	struct uuid fsid;
	const char *hostname;           /* sent in MMonSubscribe (copied) */
	uint32_t hunt_interval_ms;      /* mon_client_hunt_interval: 3 s */
	uint32_t backoff_min_ms;        /* first reconnect delay: 250 ms */
	uint32_t backoff_max_ms;        /* cap: 5 s */
	uint32_t ping_interval_ms;      /* mon_client_ping_interval: 10 s */
	uint32_t ping_timeout_ms;       /* mon_client_ping_timeout: 30 s */
};
void monc_config_default(struct monc_config *cfg);

struct monc_ops {
	/* A mon message monc does not handle; ownership passes (msg_free). */
	void (*dispatch)(void *arg, struct msg *m);
	/* A session became ready (first or after a reconnect). Optional. */
	void (*session)(void *arg);
	/* A new monmap was accepted. Optional. */
	void (*monmap)(void *arg, const struct monmap *mm);
	/* cephx: the rotating secrets arrived for the first time, so
	 * monc_auth_ready() is now 1 (a service may boot). Optional. */
	void (*auth_ready)(void *arg);
};

/*
 * mr must be on the caller's event loop; monc sets the lossy-client policy
 * for MON peers on it. -EINVAL if no configured monitor has a v2 address.
 */
int monc_new(struct msgr *mr, struct event_base *base, const struct monc_config *cfg,
	     const struct monc_ops *ops, void *arg, struct monc **out);
/* Closes the session; pending commands are dropped without callbacks. */
void monc_free(struct monc *mc);
/* Start hunting (connect to a random monitor). */
void monc_start(struct monc *mc);
/* Close the session and stop reconnecting (shutdown). */
void monc_stop(struct monc *mc);

/* Messenger callbacks to route here (see above). */
int monc_handle_connected(struct monc *mc, struct conn *c);
int monc_handle_reset(struct monc *mc, struct conn *c);
int monc_handle_dispatch(struct monc *mc, struct conn *c, struct msg *m);
int monc_handle_keepalive_ack(struct monc *mc, struct conn *c);

int monc_is_ready(const struct monc *mc);
/* Incremented for every session that became ready. */
uint64_t monc_session_id(const struct monc *mc);
/* Known fsid (from the config or the monmap), or NULL. */
const struct uuid *monc_fsid(const struct monc *mc);
/* Current monmap (epoch 0 and no mons before the first one arrives). */
const struct monmap *monc_monmap(const struct monc *mc);
/* Send on the session (takes ownership). -ENOTCONN (message freed) without one. */
int monc_send(struct monc *mc, struct msg *m);

/*
 * Subscriptions (MonClient's MonSub): want = set start/flags (returns 1 if
 * that changed something to send); want_increment = only move start
 * forward; got = we now have `have` (a ONETIME subscription is done once
 * have >= start, a continuous one moves on to have + 1); renew = send what
 * changed. On a new session every subscription is sent again.
 */
int monc_sub_want(struct monc *mc, const char *what, uint64_t start, uint8_t flags);
int monc_sub_want_increment(struct monc *mc, const char *what, uint64_t start,
			    uint8_t flags);
void monc_sub_got(struct monc *mc, const char *what, uint64_t have);
void monc_sub_unwant(struct monc *mc, const char *what);
void monc_renew_subs(struct monc *mc);

/*
 * A monitor command (one JSON string). cb gets the result code, the status
 * string and the output (the reply's data segment; borrowed). The command
 * is sent once the session is up and the fsid known, and re-sent on every
 * new session until answered. Returns the tid.
 */
typedef void (*monc_command_cb)(void *arg, int r, const char *rs, const struct buf *out);
uint64_t monc_command(struct monc *mc, const char *json, monc_command_cb cb, void *arg);
/* The same with an input (the data segment, e.g. `osd new`'s secrets JSON;
 * copied, wiped when done). */
uint64_t monc_command_data(struct monc *mc, const char *json, const char *data,
			   monc_command_cb cb, void *arg);
/* Forget a pending command (its callback will not run). */
void monc_command_cancel(struct monc *mc, uint64_t tid);
unsigned monc_commands_pending(const struct monc *mc);

/* MMonGetVersion: newest and oldest committed version of "osdmap" etc. */
typedef void (*monc_version_cb)(void *arg, uint64_t newest, uint64_t oldest);
void monc_get_version(struct monc *mc, const char *what, monc_version_cb cb, void *arg);

/*
 * cephx upkeep on the session (mon/monc_auth.h): renew cx's tickets and,
 * with rotating, keep the rotating secrets of cx's service type. cx must be
 * the key context the messenger authenticates with (msgr_set_auth); not
 * owned. NULL turns it off.
 */
struct cephx_ctx;
void monc_set_cephx(struct monc *mc, struct cephx_ctx *cx, int rotating);
/* 1 without cephx or once the rotating secrets have arrived. */
int monc_auth_ready(const struct monc *mc);

#endif
