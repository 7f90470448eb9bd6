/*
 * op_path.c — the client op checklist of docs/ceph-wire/03-osd-ops.md §5
 * (src/osd/OSD.cc ms_fast_dispatch / dequeue_op, src/osd/PrimaryLogPG.cc
 * do_request / do_op / execute_ctx), see op_path.h.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/enc.h"
#include "common/log.h"
#include "common/mem.h"
#include "msg/message.h"
#include "msg/message_types.h"
#include "osd/mapshare.h"
#include "osd/mosdop.h"
#include "osd/op_exec.h"
#include "osd/op_path.h"
#include "osd/op_tracker.h"
#include "osd/osd_msgs.h"
#include "osd/osdcap.h"
#include "osd/pg.h"
#include "osd/pgls.h"
#include "osd/placement.h"

/* Reply fronts are cut from slabs of this size (one allocation per slab). */
#define FRONT_SLAB (64 * 1024)
#define SESSION_BUCKETS 256
/* Name limits (osd_max_object_name_len, osd_max_object_namespace_len). */
#define MAX_NAME_LEN 2048
#define MAX_NSPACE_LEN 256
#define EBLOCKLISTED 108

/* What we know of one client connection. */
struct session {
	struct session *next;
	struct conn *c;                 /* one reference */
	uint32_t map_sent;              /* newest epoch the client has or got from us */
	/*
	 * Its ops waiting for a map we do not have yet: later ops of the
	 * client wait behind them, whatever their epoch or PG — a client's
	 * ops stay in order (classic keeps them on the session too) and other
	 * clients are not held back.
	 */
	uint32_t nparked;
};

struct op_path {
	struct op_path_env env;
	struct pg_table pgs;
	struct msg *wait_head, *wait_tail;      /* ops for PGs not here yet / no map */
	uint32_t nwaiting;
	struct session *sessions[SESSION_BUCKETS];
	struct txn txn;                 /* reused for every request */
	struct buf slab;                /* reply fronts */
	size_t slab_used;
	/* the current full map, encoded once per epoch for sharing */
	struct mapshare_cache map_enc;  /* the map we share with clients behind */
	/* op counters: pc lives in env.perf, or in own_perf when none was given */
	struct perf_registry *own_perf;
	struct perf_coll *pc;
	/* when the op being processed arrived (or was retried), CLOCK_MONOTONIC ns */
	uint64_t op_start_ns;
	struct op_tracker *trk;         /* every client op, m->priv while it lives */
};

/*
 * The client op counters of classic's "osd" logger, same names, kinds,
 * nicks and priorities (src/osd/osd_perf_counters.cc build_osd_logger);
 * the descriptions say what they count here.
 */
#define OP_DEF_(n, k, d, t, prio, u) PERF_DEF_(n, k, d, t, prio, u)
#define T_CTR (PERF_T_U64 | PERF_T_COUNTER)
#define T_LAT (PERF_T_TIME | PERF_T_LONGRUNAVG)
static const struct perf_def op_perf_defs[L_OSD_LAST] = {
	[L_OSD_OP_WIP] = PERF_DEF_GAUGE("op_wip", NULL, "Client ops received and waiting (map or PG)"),
	[L_OSD_OP] = OP_DEF_("op", "ops", "Client operations", T_CTR, PERF_PRIO_CRITICAL,
			     PERF_UNIT_NONE),
	[L_OSD_OP_INB] = OP_DEF_("op_in_bytes", "wr", "Client operations total write size",
				 T_CTR, PERF_PRIO_INTERESTING, PERF_UNIT_BYTES),
	[L_OSD_OP_OUTB] = OP_DEF_("op_out_bytes", "rd", "Client operations total read size",
				  T_CTR, PERF_PRIO_INTERESTING, PERF_UNIT_BYTES),
	[L_OSD_OP_LAT] = OP_DEF_("op_latency", "l", "Client op latency, waiting included",
				 T_LAT, 9, PERF_UNIT_NONE),
	[L_OSD_OP_PROCESS_LAT] = PERF_DEF_TIME_AVG("op_process_latency", NULL,
						   "Client op latency, waiting excluded"),
	[L_OSD_OP_R] = PERF_DEF_COUNTER("op_r", NULL, "Client read operations"),
	[L_OSD_OP_R_OUTB] = PERF_DEF_COUNTER_BYTES("op_r_out_bytes", NULL, "Client data read"),
	[L_OSD_OP_R_LAT] = PERF_DEF_TIME_AVG("op_r_latency", NULL, "Client read latency"),
	[L_OSD_OP_W] = PERF_DEF_COUNTER("op_w", NULL, "Client write operations"),
	/* classic gives this one no unit */
	[L_OSD_OP_W_INB] = PERF_DEF_COUNTER("op_w_in_bytes", NULL, "Client data written"),
	[L_OSD_OP_W_LAT] = PERF_DEF_TIME_AVG("op_w_latency", NULL, "Client write latency"),
	[L_OSD_OP_RW] = PERF_DEF_COUNTER("op_rw", NULL, "Client read-modify-write operations"),
	[L_OSD_OP_RW_INB] = PERF_DEF_COUNTER_BYTES("op_rw_in_bytes", NULL,
						   "Client read-modify-write data written"),
	[L_OSD_OP_RW_OUTB] = PERF_DEF_COUNTER_BYTES("op_rw_out_bytes", NULL,
						    "Client read-modify-write data read"),
	[L_OSD_OP_RW_LAT] = PERF_DEF_TIME_AVG("op_rw_latency", NULL,
					      "Client read-modify-write latency"),
};

/* The op tracker's clock, so that latencies and op events agree. */
static uint64_t
mono_ns(void)
{
	return op_tracker_now();
}

/*
 * One executed op's counters, after its reply (PrimaryLogPG::log_op_stats:
 * in = request data, out = reply data; rw when it both reads and writes).
 * Ops answered before execution (errors, dups, PG ops) are not counted,
 * as in classic.
 */
static void
op_stats(struct op_path *p, int rd, int wr, uint64_t inb, uint64_t outb, uint64_t end)
{
	struct perf_coll *pc = p->pc;
	uint64_t lat = end - p->op_start_ns;

	perf_inc(pc, L_OSD_OP);
	perf_add(pc, L_OSD_OP_INB, inb);
	perf_add(pc, L_OSD_OP_OUTB, outb);
	perf_tinc(pc, L_OSD_OP_LAT, lat);
	/* everything runs at once on the loop: processing is the whole latency
	 * of an op that did not wait (a retried op's start is its retry) */
	perf_tinc(pc, L_OSD_OP_PROCESS_LAT, lat);
	if (rd && wr) {
		perf_inc(pc, L_OSD_OP_RW);
		perf_add(pc, L_OSD_OP_RW_INB, inb);
		perf_add(pc, L_OSD_OP_RW_OUTB, outb);
		perf_tinc(pc, L_OSD_OP_RW_LAT, lat);
	} else if (wr) {
		perf_inc(pc, L_OSD_OP_W);
		perf_add(pc, L_OSD_OP_W_INB, inb);
		perf_tinc(pc, L_OSD_OP_W_LAT, lat);
	} else if (rd) {
		perf_inc(pc, L_OSD_OP_R);
		perf_add(pc, L_OSD_OP_R_OUTB, outb);
		perf_tinc(pc, L_OSD_OP_R_LAT, lat);
	}
}

static void process(struct op_path *p, struct conn *c, struct msg *m, int *parked);

struct msgr_policy
op_path_client_policy(void)
{
	struct msgr_policy pol = msgr_policy_stateless_server();

	pol.throttle_bytes = OP_CLIENT_MSG_BYTES;
	pol.throttle_msgs = OP_CLIENT_MSG_COUNT;
	return pol;
}

struct op_path *
op_path_new(const struct op_path_env *env)
{
	struct op_path *p = xcalloc(1, sizeof(*p));

	p->env = *env;
	if (p->env.perf == NULL)
		p->env.perf = p->own_perf = perf_registry_new();
	p->pc = perf_coll_create(p->env.perf, "osd", op_perf_defs, L_OSD_LAST);
	if (p->pc == NULL) {
		/* a second op path on the same registry: count privately */
		log_error(LOG_OSD, "perf collection \"osd\" exists already; op counters "
			  "are not dumped");
		p->env.perf = p->own_perf = perf_registry_new();
		p->pc = perf_coll_create(p->env.perf, "osd", op_perf_defs, L_OSD_LAST);
	}
	p->trk = op_tracker_new(env->track);
	op_tracker_start_timer(p->trk, env->base);
	pg_table_init(&p->pgs);
	txn_init(&p->txn);
	buf_init(&p->slab);
	mapshare_cache_init(&p->map_enc);
	return p;
}

/* Free a waiting op that will not run; its tracked op ends with why. */
static void
msg_drop(struct op_path *p, struct msg *m, enum op_event why)
{
	struct conn *c = m->conn;

	op_tracker_finish(p->trk, m->priv, why, mono_ns());
	m->priv = NULL;
	m->conn = NULL;
	m->next = NULL;
	msg_free(m);
	if (c)
		conn_put(c);
}

static void
drop_chain(struct op_path *p, struct msg *m, enum op_event why)
{
	while (m) {
		struct msg *next = m->next;

		msg_drop(p, m, why);
		m = next;
	}
}

static void
drain_pg(void *arg, struct osd_pg *pg)
{
	drop_chain(arg, pg_wait_take(pg), OP_EV_DROP_SHUTDOWN);
}

void
op_path_free(struct op_path *p)
{
	if (p == NULL)
		return;
	pg_for_each(&p->pgs, drain_pg, p);
	pg_table_free(&p->pgs);
	drop_chain(p, p->wait_head, OP_EV_DROP_SHUTDOWN);
	for (int i = 0; i < SESSION_BUCKETS; i++) {
		while (p->sessions[i]) {
			struct session *s = p->sessions[i];

			p->sessions[i] = s->next;
			conn_put(s->c);
			free(s);
		}
	}
	txn_free(&p->txn);
	buf_free(&p->slab);
	mapshare_cache_free(&p->map_enc);
	perf_registry_free(p->own_perf);
	op_tracker_free(p->trk);
	free(p);
}

struct op_tracker *
op_path_tracker(const struct op_path *p)
{
	return p->trk;
}

struct perf_coll *
op_path_perf(const struct op_path *p)
{
	return p->pc;
}

struct osd_pg *
op_path_pg(struct op_path *p, const struct spg *pgid)
{
	return pg_lookup(&p->pgs, pgid);
}

uint32_t
op_path_waiting(const struct op_path *p)
{
	return p->nwaiting;
}

/* ---- sessions (for map sharing) ---- */

static struct session **
session_slot(struct op_path *p, const struct conn *c)
{
	uintptr_t h = (uintptr_t)c;

	h ^= h >> 12;
	return &p->sessions[(h >> 4) % SESSION_BUCKETS];
}

static struct session *
session_find(struct op_path *p, const struct conn *c)
{
	struct session *s;

	for (s = *session_slot(p, c); s; s = s->next)
		if (s->c == c)
			return s;
	return NULL;
}

static struct session *
session_get(struct op_path *p, struct conn *c)
{
	struct session **slot = session_slot(p, c), *s;

	for (s = *slot; s; s = s->next)
		if (s->c == c)
			return s;
	s = xcalloc(1, sizeof(*s));
	s->c = conn_get(c);
	s->next = *slot;
	*slot = s;
	return s;
}

/*
 * Drop the ops of c from a waiting chain (their replies could not reach
 * the client, which resends on a new connection); the rest stays in order.
 */
static struct msg *
chain_drop_conn(struct op_path *p, struct msg *m, const struct conn *c, struct msg **tailp)
{
	struct msg *head = NULL, *tail = NULL;

	while (m) {
		struct msg *next = m->next;

		m->next = NULL;
		if (m->conn == c) {
			msg_drop(p, m, OP_EV_DROP_RESET);
			p->nwaiting--;
		} else {
			if (tail)
				tail->next = m;
			else
				head = m;
			tail = m;
		}
		m = next;
	}
	if (tailp)
		*tailp = tail;
	return head;
}

struct reset_arg {
	struct op_path *p;
	const struct conn *c;
};

static void
reset_pg(void *arg, struct osd_pg *pg)
{
	struct reset_arg *ra = arg;
	struct msg *m;

	if (pg->wait_head == NULL)
		return;
	m = chain_drop_conn(ra->p, pg_wait_take(pg), ra->c, NULL);
	while (m) {
		struct msg *next = m->next;

		pg_wait_push(pg, m);
		m = next;
	}
}

void
op_path_conn_reset(struct op_path *p, struct conn *c)
{
	struct session **pp = session_slot(p, c);
	struct reset_arg ra = { p, c };

	if (p->nwaiting) {
		pg_for_each(&p->pgs, reset_pg, &ra);
		p->wait_head = chain_drop_conn(p, p->wait_head, c, &p->wait_tail);
		perf_set(p->pc, L_OSD_OP_WIP, p->nwaiting);
	}
	while (*pp) {
		struct session *s = *pp;

		if (s->c == c) {
			*pp = s->next;
			conn_put(s->c);
			free(s);
			return;
		}
		pp = &s->next;
	}
}

/* Forget sessions whose connection died without a reset callback. */
static void
sessions_prune(struct op_path *p)
{
	for (int i = 0; i < SESSION_BUCKETS; i++) {
		struct session **pp = &p->sessions[i];

		while (*pp) {
			struct session *s = *pp;

			if (!conn_is_ready(s->c)) {
				*pp = s->next;
				conn_put(s->c);
				free(s);
			} else {
				pp = &s->next;
			}
		}
	}
}

/* Send our map to a client whose op carried an older epoch (§5 step 6). */
static void
share_map(struct op_path *p, struct conn *c, const struct osdmap *map, uint32_t op_epoch)
{
	struct session *s = session_get(p, c);
	struct msg *m;

	if (op_epoch > s->map_sent)
		s->map_sent = op_epoch;
	if (s->map_sent >= map->epoch)
		return;
	if (p->env.share_map) {
		p->env.share_map(p->env.arg, c, s->map_sent);
		s->map_sent = map->epoch;
		return;
	}
	if (!(m = mapshare_cache_msg(&p->map_enc, map, 0)))
		return;
	log_debug(LOG_OSD, 10, "sharing osdmap e%u with a client at e%u", map->epoch,
		  s->map_sent);
	conn_send(c, m);
	s->map_sent = map->epoch;
}

/* ---- waiting ---- */

static void
park_global(struct op_path *p, struct conn *c, struct msg *m, enum op_event why)
{
	op_tracker_mark(m->priv, why, mono_ns());
	session_get(p, c)->nparked++;
	if (m->conn == NULL)
		m->conn = conn_get(c);
	m->next = NULL;
	if (p->wait_tail)
		p->wait_tail->next = m;
	else
		p->wait_head = m;
	p->wait_tail = m;
	p->nwaiting++;
}

static void
park_pg(struct op_path *p, struct osd_pg *pg, struct conn *c, struct msg *m, enum op_event why)
{
	op_tracker_mark(m->priv, why, mono_ns());
	if (m->conn == NULL)
		m->conn = conn_get(c);
	pg_wait_push(pg, m);
	p->nwaiting++;
}

/* Run a chain of waiting ops again, in order. */
static void
retry_chain(struct op_path *p, struct msg *m)
{
	while (m) {
		struct msg *next = m->next;
		struct conn *c = m->conn;
		int parked = 0;

		m->next = NULL;
		p->nwaiting--;
		op_tracker_mark(m->priv, OP_EV_REACHED_PG, p->op_start_ns);
		process(p, c, m, &parked);
		if (!parked) {
			if (c)
				conn_put(c);
		}
		m = next;
	}
}

struct retry_arg {
	struct op_path *p;
	struct msg **chains;
	uint32_t n, cap;
};

static void
collect_pg(void *arg, struct osd_pg *pg)
{
	struct retry_arg *ra = arg;

	if (pg->wait_head == NULL)
		return;
	if (ra->n == ra->cap) {
		ra->cap = ra->cap ? ra->cap * 2 : 16;
		ra->chains = xreallocarray(ra->chains, ra->cap, sizeof(*ra->chains));
	}
	ra->chains[ra->n++] = pg_wait_take(pg);
}

static void
retry_waiting(struct op_path *p)
{
	struct retry_arg ra = { p, NULL, 0, 0 };
	struct msg *g = p->wait_head;

	p->wait_head = p->wait_tail = NULL;
	p->op_start_ns = mono_ns();
	/* take every queue first: retried ops may queue again */
	pg_for_each(&p->pgs, collect_pg, &ra);
	for (uint32_t i = 0; i < ra.n; i++)
		retry_chain(p, ra.chains[i]);
	/* the whole global chain runs again in order: whatever of a client
	 * still has to wait parks again and its later ops queue behind it */
	for (int i = 0; i < SESSION_BUCKETS; i++)
		for (struct session *s = p->sessions[i]; s; s = s->next)
			s->nparked = 0;
	retry_chain(p, g);
	free(ra.chains);
	perf_set(p->pc, L_OSD_OP_WIP, p->nwaiting);
}

/* ---- PG roles ---- */

static void
pg_set_role(struct op_path *p, struct osd_pg *pg, const struct pg_mapping *mp)
{
	enum pg_state st;

	if (mp->acting_primary != p->env.whoami)
		st = PG_STATE_STRAY;
	else if (mp->nacting == 1)
		st = PG_STATE_ACTIVE;
	else
		st = PG_STATE_NOT_SOLE;
	if (st != pg->state) {
		char name[32];

		spg_format(&pg->pgid, name, sizeof(name));
		log_debug(LOG_OSD, 5, "pg %s: %s", name,
			  st == PG_STATE_ACTIVE ? "active (sole primary)" :
			  st == PG_STATE_NOT_SOLE ? "primary, acting set has other OSDs: not serving" :
			  "stray (not primary)");
		pg->warned = 0;
	}
	pg->state = st;
	pg->nacting = mp->nacting;
}

struct map_arg {
	struct op_path *p;
	const struct osdmap *map;
	struct osd_pg **gone;
	uint32_t ngone, cap;
};

static void
update_pg(void *arg, struct osd_pg *pg)
{
	struct map_arg *ma = arg;
	const struct pg_pool *pool = osdmap_get_pool(ma->map, (int64_t)pg->pgid.pgid.pool);
	struct pg_mapping mp;

	if (pool == NULL) {
		if (ma->ngone == ma->cap) {
			ma->cap = ma->cap ? ma->cap * 2 : 16;
			ma->gone = xreallocarray(ma->gone, ma->cap, sizeof(*ma->gone));
		}
		ma->gone[ma->ngone++] = pg;
		return;
	}
	if (osdmap_pg_mapping(ma->map, &pg->pgid.pgid, &mp) == 0) {
		pg_set_role(ma->p, pg, &mp);
		pg->role_epoch = ma->map->epoch;
	}
}

void
op_path_new_map(struct op_path *p, const struct osdmap *map)
{
	struct map_arg ma = { p, map, NULL, 0, 0 };

	pg_for_each(&p->pgs, update_pg, &ma);
	for (uint32_t i = 0; i < ma.ngone; i++) {
		p->nwaiting -= ma.gone[i]->nwaiting;
		drop_chain(p, pg_wait_take(ma.gone[i]), OP_EV_DROP_POOL_GONE);
		pg_remove(&p->pgs, p->env.st, ma.gone[i]);
	}
	free(ma.gone);
	sessions_prune(p);
	retry_waiting(p);
}

int
op_path_pg_create(struct op_path *p, const struct spg *pgid, uint32_t created_epoch)
{
	const struct osdmap *map = p->env.get_map(p->env.arg);
	struct pg_mapping mp;
	struct osd_pg *pg;
	int r;

	if ((r = pg_get_or_create(&p->pgs, p->env.st, pgid, created_epoch, &pg)) < 0)
		return r;
	if (map && map->epoch && osdmap_pg_mapping(map, &pgid->pgid, &mp) == 0) {
		pg_set_role(p, pg, &mp);
		pg->role_epoch = map->epoch;
	}
	if (pg->wait_head || p->wait_head)
		retry_waiting(p);
	return 0;
}

/* ---- replies ---- */

/* Encode the front into the current slab and share that range with m. */
static void
encode_front(struct op_path *p, struct msg *m, const struct mosdop_reply *r)
{
	size_t len = mosdop_reply_front_len(r), start;

	if (len + 1 > FRONT_SLAB) {
		mosdop_reply_encode(&m->front, r);
		return;
	}
	if (p->slab_used == 0 || p->slab_used + len > FRONT_SLAB) {
		/* a fresh slab; the 1-byte lead makes buf start one of FRONT_SLAB bytes */
		buf_clear(&p->slab);
		buf_append_min(&p->slab, "", 1, FRONT_SLAB);
		p->slab_used = 1;
	}
	start = p->slab.len;
	mosdop_reply_encode(&p->slab, r);
	p->slab_used += p->slab.len - start;
	buf_slice(&p->slab, start, p->slab.len - start, &m->front);
}

static struct msg *
reply_new(const struct msg *req)
{
	struct msg *m = msg_new();

	m->hdr.type = CEPH_MSG_OSD_OPREPLY;
	m->hdr.tid = req->hdr.tid;
	m->hdr.priority = MSG_PRIO_DEFAULT;
	m->hdr.version = 8;
	m->hdr.compat_version = 2;
	return m;
}

static void
reply_init(struct mosdop_reply *r, const struct mosdop *req, const struct pg *pgid,
	   uint32_t epoch)
{
	memset(r, 0, sizeof(*r));
	r->oid = req->oid;
	r->pgid = *pgid;
	r->flags = req->flags & ~(uint64_t)(OSD_FLAG_ACK | OSD_FLAG_ONNVRAM | OSD_FLAG_ONDISK);
	r->epoch = epoch;
	r->nops = req->nops;
	r->ops = req->ops;
	r->retry_attempt = req->retry_attempt;
}

/*
 * An error found before execution (§4.3): every rval 0, versions 0, and
 * the ack bits the request itself had.
 */
static void
reply_error(struct op_path *p, struct conn *c, const struct msg *reqm, struct mosdop *req,
	    const struct pg *pgid, uint32_t epoch, int err)
{
	struct mosdop_reply r;
	struct msg *m = reply_new(reqm);

	for (uint32_t i = 0; i < req->nops; i++) {
		req->ops[i].rval = 0;
		req->ops[i].outdata_len = 0;
	}
	reply_init(&r, req, pgid, epoch);
	r.flags |= req->flags & (OSD_FLAG_ACK | OSD_FLAG_ONDISK);
	r.result = err;
	encode_front(p, m, &r);
	conn_send(c, m);
}

/* ---- the path ---- */

static int
is_blocklisted(const struct osdmap *map, struct conn *c)
{
	const struct entity_addrvec *av = conn_peer_addrs(c);
	struct entity_addr a;

	if (map->blocklist.n == 0 || av == NULL || av->n == 0)
		return 0;
	/* entries are type ANY since Nautilus; then the whole IP (OSDMap::is_blocklisted) */
	a = av->v[0];
	a.type = ENTITY_ADDR_ANY;
	if (osdmap_blocklist_find(&map->blocklist, &a))
		return 1;
	entity_addr_set_port(&a, 0);
	a.nonce = 0;
	return osdmap_blocklist_find(&map->blocklist, &a) != NULL;
}

/* Checks that answer with an error before execution (§5 steps 11-14). */
static int
validate(const struct osdmap *map, struct conn *c, const struct mosdop *req, int may_write)
{
	if (req->flags & OSD_FLAG_PARALLELEXEC)
		return -EINVAL;
	for (uint32_t i = 0; i < req->nops; i++)
		if (req->ops[i].op == OSD_OP_CALL)
			return -EPERM;  /* no object class is loadable here */
	if (req->oid.len > MAX_NAME_LEN || req->oloc.key.len > MAX_NAME_LEN ||
	    req->oloc.nspace.len > MAX_NSPACE_LEN)
		return -ENAMETOOLONG;
	if (req->oid.len == 0)
		return -EINVAL;
	if (is_blocklisted(map, c))
		return -EBLOCKLISTED;
	if (may_write) {
		if (req->snapid != CEPH_NOSNAP)
			return -EINVAL;
		if (req->indata_len > OP_MAX_WRITE_SIZE)
			return -EMSGSIZE;
	} else if (req->snapid != CEPH_NOSNAP) {
		return -ENOENT;         /* no snapshots exist here */
	}
	return 0;
}

/*
 * Run the op and reply. Returns when the reply of an executed op was
 * queued (CLOCK_MONOTONIC ns), 0 for the other answers.
 */
static uint64_t
execute(struct op_path *p, struct conn *c, struct msg *reqm, struct mosdop *req,
	struct osd_pg *pg, const struct osdmap *map, const struct pg_pool *pool)
{
	struct mosdop_reply r;
	struct osd_reqid reqid;
	struct hobject oid;
	struct msg *m;
	uint64_t outb, end;
	int may_write = 0, may_read = 0, err;

	for (uint32_t i = 0; i < req->nops; i++) {
		if (osd_op_is_write(req->ops[i].op))
			may_write = 1;
		if (osd_op_is_read(req->ops[i].op))
			may_read = 1;
	}

	/* cephx caps of the client's ticket (osd/osdcap.h; PrimaryLogPG::do_op) */
	if ((err = osdcap_check_op(c, map, req, may_write)) < 0) {
		reply_error(p, c, reqm, req, &pg->pgid.pgid, map->epoch, err);
		return 0;
	}
	if (reqm->priv)
		op_tracker_mark(reqm->priv, OP_EV_STARTED, mono_ns());

	/* PG ops (listing) */
	if (req->nops > 0 && osd_op_is_pg_op(req->ops[0].op)) {
		m = reply_new(reqm);
		reply_init(&r, req, &pg->pgid.pgid, map->epoch);
		r.result = pgls_run(p->env.st, &pg->pgid, &pg->pgid.pgid, pool->pg_num, req,
				    &reqm->data, &m->data);
		r.flags |= OSD_FLAG_ACK | OSD_FLAG_ONDISK;
		mosdop_reply_set_versions(&r, pg->last_update, pg->last_user_version);
		r.bad_replay_version.epoch = pg->last_update.epoch;
		encode_front(p, m, &r);
		conn_send(c, m);
		return 0;
	}

	if ((err = validate(map, c, req, may_write)) < 0) {
		reply_error(p, c, reqm, req, &pg->pgid.pgid, map->epoch, err);
		return 0;
	}

	/* request id: from the wire if set, else (source, client inc, tid) */
	reqid = req->reqid;
	if (reqid.name.type == 0 && reqid.name.num == 0 && reqid.tid == 0) {
		reqid.name = reqm->src;
		reqid.tid = reqm->hdr.tid;
	}
	if (may_write) {
		const struct pg_dup *d = pg_dup_find(pg, &reqid);

		if (d) {
			log_debug(LOG_OSD, 5, "dup op tid %llu: replying with the logged result %d",
				  (unsigned long long)reqid.tid, d->result);
			m = reply_new(reqm);
			for (uint32_t i = 0; i < req->nops; i++) {
				req->ops[i].rval = 0;
				req->ops[i].outdata_len = 0;
			}
			reply_init(&r, req, &pg->pgid.pgid, map->epoch);
			r.flags |= OSD_FLAG_ACK | OSD_FLAG_ONDISK;
			r.result = d->result;
			mosdop_reply_set_versions(&r, d->version, d->user_version);
			encode_front(p, m, &r);
			conn_send(c, m);
			return 0;
		}
	}

	memset(&oid, 0, sizeof(oid));
	oid.key = req->oloc.key;
	oid.oid = req->oid;
	oid.snap = CEPH_NOSNAP;
	oid.hash = req->hash;
	oid.nspace = req->oloc.nspace;
	oid.pool = (int64_t)pg->pgid.pgid.pool;

	m = reply_new(reqm);
	txn_reset(&p->txn);
	struct op_exec x = {
		.st = p->env.st,
		.txn = &p->txn,
		.cid = &pg->pgid,
		.oid = &oid,
		.req = req,
		.indata = &reqm->data,
		.out = &m->data,
		.at_version = { map->epoch, pg->last_update.version + 1 },
		.pg_last_update = pg->last_update,
		.pg_last_user_version = pg->last_user_version,
	};
	op_exec_run(&x);
	txn_reset(&p->txn);
	op_tracker_executed(reqm->priv, req);

	if (x.pre_exec)
		buf_clear(&m->data);
	if (x.logged) {
		pg->last_update = x.at_version;
		if (x.modified)
			pg->last_user_version = x.user_version;
		pg_dup_add(pg, &reqid, x.at_version, x.user_version, x.result);
	}
	op_exec_reply(&x, &pg->pgid.pgid, map->epoch, &r);
	m->hdr.data_off = x.data_off;
	encode_front(p, m, &r);
	outb = m->data.len;
	conn_send(c, m);
	end = mono_ns();
	if (may_write)
		op_tracker_mark(reqm->priv, OP_EV_COMMIT_SENT, end);
	op_stats(p, may_read, may_write, reqm->data.len, outb, end);
	return end;
}

/*
 * One op through the checklist. Sets *parked when m was queued (it then
 * holds its own connection reference in m->conn); otherwise m is freed.
 */
static void
process(struct op_path *p, struct conn *c, struct msg *m, int *parked)
{
	const struct osdmap *map = p->env.get_map(p->env.arg);
	const struct pg_pool *pool;
	struct pg_mapping mp;
	struct mosdop req;
	struct pg pgid;
	struct spg spgid;
	struct osd_pg *pg;
	struct session *sess;
	enum op_event why = OP_EV_DONE;
	uint64_t end = 0;
	int r;

	*parked = 0;
	sess = session_find(p, c);
	if ((r = mosdop_decode(m, &req)) < 0) {
		log_error(LOG_OSD, "malformed osd_op (v%u, front %zu bytes): %d; closing the "
			  "connection", m->hdr.version, m->front.len, r);
		conn_mark_down(c);
		why = OP_EV_DROP_MALFORMED;
		goto drop;
	}
	op_tracker_describe(m->priv, &req, &m->data);
	/* no map yet, or the client has a newer one: wait for it (§5 step 4);
	 * so do the client's later ops while earlier ones wait */
	if (map == NULL || map->epoch == 0 || req.epoch > map->epoch ||
	    (sess && sess->nparked)) {
		if (p->env.want_map && map && req.epoch > map->epoch)
			p->env.want_map(p->env.arg, req.epoch);
		spgid = req.spgid;
		if (!(sess && sess->nparked) && !req.raw_pg &&
		    (pg = pg_lookup(&p->pgs, &spgid)) != NULL)
			park_pg(p, pg, c, m, OP_EV_WAIT_MAP);
		else
			park_global(p, c, m, sess && sess->nparked ? OP_EV_WAIT_ORDER :
					     OP_EV_WAIT_MAP);
		*parked = 1;
		mosdop_release(&req);
		return;
	}
	pool = osdmap_get_pool(map, (int64_t)req.spgid.pgid.pool);
	if (pool == NULL) {
		log_debug(LOG_OSD, 5, "op for pool %llu which does not exist in e%u: dropped",
			  (unsigned long long)req.spgid.pgid.pool, map->epoch);
		why = OP_EV_DROP_NO_POOL;
		goto drop_req;
	}
	pgid = req.spgid.pgid;
	if (req.raw_pg)
		osdmap_raw_pg_to_pg(map, &req.spgid.pgid, &pgid);
	spgid.pgid = pgid;
	spgid.shard = req.spgid.shard;

	/* a lagging client gets our map, whatever happens to the op (step 6) */
	if (req.epoch < map->epoch)
		share_map(p, c, map, req.epoch);

	/* misdirected (step 9): the hash must fall into this PG */
	if (pg_pool_raw_hash_to_pg(pool, req.hash) != pgid.seed ||
	    req.oloc.pool != (int64_t)pgid.pool) {
		log_info(LOG_OSD, "misdirected op: hash %08x pool %lld is not in pg %llu.%x: dropped",
			 req.hash, (long long)req.oloc.pool, (unsigned long long)pgid.pool,
			 pgid.seed);
		why = OP_EV_DROP_MISDIRECTED;
		goto drop_req;
	}
	/* primary? (the role is computed once per PG and epoch) */
	pg = pg_lookup(&p->pgs, &spgid);
	if (pg == NULL || pg->role_epoch != map->epoch) {
		if (osdmap_pg_mapping(map, &pgid, &mp) < 0) {
			why = OP_EV_DROP_NO_PG;
			goto drop_req;
		}
		if (pg == NULL && mp.acting_primary == p->env.whoami &&
		    (r = pg_get_or_create(&p->pgs, p->env.st, &spgid, map->epoch, &pg)) < 0) {
			log_error(LOG_OSD, "cannot instantiate pg %llu.%x: %d",
				  (unsigned long long)pgid.pool, pgid.seed, r);
			why = OP_EV_DROP_NO_PG;
			goto drop_req;
		}
		if (pg) {
			pg_set_role(p, pg, &mp);
			pg->role_epoch = map->epoch;
		}
	}
	if (pg == NULL || pg->state == PG_STATE_STRAY) {
		log_debug(LOG_OSD, 10, "not primary for %llu.%x in e%u: op dropped",
			  (unsigned long long)pgid.pool, pgid.seed, map->epoch);
		why = OP_EV_DROP_NOT_PRIMARY;
		goto drop_req;
	}
	/* earlier ops of this PG still wait: keep the order */
	if (pg->wait_head) {
		park_pg(p, pg, c, m, OP_EV_WAIT_ORDER);
		*parked = 1;
		mosdop_release(&req);
		return;
	}
	if (pg->state != PG_STATE_ACTIVE) {
		/*
		 * The acting set holds other OSDs: classic would replicate to
		 * them (after peering); this OSD cannot, so — like a PG that
		 * never becomes active — the op is not served (dropped; the
		 * client resends when the map changes).
		 */
		if (!pg->warned) {
			log_info(LOG_OSD, "pg %llu.%x has %d OSDs in its acting set; this OSD does "
				 "not replicate: dropping its ops", (unsigned long long)pgid.pool,
				 pgid.seed, pg->nacting);
			pg->warned = 1;
		}
		why = OP_EV_DROP_NOT_SERVED;
		goto drop_req;
	}
	end = execute(p, c, m, &req, pg, map, pool);
drop_req:
	mosdop_release(&req);
drop:
	if (m->priv) {
		op_tracker_finish(p->trk, m->priv, why, end ? end : mono_ns());
		m->priv = NULL;
	}
	if (m->conn) {
		/* a retried op: its reference is released by the caller */
		m->conn = NULL;
	}
	m->next = NULL;
	msg_free(m);
}

/* The client's address as classic's req_src_inst shows it: its first one. */
static const struct entity_addr *
op_peer_addr(struct conn *c)
{
	const struct entity_addrvec *av = conn_peer_addrs(c);

	return av && av->n ? &av->v[0] : NULL;
}

void
op_path_dispatch(struct op_path *p, struct conn *c, struct msg *m)
{
	int parked;

	if (m->hdr.type != CEPH_MSG_OSD_OP) {
		log_debug(LOG_OSD, 5, "dropping %s from a client", msg_type_name(m->hdr.type));
		msg_free(m);
		return;
	}
	m->conn = NULL;
	p->op_start_ns = mono_ns();
	m->priv = op_tracker_start(p->trk, &m->src, op_peer_addr(c), m->hdr.tid,
				   p->op_start_ns);
	process(p, c, m, &parked);
	if (parked)
		perf_set(p->pc, L_OSD_OP_WIP, p->nwaiting);
}

uint32_t
op_path_num_pgs(const struct op_path *p)
{
	return p->pgs.count;
}

void
op_path_for_each_pg(struct op_path *p, void (*fn)(void *arg, struct osd_pg *pg), void *arg)
{
	pg_for_each(&p->pgs, fn, arg);
}
