/*
 * monc_auth.h — cephx upkeep on an established mon session: the MAuth /
 * MAuthReply messages and the logic that decides when to send them.
 *
 * After the msgr2 handshake the mon session holds the tickets AUTH_DONE
 * carried. Like Ceph's MonClient (_check_auth_tickets, _check_auth_rotating)
 * this renews the AUTH ticket and the service tickets before they expire
 * and, for a service daemon (an OSD), fetches the rotating secrets of its
 * service type so that it can verify its clients' authorizers. Every
 * request travels in an MAuth (protocol 2) and the answer in an MAuthReply
 * whose result_bl holds the cephx response (msg/auth_cephx.h).
 *
 * monc.c calls monc_auth_poll() when a session becomes ready, on every
 * tick and after each reply; it sends what that returns.
 */
#ifndef OSDFARM_MON_MONC_AUTH_H
#define OSDFARM_MON_MONC_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

struct msg;
struct cephx_ctx;

/* ---- MAuth (17, v1): paxos hdr, u32 protocol, bufferlist payload, u32 monmap_epoch ---- */
struct msg *mon_msg_auth(uint32_t protocol, const struct buf *payload, uint32_t monmap_epoch);

/* ---- MAuthReply (18): u32 protocol, s32 result, u64 global_id,
 *      bufferlist result_bl, string result_msg (src/messages/MAuthReply.h) ---- */
struct mon_auth_reply {
	uint32_t protocol;
	int32_t result;
	uint64_t global_id;
	const uint8_t *bl;              /* points into the decoded front */
	uint32_t bl_len;
	char msg[128];                  /* truncated */
};
int mon_auth_reply_decode(const void *p, size_t len, struct mon_auth_reply *r);
/* For tests and mock monitors. */
struct msg *mon_msg_auth_reply(uint32_t protocol, int32_t result, uint64_t global_id,
			       const struct buf *bl, const char *text);

/* ---- upkeep ---- */
struct monc_auth;

/* cx is not owned. rotating: also keep the rotating secrets of cx's own
 * service type (a daemon that serves authorizers). */
struct monc_auth *monc_auth_new(struct cephx_ctx *cx, int rotating);
void monc_auth_free(struct monc_auth *ma);
/* A new mon session: forget requests sent on the previous one. */
void monc_auth_reset(struct monc_auth *ma);
/*
 * The next MAuth to send at time now (seconds, utime clock), or NULL when
 * nothing is due or a request is still unanswered (one at a time; an
 * answer that does not come within 10 s is given up on).
 */
struct msg *monc_auth_poll(struct monc_auth *ma, double now, uint32_t monmap_epoch);
/* An MAuthReply front. 0 when handled (tickets/secrets updated), or a
 * negative errno (logged). */
int monc_auth_handle_reply(struct monc_auth *ma, const void *front, size_t len);
/* Whether the rotating secrets have arrived at least once. */
int monc_auth_have_rotating(const struct monc_auth *ma);

#endif
