/*
 * op_tracker_dump.c — the op tracker's text: an op's osd_op(...)
 * description as MOSDOp::print writes it (src/messages/MOSDOp.h; ops as
 * operator<<(OSDOp) in src/osd/osd_types.cc, the object as hobject_t's
 * operator<< in src/common/hobject.cc) and the admin socket JSON of
 * TrackedOp::dump / OpRequest::_dump / OpTracker::dump_ops_in_flight /
 * OpHistory::dump_ops, checked against a live 16.2.15 ceph-osd.
 *
 * Built only when asked, from the compact record kept per op.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/asok_json.h"
#include "common/mem.h"
#include "osd/op_tracker_int.h"

/* A bounded string builder: writes what fits, always NUL-terminated. */
struct sb {
	char *p;
	size_t cap, len;
};

static void
sb_put(struct sb *s, const char *src, size_t n)
{
	size_t room = s->cap - 1 - s->len;

	if (n > room)
		n = room;
	memcpy(s->p + s->len, src, n);
	s->len += n;
	s->p[s->len] = '\0';
}

static void
sb_puts(struct sb *s, const char *src)
{
	sb_put(s, src, strlen(src));
}

static void __attribute__((format(printf, 2, 3)))
sb_printf(struct sb *s, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		sb_put(s, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* hobject.cc append_out_escaped: blanks, controls, high bytes and ':' as %xx. */
static void
sb_escaped(struct sb *s, const char *p, const struct ot_str *l)
{
	for (uint32_t i = 0; i < l->len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c <= ' ' || c >= 127 || c == ':')
			sb_printf(s, "%%%02x", c);
		else
			sb_put(s, (const char *)&c, 1);
	}
	if (l->full > l->len)
		sb_puts(s, "...");      /* the copy was cut */
}

static uint32_t
reverse_bits(uint32_t v)
{
	v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
	v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
	v = ((v >> 4) & 0x0f0f0f0fu) | ((v & 0x0f0f0f0fu) << 4);
	v = ((v >> 8) & 0x00ff00ffu) | ((v & 0x00ff00ffu) << 8);
	return (v >> 16) | (v << 16);
}

/* snapid_t's operator<<. */
static void
sb_snap(struct sb *s, uint64_t snap)
{
	if (snap == CEPH_NOSNAP)
		sb_puts(s, "head");
	else if (snap == CEPH_SNAPDIR)
		sb_puts(s, "snapdir");
	else
		sb_printf(s, "%llx", (unsigned long long)snap);
}

/* ceph_osd_flag_name, bit by bit (src/osd/osd_types.cc). */
static const char *const msg_flag_names[32] = {
	"ack", "onnvram", "ondisk", "retry", "read", "write", "ordersnap", "peerstat_old",
	"balance_reads", "parallelexec", "pgop", "exec", "exec_public", "localize_reads",
	"rwordered", "ignore_cache", "skiprwlocks", "ignore_overlay", "flush",
	"map_snap_clone", "enforce_snapc", "redirected", "known_if_redirected", "full_try",
	"full_force", "ignore_redirect", "returnvec", "supports_pool_eio",
};

/* ceph_osd_op_flag_name */
static const char *const op_flag_names[32] = {
	"excl", "failok", "fadvise_random", "fadvise_sequential", "fadvise_willneed",
	"fadvise_dontneed", "fadvise_nocache", "with_reference",
};

/* "a+b+c", "-" for none, "???" for unnamed bits. */
static void
sb_flags(struct sb *s, uint32_t flags, const char *const names[32])
{
	int first = 1;

	if (flags == 0) {
		sb_puts(s, "-");
		return;
	}
	for (unsigned i = 0; i < 32; i++) {
		if (!(flags & (1u << i)))
			continue;
		if (!first)
			sb_puts(s, "+");
		sb_puts(s, names[i] ? names[i] : "???");
		first = 0;
	}
}

static const char *
watch_op_name(uint8_t op)
{
	static const char *const names[] = { "unwatch", "legacy_watch", "watch", "reconnect",
					     "ping" };

	return op < sizeof(names) / sizeof(names[0]) ? names[op] : "???";
}

/* Bytes [from, to) of an op's kept xattr name / class.method. */
static void
sb_aux(struct sb *s, const struct tracked_op *t, const struct ot_op *o, unsigned from,
       unsigned to)
{
	if (from < to)
		sb_put(s, t->aux + o->aux_off + from, to - from);
}

/* One op as operator<<(ostream&, const OSDOp&) shows it. */
static void
sb_op(struct sb *s, const struct tracked_op *t, unsigned i)
{
	const struct ot_op *o = &t->ops[i];
	struct osd_op tmp;

	memcpy(tmp.u, o->u, OSD_OP_UNION_LEN);
	sb_puts(s, osd_op_name(o->op));
	switch (o->op & OSD_OP_TYPE_MASK) {
	case OSD_OP_TYPE_DATA:
		switch (o->op) {
		case OSD_OP_ASSERT_VER:
			sb_printf(s, " v%llu",
				  (unsigned long long)osd_op_u64(&tmp, OSD_OP_ASSERT_VER_VER));
			break;
		case OSD_OP_TRUNCATE:
			sb_printf(s, " %llu",
				  (unsigned long long)osd_op_u64(&tmp, OSD_OP_EXTENT_OFFSET));
			break;
		case OSD_OP_WATCH:
			/* watch: le64 cookie, le64 ver, u8 op, le32 gen */
			sb_printf(s, " %s cookie %llu", watch_op_name(o->u[16]),
				  (unsigned long long)osd_op_u64(&tmp, 0));
			if (get_le32(o->u + 17))
				sb_printf(s, " gen %u", get_le32(o->u + 17));
			break;
		case OSD_OP_NOTIFY:
			sb_printf(s, " cookie %llu", (unsigned long long)osd_op_u64(&tmp, 0));
			break;
		case OSD_OP_SETALLOCHINT:
			sb_printf(s, " object_size %llu write_size %llu",
				  (unsigned long long)osd_op_u64(&tmp, OSD_OP_HINT_OBJECT_SIZE),
				  (unsigned long long)osd_op_u64(&tmp, OSD_OP_HINT_WRITE_SIZE));
			break;
		case OSD_OP_READ:
		case OSD_OP_SPARSE_READ:
		case OSD_OP_SYNC_READ:
		case OSD_OP_WRITE:
		case OSD_OP_WRITEFULL:
		case OSD_OP_ZERO:
		case OSD_OP_APPEND:
		case OSD_OP_MAPEXT:
		case OSD_OP_CMPEXT:
			sb_printf(s, " %llu~%llu",
				  (unsigned long long)osd_op_u64(&tmp, OSD_OP_EXTENT_OFFSET),
				  (unsigned long long)osd_op_u64(&tmp, OSD_OP_EXTENT_LENGTH));
			if (osd_op_u32(&tmp, OSD_OP_EXTENT_TRUNC_SEQ))
				sb_printf(s, " [%u@%lld]",
					  osd_op_u32(&tmp, OSD_OP_EXTENT_TRUNC_SEQ),
					  (long long)osd_op_u64(&tmp, OSD_OP_EXTENT_TRUNC_SIZE));
			if (o->flags) {
				sb_puts(s, " [");
				sb_flags(s, o->flags, op_flag_names);
				sb_puts(s, "]");
			}
			break;
		default:
			break;
		}
		break;
	case OSD_OP_TYPE_ATTR:
		if (o->aux_len) {
			sb_puts(s, " ");
			sb_aux(s, t, o, 0, o->aux_len);
			if (o->aux_cut)
				sb_puts(s, "...");
		}
		if (osd_op_u32(&tmp, OSD_OP_XATTR_VALUE_LEN))
			sb_printf(s, " (%u)", osd_op_u32(&tmp, OSD_OP_XATTR_VALUE_LEN));
		if (o->op == OSD_OP_CMPXATTR)
			sb_printf(s, " op %d mode %d", o->u[OSD_OP_XATTR_CMP_OP],
				  o->u[OSD_OP_XATTR_CMP_MODE]);
		if (o->payload_len)
			sb_printf(s, " in=%ub", o->payload_len);
		break;
	case OSD_OP_TYPE_EXEC:
		if (o->aux_len) {
			sb_puts(s, " ");
			sb_aux(s, t, o, 0, o->aux_split);
			sb_puts(s, ".");
			sb_aux(s, t, o, o->aux_split, o->aux_len);
			if (o->aux_cut)
				sb_puts(s, "...");
		}
		if (o->payload_len)
			sb_printf(s, " in=%ub", o->payload_len);
		break;
	case OSD_OP_TYPE_PG:
		if (o->op == OSD_OP_PGLS || o->op == OSD_OP_PGLS_FILTER || o->op == OSD_OP_PGNLS ||
		    o->op == OSD_OP_PGNLS_FILTER)
			sb_printf(s, " start_epoch %u", osd_op_u32(&tmp, OSD_OP_PGLS_START_EPOCH));
		break;
	}
}

size_t
op_tracker_format_desc(const struct tracked_op *t, char *out, size_t outsz)
{
	struct sb s = { out, outsz, 0 };
	char name[48];
	unsigned n;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	entity_name_format(t->described ? &t->reqid.name : &t->src, name, sizeof(name));
	if (!t->described) {
		/* the request never decoded: what the header says */
		sb_printf(&s, "osd_op(%s.0:%llu (undecoded))", name, (unsigned long long)t->tid);
		return s.len;
	}
	sb_printf(&s, "osd_op(%s.%d:%llu ", name, t->reqid.inc, (unsigned long long)t->reqid.tid);
	spg_format(&t->pgid, name, sizeof(name));
	sb_puts(&s, name);
	/* the object: pool:bitwise-hash:nspace:key:name:snap */
	sb_printf(&s, " %lld:%08x:", (long long)t->pgid.pgid.pool, reverse_bits(t->hash));
	sb_escaped(&s, t->ns, &t->ns_l);
	sb_puts(&s, ":");
	sb_escaped(&s, t->key, &t->key_l);
	sb_puts(&s, ":");
	sb_escaped(&s, t->oid, &t->oid_l);
	sb_puts(&s, ":");
	sb_snap(&s, t->snapid);
	sb_puts(&s, " [");
	n = t->nops < OT_OPS ? t->nops : OT_OPS;
	for (unsigned i = 0; i < n; i++) {
		if (i)
			sb_puts(&s, ",");
		sb_op(&s, t, i);
	}
	if (t->nops > n)
		sb_printf(&s, ",+%u more", t->nops - n);
	sb_puts(&s, "] snapc ");
	sb_snap(&s, t->snap_seq);
	sb_puts(&s, "=[");
	n = t->nsnaps < OT_SNAPS ? t->nsnaps : OT_SNAPS;
	for (unsigned i = 0; i < n; i++) {
		if (i)
			sb_puts(&s, ",");
		sb_snap(&s, t->snaps[i]);
	}
	if (t->nsnaps > n)
		sb_puts(&s, ",...");
	sb_puts(&s, "]");
	if (t->retry_attempt > 0)
		sb_printf(&s, " RETRY=%d", t->retry_attempt);
	sb_puts(&s, " ");
	sb_flags(&s, t->flags, msg_flag_names);
	sb_printf(&s, " e%u)", t->epoch);
	return s.len;
}

/* ---------------------------------------------------------------- time */

int64_t
ot_wall_offset(void)
{
	struct timespec w, m;

	clock_gettime(CLOCK_REALTIME, &w);
	clock_gettime(CLOCK_MONOTONIC, &m);
	return ((int64_t)w.tv_sec - (int64_t)m.tv_sec) * 1000000000 +
	       ((int64_t)w.tv_nsec - (int64_t)m.tv_nsec);
}

/* utime_t::localtime in its ISO form: local time, microseconds, zone offset. */
void
ot_format_time(uint64_t mono, int64_t wall_minus_mono, char *out, size_t outsz)
{
	int64_t ns = (int64_t)mono + wall_minus_mono;
	time_t sec = (time_t)(ns / 1000000000);
	long usec = (long)((ns % 1000000000) / 1000);
	struct tm tm;
	char a[40], z[8];

	if (ns < 0) {
		sec = 0;
		usec = 0;
	}
	localtime_r(&sec, &tm);
	strftime(a, sizeof(a), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(z, sizeof(z), "%z", &tm);
	snprintf(out, outsz, "%s.%06ld%s", a, usec, z);
}

/* ---------------------------------------------------------------- JSON */

/* A JSON number: seconds to the ns (fixed), or a setting as short as it goes. */
static void
out_num(struct asok_out *o, const char *key, bool fixed, double v)
{
	char tmp[64];
	int n = fixed ? snprintf(tmp, sizeof(tmp), "%.9f", v) : snprintf(tmp, sizeof(tmp), "%g", v);

	asok_out_json(o, key, tmp, (size_t)n);
}

/* entity_addr_t's operator<<: no type prefix for "any", "-" for none. */
static void
format_addr(const struct entity_addr *a, char *out, size_t outsz)
{
	if (a->type == ENTITY_ADDR_NONE) {
		snprintf(out, outsz, "-");
		return;
	}
	entity_addr_format(a, out, outsz);
	if (a->type == ENTITY_ADDR_ANY && strncmp(out, "any:", 4) == 0)
		memmove(out, out + 4, strlen(out + 4) + 1);
}

static int
wanted(const char *desc, char *const *filters, unsigned nfilters)
{
	if (nfilters == 0)
		return 1;
	for (unsigned i = 0; i < nfilters; i++)
		if (strstr(desc, filters[i]))
			return 1;
	return 0;
}

/* TrackedOp::dump with OpRequest::_dump as its type_data. */
static void
dump_op(struct asok_out *o, const struct tracked_op *t, const char *desc, uint64_t now,
	int64_t off)
{
	char buf[160];

	asok_out_open_object(o, NULL);
	asok_out_string(o, "description", desc);
	ot_format_time(ot_initiated(t), off, buf, sizeof(buf));
	asok_out_string(o, "initiated_at", buf);
	out_num(o, "age", true, now > ot_initiated(t) ?
		(double)(now - ot_initiated(t)) / 1e9 : 0.0);
	out_num(o, "duration", true, (double)ot_duration(t, now) / 1e9);
	asok_out_open_object(o, "type_data");
	asok_out_string(o, "flag_point", ot_flag_point(t));
	if (t->src.type == ENTITY_TYPE_CLIENT) {
		asok_out_open_object(o, "client_info");
		entity_name_format(&t->src, buf, sizeof(buf));
		asok_out_string(o, "client", buf);
		format_addr(&t->addr, buf, sizeof(buf));
		asok_out_string(o, "client_addr", buf);
		asok_out_uint(o, "tid", t->tid);
		asok_out_close_object(o);
	}
	/* each event lasts until the next; the last one's is the op's so far */
	asok_out_open_array(o, "events");
	for (unsigned i = 0; i < t->nev; i++) {
		double d = i + 1 < t->nev ? ((double)t->ev_t[i + 1] - (double)t->ev_t[i]) / 1e9 :
			   ((double)t->ev_t[i] - (double)t->ev_t[0]) / 1e9;

		asok_out_open_object(o, NULL);
		asok_out_string(o, "event", op_event_name((enum op_event)t->ev[i]));
		ot_format_time(t->ev_t[i], off, buf, sizeof(buf));
		asok_out_string(o, "time", buf);
		out_num(o, "duration", true, d);
		asok_out_close_object(o);
	}
	asok_out_close_array(o);
	asok_out_close_object(o);
	asok_out_close_object(o);
}

/* Dump the ops of v that pass the filters; their count. */
static unsigned
dump_list(struct asok_out *o, struct tracked_op *const *v, uint32_t n, char *const *filters,
	  unsigned nfilters, uint64_t now, int64_t off)
{
	char desc[2048];
	unsigned count = 0;

	for (uint32_t i = 0; i < n; i++) {
		op_tracker_format_desc(v[i], desc, sizeof(desc));
		if (!wanted(desc, filters, nfilters))
			continue;
		dump_op(o, v[i], desc, now, off);
		count++;
	}
	return count;
}

void
op_tracker_dump_in_flight(struct op_tracker *t, struct asok_out *out, bool only_blocked,
			  char *const *filters, unsigned nfilters, uint64_t now)
{
	int64_t off = ot_wall_offset();
	char desc[2048];
	unsigned count = 0;

	asok_out_open_object(out, NULL);
	asok_out_open_array(out, "ops");
	for (struct tracked_op *op = t->head; op; op = op->next) {
		/* oldest first: the blocked ones are a prefix */
		if (only_blocked && (now <= ot_initiated(op) ||
				     now - ot_initiated(op) <= t->complaint_ns))
			break;
		op_tracker_format_desc(op, desc, sizeof(desc));
		if (!wanted(desc, filters, nfilters))
			continue;
		dump_op(out, op, desc, now, off);
		count++;
	}
	asok_out_close_array(out);
	if (only_blocked) {
		out_num(out, "complaint_time", false, t->conf.complaint_time);
		asok_out_uint(out, "num_blocked_ops", count);
	} else {
		asok_out_uint(out, "num_ops", count);
	}
	asok_out_close_object(out);
}

static uint64_t sort_now;

/* Longest first. */
static int
by_duration_desc(const void *a, const void *b)
{
	uint64_t da = ot_duration(*(struct tracked_op *const *)a, sort_now);
	uint64_t db = ot_duration(*(struct tracked_op *const *)b, sort_now);

	return da < db ? 1 : da > db ? -1 : 0;
}

void
op_tracker_dump_historic(struct op_tracker *t, struct asok_out *out, bool by_duration,
			 char *const *filters, unsigned nfilters, uint64_t now)
{
	int64_t off = ot_wall_offset();
	struct tracked_op **v = t->hist;

	ot_hist_expire(t, now);
	asok_out_open_object(out, NULL);
	asok_out_uint(out, "size", t->conf.history_size);
	asok_out_uint(out, "duration", t->conf.history_duration);
	asok_out_open_array(out, "ops");
	if (by_duration && t->nhist) {
		v = xreallocarray(NULL, t->nhist, sizeof(*v));
		memcpy(v, t->hist, t->nhist * sizeof(*v));
		sort_now = now;
		qsort(v, t->nhist, sizeof(*v), by_duration_desc);
	}
	dump_list(out, v, t->nhist, filters, nfilters, now, off);
	if (v != t->hist)
		free(v);
	asok_out_close_array(out);
	asok_out_close_object(out);
}

void
op_tracker_dump_slow(struct op_tracker *t, struct asok_out *out, char *const *filters,
		     unsigned nfilters, uint64_t now)
{
	int64_t off = ot_wall_offset();

	ot_hist_expire(t, now);
	asok_out_open_object(out, NULL);
	asok_out_uint(out, "num to keep", t->conf.slow_size);
	out_num(out, "threshold to keep", false, t->conf.slow_threshold);
	asok_out_open_array(out, "Ops");
	dump_list(out, t->slow, t->nslow, filters, nfilters, now, off);
	asok_out_close_array(out);
	asok_out_close_object(out);
}
