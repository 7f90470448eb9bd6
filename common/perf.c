/*
 * perf.c — the perf counter registry, reset, and JSON dumps.
 *
 * The JSON follows src/common/perf_counters.cc (dump_formatted_generic) as
 * the admin socket's `perf dump` and `perf schema` print it with the compact
 * "json" format: collections sorted by name, counters in table order,
 * durations as seconds with nine decimals, unquoted.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/asok_json.h"
#include "common/mem.h"
#include "common/perf.h"

struct perf_registry {
	struct perf_coll **c;   /* sorted by name */
	unsigned n, cap;
};

struct perf_registry *
perf_registry_new(void)
{
	return xcalloc(1, sizeof(struct perf_registry));
}

static void
coll_free(struct perf_coll *c)
{
	unsigned i;

	for (i = 0; i < c->n; i++)
		free(c->vals[i].hist);
	free(c->vals);
	free(c->name);
	free(c);
}

void
perf_registry_free(struct perf_registry *r)
{
	unsigned i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		coll_free(r->c[i]);
	free(r->c);
	free(r);
}

/* Index of the first collection whose name is >= name. */
static unsigned
lower_bound(const struct perf_registry *r, const char *name)
{
	unsigned lo = 0, hi = r->n;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (strcmp(r->c[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct perf_coll *
perf_coll_find(const struct perf_registry *r, const char *name)
{
	unsigned i = lower_bound(r, name);

	return i < r->n && strcmp(r->c[i]->name, name) == 0 ? r->c[i] : NULL;
}

struct perf_coll *
perf_coll_create(struct perf_registry *r, const char *name,
		 const struct perf_def *defs, unsigned n)
{
	struct perf_coll *c;
	unsigned i = lower_bound(r, name), j;

	if (i < r->n && strcmp(r->c[i]->name, name) == 0)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->name = xstrdup(name);
	c->defs = defs;
	c->n = n;
	c->vals = xcalloc(n ? n : 1, sizeof(*c->vals));
	for (j = 0; j < n; j++)
		if (defs[j].type & PERF_T_HISTOGRAM)
			c->vals[j].hist = xcalloc(PERF_HIST_BUCKETS, sizeof(uint64_t));
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->c = xreallocarray(r->c, r->cap, sizeof(*r->c));
	}
	memmove(&r->c[i + 1], &r->c[i], (r->n - i) * sizeof(*r->c));
	r->c[i] = c;
	r->n++;
	return c;
}

void
perf_coll_destroy(struct perf_registry *r, struct perf_coll *c)
{
	unsigned i;

	if (c == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		if (r->c[i] == c) {
			memmove(&r->c[i], &r->c[i + 1], (r->n - i - 1) * sizeof(*r->c));
			r->n--;
			break;
		}
	}
	coll_free(c);
}

void
perf_for_each_coll(const struct perf_registry *r,
		   void (*fn)(void *arg, const struct perf_coll *c), void *arg)
{
	unsigned i;

	for (i = 0; r && i < r->n; i++)
		fn(arg, r->c[i]);
}

/* Ceph resets everything but plain gauges and time values (PerfCounters::reset). */
void
perf_coll_reset(struct perf_coll *c)
{
	unsigned i;

	for (i = 0; i < c->n; i++) {
		uint8_t t = c->defs[i].type;
		struct perf_val *v = &c->vals[i];

		if (!(t & (PERF_T_COUNTER | PERF_T_LONGRUNAVG | PERF_T_HISTOGRAM)))
			continue;
		v->v = 0;
		v->count = 0;
		if (v->hist)
			memset(v->hist, 0, PERF_HIST_BUCKETS * sizeof(uint64_t));
	}
}

int
perf_reset(struct perf_registry *r, const char *name)
{
	struct perf_coll *c;
	unsigned i;

	if (strcmp(name, "all") == 0) {
		for (i = 0; i < r->n; i++)
			perf_coll_reset(r->c[i]);
		return 0;
	}
	c = perf_coll_find(r, name);
	if (c == NULL)
		return -ENOENT;
	perf_coll_reset(c);
	return 0;
}

/* ---------------------------------------------------------------- JSON */

struct out {
	char *p;
	size_t len, cap;
};

static void
out_grow(struct out *o, size_t more)
{
	if (o->len + more + 1 <= o->cap)
		return;
	while (o->len + more + 1 > o->cap)
		o->cap = o->cap ? o->cap * 2 : 1024;
	o->p = xrealloc(o->p, o->cap);
}

static void
out_raw(struct out *o, const char *s, size_t n)
{
	out_grow(o, n);
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void
out_str(struct out *o, const char *s)
{
	out_raw(o, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3)))
out_fmt(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	out_grow(o, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(o->p + o->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}

/* A JSON string with its quotes. */
static void
put_out(void *ctx, const char *p, size_t n)
{
	out_raw(ctx, p, n);
}

static void
out_jstr(struct out *o, const char *s)
{
	json_quote(s, put_out, o);
}

static void
out_key(struct out *o, const char *k)
{
	out_jstr(o, k);
	out_raw(o, ":", 1);
}

/* Nanoseconds as Ceph prints a utime_t: "12.000000500". */
static void
out_secs(struct out *o, uint64_t ns)
{
	out_fmt(o, "%" PRIu64 ".%09" PRIu64, ns / 1000000000u, ns % 1000000000u);
}

static void
dump_value(struct out *o, const struct perf_def *d, const struct perf_val *v)
{
	if (d->type & PERF_T_LONGRUNAVG) {
		out_fmt(o, "{\"avgcount\":%" PRIu64 ",\"sum\":", v->count);
		if (d->type & PERF_T_TIME) {
			out_secs(o, v->v);
			out_str(o, ",\"avgtime\":");
			out_secs(o, v->count ? v->v / v->count : 0);
		} else {
			out_fmt(o, "%" PRIu64, v->v);
		}
		out_raw(o, "}", 1);
	} else if (d->type & PERF_T_TIME) {
		out_secs(o, v->v);
	} else {
		out_fmt(o, "%" PRIu64, v->v);
	}
}

static const char *
value_type(uint8_t t)
{
	if (t & PERF_T_LONGRUNAVG)
		return t & PERF_T_TIME ? "real-integer-pair" : "integer-integer-pair";
	if (t & PERF_T_HISTOGRAM)
		return t & PERF_T_TIME ? "real-2d-histogram" : "integer-2d-histogram";
	return t & PERF_T_TIME ? "real" : "integer";
}

static void
dump_schema(struct out *o, const struct perf_def *d)
{
	out_fmt(o, "{\"type\":%u,\"metric_type\":", d->type);
	out_jstr(o, d->type & PERF_T_COUNTER ? "counter" : "gauge");
	out_str(o, ",\"value_type\":");
	out_jstr(o, value_type(d->type));
	out_str(o, ",\"description\":");
	out_jstr(o, d->desc ? d->desc : "");
	out_str(o, ",\"nick\":");
	out_jstr(o, d->nick ? d->nick : "");
	out_fmt(o, ",\"priority\":%u,\"units\":", d->prio);
	out_jstr(o, d->unit == PERF_UNIT_BYTES ? "bytes" : "none");
	out_raw(o, "}", 1);
}

/*
 * One axis of log2 buckets, in the spirit of Ceph's PerfHistogram dump
 * (axes with ranges, then values); osdfarm's histograms are one-dimensional.
 */
static void
dump_hist(struct out *o, const struct perf_val *v)
{
	unsigned b;

	out_fmt(o, "{\"axes\":[{\"name\":\"value\",\"min\":0,\"quant_size\":1,"
		"\"buckets\":%u,\"scale_type\":\"log2\",\"ranges\":[", PERF_HIST_BUCKETS);
	for (b = 0; b < PERF_HIST_BUCKETS; b++) {
		uint64_t lo = b ? (uint64_t)1 << (b - 1) : 0;

		if (b)
			out_raw(o, ",", 1);
		if (b == PERF_HIST_BUCKETS - 1)
			out_fmt(o, "{\"min\":%" PRIu64 "}", lo);
		else
			out_fmt(o, "{\"min\":%" PRIu64 ",\"max\":%" PRIu64 "}", lo,
				b ? ((uint64_t)1 << b) - 1 : 0);
	}
	out_fmt(o, "]}],\"avgcount\":%" PRIu64 ",\"sum\":%" PRIu64 ",\"values\":[",
		v->count, v->v);
	for (b = 0; b < PERF_HIST_BUCKETS; b++)
		out_fmt(o, "%s%" PRIu64, b ? "," : "", v->hist[b]);
	out_str(o, "]}");
}

static void
dump_coll(struct out *o, const struct perf_coll *c, enum perf_dump_kind kind,
	  const char *counter)
{
	unsigned i, first = 1;

	out_key(o, c->name);
	out_raw(o, "{", 1);
	for (i = 0; i < c->n; i++) {
		const struct perf_def *d = &c->defs[i];
		int is_hist = (d->type & PERF_T_HISTOGRAM) != 0;

		if (counter && strcmp(counter, d->name) != 0)
			continue;
		/* Histograms only in the histogram dump, and only they. */
		if (is_hist != (kind == PERF_DUMP_HISTOGRAMS))
			continue;
		if (!first)
			out_raw(o, ",", 1);
		first = 0;
		out_key(o, d->name);
		if (kind == PERF_DUMP_SCHEMA)
			dump_schema(o, d);
		else if (kind == PERF_DUMP_HISTOGRAMS)
			dump_hist(o, &c->vals[i]);
		else
			dump_value(o, d, &c->vals[i]);
	}
	out_raw(o, "}", 1);
}

char *
perf_dump(const struct perf_registry *r, enum perf_dump_kind kind,
	  const char *logger, const char *counter, size_t *lenp)
{
	struct out o = { NULL, 0, 0 };
	unsigned i, first = 1;

	out_raw(&o, "{", 1);
	for (i = 0; i < r->n; i++) {
		const struct perf_coll *c = r->c[i];

		if (logger && strcmp(logger, c->name) != 0)
			continue;
		if (!first)
			out_raw(&o, ",", 1);
		first = 0;
		dump_coll(&o, c, kind, counter);
	}
	out_raw(&o, "}", 1);
	if (lenp)
		*lenp = o.len;
	return o.p;
}
