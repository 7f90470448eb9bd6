/*
 * mgr_msgs.c — encoders and decoders of the OSD <-> mgr messages and of
 * the statistics they carry (see mgr_msgs.h for the versions).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/enc.h"
#include "common/mem.h"
#include "mon/mon_msgs.h"
#include "msg/message.h"
#include "osd/mgr_msgs.h"

static struct msg *
new_msg(uint16_t type, uint16_t version, uint16_t compat)
{
	struct msg *m = msg_new();

	m->hdr.type = type;
	m->hdr.version = version;
	m->hdr.compat_version = compat;
	return m;
}

static int
dec_view(struct dec *d, struct strview *v)
{
	const uint8_t *s;
	uint32_t n;
	int r = dec_string(d, &s, &n);

	if (r)
		return r;
	v->p = (const char *)s;
	v->len = n;
	return 0;
}

/* ---- MMgrMap ---- */

int
mgr_map_decode(const void *p, size_t len, struct mgr_map_head *out)
{
	struct dec d;
	struct dec_struct s;

	memset(out, 0, sizeof(*out));
	dec_init(&d, p, len);
	/*
	 * src/mon/MgrMap.h: every version from 6 on (Nautilus+) starts with
	 * epoch, active_addrs, active_gid, available, active_name; what
	 * follows (standbys, modules, ...) is not needed by a client.
	 */
	if (dec_struct_start(&d, 14, &s))
		return d.err;
	if (s.v < 6)
		return dec_fail(&d, -EPROTO);   /* pre-Nautilus map: legacy address */
	dec_u32(&d, &out->epoch);
	entity_addrvec_decode(&d, &out->active_addrs);
	dec_u64(&d, &out->active_gid);
	dec_bool(&d, &out->available);
	dec_string_copy(&d, out->active_name, sizeof(out->active_name));
	dec_struct_end(&d, &s);
	return d.err;
}

/* ---- MMgrOpen ---- */

struct msg *
mgr_msg_open(const struct mgr_open *o)
{
	struct msg *m = new_msg(MSG_MGR_OPEN, 3, 1);

	enc_cstr(&m->front, o->daemon_name);
	enc_cstr(&m->front, o->service_name ? o->service_name : "");
	enc_bool(&m->front, 0);         /* service_daemon: no metadata/status follow */
	/*
	 * config_bl / config_defaults_bl: empty. The mgr only decodes them
	 * when present (DaemonServer::handle_open); `ceph config show` then
	 * has nothing from us, which is true: we follow ceph.conf only.
	 */
	enc_u32(&m->front, 0);
	enc_u32(&m->front, 0);
	return m;
}

int
mgr_open_decode(const void *p, size_t len, uint16_t version, struct mgr_open_view *out)
{
	struct dec d;
	uint32_t n;

	memset(out, 0, sizeof(*out));
	dec_init(&d, p, len);
	dec_view(&d, &out->daemon_name);
	if (version >= 2) {
		dec_view(&d, &out->service_name);
		dec_bool(&d, &out->service_daemon);
		if (out->service_daemon) {
			/* daemon_metadata, daemon_status: map<string,string> each */
			for (int k = 0; k < 2; k++) {
				if (dec_count(&d, 8, &n))
					return d.err;
				for (uint32_t i = 0; i < n; i++) {
					dec_skip_string(&d);
					dec_skip_string(&d);
				}
			}
		}
	}
	if (version >= 3) {
		if (dec_u32(&d, &out->config_len) == 0)
			dec_skip(&d, out->config_len);
		if (dec_u32(&d, &out->defaults_len) == 0)
			dec_skip(&d, out->defaults_len);
	}
	return d.err;
}

/* ---- MMgrConfigure ---- */

int
mgr_configure_decode(const void *p, size_t len, uint16_t version, struct mgr_configure *out)
{
	struct dec d;

	memset(out, 0, sizeof(*out));
	dec_init(&d, p, len);
	dec_u32(&d, &out->stats_period);
	if (version >= 2)
		dec_u32(&d, &out->stats_threshold);
	/* v3+: OSD perf metric queries and metric config: not supported, ignored */
	return d.err;
}

struct msg *
mgr_msg_configure(const struct mgr_configure *c)
{
	struct msg *m = new_msg(MSG_MGR_CONFIGURE, 4, 1);

	enc_u32(&m->front, c->stats_period);
	enc_u32(&m->front, c->stats_threshold);
	enc_u32(&m->front, 0);          /* osd_perf_metric_queries: empty map */
	enc_u8(&m->front, 0);           /* metric_config_message: none */
	return m;
}

/* ---- MMgrReport ---- */

void
mgr_packed_start(struct buf *b, struct enc_struct *s)
{
	enc_struct_start(b, 1, 1, s);
}

void
mgr_packed_end(struct buf *b, struct enc_struct *s)
{
	enc_struct_end(b, s);
}

static void
enc_view(struct buf *b, const struct strview *v)
{
	enc_string(b, v->p, v->len);
}

struct msg *
mgr_msg_report(const struct mgr_report *r)
{
	struct msg *m = new_msg(MSG_MGR_REPORT, 9, 1);
	struct buf *f = &m->front;
	struct enc_struct s;

	enc_cstr(f, r->daemon_name);
	enc_u32(f, r->ndeclare);
	for (uint32_t i = 0; i < r->ndeclare; i++) {
		const struct mgr_perf_type *t = &r->declare[i];

		enc_struct_start(f, 3, 1, &s);
		enc_view(f, &t->path);
		enc_view(f, &t->description);
		enc_view(f, &t->nick);
		enc_u8(f, t->type);
		enc_u8(f, t->priority);
		enc_u8(f, t->unit);
		enc_struct_end(f, &s);
	}
	if (r->packed) {
		enc_buf(f, r->packed);
	} else {
		/* no counters: an empty envelope */
		struct buf e;

		buf_init(&e);
		mgr_packed_start(&e, &s);
		mgr_packed_end(&e, &s);
		enc_buf(f, &e);
		buf_free(&e);
	}
	enc_u32(f, 0);                  /* undeclare_types */
	enc_cstr(f, r->service_name ? r->service_name : "");
	enc_u8(f, 0);                   /* daemon_status: none (not a service daemon) */
	enc_u32(f, 0);                  /* daemon_health_metrics */
	enc_u32(f, 0);                  /* config_bl */
	enc_u32(f, 0);                  /* osd_perf_metric_reports */
	enc_u8(f, 0);                   /* task_status: none */
	enc_u8(f, 0);                   /* metric_report_message: none */
	return m;
}

int
mgr_report_decode(const void *p, size_t len, uint16_t version, struct mgr_report_view *out)
{
	struct dec d;
	struct dec_struct s;
	const uint8_t *pk;
	uint32_t n;

	memset(out, 0, sizeof(*out));
	dec_init(&d, p, len);
	dec_view(&d, &out->daemon_name);
	/* PerfCounterType: at least a 6-byte header and three empty strings */
	if (dec_count(&d, 18, &n))
		return d.err;
	out->declare = n ? xcalloc(n, sizeof(*out->declare)) : NULL;
	out->ndeclare = n;
	for (uint32_t i = 0; i < n && !d.err; i++) {
		struct mgr_perf_type *t = &out->declare[i];

		if (dec_struct_start(&d, 3, &s))
			break;
		dec_view(&d, &t->path);
		dec_view(&d, &t->description);
		dec_view(&d, &t->nick);
		dec_u8(&d, &t->type);
		t->priority = 5;        /* PRIO_USEFUL for v1 senders */
		t->unit = MGR_UNIT_NONE;
		if (s.v >= 2)
			dec_u8(&d, &t->priority);
		if (s.v >= 3)
			dec_u8(&d, &t->unit);
		dec_struct_end(&d, &s);
	}
	if (dec_u32(&d, &out->packed_len) == 0 && dec_ptr(&d, out->packed_len, &pk) == 0)
		out->packed = pk;
	if (version >= 2 && dec_count(&d, 4, &out->nundeclare) == 0)
		for (uint32_t i = 0; i < out->nundeclare; i++)
			dec_skip_string(&d);
	if (version >= 3)
		dec_view(&d, &out->service_name);
	/* the rest (status, health metrics, config, metric reports) is not needed */
	if (d.err)
		mgr_report_view_free(out);
	return d.err;
}

void
mgr_report_view_free(struct mgr_report_view *v)
{
	free(v->declare);
	v->declare = NULL;
	v->ndeclare = 0;
}

/* ---- object_stat_sum_t / object_stat_collection_t ---- */

/*
 * The field order of struct mgr_stat_sum is the wire order (Ceph copies the
 * struct's memory on little-endian hosts): 28 s64, 4 s32, 8 s64.
 */
#define SUM_HEAD 28
#define SUM_MID 4
#define SUM_TAIL 8

static void
sum_encode(struct buf *b, const struct mgr_stat_sum *s)
{
	const int64_t *head = &s->num_bytes, *tail = &s->num_objects_pinned;
	const int32_t *mid = &s->num_flush_mode_high;
	struct enc_struct es;
	uint8_t *w;

	enc_struct_start(b, 20, 14, &es);
	w = buf_reserve(b, MGR_STAT_SUM_WIRE);
	for (int i = 0; i < SUM_HEAD; i++, w += 8)
		put_le64(w, (uint64_t)head[i]);
	for (int i = 0; i < SUM_MID; i++, w += 4)
		put_le32(w, (uint32_t)mid[i]);
	for (int i = 0; i < SUM_TAIL; i++, w += 8)
		put_le64(w, (uint64_t)tail[i]);
	enc_struct_end(b, &es);
}

static int
sum_decode(struct dec *d, struct mgr_stat_sum *s)
{
	int64_t *head = &s->num_bytes, *tail = &s->num_objects_pinned;
	int32_t *mid = &s->num_flush_mode_high;
	struct dec_struct ds;
	int i;

	memset(s, 0, sizeof(*s));
	if (dec_struct_start(d, 20, &ds))
		return d->err;
	/* v14..v20 share the prefix; later fields were appended one by one */
	for (i = 0; i < SUM_HEAD; i++)
		dec_s64(d, &head[i]);
	for (i = 0; i < SUM_MID; i++)
		dec_s32(d, &mid[i]);
	dec_s64(d, &tail[0]);           /* num_objects_pinned */
	dec_s64(d, &tail[1]);           /* num_objects_missing */
	if (ds.v >= 16)
		dec_s64(d, &tail[2]);
	if (ds.v >= 17)
		dec_s64(d, &tail[3]);
	if (ds.v >= 18)
		dec_s64(d, &tail[4]);
	if (ds.v >= 19) {
		dec_s64(d, &tail[5]);
		dec_s64(d, &tail[6]);
	}
	if (ds.v >= 20)
		dec_s64(d, &tail[7]);
	return dec_struct_end(d, &ds);
}

static void
collection_encode(struct buf *b, const struct mgr_stat_sum *s)
{
	struct enc_struct es;

	enc_struct_start(b, 2, 2, &es);
	sum_encode(b, s);
	enc_u32(b, 0);                  /* the retired cat_sum map */
	enc_struct_end(b, &es);
}

static int
collection_decode(struct dec *d, struct mgr_stat_sum *s)
{
	struct dec_struct ds;

	if (dec_struct_start(d, 2, &ds))
		return d->err;
	sum_decode(d, s);
	/* cat_sum (map<string, object_stat_sum_t>) follows; unused: skipped by struct_end */
	return dec_struct_end(d, &ds);
}

/* ---- pg_stat_t ---- */

static void
enc_s32_vec(struct buf *b, const int32_t *v, uint32_t n)
{
	enc_u32(b, n);
	for (uint32_t i = 0; i < n; i++)
		enc_s32(b, v[i]);
}

static int
dec_s32_vec(struct dec *d, int32_t *v, uint32_t max, uint32_t *n)
{
	if (dec_count(d, 4, n))
		return d->err;
	if (*n > max)
		return dec_fail(d, -E2BIG);
	for (uint32_t i = 0; i < *n; i++)
		dec_s32(d, &v[i]);
	return d->err;
}

void
mgr_pg_stat_encode(struct buf *b, const struct mgr_pg_stat *s)
{
	struct enc_struct es;

	enc_struct_start(b, 26, 22, &es);
	eversion_encode(b, &s->version);
	enc_u64(b, s->reported_seq);
	enc_u32(b, s->reported_epoch);
	enc_u32(b, (uint32_t)s->state);         /* low half "for older peers" */
	eversion_encode(b, &s->log_start);
	eversion_encode(b, &s->ondisk_log_start);
	enc_u32(b, s->created);
	enc_u32(b, s->last_epoch_clean);
	pg_encode(b, &s->parent);
	enc_u32(b, s->parent_split_bits);
	eversion_encode(b, &s->last_scrub);
	utime_encode(b, &s->last_scrub_stamp);
	collection_encode(b, &s->sum);
	enc_s64(b, s->log_size);
	enc_s64(b, s->ondisk_log_size);
	enc_s32_vec(b, s->up, s->nup);
	enc_s32_vec(b, s->acting, s->nacting);
	utime_encode(b, &s->last_fresh);
	utime_encode(b, &s->last_change);
	utime_encode(b, &s->last_active);
	utime_encode(b, &s->last_clean);
	utime_encode(b, &s->last_unstale);
	enc_u32(b, s->mapping_epoch);
	eversion_encode(b, &s->last_deep_scrub);
	utime_encode(b, &s->last_deep_scrub_stamp);
	enc_bool(b, s->stats_invalid);
	utime_encode(b, &s->last_clean_scrub_stamp);
	utime_encode(b, &s->last_became_active);
	enc_bool(b, s->dirty_stats_invalid);
	enc_s32(b, s->up_primary);
	enc_s32(b, s->acting_primary);
	enc_bool(b, s->omap_stats_invalid);
	enc_bool(b, s->hitset_stats_invalid);
	enc_u32(b, 0);                          /* blocked_by */
	utime_encode(b, &s->last_undegraded);
	utime_encode(b, &s->last_fullsized);
	enc_bool(b, s->hitset_bytes_stats_invalid);
	utime_encode(b, &s->last_peered);
	utime_encode(b, &s->last_became_peered);
	enc_bool(b, s->pin_stats_invalid);
	enc_u32(b, s->snaptrimq_len);
	enc_u32(b, (uint32_t)(s->state >> 32)); /* top_state */
	enc_u32(b, 0);                          /* purged_snaps: empty interval_set */
	enc_bool(b, s->manifest_stats_invalid);
	enc_u32(b, 0);                          /* avail_no_missing */
	enc_u32(b, 0);                          /* object_location_counts */
	enc_struct_end(b, &es);
}

static int
dec_flag(struct dec *d, uint8_t *f)
{
	int v = 0;
	int r = dec_bool(d, &v);

	*f = (uint8_t)v;
	return r;
}

int
mgr_pg_stat_decode(struct dec *d, struct mgr_pg_stat *s)
{
	struct dec_struct ds;
	uint32_t lo = 0, hi = 0, n;

	memset(s, 0, sizeof(*s));
	if (dec_struct_start(d, 26, &ds))
		return d->err;
	if (ds.v < 22)
		return dec_fail(d, -EPROTO);    /* compat 22 since Nautilus */
	eversion_decode(d, &s->version);
	dec_u64(d, &s->reported_seq);
	dec_u32(d, &s->reported_epoch);
	dec_u32(d, &lo);
	eversion_decode(d, &s->log_start);
	eversion_decode(d, &s->ondisk_log_start);
	dec_u32(d, &s->created);
	dec_u32(d, &s->last_epoch_clean);
	pg_decode(d, &s->parent);
	dec_u32(d, &s->parent_split_bits);
	eversion_decode(d, &s->last_scrub);
	utime_decode(d, &s->last_scrub_stamp);
	collection_decode(d, &s->sum);
	dec_s64(d, &s->log_size);
	dec_s64(d, &s->ondisk_log_size);
	dec_s32_vec(d, s->up, MGR_PG_MAX_OSDS, &s->nup);
	dec_s32_vec(d, s->acting, MGR_PG_MAX_OSDS, &s->nacting);
	utime_decode(d, &s->last_fresh);
	utime_decode(d, &s->last_change);
	utime_decode(d, &s->last_active);
	utime_decode(d, &s->last_clean);
	utime_decode(d, &s->last_unstale);
	dec_u32(d, &s->mapping_epoch);
	eversion_decode(d, &s->last_deep_scrub);
	utime_decode(d, &s->last_deep_scrub_stamp);
	dec_flag(d, &s->stats_invalid);
	utime_decode(d, &s->last_clean_scrub_stamp);
	utime_decode(d, &s->last_became_active);
	dec_flag(d, &s->dirty_stats_invalid);
	dec_s32(d, &s->up_primary);
	dec_s32(d, &s->acting_primary);
	dec_flag(d, &s->omap_stats_invalid);
	dec_flag(d, &s->hitset_stats_invalid);
	if (dec_count(d, 4, &s->nblocked_by) == 0)
		dec_skip(d, (size_t)s->nblocked_by * 4);
	utime_decode(d, &s->last_undegraded);
	utime_decode(d, &s->last_fullsized);
	dec_flag(d, &s->hitset_bytes_stats_invalid);
	utime_decode(d, &s->last_peered);
	utime_decode(d, &s->last_became_peered);
	dec_flag(d, &s->pin_stats_invalid);
	if (ds.v >= 23) {
		dec_u32(d, &s->snaptrimq_len);
		if (ds.v >= 24) {
			dec_u32(d, &hi);
			/* interval_set<snapid_t>: u32 count + (start, len) u64 pairs */
			if (dec_count(d, 16, &n) == 0) {
				s->npurged_snaps = n;
				dec_skip(d, (size_t)n * 16);
			}
		}
		if (ds.v >= 25)
			dec_flag(d, &s->manifest_stats_invalid);
		/* v26: avail_no_missing, object_location_counts: skipped */
	}
	s->state = (uint64_t)lo | (uint64_t)hi << 32;
	return dec_struct_end(d, &ds);
}

/* ---- store_statfs_t / osd_stat_t ---- */

static void
statfs_encode(struct buf *b, const struct mgr_statfs *s)
{
	struct enc_struct es;
	const uint64_t *v = &s->total;

	enc_struct_start(b, 1, 1, &es);
	for (int i = 0; i < 10; i++)
		enc_u64(b, v[i]);
	enc_struct_end(b, &es);
}

static int
statfs_decode(struct dec *d, struct mgr_statfs *s)
{
	struct dec_struct ds;
	uint64_t *v = &s->total;

	memset(s, 0, sizeof(*s));
	if (dec_struct_start(d, 1, &ds))
		return d->err;
	for (int i = 0; i < 10; i++)
		dec_u64(d, &v[i]);
	return dec_struct_end(d, &ds);
}

void
mgr_osd_stat_encode(struct buf *b, const struct mgr_osd_stat *s)
{
	const struct mgr_statfs *f = &s->statfs;
	uint64_t used = f->total - f->available - f->internally_reserved;
	struct enc_struct es, sub;

	if (f->available + f->internally_reserved > f->total)
		used = 0;
	enc_struct_start(b, 14, 2, &es);
	/* legacy KiB fields (store_statfs_t::kb, kb_used_raw, kb_avail) */
	enc_s64(b, (int64_t)(f->total >> 10));
	enc_s64(b, (int64_t)(used >> 10));
	enc_s64(b, (int64_t)(f->available >> 10));
	enc_s32(b, s->snap_trim_queue_len);
	enc_s32(b, s->num_snap_trimming);
	enc_s32_vec(b, s->hb_peers, s->nhb_peers);
	enc_u32(b, 0);                          /* the retired num_hb_out */
	enc_struct_start(b, 1, 1, &sub);        /* op_queue_age_hist: pow2_hist_t, empty */
	enc_u32(b, 0);
	enc_struct_end(b, &sub);
	enc_struct_start(b, 1, 1, &sub);        /* objectstore_perf_stat_t v1 */
	enc_u32(b, s->commit_latency_ms);
	enc_u32(b, s->apply_latency_ms);
	enc_struct_end(b, &sub);
	enc_u32(b, s->up_from);
	enc_u64(b, s->seq);
	enc_u32(b, s->num_pgs);
	enc_s64(b, (int64_t)(f->allocated >> 10));          /* kb_used_data */
	enc_s64(b, (int64_t)(f->omap_allocated >> 10));     /* kb_used_omap */
	enc_s64(b, (int64_t)(f->internal_metadata >> 10));  /* kb_used_meta */
	statfs_encode(b, f);
	if (s->alerts_osd >= 0) {
		enc_u32(b, 1);
		enc_s32(b, s->alerts_osd);
		enc_u32(b, 0);
	} else {
		enc_u32(b, 0);
	}
	enc_s64(b, s->num_shards_repaired);
	enc_u32(b, s->num_osds);
	enc_u32(b, s->num_per_pool_osds);
	enc_u32(b, s->num_per_pool_omap_osds);
	enc_s32(b, 0);                          /* hb_pingtime: none */
	enc_struct_end(b, &es);
}

int
mgr_osd_stat_decode(struct dec *d, struct mgr_osd_stat *s)
{
	struct dec_struct ds, sub;
	uint32_t n, m;
	int64_t kb_data, kb_omap, kb_meta;

	memset(s, 0, sizeof(*s));
	s->alerts_osd = -1;
	if (dec_struct_start(d, 14, &ds))
		return d->err;
	if (ds.v < 14)
		return dec_fail(d, -EPROTO);    /* only what Pacific sends */
	dec_s64(d, &s->kb);
	dec_s64(d, &s->kb_used);
	dec_s64(d, &s->kb_avail);
	dec_s32(d, &s->snap_trim_queue_len);
	dec_s32(d, &s->num_snap_trimming);
	dec_s32_vec(d, s->hb_peers, MGR_HB_PEERS_MAX, &s->nhb_peers);
	if (dec_count(d, 4, &n) == 0)
		dec_skip(d, (size_t)n * 4);
	if (dec_struct_start(d, 1, &sub) == 0)
		dec_struct_end(d, &sub);
	if (dec_struct_start(d, 2, &sub) == 0) {
		if (sub.v == 1) {
			dec_u32(d, &s->commit_latency_ms);
			dec_u32(d, &s->apply_latency_ms);
		} else {
			uint64_t c = 0, a = 0;

			dec_u64(d, &c);
			dec_u64(d, &a);
			s->commit_latency_ms = (uint32_t)(c / 1000000);
			s->apply_latency_ms = (uint32_t)(a / 1000000);
		}
		dec_struct_end(d, &sub);
	}
	dec_u32(d, &s->up_from);
	dec_u64(d, &s->seq);
	dec_u32(d, &s->num_pgs);
	dec_s64(d, &kb_data);
	dec_s64(d, &kb_omap);
	dec_s64(d, &kb_meta);
	statfs_decode(d, &s->statfs);
	/* os_alerts: map<int, map<string, string>> */
	if (dec_count(d, 8, &n) == 0) {
		for (uint32_t i = 0; i < n && !d->err; i++) {
			int32_t osd = -1;

			dec_s32(d, &osd);
			if (i == 0)
				s->alerts_osd = osd;
			if (dec_count(d, 8, &m))
				break;
			for (uint32_t j = 0; j < m; j++) {
				dec_skip_string(d);
				dec_skip_string(d);
			}
		}
	}
	dec_s64(d, &s->num_shards_repaired);
	dec_u32(d, &s->num_osds);
	dec_u32(d, &s->num_per_pool_osds);
	dec_u32(d, &s->num_per_pool_omap_osds);
	/* hb_pingtime (s32 count + per-peer times): not needed */
	return dec_struct_end(d, &ds);
}

/* ---- MPGStats ---- */

static int
pg_cmp(const void *a, const void *b)
{
	const struct mgr_pg_stat *x = a, *y = b;

	if (x->pgid.pool != y->pgid.pool)
		return x->pgid.pool < y->pgid.pool ? -1 : 1;
	if (x->pgid.seed != y->pgid.seed)
		return x->pgid.seed < y->pgid.seed ? -1 : 1;
	return 0;
}

struct msg *
mgr_msg_pg_stats(struct mgr_pg_stats *s)
{
	struct msg *m = new_msg(MSG_PGSTATS, 2, 1);
	struct buf *f = &m->front;
	struct utime zero = { 0, 0 };

	if (s->npgs > 1)
		qsort(s->pgs, s->npgs, sizeof(*s->pgs), pg_cmp);
	paxos_hdr_encode(f, 0);
	uuid_encode(f, &s->fsid);
	mgr_osd_stat_encode(f, &s->osd_stat);
	enc_u32(f, s->npgs);
	for (uint32_t i = 0; i < s->npgs; i++) {
		pg_encode(f, &s->pgs[i].pgid);
		mgr_pg_stat_encode(f, &s->pgs[i]);
	}
	enc_u32(f, s->epoch);
	utime_encode(f, &zero);         /* the retired "had_map_for" stamp */
	/*
	 * pool_stat (per-pool store_statfs_t): empty, as a memstore OSD sends
	 * it (its pool_statfs is ENOTSUP), so the mgr sums pg num_bytes.
	 */
	enc_u32(f, 0);
	return m;
}

int
mgr_pg_stats_decode(const void *p, size_t len, uint16_t version, struct mgr_pg_stats *out)
{
	struct dec d;
	struct utime stamp;
	uint64_t pv;
	uint32_t n;

	memset(out, 0, sizeof(*out));
	dec_init(&d, p, len);
	paxos_hdr_decode(&d, &pv);
	uuid_decode(&d, &out->fsid);
	mgr_osd_stat_decode(&d, &out->osd_stat);
	/* a pg_t key (17 bytes) and a pg_stat_t header at least */
	if (dec_count(&d, 23, &n))
		return d.err;
	out->pgs = n ? xcalloc(n, sizeof(*out->pgs)) : NULL;
	out->npgs = n;
	for (uint32_t i = 0; i < n && !d.err; i++) {
		struct pg key;

		if (pg_decode(&d, &key))
			break;
		mgr_pg_stat_decode(&d, &out->pgs[i]);
		out->pgs[i].pgid = key;
	}
	dec_u32(&d, &out->epoch);
	utime_decode(&d, &stamp);
	if (version >= 2 && dec_count(&d, 14, &n) == 0) {
		out->npool_stats = n;
		for (uint32_t i = 0; i < n && !d.err; i++) {
			struct mgr_statfs sf;
			int64_t pool;

			dec_s64(&d, &pool);
			statfs_decode(&d, &sf);
		}
	}
	if (d.err)
		mgr_pg_stats_free(out);
	return d.err;
}

void
mgr_pg_stats_free(struct mgr_pg_stats *s)
{
	free(s->pgs);
	s->pgs = NULL;
	s->npgs = 0;
}
