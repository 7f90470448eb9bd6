/*
 * conn.c — one msgr2 connection: lifetime, sockets, the send path, faults,
 * timers. Receiving (and the READY-state protocol) is in conn_recv.c, the
 * handshake states in conn_handshake.c.
 *
 * I/O model: level-triggered libevent events on a raw non-blocking socket.
 * A read wakeup reads everything the kernel has into pooled receive segments
 * (c->rx, a struct buf of references), then parses as many frames as are
 * complete; a frame's segments become references into those receive segments,
 * so message payloads are never copied. Sending appends frames to c->tx
 * (again references, not copies) and marks the connection dirty; the
 * messenger flushes dirty connections once at the end of the loop iteration
 * with one sendmsg each.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <event2/event.h>

#include "common/log.h"
#include "common/mem.h"
#include "msg/conn.h"
#include "msg/frames_ctl.h"
#include "msg/message.h"
#include "msg/sock.h"

#define TX_IOV_MAX 256

/* ---- message queue ---- */

static void
msgq_push(struct msgq *q, struct msg *m)
{
	if (q->n == q->cap) {
		uint32_t ncap = q->cap ? q->cap * 2 : 16, i;
		struct msg **v = xreallocarray(NULL, ncap, sizeof(*v));

		for (i = 0; i < q->n; i++)
			v[i] = q->v[(q->head + i) % q->cap];
		free(q->v);
		q->v = v;
		q->head = 0;
		q->cap = ncap;
	}
	q->v[(q->head + q->n) % q->cap] = m;
	q->n++;
}

static struct msg *
msgq_at(const struct msgq *q, uint32_t i)
{
	return q->v[(q->head + i) % q->cap];
}

static struct msg *
msgq_pop(struct msgq *q)
{
	struct msg *m = q->v[q->head];

	q->head = (q->head + 1) % q->cap;
	q->n--;
	return m;
}

/* ---- names for logs ---- */

const char *
conn_state_name(enum conn_state s)
{
	static const char *const names[] = {
		"none", "connecting", "banner", "hello", "auth", "auth_sign",
		"session", "ready", "standby", "closed",
	};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

const char *
conn_desc(const struct conn *c)
{
	static char out[160];
	char addr[96];

	if (c->server && !c->peer_addrs.n)
		entity_addr_format(&c->sock_peer, addr, sizeof(addr));
	else if (c->peer_addrs.n)
		entity_addr_format(&c->peer_addrs.v[0], addr, sizeof(addr));
	else
		snprintf(addr, sizeof(addr), "-");
	if (c->peer_gid >= 0)
		snprintf(out, sizeof(out), "%s.%lld %s", entity_type_name(c->peer_type),
			 (long long)c->peer_gid, addr);
	else
		snprintf(out, sizeof(out), "%s.? %s", entity_type_name(c->peer_type), addr);
	return out;
}

/* ---- lifetime ---- */

static void conn_write_cb(evutil_socket_t fd, short what, void *arg);
static void conn_timer_cb(evutil_socket_t fd, short what, void *arg);

struct conn *
conn_alloc(struct msgr *m, int server)
{
	struct conn *c = xcalloc(1, sizeof(*c));
	int i;

	c->msgr = m;
	c->refs = 1;            /* the messenger's list holds this one */
	c->server = server ? 1 : 0;
	c->fd = -1;
	c->peer_gid = -1;
	c->backoff_ms = 0;
	buf_init(&c->tx);
	buf_init(&c->rx);
	buf_init(&c->rec_rx);
	buf_init(&c->rec_tx);
	buf_init(&c->rx_body);
	for (i = 0; i < FRAME_MAX_SEGMENTS; i++)
		buf_init(&c->rx_segs[i]);
	throttle_init(&c->throttle_bytes, 0);
	throttle_init(&c->throttle_msgs, 0);
	c->twait.wake = conn_throttle_wake;
	c->ev_timer = evtimer_new(m->base, conn_timer_cb, c);
	c->next = m->conns;
	if (m->conns)
		m->conns->prev = c;
	m->conns = c;
	return c;
}

struct conn *
conn_get(struct conn *c)
{
	c->refs++;
	return c;
}

static void
conn_free(struct conn *c)
{
	int i;

	conn_discard_queue(c);
	buf_free(&c->rx_body);
	for (i = 0; i < FRAME_MAX_SEGMENTS; i++)
		buf_free(&c->rx_segs[i]);
	free(c->q.v);
	buf_free(&c->tx);
	buf_free(&c->rx);
	if (c->rx_seg)
		buf_seg_put(c->rx_seg);
	conn_hs_reset(c);
	frame_secure_clear(&c->sec);
	free(c->peer_caps);
	if (c->ev_timer)
		event_free(c->ev_timer);
	free(c);
}

void
conn_put(struct conn *c)
{
	if (c->refs == 0)
		abort();
	if (--c->refs == 0)
		conn_free(c);
}

/* ---- socket ---- */

static void
conn_close_socket(struct conn *c)
{
	if (c->ev_read) {
		event_free(c->ev_read);
		c->ev_read = NULL;
	}
	if (c->ev_write) {
		event_free(c->ev_write);
		c->ev_write = NULL;
	}
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
	buf_free(&c->tx);
	buf_free(&c->rx);
	if (c->rx_seg) {
		buf_seg_put(c->rx_seg);
		c->rx_seg = NULL;
	}
	c->rx_fill = 0;
	c->have_pre = 0;
	c->banner_done = 0;
	throttle_cancel(&c->twait);
	c->reading_paused = 0;
	conn_uncharge(c);       /* a frame charged but never delivered */
	c->keepalive_pending = c->ka_ack_pending = 0;
	conn_hs_reset(c);
	frame_secure_clear(&c->sec);
}

static void
conn_attach_fd(struct conn *c, int fd)
{
	struct event_base *base = c->msgr->base;

	c->fd = fd;
	c->ev_read = event_new(base, fd, EV_READ | EV_PERSIST, conn_read_cb, c);
	c->ev_write = event_new(base, fd, EV_WRITE | EV_PERSIST, conn_write_cb, c);
	gettimeofday(&c->last_active, NULL);
}

void
conn_arm_timer(struct conn *c, uint32_t ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	evtimer_add(c->ev_timer, &tv);
}

void
conn_start_connect(struct conn *c)
{
	const struct entity_addr *a = &c->target;
	int fd;

	if (c->server) {
		/*
		 * The accepting end of a lossless session with messages to
		 * deliver dials the peer itself; the cookies identify the
		 * session whichever side connects (ProtocolV2 does the same).
		 */
		const struct entity_addr *t = entity_addrvec_find(&c->peer_addrs,
								  ENTITY_ADDR_MSGR2);

		if (!t) {
			conn_close(c, 1);
			return;
		}
		c->target = *t;
		c->server = 0;
	}

	c->global_seq = msgr_next_global_seq(c->msgr, 0);
	fd = sock_connect(a);
	c->state = CONN_CONNECTING;
	if (fd < 0) {
		/* Report from the timer: our caller may not expect callbacks now. */
		c->last_err = fd;
		conn_arm_timer(c, 0);
		return;
	}
	c->last_err = 0;
	conn_attach_fd(c, fd);
	event_add(c->ev_write, NULL);
	conn_arm_timer(c, c->msgr->cfg.ready_timeout_ms);
	log_debug(LOG_MS, 10, "conn %s: connecting (global_seq %llu)", conn_desc(c),
		  (unsigned long long)c->global_seq);
}

void
conn_start_accept(struct conn *c, int fd)
{
	conn_attach_fd(c, fd);
	sock_peer_addr(fd, &c->sock_peer);
	conn_arm_timer(c, c->msgr->cfg.ready_timeout_ms);
	event_add(c->ev_read, NULL);
	conn_hs_start(c);
}

void
conn_steal_socket(struct conn *dst, struct conn *src)
{
	conn_close_socket(dst);
	dst->fd = src->fd;
	dst->ev_read = src->ev_read;
	dst->ev_write = src->ev_write;
	src->fd = -1;
	src->ev_read = src->ev_write = NULL;
	/* The events carry their owner as the callback argument. */
	event_del(dst->ev_read);
	event_del(dst->ev_write);
	event_assign(dst->ev_read, dst->msgr->base, dst->fd, EV_READ | EV_PERSIST,
		     conn_read_cb, dst);
	event_assign(dst->ev_write, dst->msgr->base, dst->fd, EV_WRITE | EV_PERSIST,
		     conn_write_cb, dst);
	event_add(dst->ev_read, NULL);
	buf_claim(&dst->tx, &src->tx);
	buf_claim(&dst->rx, &src->rx);
	dst->rx_seg = src->rx_seg;
	dst->rx_fill = src->rx_fill;
	src->rx_seg = NULL;
	dst->rev1 = src->rev1;
	/* The keys belong to the socket, and so do the caps it proved. */
	dst->sec = src->sec;
	memset(&src->sec, 0, sizeof(src->sec));
	free(dst->peer_caps);
	dst->peer_caps = src->peer_caps;
	dst->peer_allow_all = src->peer_allow_all;
	dst->peer_auth_method = src->peer_auth_method;
	src->peer_caps = NULL;
	dst->banner_done = 1;
	dst->sock_peer = src->sock_peer;
	dst->last_active = src->last_active;
	if (dst->tx.len)
		event_add(dst->ev_write, NULL);
}

/* ---- faults ---- */

void
conn_discard_queue(struct conn *c)
{
	while (c->q.n)
		msg_free(msgq_pop(&c->q));
	c->nsent = 0;
}

void
conn_close(struct conn *c, int notify)
{
	struct msgr *m = c->msgr;

	if (c->state == CONN_CLOSED)
		return;
	c->state = CONN_CLOSED;
	conn_close_socket(c);
	event_free(c->ev_timer);
	c->ev_timer = NULL;
	conn_discard_queue(c);
	/* The upper layer knows of every session it asked for, and of accepted
	 * ones once they were announced as connected. */
	if (notify && (c->connected_cb || !c->server) && m->ops->reset && !m->freeing) {
		conn_get(c);
		m->ops->reset(m->arg, c);
		msgr_unlink_conn(m, c);
		conn_put(c);
		return;
	}
	msgr_unlink_conn(m, c);
}

void
conn_detach_msgr(struct conn *c)
{
	c->msgr = NULL;
}

void
conn_fault(struct conn *c, const char *fmt, ...)
{
	char why[256];
	va_list ap;
	enum conn_state was = c->state;

	if (c->state == CONN_CLOSED)
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (was == CONN_READY || was == CONN_STANDBY)
		log_debug(LOG_MS, 1, "conn %s: fault in %s: %s", conn_desc(c),
			  conn_state_name(was), why);
	else
		log_error(LOG_MS, "conn %s: closing in %s: %s", conn_desc(c),
			  conn_state_name(was), why);

	conn_close_socket(c);
	if (c->policy.lossy || (c->server && !c->in_table)) {
		/*
		 * Lossy sessions die with their socket; so does an accepted
		 * socket that never became a session.
		 */
		conn_close(c, 1);
		return;
	}
	/* Lossless: keep the session, resend what was not acked. */
	conn_requeue_sent(c);
	c->state = CONN_STANDBY;
	if (c->policy.server || (c->server && !c->q.n)) {
		/* The peer reconnects to us; wait (idle timeout still applies). */
		evtimer_del(c->ev_timer);
		return;
	}
	if (c->policy.standby && !c->q.n && was == CONN_READY) {
		evtimer_del(c->ev_timer);
		return;         /* reconnect when there is something to send */
	}
	if (c->backoff_ms == 0)
		c->backoff_ms = c->msgr->cfg.initial_backoff_ms;
	else if ((c->backoff_ms *= 2) > c->msgr->cfg.max_backoff_ms)
		c->backoff_ms = c->msgr->cfg.max_backoff_ms;
	conn_arm_timer(c, c->backoff_ms);
}

/* ---- sending ---- */

void
conn_mark_dirty(struct conn *c)
{
	struct msgr *m = c->msgr;

	if (c->dirty)
		return;
	c->dirty = 1;
	conn_get(c);
	c->dirty_next = m->dirty;
	m->dirty = c;
	event_active(m->flush_ev, EV_TIMEOUT, 0);
}

/* Secure mode can only fail when a nonce would repeat (never before 2^64
 * frames in msgr2.1): refuse to send anything more on this socket then. */
static void
conn_secure_failed(struct conn *c, int err)
{
	log_error(LOG_MS, "conn %s: cannot encrypt a frame: %s", conn_desc(c), strerror(-err));
	if (c->fd >= 0)
		shutdown(c->fd, SHUT_RDWR);
}

void
conn_frame_ctl(struct conn *c, uint8_t tag, const struct buf *payload)
{
	int err;

	if (!frame_secure_on(&c->sec)) {
		frame_build_ctl(&c->tx, tag, payload, c->rev1);
		return;
	}
	if ((err = frame_secure_build(&c->sec, &c->tx, tag, payload, 1)) < 0)
		conn_secure_failed(c, err);
}

void
conn_frame_msg(struct conn *c, const struct msg *m)
{
	int err;

	if (!frame_secure_on(&c->sec)) {
		msg_build_frame(m, &c->tx, c->rev1);
		return;
	}
	if ((err = msg_build_frame_secure(m, &c->tx, &c->sec)) < 0)
		conn_secure_failed(c, err);
}

void
conn_queue_ctl(struct conn *c, uint8_t tag, struct buf *payload)
{
	size_t before = c->tx.len;

	conn_frame_ctl(c, tag, payload);
	if (c->record)
		buf_slice(&c->tx, before, c->tx.len - before, &c->rec_tx);
	conn_mark_dirty(c);
}

void
conn_requeue_sent(struct conn *c)
{
	c->nsent = 0;
}

void
conn_handle_ack(struct conn *c, uint64_t seq)
{
	while (c->nsent && msgq_at(&c->q, 0)->hdr.seq <= seq) {
		msg_free(msgq_pop(&c->q));
		c->nsent--;
	}
}

int
conn_send(struct conn *c, struct msg *m)
{
	if (c->state == CONN_CLOSED) {
		msg_free(m);
		return -ENOTCONN;
	}
	m->hdr.seq = 0;
	msgq_push(&c->q, m);
	if (c->state == CONN_READY)
		conn_mark_dirty(c);
	else if (c->state == CONN_STANDBY && !c->policy.server &&
		 !evtimer_pending(c->ev_timer, NULL))
		conn_start_connect(c);
	return 0;
}

void
conn_send_keepalive(struct conn *c)
{
	if (c->state == CONN_CLOSED)
		return;
	c->keepalive_pending = 1;
	if (c->state == CONN_READY)
		conn_mark_dirty(c);
}

/* Frame everything waiting into c->tx (READY only). */
static void
conn_frame_queued(struct conn *c)
{
	struct buf payload = BUF_INIT;
	struct frame_keepalive ka;
	struct frame_ack ack;

	while (c->nsent < c->q.n) {
		struct msg *m = msgq_at(&c->q, c->nsent);

		if (m->hdr.seq == 0)
			m->hdr.seq = ++c->out_seq;
		m->hdr.ack_seq = c->in_seq;
		conn_frame_msg(c, m);
		if (c->policy.lossy) {
			/* Nothing is ever resent: tx holds the bytes it needs. */
			msgq_pop(&c->q);
			msg_free(m);
		} else {
			c->nsent++;
		}
		c->ack_sent = c->in_seq;
	}
	if (!c->policy.lossy && c->in_seq > c->ack_sent) {
		ack.seq = c->in_seq;
		frame_ack_encode(&payload, &ack);
		conn_frame_ctl(c, FRAME_TAG_ACK, &payload);
		buf_clear(&payload);
		c->ack_sent = c->in_seq;
	}
	if (c->ka_ack_pending) {
		ka.stamp = c->ka_ack_stamp;
		frame_keepalive2_ack_encode(&payload, &ka);
		conn_frame_ctl(c, FRAME_TAG_KEEPALIVE2_ACK, &payload);
		buf_clear(&payload);
		c->ka_ack_pending = 0;
	}
	if (c->keepalive_pending) {
		ka.stamp = utime_now();
		frame_keepalive2_encode(&payload, &ka);
		conn_frame_ctl(c, FRAME_TAG_KEEPALIVE2, &payload);
		c->keepalive_pending = 0;
	}
	buf_free(&payload);
}

void
conn_flush(struct conn *c)
{
	struct iovec iov[TX_IOV_MAX];
	struct msghdr mh;
	ssize_t n;
	int cnt;

	if (c->fd < 0 || c->state == CONN_CONNECTING || c->state == CONN_CLOSED)
		return;
	if (c->state == CONN_READY)
		conn_frame_queued(c);
	while (c->tx.len) {
		cnt = buf_to_iov(&c->tx, 0, iov, TX_IOV_MAX);
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = iov;
		mh.msg_iovlen = (size_t)cnt;
		/* sendmsg, not writev: a peer gone away must not raise SIGPIPE. */
		n = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				event_add(c->ev_write, NULL);
				return;
			}
			conn_fault(c, "write: %s", strerror(errno));
			return;
		}
		buf_consume(&c->tx, (size_t)n);
	}
	event_del(c->ev_write);
}

static void
conn_write_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	int err;

	if (c->state == CONN_CONNECTING) {
		err = sock_connect_result(c->fd);
		if (err < 0) {
			c->last_err = err;
			conn_fault(c, "connect: %s", strerror(-err));
			return;
		}
		event_del(c->ev_write);
		event_add(c->ev_read, NULL);
		sock_peer_addr(c->fd, &c->sock_peer);
		conn_hs_start(c);
		return;
	}
	conn_get(c);
	conn_flush(c);
	conn_put(c);
}

/* ---- timers ---- */

static void
conn_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	struct timeval now, idle;
	uint64_t ms;

	conn_get(c);
	switch (c->state) {
	case CONN_CONNECTING:
		if (c->last_err) {
			conn_fault(c, "connect: %s", strerror(-c->last_err));
			break;
		}
		/* fall through */
	case CONN_BANNER:
	case CONN_HELLO:
	case CONN_AUTH:
	case CONN_AUTH_SIGN:
	case CONN_SESSION:
		conn_fault(c, "not ready after %u ms", c->msgr->cfg.ready_timeout_ms);
		break;
	case CONN_READY:
		gettimeofday(&now, NULL);
		timersub(&now, &c->last_active, &idle);
		ms = (uint64_t)idle.tv_sec * 1000 + (uint64_t)idle.tv_usec / 1000;
		if (ms >= c->msgr->cfg.idle_timeout_ms)
			conn_fault(c, "idle for %llu ms", (unsigned long long)ms);
		else
			conn_arm_timer(c, (uint32_t)(c->msgr->cfg.idle_timeout_ms - ms));
		break;
	case CONN_STANDBY:
		if (!c->policy.server)
			conn_start_connect(c);
		break;
	default:
		break;
	}
	conn_put(c);
}

void
conn_set_ready(struct conn *c)
{
	struct msgr *m = c->msgr;
	int first = !c->connected_cb;

	c->state = CONN_READY;
	c->backoff_ms = 0;
	conn_hs_reset(c);
	conn_arm_timer(c, m->cfg.idle_timeout_ms);
	gettimeofday(&c->last_active, NULL);
	log_debug(LOG_MS, 1, "conn %s: ready (%s, %s, features %#llx)", conn_desc(c),
		  c->policy.lossy ? "lossy" : "lossless", c->rev1 ? "rev1" : "rev0",
		  (unsigned long long)c->features);
	conn_mark_dirty(c);
	c->connected_cb = 1;
	if (first && m->ops->connected)
		m->ops->connected(m->arg, c);
}

/* ---- public accessors ---- */

void
conn_mark_down(struct conn *c)
{
	conn_close(c, 0);
}

struct entity_name
conn_peer_name(const struct conn *c)
{
	struct entity_name n = { c->peer_type, c->peer_gid };

	return n;
}

const struct entity_addrvec *
conn_peer_addrs(const struct conn *c)
{
	return &c->peer_addrs;
}

uint64_t
conn_features(const struct conn *c)
{
	return c->state == CONN_READY || c->connected_cb ? c->features : 0;
}

int
conn_is_ready(const struct conn *c)
{
	return c->state == CONN_READY;
}

int
conn_is_server(const struct conn *c)
{
	return c->server;
}

int
conn_is_lossy(const struct conn *c)
{
	return c->policy.lossy;
}

uint64_t
conn_global_id(const struct conn *c)
{
	return c->global_id;
}

uint32_t
conn_auth_method(const struct conn *c)
{
	return c->peer_auth_method;
}

const char *
conn_peer_caps(const struct conn *c, int *allow_all)
{
	if (allow_all)
		*allow_all = c->peer_allow_all;
	return c->peer_caps;
}

void
conn_set_priv(struct conn *c, void *priv)
{
	c->priv = priv;
}

void *
conn_priv(const struct conn *c)
{
	return c->priv;
}

struct msgr *
conn_msgr(const struct conn *c)
{
	return c->msgr;
}

int
conn_connect_error(const struct conn *c)
{
	return c->last_err;
}
