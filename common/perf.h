/*
 * perf.h — perf counters, dumped as Ceph's `perf dump` / `perf schema`.
 *
 * A process keeps a registry of named collections ("osd",
 * "AsyncMessenger::Worker-0", "throttle-osd_client_bytes"). A collection is
 * an array of counters described by a static table indexed by the owner's
 * enum, so the hot path is one add into an array slot:
 *
 *	enum { L_OSD_OP, L_OSD_OP_LAT, L_OSD_LAST };
 *	static const struct perf_def osd_defs[L_OSD_LAST] = {
 *		[L_OSD_OP] = PERF_DEF_COUNTER("op", "ops", "Client operations"),
 *		[L_OSD_OP_LAT] = PERF_DEF_TIME_AVG("op_latency", "lat", "Latency"),
 *	};
 *	c = perf_coll_create(reg, "osd", osd_defs, L_OSD_LAST);
 *	perf_inc(c, L_OSD_OP);
 *	perf_tinc(c, L_OSD_OP_LAT, ns);
 *
 * Single-threaded (one process per core): plain increments, no atomics.
 * Counter kinds and the JSON follow src/common/perf_counters.{h,cc}.
 */
#ifndef OSDFARM_COMMON_PERF_H
#define OSDFARM_COMMON_PERF_H

#include <stddef.h>
#include <stdint.h>

/* Ceph's perfcounter_type_d bits, exposed as "type" in perf schema. */
#define PERF_T_TIME       0x1
#define PERF_T_U64        0x2
#define PERF_T_LONGRUNAVG 0x4
#define PERF_T_COUNTER    0x8
#define PERF_T_HISTOGRAM  0x10

/* Ceph's priorities (PerfCountersBuilder::PRIO_*). */
#define PERF_PRIO_CRITICAL    10
#define PERF_PRIO_INTERESTING 8
#define PERF_PRIO_USEFUL      5
#define PERF_PRIO_UNINTERESTING 2
#define PERF_PRIO_DEBUGONLY   0

enum perf_unit { PERF_UNIT_NONE, PERF_UNIT_BYTES };

/* Log2 histogram: bucket 0 counts zeros, bucket i (i >= 1) [2^(i-1), 2^i), the last anything above. */
#define PERF_HIST_BUCKETS 32

struct perf_def {
	const char *name;
	const char *nick;       /* <= 4 chars: `ceph daemonperf` column */
	const char *desc;
	uint8_t type;           /* PERF_T_* */
	uint8_t prio;
	uint8_t unit;           /* enum perf_unit */
};

#define PERF_DEF_(n, k, d, t, p, u) { (n), (k), (d), (t), (p), (u) }
/* Monotonic u64 (reset by perf reset). */
#define PERF_DEF_COUNTER(n, k, d) \
	PERF_DEF_(n, k, d, PERF_T_U64 | PERF_T_COUNTER, PERF_PRIO_USEFUL, PERF_UNIT_NONE)
#define PERF_DEF_COUNTER_BYTES(n, k, d) \
	PERF_DEF_(n, k, d, PERF_T_U64 | PERF_T_COUNTER, PERF_PRIO_USEFUL, PERF_UNIT_BYTES)
/* A level that goes up and down (not reset). */
#define PERF_DEF_GAUGE(n, k, d) \
	PERF_DEF_(n, k, d, PERF_T_U64, PERF_PRIO_USEFUL, PERF_UNIT_NONE)
/* Average of u64 samples: {"avgcount", "sum"}. */
#define PERF_DEF_U64_AVG(n, k, d) \
	PERF_DEF_(n, k, d, PERF_T_U64 | PERF_T_LONGRUNAVG, PERF_PRIO_USEFUL, PERF_UNIT_NONE)
/* Average of durations in ns: {"avgcount", "sum", "avgtime"} in seconds. */
#define PERF_DEF_TIME_AVG(n, k, d) \
	PERF_DEF_(n, k, d, PERF_T_TIME | PERF_T_LONGRUNAVG, PERF_PRIO_USEFUL, PERF_UNIT_NONE)
/* A duration in ns, dumped as seconds. */
#define PERF_DEF_TIME(n, k, d) \
	PERF_DEF_(n, k, d, PERF_T_TIME, PERF_PRIO_USEFUL, PERF_UNIT_NONE)
/* Log2 histogram of u64 samples (e.g. latency in µs); only in perf histogram dump. */
#define PERF_DEF_HIST(n, k, d) \
	PERF_DEF_(n, k, d, PERF_T_U64 | PERF_T_HISTOGRAM, PERF_PRIO_USEFUL, PERF_UNIT_NONE)

struct perf_val {
	uint64_t v;             /* value, or sum for averages and histograms */
	uint64_t count;         /* samples for averages and histograms */
	uint64_t *hist;         /* PERF_HIST_BUCKETS slots for histograms, else NULL */
};

struct perf_coll {
	char *name;
	const struct perf_def *defs;
	unsigned n;
	struct perf_val *vals;
};

struct perf_registry;

struct perf_registry *perf_registry_new(void);
/* Frees the registry and every collection still in it. */
void perf_registry_free(struct perf_registry *r);
/*
 * Add a collection; defs must outlive it (a static table) and have n entries.
 * Names are unique: NULL if name is taken.
 */
struct perf_coll *perf_coll_create(struct perf_registry *r, const char *name,
				   const struct perf_def *defs, unsigned n);
void perf_coll_destroy(struct perf_registry *r, struct perf_coll *c);
struct perf_coll *perf_coll_find(const struct perf_registry *r, const char *name);

/* ---- hot path: one array slot each; idx is the caller's enum ---- */
static inline void perf_inc(struct perf_coll *c, unsigned idx) { c->vals[idx].v++; }
static inline void perf_add(struct perf_coll *c, unsigned idx, uint64_t amt)
{
	c->vals[idx].v += amt;
}
static inline void perf_dec(struct perf_coll *c, unsigned idx, uint64_t amt)
{
	c->vals[idx].v -= amt;
}
static inline void perf_set(struct perf_coll *c, unsigned idx, uint64_t v)
{
	c->vals[idx].v = v;
}
static inline uint64_t perf_get(const struct perf_coll *c, unsigned idx)
{
	return c->vals[idx].v;
}
/* One sample of an average: a duration in ns (TIME_AVG) or an amount (U64_AVG). */
static inline void perf_tinc(struct perf_coll *c, unsigned idx, uint64_t ns)
{
	c->vals[idx].v += ns;
	c->vals[idx].count++;
}
static inline void perf_avg_add(struct perf_coll *c, unsigned idx, uint64_t amt)
{
	c->vals[idx].v += amt;
	c->vals[idx].count++;
}
static inline unsigned perf_hist_bucket(uint64_t v)
{
	unsigned b = v ? 64u - (unsigned)__builtin_clzll(v) : 0u;

	return b < PERF_HIST_BUCKETS ? b : PERF_HIST_BUCKETS - 1;
}
static inline void perf_hinc(struct perf_coll *c, unsigned idx, uint64_t v)
{
	struct perf_val *pv = &c->vals[idx];

	pv->hist[perf_hist_bucket(v)]++;
	pv->v += v;
	pv->count++;
}

/* Visit every collection, in name order (fn may not add or remove collections). */
void perf_for_each_coll(const struct perf_registry *r,
			void (*fn)(void *arg, const struct perf_coll *c), void *arg);

/* Zero counters, averages and histograms (gauges and times keep their value, as in Ceph). */
void perf_coll_reset(struct perf_coll *c);
/* "all" or a collection name; -ENOENT for an unknown name. */
int perf_reset(struct perf_registry *r, const char *name);

/* What to dump. */
enum perf_dump_kind {
	PERF_DUMP_VALUES,       /* `perf dump` */
	PERF_DUMP_SCHEMA,       /* `perf schema` */
	PERF_DUMP_HISTOGRAMS,   /* `perf histogram dump` */
};

/*
 * JSON for the whole registry, collections sorted by name. logger and
 * counter (either may be NULL) narrow it as `perf dump [logger] [counter]`
 * does; no match gives "{}". Returns a NUL-terminated xmalloc'd string and
 * its length in *lenp (if not NULL).
 */
char *perf_dump(const struct perf_registry *r, enum perf_dump_kind kind,
		const char *logger, const char *counter, size_t *lenp);

#endif
