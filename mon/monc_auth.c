/*
 * monc_auth.c — MAuth/MAuthReply and the cephx ticket and rotating-secret
 * upkeep of a mon session (see monc_auth.h).
 *
 * Order of what is asked for, one request at a time, as MonClient does it:
 * the AUTH ticket when it is due for renewal (everything else is encrypted
 * with its session key), then the rotating secrets of our service, then
 * the service tickets (mon, osd, mgr) that are missing or due.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/enc.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/types.h"
#include "mon/mon_msgs.h"
#include "mon/monc_auth.h"
#include "msg/auth.h"
#include "msg/auth_cephx.h"
#include "msg/message.h"
#include "msg/message_types.h"

/* An unanswered request is given up on after this long (s). */
#define MONC_AUTH_TIMEOUT 10.0
/* Never ask for rotating secrets more often than this (s). */
#define MONC_ROTATING_MIN_INTERVAL 5.0

struct msg *
mon_msg_auth(uint32_t protocol, const struct buf *payload, uint32_t monmap_epoch)
{
	/* PaxosServiceMessage(CEPH_MSG_AUTH, 0): header version 1, compat 0 */
	struct msg *m = mon_msg_new(CEPH_MSG_AUTH, 1, 0);

	paxos_hdr_encode(&m->front, 0);
	enc_u32(&m->front, protocol);
	enc_buf(&m->front, payload);
	enc_u32(&m->front, monmap_epoch);
	return m;
}

int
mon_auth_reply_decode(const void *p, size_t len, struct mon_auth_reply *r)
{
	const uint8_t *s;
	uint32_t slen;
	struct dec d;

	memset(r, 0, sizeof(*r));
	dec_init(&d, p, len);
	dec_u32(&d, &r->protocol);
	dec_s32(&d, &r->result);
	dec_u64(&d, &r->global_id);
	if (d.err || dec_string(&d, &r->bl, &r->bl_len) != 0)
		return -EBADMSG;
	if (dec_string(&d, &s, &slen) != 0)
		return -EBADMSG;
	if (slen >= sizeof(r->msg))
		slen = sizeof(r->msg) - 1;
	memcpy(r->msg, s, slen);
	r->msg[slen] = 0;
	return 0;
}

struct msg *
mon_msg_auth_reply(uint32_t protocol, int32_t result, uint64_t global_id,
		   const struct buf *bl, const char *text)
{
	struct msg *m = mon_msg_new(CEPH_MSG_AUTH_REPLY, 1, 0);

	enc_u32(&m->front, protocol);
	enc_s32(&m->front, result);
	enc_u64(&m->front, global_id);
	if (bl)
		enc_buf(&m->front, bl);
	else
		enc_u32(&m->front, 0);
	enc_cstr(&m->front, text ? text : "");
	return m;
}

/* ---- upkeep ---- */

struct monc_auth {
	struct cephx_ctx *cx;
	int rotating;
	int inflight;                   /* CEPHX_* request type awaiting its reply, 0 none */
	double sent_at;
	double rot_asked;               /* last rotating request (0: never) */
};

struct monc_auth *
monc_auth_new(struct cephx_ctx *cx, int rotating)
{
	struct monc_auth *ma = xcalloc(1, sizeof(*ma));

	ma->cx = cx;
	ma->rotating = rotating;
	return ma;
}

void
monc_auth_free(struct monc_auth *ma)
{
	free(ma);
}

void
monc_auth_reset(struct monc_auth *ma)
{
	ma->inflight = 0;
	ma->sent_at = 0;
	ma->rot_asked = 0;
}

int
monc_auth_have_rotating(const struct monc_auth *ma)
{
	return ma->cx->nrot > 0;
}

static struct msg *
wrap(struct monc_auth *ma, struct buf *payload, int type, double now, uint32_t epoch)
{
	struct msg *m = mon_msg_auth(AUTH_METHOD_CEPHX, payload, epoch);

	buf_free(payload);
	ma->inflight = type;
	ma->sent_at = now;
	log_debug(LOG_MON, 10, "monc: cephx request 0x%04x (MAuth)", type);
	return m;
}

struct msg *
monc_auth_poll(struct monc_auth *ma, double now, uint32_t monmap_epoch)
{
	struct cephx_ctx *cx = ma->cx;
	struct buf b = BUF_INIT;
	uint32_t need;
	int r;

	if (ma->inflight) {
		if (now - ma->sent_at < MONC_AUTH_TIMEOUT)
			return NULL;
		log_info(LOG_MON, "monc: no answer to cephx request 0x%04x, asking again",
			 ma->inflight);
		ma->inflight = 0;
	}
	need = cephx_need(cx, now);
	if (need & ENTITY_TYPE_AUTH) {
		if ((r = cephx_build_renewal(cx, &b)) == 0)
			return wrap(ma, &b, CEPHX_GET_AUTH_SESSION_KEY, now, monmap_epoch);
		buf_free(&b);
		log_error(LOG_MON, "monc: cannot build the cephx renewal: %s", strerror(-r));
		return NULL;
	}
	if (ma->rotating && cephx_rotating_need(cx, now) &&
	    (ma->rot_asked == 0 || now - ma->rot_asked >= MONC_ROTATING_MIN_INTERVAL)) {
		cephx_build_rotating_request(&b);
		ma->rot_asked = now;
		return wrap(ma, &b, CEPHX_GET_ROTATING_KEY, now, monmap_epoch);
	}
	/* like CephxClientHandler::need_tickets: the MGR ticket alone waits */
	if (need == 0 || need == ENTITY_TYPE_MGR)
		return NULL;
	r = cephx_build_service_request(cx, need, &b);
	if (r == 0)
		return wrap(ma, &b, CEPHX_GET_PRINCIPAL_SESSION_KEY, now, monmap_epoch);
	buf_free(&b);
	log_error(LOG_MON, "monc: cannot build a cephx ticket request: %s", strerror(-r));
	return NULL;
}

int
monc_auth_handle_reply(struct monc_auth *ma, const void *front, size_t len)
{
	struct mon_auth_reply rep;
	int r, was = ma->inflight;

	ma->inflight = 0;
	if ((r = mon_auth_reply_decode(front, len, &rep)) < 0) {
		log_error(LOG_MON, "monc: malformed MAuthReply (%zu bytes)", len);
		return r;
	}
	if (rep.protocol != AUTH_METHOD_CEPHX) {
		log_error(LOG_MON, "monc: MAuthReply for auth protocol %u, we use cephx",
			  rep.protocol);
		return -EPROTO;
	}
	if (rep.result < 0) {
		log_error(LOG_MON, "monc: cephx request 0x%04x refused: %s%s%s", was,
			  strerror(-rep.result), rep.msg[0] ? ": " : "", rep.msg);
		return rep.result;
	}
	r = cephx_handle_reply(ma->cx, rep.bl, rep.bl_len);
	if (r < 0) {
		log_error(LOG_MON, "monc: cannot use the cephx reply to request 0x%04x: %s", was,
			  strerror(-r));
		return r;
	}
	if (r == CEPHX_GET_ROTATING_KEY)
		log_info(LOG_MON, "monc: %u rotating secrets for the %s service", ma->cx->nrot,
			 entity_type_name((uint8_t)ma->cx->name.type));
	else
		log_debug(LOG_MON, 5, "monc: cephx tickets renewed (request 0x%04x)", r);
	return 0;
}
