/*
 * conn_handshake.c — the msgr2 handshake of one connection, both sides:
 * banner, HELLO, AUTH (via msg/auth.h), AUTH_SIGNATURE, then CLIENT_IDENT /
 * SERVER_IDENT for a new session or SESSION_RECONNECT and its answers for a
 * lossless one (docs/ceph-wire/01-msgr2.md §3-8; the order of checks follows
 * src/msg/async/ProtocolV2.cc, handle_client_ident, handle_reconnect and
 * handle_existing_connection).
 *
 * Every handler returns 0 or a negative errno; the caller (conn.c) turns an
 * error into a fault, which closes the socket with a logged reason.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "common/log.h"
#include "msg/conn.h"
#include "msg/features.h"
#include "msg/frames_ctl.h"
#include "msg/message.h"

static uint64_t
hs_random_cookie(void)
{
	uint64_t v = 0;

	while (v == 0)
		v = ((uint64_t)arc4random() << 32) | arc4random();
	return v;
}

void
conn_hs_reset(struct conn *c)
{
	if (c->ac_init)
		auth_client_destroy(&c->ac);
	if (c->as_init)
		auth_server_destroy(&c->as);
	c->ac_init = c->as_init = 0;
	c->record = 0;
	buf_free(&c->rec_rx);
	buf_free(&c->rec_tx);
}

static int
hs_needs_record(const struct msgr *m, int server)
{
	const struct auth_policy *p = server ? &m->auth_server_policy : &m->auth_policy;
	uint32_t i;

	for (i = 0; i < p->nmethods; i++)
		if (p->methods[i] != AUTH_METHOD_NONE)
			return 1;
	return 0;
}

void
conn_hs_start(struct conn *c)
{
	struct msgr *m = c->msgr;
	uint64_t sup = m->cfg.rev1 ? MSGR2_FEATURE_REVISION_1 : 0;

	conn_hs_reset(c);
	frame_secure_clear(&c->sec);
	c->record = hs_needs_record(m, c->server);
	c->banner_done = 0;
	c->have_pre = 0;
	c->state = CONN_BANNER;
	frame_banner_build(&c->tx, sup, MSGR2_REQUIRED_FEATURES);
	if (c->record)
		buf_slice(&c->tx, 0, c->tx.len, &c->rec_tx);
	conn_mark_dirty(c);
}

static void
hs_send_hello(struct conn *c)
{
	struct buf p = BUF_INIT;
	struct frame_hello h;

	h.entity_type = c->msgr->my_type;
	if (c->server) {
		/* How we see the client: its socket address, nonce 0 (ProtocolV2). */
		h.peer_addr = c->sock_peer;
		h.peer_addr.type = ENTITY_ADDR_MSGR2;
		h.peer_addr.nonce = 0;
	} else {
		h.peer_addr = c->target;
	}
	frame_hello_encode(&p, &h);
	conn_queue_ctl(c, FRAME_TAG_HELLO, &p);
	buf_free(&p);
}

int
conn_hs_banner(struct conn *c)
{
	struct msgr *m = c->msgr;
	uint8_t head[FRAME_BANNER_HEAD_LEN];
	uint64_t sup, req, my_sup = m->cfg.rev1 ? MSGR2_FEATURE_REVISION_1 : 0;
	uint16_t plen;
	const uint8_t *p;
	int err;

	if (c->rx.len < FRAME_BANNER_HEAD_LEN)
		return 0;
	buf_copy_out(&c->rx, 0, FRAME_BANNER_HEAD_LEN, head);
	if ((err = frame_banner_parse_head(head, &plen)) < 0)
		return err;
	if (c->rx.len < (size_t)FRAME_BANNER_HEAD_LEN + plen)
		return 0;
	p = buf_contig(&c->rx, FRAME_BANNER_HEAD_LEN, plen);
	if ((err = frame_banner_parse_payload(p, plen, &sup, &req)) < 0)
		return err;
	if (c->record)
		buf_slice(&c->rx, 0, FRAME_BANNER_HEAD_LEN + plen, &c->rec_rx);
	buf_consume(&c->rx, FRAME_BANNER_HEAD_LEN + plen);
	if (req & ~my_sup) {
		log_error(LOG_MS, "conn %s: peer requires msgr2 features %#llx we lack",
			  conn_desc(c), (unsigned long long)(req & ~my_sup));
		return -EPROTO;
	}
	/* rev1 iff the peer offers it and we do (each side decides alike). */
	c->rev1 = (sup & MSGR2_FEATURE_REVISION_1) && m->cfg.rev1;
	c->banner_done = 1;
	c->state = CONN_HELLO;
	hs_send_hello(c);
	return 1;
}

static int
hs_send_auth_request(struct conn *c)
{
	struct buf payload = BUF_INIT, p = BUF_INIT;
	struct frame_auth_request f;
	int err;

	err = auth_client_build_request(&c->ac, &payload, &f);
	if (err == 0) {
		frame_auth_request_encode(&p, &f);
		conn_queue_ctl(c, FRAME_TAG_AUTH_REQUEST, &p);
	}
	buf_free(&payload);
	buf_free(&p);
	return err;
}

static int
hs_hello(struct conn *c, struct dec *d)
{
	struct msgr *m = c->msgr;
	const struct msgr_policy *pol;
	struct frame_hello h;
	char a[96];
	int err;

	if ((err = frame_hello_decode(d, &h)) < 0)
		return err;
	if (!c->server) {
		if (c->peer_type != ENTITY_TYPE_ANY && h.entity_type != c->peer_type) {
			log_error(LOG_MS, "conn %s: peer is a %s, expected a %s", conn_desc(c),
				  entity_type_name(h.entity_type),
				  entity_type_name(c->peer_type));
			return -EPROTO;
		}
		c->peer_type = h.entity_type;
		msgr_learn_addr(m, &h.peer_addr);
		err = auth_client_init(&c->ac, &m->auth_policy,
				       c->peer_type == ENTITY_TYPE_MON ? AUTH_MODE_MON :
				       AUTH_MODE_AUTHORIZER, &m->auth_name, m->auth_global_id);
		if (err < 0)
			return err;
		c->ac.keys = m->auth_keys;
		c->ac.peer_type = c->peer_type;
		c->ac_init = 1;
		c->state = CONN_AUTH;
		return hs_send_auth_request(c);
	}
	c->peer_type = h.entity_type;
	pol = msgr_policy_for(m, h.entity_type);
	c->policy = *pol;
	throttle_set_max(&c->throttle_bytes, pol->throttle_bytes);
	throttle_set_max(&c->throttle_msgs, pol->throttle_msgs);
	auth_server_init(&c->as, &m->auth_server_policy, h.entity_type);
	c->as.keys = m->auth_keys;
	c->as.accept_mon_mode = m->my_type == ENTITY_TYPE_MON;
	c->as_init = 1;
	c->state = CONN_AUTH;
	entity_addr_format(&h.peer_addr, a, sizeof(a));
	log_debug(LOG_MS, 10, "conn %s: hello from a %s that sees us at %s", conn_desc(c),
		  entity_type_name(h.entity_type), a);
	return 0;
}

static void
hs_send_signature(struct conn *c, const struct auth_session *s,
		  const struct auth_method_ops *ops)
{
	struct frame_auth_signature sig;
	struct buf p = BUF_INIT;

	auth_sign(s, ops, &c->rec_rx, sig.sig);
	frame_auth_signature_encode(&p, &sig);
	conn_queue_ctl(c, FRAME_TAG_AUTH_SIGNATURE, &p);
	buf_free(&p);
}

/* After AUTH_DONE: switch this socket to secure mode if that was chosen. */
static int
hs_start_secure(struct conn *c, const struct auth_session *s)
{
	int err;

	frame_secure_clear(&c->sec);
	if (s->con_mode == CON_MODE_CRC)
		return 0;
	if (s->con_mode != CON_MODE_SECURE)
		return -EOPNOTSUPP;
	err = frame_secure_init(&c->sec, s->connection_secret, s->connection_secret_len,
				c->server, c->rev1);
	if (err < 0)
		log_error(LOG_MS, "conn %s: cannot start secure mode: %s", conn_desc(c),
			  strerror(-err));
	return err;
}

/* Client side of AUTH. */
static int
hs_client_auth(struct conn *c, uint8_t tag, struct dec *d)
{
	struct frame_auth_bad_method bad;
	struct frame_auth_more more;
	struct frame_auth_done done;
	struct buf reply = BUF_INIT, p = BUF_INIT;
	int err;

	switch (tag) {
	case FRAME_TAG_AUTH_DONE:
		if ((err = frame_auth_done_decode(d, &done)) < 0)
			return err;
		if ((err = auth_client_handle_done(&c->ac, &done)) < 0)
			return err;
		c->global_id = done.global_id;
		c->record = 0;  /* the signature itself is not covered */
		/* Everything after AUTH_DONE, our signature included, is encrypted. */
		if ((err = hs_start_secure(c, &c->ac.session)) < 0)
			return err;
		hs_send_signature(c, &c->ac.session, c->ac.ops);
		c->state = CONN_AUTH_SIGN;
		return 0;
	case FRAME_TAG_AUTH_BAD_METHOD:
		if ((err = frame_auth_bad_method_decode(d, &bad)) < 0)
			return err;
		log_debug(LOG_MS, 1, "conn %s: server refused auth method %u (%d)", conn_desc(c),
			  bad.method, bad.result);
		if ((err = auth_client_handle_bad_method(&c->ac, &bad)) < 0)
			return err;
		return hs_send_auth_request(c);
	case FRAME_TAG_AUTH_REPLY_MORE:
		if ((err = frame_auth_reply_more_decode(d, &more)) < 0)
			return err;
		err = auth_client_handle_reply_more(&c->ac, &more, &reply);
		if (err == 0) {
			more.payload.p = reply.len ? buf_contig(&reply, 0, reply.len) : NULL;
			more.payload.len = (uint32_t)reply.len;
			frame_auth_request_more_encode(&p, &more);
			conn_queue_ctl(c, FRAME_TAG_AUTH_REQUEST_MORE, &p);
		}
		buf_free(&reply);
		buf_free(&p);
		return err;
	default:
		return -EPROTO;
	}
}

/* Server side of AUTH. */
static int
hs_server_auth(struct conn *c, uint8_t tag, struct dec *d)
{
	struct msgr *m = c->msgr;
	struct frame_auth_request req;
	struct frame_auth_more more;
	struct frame_auth_bad_method bad;
	struct frame_auth_done done;
	struct buf reply = BUF_INIT, p = BUF_INIT;
	int err, r, is_more = tag == FRAME_TAG_AUTH_REQUEST_MORE;

	if (tag == FRAME_TAG_AUTH_REQUEST) {
		if ((err = frame_auth_request_decode(d, &req)) < 0)
			return err;
		c->auth_req = req;
	} else if (is_more) {
		if ((err = frame_auth_request_more_decode(d, &more)) < 0)
			return err;
		req = c->auth_req;
		req.payload = more.payload;
	} else {
		return -EPROTO;
	}
	r = auth_server_handle_request(&c->as, &req, is_more, &reply);
	switch (r) {
	case AUTH_RESULT_DONE:
		/* A mon hands out a fresh global id per session (auth none). */
		if (m->next_global_id)
			c->as.session.global_id = m->next_global_id++;
		c->global_id = c->as.session.global_id;
		auth_server_done(&c->as, &reply, &done);
		frame_auth_done_encode(&p, &done);
		conn_queue_ctl(c, FRAME_TAG_AUTH_DONE, &p);
		c->record = 0;
		/* The peer's caps outlive the handshake state (cephx). */
		free(c->peer_caps);
		c->peer_caps = c->as.peer_caps;
		c->peer_allow_all = c->as.peer_allow_all;
		c->peer_auth_method = (uint8_t)c->as.ops->method;
		c->as.peer_caps = NULL;
		if ((err = hs_start_secure(c, &c->as.session)) < 0)
			goto out;
		if (log_enabled(LOG_MS, 1)) {
			char nm[96];

			auth_name_format(&c->as.peer_name, nm, sizeof(nm));
			log_emit(LOG_MS, 1, "conn %s: %s authenticated with %s, %s mode%s%s",
				 conn_desc(c), c->as.ops == &auth_cephx_ops ? nm : "peer",
				 auth_method_name(c->as.ops->method),
				 c->as.session.con_mode == CON_MODE_SECURE ? "secure" : "crc",
				 c->peer_caps ? ", osd caps: " : "",
				 c->peer_caps ? c->peer_caps : "");
		}
		hs_send_signature(c, &c->as.session, c->as.ops);
		c->state = CONN_AUTH_SIGN;
		break;
	case AUTH_RESULT_MORE:
		more.payload.p = reply.len ? buf_contig(&reply, 0, reply.len) : NULL;
		more.payload.len = (uint32_t)reply.len;
		frame_auth_reply_more_encode(&p, &more);
		conn_queue_ctl(c, FRAME_TAG_AUTH_REPLY_MORE, &p);
		break;
	case AUTH_RESULT_BAD_METHOD:
		auth_server_bad_method(&c->as, &bad);
		frame_auth_bad_method_encode(&p, &bad);
		conn_queue_ctl(c, FRAME_TAG_AUTH_BAD_METHOD, &p);
		break;
	default:
		log_error(LOG_MS, "conn %s: authentication refused: %s", conn_desc(c),
			  strerror(r < 0 ? -r : EPROTO));
		err = r < 0 ? r : -EPROTO;
		goto out;
	}
	err = 0;
out:
	buf_free(&reply);
	buf_free(&p);
	return err;
}

/* ---- session: client side ---- */

static void
hs_send_client_ident(struct conn *c)
{
	struct msgr *m = c->msgr;
	struct frame_client_ident f;
	struct buf p = BUF_INIT;

	if (!c->policy.lossy && !c->client_cookie)
		c->client_cookie = hs_random_cookie();
	f.addrs = m->addrs;
	f.target = c->target;
	f.gid = m->gid;
	f.global_seq = c->global_seq;
	f.supported = m->supported;
	f.required = m->required | c->policy.features_required;
	f.flags = c->policy.lossy ? FRAME_IDENT_FLAG_LOSSY : 0;
	f.cookie = c->policy.lossy ? 0 : c->client_cookie;
	frame_client_ident_encode(&p, &f);
	conn_queue_ctl(c, FRAME_TAG_CLIENT_IDENT, &p);
	buf_free(&p);
}

static void
hs_send_reconnect(struct conn *c)
{
	struct frame_session_reconnect f;
	struct buf p = BUF_INIT;

	f.addrs = c->msgr->addrs;
	f.client_cookie = c->client_cookie;
	f.server_cookie = c->server_cookie;
	f.global_seq = c->global_seq;
	f.connect_seq = c->connect_seq;
	f.msg_seq = c->in_seq;
	frame_session_reconnect_encode(&p, &f);
	conn_queue_ctl(c, FRAME_TAG_SESSION_RECONNECT, &p);
	buf_free(&p);
}

static int
hs_client_session(struct conn *c, uint8_t tag, struct dec *d)
{
	struct msgr *m = c->msgr;
	struct frame_server_ident si;
	struct frame_ident_missing_features mf;
	struct frame_session_reconnect_ok ok;
	struct frame_session_retry rt;
	struct frame_session_retry_global rg;
	struct frame_session_reset rs;
	uint32_t i;
	int err, found = 0;

	switch (tag) {
	case FRAME_TAG_SERVER_IDENT:
		if ((err = frame_server_ident_decode(d, &si)) < 0)
			return err;
		for (i = 0; i < si.addrs.n; i++)
			found |= entity_addr_equal(&si.addrs.v[i], &c->target);
		if (!found) {
			log_error(LOG_MS, "conn %s: server's addresses do not include the one"
				  " we dialled", conn_desc(c));
			return -EPROTO;
		}
		if (si.required & ~m->supported) {
			log_error(LOG_MS, "conn %s: server requires features %#llx we lack",
				  conn_desc(c), (unsigned long long)(si.required & ~m->supported));
			return -EPROTO;
		}
		c->features = si.supported & m->supported;
		c->peer_gid = si.gid;
		c->peer_global_seq = si.global_seq;
		c->peer_addrs = si.addrs;
		if (si.flags & FRAME_IDENT_FLAG_LOSSY)
			c->policy.lossy = 1;    /* the server's policy wins */
		c->server_cookie = c->policy.lossy ? 0 : si.cookie;
		conn_set_ready(c);
		return 0;
	case FRAME_TAG_IDENT_MISSING_FEATURES:
		if ((err = frame_ident_missing_features_decode(d, &mf)) < 0)
			return err;
		log_error(LOG_MS, "conn %s: server says we lack features %#llx", conn_desc(c),
			  (unsigned long long)mf.features);
		return -EPROTO;
	case FRAME_TAG_SESSION_RECONNECT_OK:
		if ((err = frame_session_reconnect_ok_decode(d, &ok)) < 0)
			return err;
		/* Drop what the peer already has; the rest is resent as is. */
		conn_handle_ack(c, ok.msg_seq);
		conn_requeue_sent(c);
		conn_set_ready(c);
		return 0;
	case FRAME_TAG_SESSION_RETRY:
		if ((err = frame_session_retry_decode(d, &rt)) < 0)
			return err;
		c->connect_seq = rt.connect_seq + 1;
		hs_send_reconnect(c);
		return 0;
	case FRAME_TAG_SESSION_RETRY_GLOBAL:
		if ((err = frame_session_retry_global_decode(d, &rg)) < 0)
			return err;
		c->global_seq = msgr_next_global_seq(m, rg.global_seq);
		hs_send_reconnect(c);
		return 0;
	case FRAME_TAG_SESSION_RESET:
		if ((err = frame_session_reset_decode(d, &rs)) < 0)
			return err;
		log_info(LOG_MS, "conn %s: peer reset the session (full=%d)", conn_desc(c),
			 rs.full);
		c->server_cookie = 0;
		c->connect_seq = 0;
		c->in_seq = c->ack_sent = 0;
		if (rs.full) {
			conn_discard_queue(c);
			c->out_seq = 0;
			c->client_cookie = hs_random_cookie();
		}
		hs_send_client_ident(c);
		if (rs.full && c->msgr->ops->remote_reset)
			c->msgr->ops->remote_reset(c->msgr->arg, c);
		return 0;
	case FRAME_TAG_WAIT:
		/* Connection race lost: the peer's connection to us wins. */
		log_debug(LOG_MS, 1, "conn %s: peer said WAIT", conn_desc(c));
		return -EAGAIN;
	default:
		return -EPROTO;
	}
}

/* ---- session: server side ---- */

static void
hs_send_server_ident(struct conn *c)
{
	struct msgr *m = c->msgr;
	struct frame_server_ident f;
	struct buf p = BUF_INIT;

	f.addrs = m->addrs;
	f.gid = m->gid;
	f.global_seq = msgr_next_global_seq(m, 0);
	f.supported = m->supported;
	f.required = m->required | c->policy.features_required;
	f.flags = c->policy.lossy ? FRAME_IDENT_FLAG_LOSSY : 0;
	f.cookie = c->policy.lossy ? 0 : c->server_cookie;
	frame_server_ident_encode(&p, &f);
	conn_queue_ctl(c, FRAME_TAG_SERVER_IDENT, &p);
	buf_free(&p);
}

/* The one-u64 answers, each through its own codec (frames_ctl.h). */
static void
hs_send_u64_frame(struct conn *c, uint8_t tag, uint64_t v)
{
	struct frame_ident_missing_features mf = { v };
	struct frame_session_retry rt = { v };
	struct frame_session_retry_global rg = { v };
	struct frame_session_reconnect_ok ok = { v };
	struct buf p = BUF_INIT;

	switch (tag) {
	case FRAME_TAG_IDENT_MISSING_FEATURES:
		frame_ident_missing_features_encode(&p, &mf);
		break;
	case FRAME_TAG_SESSION_RETRY:
		frame_session_retry_encode(&p, &rt);
		break;
	case FRAME_TAG_SESSION_RETRY_GLOBAL:
		frame_session_retry_global_encode(&p, &rg);
		break;
	default:
		frame_session_reconnect_ok_encode(&p, &ok);
		break;
	}
	conn_queue_ctl(c, tag, &p);
	buf_free(&p);
}

static void
hs_send_reset(struct conn *c, int full)
{
	struct frame_session_reset f = { full };
	struct buf p = BUF_INIT;

	frame_session_reset_encode(&p, &f);
	conn_queue_ctl(c, FRAME_TAG_SESSION_RESET, &p);
	buf_free(&p);
}

/*
 * Two peers dialled each other: Ceph keeps the connection initiated by the
 * peer whose address is lower, comparing the in-memory entity_addr_t bytes
 * (type, nonce, sockaddr as stored). 1 if the incoming one wins.
 */
static int
hs_incoming_wins(const struct conn *c, const struct entity_addrvec *peer)
{
	const struct entity_addrvec *mine = &c->msgr->addrs;
	uint8_t a[sizeof(uint32_t) * 2 + sizeof(struct sockaddr_in6)];
	uint8_t b[sizeof(a)];

	if (!peer->n || !mine->n)
		return 1;
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	memcpy(a, &peer->v[0].type, 4);
	memcpy(a + 4, &peer->v[0].nonce, 4);
	memcpy(a + 8, &peer->v[0].u, entity_addr_socklen(&peer->v[0]));
	memcpy(b, &mine->v[0].type, 4);
	memcpy(b + 4, &mine->v[0].nonce, 4);
	memcpy(b + 8, &mine->v[0].u, entity_addr_socklen(&mine->v[0]));
	return memcmp(a, b, sizeof(a)) < 0;
}

/* Move the freshly authenticated socket of c into the session ex. */
static void
hs_take_over(struct conn *ex, struct conn *c)
{
	conn_steal_socket(ex, c);
	ex->server = 1;
	ex->peer_type = c->peer_type;
	ex->global_id = c->global_id;
	conn_close(c, 0);
	/* Bytes that followed in the old connection's buffer are ex's now. */
	event_active(ex->ev_read, EV_READ, 0);
}

static int
hs_server_client_ident(struct conn *c, struct dec *d)
{
	struct msgr *m = c->msgr;
	struct frame_client_ident ci;
	struct conn *ex;
	uint64_t missing;
	char a[96];
	int err;

	if ((err = frame_client_ident_decode(d, &ci)) < 0)
		return err;
	if (!ci.addrs.n || ci.addrs.v[0].u.sa.sa_family == 0) {
		log_error(LOG_MS, "conn %s: client ident without an address", conn_desc(c));
		return -EPROTO;
	}
	if (!msgr_is_my_addr(m, &ci.target)) {
		entity_addr_format(&ci.target, a, sizeof(a));
		log_error(LOG_MS, "conn %s: peer is trying to reach %s which is not us",
			  conn_desc(c), a);
		return -EPROTO;
	}
	missing = (m->required | c->policy.features_required) & ~ci.supported;
	if (missing) {
		log_error(LOG_MS, "conn %s: peer lacks required features %#llx", conn_desc(c),
			  (unsigned long long)missing);
		hs_send_u64_frame(c, FRAME_TAG_IDENT_MISSING_FEATURES, missing);
		return 0;       /* Ceph keeps the connection open; the peer gives up */
	}
	c->peer_gid = ci.gid;
	c->peer_addrs = ci.addrs;
	c->peer_global_seq = ci.global_seq;
	c->features = ci.supported & m->supported;
	if (ci.flags & FRAME_IDENT_FLAG_LOSSY)
		c->policy.lossy = 1;
	c->client_cookie = c->policy.lossy ? 0 : ci.cookie;

	if (!c->policy.lossy) {
		ex = msgr_find_session(m, &ci.addrs, c);
		if (ex && !ex->server && !ex->connected_cb) {
			/*
			 * Both dialled: a race (ProtocolV2 handle_existing_connection).
			 * Ours has not got through yet; if it is waiting (the peer
			 * answered it WAIT, or it failed), the incoming one wins.
			 */
			if (ex->state != CONN_STANDBY && !hs_incoming_wins(c, &ci.addrs)) {
				log_debug(LOG_MS, 1, "conn %s: connection race, we win: WAIT",
					  conn_desc(c));
				conn_queue_ctl(c, FRAME_TAG_WAIT, &(struct buf)BUF_INIT);
				conn_flush(c);
				conn_close(c, 0);
				return 0;
			}
			log_debug(LOG_MS, 1, "conn %s: connection race, peer wins", conn_desc(c));
			ex->peer_gid = c->peer_gid;
			ex->peer_addrs = c->peer_addrs;
			ex->peer_global_seq = c->peer_global_seq;
			ex->features = c->features;
			ex->client_cookie = c->client_cookie;
			ex->server_cookie = hs_random_cookie();
			ex->policy = c->policy;
			hs_take_over(ex, c);
			hs_send_server_ident(ex);
			conn_set_ready(ex);
			return 0;
		}
		if (ex) {
			/* A new session from a peer we had one with: it restarted. */
			log_info(LOG_MS, "conn %s: peer started a new session; resetting the old one",
				 conn_desc(c));
			conn_close(ex, 1);
		}
		c->server_cookie = hs_random_cookie();
		c->in_table = 1;
	}
	hs_send_server_ident(c);
	conn_set_ready(c);
	return 0;
}

static int
hs_server_reconnect(struct conn *c, struct dec *d)
{
	struct msgr *m = c->msgr;
	struct frame_session_reconnect rc;
	struct conn *ex;
	int err;

	if ((err = frame_session_reconnect_decode(d, &rc)) < 0)
		return err;
	if (!rc.addrs.n)
		return -EPROTO;
	ex = c->policy.lossy ? NULL : msgr_find_session(m, &rc.addrs, c);
	if (!ex) {
		log_debug(LOG_MS, 1, "conn %s: reconnect to an unknown session: full reset",
			  conn_desc(c));
		hs_send_reset(c, 1);
		return 0;
	}
	if (rc.client_cookie != ex->client_cookie) {
		log_debug(LOG_MS, 1, "conn %s: reconnect with another client cookie: reset",
			  conn_desc(c));
		hs_send_reset(c, ex->policy.resetcheck);
		return 0;
	}
	if (ex->server_cookie == 0 || rc.server_cookie != ex->server_cookie) {
		hs_send_reset(c, 0);
		return 0;
	}
	if (rc.global_seq <= ex->peer_global_seq) {
		hs_send_u64_frame(c, FRAME_TAG_SESSION_RETRY_GLOBAL, ex->peer_global_seq);
		return 0;
	}
	if (rc.connect_seq <= ex->connect_seq) {
		if (!ex->server && ex->state != CONN_READY && ex->state != CONN_STANDBY &&
		    !hs_incoming_wins(c, &rc.addrs)) {
			conn_queue_ctl(c, FRAME_TAG_WAIT, &(struct buf)BUF_INIT);
			conn_flush(c);
			conn_close(c, 0);
			return 0;
		}
		if (rc.connect_seq < ex->connect_seq) {
			hs_send_u64_frame(c, FRAME_TAG_SESSION_RETRY, ex->connect_seq);
			return 0;
		}
	}
	log_debug(LOG_MS, 1, "conn %s: session reconnect (connect_seq %llu, peer has %llu)",
		  conn_desc(ex), (unsigned long long)rc.connect_seq,
		  (unsigned long long)rc.msg_seq);
	ex->connect_seq = rc.connect_seq;
	ex->peer_global_seq = rc.global_seq;
	hs_take_over(ex, c);
	conn_handle_ack(ex, rc.msg_seq);
	conn_requeue_sent(ex);
	hs_send_u64_frame(ex, FRAME_TAG_SESSION_RECONNECT_OK, ex->in_seq);
	conn_set_ready(ex);
	return 0;
}

int
conn_hs_frame(struct conn *c, uint8_t tag, struct buf *payload)
{
	struct frame_auth_signature sig;
	const struct auth_session *s;
	const struct auth_method_ops *ops;
	struct dec d;
	const uint8_t *p;
	int err;

	p = payload->len ? buf_contig(payload, 0, payload->len) : (const uint8_t *)"";
	dec_init(&d, p, payload->len);
	switch (c->state) {
	case CONN_HELLO:
		if (tag != FRAME_TAG_HELLO)
			break;
		return hs_hello(c, &d);
	case CONN_AUTH:
		return c->server ? hs_server_auth(c, tag, &d) : hs_client_auth(c, tag, &d);
	case CONN_AUTH_SIGN:
		if (tag != FRAME_TAG_AUTH_SIGNATURE)
			break;
		if ((err = frame_auth_signature_decode(&d, &sig)) < 0)
			return err;
		s = c->server ? &c->as.session : &c->ac.session;
		ops = c->server ? c->as.ops : c->ac.ops;
		if ((err = auth_verify(s, ops, &c->rec_tx, sig.sig)) < 0) {
			log_error(LOG_MS, "conn %s: pre-auth signature mismatch", conn_desc(c));
			return err;
		}
		buf_free(&c->rec_rx);
		buf_free(&c->rec_tx);
		c->state = CONN_SESSION;
		if (!c->server) {
			if (!c->policy.lossy && c->server_cookie) {
				c->connect_seq++;
				hs_send_reconnect(c);
			} else {
				hs_send_client_ident(c);
			}
		}
		return 0;
	case CONN_SESSION:
		if (!c->server)
			return hs_client_session(c, tag, &d);
		if (tag == FRAME_TAG_CLIENT_IDENT)
			return hs_server_client_ident(c, &d);
		if (tag == FRAME_TAG_SESSION_RECONNECT)
			return hs_server_reconnect(c, &d);
		break;
	default:
		break;
	}
	log_error(LOG_MS, "conn %s: unexpected %s frame in state %s", conn_desc(c),
		  frame_tag_name(tag), conn_state_name(c->state));
	return -EPROTO;
}
