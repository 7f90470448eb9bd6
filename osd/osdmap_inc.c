/*
 * osdmap_inc.c — decode an OSDMap::Incremental (see osdmap_inc.h; layout from
 * src/osd/OSDMap.cc: OSDMap::Incremental::decode) and verify its inc_crc.
 * Applying it is in osdmap_apply.c.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/crc32c.h"
#include "common/log.h"
#include "common/mem.h"
#include "osd/osdmap_inc.h"

/* ---- decode helpers ---- */

static int
dec_blob(struct dec *d, uint8_t **out, uint32_t *outlen)
{
	const uint8_t *p;
	uint32_t len;
	int r;

	*out = NULL;
	*outlen = 0;
	if ((r = dec_string(d, &p, &len)) < 0)
		return r;
	if (len) {
		*out = xmalloc(len);
		memcpy(*out, p, len);
		*outlen = len;
	}
	return 0;
}

static int
dec_inc_addrs(struct dec *d, struct osdmap_inc_addrs *m)
{
	uint32_t n;
	int r;

	m->n = 0;
	m->e = NULL;
	if ((r = dec_count(d, 4 + 5, &n)) < 0)
		return r;
	m->e = xcalloc(n ? n : 1, sizeof(*m->e));
	for (uint32_t i = 0; i < n; i++) {
		if ((r = dec_s32(d, &m->e[i].osd)) < 0)
			return r;
		if ((r = entity_addrvec_decode(d, &m->e[i].addrs)) < 0)
			return dec_fail(d, r);
		m->n = i + 1;
		if (i && m->e[i - 1].osd >= m->e[i].osd)
			return dec_fail(d, -EPROTO);
	}
	return 0;
}

static int
dec_old_pools(struct dec *d, struct osdmap_inc *inc)
{
	uint32_t n;
	int r;

	if ((r = dec_count(d, 8, &n)) < 0)
		return r;
	inc->old_pools = xcalloc(n ? n : 1, sizeof(int64_t));
	for (uint32_t i = 0; i < n; i++)
		dec_s64(d, &inc->old_pools[i]);
	inc->nold_pools = n;
	return d->err;
}

static int
dec_old_profiles(struct dec *d, struct osdmap_inc *inc)
{
	uint32_t n;
	int r;

	if ((r = dec_count(d, 4, &n)) < 0)
		return r;
	inc->old_erasure_code_profiles = xcalloc(n ? n : 1, sizeof(struct osdmap_str));
	for (uint32_t i = 0; i < n; i++) {
		if ((r = osdmap_str_decode(d, &inc->old_erasure_code_profiles[i])) < 0)
			return r;
		inc->nold_erasure_code_profiles = i + 1;
	}
	return 0;
}

static int
decode_client(struct dec *d, struct osdmap_inc *inc)
{
	struct dec_struct ds;
	int r;

	if ((r = dec_struct_start(d, 8, &ds)) < 0)
		return r;
	if (ds.v < 5)
		return dec_fail(d, -EOPNOTSUPP);        /* u8 new_state: pre-luminous */
	uuid_decode(d, &inc->fsid);
	dec_u32(d, &inc->epoch);
	utime_decode(d, &inc->modified);
	dec_s64(d, &inc->new_pool_max);
	if ((r = dec_s32(d, &inc->new_flags)) < 0)
		return r;
	if ((r = dec_blob(d, &inc->fullmap, &inc->fullmap_len)) < 0)
		return r;
	if ((r = dec_blob(d, &inc->crush, &inc->crush_len)) < 0)
		return r;
	if ((r = dec_s32(d, &inc->new_max_osd)) < 0)
		return r;
	if ((r = osdmap_pools_decode(d, &inc->new_pools, &inc->nnew_pools)) < 0 ||
	    (r = osdmap_pool_names_decode(d, &inc->new_pool_names,
					   &inc->nnew_pool_names)) < 0 ||
	    (r = dec_old_pools(d, inc)) < 0 ||
	    (r = dec_inc_addrs(d, &inc->new_up_client)) < 0 ||
	    (r = osdmap_iu32_decode(d, &inc->new_state)) < 0 ||
	    (r = osdmap_iu32_decode(d, &inc->new_weight)) < 0 ||
	    (r = osdmap_pgvec_decode(d, &inc->new_pg_temp, 0)) < 0 ||
	    (r = osdmap_pgint_decode(d, &inc->new_primary_temp)) < 0)
		return r;
	if (ds.v >= 2 && (r = osdmap_iu32_decode(d, &inc->new_primary_affinity)) < 0)
		return r;
	if (ds.v >= 3) {
		if ((r = osdmap_smap2_decode(d, &inc->new_erasure_code_profiles)) < 0 ||
		    (r = dec_old_profiles(d, inc)) < 0)
			return r;
	}
	if (ds.v >= 4) {
		if ((r = osdmap_pgvec_decode(d, &inc->new_pg_upmap, 0)) < 0 ||
		    (r = osdmap_pgset_decode(d, &inc->old_pg_upmap)) < 0 ||
		    (r = osdmap_pgvec_decode(d, &inc->new_pg_upmap_items, 1)) < 0 ||
		    (r = osdmap_pgset_decode(d, &inc->old_pg_upmap_items)) < 0)
			return r;
	}
	if (ds.v >= 6) {
		if ((r = osdmap_pool_isets_decode(d, &inc->new_removed_snaps)) < 0 ||
		    (r = osdmap_pool_isets_decode(d, &inc->new_purged_snaps)) < 0)
			return r;
	}
	if (ds.v >= 8) {
		utime_decode(d, &inc->new_last_up_change);
		utime_decode(d, &inc->new_last_in_change);
	}
	return dec_struct_end(d, &ds);
}

static int
decode_osd_only(struct dec *d, struct osdmap_inc *inc)
{
	struct dec_struct ds;
	uint32_t n;
	int r;

	if ((r = dec_struct_start(d, 10, &ds)) < 0)
		return r;
	if ((r = dec_inc_addrs(d, &inc->new_hb_back_up)) < 0 ||
	    (r = osdmap_iu32_decode(d, &inc->new_up_thru)) < 0)
		return r;
	if ((r = dec_count(d, 12, &n)) < 0)
		return r;
	inc->new_last_clean_interval = xcalloc(n ? n : 1, sizeof(*inc->new_last_clean_interval));
	for (uint32_t i = 0; i < n; i++) {
		dec_s32(d, &inc->new_last_clean_interval[i].osd);
		dec_u32(d, &inc->new_last_clean_interval[i].begin);
		dec_u32(d, &inc->new_last_clean_interval[i].end);
	}
	inc->nnew_last_clean_interval = n;
	if ((r = osdmap_iu32_decode(d, &inc->new_lost)) < 0 ||
	    (r = osdmap_blocklist_decode(d, &inc->new_blocklist)) < 0)
		return r;
	if ((r = dec_count(d, 13, &n)) < 0)
		return r;
	inc->old_blocklist = xcalloc(n ? n : 1, sizeof(*inc->old_blocklist));
	for (uint32_t i = 0; i < n; i++) {
		if ((r = osdmap_addr_decode(d, &inc->old_blocklist[i])) < 0)
			return dec_fail(d, r);
		inc->nold_blocklist = i + 1;
	}
	if ((r = dec_inc_addrs(d, &inc->new_up_cluster)) < 0 ||
	    (r = osdmap_str_decode(d, &inc->cluster_snapshot)) < 0)
		return r;
	if ((r = dec_count(d, 4 + 16, &n)) < 0)
		return r;
	inc->new_uuid = xcalloc(n ? n : 1, sizeof(*inc->new_uuid));
	for (uint32_t i = 0; i < n; i++) {
		dec_s32(d, &inc->new_uuid[i].osd);
		uuid_decode(d, &inc->new_uuid[i].uuid);
	}
	inc->nnew_uuid = n;
	if ((r = dec_count(d, 4 + 6, &n)) < 0)
		return r;
	inc->new_xinfo = xcalloc(n ? n : 1, sizeof(*inc->new_xinfo));
	for (uint32_t i = 0; i < n; i++) {
		dec_s32(d, &inc->new_xinfo[i].osd);
		if ((r = osd_xinfo_decode(d, &inc->new_xinfo[i].xinfo)) < 0)
			return r;
		inc->nnew_xinfo = i + 1;
	}
	if ((r = dec_inc_addrs(d, &inc->new_hb_front_up)) < 0)
		return r;
	inc->new_nearfull_ratio = inc->new_full_ratio = inc->new_backfillfull_ratio = -1;
	inc->new_require_min_compat_client = inc->new_require_osd_release = 0xff;
	if (ds.v >= 2)
		dec_u64(d, &inc->encode_features);
	if (ds.v >= 3) {
		dec_float(d, &inc->new_nearfull_ratio);
		dec_float(d, &inc->new_full_ratio);
	}
	if (ds.v >= 4)
		dec_float(d, &inc->new_backfillfull_ratio);
	if (ds.v == 5)
		return dec_fail(d, -EOPNOTSUPP);        /* string release name */
	if (ds.v >= 6) {
		dec_u8(d, &inc->new_require_min_compat_client);
		dec_u8(d, &inc->new_require_osd_release);
	}
	if (ds.v >= 8 && (r = osdmap_iu32_decode(d, &inc->new_crush_node_flags)) < 0)
		return r;
	if (ds.v >= 9 && (r = osdmap_iu32_decode(d, &inc->new_device_class_flags)) < 0)
		return r;
	if (ds.v >= 10) {
		dec_u8(d, &inc->change_stretch_mode);
		dec_u32(d, &inc->new_stretch_bucket_count);
		dec_u32(d, &inc->new_degraded_stretch_mode);
		dec_u32(d, &inc->new_recovering_stretch_mode);
		dec_s32(d, &inc->new_stretch_mode_bucket);
		dec_u8(d, &inc->stretch_mode_enabled);
	}
	return dec_struct_end(d, &ds);
}

int
osdmap_inc_decode(struct dec *d, struct osdmap_inc *inc)
{
	const uint8_t *start = d->p, *crc_at = NULL, *tail = NULL;
	struct dec_struct ws;
	int r;

	memset(inc, 0, sizeof(*inc));
	if (d->err)
		return d->err;
	if (dec_remaining(d) && d->p[0] < 7) {
		r = dec_fail(d, -EOPNOTSUPP);   /* pre-luminous "classic" encoding */
		goto fail;
	}
	if ((r = dec_struct_start(d, 8, &ws)) < 0)
		goto fail;
	if ((r = decode_client(d, inc)) < 0 || (r = decode_osd_only(d, inc)) < 0)
		goto fail;
	if (ws.v >= 8) {
		crc_at = d->p;
		dec_u32(d, &inc->inc_crc);
		tail = d->p;
		if ((r = dec_u32(d, &inc->full_crc)) < 0)
			goto fail;
		inc->have_crc = 1;
	}
	if ((r = dec_struct_end(d, &ws)) < 0)
		goto fail;
	if (inc->have_crc) {
		/* Covers [start, inc_crc) and then whatever follows it (full_crc). */
		uint32_t actual = crc32c(0xffffffffu, start, (size_t)(crc_at - start));

		actual = crc32c(actual, tail, (size_t)(d->p - tail));
		if (actual != inc->inc_crc) {
			log_error(LOG_OSD, "osdmap inc e%u: bad crc 0x%08x != 0x%08x",
				  inc->epoch, actual, inc->inc_crc);
			r = dec_fail(d, -EBADMSG);
			goto fail;
		}
	}
	return 0;
fail:
	osdmap_inc_free(inc);
	return r;
}

int
osdmap_inc_decode_bytes(const void *p, size_t len, struct osdmap_inc *inc)
{
	struct dec d;

	dec_init(&d, p, len);
	return osdmap_inc_decode(&d, inc);
}

void
osdmap_inc_free(struct osdmap_inc *inc)
{
	free(inc->fullmap);
	free(inc->crush);
	for (uint32_t i = 0; i < inc->nnew_pools; i++)
		pg_pool_free(&inc->new_pools[i].pool);
	free(inc->new_pools);
	for (uint32_t i = 0; i < inc->nnew_pool_names; i++)
		osdmap_str_free(&inc->new_pool_names[i].name);
	free(inc->new_pool_names);
	free(inc->old_pools);
	free(inc->new_up_client.e);
	osdmap_iu32_free(&inc->new_state);
	osdmap_iu32_free(&inc->new_weight);
	osdmap_pgvec_free(&inc->new_pg_temp);
	osdmap_pgint_free(&inc->new_primary_temp);
	osdmap_iu32_free(&inc->new_primary_affinity);
	osdmap_smap2_free(&inc->new_erasure_code_profiles);
	for (uint32_t i = 0; i < inc->nold_erasure_code_profiles; i++)
		osdmap_str_free(&inc->old_erasure_code_profiles[i]);
	free(inc->old_erasure_code_profiles);
	osdmap_pgvec_free(&inc->new_pg_upmap);
	osdmap_pgset_free(&inc->old_pg_upmap);
	osdmap_pgvec_free(&inc->new_pg_upmap_items);
	osdmap_pgset_free(&inc->old_pg_upmap_items);
	osdmap_pool_isets_free(&inc->new_removed_snaps);
	osdmap_pool_isets_free(&inc->new_purged_snaps);
	free(inc->new_hb_back_up.e);
	osdmap_iu32_free(&inc->new_up_thru);
	free(inc->new_last_clean_interval);
	osdmap_iu32_free(&inc->new_lost);
	osdmap_blocklist_free(&inc->new_blocklist);
	free(inc->old_blocklist);
	free(inc->new_up_cluster.e);
	osdmap_str_free(&inc->cluster_snapshot);
	free(inc->new_uuid);
	free(inc->new_xinfo);
	free(inc->new_hb_front_up.e);
	osdmap_iu32_free(&inc->new_crush_node_flags);
	osdmap_iu32_free(&inc->new_device_class_flags);
	memset(inc, 0, sizeof(*inc));
}
