/*
 * conn_recv.c — the receive side of a connection: reading the socket into
 * pooled segments, parsing and checking frames, throttling, and the
 * READY-state frames (MESSAGE, ACK, KEEPALIVE2, KEEPALIVE2_ACK).
 *
 * A read wakeup reads everything the kernel has (bounded per wakeup) into
 * c->rx, a list of references into receive segments; each complete frame is
 * split off by reference, so a message's front and data are views of the
 * bytes as they arrived, never copies. A MESSAGE frame is charged against
 * the throttles as soon as its preamble is known, before its body is read;
 * if the charge does not fit, reading stops until a message is freed.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/time.h>

#include <event2/event.h>

#include "common/log.h"
#include "common/mem.h"
#include "msg/conn.h"
#include "msg/frames_ctl.h"
#include "msg/message.h"

/* Receive segments: 64 KiB blocks recycled through a small free list. */
#define RX_SEG_SIZE (64u << 10)
#define RX_POOL_MAX 64
/* Bound the bytes read per wakeup so one busy peer cannot starve the loop. */
#define RX_MAX_PER_WAKEUP (4u << 20)

static void *rx_pool[RX_POOL_MAX];
static int rx_pool_n;

static void
rx_pool_release(struct buf_seg *seg)
{
	if (rx_pool_n < RX_POOL_MAX)
		rx_pool[rx_pool_n++] = seg->data;
	else
		free(seg->data);
}

static void
rx_big_release(struct buf_seg *seg)
{
	free(seg->data);
}

/*
 * Receive segments are wrapped memory: "used" is the whole size from the
 * start, so buf_append() never writes into the part read() has yet to fill.
 */
static struct buf_seg *
rx_seg_get(size_t want)
{
	void *data;

	if (want > RX_SEG_SIZE)
		return buf_seg_wrap(xmalloc(want), want, rx_big_release, NULL);
	data = rx_pool_n ? rx_pool[--rx_pool_n] : xmalloc(RX_SEG_SIZE);
	return buf_seg_wrap(data, RX_SEG_SIZE, rx_pool_release, NULL);
}

/* ---- throttles ---- */

void
conn_throttle_wake(struct throttle_waiter *w)
{
	struct conn *c = (struct conn *)((char *)w - offsetof(struct conn, twait));

	if (!c->reading_paused || c->fd < 0)
		return;
	c->reading_paused = 0;
	event_add(c->ev_read, NULL);
	/* Frames may already sit in c->rx: parse them without waiting for bytes. */
	event_active(c->ev_read, EV_READ, 0);
}

static void
conn_msg_release(struct msg *m)
{
	struct conn *c = m->on_free_arg;
	uint64_t bytes = m->on_free_val;

	m->on_free = NULL;
	if (c->msgr) {  /* NULL once the messenger is gone */
		throttle_put(&c->msgr->throttle_bytes, bytes);
		throttle_put(&c->msgr->throttle_msgs, 1);
	}
	throttle_put(&c->throttle_bytes, bytes);
	throttle_put(&c->throttle_msgs, 1);
	conn_put(c);
}

void
conn_uncharge(struct conn *c)
{
	if (!c->charged)
		return;
	c->charged = 0;
	throttle_put(&c->throttle_bytes, c->charge_bytes);
	throttle_put(&c->throttle_msgs, 1);
	throttle_put(&c->msgr->throttle_bytes, c->charge_bytes);
	throttle_put(&c->msgr->throttle_msgs, 1);
}

/* Charge a MESSAGE frame before reading it; 0 if it must wait. */
static int
conn_charge(struct conn *c, uint64_t bytes)
{
	struct throttle *t[4] = {
		&c->throttle_msgs, &c->throttle_bytes,
		&c->msgr->throttle_msgs, &c->msgr->throttle_bytes,
	};
	uint64_t n[4] = { 1, bytes, 1, bytes };
	int i;

	for (i = 0; i < 4; i++) {
		if (throttle_would_block(t[i], n[i])) {
			log_debug(LOG_MS, 5, "conn %s: throttled (%llu bytes)", conn_desc(c),
				  (unsigned long long)bytes);
			throttle_wait(t[i], &c->twait);
			c->reading_paused = 1;
			event_del(c->ev_read);
			return 0;
		}
	}
	for (i = 0; i < 4; i++)
		throttle_take(t[i], n[i]);
	c->charged = 1;
	c->charge_bytes = bytes;
	return 1;
}

/* ---- receiving ---- */

static int
conn_handle_message(struct conn *c, struct buf segs[FRAME_MAX_SEGMENTS], int nseg)
{
	struct msgr *mr = c->msgr;
	struct msg *m = msg_new();
	int err;

	err = msg_from_segments(segs, nseg, m);
	if (err < 0) {
		msg_free(m);
		return err;
	}
	/* The charge now travels with the message. */
	m->on_free = conn_msg_release;
	m->on_free_arg = conn_get(c);
	m->on_free_val = c->charge_bytes;
	c->charged = 0;

	if (!c->policy.lossy)
		conn_handle_ack(c, m->hdr.ack_seq);
	if (m->hdr.seq <= c->in_seq) {
		log_debug(LOG_MS, 5, "conn %s: dropping old message seq %llu <= %llu",
			  conn_desc(c), (unsigned long long)m->hdr.seq,
			  (unsigned long long)c->in_seq);
		msg_free(m);
		return 0;
	}
	if (m->hdr.seq != c->in_seq + 1)
		log_debug(LOG_MS, 1, "conn %s: missed messages: seq %llu after %llu",
			  conn_desc(c), (unsigned long long)m->hdr.seq,
			  (unsigned long long)c->in_seq);
	c->in_seq = m->hdr.seq;
	if (!c->policy.lossy)
		conn_mark_dirty(c);     /* an ACK goes out at the end of the iteration */
	m->src.type = c->peer_type;
	m->src.num = c->peer_gid;
	log_debug(LOG_MS, 10, "conn %s: message seq %llu type %u (%zu+%zu+%zu bytes)",
		  conn_desc(c), (unsigned long long)m->hdr.seq, m->hdr.type,
		  m->front.len, m->middle.len, m->data.len);
	if (mr->ops->dispatch)
		mr->ops->dispatch(mr->arg, c, m);
	else
		msg_free(m);
	return 0;
}

static int
conn_ready_frame(struct conn *c, uint8_t tag, struct buf *payload)
{
	struct frame_keepalive ka;
	struct frame_ack ack;
	struct dec d;
	const uint8_t *p;
	int err;

	p = payload->len ? buf_contig(payload, 0, payload->len) : (const uint8_t *)"";
	dec_init(&d, p, payload->len);
	switch (tag) {
	case FRAME_TAG_KEEPALIVE2:
		if ((err = frame_keepalive2_decode(&d, &ka)) < 0)
			return err;
		c->ka_ack_stamp = ka.stamp;
		c->ka_ack_pending = 1;
		conn_mark_dirty(c);
		return 0;
	case FRAME_TAG_KEEPALIVE2_ACK:
		if ((err = frame_keepalive2_ack_decode(&d, &ka)) < 0)
			return err;
		if (c->msgr->ops->keepalive_ack)
			c->msgr->ops->keepalive_ack(c->msgr->arg, c, &ka.stamp);
		return 0;
	case FRAME_TAG_ACK:
		if ((err = frame_ack_decode(&d, &ack)) < 0)
			return err;
		if (!c->policy.lossy)
			conn_handle_ack(c, ack.seq);
		return 0;
	default:
		log_error(LOG_MS, "conn %s: unexpected %s frame in ready state", conn_desc(c),
			  frame_tag_name(tag));
		return -EPROTO;
	}
}

/* Bytes of the preamble block and of the rest of the pending frame. */
static size_t
conn_pre_len(const struct conn *c)
{
	return frame_secure_on(&c->sec) ? FRAME_SECURE_PREAMBLE_LEN : FRAME_PREAMBLE_LEN;
}

static size_t
conn_body_len(const struct conn *c)
{
	return frame_secure_on(&c->sec) ? frame_secure_body_len(&c->pre) :
		frame_body_len(&c->pre, c->rev1);
}

/* Read what the socket has into c->rx. 0 on success or EAGAIN, <0 on EOF/error. */
static int
conn_read(struct conn *c)
{
	size_t total = 0, need, space;
	ssize_t n;

	for (;;) {
		if (!c->rx_seg || c->rx_fill == c->rx_seg->size) {
			need = RX_SEG_SIZE;
			if (c->have_pre) {
				/*
				 * A large frame: one segment for the rest of it, so
				 * object data stays in few pieces; but never more
				 * than twice what the peer has really sent, so a
				 * lying length cannot make us allocate it up front.
				 */
				size_t want = conn_pre_len(c) + conn_body_len(c);

				if (want > c->rx.len && want - c->rx.len > need)
					need = want - c->rx.len;
				if (need > RX_SEG_SIZE && need > 2 * c->rx.len)
					need = 2 * c->rx.len > RX_SEG_SIZE ? 2 * c->rx.len :
						RX_SEG_SIZE;
			}
			if (c->rx_seg)
				buf_seg_put(c->rx_seg);
			c->rx_seg = rx_seg_get(need);
			c->rx_fill = 0;
		}
		space = c->rx_seg->size - c->rx_fill;
		n = read(c->fd, c->rx_seg->data + c->rx_fill, space);
		if (n > 0) {
			buf_append_ref(&c->rx, c->rx_seg, c->rx_fill, (uint32_t)n);
			c->rx_fill += (uint32_t)n;
			total += (size_t)n;
			if ((size_t)n < space || total >= RX_MAX_PER_WAKEUP)
				break;
			continue;
		}
		if (n == 0)
			return -ECONNRESET;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;
		return -errno;
	}
	if (total)
		gettimeofday(&c->last_active, NULL);
	return 0;
}

/* Parse and handle every complete frame in c->rx. */
static void
conn_process(struct conn *c)
{
	struct buf *body = &c->rx_body, *segs = c->rx_segs;
	size_t blen, plen;
	int err, i, r;

	while (c->fd >= 0 && c->state != CONN_CLOSED && !c->reading_paused) {
		if (!c->banner_done) {
			r = conn_hs_banner(c);
			if (r < 0) {
				conn_fault(c, "bad banner: %s", strerror(-r));
				break;
			}
			if (r == 0)
				break;
			continue;
		}
		/* The mode may change between two frames (after AUTH_DONE). */
		plen = conn_pre_len(c);
		if (!c->have_pre) {
			if (c->rx.len < plen)
				break;
			if (frame_secure_on(&c->sec))
				err = frame_secure_open_preamble(&c->sec,
						buf_contig(&c->rx, 0, plen),
						c->msgr->cfg.max_frame_seg, &c->pre);
			else
				err = frame_preamble_parse_max(buf_contig(&c->rx, 0, plen),
						c->msgr->cfg.max_frame_seg, &c->pre);
			if (err < 0) {
				conn_fault(c, "bad preamble: %s", strerror(-err));
				break;
			}
			c->have_pre = 1;
			if (c->pre.tag == FRAME_TAG_MESSAGE && c->state != CONN_READY) {
				conn_fault(c, "MESSAGE frame before ready (state %s)",
					   conn_state_name(c->state));
				break;
			}
		}
		if (c->pre.tag == FRAME_TAG_MESSAGE && !c->charged &&
		    !conn_charge(c, frame_payload_len(&c->pre)))
			break;
		blen = conn_body_len(c);
		if (c->rx.len < plen + blen)
			break;
		if (c->record)
			buf_slice(&c->rx, 0, plen + blen, &c->rec_rx);
		buf_consume(&c->rx, plen);
		buf_splice(&c->rx, 0, blen, body);
		c->have_pre = 0;
		if (frame_secure_on(&c->sec))
			err = frame_secure_check(&c->sec, &c->pre, body, segs);
		else
			err = frame_check(&c->pre, body, c->rev1, segs);
		buf_clear(body);
		if (err == -ECANCELED) {
			log_debug(LOG_MS, 5, "conn %s: peer aborted a %s frame", conn_desc(c),
				  frame_tag_name(c->pre.tag));
			conn_uncharge(c);
			continue;
		}
		if (err < 0) {
			conn_fault(c, "bad %s frame: %s", frame_tag_name(c->pre.tag),
				   strerror(-err));
			break;
		}
		log_debug(LOG_MS, 20, "conn %s: got %s (%zu bytes)", conn_desc(c),
			  frame_tag_name(c->pre.tag), frame_payload_len(&c->pre));
		if (c->pre.tag == FRAME_TAG_MESSAGE)
			err = conn_handle_message(c, segs, c->pre.nseg);
		else if (c->state == CONN_READY)
			err = conn_ready_frame(c, c->pre.tag, &segs[0]);
		else
			err = conn_hs_frame(c, c->pre.tag, &segs[0]);
		for (i = 0; i < FRAME_MAX_SEGMENTS; i++)
			buf_clear(&segs[i]);
		if (err < 0) {
			conn_fault(c, "%s frame: %s", frame_tag_name(c->pre.tag), strerror(-err));
			break;
		}
	}
}

void
conn_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	int err;

	conn_get(c);
	if (c->reading_paused)
		goto out;
	err = conn_read(c);
	/* Parse what arrived even if the peer closed right after sending it. */
	conn_process(c);
	if (err < 0 && c->fd >= 0 && c->state != CONN_CLOSED)
		conn_fault(c, "read: %s", err == -ECONNRESET ? "connection closed by peer" :
			   strerror(-err));
out:
	conn_put(c);
}
