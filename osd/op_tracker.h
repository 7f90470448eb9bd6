/*
 * op_tracker.h — the client ops in flight and a history of finished ones,
 * for `ceph daemon osd.N dump_ops_in_flight | ops | dump_blocked_ops |
 * dump_historic_ops | dump_historic_ops_by_duration | dump_historic_slow_ops`
 * (src/common/TrackedOp.cc, src/osd/OpRequest.cc).
 *
 * Hot path: an op takes a preallocated entry (a free list grown a slab at a
 * time, never per op), events are an enum and a CLOCK_MONOTONIC stamp in a
 * small fixed array, and the request is kept as a compact record (reqid,
 * PG, bounded copies of the names, the first ops' codes and extents, flags,
 * epoch). The osd_op(...) description and the JSON are only built when an
 * admin socket command asks.
 *
 * History, as classic's OpHistory: of the ops finished in the last
 * history_duration seconds, the history_size longest are kept (a new op
 * shorter than all of a full history is not kept), listed by arrival, or by
 * duration (longest first). Ops that took slow_threshold seconds or more
 * are kept apart too, the slow_size most recent. An op in flight longer
 * than complaint_time is "blocked": op_tracker_check() (every second on the
 * timer) logs it once as a slow request.
 */
#ifndef OSDFARM_OSD_OP_TRACKER_H
#define OSDFARM_OSD_OP_TRACKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "common/types.h"

struct asok_out;
struct buf;
struct event_base;
struct mosdop;
struct op_tracker;
struct tracked_op;

/* ceph.conf keys and their Pacific defaults. */
struct op_tracker_conf {
	bool enabled;                   /* osd_enable_op_tracker (true) */
	uint32_t history_size;          /* osd_op_history_size (20) */
	uint32_t history_duration;      /* osd_op_history_duration, seconds (600) */
	uint32_t slow_size;             /* osd_op_history_slow_op_size (20) */
	double slow_threshold;          /* osd_op_history_slow_op_threshold, seconds (10) */
	double complaint_time;          /* osd_op_complaint_time, seconds (30) */
};

/* Upper bounds accepted for the sizes (each history entry is ~1 KiB). */
#define OP_TRACKER_HISTORY_MAX 10000
/* Entries allocated at most: ops beyond this are simply not tracked. */
#define OP_TRACKER_MAX_ENTRIES 65536

/*
 * What happened to an op. The waits and drops also become the op's
 * "flag_point" (classic's mark_delayed), as do reached_pg, started and
 * commit_sent; initiated and done do not.
 */
enum op_event {
	OP_EV_INITIATED,
	OP_EV_WAIT_MAP,         /* "op must wait for map": newer epoch, or no map */
	OP_EV_WAIT_ORDER,       /* "waiting_for_map not empty": behind earlier waiting ops */
	OP_EV_REACHED_PG,       /* taken from a wait queue and run again */
	OP_EV_STARTED,          /* execution begins */
	OP_EV_COMMIT_SENT,      /* a write's reply is queued */
	OP_EV_DROP_MALFORMED,
	OP_EV_DROP_NO_POOL,
	OP_EV_DROP_MISDIRECTED,
	OP_EV_DROP_NO_PG,
	OP_EV_DROP_NOT_PRIMARY,
	OP_EV_DROP_NOT_SERVED,  /* the acting set has other OSDs */
	OP_EV_DROP_POOL_GONE,
	OP_EV_DROP_RESET,       /* the client connection went away */
	OP_EV_DROP_SHUTDOWN,
	OP_EV_DONE,
	OP_EV_COUNT
};

/* "initiated", "op must wait for map", ... "done". */
const char *op_event_name(enum op_event ev);

void op_tracker_conf_default(struct op_tracker_conf *c);
/*
 * Check a configuration: 0, or -EINVAL with the offending key in *bad
 * (sizes above OP_TRACKER_HISTORY_MAX, durations negative or not finite).
 */
int op_tracker_conf_check(const struct op_tracker_conf *c, const char **bad);

/* conf NULL: the defaults. A bad conf keeps the defaults for its bad keys. */
struct op_tracker *op_tracker_new(const struct op_tracker_conf *conf);
/* Ops still in flight are forgotten (their entries freed). */
void op_tracker_free(struct op_tracker *t);
/* Apply a new configuration (config set); -EINVAL as op_tracker_conf_check. */
int op_tracker_set_conf(struct op_tracker *t, const struct op_tracker_conf *conf);
const struct op_tracker_conf *op_tracker_conf(const struct op_tracker *t);
/* Run op_tracker_check every second on base (until op_tracker_free). */
void op_tracker_start_timer(struct op_tracker *t, struct event_base *base);

/* CLOCK_MONOTONIC in ns: the clock every stamp below is on (vDSO, ~25 ns). */
static inline uint64_t
op_tracker_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * A client op arrived (event "initiated" at now). NULL when tracking is off
 * or OP_TRACKER_MAX_ENTRIES are in use; every call below accepts NULL.
 * addr may be NULL.
 */
struct tracked_op *op_tracker_start(struct op_tracker *t, const struct entity_name *src,
				    const struct entity_addr *addr, uint64_t tid, uint64_t now);
/*
 * Record the decoded request for the description (once; later calls do
 * nothing). data is the message's data segment (xattr names, class.method).
 */
void op_tracker_describe(struct tracked_op *op, const struct mosdop *req,
			 const struct buf *data);
/*
 * After execution: the ops as they are answered (bytes read, value
 * lengths), as classic describes a finished op.
 */
void op_tracker_executed(struct tracked_op *op, const struct mosdop *req);
void op_tracker_mark(struct tracked_op *op, enum op_event ev, uint64_t now);
/*
 * The op is over: why is OP_EV_DONE (replied) or the drop event, marked
 * before "done". It leaves the ops in flight for the history.
 */
void op_tracker_finish(struct op_tracker *t, struct tracked_op *op, enum op_event why,
		       uint64_t now);

/*
 * Log each op in flight longer than complaint_time once ("slow request ...
 * currently <flag_point>"), after a summary line. Returns how many are
 * that old.
 */
unsigned op_tracker_check(struct op_tracker *t, uint64_t now);

/*
 * The admin socket dumps, in the shapes of a 16.2.15 ceph-osd. filters: an
 * op is listed if its description contains one of them (none: every op).
 */
void op_tracker_dump_in_flight(struct op_tracker *t, struct asok_out *out, bool only_blocked,
			       char *const *filters, unsigned nfilters, uint64_t now);
void op_tracker_dump_historic(struct op_tracker *t, struct asok_out *out, bool by_duration,
			      char *const *filters, unsigned nfilters, uint64_t now);
void op_tracker_dump_slow(struct op_tracker *t, struct asok_out *out, char *const *filters,
			  unsigned nfilters, uint64_t now);

/* The op's osd_op(...) text into out (always NUL-terminated); its length. */
size_t op_tracker_format_desc(const struct tracked_op *op, char *out, size_t outsz);

/* For tests and stats. */
struct op_tracker_stats {
	uint32_t in_flight;
	uint32_t history;
	uint32_t slow;
	uint32_t allocated;             /* entries in the pool */
	uint32_t free;                  /* of which unused */
	uint64_t warnings;              /* slow requests logged */
};
void op_tracker_stats(const struct op_tracker *t, struct op_tracker_stats *s);

#endif
