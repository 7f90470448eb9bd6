/*
 * msgr.c — the messenger: identity, listeners, the connection table,
 * policies and the end-of-iteration flush (see msgr.h).
 *
 * Flushing: a connection with something to send puts itself on m->dirty
 * and activates m->flush_ev, a pure "active" event (no fd, no timeout).
 * libevent runs it after the callbacks already active in this iteration, so
 * every frame queued while handling one batch of input leaves in a single
 * writev per connection.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/log.h"
#include "common/mem.h"
#include "msg/conn.h"
#include "msg/features.h"
#include "msg/sock.h"

/* ---- policies (Ceph's Messenger::Policy constructors) ---- */

struct msgr_policy
msgr_policy_lossy_client(void)
{
	struct msgr_policy p = { .lossy = 1 };

	return p;
}

struct msgr_policy
msgr_policy_stateless_server(void)
{
	struct msgr_policy p = { .lossy = 1, .server = 1 };

	return p;
}

struct msgr_policy
msgr_policy_lossless_peer(void)
{
	struct msgr_policy p = { .standby = 1 };

	return p;
}

struct msgr_policy
msgr_policy_stateful_server(void)
{
	struct msgr_policy p = { .server = 1, .standby = 1, .resetcheck = 1 };

	return p;
}

struct msgr_policy
msgr_policy_lossless_client(void)
{
	struct msgr_policy p = { .resetcheck = 1 };

	return p;
}

const struct msgr_policy *
msgr_policy_for(const struct msgr *m, uint8_t peer_type)
{
	return m->policy_set[peer_type] ? &m->policy[peer_type] : &m->default_policy;
}

void
msgr_set_policy(struct msgr *m, uint8_t peer_type, struct msgr_policy p)
{
	m->policy[peer_type] = p;
	m->policy_set[peer_type] = 1;
}

void
msgr_set_default_policy(struct msgr *m, struct msgr_policy p)
{
	m->default_policy = p;
}

/* ---- flush ---- */

static void
msgr_flush_cb(evutil_socket_t fd, short what, void *arg)
{
	struct msgr *m = arg;
	struct conn *c;

	while ((c = m->dirty) != NULL) {
		m->dirty = c->dirty_next;
		c->dirty_next = NULL;
		c->dirty = 0;
		conn_flush(c);
		conn_put(c);
	}
}

/* ---- lifetime ---- */

struct msgr *
msgr_new(struct event_base *base, uint8_t my_type, int64_t my_num,
	 const struct msgr_ops *ops, void *arg)
{
	static const struct msgr_ops no_ops;
	struct msgr *m = xcalloc(1, sizeof(*m));
	int i;

	m->base = base;
	m->my_type = my_type;
	m->my_num = my_num;
	m->gid = my_num;
	m->ops = ops ? ops : &no_ops;
	m->arg = arg;
	m->nonce = arc4random();
	m->supported = CEPH_FEATURES_SUPPORTED_DEFAULT;
	m->required = CEPH_FEATURES_REQUIRED_DEFAULT;
	m->cfg.ready_timeout_ms = 10 * 1000;
	m->cfg.idle_timeout_ms = 900 * 1000;
	m->cfg.initial_backoff_ms = 200;
	m->cfg.max_backoff_ms = 15 * 1000;
	m->cfg.max_frame_seg = FRAME_SEG_MAX;
	m->cfg.rev1 = 1;
	m->default_policy = msgr_policy_stateless_server();
	/* ms_dispatch_throttle_bytes: 100 MiB of received messages in flight. */
	m->cfg.throttle_bytes = 100u << 20;
	throttle_init(&m->throttle_bytes, m->cfg.throttle_bytes);
	throttle_init(&m->throttle_msgs, 0);
	for (i = 0; i < ENTITY_ADDRVEC_MAX; i++)
		m->lfd[i] = -1;
	auth_policy_default(&m->auth_policy);
	auth_policy_default(&m->auth_server_policy);
	m->auth_name.type = my_type;
	snprintf(m->auth_name.id, sizeof(m->auth_name.id), "%lld", (long long)my_num);
	m->flush_ev = event_new(base, -1, 0, msgr_flush_cb, m);
	return m;
}

void
msgr_free(struct msgr *m)
{
	struct conn *c;
	int i;

	if (!m)
		return;
	m->freeing = 1;
	while (m->conns) {
		c = conn_get(m->conns);
		conn_close(c, 0);
		conn_detach_msgr(c);
		conn_put(c);
	}
	msgr_flush_cb(-1, 0, m);
	for (i = 0; i < m->nlisten; i++) {
		event_free(m->lev[i]);
		close(m->lfd[i]);
	}
	event_free(m->flush_ev);
	free(m);
}

void
msgr_get_config(const struct msgr *m, struct msgr_config *cfg)
{
	*cfg = m->cfg;
}

void
msgr_set_config(struct msgr *m, const struct msgr_config *cfg)
{
	m->cfg = *cfg;
	if (m->cfg.max_frame_seg == 0 || m->cfg.max_frame_seg > FRAME_SEG_MAX)
		m->cfg.max_frame_seg = FRAME_SEG_MAX;
	throttle_set_max(&m->throttle_bytes, cfg->throttle_bytes);
	throttle_set_max(&m->throttle_msgs, cfg->throttle_msgs);
}

void
msgr_set_features(struct msgr *m, uint64_t supported, uint64_t required)
{
	m->supported = supported;
	m->required = required;
}

void
msgr_set_nonce(struct msgr *m, uint32_t nonce)
{
	uint32_t i;

	m->nonce = nonce;
	for (i = 0; i < m->addrs.n; i++)
		m->addrs.v[i].nonce = nonce;
}

void
msgr_set_auth_name(struct msgr *m, uint32_t type, const char *id, uint64_t global_id)
{
	m->auth_name.type = type;
	snprintf(m->auth_name.id, sizeof(m->auth_name.id), "%s", id);
	m->auth_global_id = global_id;
}

void
msgr_set_auth(struct msgr *m, const struct auth_policy *p, void *keys)
{
	if (p)
		m->auth_policy = *p;
	else
		auth_policy_default(&m->auth_policy);
	m->auth_server_policy = m->auth_policy;
	m->auth_keys = keys;
}

void
msgr_set_auth_server(struct msgr *m, const struct auth_policy *p)
{
	if (p)
		m->auth_server_policy = *p;
	else
		m->auth_server_policy = m->auth_policy;
}

void
msgr_set_gid(struct msgr *m, int64_t gid)
{
	m->gid = gid;
}

int64_t
msgr_gid(const struct msgr *m)
{
	return m->gid;
}

void
msgr_set_assign_global_ids(struct msgr *m, uint64_t first)
{
	m->next_global_id = first;
}

uint64_t
msgr_next_global_seq(struct msgr *m, uint64_t above)
{
	if (m->global_seq < above)
		m->global_seq = above;
	return ++m->global_seq;
}

/* ---- addresses ---- */

const struct entity_addrvec *
msgr_addrs(const struct msgr *m)
{
	return &m->addrs;
}

void
msgr_learn_addr(struct msgr *m, const struct entity_addr *seen)
{
	struct entity_addr a;
	char s[96];

	if (m->addrs.n)
		return;
	/* A client without a listener: type ANY, port 0, our nonce (§1.4). */
	a = *seen;
	a.type = ENTITY_ADDR_ANY;
	a.nonce = m->nonce;
	entity_addr_set_port(&a, 0);
	m->addrs.v[0] = a;
	m->addrs.n = 1;
	entity_addr_format(&a, s, sizeof(s));
	log_debug(LOG_MS, 1, "msgr: learned my address %s", s);
}

int
msgr_is_my_addr(const struct msgr *m, const struct entity_addr *a)
{
	uint32_t i;

	for (i = 0; i < m->addrs.n; i++)
		if (entity_addr_equal(&m->addrs.v[i], a))
			return 1;
	return 0;
}

static void
msgr_accept_cb(evutil_socket_t lfd, short what, void *arg)
{
	struct msgr *m = arg;
	struct entity_addr peer;
	struct conn *c;
	int fd, n;

	/* Drain the backlog, but leave room for other events. */
	for (n = 0; n < 64; n++) {
		fd = sock_accept(lfd, &peer);
		if (fd == -EAGAIN)
			return;
		if (fd < 0) {
			log_error(LOG_MS, "msgr: accept: %s", strerror(-fd));
			return;
		}
		c = conn_alloc(m, 1);
		c->peer_type = ENTITY_TYPE_ANY;
		c->policy = m->default_policy;
		conn_start_accept(c, fd);
	}
}

int
msgr_bind(struct msgr *m, const struct entity_addr *addr)
{
	struct entity_addr a;
	char s[96];
	int fd, err;

	if (m->nlisten == ENTITY_ADDRVEC_MAX)
		return -ENOSPC;
	fd = sock_listen(addr, 512);
	if (fd < 0) {
		/* The caller may be trying a range of ports: it logs the failure. */
		entity_addr_format(addr, s, sizeof(s));
		log_debug(LOG_MS, 1, "msgr: cannot listen on %s: %s", s, strerror(-fd));
		return fd;
	}
	if ((err = sock_local_addr(fd, &a)) < 0) {
		close(fd);
		return err;
	}
	a.type = ENTITY_ADDR_MSGR2;
	a.nonce = m->nonce;
	/* A learned (unbound) address is replaced by the first real one. */
	if (m->nlisten == 0)
		m->addrs.n = 0;
	m->lfd[m->nlisten] = fd;
	m->lev[m->nlisten] = event_new(m->base, fd, EV_READ | EV_PERSIST, msgr_accept_cb, m);
	event_add(m->lev[m->nlisten], NULL);
	m->nlisten++;
	m->addrs.v[m->addrs.n++] = a;
	entity_addr_format(&a, s, sizeof(s));
	log_debug(LOG_MS, 1, "msgr: listening on %s", s);
	return 0;
}

/* ---- connection table ---- */

static int
addrvec_overlap(const struct entity_addrvec *a, const struct entity_addrvec *b)
{
	uint32_t i, j;

	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (entity_addr_equal(&a->v[i], &b->v[j]))
				return 1;
	return 0;
}

struct conn *
msgr_find_session(struct msgr *m, const struct entity_addrvec *addrs,
		  const struct conn *except)
{
	struct conn *c;

	for (c = m->conns; c; c = c->next) {
		if (c == except || c->state == CONN_CLOSED || c->policy.lossy)
			continue;
		if (c->server && !c->in_table)
			continue;
		if (addrvec_overlap(&c->peer_addrs, addrs))
			return c;
	}
	return NULL;
}

void
msgr_unlink_conn(struct msgr *m, struct conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else if (m->conns == c)
		m->conns = c->next;
	else
		return;         /* not linked */
	if (c->next)
		c->next->prev = c->prev;
	c->next = c->prev = NULL;
	c->in_table = 0;
	conn_put(c);            /* the list's reference */
}

struct conn *
msgr_connect(struct msgr *m, const struct entity_addrvec *peer, uint8_t peer_type)
{
	const struct msgr_policy *pol = msgr_policy_for(m, peer_type);
	const struct entity_addr *target;
	struct conn *c;

	target = entity_addrvec_find(peer, ENTITY_ADDR_MSGR2);
	if (!pol->lossy) {
		c = msgr_find_session(m, peer, NULL);
		if (c)
			return c;
	}
	c = conn_alloc(m, 0);
	c->peer_type = peer_type;
	c->peer_addrs = *peer;
	c->policy = *pol;
	throttle_set_max(&c->throttle_bytes, pol->throttle_bytes);
	throttle_set_max(&c->throttle_msgs, pol->throttle_msgs);
	if (!target) {
		/* Nothing we can dial: the session fails at once (asynchronously). */
		c->policy.lossy = 1;
		c->state = CONN_CONNECTING;
		c->last_err = -EADDRNOTAVAIL;
		conn_arm_timer(c, 0);
		return c;
	}
	c->target = *target;
	c->in_table = !c->policy.lossy;
	conn_start_connect(c);
	return c;
}
