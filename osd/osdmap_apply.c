/*
 * osdmap_apply.c — apply an OSDMap::Incremental to a map (see osdmap_inc.h).
 *
 * The order mirrors src/osd/OSDMap.cc: OSDMap::apply_incremental, which
 * decides state bits (e.g. a weight sets EXISTS before the state XOR) and
 * therefore the crc of the resulting map. Every OSD id the incremental names
 * is range-checked against max_osd first: Ceph asserts, we refuse. The work
 * is done on a copy, so a refused incremental leaves the map untouched.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/mem.h"
#include "osd/crush.h"
#include "osd/osdmap_inc.h"

/* ---- apply ---- */

static const struct entity_addrvec *
inc_addrs_find(const struct osdmap_inc_addrs *m, int32_t osd)
{
	for (uint32_t i = 0; i < m->n; i++)
		if (m->e[i].osd == osd)
			return &m->e[i].addrs;
	return NULL;
}

static int
osd_ok(const struct osdmap *m, int32_t osd)
{
	return osd >= 0 && osd < m->max_osd;
}

/* Every OSD id the incremental touches must exist in the resized map. */
static int
check_osd_ids(const struct osdmap *m, const struct osdmap_inc *inc)
{
	const struct osdmap_iu32 *iu[] = {
		&inc->new_state, &inc->new_weight, &inc->new_primary_affinity,
		&inc->new_up_thru, &inc->new_lost,
	};
	const struct osdmap_inc_addrs *ad[] = {
		&inc->new_up_client, &inc->new_hb_back_up, &inc->new_up_cluster,
		&inc->new_hb_front_up,
	};

	for (size_t k = 0; k < sizeof(iu) / sizeof(iu[0]); k++)
		for (uint32_t i = 0; i < iu[k]->n; i++)
			if (!osd_ok(m, iu[k]->e[i].k))
				return -EPROTO;
	for (size_t k = 0; k < sizeof(ad) / sizeof(ad[0]); k++)
		for (uint32_t i = 0; i < ad[k]->n; i++)
			if (!osd_ok(m, ad[k]->e[i].osd))
				return -EPROTO;
	for (uint32_t i = 0; i < inc->nnew_last_clean_interval; i++)
		if (!osd_ok(m, inc->new_last_clean_interval[i].osd))
			return -EPROTO;
	for (uint32_t i = 0; i < inc->nnew_uuid; i++)
		if (!osd_ok(m, inc->new_uuid[i].osd))
			return -EPROTO;
	for (uint32_t i = 0; i < inc->nnew_xinfo; i++)
		if (!osd_ok(m, inc->new_xinfo[i].osd))
			return -EPROTO;
	return 0;
}

static void
set_addrs(struct osdmap *m, enum osdmap_addr_kind kind, int32_t osd,
	  const struct entity_addrvec *v)
{
	free(m->addrs[kind][osd]);
	m->addrs[kind][osd] = NULL;
	if (v && v->n) {
		m->addrs[kind][osd] = xmalloc(sizeof(*v));
		*m->addrs[kind][osd] = *v;
	}
}

static void
pool_set(struct osdmap *m, int64_t id, const struct pg_pool *src, uint32_t epoch)
{
	uint32_t i;

	for (i = 0; i < m->npools && m->pools[i].id < id; i++)
		;
	if (i < m->npools && m->pools[i].id == id) {
		pg_pool_free(&m->pools[i].pool);
	} else {
		m->pools = xreallocarray(m->pools, (size_t)m->npools + 1, sizeof(*m->pools));
		memmove(&m->pools[i + 1], &m->pools[i], (m->npools - i) * sizeof(*m->pools));
		m->npools++;
		m->pools[i].id = id;
	}
	pg_pool_copy(&m->pools[i].pool, src);
	m->pools[i].pool.last_change = epoch;
}

static void
pool_erase(struct osdmap *m, int64_t id)
{
	for (uint32_t i = 0; i < m->npools; i++) {
		if (m->pools[i].id != id)
			continue;
		pg_pool_free(&m->pools[i].pool);
		memmove(&m->pools[i], &m->pools[i + 1], (m->npools - i - 1) * sizeof(*m->pools));
		m->npools--;
		break;
	}
	for (uint32_t i = 0; i < m->npool_names; i++) {
		if (m->pool_names[i].id != id)
			continue;
		osdmap_str_free(&m->pool_names[i].name);
		memmove(&m->pool_names[i], &m->pool_names[i + 1],
			(m->npool_names - i - 1) * sizeof(*m->pool_names));
		m->npool_names--;
		break;
	}
}

static void
pool_name_set(struct osdmap *m, int64_t id, const struct osdmap_str *name)
{
	uint32_t i;

	for (i = 0; i < m->npool_names && m->pool_names[i].id < id; i++)
		;
	if (i < m->npool_names && m->pool_names[i].id == id) {
		osdmap_str_free(&m->pool_names[i].name);
	} else {
		m->pool_names = xreallocarray(m->pool_names, (size_t)m->npool_names + 1,
					      sizeof(*m->pool_names));
		memmove(&m->pool_names[i + 1], &m->pool_names[i],
			(m->npool_names - i) * sizeof(*m->pool_names));
		m->npool_names++;
		m->pool_names[i].id = id;
	}
	osdmap_str_copy(&m->pool_names[i].name, name);
}

/* Does the CRUSH map still define device class id? */
static int
crush_has_class(const struct crush_map *c, int32_t id)
{
	for (uint32_t i = 0; c && i < c->nclass_names; i++)
		if (c->class_names[i].id == id)
			return 1;
	return 0;
}

/* The body of OSDMap::apply_incremental for a non-full incremental. */
static int
apply_body(struct osdmap *m, const struct osdmap_inc *inc)
{
	uint32_t epoch = m->epoch;
	int r;

	if (inc->new_flags >= 0) {
		m->flags = (uint32_t)inc->new_flags;
		/* Upgrade path of pre-luminous monitors (legacy REQUIRE_* flags). */
		if (m->flags & OSDMAP_FLAG_REQUIRE_KRAKEN) {
			if (m->require_osd_release < CEPH_RELEASE_KRAKEN)
				m->require_osd_release = CEPH_RELEASE_KRAKEN;
		} else if (m->flags & OSDMAP_FLAG_REQUIRE_JEWEL) {
			if (m->require_osd_release < CEPH_RELEASE_JEWEL)
				m->require_osd_release = CEPH_RELEASE_JEWEL;
		}
	}
	if (inc->new_max_osd >= 0) {
		if (inc->new_max_osd > OSDMAP_MAX_OSD)
			return -EPROTO;
		osdmap_set_max_osd(m, inc->new_max_osd);
	}
	if ((r = check_osd_ids(m, inc)) < 0)
		return r;
	if (inc->new_pool_max != -1)
		m->pool_max = (int32_t)inc->new_pool_max;

	for (uint32_t i = 0; i < inc->nnew_pools; i++)
		pool_set(m, inc->new_pools[i].id, &inc->new_pools[i].pool, epoch);

	/* This epoch's snap deltas replace the previous ones; the queue accumulates. */
	osdmap_pool_isets_free(&m->new_removed_snaps);
	osdmap_pool_isets_free(&m->new_purged_snaps);
	osdmap_pool_isets_copy(&m->new_removed_snaps, &inc->new_removed_snaps);
	osdmap_pool_isets_copy(&m->new_purged_snaps, &inc->new_purged_snaps);
	for (uint32_t i = 0; i < inc->new_removed_snaps.n; i++) {
		const struct osdmap_pool_iset *e = &inc->new_removed_snaps.e[i];

		osdmap_iset_union(osdmap_pool_isets_get(&m->removed_snaps_queue, e->pool, 1),
				  &e->set);
	}
	for (uint32_t i = 0; i < inc->new_purged_snaps.n; i++) {
		const struct osdmap_pool_iset *e = &inc->new_purged_snaps.e[i];
		struct osdmap_iset *q = osdmap_pool_isets_get(&m->removed_snaps_queue,
							      e->pool, 0);

		if (q == NULL)
			return -EPROTO;         /* Ceph asserts the queue entry exists */
		osdmap_iset_subtract(q, &e->set);
		if (q->n == 0)
			osdmap_pool_isets_erase(&m->removed_snaps_queue, e->pool);
	}

	if (inc->new_last_up_change.sec || inc->new_last_up_change.nsec)
		m->last_up_change = inc->new_last_up_change;
	if (inc->new_last_in_change.sec || inc->new_last_in_change.nsec)
		m->last_in_change = inc->new_last_in_change;

	for (uint32_t i = 0; i < inc->nnew_pool_names; i++)
		pool_name_set(m, inc->new_pool_names[i].id, &inc->new_pool_names[i].name);
	for (uint32_t i = 0; i < inc->nold_pools; i++)
		pool_erase(m, inc->old_pools[i]);

	for (uint32_t i = 0; i < inc->new_weight.n; i++) {
		int32_t o = inc->new_weight.e[i].k;
		uint32_t w = inc->new_weight.e[i].v;

		m->osd_weight[o] = w;
		/* A non-zero weight implies the OSD exists; marking in clears AUTOOUT/NEW. */
		if (w) {
			m->osd_state[o] |= OSD_STATE_EXISTS;
			m->osd_state[o] &= ~(OSD_STATE_AUTOOUT | OSD_STATE_NEW);
			m->osd_xinfo[o].old_weight = 0;
		}
	}
	for (uint32_t i = 0; i < inc->new_primary_affinity.n; i++)
		osdmap_set_primary_affinity(m, inc->new_primary_affinity.e[i].k,
					    inc->new_primary_affinity.e[i].v);

	for (uint32_t i = 0; i < inc->nold_erasure_code_profiles; i++)
		osdmap_smap2_erase(&m->erasure_code_profiles, &inc->old_erasure_code_profiles[i]);
	for (uint32_t i = 0; i < inc->new_erasure_code_profiles.n; i++)
		osdmap_smap2_set(&m->erasure_code_profiles,
				 &inc->new_erasure_code_profiles.e[i].k,
				 &inc->new_erasure_code_profiles.e[i].v);

	for (uint32_t i = 0; i < inc->new_state.n; i++) {
		int32_t o = inc->new_state.e[i].k;
		uint32_t s = inc->new_state.e[i].v ? inc->new_state.e[i].v : OSD_STATE_UP;

		if ((m->osd_state[o] & OSD_STATE_UP) && (s & OSD_STATE_UP)) {
			m->osd_info[o].down_at = epoch;
			m->osd_xinfo[o].down_stamp = m->modified;
		}
		if ((m->osd_state[o] & OSD_STATE_EXISTS) && (s & OSD_STATE_EXISTS)) {
			/* The OSD is destroyed: forget everything about it. */
			memset(&m->osd_uuid[o], 0, sizeof(m->osd_uuid[o]));
			memset(&m->osd_info[o], 0, sizeof(m->osd_info[o]));
			memset(&m->osd_xinfo[o], 0, sizeof(m->osd_xinfo[o]));
			osdmap_set_primary_affinity(m, o, OSD_DEFAULT_PRIMARY_AFFINITY);
			for (int k = 0; k < OSDMAP_ADDR_KINDS; k++)
				set_addrs(m, k, o, NULL);
			m->osd_state[o] = 0;
		} else {
			m->osd_state[o] ^= s;
		}
	}

	for (uint32_t i = 0; i < inc->new_up_client.n; i++) {
		int32_t o = inc->new_up_client.e[i].osd;

		m->osd_state[o] |= OSD_STATE_EXISTS | OSD_STATE_UP;
		m->osd_state[o] &= ~OSD_STATE_STOP;
		set_addrs(m, OSDMAP_ADDR_CLIENT, o, &inc->new_up_client.e[i].addrs);
		set_addrs(m, OSDMAP_ADDR_HB_BACK, o, inc_addrs_find(&inc->new_hb_back_up, o));
		set_addrs(m, OSDMAP_ADDR_HB_FRONT, o, inc_addrs_find(&inc->new_hb_front_up, o));
		m->osd_info[o].up_from = epoch;
	}
	for (uint32_t i = 0; i < inc->new_up_cluster.n; i++)
		set_addrs(m, OSDMAP_ADDR_CLUSTER, inc->new_up_cluster.e[i].osd,
			  &inc->new_up_cluster.e[i].addrs);

	for (uint32_t i = 0; i < inc->new_up_thru.n; i++)
		m->osd_info[inc->new_up_thru.e[i].k].up_thru = inc->new_up_thru.e[i].v;
	for (uint32_t i = 0; i < inc->nnew_last_clean_interval; i++) {
		const struct osdmap_inc_interval *iv = &inc->new_last_clean_interval[i];

		m->osd_info[iv->osd].last_clean_begin = iv->begin;
		m->osd_info[iv->osd].last_clean_end = iv->end;
	}
	for (uint32_t i = 0; i < inc->new_lost.n; i++)
		m->osd_info[inc->new_lost.e[i].k].lost_at = inc->new_lost.e[i].v;
	for (uint32_t i = 0; i < inc->nnew_xinfo; i++)
		m->osd_xinfo[inc->new_xinfo[i].osd] = inc->new_xinfo[i].xinfo;
	for (uint32_t i = 0; i < inc->nnew_uuid; i++)
		m->osd_uuid[inc->new_uuid[i].osd] = inc->new_uuid[i].uuid;

	for (uint32_t i = 0; i < inc->new_pg_temp.n; i++) {
		const struct osdmap_pgvec_ent *e = &inc->new_pg_temp.e[i];

		if (e->n == 0)
			osdmap_pgvec_erase(&m->pg_temp, &e->pgid);
		else
			osdmap_pgvec_set(&m->pg_temp, &e->pgid, e->v, e->n);
	}
	for (uint32_t i = 0; i < inc->new_primary_temp.n; i++) {
		const struct osdmap_pgint_ent *e = &inc->new_primary_temp.e[i];

		if (e->v == -1)
			osdmap_pgint_erase(&m->primary_temp, &e->pgid);
		else
			osdmap_pgint_set(&m->primary_temp, &e->pgid, e->v);
	}
	for (uint32_t i = 0; i < inc->new_pg_upmap.n; i++)
		osdmap_pgvec_set(&m->pg_upmap, &inc->new_pg_upmap.e[i].pgid,
				 inc->new_pg_upmap.e[i].v, inc->new_pg_upmap.e[i].n);
	for (uint32_t i = 0; i < inc->old_pg_upmap.n; i++)
		osdmap_pgvec_erase(&m->pg_upmap, &inc->old_pg_upmap.v[i]);
	for (uint32_t i = 0; i < inc->new_pg_upmap_items.n; i++)
		osdmap_pgvec_set(&m->pg_upmap_items, &inc->new_pg_upmap_items.e[i].pgid,
				 inc->new_pg_upmap_items.e[i].v, inc->new_pg_upmap_items.e[i].n);
	for (uint32_t i = 0; i < inc->old_pg_upmap_items.n; i++)
		osdmap_pgvec_erase(&m->pg_upmap_items, &inc->old_pg_upmap_items.v[i]);

	for (uint32_t i = 0; i < inc->new_blocklist.n; i++)
		osdmap_blocklist_set(&m->blocklist, &inc->new_blocklist.e[i].addr,
				     &inc->new_blocklist.e[i].until);
	for (uint32_t i = 0; i < inc->nold_blocklist; i++)
		osdmap_blocklist_erase(&m->blocklist, &inc->old_blocklist[i]);

	for (uint32_t i = 0; i < inc->new_crush_node_flags.n; i++) {
		const struct osdmap_iu32_ent *e = &inc->new_crush_node_flags.e[i];

		if (e->v)
			osdmap_iu32_set(&m->crush_node_flags, e->k, e->v);
		else
			osdmap_iu32_erase(&m->crush_node_flags, e->k);
	}
	for (uint32_t i = 0; i < inc->new_device_class_flags.n; i++) {
		const struct osdmap_iu32_ent *e = &inc->new_device_class_flags.e[i];

		if (e->v)
			osdmap_iu32_set(&m->device_class_flags, e->k, e->v);
		else
			osdmap_iu32_erase(&m->device_class_flags, e->k);
	}

	/* A cluster snapshot name lives for exactly one epoch. */
	osdmap_str_free(&m->cluster_snapshot);
	if (inc->cluster_snapshot.len) {
		osdmap_str_copy(&m->cluster_snapshot, &inc->cluster_snapshot);
		m->cluster_snapshot_epoch = inc->epoch;
	} else {
		m->cluster_snapshot_epoch = 0;
	}

	if (inc->new_nearfull_ratio >= 0)
		m->nearfull_ratio = inc->new_nearfull_ratio;
	if (inc->new_backfillfull_ratio >= 0)
		m->backfillfull_ratio = inc->new_backfillfull_ratio;
	if (inc->new_full_ratio >= 0)
		m->full_ratio = inc->new_full_ratio;
	/* ceph_release_t values with the top bit set mean "unset" (0xff = no change). */
	if (inc->new_require_min_compat_client < 0x80 &&
	    inc->new_require_min_compat_client > CEPH_RELEASE_UNKNOWN)
		m->require_min_compat_client = inc->new_require_min_compat_client;
	if (inc->new_require_osd_release < 0x80) {
		m->require_osd_release = inc->new_require_osd_release;
		if (m->require_osd_release >= CEPH_RELEASE_LUMINOUS) {
			m->flags &= ~OSDMAP_LEGACY_REQUIRE_FLAGS;
			m->flags |= OSDMAP_FLAG_RECOVERY_DELETES;
		}
		if (m->require_osd_release >= CEPH_RELEASE_NAUTILUS)
			m->flags |= OSDMAP_FLAG_PGLOG_HARDLIMIT;
	}

	/* The new CRUSH map goes last, after the up/down changes. */
	if (inc->crush_len) {
		struct crush_map *c = NULL;
		struct dec cd;

		dec_init(&cd, inc->crush, inc->crush_len);
		if ((r = crush_decode(&cd, &c)) < 0) {
			log_error(LOG_OSD, "osdmap inc e%u: bad crush map (%d)", inc->epoch, r);
			return -EPROTO;
		}
		if (m->crush)
			crush_free(m->crush);
		m->crush = c;
		free(m->crush_raw);
		m->crush_raw = xmalloc(inc->crush_len);
		memcpy(m->crush_raw, inc->crush, inc->crush_len);
		m->crush_len = inc->crush_len;
		/* Only luminous-encoded maps count CRUSH versions. */
		if (m->require_osd_release >= CEPH_RELEASE_LUMINOUS &&
		    m->require_osd_release < 0x80)
			m->crush_version++;
		for (uint32_t i = 0; i < m->device_class_flags.n;) {
			if (!crush_has_class(c, m->device_class_flags.e[i].k))
				osdmap_iu32_erase(&m->device_class_flags,
						  m->device_class_flags.e[i].k);
			else
				i++;
		}
	}

	if (inc->change_stretch_mode) {
		m->stretch_mode_enabled = inc->stretch_mode_enabled;
		m->stretch_bucket_count = inc->new_stretch_bucket_count;
		m->degraded_stretch_mode = inc->new_degraded_stretch_mode;
		m->recovering_stretch_mode = inc->new_recovering_stretch_mode;
		m->stretch_mode_bucket = inc->new_stretch_mode_bucket;
	}
	return 0;
}

int
osdmap_apply_inc(struct osdmap *map, const struct osdmap_inc *inc)
{
	struct osdmap next;
	int r;

	if (inc->epoch != 1 && memcmp(&inc->fsid, &map->fsid, sizeof(inc->fsid)) != 0) {
		log_error(LOG_OSD, "osdmap inc e%u: fsid mismatch", inc->epoch);
		return -EINVAL;
	}
	if (inc->epoch != map->epoch + 1) {
		log_error(LOG_OSD, "osdmap inc e%u cannot apply to e%u", inc->epoch, map->epoch);
		return -EINVAL;
	}

	if (inc->fullmap_len) {
		r = osdmap_decode_bytes(inc->fullmap, inc->fullmap_len, &next);
		if (r < 0) {
			log_error(LOG_OSD, "osdmap inc e%u: bad embedded full map (%d)",
				  inc->epoch, r);
			return r == -EBADMSG ? -EPROTO : r;
		}
		if (next.epoch != inc->epoch) {
			log_error(LOG_OSD, "osdmap inc e%u: embedded full map is e%u",
				  inc->epoch, next.epoch);
			osdmap_free(&next);
			return -EPROTO;
		}
	} else {
		if ((r = osdmap_clone(&next, map)) < 0)
			return r;
		if (inc->epoch == 1)
			next.fsid = inc->fsid;
		next.epoch++;
		next.modified = inc->modified;
		if ((r = apply_body(&next, inc)) < 0) {
			log_error(LOG_OSD, "osdmap inc e%u: cannot apply (%d)", inc->epoch, r);
			osdmap_free(&next);
			return r;
		}
		next.crc = osdmap_calc_crc(&next);
	}
	if (inc->have_crc && next.crc != inc->full_crc) {
		log_error(LOG_OSD, "osdmap inc e%u: re-encoded crc 0x%08x != full_crc 0x%08x",
			  inc->epoch, next.crc, inc->full_crc);
		osdmap_free(&next);
		return OSDMAP_EBADCRC;
	}
	osdmap_move(map, &next);
	return 0;
}
