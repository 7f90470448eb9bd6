/*
 * osdmap.c — full OSDMap decode, copy, per-OSD array management, queries and
 * the feature bits a map requires (see osdmap.h). The encoder is in
 * osdmap_enc.c, the Incremental in osdmap_inc.c.
 *
 * Layout: src/osd/OSDMap.cc: OSDMap::decode (wrapper v8 with a crc, then a
 * "client-usable" and an "osd-only" versioned section).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/crc32c.h"
#include "common/log.h"
#include "common/mem.h"
#include "osd/crush.h"
#include "osd/osdmap.h"

/* ---- osd_info_t / osd_xinfo_t ---- */

int
osd_info_decode(struct dec *d, struct osd_info *i)
{
	uint8_t v;

	/* A lone struct_v byte, no compat/length (OSDMap.cc: osd_info_t::decode). */
	dec_u8(d, &v);
	dec_u32(d, &i->last_clean_begin);
	dec_u32(d, &i->last_clean_end);
	dec_u32(d, &i->up_from);
	dec_u32(d, &i->up_thru);
	dec_u32(d, &i->down_at);
	return dec_u32(d, &i->lost_at);
}

void
osd_info_encode(struct buf *b, const struct osd_info *i)
{
	enc_u8(b, 1);
	enc_u32(b, i->last_clean_begin);
	enc_u32(b, i->last_clean_end);
	enc_u32(b, i->up_from);
	enc_u32(b, i->up_thru);
	enc_u32(b, i->down_at);
	enc_u32(b, i->lost_at);
}

int
osd_xinfo_decode(struct dec *d, struct osd_xinfo *x)
{
	struct dec_struct ds;
	int r;

	memset(x, 0, sizeof(*x));
	if ((r = dec_struct_start(d, 4, &ds)) < 0)
		return r;
	utime_decode(d, &x->down_stamp);
	dec_u32(d, &x->laggy_probability);
	dec_u32(d, &x->laggy_interval);
	if (ds.v >= 2)
		dec_u64(d, &x->features);
	if (ds.v >= 3)
		dec_u32(d, &x->old_weight);
	if (ds.v >= 4) {
		utime_decode(d, &x->last_purged_snaps_scrub);
		dec_u32(d, &x->dead_epoch);
	}
	return dec_struct_end(d, &ds);
}

void
osd_xinfo_encode(struct buf *b, const struct osd_xinfo *x)
{
	struct enc_struct es;

	enc_struct_start(b, 4, 1, &es);
	utime_encode(b, &x->down_stamp);
	enc_u32(b, x->laggy_probability);
	enc_u32(b, x->laggy_interval);
	enc_u64(b, x->features);
	enc_u32(b, x->old_weight);
	utime_encode(b, &x->last_purged_snaps_scrub);
	enc_u32(b, x->dead_epoch);
	enc_struct_end(b, &es);
}

/* ---- lifecycle ---- */

void
osdmap_init(struct osdmap *m)
{
	memset(m, 0, sizeof(*m));
}

static void
free_osd_arrays(struct osdmap *m)
{
	for (int k = 0; k < OSDMAP_ADDR_KINDS; k++) {
		if (m->addrs[k]) {
			for (int32_t i = 0; i < m->max_osd; i++)
				free(m->addrs[k][i]);
			free(m->addrs[k]);
		}
		m->addrs[k] = NULL;
	}
	free(m->osd_state);
	free(m->osd_weight);
	free(m->osd_primary_affinity);
	free(m->osd_info);
	free(m->osd_uuid);
	free(m->osd_xinfo);
	m->osd_state = m->osd_weight = m->osd_primary_affinity = NULL;
	m->osd_info = NULL;
	m->osd_uuid = NULL;
	m->osd_xinfo = NULL;
}

void
osdmap_free(struct osdmap *m)
{
	for (uint32_t i = 0; i < m->npools; i++)
		pg_pool_free(&m->pools[i].pool);
	free(m->pools);
	for (uint32_t i = 0; i < m->npool_names; i++)
		osdmap_str_free(&m->pool_names[i].name);
	free(m->pool_names);
	free_osd_arrays(m);
	osdmap_pgvec_free(&m->pg_temp);
	osdmap_pgint_free(&m->primary_temp);
	free(m->crush_raw);
	if (m->crush)
		crush_free(m->crush);
	osdmap_smap2_free(&m->erasure_code_profiles);
	osdmap_pgvec_free(&m->pg_upmap);
	osdmap_pgvec_free(&m->pg_upmap_items);
	osdmap_pool_isets_free(&m->new_removed_snaps);
	osdmap_pool_isets_free(&m->new_purged_snaps);
	osdmap_blocklist_free(&m->blocklist);
	osdmap_str_free(&m->cluster_snapshot);
	osdmap_pool_isets_free(&m->removed_snaps_queue);
	osdmap_iu32_free(&m->crush_node_flags);
	osdmap_iu32_free(&m->device_class_flags);
	osdmap_init(m);
}

void
osdmap_move(struct osdmap *dst, struct osdmap *src)
{
	if (dst == src)
		return;
	osdmap_free(dst);
	*dst = *src;
	osdmap_init(src);
}

/* Decode a CRUSH blob held in raw bytes. */
static int
crush_from_raw(const uint8_t *raw, uint32_t len, struct crush_map **out)
{
	struct dec cd;

	dec_init(&cd, raw, len);
	return crush_decode(&cd, out);
}

static struct entity_addrvec *
addrvec_dup(const struct entity_addrvec *v)
{
	struct entity_addrvec *c;

	if (v == NULL || v->n == 0)
		return NULL;
	c = xmalloc(sizeof(*c));
	*c = *v;
	return c;
}

int
osdmap_clone(struct osdmap *dst, const struct osdmap *src)
{
	size_t n = (size_t)src->max_osd;
	int r;

	*dst = *src;
	dst->crush = NULL;
	if (src->crush_len) {
		r = crush_from_raw(src->crush_raw, src->crush_len, &dst->crush);
		if (r < 0) {
			osdmap_init(dst);
			return r;
		}
	}
	dst->crush_raw = xmalloc(src->crush_len ? src->crush_len : 1);
	if (src->crush_len)
		memcpy(dst->crush_raw, src->crush_raw, src->crush_len);

	dst->pools = xcalloc(src->npools ? src->npools : 1, sizeof(*dst->pools));
	for (uint32_t i = 0; i < src->npools; i++) {
		dst->pools[i].id = src->pools[i].id;
		pg_pool_copy(&dst->pools[i].pool, &src->pools[i].pool);
	}
	dst->pool_names = xcalloc(src->npool_names ? src->npool_names : 1,
				  sizeof(*dst->pool_names));
	for (uint32_t i = 0; i < src->npool_names; i++) {
		dst->pool_names[i].id = src->pool_names[i].id;
		osdmap_str_copy(&dst->pool_names[i].name, &src->pool_names[i].name);
	}

	dst->osd_state = xcalloc(n ? n : 1, sizeof(uint32_t));
	dst->osd_weight = xcalloc(n ? n : 1, sizeof(uint32_t));
	dst->osd_info = xcalloc(n ? n : 1, sizeof(*dst->osd_info));
	dst->osd_uuid = xcalloc(n ? n : 1, sizeof(*dst->osd_uuid));
	dst->osd_xinfo = xcalloc(n ? n : 1, sizeof(*dst->osd_xinfo));
	if (n) {
		memcpy(dst->osd_state, src->osd_state, n * sizeof(uint32_t));
		memcpy(dst->osd_weight, src->osd_weight, n * sizeof(uint32_t));
		memcpy(dst->osd_info, src->osd_info, n * sizeof(*dst->osd_info));
		memcpy(dst->osd_uuid, src->osd_uuid, n * sizeof(*dst->osd_uuid));
		memcpy(dst->osd_xinfo, src->osd_xinfo, n * sizeof(*dst->osd_xinfo));
	}
	dst->osd_primary_affinity = NULL;
	if (src->osd_primary_affinity) {
		dst->osd_primary_affinity = xcalloc(n ? n : 1, sizeof(uint32_t));
		if (n)
			memcpy(dst->osd_primary_affinity, src->osd_primary_affinity,
			       n * sizeof(uint32_t));
	}
	for (int k = 0; k < OSDMAP_ADDR_KINDS; k++) {
		dst->addrs[k] = xcalloc(n ? n : 1, sizeof(*dst->addrs[k]));
		for (size_t i = 0; i < n; i++)
			dst->addrs[k][i] = addrvec_dup(src->addrs[k][i]);
	}

	osdmap_pgvec_copy(&dst->pg_temp, &src->pg_temp);
	osdmap_pgint_copy(&dst->primary_temp, &src->primary_temp);
	osdmap_smap2_copy(&dst->erasure_code_profiles, &src->erasure_code_profiles);
	osdmap_pgvec_copy(&dst->pg_upmap, &src->pg_upmap);
	osdmap_pgvec_copy(&dst->pg_upmap_items, &src->pg_upmap_items);
	osdmap_pool_isets_copy(&dst->new_removed_snaps, &src->new_removed_snaps);
	osdmap_pool_isets_copy(&dst->new_purged_snaps, &src->new_purged_snaps);
	osdmap_blocklist_copy(&dst->blocklist, &src->blocklist);
	osdmap_str_copy(&dst->cluster_snapshot, &src->cluster_snapshot);
	osdmap_pool_isets_copy(&dst->removed_snaps_queue, &src->removed_snaps_queue);
	osdmap_iu32_copy(&dst->crush_node_flags, &src->crush_node_flags);
	osdmap_iu32_copy(&dst->device_class_flags, &src->device_class_flags);
	return 0;
}

/* ---- per-OSD arrays ---- */

static void *
resize_zero(void *p, size_t oldn, size_t newn, size_t elem)
{
	p = xreallocarray(p, newn ? newn : 1, elem);
	if (newn > oldn)
		memset((uint8_t *)p + oldn * elem, 0, (newn - oldn) * elem);
	return p;
}

void
osdmap_set_max_osd(struct osdmap *m, int32_t max_osd)
{
	size_t oldn = m->max_osd > 0 ? (size_t)m->max_osd : 0;
	size_t newn = max_osd > 0 ? (size_t)max_osd : 0;

	/* Shrinking drops the tail OSDs' address vectors. */
	for (int k = 0; k < OSDMAP_ADDR_KINDS; k++) {
		if (m->addrs[k])
			for (size_t i = newn; i < oldn; i++)
				free(m->addrs[k][i]);
		m->addrs[k] = resize_zero(m->addrs[k], oldn, newn, sizeof(*m->addrs[k]));
	}
	/* New OSDs: state 0, weight 0 ("out"), default affinity (OSDMap::set_max_osd). */
	m->osd_state = resize_zero(m->osd_state, oldn, newn, sizeof(uint32_t));
	m->osd_weight = resize_zero(m->osd_weight, oldn, newn, sizeof(uint32_t));
	m->osd_info = resize_zero(m->osd_info, oldn, newn, sizeof(*m->osd_info));
	m->osd_uuid = resize_zero(m->osd_uuid, oldn, newn, sizeof(*m->osd_uuid));
	m->osd_xinfo = resize_zero(m->osd_xinfo, oldn, newn, sizeof(*m->osd_xinfo));
	if (m->osd_primary_affinity) {
		m->osd_primary_affinity = resize_zero(m->osd_primary_affinity, oldn, newn,
						      sizeof(uint32_t));
		for (size_t i = oldn; i < newn; i++)
			m->osd_primary_affinity[i] = OSD_DEFAULT_PRIMARY_AFFINITY;
	}
	m->max_osd = (int32_t)newn;
}

void
osdmap_set_primary_affinity(struct osdmap *m, int32_t osd, uint32_t aff)
{
	if (osd < 0 || osd >= m->max_osd)
		return;
	if (!m->osd_primary_affinity) {
		m->osd_primary_affinity = xcalloc(m->max_osd, sizeof(uint32_t));
		for (int32_t i = 0; i < m->max_osd; i++)
			m->osd_primary_affinity[i] = OSD_DEFAULT_PRIMARY_AFFINITY;
	}
	m->osd_primary_affinity[osd] = aff;
}

/* ---- decode ---- */

/* A u32 count that must equal max_osd (every per-OSD vector has one entry per id). */
static int
dec_osd_count(struct dec *d, const struct osdmap *m, size_t min_elem)
{
	uint32_t n;
	int r;

	if ((r = dec_count(d, min_elem, &n)) < 0)
		return r;
	if (n != (uint32_t)m->max_osd)
		return dec_fail(d, -EPROTO);
	return 0;
}

static int
dec_addrvecs(struct dec *d, struct osdmap *m, enum osdmap_addr_kind kind)
{
	int32_t n = m->max_osd;
	int r;

	/* marker + u32 count: 5 bytes for an empty vector */
	if ((r = dec_osd_count(d, m, 5)) < 0)
		return r;
	m->addrs[kind] = xcalloc(n ? (size_t)n : 1, sizeof(*m->addrs[kind]));
	for (int32_t i = 0; i < n; i++) {
		struct entity_addrvec v;

		memset(&v, 0, sizeof(v));
		if ((r = entity_addrvec_decode(d, &v)) < 0)
			return dec_fail(d, r);
		m->addrs[kind][i] = addrvec_dup(&v);
	}
	return 0;
}

static int
dec_u32_vec(struct dec *d, const struct osdmap *m, uint32_t **out, int narrow)
{
	int32_t n = m->max_osd;
	int r;

	if ((r = dec_osd_count(d, m, narrow ? 1 : 4)) < 0)
		return r;
	*out = xcalloc(n ? (size_t)n : 1, sizeof(uint32_t));
	for (int32_t i = 0; i < n; i++) {
		if (narrow) {
			uint8_t v = 0;

			dec_u8(d, &v);
			(*out)[i] = v;
		} else {
			dec_u32(d, &(*out)[i]);
		}
	}
	return d->err;
}

int
osdmap_pools_decode(struct dec *d, struct osdmap_pool **out, uint32_t *count)
{
	struct osdmap_pool *v;
	uint32_t n;
	int r;

	*out = NULL;
	*count = 0;
	/* s64 id + a pg_pool_t header at least */
	if ((r = dec_count(d, 8 + 6, &n)) < 0)
		return r;
	v = xcalloc(n ? n : 1, sizeof(*v));
	*out = v;
	for (uint32_t i = 0; i < n; i++) {
		if ((r = dec_s64(d, &v[i].id)) < 0)
			return r;
		if ((r = pg_pool_decode(d, &v[i].pool)) < 0)
			return r;
		*count = i + 1;
		if (i && v[i - 1].id >= v[i].id)
			return dec_fail(d, -EPROTO);
	}
	return 0;
}

int
osdmap_pool_names_decode(struct dec *d, struct osdmap_pool_name **out, uint32_t *count)
{
	struct osdmap_pool_name *v;
	uint32_t n;
	int r;

	*out = NULL;
	*count = 0;
	if ((r = dec_count(d, 8 + 4, &n)) < 0)
		return r;
	v = xcalloc(n ? n : 1, sizeof(*v));
	*out = v;
	for (uint32_t i = 0; i < n; i++) {
		dec_s64(d, &v[i].id);
		if ((r = osdmap_str_decode(d, &v[i].name)) < 0)
			return r;
		*count = i + 1;
		if (i && v[i - 1].id >= v[i].id)
			return dec_fail(d, -EPROTO);
	}
	return 0;
}

static int
decode_client(struct dec *d, struct osdmap *m)
{
	struct dec_struct ds;
	const uint8_t *cp;
	uint32_t clen, n;
	int r;

	if ((r = dec_struct_start(d, 9, &ds)) < 0)
		return r;
	uuid_decode(d, &m->fsid);
	dec_u32(d, &m->epoch);
	utime_decode(d, &m->created);
	if ((r = utime_decode(d, &m->modified)) < 0)
		return r;
	if ((r = osdmap_pools_decode(d, &m->pools, &m->npools)) < 0)
		return r;
	if ((r = osdmap_pool_names_decode(d, &m->pool_names, &m->npool_names)) < 0)
		return r;
	dec_s32(d, &m->pool_max);
	dec_u32(d, &m->flags);
	if ((r = dec_s32(d, &m->max_osd)) < 0)
		return r;
	if (m->max_osd < 0 || m->max_osd > OSDMAP_MAX_OSD) {
		log_error(LOG_OSD, "osdmap: max_osd %d out of range", m->max_osd);
		m->max_osd = 0;
		return dec_fail(d, -EPROTO);
	}
	if ((r = dec_u32_vec(d, m, &m->osd_state, ds.v < 5)) < 0)
		return r;
	if ((r = dec_u32_vec(d, m, &m->osd_weight, 0)) < 0)
		return r;
	if ((r = dec_addrvecs(d, m, OSDMAP_ADDR_CLIENT)) < 0)
		return r;
	if ((r = osdmap_pgvec_decode(d, &m->pg_temp, 0)) < 0)
		return r;
	if ((r = osdmap_pgint_decode(d, &m->primary_temp)) < 0)
		return r;
	if (ds.v >= 2) {
		/* Empty when no OSD ever had a non-default affinity. */
		if ((r = dec_count(d, 4, &n)) < 0)
			return r;
		if (n != 0 && n != (uint32_t)m->max_osd)
			return dec_fail(d, -EPROTO);
		if (n) {
			m->osd_primary_affinity = xcalloc(n, sizeof(uint32_t));
			for (uint32_t i = 0; i < n; i++)
				dec_u32(d, &m->osd_primary_affinity[i]);
		}
	}
	if ((r = dec_string(d, &cp, &clen)) < 0)
		return r;
	m->crush_raw = xmalloc(clen ? clen : 1);
	memcpy(m->crush_raw, cp, clen);
	m->crush_len = clen;
	r = crush_from_raw(m->crush_raw, clen, &m->crush);
	if (r < 0) {
		log_error(LOG_OSD, "osdmap: bad crush map (%d)", r);
		return dec_fail(d, -EPROTO);
	}
	if (ds.v >= 3 && (r = osdmap_smap2_decode(d, &m->erasure_code_profiles)) < 0)
		return r;
	if (ds.v >= 4) {
		if ((r = osdmap_pgvec_decode(d, &m->pg_upmap, 0)) < 0)
			return r;
		if ((r = osdmap_pgvec_decode(d, &m->pg_upmap_items, 1)) < 0)
			return r;
	}
	if (ds.v >= 6)
		dec_s32(d, &m->crush_version);
	if (ds.v >= 7) {
		if ((r = osdmap_pool_isets_decode(d, &m->new_removed_snaps)) < 0)
			return r;
		if ((r = osdmap_pool_isets_decode(d, &m->new_purged_snaps)) < 0)
			return r;
	}
	if (ds.v >= 9) {
		utime_decode(d, &m->last_up_change);
		utime_decode(d, &m->last_in_change);
	}
	return dec_struct_end(d, &ds);
}

static int
decode_osd_only(struct dec *d, struct osdmap *m)
{
	struct dec_struct ds;
	int32_t n = m->max_osd;
	int r;

	if ((r = dec_struct_start(d, 10, &ds)) < 0)
		return r;
	if ((r = dec_addrvecs(d, m, OSDMAP_ADDR_HB_BACK)) < 0)
		return r;
	if ((r = dec_osd_count(d, m, 25)) < 0)
		return r;
	m->osd_info = xcalloc(n ? (size_t)n : 1, sizeof(*m->osd_info));
	for (int32_t i = 0; i < n; i++)
		osd_info_decode(d, &m->osd_info[i]);
	if ((r = osdmap_blocklist_decode(d, &m->blocklist)) < 0)
		return r;
	if ((r = dec_addrvecs(d, m, OSDMAP_ADDR_CLUSTER)) < 0)
		return r;
	dec_u32(d, &m->cluster_snapshot_epoch);
	if ((r = osdmap_str_decode(d, &m->cluster_snapshot)) < 0)
		return r;
	if ((r = dec_osd_count(d, m, 16)) < 0)
		return r;
	m->osd_uuid = xcalloc(n ? (size_t)n : 1, sizeof(*m->osd_uuid));
	for (int32_t i = 0; i < n; i++)
		uuid_decode(d, &m->osd_uuid[i]);
	if ((r = dec_osd_count(d, m, 6)) < 0)
		return r;
	m->osd_xinfo = xcalloc(n ? (size_t)n : 1, sizeof(*m->osd_xinfo));
	for (int32_t i = 0; i < n; i++)
		if ((r = osd_xinfo_decode(d, &m->osd_xinfo[i])) < 0)
			return r;
	if ((r = dec_addrvecs(d, m, OSDMAP_ADDR_HB_FRONT)) < 0)
		return r;
	if (ds.v >= 2) {
		dec_float(d, &m->nearfull_ratio);
		dec_float(d, &m->full_ratio);
	}
	if (ds.v >= 3)
		dec_float(d, &m->backfillfull_ratio);
	if (ds.v == 4)
		return dec_fail(d, -EOPNOTSUPP);        /* string release name: pre-mimic */
	if (ds.v >= 5) {
		dec_u8(d, &m->require_min_compat_client);
		if ((r = dec_u8(d, &m->require_osd_release)) < 0)
			return r;
		/* OSDMap::decode derives these flags from the release. */
		if (m->require_osd_release >= CEPH_RELEASE_NAUTILUS &&
		    m->require_osd_release < 0x80)
			m->flags |= OSDMAP_FLAG_PGLOG_HARDLIMIT;
		if (m->require_osd_release >= CEPH_RELEASE_LUMINOUS &&
		    m->require_osd_release < 0x80) {
			m->flags &= ~OSDMAP_LEGACY_REQUIRE_FLAGS;
			m->flags |= OSDMAP_FLAG_RECOVERY_DELETES;
		}
	} else {
		return dec_fail(d, -EOPNOTSUPP);
	}
	if (ds.v >= 6 && (r = osdmap_pool_isets_decode(d, &m->removed_snaps_queue)) < 0)
		return r;
	if (ds.v >= 8 && (r = osdmap_iu32_decode(d, &m->crush_node_flags)) < 0)
		return r;
	if (ds.v >= 9 && (r = osdmap_iu32_decode(d, &m->device_class_flags)) < 0)
		return r;
	if (ds.v >= 10) {
		dec_u8(d, &m->stretch_mode_enabled);
		dec_u32(d, &m->stretch_bucket_count);
		dec_u32(d, &m->degraded_stretch_mode);
		dec_u32(d, &m->recovering_stretch_mode);
		dec_s32(d, &m->stretch_mode_bucket);
	}
	return dec_struct_end(d, &ds);
}

int
osdmap_decode_full(struct dec *d, struct osdmap *m)
{
	const uint8_t *start = d->p, *crc_at = NULL, *tail = NULL;
	struct dec_struct ws;
	uint32_t crc = 0;
	int r;

	osdmap_init(m);
	if (d->err)
		return d->err;
	/* Wrapper v < 7 is the pre-luminous "classic" encoding. */
	if (dec_remaining(d) && d->p[0] < 7) {
		r = dec_fail(d, -EOPNOTSUPP);
		goto fail;
	}
	if ((r = dec_struct_start(d, 8, &ws)) < 0)
		goto fail;
	if ((r = decode_client(d, m)) < 0)
		goto fail;
	if ((r = decode_osd_only(d, m)) < 0)
		goto fail;
	if (ws.v >= 8) {
		crc_at = d->p;
		if ((r = dec_u32(d, &crc)) < 0)
			goto fail;
		tail = d->p;
	}
	if ((r = dec_struct_end(d, &ws)) < 0)
		goto fail;
	if (crc_at) {
		uint32_t actual = crc32c(0xffffffffu, start, (size_t)(crc_at - start));

		actual = crc32c(actual, tail, (size_t)(d->p - tail));
		if (actual != crc) {
			log_error(LOG_OSD, "osdmap e%u: bad crc, actual 0x%08x != expected 0x%08x",
				  m->epoch, actual, crc);
			r = dec_fail(d, -EBADMSG);
			goto fail;
		}
		m->crc = crc;
	} else {
		m->crc = osdmap_calc_crc(m);
	}
	return 0;
fail:
	osdmap_free(m);
	return r;
}

int
osdmap_decode_bytes(const void *p, size_t len, struct osdmap *m)
{
	struct dec d;

	dec_init(&d, p, len);
	return osdmap_decode_full(&d, m);
}

/* ---- queries ---- */

static const struct entity_addrvec empty_addrvec;

const struct entity_addrvec *
osdmap_get_addrs(const struct osdmap *m, int osd, enum osdmap_addr_kind kind)
{
	const struct entity_addrvec *v;

	if (osd < 0 || osd >= m->max_osd || (unsigned)kind >= OSDMAP_ADDR_KINDS ||
	    m->addrs[kind] == NULL)
		return &empty_addrvec;
	v = m->addrs[kind][osd];
	return v ? v : &empty_addrvec;
}

const struct osd_info *
osdmap_get_info(const struct osdmap *m, int osd)
{
	static const struct osd_info none;

	if (osd < 0 || osd >= m->max_osd)
		return &none;
	return &m->osd_info[osd];
}

const struct pg_pool *
osdmap_get_pool(const struct osdmap *m, int64_t pool)
{
	uint32_t lo = 0, hi = m->npools;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (m->pools[mid].id == pool)
			return &m->pools[mid].pool;
		if (m->pools[mid].id < pool)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
osdmap_pool_name(const struct osdmap *m, int64_t pool)
{
	for (uint32_t i = 0; i < m->npool_names; i++)
		if (m->pool_names[i].id == pool)
			return m->pool_names[i].name.p ? m->pool_names[i].name.p : "";
	return NULL;
}

int64_t
osdmap_lookup_pool(const struct osdmap *m, const char *name)
{
	for (uint32_t i = 0; i < m->npool_names; i++)
		if (osdmap_str_eq(&m->pool_names[i].name, name))
			return m->pool_names[i].id;
	return -ENOENT;
}

int
osdmap_num_osds(const struct osdmap *m, uint32_t state_mask)
{
	int n = 0;

	for (int32_t i = 0; i < m->max_osd; i++)
		if ((m->osd_state[i] & state_mask) == state_mask &&
		    (m->osd_state[i] & OSD_STATE_EXISTS))
			n++;
	return n;
}
