/*
 * monc.c — the mon client session (see monc.h).
 *
 * One struct conn at a time. States: no connection (waiting for the
 * reconnect timer), connecting (hunt timer armed), ready. The tick sends a
 * KEEPALIVE2 every ping interval and reopens the session when no ack came
 * for the ping timeout (a monitor that hangs without closing TCP).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "common/log.h"
#include "common/mem.h"
#include "mon/monc.h"
#include "mon/monc_auth.h"
#include "msg/message.h"
#include "msg/msgr.h"

struct monc_sub {
	char what[MON_SUB_NAME_MAX];
	uint64_t start;
	uint8_t flags;
	uint8_t sent;
};

struct monc_cmd {
	uint64_t tid;
	char *json;
	char *data;                     /* input (the data segment), or NULL */
	monc_command_cb cb;
	void *arg;
	uint64_t sent_session;          /* session it was last sent on (0 = never) */
	struct monc_cmd *next;
};

struct monc_ver {
	uint64_t handle;
	char what[MON_SUB_NAME_MAX];
	monc_version_cb cb;
	void *arg;
	uint64_t sent_session;
	struct monc_ver *next;
};

struct monc {
	struct event_base *base;
	struct msgr *msgr;
	struct monc_config cfg;
	char hostname[256];
	const struct monc_ops *ops;
	void *arg;

	struct entity_addrvec *mons;    /* candidates (v2 address first) */
	unsigned nmons;
	unsigned cur;                   /* index being tried / in use */
	struct monmap monmap;
	struct uuid fsid;
	int have_fsid;

	struct conn *conn;              /* referenced */
	int ready;
	int stopped;
	uint64_t session_id;
	uint32_t backoff_ms;
	struct event *hunt_ev;          /* hunt timeout / reconnect delay */
	struct event *tick_ev;
	time_t last_ack;                /* last keepalive ack or message (monotonic s) */

	struct monc_sub subs[MON_SUB_MAX];
	unsigned nsubs;
	time_t renew_after;             /* 0 = no periodic renewal */
	uint32_t renew_interval;

	uint64_t last_tid, last_handle;
	struct monc_cmd *cmds;
	struct monc_ver *vers;
	struct monc_auth *auth;         /* cephx upkeep (NULL: auth none) */
};

static time_t
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void
arm(struct event *ev, uint32_t ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	evtimer_add(ev, &tv);
}

void
monc_config_default(struct monc_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->hunt_interval_ms = 3000;
	cfg->backoff_min_ms = 250;
	cfg->backoff_max_ms = 5000;
	cfg->ping_interval_ms = 10000;
	cfg->ping_timeout_ms = 30000;
}

/* Keep the v2 address first: msgr_connect dials the first MSGR2 address. */
static int
set_candidates(struct monc *mc, const struct entity_addrvec *v, unsigned n)
{
	struct entity_addrvec *list = xcalloc(n ? n : 1, sizeof(*list));
	unsigned i, k = 0;

	for (i = 0; i < n; i++) {
		const struct entity_addr *a2 = entity_addrvec_find(&v[i], ENTITY_ADDR_MSGR2);

		if (!a2)
			continue;       /* a v1-only monitor: we speak msgr2 only */
		list[k].n = 1;
		list[k].v[0] = *a2;
		k++;
	}
	if (k == 0) {
		free(list);
		return -EINVAL;
	}
	free(mc->mons);
	mc->mons = list;
	mc->nmons = k;
	if (mc->cur >= k)
		mc->cur = 0;
	return 0;
}

static void monc_open(struct monc *mc);

/* A command's input may carry a secret (`osd new` with cephx_secret). */
static void
data_free(char *p)
{
	if (p) {
		memset(p, 0, strlen(p));
		free(p);
	}
}

static void
drop_conn(struct monc *mc)
{
	if (mc->conn) {
		conn_mark_down(mc->conn);
		conn_put(mc->conn);
		mc->conn = NULL;
	}
	mc->ready = 0;
}

/* Reconnect to the next monitor after the current backoff (with jitter). */
static void
schedule_reopen(struct monc *mc)
{
	uint32_t d;

	if (mc->stopped)
		return;
	d = mc->backoff_ms;
	d = d * 3 / 4 + (uint32_t)(random() % (d / 2 + 1));
	mc->backoff_ms = mc->backoff_ms * 2 > mc->cfg.backoff_max_ms
		? mc->cfg.backoff_max_ms : mc->backoff_ms * 2;
	mc->cur = (mc->cur + 1) % mc->nmons;
	log_debug(LOG_MON, 1, "monc: reconnecting in %u ms", d);
	arm(mc->hunt_ev, d);
}

static void
hunt_cb(evutil_socket_t fd, short what, void *arg)
{
	struct monc *mc = arg;
	char s[128];

	if (mc->stopped || mc->ready)
		return;
	if (mc->conn) {
		entity_addrvec_format(&mc->mons[mc->cur], s, sizeof(s));
		log_info(LOG_MON, "monc: no session with mon %s after %u ms, hunting",
			 s, mc->cfg.hunt_interval_ms);
		drop_conn(mc);
		schedule_reopen(mc);
		return;
	}
	monc_open(mc);
}

static void
monc_open(struct monc *mc)
{
	char s[128];

	drop_conn(mc);
	if (mc->stopped)
		return;
	entity_addrvec_format(&mc->mons[mc->cur], s, sizeof(s));
	log_debug(LOG_MON, 1, "monc: connecting to mon %s", s);
	mc->conn = conn_get(msgr_connect(mc->msgr, &mc->mons[mc->cur], ENTITY_TYPE_MON));
	arm(mc->hunt_ev, mc->cfg.hunt_interval_ms);
}

static void
send_subs(struct monc *mc, int all)
{
	struct mon_subscribe s;
	unsigned i;

	memset(&s, 0, sizeof(s));
	snprintf(s.hostname, sizeof(s.hostname), "%s", mc->hostname);
	for (i = 0; i < mc->nsubs; i++) {
		if (mc->subs[i].sent && !all)
			continue;
		snprintf(s.items[s.n].what, sizeof(s.items[s.n].what), "%s", mc->subs[i].what);
		s.items[s.n].start = mc->subs[i].start;
		s.items[s.n].flags = mc->subs[i].flags;
		s.n++;
		mc->subs[i].sent = 1;
	}
	if (s.n == 0)
		return;
	if (log_enabled(LOG_MON, 10)) {
		for (i = 0; i < s.n; i++)
			log_emit(LOG_MON, 10, "monc: subscribe %s start %llu flags %u",
				 s.items[i].what, (unsigned long long)s.items[i].start,
				 s.items[i].flags);
	}
	conn_send(mc->conn, mon_msg_subscribe(&s));
}

void
monc_renew_subs(struct monc *mc)
{
	if (mc->ready)
		send_subs(mc, 0);
}

static void
flush_commands(struct monc *mc)
{
	struct monc_cmd *c;
	struct monc_ver *v;
	struct msg *m;

	if (!mc->ready)
		return;
	for (v = mc->vers; v; v = v->next) {
		if (v->sent_session == mc->session_id)
			continue;
		conn_send(mc->conn, mon_msg_get_version(v->handle, v->what));
		v->sent_session = mc->session_id;
	}
	if (!mc->have_fsid)
		return;         /* MMonCommand carries the fsid: wait for the monmap */
	for (c = mc->cmds; c; c = c->next) {
		const char *cmd[1] = { c->json };

		if (c->sent_session == mc->session_id)
			continue;
		log_debug(LOG_MON, 5, "monc: command tid %llu %s",
			  (unsigned long long)c->tid, c->json);
		m = mon_msg_command(c->tid, &mc->fsid, cmd, 1);
		if (c->data)
			buf_append(&m->data, c->data, strlen(c->data));
		conn_send(mc->conn, m);
		c->sent_session = mc->session_id;
	}
}

/* cephx: send the ticket renewal / rotating-secret request that is due. */
static void
auth_kick(struct monc *mc)
{
	struct utime t;
	struct msg *m;

	if (!mc->auth || !mc->ready)
		return;
	t = utime_now();
	m = monc_auth_poll(mc->auth, t.sec + t.nsec / 1e9, mc->monmap.epoch);
	if (m)
		conn_send(mc->conn, m);
}

void
monc_set_cephx(struct monc *mc, struct cephx_ctx *cx, int rotating)
{
	monc_auth_free(mc->auth);
	mc->auth = cx ? monc_auth_new(cx, rotating) : NULL;
}

int
monc_auth_ready(const struct monc *mc)
{
	return !mc->auth || monc_auth_have_rotating(mc->auth);
}

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct monc *mc = arg;
	time_t now = mono_now();

	if (mc->stopped)
		return;
	if (mc->ready) {
		if ((uint64_t)(now - mc->last_ack) * 1000 > mc->cfg.ping_timeout_ms) {
			log_info(LOG_MON, "monc: mon silent for %lld s, reconnecting",
				 (long long)(now - mc->last_ack));
			drop_conn(mc);
			schedule_reopen(mc);
		} else {
			conn_send_keepalive(mc->conn);
			auth_kick(mc);
			if (mc->renew_after && now >= mc->renew_after) {
				mc->renew_after = 0;
				send_subs(mc, 1);
			}
		}
	}
	arm(mc->tick_ev, mc->cfg.ping_interval_ms);
}

int
monc_new(struct msgr *mr, struct event_base *base, const struct monc_config *cfg,
	 const struct monc_ops *ops, void *arg, struct monc **out)
{
	struct monc *mc = xcalloc(1, sizeof(*mc));

	mc->base = base;
	mc->msgr = mr;
	mc->cfg = *cfg;
	mc->cfg.mons = NULL;
	mc->ops = ops;
	mc->arg = arg;
	snprintf(mc->hostname, sizeof(mc->hostname), "%s", cfg->hostname ? cfg->hostname : "");
	monmap_init(&mc->monmap);
	if (!uuid_is_zero(&cfg->fsid)) {
		mc->fsid = cfg->fsid;
		mc->have_fsid = 1;
	}
	if (set_candidates(mc, cfg->mons, cfg->nmons) < 0) {
		log_error(LOG_MON, "monc: no monitor with a msgr2 (v2) address configured");
		free(mc);
		return -EINVAL;
	}
	if (mc->cfg.backoff_min_ms == 0)
		mc->cfg.backoff_min_ms = 1;
	mc->backoff_ms = mc->cfg.backoff_min_ms;
	mc->hunt_ev = evtimer_new(base, hunt_cb, mc);
	mc->tick_ev = evtimer_new(base, tick_cb, mc);
	msgr_set_policy(mr, ENTITY_TYPE_MON, msgr_policy_lossy_client());
	*out = mc;
	return 0;
}

void
monc_start(struct monc *mc)
{
	mc->stopped = 0;
	mc->cur = (unsigned)random() % mc->nmons;
	monc_open(mc);
	arm(mc->tick_ev, mc->cfg.ping_interval_ms);
}

void
monc_stop(struct monc *mc)
{
	mc->stopped = 1;
	drop_conn(mc);
	evtimer_del(mc->hunt_ev);
	evtimer_del(mc->tick_ev);
}

void
monc_free(struct monc *mc)
{
	struct monc_cmd *c;
	struct monc_ver *v;

	if (!mc)
		return;
	monc_stop(mc);
	event_free(mc->hunt_ev);
	event_free(mc->tick_ev);
	while ((c = mc->cmds)) {
		mc->cmds = c->next;
		free(c->json);
		data_free(c->data);
		free(c);
	}
	monc_auth_free(mc->auth);
	while ((v = mc->vers)) {
		mc->vers = v->next;
		free(v);
	}
	monmap_free(&mc->monmap);
	free(mc->mons);
	free(mc);
}

int
monc_is_ready(const struct monc *mc)
{
	return mc->ready;
}

uint64_t
monc_session_id(const struct monc *mc)
{
	return mc->session_id;
}

const struct uuid *
monc_fsid(const struct monc *mc)
{
	return mc->have_fsid ? &mc->fsid : NULL;
}

const struct monmap *
monc_monmap(const struct monc *mc)
{
	return &mc->monmap;
}

int
monc_send(struct monc *mc, struct msg *m)
{
	if (!mc->ready) {
		msg_free(m);
		return -ENOTCONN;
	}
	return conn_send(mc->conn, m);
}

/* ---- messenger events ---- */

int
monc_handle_connected(struct monc *mc, struct conn *c)
{
	char s[128];

	if (c != mc->conn)
		return 0;
	evtimer_del(mc->hunt_ev);
	mc->ready = 1;
	mc->session_id++;
	mc->backoff_ms = mc->cfg.backoff_min_ms;
	mc->last_ack = mono_now();
	entity_addrvec_format(&mc->mons[mc->cur], s, sizeof(s));
	log_info(LOG_MON, "monc: session established with mon %s (global_id %llu)", s,
		 (unsigned long long)conn_global_id(c));
	conn_send(c, mon_msg_get_map());
	if (mc->auth) {
		monc_auth_reset(mc->auth);
		auth_kick(mc);
	}
	send_subs(mc, 1);
	flush_commands(mc);
	if (mc->ops->session)
		mc->ops->session(mc->arg);
	return 1;
}

int
monc_handle_reset(struct monc *mc, struct conn *c)
{
	if (c != mc->conn)
		return 0;
	log_info(LOG_MON, "monc: mon session %s", mc->ready ? "lost" : "failed");
	conn_put(mc->conn);
	mc->conn = NULL;
	mc->ready = 0;
	evtimer_del(mc->hunt_ev);
	schedule_reopen(mc);
	return 1;
}

int
monc_handle_keepalive_ack(struct monc *mc, struct conn *c)
{
	if (c != mc->conn)
		return 0;
	mc->last_ack = mono_now();
	return 1;
}

/* A new monmap epoch, with who is in it, for the operator (once per epoch). */
static void
log_monmap(const struct monmap *mm)
{
	char line[1024], a[128];
	size_t off = 0;
	unsigned i;

	line[0] = '\0';
	for (i = 0; i < mm->nmons && off < sizeof(line); i++) {
		entity_addrvec_format(&mm->mons[i].addrs, a, sizeof(a));
		off += (size_t)snprintf(line + off, sizeof(line) - off, "%s%s %s",
					i ? ", " : "", mm->mons[i].name, a);
	}
	log_info(LOG_MON, "monc: monmap e%u, %u mons: %s", mm->epoch, mm->nmons, line);
}

static void
handle_monmap(struct monc *mc, struct msg *m)
{
	struct monmap mm;
	struct entity_addrvec *v;
	char s[37], want[37];
	unsigned i;
	int err;

	err = monmap_decode_msg_front(buf_contig(&m->front, 0, m->front.len), m->front.len, &mm);
	if (err) {
		log_error(LOG_MON, "monc: bad MMonMap (%d bytes): %s", (int)m->front.len,
			  strerror(-err));
		return;
	}
	uuid_format(&mm.fsid, s);
	if (mc->have_fsid && memcmp(&mm.fsid, &mc->fsid, sizeof(mm.fsid)) != 0) {
		uuid_format(&mc->fsid, want);
		log_error(LOG_MON, "monc: monmap fsid %s is not our cluster %s; ignored", s, want);
		monmap_free(&mm);
		return;
	}
	log_debug(LOG_MON, 5, "monc: monmap e%u fsid %s, %u mons", mm.epoch, s, mm.nmons);
	if (mm.epoch != mc->monmap.epoch)
		log_monmap(&mm);
	if (mm.nmons) {
		v = xcalloc(mm.nmons, sizeof(*v));
		for (i = 0; i < mm.nmons; i++)
			v[i] = mm.mons[i].addrs;
		/* keep pointing at the monitor we talk to */
		if (set_candidates(mc, v, mm.nmons) == 0 && mc->conn) {
			const struct entity_addrvec *peer = conn_peer_addrs(mc->conn);

			for (i = 0; i < mc->nmons; i++)
				if (peer->n && entity_addr_equal(&mc->mons[i].v[0], &peer->v[0]))
					mc->cur = i;
		}
		free(v);
	}
	if (!mc->have_fsid) {
		mc->fsid = mm.fsid;
		mc->have_fsid = 1;
	}
	monmap_move(&mc->monmap, &mm);
	monc_sub_got(mc, "monmap", mc->monmap.epoch);
	flush_commands(mc);
	if (mc->ops->monmap)
		mc->ops->monmap(mc->arg, &mc->monmap);
}

static void
handle_command_ack(struct monc *mc, struct msg *m)
{
	struct monc_cmd **pp, *c;
	char rs[1024];
	int32_t r;

	for (pp = &mc->cmds; (c = *pp); pp = &c->next)
		if (c->tid == m->hdr.tid)
			break;
	if (!c) {
		log_debug(LOG_MON, 5, "monc: ack for unknown command tid %llu",
			  (unsigned long long)m->hdr.tid);
		return;
	}
	if (mon_command_ack_decode(buf_contig(&m->front, 0, m->front.len), m->front.len,
				   &r, rs, sizeof(rs)) < 0) {
		log_error(LOG_MON, "monc: bad MMonCommandAck for tid %llu",
			  (unsigned long long)c->tid);
		r = -EBADMSG;
		snprintf(rs, sizeof(rs), "malformed reply");
	}
	*pp = c->next;
	log_debug(LOG_MON, 5, "monc: command tid %llu -> %d %s", (unsigned long long)c->tid, r, rs);
	if (c->cb)
		c->cb(c->arg, r, rs, &m->data);
	free(c->json);
	data_free(c->data);
	free(c);
}

static void
handle_version_reply(struct monc *mc, struct msg *m)
{
	struct monc_ver **pp, *v;
	uint64_t handle, newest, oldest;

	if (mon_get_version_reply_decode(buf_contig(&m->front, 0, m->front.len), m->front.len,
					 &handle, &newest, &oldest) < 0) {
		log_error(LOG_MON, "monc: bad MMonGetVersionReply");
		return;
	}
	for (pp = &mc->vers; (v = *pp); pp = &v->next)
		if (v->handle == handle)
			break;
	if (!v)
		return;
	*pp = v->next;
	if (v->cb)
		v->cb(v->arg, newest, oldest);
	free(v);
}

int
monc_handle_dispatch(struct monc *mc, struct conn *c, struct msg *m)
{
	uint32_t n, interval;
	struct uuid fsid;

	if (c != mc->conn || !mc->conn)
		return 0;
	mc->last_ack = mono_now();
	log_debug(LOG_MON, 20, "monc: got %s (%u) front %zu", msg_type_name(m->hdr.type),
		  m->hdr.type, m->front.len);
	switch (m->hdr.type) {
	case CEPH_MSG_MON_MAP:
		handle_monmap(mc, m);
		break;
	case MSG_CONFIG:
		if (mon_config_decode(buf_contig(&m->front, 0, m->front.len), m->front.len, &n) == 0)
			log_debug(LOG_MON, 5, "monc: central config with %u options (ignored)", n);
		monc_sub_got(mc, "config", 0);
		break;
	case CEPH_MSG_MON_SUBSCRIBE_ACK:
		if (mon_subscribe_ack_decode(buf_contig(&m->front, 0, m->front.len),
					     m->front.len, &interval, &fsid) == 0 && interval) {
			mc->renew_interval = interval;
			mc->renew_after = mono_now() + interval / 2 + 1;
		}
		break;
	case CEPH_MSG_MON_GET_VERSION_REPLY:
		handle_version_reply(mc, m);
		break;
	case CEPH_MSG_MON_COMMAND_ACK:
		handle_command_ack(mc, m);
		break;
	case MSG_LOGACK:
		break;
	case CEPH_MSG_AUTH_REPLY:
		if (mc->auth) {
			int had = monc_auth_have_rotating(mc->auth);

			monc_auth_handle_reply(mc->auth, buf_contig(&m->front, 0, m->front.len),
					       m->front.len);
			auth_kick(mc);
			if (!had && monc_auth_have_rotating(mc->auth) && mc->ops->auth_ready)
				mc->ops->auth_ready(mc->arg);
		}
		break;
	default:
		mc->ops->dispatch(mc->arg, m);
		return 1;
	}
	msg_free(m);
	return 1;
}

/* ---- subscriptions ---- */

static struct monc_sub *
sub_find(struct monc *mc, const char *what)
{
	unsigned i;

	for (i = 0; i < mc->nsubs; i++)
		if (strcmp(mc->subs[i].what, what) == 0)
			return &mc->subs[i];
	return NULL;
}

int
monc_sub_want(struct monc *mc, const char *what, uint64_t start, uint8_t flags)
{
	struct monc_sub *s = sub_find(mc, what);

	if (!s) {
		if (mc->nsubs == MON_SUB_MAX) {
			log_error(LOG_MON, "monc: too many subscriptions (%s)", what);
			return 0;
		}
		s = &mc->subs[mc->nsubs++];
		memset(s, 0, sizeof(*s));
		snprintf(s->what, sizeof(s->what), "%s", what);
	} else if (s->start == start && s->flags == flags) {
		return 0;
	}
	s->start = start;
	s->flags = flags;
	s->sent = 0;
	return 1;
}

int
monc_sub_want_increment(struct monc *mc, const char *what, uint64_t start, uint8_t flags)
{
	struct monc_sub *s = sub_find(mc, what);

	if (s && s->start >= start)
		return 0;
	return monc_sub_want(mc, what, start, flags);
}

void
monc_sub_unwant(struct monc *mc, const char *what)
{
	struct monc_sub *s = sub_find(mc, what);

	if (!s)
		return;
	*s = mc->subs[--mc->nsubs];
}

void
monc_sub_got(struct monc *mc, const char *what, uint64_t have)
{
	struct monc_sub *s = sub_find(mc, what);

	if (!s)
		return;
	if (s->flags & MON_SUB_ONETIME) {
		if (s->start <= have)
			monc_sub_unwant(mc, what);
	} else if (s->start && s->start <= have) {
		/* continuous: the monitor moved on; a resend asks from here */
		s->start = have + 1;
	}
}

/* ---- commands ---- */

uint64_t
monc_command(struct monc *mc, const char *json, monc_command_cb cb, void *arg)
{
	return monc_command_data(mc, json, NULL, cb, arg);
}

uint64_t
monc_command_data(struct monc *mc, const char *json, const char *data, monc_command_cb cb,
		  void *arg)
{
	struct monc_cmd *c = xcalloc(1, sizeof(*c)), **pp;

	c->tid = ++mc->last_tid;
	c->json = xstrdup(json);
	c->data = data ? xstrdup(data) : NULL;
	c->cb = cb;
	c->arg = arg;
	for (pp = &mc->cmds; *pp; pp = &(*pp)->next)
		;
	*pp = c;
	flush_commands(mc);
	return c->tid;
}

void
monc_command_cancel(struct monc *mc, uint64_t tid)
{
	struct monc_cmd **pp, *c;

	for (pp = &mc->cmds; (c = *pp); pp = &c->next) {
		if (c->tid == tid) {
			*pp = c->next;
			free(c->json);
			data_free(c->data);
			free(c);
			return;
		}
	}
}

unsigned
monc_commands_pending(const struct monc *mc)
{
	const struct monc_cmd *c;
	unsigned n = 0;

	for (c = mc->cmds; c; c = c->next)
		n++;
	return n;
}

void
monc_get_version(struct monc *mc, const char *what, monc_version_cb cb, void *arg)
{
	struct monc_ver *v = xcalloc(1, sizeof(*v)), **pp;

	v->handle = ++mc->last_handle;
	snprintf(v->what, sizeof(v->what), "%s", what);
	v->cb = cb;
	v->arg = arg;
	for (pp = &mc->vers; *pp; pp = &(*pp)->next)
		;
	*pp = v;
	flush_commands(mc);
}
