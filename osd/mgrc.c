/*
 * mgrc.c — the mgr client of the OSD (see mgrc.h): session upkeep
 * following src/mgr/MgrClient.cc, perf counter reports, and the PG and
 * OSD statistics of src/osd/OSD.cc collect_pg_stats in our terms.
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
#include "common/perf.h"
#include "msg/message.h"
#include "msg/msgr.h"
#include "os/hobject_order.h"
#include "os/store.h"
#include "osd/mgr_msgs.h"
#include "osd/mgrc.h"
#include "osd/op_path.h"
#include "osd/osd.h"
#include "osd/pg.h"
#include "osd/placement.h"

/* Objects stat'ed per store listing call while counting a PG's usage. */
#define USAGE_BATCH 256

/* What we remember of a PG between reports (sorted by pgid). */
struct pg_cache {
	struct spg pgid;
	struct eversion counted_at;     /* last_update when usage was counted */
	int counted;
	int64_t objects, bytes, omap_objects, omap_keys;
	uint64_t state;                 /* last reported state */
	struct utime created_stamp;     /* first seen by this process (scrub stamps) */
	struct utime changed_stamp;     /* state last changed */
	struct utime active_since;
	uint32_t since_epoch;           /* epoch of the last state change */
	int seen;                       /* marked in the current walk */
};

/* A counter as the mgr sees it: "collection.name". */
struct counter {
	char *path;
	const struct perf_coll *coll;
	unsigned idx;
};

struct mgrc {
	struct mgrc_env env;
	struct mgr_map_head map;
	int have_map;
	int stopped;

	struct conn *conn;              /* the session (a reference), or NULL */
	uint32_t stats_period;          /* 0 until MMgrConfigure */
	uint32_t stats_threshold;
	struct timespec last_attempt;
	int attempted;
	struct event *report_ev, *retry_ev;

	/* declared counter paths on this session, sorted */
	char **declared;
	uint32_t ndeclared, cap_declared;

	struct pg_cache *pgs;
	uint32_t npgs, cap_pgs;
	/* PGs the map makes us acting primary of, for prim_epoch */
	struct pg *prim;
	uint32_t nprim, cap_prim, prim_epoch;
	uint64_t reported_seq;          /* pg_stat_t reported_seq (per process) */
	uint32_t stat_seq;              /* low half of osd_stat_t seq */
	uint64_t reports;
};

static void reconnect(struct mgrc *mc);

void
mgrc_env_default(struct mgrc_env *env)
{
	memset(env, 0, sizeof(*env));
	env->whoami = -1;
	env->connect_retry_ms = 1000;
}

static uint64_t
ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)(now.tv_sec - t->tv_sec) * 1000 +
	       (uint64_t)((now.tv_nsec - t->tv_nsec) / 1000000);
}

static void
arm_ms(struct event *ev, uint32_t ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	evtimer_add(ev, &tv);
}

static void
declared_clear(struct mgrc *mc)
{
	for (uint32_t i = 0; i < mc->ndeclared; i++)
		free(mc->declared[i]);
	mc->ndeclared = 0;
}

static void
close_session(struct mgrc *mc)
{
	if (mc->conn) {
		conn_mark_down(mc->conn);
		conn_put(mc->conn);
		mc->conn = NULL;
	}
	mc->stats_period = 0;
	evtimer_del(mc->report_ev);
	declared_clear(mc);
}

/* ---- perf counters (MgrClient::_send_report) ---- */

struct counter_list {
	struct counter *v;
	uint32_t n, cap;
	uint32_t threshold;
};

static void
collect_coll(void *arg, const struct perf_coll *c)
{
	struct counter_list *l = arg;
	size_t len;

	for (unsigned i = 0; i < c->n; i++) {
		if (c->defs[i].prio < l->threshold)
			continue;
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 64;
			l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
		}
		len = strlen(c->name) + strlen(c->defs[i].name) + 2;
		l->v[l->n].path = xmalloc(len);
		snprintf(l->v[l->n].path, len, "%s.%s", c->name, c->defs[i].name);
		l->v[l->n].coll = c;
		l->v[l->n].idx = i;
		l->n++;
	}
}

static int
counter_cmp(const void *a, const void *b)
{
	return strcmp(((const struct counter *)a)->path, ((const struct counter *)b)->path);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_declared(const struct mgrc *mc, const char *path)
{
	return mc->ndeclared &&
	       bsearch(&path, mc->declared, mc->ndeclared, sizeof(char *), str_cmp) != NULL;
}

static struct strview
sv(const char *s)
{
	struct strview v = { s ? s : "", s ? (uint32_t)strlen(s) : 0 };

	return v;
}

/*
 * The mgr decodes the packed values in the order of its (sorted) set of
 * declared paths (DaemonPerfCounters::update), so both sides walk the
 * counters sorted by full path.
 */
static struct msg *
build_report(struct mgrc *mc)
{
	struct counter_list l = { NULL, 0, 0, mc->stats_threshold };
	struct mgr_perf_type *decl;
	struct mgr_report r;
	struct enc_struct es;
	struct buf packed;
	struct msg *m;
	char name[16];
	uint32_t nd = 0, i;

	perf_for_each_coll(mc->env.perf, collect_coll, &l);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), counter_cmp);
	/*
	 * Counters are never removed from osdfarm's registry while a session
	 * lives except with their collection; a path declared earlier and now
	 * gone (or below a raised threshold) would need undeclaring. Rather
	 * than track that, such a change starts the declarations over on a
	 * fresh session (rare: threshold changes come with a new mgr).
	 */
	for (i = 0; i < mc->ndeclared; i++) {
		struct counter key = { mc->declared[i], NULL, 0 };

		if (!l.n || !bsearch(&key, l.v, l.n, sizeof(*l.v), counter_cmp))
			break;
	}
	if (i < mc->ndeclared) {
		log_info(LOG_OSD, "osd.%d: mgr: perf counters changed; reopening the session",
			 mc->env.whoami);
		for (i = 0; i < l.n; i++)
			free(l.v[i].path);
		free(l.v);
		close_session(mc);
		reconnect(mc);
		return NULL;
	}

	decl = l.n ? xcalloc(l.n, sizeof(*decl)) : NULL;
	buf_init(&packed);
	mgr_packed_start(&packed, &es);
	for (i = 0; i < l.n; i++) {
		const struct perf_def *d = &l.v[i].coll->defs[l.v[i].idx];
		const struct perf_val *v = &l.v[i].coll->vals[l.v[i].idx];

		if (!is_declared(mc, l.v[i].path)) {
			decl[nd].path = sv(l.v[i].path);
			decl[nd].description = sv(d->desc);
			decl[nd].nick = sv(d->nick);
			decl[nd].type = d->type;
			decl[nd].priority = d->prio;
			decl[nd].unit = d->unit == PERF_UNIT_BYTES ? MGR_UNIT_BYTES : MGR_UNIT_NONE;
			nd++;
		}
		enc_u64(&packed, v->v);
		if (d->type & PERF_T_LONGRUNAVG) {
			/* avgcount twice: Ceph reads both and retries while they differ */
			enc_u64(&packed, v->count);
			enc_u64(&packed, v->count);
		}
	}
	mgr_packed_end(&packed, &es);

	snprintf(name, sizeof(name), "%d", mc->env.whoami);
	memset(&r, 0, sizeof(r));
	r.daemon_name = name;
	r.service_name = "";
	r.declare = decl;
	r.ndeclare = nd;
	r.packed = &packed;
	m = mgr_msg_report(&r);
	buf_free(&packed);

	/* remember the new declarations (paths move into the declared set) */
	if (nd) {
		if (mc->ndeclared + nd > mc->cap_declared) {
			mc->cap_declared = mc->ndeclared + nd;
			mc->declared = xreallocarray(mc->declared, mc->cap_declared, sizeof(char *));
		}
		for (i = 0; i < l.n; i++)
			if (!is_declared(mc, l.v[i].path)) {
				mc->declared[mc->ndeclared++] = l.v[i].path;
				l.v[i].path = NULL;
			}
		qsort(mc->declared, mc->ndeclared, sizeof(char *), str_cmp);
	}
	for (i = 0; i < l.n; i++)
		free(l.v[i].path);
	free(l.v);
	free(decl);
	return m;
}

/* ---- PG statistics (OSD::collect_pg_stats) ---- */

static struct pg_cache *
cache_get(struct mgrc *mc, const struct spg *pgid, const struct utime *now, uint32_t epoch)
{
	uint32_t lo = 0, hi = mc->npgs;
	struct pg_cache *c;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const struct spg *k = &mc->pgs[mid].pgid;

		if (k->pgid.pool == pgid->pgid.pool && k->pgid.seed == pgid->pgid.seed &&
		    k->shard == pgid->shard)
			return &mc->pgs[mid];
		if (k->pgid.pool < pgid->pgid.pool ||
		    (k->pgid.pool == pgid->pgid.pool && (k->pgid.seed < pgid->pgid.seed ||
		     (k->pgid.seed == pgid->pgid.seed && k->shard < pgid->shard))))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (mc->npgs == mc->cap_pgs) {
		mc->cap_pgs = mc->cap_pgs ? mc->cap_pgs * 2 : 64;
		mc->pgs = xreallocarray(mc->pgs, mc->cap_pgs, sizeof(*mc->pgs));
	}
	memmove(&mc->pgs[lo + 1], &mc->pgs[lo], (mc->npgs - lo) * sizeof(*mc->pgs));
	mc->npgs++;
	c = &mc->pgs[lo];
	memset(c, 0, sizeof(*c));
	c->pgid = *pgid;
	c->created_stamp = *now;
	c->changed_stamp = *now;
	c->since_epoch = epoch;
	c->state = UINT64_MAX;          /* nothing reported yet */
	return c;
}

/* Objects, bytes and omap use of a PG's collection. */
static void
count_usage(struct mgrc *mc, struct pg_cache *c)
{
	struct hobject *batch = xmalloc(USAGE_BATCH * sizeof(*batch));
	struct hobject start, next;
	struct store_objstat os;
	uint32_t n, i;

	c->objects = c->bytes = c->omap_objects = c->omap_keys = 0;
	hobject_set_min(&start);
	for (;;) {
		if (store_collection_list(mc->env.st, &c->pgid, &start, NULL, NULL, 0, batch,
					  USAGE_BATCH, &n, &next) < 0)
			break;
		for (i = 0; i < n; i++) {
			if (store_stat(mc->env.st, &c->pgid, &batch[i], &os) < 0)
				continue;
			c->objects++;
			c->bytes += (int64_t)os.size;
			if (os.nomap || os.omap_header_len) {
				c->omap_objects++;
				c->omap_keys += (int64_t)os.nomap;
			}
		}
		if (n == 0 || hobject_is_max(&next))
			break;
		start = next;
	}
	free(batch);
	c->counted = 1;
}

struct pg_walk {
	struct mgrc *mc;
	const struct osdmap *map;
	struct utime now;
	struct mgr_pg_stat *out;
	uint32_t n, cap;
};

static void
pg_visit(void *arg, struct osd_pg *pg)
{
	struct pg_walk *w = arg;
	struct mgrc *mc = w->mc;
	const struct pg_pool *pool;
	struct pg_mapping mp;
	struct mgr_pg_stat *s;
	struct pg_cache *c;
	uint64_t state;
	int64_t copies, missing;
	uint32_t i;

	if (pg->state == PG_STATE_STRAY)
		return;                 /* only the primary reports a PG */
	pool = osdmap_get_pool(w->map, (int64_t)pg->pgid.pgid.pool);
	if (!pool || osdmap_pg_mapping(w->map, &pg->pgid.pgid, &mp) < 0)
		return;
	if (pg->state == PG_STATE_ACTIVE) {
		state = MGR_PG_ACTIVE | MGR_PG_CLEAN;
		if (pool->size > mp.nacting)
			state = MGR_PG_ACTIVE | (1ULL << 23) /* undersized */ |
				(1ULL << 10) /* degraded */;
	} else {
		/* primary of a set with other OSDs: we do not replicate, so the PG cannot go active */
		state = MGR_PG_PEERING;
	}

	c = cache_get(mc, &pg->pgid, &w->now, w->map->epoch);
	c->seen = 1;
	if (c->state != state) {
		c->state = state;
		c->changed_stamp = w->now;
		c->since_epoch = w->map->epoch;
		if (state & MGR_PG_ACTIVE)
			c->active_since = w->now;
	}
	if (mc->env.st && (!c->counted || c->counted_at.epoch != pg->last_update.epoch ||
			   c->counted_at.version != pg->last_update.version)) {
		count_usage(mc, c);
		c->counted_at = pg->last_update;
	}

	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->out = xreallocarray(w->out, w->cap, sizeof(*w->out));
	}
	s = &w->out[w->n++];
	memset(s, 0, sizeof(*s));
	s->pgid = pg->pgid.pgid;
	s->version = pg->last_update;
	s->reported_seq = mc->reported_seq;
	s->reported_epoch = w->map->epoch;
	s->state = state;
	s->created = pg->created_epoch;
	s->last_epoch_clean = (state & MGR_PG_CLEAN) ? w->map->epoch : c->since_epoch;
	s->last_scrub_stamp = c->created_stamp;   /* never scrubbed: since we hold it */
	s->last_deep_scrub_stamp = c->created_stamp;
	s->last_clean_scrub_stamp = c->created_stamp;

	copies = c->objects * (pool->size ? pool->size : 1);
	missing = pool->size > mp.nacting ? c->objects * (pool->size - mp.nacting) : 0;
	s->sum.num_objects = c->objects;
	s->sum.num_bytes = c->bytes;
	s->sum.num_object_copies = copies;
	s->sum.num_objects_degraded = missing;
	s->sum.num_objects_dirty = c->objects;  /* as classic counts outside cache tiers */
	s->sum.num_objects_omap = c->omap_objects;
	s->sum.num_omap_keys = c->omap_keys;
	s->log_size = pg->ndups;
	s->ondisk_log_size = pg->ndups;

	for (i = 0; i < (uint32_t)mp.nup && i < MGR_PG_MAX_OSDS; i++)
		s->up[i] = mp.up[i];
	s->nup = i;
	for (i = 0; i < (uint32_t)mp.nacting && i < MGR_PG_MAX_OSDS; i++)
		s->acting[i] = mp.acting[i];
	s->nacting = i;
	s->up_primary = mp.up_primary;
	s->acting_primary = mp.acting_primary;
	s->mapping_epoch = c->since_epoch;

	/* stamps: "last time the PG was seen in that state" is now, when it is in it */
	s->last_fresh = w->now;
	s->last_unstale = w->now;
	s->last_change = c->changed_stamp;
	if (state & MGR_PG_ACTIVE) {
		s->last_active = w->now;
		s->last_peered = w->now;
		s->last_became_active = c->active_since;
		s->last_became_peered = c->active_since;
	}
	if (state & MGR_PG_CLEAN) {
		s->last_clean = w->now;
		s->last_undegraded = w->now;
		s->last_fullsized = w->now;
	}
}

/*
 * The op path instantiates a PG on the first op when it is primary for it
 * (a PG created while another OSD was primary never gets MOSDPGCreate2
 * here). Until then it holds nothing, and that is what we report for it:
 * otherwise the mgr would show it "unknown" although ops to it are served.
 */
static void
refresh_primaries(struct mgrc *mc, const struct osdmap *map)
{
	struct pg pg;

	if (map->epoch == mc->prim_epoch)
		return;
	mc->nprim = 0;
	for (uint32_t i = 0; i < map->npools; i++) {
		pg.pool = (uint64_t)map->pools[i].id;
		for (pg.seed = 0; pg.seed < map->pools[i].pool.pg_num; pg.seed++) {
			if (osdmap_primary_of(map, &pg) != mc->env.whoami)
				continue;
			if (mc->nprim == mc->cap_prim) {
				mc->cap_prim = mc->cap_prim ? mc->cap_prim * 2 : 64;
				mc->prim = xreallocarray(mc->prim, mc->cap_prim, sizeof(*mc->prim));
			}
			mc->prim[mc->nprim++] = pg;
		}
	}
	mc->prim_epoch = map->epoch;
}

static void
visit_uninstantiated(struct pg_walk *w)
{
	struct mgrc *mc = w->mc;
	struct pg_mapping mp;
	struct osd_pg fake;

	refresh_primaries(mc, w->map);
	for (uint32_t i = 0; i < mc->nprim; i++) {
		memset(&fake, 0, sizeof(fake));
		fake.pgid.pgid = mc->prim[i];
		fake.pgid.shard = -1;
		if (op_path_pg(mc->env.io, &fake.pgid))
			continue;       /* instantiated: the walk reported it */
		if (osdmap_pg_mapping(w->map, &fake.pgid.pgid, &mp) < 0)
			continue;
		fake.state = mp.nacting == 1 ? PG_STATE_ACTIVE : PG_STATE_NOT_SOLE;
		fake.nacting = mp.nacting;
		fake.created_epoch = w->map->epoch;
		pg_visit(w, &fake);
	}
}

static void
statfs_of(struct mgrc *mc, struct mgr_statfs *f)
{
	struct store_statfs sf;

	memset(f, 0, sizeof(*f));
	if (!mc->env.st)
		return;
	store_statfs(mc->env.st, &sf);
	f->total = sf.total;
	f->available = sf.available;
	f->allocated = sf.data_bytes;
	f->data_stored = sf.data_bytes;
	f->internal_metadata = sf.meta_bytes;
}

static struct msg *
build_pg_stats(struct mgrc *mc)
{
	static struct osdmap none;      /* epoch 0: no map yet (or no osd, in tests) */
	const struct osdmap *map = mc->env.osd ? osd_map(mc->env.osd) : &none;
	struct pg_walk w = { mc, map, utime_now(), NULL, 0, 0 };
	struct mgr_pg_stats ps;
	struct msg *m;
	uint32_t i, j;

	mc->reported_seq++;
	for (i = 0; i < mc->npgs; i++)
		mc->pgs[i].seen = 0;
	if (mc->env.io && map->epoch) {
		op_path_for_each_pg(mc->env.io, pg_visit, &w);
		visit_uninstantiated(&w);
	}
	/* forget PGs that are gone (pool deleted) or no longer ours */
	for (i = j = 0; i < mc->npgs; i++)
		if (mc->pgs[i].seen)
			mc->pgs[j++] = mc->pgs[i];
	mc->npgs = j;

	memset(&ps, 0, sizeof(ps));
	ps.fsid = mc->env.fsid;
	ps.epoch = map->epoch;
	ps.pgs = w.out;
	ps.npgs = w.n;
	statfs_of(mc, &ps.osd_stat.statfs);
	ps.osd_stat.up_from = osdmap_get_info(map, mc->env.whoami)->up_from;
	ps.osd_stat.seq = (uint64_t)ps.osd_stat.up_from << 32 | ++mc->stat_seq;
	ps.osd_stat.num_pgs = mc->env.io ? op_path_num_pgs(mc->env.io) : 0;
	ps.osd_stat.alerts_osd = mc->env.whoami;
	ps.osd_stat.num_osds = 1;
	m = mgr_msg_pg_stats(&ps);
	free(w.out);
	return m;
}

/* ---- session ---- */

static void
report_cb(evutil_socket_t fd, short what, void *arg)
{
	struct mgrc *mc = arg;

	mgrc_send_stats(mc);
}

void
mgrc_send_stats(struct mgrc *mc)
{
	struct msg *m;

	if (!mc->conn || mc->stats_period == 0)
		return;
	if ((m = build_report(mc)) == NULL)
		return;                 /* the session was reopened */
	conn_send(mc->conn, m);
	conn_send(mc->conn, build_pg_stats(mc));
	mc->reports++;
	log_debug(LOG_OSD, 20, "osd.%d: mgr report %llu sent (%u counters declared)",
		  mc->env.whoami, (unsigned long long)mc->reports, mc->ndeclared);
	evtimer_del(mc->report_ev);
	arm_ms(mc->report_ev, mc->stats_period * 1000);
}

static void
retry_cb(evutil_socket_t fd, short what, void *arg)
{
	reconnect(arg);
}

static void
send_open(struct mgrc *mc)
{
	struct mgr_open o;
	char name[16];

	snprintf(name, sizeof(name), "%d", mc->env.whoami);
	o.daemon_name = name;
	o.service_name = "";
	conn_send(mc->conn, mgr_msg_open(&o));
}

static void
reconnect(struct mgrc *mc)
{
	char s[256];
	uint64_t since;

	close_session(mc);
	if (mc->stopped)
		return;
	if (!mc->have_map || !mc->map.available || mc->map.active_addrs.n == 0) {
		log_debug(LOG_OSD, 4, "osd.%d: no active mgr available yet", mc->env.whoami);
		return;
	}
	if (mc->attempted && (since = ms_since(&mc->last_attempt)) < mc->env.connect_retry_ms) {
		if (!evtimer_pending(mc->retry_ev, NULL))
			arm_ms(mc->retry_ev, (uint32_t)(mc->env.connect_retry_ms - since));
		return;
	}
	evtimer_del(mc->retry_ev);
	clock_gettime(CLOCK_MONOTONIC, &mc->last_attempt);
	mc->attempted = 1;
	entity_addrvec_format(&mc->map.active_addrs, s, sizeof(s));
	log_debug(LOG_OSD, 1, "osd.%d: mgr session with %s (mgr.%s)", mc->env.whoami, s,
		  mc->map.active_name);
	mc->conn = conn_get(msgr_connect(mc->env.msgr, &mc->map.active_addrs, ENTITY_TYPE_MGR));
	send_open(mc);
}

static int
same_addrs(const struct entity_addrvec *a, const struct entity_addrvec *b)
{
	if (a->n != b->n)
		return 0;
	for (uint32_t i = 0; i < a->n; i++)
		if (!entity_addr_equal(&a->v[i], &b->v[i]))
			return 0;
	return 1;
}

void
mgrc_handle_mgr_map(struct mgrc *mc, struct msg *m)
{
	struct mgr_map_head h;
	int err;

	err = mgr_map_decode(buf_contig(&m->front, 0, m->front.len), m->front.len, &h);
	if (err) {
		log_error(LOG_OSD, "osd.%d: malformed MMgrMap (%zu bytes): %s", mc->env.whoami,
			  m->front.len, strerror(-err));
		return;
	}
	if (mc->have_map && h.epoch < mc->map.epoch)
		return;
	log_debug(LOG_OSD, 4, "osd.%d: mgrmap e%u active %s gid %llu%s", mc->env.whoami,
		  h.epoch, h.active_name[0] ? h.active_name : "(none)",
		  (unsigned long long)h.active_gid, h.available ? "" : " (not available)");
	mc->map = h;
	mc->have_map = 1;
	if (!mc->conn || !h.available || !same_addrs(conn_peer_addrs(mc->conn), &h.active_addrs))
		reconnect(mc);
}

static void
handle_configure(struct mgrc *mc, struct msg *m)
{
	struct mgr_configure cf;
	int starting;

	if (mgr_configure_decode(buf_contig(&m->front, 0, m->front.len), m->front.len,
				 m->hdr.version, &cf) < 0) {
		log_error(LOG_OSD, "osd.%d: malformed MMgrConfigure", mc->env.whoami);
		return;
	}
	log_debug(LOG_OSD, 4, "osd.%d: mgr: stats_period=%u threshold=%u", mc->env.whoami,
		  cf.stats_period, cf.stats_threshold);
	if (cf.stats_threshold != mc->stats_threshold && mc->ndeclared) {
		/* a raised threshold would need undeclarations: start the session over */
		mc->stats_threshold = cf.stats_threshold;
		reconnect(mc);
		return;
	}
	mc->stats_threshold = cf.stats_threshold;
	starting = mc->stats_period == 0 && cf.stats_period != 0;
	if (starting)
		log_info(LOG_OSD, "osd.%d: mgr session with mgr.%s: stats_period=%u threshold=%u",
			 mc->env.whoami, mc->map.active_name, cf.stats_period, cf.stats_threshold);
	mc->stats_period = cf.stats_period;
	if (cf.stats_period == 0)
		evtimer_del(mc->report_ev);
	if (starting)
		mgrc_send_stats(mc);
}

int
mgrc_handle_dispatch(struct mgrc *mc, struct conn *c, struct msg *m)
{
	if (!mc || !mc->conn || c != mc->conn)
		return 0;
	switch (m->hdr.type) {
	case MSG_MGR_CONFIGURE:
		handle_configure(mc, m);
		break;
	default:
		/* MMgrClose (service daemons only), command replies: nothing to do */
		log_debug(LOG_OSD, 5, "osd.%d: ignoring %s (%u) from the mgr", mc->env.whoami,
			  msg_type_name(m->hdr.type), m->hdr.type);
	}
	msg_free(m);
	return 1;
}

int
mgrc_handle_reset(struct mgrc *mc, struct conn *c)
{
	if (!mc || !mc->conn || c != mc->conn)
		return 0;
	log_debug(LOG_OSD, 4, "osd.%d: mgr session reset", mc->env.whoami);
	reconnect(mc);
	return 1;
}

struct mgrc *
mgrc_new(const struct mgrc_env *env)
{
	struct mgrc *mc = xcalloc(1, sizeof(*mc));

	mc->env = *env;
	mc->report_ev = evtimer_new(env->base, report_cb, mc);
	mc->retry_ev = evtimer_new(env->base, retry_cb, mc);
	msgr_set_policy(env->msgr, ENTITY_TYPE_MGR, msgr_policy_lossy_client());
	return mc;
}

void
mgrc_stop(struct mgrc *mc)
{
	if (!mc)
		return;
	mc->stopped = 1;
	evtimer_del(mc->retry_ev);
	close_session(mc);
}

void
mgrc_free(struct mgrc *mc)
{
	if (!mc)
		return;
	mgrc_stop(mc);
	event_free(mc->report_ev);
	event_free(mc->retry_ev);
	declared_clear(mc);
	free(mc->declared);
	free(mc->pgs);
	free(mc->prim);
	free(mc);
}

int
mgrc_is_open(const struct mgrc *mc)
{
	return mc && mc->conn != NULL;
}

uint32_t
mgrc_stats_period(const struct mgrc *mc)
{
	return mc ? mc->stats_period : 0;
}

uint64_t
mgrc_reports_sent(const struct mgrc *mc)
{
	return mc ? mc->reports : 0;
}
