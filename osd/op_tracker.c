/*
 * op_tracker.c — entries, the ops in flight, the history and the slow-op
 * check of the op tracker (see op_tracker.h; the text and JSON side is in
 * op_tracker_dump.c). Semantics follow src/common/TrackedOp.cc (OpHistory
 * insert/cleanup, OpTracker::check_ops_in_flight).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/mem.h"
#include "osd/op_tracker_int.h"

#define SLAB_ENTRIES 64
#define NS 1000000000ull

static const char *const ev_names[OP_EV_COUNT] = {
	[OP_EV_INITIATED] = "initiated",
	/* PrimaryLogPG::do_request's mark_delayed texts */
	[OP_EV_WAIT_MAP] = "op must wait for map",
	[OP_EV_WAIT_ORDER] = "waiting_for_map not empty",
	[OP_EV_REACHED_PG] = "reached_pg",
	[OP_EV_STARTED] = "started",
	[OP_EV_COMMIT_SENT] = "commit_sent",
	[OP_EV_DROP_MALFORMED] = "dropped: malformed",
	[OP_EV_DROP_NO_POOL] = "dropped: no such pool",
	[OP_EV_DROP_MISDIRECTED] = "dropped: misdirected",
	[OP_EV_DROP_NO_PG] = "dropped: pg unavailable",
	[OP_EV_DROP_NOT_PRIMARY] = "dropped: not primary",
	[OP_EV_DROP_NOT_SERVED] = "dropped: acting set has other OSDs",
	[OP_EV_DROP_POOL_GONE] = "dropped: pool deleted",
	[OP_EV_DROP_RESET] = "dropped: connection reset",
	[OP_EV_DROP_SHUTDOWN] = "dropped: shutdown",
	[OP_EV_DONE] = "done",
};

const char *
op_event_name(enum op_event ev)
{
	return (unsigned)ev < OP_EV_COUNT ? ev_names[ev] : "???";
}

const char *
ot_flag_point(const struct tracked_op *op)
{
	/* OpRequest::state_string: fixed texts, or the delay reason itself */
	switch (op->flag_ev) {
	case OT_NO_FLAG: return "no flag points reached";
	case OP_EV_REACHED_PG: return "reached pg";
	case OP_EV_STARTED: return "started";
	case OP_EV_COMMIT_SENT: return "commit sent; apply or cleanup";
	default: return op_event_name((enum op_event)op->flag_ev);
	}
}

/* ---------------------------------------------------------------- config */

void
op_tracker_conf_default(struct op_tracker_conf *c)
{
	c->enabled = true;
	c->history_size = 20;
	c->history_duration = 600;
	c->slow_size = 20;
	c->slow_threshold = 10;
	c->complaint_time = 30;
}

static int
seconds_ok(double v)
{
	return isfinite(v) && v >= 0 && v <= 1e9;
}

int
op_tracker_conf_check(const struct op_tracker_conf *c, const char **bad)
{
	const char *b = NULL;

	if (c->history_size > OP_TRACKER_HISTORY_MAX)
		b = "osd_op_history_size";
	else if (c->slow_size > OP_TRACKER_HISTORY_MAX)
		b = "osd_op_history_slow_op_size";
	else if (c->history_duration > 1000000000u)
		b = "osd_op_history_duration";
	else if (!seconds_ok(c->slow_threshold))
		b = "osd_op_history_slow_op_threshold";
	else if (!seconds_ok(c->complaint_time))
		b = "osd_op_complaint_time";
	if (bad)
		*bad = b;
	return b ? -EINVAL : 0;
}

static void entry_put(struct op_tracker *t, struct tracked_op *op);

static void
hist_recompute_min(struct op_tracker *t)
{
	t->hist_min = 0;
	for (uint32_t i = 1; i < t->nhist; i++)
		if (ot_duration(t->hist[i], 0) < ot_duration(t->hist[t->hist_min], 0))
			t->hist_min = i;
}

static void
hist_remove(struct op_tracker *t, uint32_t i)
{
	struct tracked_op *op = t->hist[i];

	memmove(&t->hist[i], &t->hist[i + 1], (t->nhist - i - 1) * sizeof(*t->hist));
	t->nhist--;
	entry_put(t, op);
}

static void
slow_remove(struct op_tracker *t, uint32_t i)
{
	struct tracked_op *op = t->slow[i];

	memmove(&t->slow[i], &t->slow[i + 1], (t->nslow - i - 1) * sizeof(*t->slow));
	t->nslow--;
	entry_put(t, op);
}

/* Fit the history arrays to the configured sizes (dropping the shortest / oldest). */
static void
apply_sizes(struct op_tracker *t)
{
	uint32_t hs = t->conf.history_size, ss = t->conf.slow_size;

	while (t->nhist > hs) {
		hist_recompute_min(t);
		hist_remove(t, t->hist_min);
	}
	while (t->nslow > ss)
		slow_remove(t, 0);
	t->hist = xreallocarray(t->hist, hs + 1, sizeof(*t->hist));
	t->slow = xreallocarray(t->slow, ss + 1, sizeof(*t->slow));
	hist_recompute_min(t);
}

int
op_tracker_set_conf(struct op_tracker *t, const struct op_tracker_conf *conf)
{
	int r = op_tracker_conf_check(conf, NULL);

	if (r < 0)
		return r;
	t->conf = *conf;
	t->hist_dur_ns = (uint64_t)conf->history_duration * NS;
	t->slow_thr_ns = (uint64_t)(conf->slow_threshold * 1e9);
	t->complaint_ns = (uint64_t)(conf->complaint_time * 1e9);
	apply_sizes(t);
	return 0;
}

const struct op_tracker_conf *
op_tracker_conf(const struct op_tracker *t)
{
	return &t->conf;
}

struct op_tracker *
op_tracker_new(const struct op_tracker_conf *conf)
{
	struct op_tracker *t = xcalloc(1, sizeof(*t));
	struct op_tracker_conf c;
	const char *bad;

	op_tracker_conf_default(&c);
	if (conf) {
		struct op_tracker_conf d = c;

		c = *conf;
		/* a bad key falls back to its default, the others stay */
		while (op_tracker_conf_check(&c, &bad) < 0) {
			log_error(LOG_OSD, "op tracker: bad %s, using the default", bad);
			if (strcmp(bad, "osd_op_history_size") == 0)
				c.history_size = d.history_size;
			else if (strcmp(bad, "osd_op_history_slow_op_size") == 0)
				c.slow_size = d.slow_size;
			else if (strcmp(bad, "osd_op_history_duration") == 0)
				c.history_duration = d.history_duration;
			else if (strcmp(bad, "osd_op_history_slow_op_threshold") == 0)
				c.slow_threshold = d.slow_threshold;
			else
				c.complaint_time = d.complaint_time;
		}
	}
	op_tracker_set_conf(t, &c);
	return t;
}

void
op_tracker_free(struct op_tracker *t)
{
	if (t == NULL)
		return;
	if (t->timer)
		event_free(t->timer);
	for (uint32_t i = 0; i < t->nslabs; i++)
		free(t->slabs[i]);
	free(t->slabs);
	free(t->hist);
	free(t->slow);
	free(t);
}

static void
timer_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	op_tracker_check(arg, op_tracker_now());
}

void
op_tracker_start_timer(struct op_tracker *t, struct event_base *base)
{
	struct timeval tv = { 1, 0 };

	if (t->timer || base == NULL)
		return;
	t->timer = event_new(base, -1, EV_PERSIST, timer_cb, t);
	evtimer_add(t->timer, &tv);
}

/* ---------------------------------------------------------------- entries */

static struct tracked_op *
entry_get(struct op_tracker *t)
{
	struct tracked_op *op;

	if (t->free == NULL) {
		struct tracked_op *slab;

		if (t->nalloc + SLAB_ENTRIES > OP_TRACKER_MAX_ENTRIES)
			return NULL;
		/* a slab at a time: growth is rare and stops at the working set */
		slab = xcalloc(SLAB_ENTRIES, sizeof(*slab));
		t->slabs = xreallocarray(t->slabs, t->nslabs + 1, sizeof(*t->slabs));
		t->slabs[t->nslabs++] = slab;
		for (int i = SLAB_ENTRIES - 1; i >= 0; i--) {
			slab[i].next = t->free;
			t->free = &slab[i];
		}
		t->nalloc += SLAB_ENTRIES;
		t->nfree += SLAB_ENTRIES;
	}
	op = t->free;
	t->free = op->next;
	t->nfree--;
	return op;
}

/* One list let go of op; back to the free list when none holds it. */
static void
entry_put(struct op_tracker *t, struct tracked_op *op)
{
	if (--op->refs)
		return;
	op->next = t->free;
	op->prev = NULL;
	t->free = op;
	t->nfree++;
}

struct tracked_op *
op_tracker_start(struct op_tracker *t, const struct entity_name *src,
		 const struct entity_addr *addr, uint64_t tid, uint64_t now)
{
	struct tracked_op *op;

	if (!t->conf.enabled || (op = entry_get(t)) == NULL)
		return NULL;
	op->refs = 1;
	op->in_flight = 1;
	op->described = 0;
	op->warned = 0;
	op->nev = 1;
	op->ev[0] = OP_EV_INITIATED;
	op->ev_t[0] = now;
	op->done_t = 0;
	op->flag_ev = OT_NO_FLAG;
	op->src = *src;
	if (addr)
		op->addr = *addr;
	else
		op->addr.type = ENTITY_ADDR_NONE;
	op->tid = tid;
	/* arrival order: now never goes back */
	op->next = NULL;
	op->prev = t->tail;
	if (t->tail)
		t->tail->next = op;
	else
		t->head = op;
	t->tail = op;
	t->nflight++;
	return op;
}

static void
copy_str(char *dst, size_t cap, struct ot_str *l, const char *p, uint32_t len)
{
	size_t n = len < cap ? len : cap;

	memcpy(dst, p, n);
	l->len = (uint16_t)n;
	l->full = len;
}

/*
 * The name an xattr or class op carries at the start of its input
 * (ceph_osd_op: xattr.name_len, or cls.class_len and cls.method_len), as
 * much as aux[] still holds. Lengths come from the wire: checked against
 * the op's input and the data segment.
 */
static void
copy_aux(struct tracked_op *op, const struct osd_op *o, struct ot_op *to, const struct buf *data)
{
	uint32_t n1, n2 = 0, n, room = OT_AUX - op->aux_used;

	if ((o->op & OSD_OP_TYPE_MASK) == OSD_OP_TYPE_ATTR) {
		n1 = osd_op_u32(o, OSD_OP_XATTR_NAME_LEN);
	} else {
		n1 = o->u[0];
		n2 = o->u[1];
	}
	if (n1 == 0 || room == 0 || (uint64_t)n1 + n2 > o->payload_len || data == NULL ||
	    (uint64_t)o->indata_off + n1 + n2 > data->len)
		return;
	n = n1 + n2 < room ? n1 + n2 : room;
	if (buf_copy_out(data, o->indata_off, n, op->aux + op->aux_used) < 0)
		return;
	to->aux_off = op->aux_used;
	to->aux_len = (uint8_t)n;
	to->aux_split = (uint8_t)(n1 < n ? n1 : n);
	to->aux_cut = n < n1 + n2;
	op->aux_used += (uint8_t)n;
}

void
op_tracker_describe(struct tracked_op *op, const struct mosdop *req, const struct buf *data)
{
	uint32_t i, n;

	if (op == NULL || op->described)
		return;
	op->described = 1;
	/* MOSDOp::get_reqid: the wire's, else (source, inc, tid) */
	op->reqid = req->reqid;
	if (op->reqid.name.type == 0 && op->reqid.name.num == 0 && op->reqid.tid == 0) {
		op->reqid.name = op->src;
		op->reqid.tid = op->tid;
	}
	op->pgid = req->spgid;
	op->hash = req->hash;
	op->epoch = req->epoch;
	op->flags = req->flags;
	op->retry_attempt = req->retry_attempt;
	op->snapid = req->snapid;
	op->snap_seq = req->snap_seq;
	op->nsnaps = req->nsnaps;
	n = req->nsnaps < OT_SNAPS ? req->nsnaps : OT_SNAPS;
	for (i = 0; i < n; i++)
		op->snaps[i] = get_le64(req->snaps + 8 * i);
	copy_str(op->oid, OT_OID, &op->oid_l, req->oid.p, req->oid.len);
	/* hobject_t::set_key drops a key equal to the name */
	if (req->oloc.key.len == req->oid.len &&
	    memcmp(req->oloc.key.p, req->oid.p, req->oid.len) == 0)
		copy_str(op->key, OT_KEY, &op->key_l, "", 0);
	else
		copy_str(op->key, OT_KEY, &op->key_l, req->oloc.key.p, req->oloc.key.len);
	copy_str(op->ns, OT_NS, &op->ns_l, req->oloc.nspace.p, req->oloc.nspace.len);
	op->nops = req->nops;
	op->aux_used = 0;
	n = req->nops < OT_OPS ? req->nops : OT_OPS;
	for (i = 0; i < n; i++) {
		const struct osd_op *o = &req->ops[i];
		struct ot_op *to = &op->ops[i];
		uint16_t type = o->op & OSD_OP_TYPE_MASK;

		to->op = o->op;
		to->flags = o->flags;
		to->payload_len = o->payload_len;
		memcpy(to->u, o->u, OSD_OP_UNION_LEN);
		to->aux_len = 0;
		if (type == OSD_OP_TYPE_ATTR || type == OSD_OP_TYPE_EXEC)
			copy_aux(op, o, to, data);
	}
}

void
op_tracker_executed(struct tracked_op *op, const struct mosdop *req)
{
	uint32_t n;

	if (op == NULL || !op->described)
		return;
	n = req->nops < OT_OPS ? req->nops : OT_OPS;
	for (uint32_t i = 0; i < n; i++)
		memcpy(op->ops[i].u, req->ops[i].u, OSD_OP_UNION_LEN);
}

static int
is_final(enum op_event ev)
{
	return ev == OP_EV_DONE || (ev >= OP_EV_DROP_MALFORMED && ev <= OP_EV_DROP_SHUTDOWN);
}

void
op_tracker_mark(struct tracked_op *op, enum op_event ev, uint64_t now)
{
	unsigned i = op ? op->nev : 0;

	if (op == NULL || op->done_t)
		return;
	/* two slots stay for the end; a long wait keeps its first events
	 * and its latest one */
	if (i >= OT_EVENTS - 2 && !is_final(ev))
		i = OT_EVENTS - 3;
	else if (i >= OT_EVENTS)
		i = OT_EVENTS - 1;
	else
		op->nev++;
	op->ev[i] = (uint8_t)ev;
	op->ev_t[i] = now;
	if (ev != OP_EV_INITIATED && ev != OP_EV_DONE)
		op->flag_ev = (uint8_t)ev;
}

/* ---------------------------------------------------------------- history */

/* OpHistory::cleanup's first rule: ops that arrived too long ago go. */
void
ot_hist_expire(struct op_tracker *t, uint64_t now)
{
	uint32_t n = 0;

	while (n < t->nhist && now > ot_initiated(t->hist[n]) &&
	       now - ot_initiated(t->hist[n]) > t->hist_dur_ns)
		n++;
	if (n == 0)
		return;
	for (uint32_t i = 0; i < n; i++)
		entry_put(t, t->hist[i]);
	memmove(&t->hist[0], &t->hist[n], (t->nhist - n) * sizeof(*t->hist));
	t->nhist -= n;
	hist_recompute_min(t);
}

/* Insert into an arrival-ordered array (usually at its end). */
static void
insert_sorted(struct tracked_op **v, uint32_t *n, struct tracked_op *op)
{
	uint32_t i = *n;

	while (i > 0 && ot_initiated(v[i - 1]) > ot_initiated(op))
		i--;
	memmove(&v[i + 1], &v[i], (*n - i) * sizeof(*v));
	v[i] = op;
	(*n)++;
	op->refs++;
}

static void
hist_insert(struct op_tracker *t, struct tracked_op *op, uint64_t now)
{
	uint64_t dur = ot_duration(op, now);

	ot_hist_expire(t, now);
	if (t->conf.history_size == 0)
		return;
	if (t->nhist == t->conf.history_size) {
		/* the shortest goes: that is this op when it is no longer
		 * than every op kept (the common case: nothing moves) */
		if (dur <= ot_duration(t->hist[t->hist_min], now))
			return;
		hist_remove(t, t->hist_min);
	}
	insert_sorted(t->hist, &t->nhist, op);
	hist_recompute_min(t);
}

static void
slow_insert(struct op_tracker *t, struct tracked_op *op, uint64_t now)
{
	if (t->conf.slow_size == 0 || ot_duration(op, now) < t->slow_thr_ns)
		return;
	insert_sorted(t->slow, &t->nslow, op);
	while (t->nslow > t->conf.slow_size)
		slow_remove(t, 0);
}

void
op_tracker_finish(struct op_tracker *t, struct tracked_op *op, enum op_event why,
		  uint64_t now)
{
	if (op == NULL || !op->in_flight)
		return;
	if (now < ot_initiated(op))
		now = ot_initiated(op);
	if (why != OP_EV_DONE)
		op_tracker_mark(op, why, now);
	op_tracker_mark(op, OP_EV_DONE, now);
	op->done_t = now;
	op->in_flight = 0;
	if (op->prev)
		op->prev->next = op->next;
	else
		t->head = op->next;
	if (op->next)
		op->next->prev = op->prev;
	else
		t->tail = op->prev;
	op->prev = op->next = NULL;
	t->nflight--;
	hist_insert(t, op, now);
	slow_insert(t, op, now);
	entry_put(t, op);
}

/* ---------------------------------------------------------------- slow ops */

unsigned
op_tracker_check(struct op_tracker *t, uint64_t now)
{
	struct tracked_op *op;
	unsigned slow = 0, warn = 0;
	int64_t off;
	char desc[1024], when[64];

	/* oldest first: stop at the first op young enough */
	for (op = t->head; op; op = op->next) {
		if (now <= ot_initiated(op) || now - ot_initiated(op) <= t->complaint_ns)
			break;
		slow++;
		if (!op->warned)
			warn++;
	}
	if (warn == 0)
		return slow;
	/* OpTracker::check_ops_in_flight's summary, then each op once */
	log_info(LOG_OSD, "%u slow requests, %u included below; oldest blocked for > %.6f secs",
		 slow, warn, (double)(now - ot_initiated(t->head)) / 1e9);
	off = ot_wall_offset();
	for (op = t->head; op; op = op->next) {
		if (now <= ot_initiated(op) || now - ot_initiated(op) <= t->complaint_ns)
			break;
		if (op->warned)
			continue;
		op->warned = 1;
		t->warnings++;
		op_tracker_format_desc(op, desc, sizeof(desc));
		ot_format_time(ot_initiated(op), off, when, sizeof(when));
		log_info(LOG_OSD, "slow request %.6f seconds old, received at %s: %s currently %s",
			 (double)(now - ot_initiated(op)) / 1e9, when, desc, ot_flag_point(op));
	}
	return slow;
}

void
op_tracker_stats(const struct op_tracker *t, struct op_tracker_stats *s)
{
	s->in_flight = t->nflight;
	s->history = t->nhist;
	s->slow = t->nslow;
	s->allocated = t->nalloc;
	s->free = t->nfree;
	s->warnings = t->warnings;
}
