/*
 * msgr_test.c — the messenger end to end, in one process: two (or more)
 * messengers on one event_base talking over loopback TCP.
 *
 * Covers the handshake both ways, ordered delivery of many messages with
 * data segments (and that received payloads are references into the
 * receive buffers, not copies), lossless reconnect after the TCP connection
 * is killed mid-stream (resend, no loss, no duplicates), lossy reset,
 * keepalive, throttles pausing reads, and hostile frames that must close
 * only the connection they arrive on.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <event2/event.h>

#include "common/crc32c.h"
#include "common/enc.h"
#include "common/log.h"
#include "msg/conn.h"
#include "msg/features.h"
#include "msg/frame.h"
#include "msg/message.h"
#include "msg/msgr.h"
#include "msg/sock.h"

#define MAXMSGS 4096

struct side {
	struct msgr *m;
	int connected, resets, ka_acks, remote_resets;
	struct conn *last_conn;         /* borrowed: last connected */
	uint64_t tids[MAXMSGS];         /* received, in order */
	uint64_t seqs[MAXMSGS];
	int n;
	int hold;                       /* keep messages instead of freeing them */
	struct msg *held[MAXMSGS];
	int nheld;
	int shared_ok, shared_checked;  /* zero-copy observations */
	int bad_data;
};

static struct event_base *base;
static struct event *tick;

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
}

static void
side_dispatch(void *arg, struct conn *c, struct msg *m)
{
	struct side *s = arg;
	size_t i;

	if (s->n < MAXMSGS) {
		s->tids[s->n] = m->hdr.tid;
		s->seqs[s->n] = m->hdr.seq;
		s->n++;
	}
	if (m->data.len) {
		const uint8_t *d = buf_contig(&m->data, 0, m->data.len);

		for (i = 0; i < m->data.len; i++)
			if (d[i] != (uint8_t)(m->hdr.tid + i))
				s->bad_data++;
	}
	/* A small message's front and data come out of the same receive segment. */
	if (m->front.nrefs == 1 && m->data.nrefs == 1) {
		s->shared_checked++;
		if (m->front.refs[0].seg == m->data.refs[0].seg)
			s->shared_ok++;
	}
	if (s->hold && s->nheld < MAXMSGS)
		s->held[s->nheld++] = m;
	else
		msg_free(m);
}

static void
side_connected(void *arg, struct conn *c)
{
	struct side *s = arg;

	s->connected++;
	s->last_conn = c;
}

static void
side_reset(void *arg, struct conn *c)
{
	struct side *s = arg;

	s->resets++;
	if (s->last_conn == c)
		s->last_conn = NULL;
}

static void
side_ka_ack(void *arg, struct conn *c, const struct utime *stamp)
{
	struct side *s = arg;

	s->ka_acks++;
}

static void
side_remote_reset(void *arg, struct conn *c)
{
	struct side *s = arg;

	s->remote_resets++;
}

static const struct msgr_ops side_ops = {
	.remote_reset = side_remote_reset,
	.dispatch = side_dispatch,
	.connected = side_connected,
	.reset = side_reset,
	.keepalive_ack = side_ka_ack,
};

static void
setup(void)
{
	struct event_config *ec = event_config_new();
	struct timeval tv = { 0, 5000 };

	event_config_set_flag(ec, EVENT_BASE_FLAG_NOLOCK);
	base = event_base_new_with_config(ec);
	event_config_free(ec);
	tick = event_new(base, -1, EV_PERSIST, tick_cb, NULL);
	evtimer_add(tick, &tv);
}

static void
teardown(void)
{
	event_free(tick);
	event_base_free(base);
	msg_pool_drain();
}

static long
now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec * 1000L + tv.tv_usec / 1000;
}

/* Run the loop until *flag >= want or ms pass; returns 1 if reached. */
static int
run_until(const int *flag, int want, int ms)
{
	long end = now_ms() + ms;

	while (*flag < want) {
		if (now_ms() > end)
			return 0;
		event_base_loop(base, EVLOOP_ONCE);
	}
	return 1;
}

static void
run_for(int ms)
{
	long end = now_ms() + ms;

	while (now_ms() < end)
		event_base_loop(base, EVLOOP_ONCE);
}

static struct msgr *
new_msgr(struct side *s, uint8_t type, int64_t num, int listen)
{
	struct entity_addr a;
	struct msgr_config cfg;

	memset(s, 0, sizeof(*s));
	s->m = msgr_new(base, type, num, &side_ops, s);
	msgr_get_config(s->m, &cfg);
	cfg.initial_backoff_ms = 5;
	cfg.max_backoff_ms = 50;
	msgr_set_config(s->m, &cfg);
	if (listen) {
		ck_assert_int_eq(entity_addr_parse("v2:127.0.0.1:0", ENTITY_ADDR_MSGR2, &a), 0);
		ck_assert_int_eq(msgr_bind(s->m, &a), 0);
	}
	return s->m;
}

static void
free_data(struct buf_seg *seg)
{
	free(seg->data);
}

static struct msg *
make_msg(uint64_t tid, size_t front, size_t data)
{
	struct msg *m = msg_new();
	uint8_t *p;
	size_t i;

	m->hdr.type = CEPH_MSG_OSD_OP;
	m->hdr.tid = tid;
	m->hdr.version = 1;
	m->hdr.compat_version = 1;
	if (front) {
		p = buf_reserve(&m->front, front);
		memset(p, 0xab, front);
	}
	if (data) {
		struct buf_seg *seg = buf_seg_wrap(malloc(data), data, free_data, NULL);

		for (i = 0; i < data; i++)
			seg->data[i] = (uint8_t)(tid + i);
		buf_append_ref(&m->data, seg, 0, (uint32_t)data);
		buf_seg_put(seg);
	}
	return m;
}

static void
check_in_order(const struct side *s, int n)
{
	int i;

	ck_assert_int_eq(s->n, n);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(s->tids[i], (uint64_t)i + 1);
		ck_assert_uint_eq(s->seqs[i], (uint64_t)i + 1);
	}
	ck_assert_int_eq(s->bad_data, 0);
}

/* ---- handshake ---- */

START_TEST(test_handshake_lossy_client)
{
	struct side srv, cli;
	struct conn *c;
	struct entity_name n;

	new_msgr(&srv, ENTITY_TYPE_OSD, 3, 1);
	new_msgr(&cli, ENTITY_TYPE_CLIENT, 4134, 0);
	msgr_set_policy(cli.m, ENTITY_TYPE_OSD, msgr_policy_lossy_client());

	c = msgr_connect(cli.m, msgr_addrs(srv.m), ENTITY_TYPE_OSD);
	ck_assert_ptr_nonnull(c);
	ck_assert(run_until(&cli.connected, 1, 3000));
	ck_assert(run_until(&srv.connected, 1, 3000));
	ck_assert(conn_is_ready(c));
	ck_assert(conn_is_lossy(c));
	ck_assert(!conn_is_server(c));
	ck_assert_uint_eq(conn_features(c), CEPH_FEATURES_SUPPORTED_DEFAULT);
	n = conn_peer_name(c);
	ck_assert_uint_eq(n.type, ENTITY_TYPE_OSD);
	ck_assert_int_eq(n.num, 3);
	/* The server knows the client as client.4134. */
	n = conn_peer_name(srv.last_conn);
	ck_assert_uint_eq(n.type, ENTITY_TYPE_CLIENT);
	ck_assert_int_eq(n.num, 4134);
	ck_assert(conn_is_server(srv.last_conn));
	/* The unbound client learnt its IP from the server's HELLO. */
	ck_assert_uint_eq(msgr_addrs(cli.m)->n, 1);
	ck_assert_uint_eq(msgr_addrs(cli.m)->v[0].type, ENTITY_ADDR_ANY);

	msgr_free(cli.m);
	msgr_free(srv.m);
}
END_TEST

START_TEST(test_handshake_lossless_both_ways)
{
	struct side a, b;
	struct conn *ab, *ba;

	new_msgr(&a, ENTITY_TYPE_OSD, 1, 1);
	new_msgr(&b, ENTITY_TYPE_OSD, 2, 1);
	msgr_set_policy(a.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	msgr_set_policy(b.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());

	ab = msgr_connect(a.m, msgr_addrs(b.m), ENTITY_TYPE_OSD);
	ck_assert(run_until(&a.connected, 1, 3000));
	ck_assert(run_until(&b.connected, 1, 3000));
	ck_assert(!conn_is_lossy(ab));
	ck_assert_int_eq(conn_peer_name(b.last_conn).num, 1);
	/* Connecting again returns the same session. */
	ck_assert_ptr_eq(msgr_connect(a.m, msgr_addrs(b.m), ENTITY_TYPE_OSD), ab);
	/* b's connect to a finds the session a opened. */
	ba = msgr_connect(b.m, msgr_addrs(a.m), ENTITY_TYPE_OSD);
	ck_assert_ptr_eq(ba, b.last_conn);

	/* Messages both ways. */
	conn_send(ab, make_msg(1, 10, 0));
	conn_send(ba, make_msg(1, 10, 0));
	ck_assert(run_until(&b.n, 1, 3000));
	ck_assert(run_until(&a.n, 1, 3000));
	msgr_free(a.m);
	msgr_free(b.m);
}
END_TEST

START_TEST(test_connect_refused_resets)
{
	struct side cli;
	struct entity_addrvec av;
	int fd;

	/* A port with nothing listening: bind one, close it. */
	new_msgr(&cli, ENTITY_TYPE_CLIENT, -1, 0);
	msgr_set_policy(cli.m, ENTITY_TYPE_OSD, msgr_policy_lossy_client());
	av.n = 1;
	entity_addr_parse("v2:127.0.0.1:0", ENTITY_ADDR_MSGR2, &av.v[0]);
	fd = sock_listen(&av.v[0], 1);
	ck_assert_int_ge(fd, 0);
	sock_local_addr(fd, &av.v[0]);
	close(fd);
	msgr_connect(cli.m, &av, ENTITY_TYPE_OSD);
	ck_assert_int_eq(cli.resets, 0);        /* never from inside msgr_connect */
	ck_assert(run_until(&cli.resets, 1, 3000));
	msgr_free(cli.m);
}
END_TEST

/* ---- ordered delivery, data segments ---- */

START_TEST(test_many_messages_in_order)
{
	struct side srv, cli;
	struct conn *c;
	int i, n = 2000;

	new_msgr(&srv, ENTITY_TYPE_OSD, 0, 1);
	new_msgr(&cli, ENTITY_TYPE_CLIENT, 7, 0);
	msgr_set_policy(cli.m, ENTITY_TYPE_OSD, msgr_policy_lossy_client());
	c = msgr_connect(cli.m, msgr_addrs(srv.m), ENTITY_TYPE_OSD);
	/* Queued before the handshake completes: sent once READY. */
	for (i = 1; i <= n; i++)
		conn_send(c, make_msg((uint64_t)i, 100, i % 3 ? 4096 : (size_t)(i * 7 % 70000)));
	ck_assert(run_until(&srv.n, n, 10000));
	check_in_order(&srv, n);
	ck_assert_int_gt(srv.shared_checked, 100);
	ck_assert_int_gt(srv.shared_ok, srv.shared_checked / 2);

	/* Replies flow back on the same connection. */
	for (i = 1; i <= 10; i++)
		conn_send(srv.last_conn, make_msg((uint64_t)i, 20, 300));
	ck_assert(run_until(&cli.n, 10, 3000));
	check_in_order(&cli, 10);
	msgr_free(cli.m);
	msgr_free(srv.m);
}
END_TEST

START_TEST(test_large_data_segment)
{
	struct side srv, cli;
	struct conn *c;

	new_msgr(&srv, ENTITY_TYPE_OSD, 0, 1);
	new_msgr(&cli, ENTITY_TYPE_CLIENT, 7, 0);
	c = msgr_connect(cli.m, msgr_addrs(srv.m), ENTITY_TYPE_OSD);
	conn_send(c, make_msg(1, 200, 4u << 20));
	conn_send(c, make_msg(2, 0, 1));
	ck_assert(run_until(&srv.n, 2, 10000));
	check_in_order(&srv, 2);
	msgr_free(cli.m);
	msgr_free(srv.m);
}
END_TEST

/* ---- lossless reconnect ---- */

static void
lossless_kill_test(int kill_server_side)
{
	struct side a, b;
	struct conn *ab;
	int i, n = 600, killed = 0;

	new_msgr(&a, ENTITY_TYPE_OSD, 1, 1);
	new_msgr(&b, ENTITY_TYPE_OSD, 2, 1);
	msgr_set_policy(a.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	msgr_set_policy(b.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	ab = msgr_connect(a.m, msgr_addrs(b.m), ENTITY_TYPE_OSD);
	ck_assert(run_until(&b.connected, 1, 3000));

	for (i = 1; i <= n; i++) {
		conn_send(ab, make_msg((uint64_t)i, 50, 1000));
		if (i % 50 == 0)
			event_base_loop(base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
		if (!killed && b.n >= 100) {
			/* Cut the TCP connection under both ends, mid-stream. */
			struct conn *victim = kill_server_side ? b.last_conn : ab;

			ck_assert_int_ge(victim->fd, 0);
			shutdown(victim->fd, SHUT_RDWR);
			killed = 1;
		}
	}
	ck_assert(killed || b.n < 100);
	if (!killed) {
		ck_assert(run_until(&b.n, 100, 5000));
		shutdown(kill_server_side ? b.last_conn->fd : ab->fd, SHUT_RDWR);
	}
	ck_assert(run_until(&b.n, n, 10000));
	run_for(50);
	check_in_order(&b, n);
	ck_assert_int_eq(a.resets, 0);
	ck_assert_int_eq(b.resets, 0);
	/* Everything was acked: nothing left to resend. */
	ck_assert_uint_eq(ab->q.n, 0);
	ck_assert(conn_is_ready(ab));
	/* The session on b is still the one from the first connect. */
	ck_assert_int_eq(b.connected, 1);
	msgr_free(a.m);
	msgr_free(b.m);
}

START_TEST(test_lossless_reconnect_client_kill)
{
	lossless_kill_test(0);
}
END_TEST

START_TEST(test_lossless_reconnect_server_kill)
{
	lossless_kill_test(1);
}
END_TEST

START_TEST(test_lossless_reconnect_unacked_resent)
{
	struct side a, b;
	struct conn *ab;
	int i;

	new_msgr(&a, ENTITY_TYPE_OSD, 1, 1);
	new_msgr(&b, ENTITY_TYPE_OSD, 2, 1);
	msgr_set_policy(a.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	msgr_set_policy(b.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	ab = msgr_connect(a.m, msgr_addrs(b.m), ENTITY_TYPE_OSD);
	ck_assert(run_until(&b.connected, 1, 3000));
	conn_send(ab, make_msg(1, 10, 0));
	ck_assert(run_until(&b.n, 1, 3000));
	run_for(20);
	ck_assert_uint_eq(ab->q.n, 0);          /* acked */

	/* Queue messages and kill the socket before they can be written. */
	for (i = 2; i <= 20; i++)
		conn_send(ab, make_msg((uint64_t)i, 10, 10));
	shutdown(ab->fd, SHUT_RDWR);
	ck_assert(run_until(&b.n, 20, 5000));
	run_for(20);
	check_in_order(&b, 20);
	msgr_free(a.m);
	msgr_free(b.m);
}
END_TEST

START_TEST(test_lossless_peer_restart_resets_session)
{
	struct side a, b, a2;
	struct conn *ab, *c2;

	new_msgr(&a, ENTITY_TYPE_OSD, 1, 1);
	new_msgr(&b, ENTITY_TYPE_OSD, 2, 1);
	msgr_set_policy(a.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	msgr_set_policy(b.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	ab = msgr_connect(a.m, msgr_addrs(b.m), ENTITY_TYPE_OSD);
	ck_assert(run_until(&b.connected, 1, 3000));
	(void)ab;

	/* A new process at the same address (same nonce: as after a restart
	 * with a reused nonce would be; here: another messenger claiming a's
	 * addresses) starts a fresh session: b drops the old one. */
	new_msgr(&a2, ENTITY_TYPE_OSD, 1, 0);
	msgr_set_policy(a2.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	a2.m->addrs = a.m->addrs;
	msgr_free(a.m);
	c2 = msgr_connect(a2.m, msgr_addrs(b.m), ENTITY_TYPE_OSD);
	ck_assert(run_until(&b.connected, 2, 3000));
	ck_assert(run_until(&b.resets, 1, 3000));
	conn_send(c2, make_msg(1, 10, 0));
	ck_assert(run_until(&b.n, 1, 3000));
	msgr_free(a2.m);
	msgr_free(b.m);
}
END_TEST

START_TEST(test_lossless_reconnect_retry)
{
	struct side a, b;
	struct conn *ab, *ba;

	new_msgr(&a, ENTITY_TYPE_OSD, 1, 1);
	new_msgr(&b, ENTITY_TYPE_OSD, 2, 1);
	msgr_set_policy(a.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	msgr_set_policy(b.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	ab = msgr_connect(a.m, msgr_addrs(b.m), ENTITY_TYPE_OSD);
	ck_assert(run_until(&b.connected, 1, 3000));
	ba = b.last_conn;
	conn_send(ab, make_msg(1, 10, 0));
	ck_assert(run_until(&b.n, 1, 3000));

	/*
	 * Make b's session look newer than what a will offer: b answers the
	 * reconnect with RETRY_GLOBAL (a's global_seq is too old), then RETRY
	 * (its connect_seq is too old); a must bump both and get through.
	 */
	ba->peer_global_seq = 1000;
	ba->connect_seq = 5;
	shutdown(ab->fd, SHUT_RDWR);
	conn_send(ab, make_msg(2, 10, 0));
	ck_assert(run_until(&b.n, 2, 5000));
	check_in_order(&b, 2);
	ck_assert_uint_gt(ab->global_seq, 1000);
	ck_assert_uint_eq(ab->connect_seq, 6);
	ck_assert_uint_eq(ba->connect_seq, 6);
	ck_assert_int_eq(a.resets + b.resets, 0);
	msgr_free(a.m);
	msgr_free(b.m);
}
END_TEST

START_TEST(test_lossless_reconnect_unknown_session_resets)
{
	struct side a, b;
	struct conn *ab;

	new_msgr(&a, ENTITY_TYPE_OSD, 1, 1);
	new_msgr(&b, ENTITY_TYPE_OSD, 2, 1);
	msgr_set_policy(a.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	msgr_set_policy(b.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	ab = msgr_connect(a.m, msgr_addrs(b.m), ENTITY_TYPE_OSD);
	ck_assert(run_until(&b.connected, 1, 3000));
	conn_send(ab, make_msg(1, 10, 0));
	ck_assert(run_until(&b.n, 1, 3000));
	/* b forgets the session (as after a restart): a's reconnect gets a
	 * full SESSION_RESET, then a new session starts with CLIENT_IDENT. */
	conn_mark_down(b.last_conn);
	run_for(30);
	/* Queued for the old session: dropped by the full reset, and said so. */
	conn_send(ab, make_msg(2, 10, 0));
	ck_assert(run_until(&a.remote_resets, 1, 5000));
	ck_assert(run_until(&b.connected, 2, 3000));
	conn_send(ab, make_msg(3, 10, 0));
	ck_assert(run_until(&b.n, 2, 5000));
	ck_assert_uint_eq(b.tids[1], 3);
	ck_assert_uint_eq(b.seqs[1], 1);        /* a new session numbers from 1 */
	ck_assert_int_eq(a.resets, 0);
	msgr_free(a.m);
	msgr_free(b.m);
}
END_TEST

START_TEST(test_lossless_connect_race)
{
	struct side a, b;
	struct conn *ab, *ba;
	int i;

	new_msgr(&a, ENTITY_TYPE_OSD, 1, 1);
	new_msgr(&b, ENTITY_TYPE_OSD, 2, 1);
	msgr_set_policy(a.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	msgr_set_policy(b.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	/* Both dial at once: one TCP connection must win, on both ends. */
	ab = conn_get(msgr_connect(a.m, msgr_addrs(b.m), ENTITY_TYPE_OSD));
	ba = conn_get(msgr_connect(b.m, msgr_addrs(a.m), ENTITY_TYPE_OSD));
	for (i = 1; i <= 50; i++) {
		conn_send(ab, make_msg((uint64_t)i, 10, 10));
		conn_send(ba, make_msg((uint64_t)i, 10, 10));
	}
	ck_assert(run_until(&b.n, 50, 5000));
	ck_assert(run_until(&a.n, 50, 5000));
	run_for(50);
	check_in_order(&a, 50);
	check_in_order(&b, 50);
	ck_assert(conn_is_ready(ab));
	ck_assert(conn_is_ready(ba));
	/* Each side has one session with the other. */
	ck_assert_ptr_eq(msgr_connect(a.m, msgr_addrs(b.m), ENTITY_TYPE_OSD), ab);
	ck_assert_ptr_eq(msgr_connect(b.m, msgr_addrs(a.m), ENTITY_TYPE_OSD), ba);
	ck_assert_int_eq(a.resets + b.resets, 0);
	conn_put(ab);
	conn_put(ba);
	msgr_free(a.m);
	msgr_free(b.m);
}
END_TEST

START_TEST(test_lossless_accepting_side_reconnects)
{
	struct side a, b;
	struct conn *ab, *ba;
	int i;

	new_msgr(&a, ENTITY_TYPE_OSD, 1, 1);
	new_msgr(&b, ENTITY_TYPE_OSD, 2, 1);
	msgr_set_policy(a.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	msgr_set_policy(b.m, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	ab = msgr_connect(a.m, msgr_addrs(b.m), ENTITY_TYPE_OSD);
	ck_assert(run_until(&b.connected, 1, 3000));
	ba = b.last_conn;
	/* Kill the socket, then only the accepting side has something to say. */
	shutdown(ab->fd, SHUT_RDWR);
	run_for(50);
	for (i = 1; i <= 30; i++)
		conn_send(ba, make_msg((uint64_t)i, 10, 10));
	ck_assert(run_until(&a.n, 30, 5000));
	run_for(50);
	check_in_order(&a, 30);
	ck_assert_int_eq(a.resets + b.resets, 0);
	conn_send(ab, make_msg(1, 1, 1));
	ck_assert(run_until(&b.n, 1, 3000));
	msgr_free(a.m);
	msgr_free(b.m);
}
END_TEST

/* ---- lossy reset ---- */

START_TEST(test_lossy_reset)
{
	struct side srv, cli;
	struct conn *c;

	new_msgr(&srv, ENTITY_TYPE_OSD, 0, 1);
	new_msgr(&cli, ENTITY_TYPE_CLIENT, 7, 0);
	msgr_set_policy(cli.m, ENTITY_TYPE_OSD, msgr_policy_lossy_client());
	c = conn_get(msgr_connect(cli.m, msgr_addrs(srv.m), ENTITY_TYPE_OSD));
	ck_assert(run_until(&srv.connected, 1, 3000));
	ck_assert(run_until(&cli.connected, 1, 3000));
	shutdown(c->fd, SHUT_RDWR);
	ck_assert(run_until(&cli.resets, 1, 3000));
	ck_assert(run_until(&srv.resets, 1, 3000));
	ck_assert(!conn_is_ready(c));
	/* A dead connection refuses (and frees) new messages. */
	ck_assert_int_eq(conn_send(c, make_msg(1, 1, 0)), -ENOTCONN);
	conn_put(c);
	/* A new session is a fresh connection: sequence restarts at 1. */
	c = msgr_connect(cli.m, msgr_addrs(srv.m), ENTITY_TYPE_OSD);
	conn_send(c, make_msg(1, 10, 0));
	ck_assert(run_until(&srv.n, 1, 3000));
	ck_assert_uint_eq(srv.seqs[0], 1);
	/* mark_down is silent. */
	conn_mark_down(c);
	run_for(20);
	ck_assert_int_eq(cli.resets, 1);
	msgr_free(cli.m);
	msgr_free(srv.m);
}
END_TEST

/* ---- keepalive ---- */

START_TEST(test_keepalive)
{
	struct side srv, cli;
	struct conn *c;

	new_msgr(&srv, ENTITY_TYPE_MON, 0, 1);
	new_msgr(&cli, ENTITY_TYPE_OSD, 0, 0);
	msgr_set_policy(cli.m, ENTITY_TYPE_MON, msgr_policy_lossy_client());
	c = msgr_connect(cli.m, msgr_addrs(srv.m), ENTITY_TYPE_MON);
	conn_send_keepalive(c);         /* before READY: sent once ready */
	ck_assert(run_until(&cli.ka_acks, 1, 3000));
	conn_send_keepalive(c);
	ck_assert(run_until(&cli.ka_acks, 2, 3000));
	/* And from the server side. */
	conn_send_keepalive(srv.last_conn);
	ck_assert(run_until(&srv.ka_acks, 1, 3000));
	msgr_free(cli.m);
	msgr_free(srv.m);
}
END_TEST

START_TEST(test_idle_timeout)
{
	struct side srv, cli;
	struct msgr_config cfg;

	new_msgr(&srv, ENTITY_TYPE_OSD, 0, 1);
	new_msgr(&cli, ENTITY_TYPE_CLIENT, 7, 0);
	msgr_get_config(srv.m, &cfg);
	cfg.idle_timeout_ms = 100;
	msgr_set_config(srv.m, &cfg);
	msgr_connect(cli.m, msgr_addrs(srv.m), ENTITY_TYPE_OSD);
	ck_assert(run_until(&srv.connected, 1, 3000));
	ck_assert(run_until(&srv.resets, 1, 2000));
	ck_assert(run_until(&cli.resets, 1, 2000));
	msgr_free(cli.m);
	msgr_free(srv.m);
}
END_TEST

/* ---- throttles ---- */

START_TEST(test_throttle_pauses_reading)
{
	struct side srv, cli;
	struct msgr_config cfg;
	struct conn *c;
	int i;

	new_msgr(&srv, ENTITY_TYPE_OSD, 0, 1);
	new_msgr(&cli, ENTITY_TYPE_CLIENT, 7, 0);
	msgr_get_config(srv.m, &cfg);
	cfg.throttle_msgs = 5;
	msgr_set_config(srv.m, &cfg);
	srv.hold = 1;
	c = msgr_connect(cli.m, msgr_addrs(srv.m), ENTITY_TYPE_OSD);
	for (i = 1; i <= 40; i++)
		conn_send(c, make_msg((uint64_t)i, 100, 100));
	ck_assert(run_until(&srv.n, 5, 3000));
	run_for(100);
	/* Five held: the sixth waits in the socket, not dropped. */
	ck_assert_int_eq(srv.n, 5);
	ck_assert(srv.last_conn->reading_paused);
	/* Freeing two lets two more in. */
	srv.hold = 0;
	msg_free(srv.held[0]);
	msg_free(srv.held[1]);
	ck_assert(run_until(&srv.n, 40, 3000));
	for (i = 2; i < srv.nheld; i++)
		msg_free(srv.held[i]);
	check_in_order(&srv, 40);

	/* A byte budget, per connection (policy). */
	msgr_free(cli.m);
	msgr_free(srv.m);
}
END_TEST

START_TEST(test_throttle_bytes_policy)
{
	struct side srv, cli;
	struct msgr_policy pol = msgr_policy_stateless_server();
	struct conn *c;
	int i;

	new_msgr(&srv, ENTITY_TYPE_OSD, 0, 1);
	new_msgr(&cli, ENTITY_TYPE_CLIENT, 7, 0);
	pol.throttle_bytes = 10000;
	msgr_set_policy(srv.m, ENTITY_TYPE_CLIENT, pol);
	srv.hold = 1;
	c = msgr_connect(cli.m, msgr_addrs(srv.m), ENTITY_TYPE_OSD);
	for (i = 1; i <= 10; i++)
		conn_send(c, make_msg((uint64_t)i, 0, 4000));
	ck_assert(run_until(&srv.n, 2, 3000));
	run_for(100);
	ck_assert_int_eq(srv.n, 2);     /* a third 4000 would pass 10000 */
	srv.hold = 0;
	msg_free(srv.held[0]);
	msg_free(srv.held[1]);
	ck_assert(run_until(&srv.n, 10, 3000));
	check_in_order(&srv, 10);
	msgr_free(cli.m);
	msgr_free(srv.m);
}
END_TEST

/* ---- hostile input ---- */

/* A raw TCP peer: connects, sends a valid banner, drains the server's banner. */
static int
raw_connect(struct msgr *srv)
{
	struct buf b = BUF_INIT;
	struct iovec iov[4];
	int fd, n;

	fd = sock_connect(&msgr_addrs(srv)->v[0]);
	ck_assert_int_ge(fd, 0);
	frame_banner_build(&b, MSGR2_FEATURE_REVISION_1, 0);
	run_for(20);
	n = buf_to_iov(&b, 0, iov, 4);
	ck_assert_int_eq(writev(fd, iov, n), (ssize_t)b.len);
	buf_free(&b);
	return fd;
}

static void
raw_send(int fd, const void *p, size_t len)
{
	ck_assert_int_eq(write(fd, p, len), (ssize_t)len);
}

static void
raw_send_buf(int fd, const struct buf *b)
{
	uint8_t *p = malloc(b->len);

	buf_copy_out(b, 0, b->len, p);
	raw_send(fd, p, b->len);
	free(p);
}

/* Run the loop until the server closes fd (1) or ms pass (0). */
static int
raw_wait_closed(int fd, int ms)
{
	long end = now_ms() + ms;
	char tmp[4096];
	ssize_t n;

	while (now_ms() < end) {
		event_base_loop(base, EVLOOP_ONCE);
		n = recv(fd, tmp, sizeof(tmp), MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
			return 1;
	}
	return 0;
}

static void
preamble(uint8_t p[32], uint8_t tag, uint8_t nseg, uint32_t len0)
{
	memset(p, 0, 32);
	p[0] = tag;
	p[1] = nseg;
	put_le32(p + 2, len0);
	put_le16(p + 6, 8);
	put_le32(p + 28, crc32c(0, p, 28));
}

enum hostile { BAD_CRC, OVERSIZED, MESSAGE_EARLY, UNKNOWN_TAG, BAD_SEG_CRC, GARBAGE_BANNER };

static void
hostile_test(enum hostile kind)
{
	struct side srv, cli;
	struct conn *good;
	struct buf b = BUF_INIT, seg = BUF_INIT;
	uint8_t p[32];
	int fd;

	new_msgr(&srv, ENTITY_TYPE_OSD, 0, 1);
	new_msgr(&cli, ENTITY_TYPE_CLIENT, 7, 0);
	good = msgr_connect(cli.m, msgr_addrs(srv.m), ENTITY_TYPE_OSD);
	ck_assert(run_until(&srv.connected, 1, 3000));

	if (kind == GARBAGE_BANNER) {
		fd = sock_connect(&msgr_addrs(srv.m)->v[0]);
		run_for(20);
		raw_send(fd, "GET / HTTP/1.1\r\n\r\n", 18);
	} else {
		fd = raw_connect(srv.m);
	}
	switch (kind) {
	case BAD_CRC:
		preamble(p, FRAME_TAG_HELLO, 1, 36);
		p[28] ^= 1;
		raw_send(fd, p, 32);
		break;
	case OVERSIZED:
		preamble(p, FRAME_TAG_HELLO, 1, 0x7fffffff);
		raw_send(fd, p, 32);
		break;
	case MESSAGE_EARLY:
		enc_u64(&seg, 1);
		frame_build(&b, FRAME_TAG_MESSAGE, &seg, 1, 1);
		raw_send_buf(fd, &b);
		break;
	case UNKNOWN_TAG:
		preamble(p, 99, 1, 8);
		raw_send(fd, p, 32);
		raw_send(fd, "\0\0\0\0\0\0\0\0\0\0\0\0", 12);
		break;
	case BAD_SEG_CRC:
		enc_u64(&seg, 1);
		frame_build_ctl(&b, FRAME_TAG_HELLO, &seg, 1);
		{
			uint8_t *q = malloc(b.len);

			buf_copy_out(&b, 0, b.len, q);
			q[b.len - 1] ^= 0x80;
			raw_send(fd, q, b.len);
			free(q);
		}
		break;
	case GARBAGE_BANNER:
		break;
	}
	ck_assert_msg(raw_wait_closed(fd, 3000), "server kept a hostile connection open");
	close(fd);
	buf_free(&b);
	buf_free(&seg);

	/* The good connection is unaffected. */
	ck_assert(conn_is_ready(good));
	conn_send(good, make_msg(1, 10, 10));
	ck_assert(run_until(&srv.n, 1, 3000));
	ck_assert_int_eq(srv.resets, 0);
	msgr_free(cli.m);
	msgr_free(srv.m);
}

START_TEST(test_hostile_bad_preamble_crc) { hostile_test(BAD_CRC); }
END_TEST
START_TEST(test_hostile_oversized) { hostile_test(OVERSIZED); }
END_TEST
START_TEST(test_hostile_message_before_ready) { hostile_test(MESSAGE_EARLY); }
END_TEST
START_TEST(test_hostile_unknown_tag) { hostile_test(UNKNOWN_TAG); }
END_TEST
START_TEST(test_hostile_bad_segment_crc) { hostile_test(BAD_SEG_CRC); }
END_TEST
START_TEST(test_hostile_garbage_banner) { hostile_test(GARBAGE_BANNER); }
END_TEST

START_TEST(test_wrong_peer_type_refused)
{
	struct side srv, cli;

	/* We expect a mon but reach an OSD: the client closes. */
	new_msgr(&srv, ENTITY_TYPE_OSD, 0, 1);
	new_msgr(&cli, ENTITY_TYPE_CLIENT, 7, 0);
	msgr_connect(cli.m, msgr_addrs(srv.m), ENTITY_TYPE_MON);
	ck_assert(run_until(&cli.resets, 1, 3000));
	ck_assert_int_eq(cli.connected, 0);
	msgr_free(cli.m);
	msgr_free(srv.m);
}
END_TEST

START_TEST(test_wrong_target_nonce_refused)
{
	struct side srv, cli;
	struct entity_addrvec av;

	new_msgr(&srv, ENTITY_TYPE_OSD, 0, 1);
	new_msgr(&cli, ENTITY_TYPE_CLIENT, 7, 0);
	av = *msgr_addrs(srv.m);
	av.v[0].nonce ^= 1;     /* "peer is trying to reach ... which is not us" */
	msgr_connect(cli.m, &av, ENTITY_TYPE_OSD);
	ck_assert(run_until(&cli.resets, 1, 3000));
	ck_assert_int_eq(srv.connected, 0);
	msgr_free(cli.m);
	msgr_free(srv.m);
}
END_TEST

START_TEST(test_missing_features_refused)
{
	struct side srv, cli;

	new_msgr(&srv, ENTITY_TYPE_OSD, 0, 1);
	new_msgr(&cli, ENTITY_TYPE_CLIENT, 7, 0);
	/* The server insists on a bit the client does not offer. */
	msgr_set_features(srv.m, CEPH_FEATURES_SUPPORTED_DEFAULT,
			  CEPH_FEATURE_MSG_ADDR2 | CEPH_FEATURE_RESERVED);
	msgr_connect(cli.m, msgr_addrs(srv.m), ENTITY_TYPE_OSD);
	ck_assert(run_until(&cli.resets, 1, 3000));
	ck_assert_int_eq(cli.connected, 0);
	ck_assert_int_eq(srv.connected, 0);
	msgr_free(cli.m);

	/* And a client refuses a server requiring what it lacks. */
	new_msgr(&cli, ENTITY_TYPE_CLIENT, 7, 0);
	msgr_set_features(srv.m, CEPH_FEATURES_SUPPORTED_DEFAULT | CEPH_FEATURE_RESERVED,
			  CEPH_FEATURE_MSG_ADDR2);
	msgr_set_features(cli.m, CEPH_FEATURES_SUPPORTED_DEFAULT | CEPH_FEATURE_RESERVED,
			  CEPH_FEATURE_MSG_ADDR2);
	msgr_connect(cli.m, msgr_addrs(srv.m), ENTITY_TYPE_OSD);
	ck_assert(run_until(&cli.connected, 1, 3000));
	ck_assert(run_until(&srv.connected, 1, 3000));
	msgr_free(cli.m);
	msgr_free(srv.m);
}
END_TEST

START_TEST(test_ready_timeout)
{
	struct side srv;
	struct msgr_config cfg;
	int fd;
	long t0;

	new_msgr(&srv, ENTITY_TYPE_OSD, 0, 1);
	msgr_get_config(srv.m, &cfg);
	cfg.ready_timeout_ms = 200;
	msgr_set_config(srv.m, &cfg);
	/* A peer that sends its banner and then nothing. */
	fd = raw_connect(srv.m);
	t0 = now_ms();
	ck_assert(raw_wait_closed(fd, 3000));
	ck_assert_int_ge(now_ms() - t0, 100);
	close(fd);
	msgr_free(srv.m);
}
END_TEST

static Suite *
msgr_suite(void)
{
	Suite *s = suite_create("msgr");
	TCase *tc;

	tc = tcase_create("handshake");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_handshake_lossy_client);
	tcase_add_test(tc, test_handshake_lossless_both_ways);
	tcase_add_test(tc, test_connect_refused_resets);
	tcase_add_test(tc, test_wrong_peer_type_refused);
	tcase_add_test(tc, test_wrong_target_nonce_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("messages");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_many_messages_in_order);
	tcase_add_test(tc, test_large_data_segment);
	tcase_add_test(tc, test_keepalive);
	tcase_add_test(tc, test_idle_timeout);
	suite_add_tcase(s, tc);

	tc = tcase_create("sessions");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_lossless_reconnect_client_kill);
	tcase_add_test(tc, test_lossless_reconnect_server_kill);
	tcase_add_test(tc, test_lossless_reconnect_unacked_resent);
	tcase_add_test(tc, test_lossless_peer_restart_resets_session);
	tcase_add_test(tc, test_lossless_connect_race);
	tcase_add_test(tc, test_lossless_reconnect_retry);
	tcase_add_test(tc, test_lossless_reconnect_unknown_session_resets);
	tcase_add_test(tc, test_lossless_accepting_side_reconnects);
	tcase_add_test(tc, test_lossy_reset);
	suite_add_tcase(s, tc);

	tc = tcase_create("throttle");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_throttle_pauses_reading);
	tcase_add_test(tc, test_throttle_bytes_policy);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hostile_bad_preamble_crc);
	tcase_add_test(tc, test_hostile_oversized);
	tcase_add_test(tc, test_hostile_message_before_ready);
	tcase_add_test(tc, test_hostile_unknown_tag);
	tcase_add_test(tc, test_hostile_bad_segment_crc);
	tcase_add_test(tc, test_hostile_garbage_banner);
	tcase_add_test(tc, test_missing_features_refused);
	tcase_add_test(tc, test_ready_timeout);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(msgr_suite());
	const char *dbg = getenv("MSGR_TEST_DEBUG_MS");
	int failed;

	if (dbg)
		log_set_level("ms", atoi(dbg));

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
