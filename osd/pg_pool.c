/*
 * pg_pool.c — pg_pool_t decode/encode and the pool's placement arithmetic
 * (see pg_pool.h). Field order and version gates follow
 * src/osd/osd_types.cc: pg_pool_t::encode/decode; the encoder writes exactly
 * what a Pacific monitor writes (v29, or v30 for a stretch pool) so that a
 * re-encoded OSDMap has the monitor's crc.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "osd/crush_hash.h"
#include "osd/pg_pool.h"

/* Oldest pg_pool_t layout we decode: v14 has every field up to erasure_code_profile. */
#define PG_POOL_MIN_V 14
#define PG_POOL_MAX_V 30

static int
pool_snaps_decode(struct dec *d, struct pg_pool *p)
{
	uint32_t n, i;
	int r;

	/* u64 key + versioned pool_snap_info_t (6 header + 8 + 8 + 4). */
	if ((r = dec_count(d, 8 + 26, &n)) < 0)
		return r;
	p->snaps = xcalloc(n ? n : 1, sizeof(*p->snaps));
	for (i = 0; i < n; i++) {
		struct pool_snap *s = &p->snaps[i];
		struct dec_struct ds;
		uint64_t key;

		dec_u64(d, &key);
		if ((r = dec_struct_start(d, 2, &ds)) < 0)
			return r;
		/* pool_snap_info_t v1 lacked the header; Pacific writes v2. */
		if (ds.v < 2)
			return dec_fail(d, -EOPNOTSUPP);
		dec_u64(d, &s->snapid);
		utime_decode(d, &s->stamp);
		r = osdmap_str_decode(d, &s->name);
		p->nsnaps = i + 1;
		if (r < 0)
			return r;
		if ((r = dec_struct_end(d, &ds)) < 0)
			return r;
		if (key != s->snapid || (i && p->snaps[i - 1].snapid >= key))
			return dec_fail(d, -EPROTO);
	}
	return 0;
}

static void
pool_snaps_encode(struct buf *b, const struct pg_pool *p)
{
	enc_u32(b, p->nsnaps);
	for (uint32_t i = 0; i < p->nsnaps; i++) {
		const struct pool_snap *s = &p->snaps[i];
		struct enc_struct es;

		enc_u64(b, s->snapid);
		enc_struct_start(b, 2, 2, &es);
		enc_u64(b, s->snapid);
		utime_encode(b, &s->stamp);
		osdmap_str_encode(b, &s->name);
		enc_struct_end(b, &es);
	}
}

static int
hit_set_params_decode(struct dec *d, struct pg_pool *p)
{
	const uint8_t *start = d->p;
	struct dec_struct ds;
	int r;

	if ((r = dec_struct_start(d, 1, &ds)) < 0)
		return r;
	dec_u8(d, &p->hit_set_type);
	if ((r = dec_struct_end(d, &ds)) < 0)
		return r;
	p->hit_set_params_len = (uint32_t)(d->p - start);
	p->hit_set_params = xmalloc(p->hit_set_params_len);
	memcpy(p->hit_set_params, start, p->hit_set_params_len);
	return 0;
}

static int
pool_opts_decode(struct dec *d, struct pg_pool *p)
{
	struct dec_struct ds;
	uint32_t n, i;
	int r;

	if ((r = dec_struct_start(d, 2, &ds)) < 0)
		return r;
	p->opts_v = ds.v;
	if ((r = dec_count(d, 12, &n)) < 0)
		return r;
	p->opts = xcalloc(n ? n : 1, sizeof(*p->opts));
	for (i = 0; i < n; i++) {
		struct pool_opt *o = &p->opts[i];

		dec_s32(d, &o->key);
		if ((r = dec_s32(d, &o->type)) < 0)
			return r;
		p->nopts = i + 1;
		switch (o->type) {
		case POOL_OPT_STR:
			r = osdmap_str_decode(d, &o->s);
			break;
		case POOL_OPT_INT:
			if (ds.v >= 2) {
				r = dec_s64(d, &o->i);
			} else {
				int32_t v32 = 0;

				r = dec_s32(d, &v32);
				o->i = v32;
			}
			break;
		case POOL_OPT_DOUBLE: {
			uint64_t bits = 0;

			r = dec_u64(d, &bits);
			memcpy(&o->d, &bits, sizeof(bits));
			break;
		}
		default:
			r = dec_fail(d, -EPROTO);
		}
		if (r < 0)
			return r;
		if (i && p->opts[i - 1].key >= o->key)
			return dec_fail(d, -EPROTO);
	}
	return dec_struct_end(d, &ds);
}

static void
pool_opts_encode(struct buf *b, const struct pg_pool *p)
{
	struct enc_struct es;

	enc_struct_start(b, 2, 1, &es);
	enc_u32(b, p->nopts);
	for (uint32_t i = 0; i < p->nopts; i++) {
		const struct pool_opt *o = &p->opts[i];

		enc_s32(b, o->key);
		enc_s32(b, o->type);
		if (o->type == POOL_OPT_STR) {
			osdmap_str_encode(b, &o->s);
		} else if (o->type == POOL_OPT_INT) {
			enc_s64(b, o->i);
		} else {
			uint64_t bits;

			memcpy(&bits, &o->d, sizeof(bits));
			enc_u64(b, bits);
		}
	}
	enc_struct_end(b, &es);
}

static int
merge_meta_decode(struct dec *d, struct pg_merge_meta *m)
{
	struct dec_struct ds;
	int r;

	if ((r = dec_struct_start(d, 1, &ds)) < 0)
		return r;
	pg_decode(d, &m->source_pgid);
	dec_u32(d, &m->ready_epoch);
	dec_u32(d, &m->last_epoch_started);
	dec_u32(d, &m->last_epoch_clean);
	eversion_decode(d, &m->source_version);
	eversion_decode(d, &m->target_version);
	return dec_struct_end(d, &ds);
}

static void
merge_meta_encode(struct buf *b, const struct pg_merge_meta *m)
{
	struct enc_struct es;

	enc_struct_start(b, 1, 1, &es);
	pg_encode(b, &m->source_pgid);
	enc_u32(b, m->ready_epoch);
	enc_u32(b, m->last_epoch_started);
	enc_u32(b, m->last_epoch_clean);
	eversion_encode(b, &m->source_version);
	eversion_encode(b, &m->target_version);
	enc_struct_end(b, &es);
}

static int
pool_tiers_decode(struct dec *d, struct pg_pool *p)
{
	uint32_t n, i;
	int r;

	if ((r = dec_count(d, 8, &n)) < 0)
		return r;
	p->tiers = xcalloc(n ? n : 1, sizeof(*p->tiers));
	for (i = 0; i < n; i++) {
		if ((r = dec_u64(d, &p->tiers[i])) < 0)
			return r;
		p->ntiers = i + 1;
		if (i && p->tiers[i - 1] >= p->tiers[i])
			return dec_fail(d, -EPROTO);
	}
	return 0;
}

uint32_t
pg_pool_calc_mask(uint32_t n)
{
	uint32_t v = n ? n - 1 : 0;
	int bits = 0;

	while (v) {
		bits++;
		v >>= 1;
	}
	return (uint32_t)((1ull << bits) - 1);
}

void
pg_pool_calc_masks(struct pg_pool *p)
{
	p->pg_num_mask = pg_pool_calc_mask(p->pg_num);
	p->pgp_num_mask = pg_pool_calc_mask(p->pgp_num);
}

static int
pool_body_decode(struct dec *d, struct pg_pool *p, uint8_t v)
{
	uint32_t u32;
	int r;

	dec_u8(d, &p->type);
	dec_u8(d, &p->size);
	dec_u8(d, &p->crush_rule);
	dec_u8(d, &p->object_hash);
	dec_u32(d, &p->pg_num);
	dec_u32(d, &p->pgp_num);
	dec_u32(d, &u32);               /* lpg_num, obsolete */
	dec_u32(d, &u32);               /* lpgp_num, obsolete */
	dec_u32(d, &p->last_change);
	dec_u64(d, &p->snap_seq);
	if ((r = dec_u32(d, &p->snap_epoch)) < 0)
		return r;
	if ((r = pool_snaps_decode(d, p)) < 0)
		return r;
	if ((r = osdmap_iset_decode(d, &p->removed_snaps)) < 0)
		return r;
	dec_u64(d, &p->auid);
	dec_u64(d, &p->flags);
	dec_u32(d, &u32);               /* crash_replay_interval, obsolete */
	/* Pre-mimic pools with snaps but neither snap-mode flag (pg_pool_t::decode). */
	if (p->snap_seq > 0 &&
	    !(p->flags & (PG_POOL_FLAG_SELFMANAGED_SNAPS | PG_POOL_FLAG_POOL_SNAPS)))
		p->flags |= p->removed_snaps.n ? PG_POOL_FLAG_SELFMANAGED_SNAPS
					       : PG_POOL_FLAG_POOL_SNAPS;
	dec_u8(d, &p->min_size);
	dec_u64(d, &p->quota_max_bytes);
	if ((r = dec_u64(d, &p->quota_max_objects)) < 0)
		return r;
	if ((r = pool_tiers_decode(d, p)) < 0)
		return r;
	dec_s64(d, &p->tier_of);
	dec_u8(d, &p->cache_mode);
	dec_s64(d, &p->read_tier);
	if ((r = dec_s64(d, &p->write_tier)) < 0)
		return r;
	if ((r = osdmap_smap_decode(d, &p->properties)) < 0)
		return r;
	if ((r = hit_set_params_decode(d, p)) < 0)
		return r;
	dec_u32(d, &p->hit_set_period);
	dec_u32(d, &p->hit_set_count);
	dec_u32(d, &p->stripe_width);
	dec_u64(d, &p->target_max_bytes);
	dec_u64(d, &p->target_max_objects);
	dec_u32(d, &p->cache_target_dirty_ratio_micro);
	dec_u32(d, &p->cache_target_full_ratio_micro);
	dec_u32(d, &p->cache_min_flush_age);
	dec_u32(d, &p->cache_min_evict_age);
	if ((r = osdmap_str_decode(d, &p->erasure_code_profile)) < 0)
		return r;

	/* Defaults for fields newer than the encoder (pg_pool_t::decode). */
	p->min_read_recency_for_promote = 1;
	p->min_write_recency_for_promote = 1;
	p->hit_set_search_last_n = 1;
	if (v >= 15)
		dec_u32(d, &p->last_force_op_resend_preluminous);
	if (v >= 16)
		dec_s32(d, &p->min_read_recency_for_promote);
	if (v >= 17)
		dec_u64(d, &p->expected_num_objects);
	if (v >= 19)
		dec_u32(d, &p->cache_target_dirty_high_ratio_micro);
	else
		p->cache_target_dirty_high_ratio_micro = p->cache_target_dirty_ratio_micro;
	if (v >= 20)
		dec_s32(d, &p->min_write_recency_for_promote);
	if (v >= 21)
		dec_u8(d, &p->use_gmt_hitset);
	if (v >= 22)
		dec_u8(d, &p->fast_read);
	if (v >= 23) {
		dec_u32(d, &p->hit_set_grade_decay_rate);
		dec_u32(d, &p->hit_set_search_last_n);
	}
	if (d->err)
		return d->err;
	p->opts_v = 2;
	if (v >= 24 && (r = pool_opts_decode(d, p)) < 0)
		return r;
	if (v >= 25)
		dec_u32(d, &p->last_force_op_resend_prenautilus);
	else
		p->last_force_op_resend_prenautilus = p->last_force_op_resend_preluminous;
	if (v >= 26 && (r = osdmap_smap2_decode(d, &p->application_metadata)) < 0)
		return r;
	if (v >= 27)
		utime_decode(d, &p->create_time);
	if (v >= 28) {
		uint32_t old_les = 0, old_lec = 0;

		dec_u32(d, &p->pg_num_target);
		dec_u32(d, &p->pgp_num_target);
		dec_u32(d, &p->pg_num_pending);
		dec_u32(d, &old_les);
		dec_u32(d, &old_lec);
		dec_u32(d, &p->last_force_op_resend);
		dec_u8(d, &p->pg_autoscale_mode);
		if (v >= 29) {
			if ((r = merge_meta_decode(d, &p->last_pg_merge_meta)) < 0)
				return r;
		} else {
			p->last_pg_merge_meta.last_epoch_started = old_les;
			p->last_pg_merge_meta.last_epoch_clean = old_lec;
		}
	} else {
		p->pg_num_target = p->pg_num;
		p->pgp_num_target = p->pgp_num;
		p->pg_num_pending = p->pg_num;
		p->last_force_op_resend = p->last_force_op_resend_prenautilus;
		p->pg_autoscale_mode = 1;       /* warn */
	}
	if (v >= 30) {
		dec_u32(d, &p->peering_crush_bucket_count);
		dec_u32(d, &p->peering_crush_bucket_target);
		dec_u32(d, &p->peering_crush_bucket_barrier);
		dec_s32(d, &p->peering_crush_mandatory_member);
	}
	return d->err;
}

int
pg_pool_decode(struct dec *d, struct pg_pool *p)
{
	struct dec_struct ds;
	int r;

	memset(p, 0, sizeof(*p));
	/* Legacy encodings (struct_v < 5) had no compat/length header at all. */
	if (dec_remaining(d) && d->p[0] < PG_POOL_MIN_V && d->err == 0)
		return dec_fail(d, -EOPNOTSUPP);
	if ((r = dec_struct_start(d, PG_POOL_MAX_V, &ds)) < 0)
		return r;
	r = pool_body_decode(d, p, ds.v);
	if (r == 0)
		r = dec_struct_end(d, &ds);
	if (r < 0) {
		pg_pool_free(p);
		return r;
	}
	pg_pool_calc_masks(p);
	return 0;
}

void
pg_pool_encode(struct buf *b, const struct pg_pool *p)
{
	uint8_t v = p->peering_crush_bucket_count ? 30 : 29;
	struct enc_struct es;

	enc_struct_start(b, v, 5, &es);
	enc_u8(b, p->type);
	enc_u8(b, p->size);
	enc_u8(b, p->crush_rule);
	enc_u8(b, p->object_hash);
	enc_u32(b, p->pg_num);
	enc_u32(b, p->pgp_num);
	enc_u32(b, 0);
	enc_u32(b, 0);
	enc_u32(b, p->last_change);
	enc_u64(b, p->snap_seq);
	enc_u32(b, p->snap_epoch);
	pool_snaps_encode(b, p);
	osdmap_iset_encode(b, &p->removed_snaps);
	enc_u64(b, p->auid);
	enc_u64(b, p->flags);
	enc_u32(b, 0);
	enc_u8(b, p->min_size);
	enc_u64(b, p->quota_max_bytes);
	enc_u64(b, p->quota_max_objects);
	enc_u32(b, p->ntiers);
	for (uint32_t i = 0; i < p->ntiers; i++)
		enc_u64(b, p->tiers[i]);
	enc_s64(b, p->tier_of);
	enc_u8(b, p->cache_mode);
	enc_s64(b, p->read_tier);
	enc_s64(b, p->write_tier);
	osdmap_smap_encode(b, &p->properties);
	if (p->hit_set_params_len) {
		enc_raw(b, p->hit_set_params, p->hit_set_params_len);
	} else {
		struct enc_struct hs;

		enc_struct_start(b, 1, 1, &hs);
		enc_u8(b, 0);
		enc_struct_end(b, &hs);
	}
	enc_u32(b, p->hit_set_period);
	enc_u32(b, p->hit_set_count);
	enc_u32(b, p->stripe_width);
	enc_u64(b, p->target_max_bytes);
	enc_u64(b, p->target_max_objects);
	enc_u32(b, p->cache_target_dirty_ratio_micro);
	enc_u32(b, p->cache_target_full_ratio_micro);
	enc_u32(b, p->cache_min_flush_age);
	enc_u32(b, p->cache_min_evict_age);
	osdmap_str_encode(b, &p->erasure_code_profile);
	enc_u32(b, p->last_force_op_resend_preluminous);
	enc_s32(b, p->min_read_recency_for_promote);
	enc_u64(b, p->expected_num_objects);
	enc_u32(b, p->cache_target_dirty_high_ratio_micro);
	enc_s32(b, p->min_write_recency_for_promote);
	enc_u8(b, p->use_gmt_hitset);
	enc_u8(b, p->fast_read);
	enc_u32(b, p->hit_set_grade_decay_rate);
	enc_u32(b, p->hit_set_search_last_n);
	pool_opts_encode(b, p);
	enc_u32(b, p->last_force_op_resend_prenautilus);
	osdmap_smap2_encode(b, &p->application_metadata);
	utime_encode(b, &p->create_time);
	enc_u32(b, p->pg_num_target);
	enc_u32(b, p->pgp_num_target);
	enc_u32(b, p->pg_num_pending);
	enc_u32(b, 0);          /* pg_num_dec_last_epoch_started, dead since 14.1 */
	enc_u32(b, 0);          /* pg_num_dec_last_epoch_clean, dead since 14.1 */
	enc_u32(b, p->last_force_op_resend);
	enc_u8(b, p->pg_autoscale_mode);
	merge_meta_encode(b, &p->last_pg_merge_meta);
	if (v >= 30) {
		enc_u32(b, p->peering_crush_bucket_count);
		enc_u32(b, p->peering_crush_bucket_target);
		enc_u32(b, p->peering_crush_bucket_barrier);
		enc_s32(b, p->peering_crush_mandatory_member);
	}
	enc_struct_end(b, &es);
}

void
pg_pool_copy(struct pg_pool *dst, const struct pg_pool *src)
{
	*dst = *src;
	dst->snaps = xcalloc(src->nsnaps ? src->nsnaps : 1, sizeof(*dst->snaps));
	for (uint32_t i = 0; i < src->nsnaps; i++) {
		dst->snaps[i] = src->snaps[i];
		osdmap_str_copy(&dst->snaps[i].name, &src->snaps[i].name);
	}
	osdmap_iset_copy(&dst->removed_snaps, &src->removed_snaps);
	dst->tiers = xcalloc(src->ntiers ? src->ntiers : 1, sizeof(*dst->tiers));
	if (src->ntiers)
		memcpy(dst->tiers, src->tiers, src->ntiers * sizeof(*dst->tiers));
	osdmap_smap_copy(&dst->properties, &src->properties);
	dst->hit_set_params = NULL;
	if (src->hit_set_params_len) {
		dst->hit_set_params = xmalloc(src->hit_set_params_len);
		memcpy(dst->hit_set_params, src->hit_set_params, src->hit_set_params_len);
	}
	osdmap_str_copy(&dst->erasure_code_profile, &src->erasure_code_profile);
	dst->opts = xcalloc(src->nopts ? src->nopts : 1, sizeof(*dst->opts));
	for (uint32_t i = 0; i < src->nopts; i++) {
		dst->opts[i] = src->opts[i];
		osdmap_str_copy(&dst->opts[i].s, &src->opts[i].s);
	}
	osdmap_smap2_copy(&dst->application_metadata, &src->application_metadata);
}

void
pg_pool_free(struct pg_pool *p)
{
	for (uint32_t i = 0; i < p->nsnaps; i++)
		osdmap_str_free(&p->snaps[i].name);
	free(p->snaps);
	osdmap_iset_free(&p->removed_snaps);
	free(p->tiers);
	osdmap_smap_free(&p->properties);
	free(p->hit_set_params);
	osdmap_str_free(&p->erasure_code_profile);
	for (uint32_t i = 0; i < p->nopts; i++)
		osdmap_str_free(&p->opts[i].s);
	free(p->opts);
	osdmap_smap2_free(&p->application_metadata);
	memset(p, 0, sizeof(*p));
}

uint32_t
pg_pool_hash_key(const struct pg_pool *p, const char *key, size_t keylen,
		 const char *ns, size_t nslen)
{
	char stackbuf[256];
	size_t len = nslen + 1 + keylen;
	char *tmp = stackbuf;
	uint32_t h;

	if (nslen == 0)
		return ceph_str_hash(p->object_hash, key, keylen);
	/* namespace, 0x1f, key (pg_pool_t::hash_key) */
	if (len > sizeof(stackbuf))
		tmp = xmalloc(len);
	memcpy(tmp, ns, nslen);
	tmp[nslen] = 0x1f;
	if (keylen)
		memcpy(tmp + nslen + 1, key, keylen);
	h = ceph_str_hash(p->object_hash, tmp, len);
	if (tmp != stackbuf)
		free(tmp);
	return h;
}

uint32_t
pg_pool_raw_pg_to_pps(const struct pg_pool *p, int64_t pool, uint32_t ps)
{
	uint32_t folded = ceph_stable_mod(ps, p->pgp_num, p->pgp_num_mask);

	/* HASHPSPOOL mixes the pool id in so pools do not share seeds. */
	if (p->flags & PG_POOL_FLAG_HASHPSPOOL)
		return crush_hash32_2(CRUSH_HASH_RJENKINS1, folded, (uint32_t)pool);
	return folded + (uint32_t)pool;
}
