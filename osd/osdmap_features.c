/*
 * osdmap_features.c — which CEPH_FEATURE_* bits a map demands of its peers
 * (src/osd/OSDMap.cc: OSDMap::get_features) and the CRUSH rule a pool uses.
 * The monitor turns these into the messenger's required features, so an
 * OSD advertising fewer bits is refused.
 */
#include "config.h"

#include "common/types.h"
#include "msg/features.h"
#include "osd/crush.h"
#include "osd/osdmap.h"

/* ---- features (OSDMap::get_features) ---- */

/* CEPH_FEATURES_CRUSH: every bit CRUSH usage can require. */
#define FEATURES_CRUSH (CEPH_FEATURE_CRUSH_TUNABLES | CEPH_FEATURE_CRUSH_TUNABLES2 | \
			CEPH_FEATURE_CRUSH_TUNABLES3 | CEPH_FEATURE_CRUSH_TUNABLES5 | \
			CEPH_FEATURE_CRUSH_V2 | CEPH_FEATURE_CRUSH_V4 | \
			FEATUREMASK_CRUSH_CHOOSE_ARGS)

static uint64_t
crush_features(const struct crush_map *c)
{
	uint64_t f = 0;

	if (c == NULL)
		return 0;
	/* Tunables differing from the argonaut defaults (CrushWrapper::has_nondefault_tunables*). */
	if (c->choose_local_tries != 2 || c->choose_local_fallback_tries != 5 ||
	    c->choose_total_tries != 19)
		f |= CEPH_FEATURE_CRUSH_TUNABLES;
	if (c->chooseleaf_descend_once != 0)
		f |= CEPH_FEATURE_CRUSH_TUNABLES2;
	if (c->chooseleaf_vary_r != 0)
		f |= CEPH_FEATURE_CRUSH_TUNABLES3;
	if (c->chooseleaf_stable != 0)
		f |= CEPH_FEATURE_CRUSH_TUNABLES5;
	for (int32_t i = 0; i < c->max_buckets; i++)
		if (c->buckets[i] && c->buckets[i]->alg == CRUSH_BUCKET_STRAW2)
			f |= CEPH_FEATURE_CRUSH_V4;
	/* choose_args beyond one plain "compat" weight-set need luminous clients. */
	if (c->nchoose_args > 1 ||
	    (c->nchoose_args == 1 && c->choose_args[0].id != CRUSH_DEFAULT_CHOOSE_ARGS)) {
		f |= FEATUREMASK_CRUSH_CHOOSE_ARGS;
	} else if (c->nchoose_args == 1) {
		const struct crush_choose_arg_map *am = &c->choose_args[0];

		for (uint32_t i = 0; i < am->nargs; i++) {
			const struct crush_choose_arg *a = &am->args[i];

			if (a->weight_set_positions == 0 && a->ids_size == 0)
				continue;
			if (a->weight_set_positions != 1 || a->ids_size != 0)
				f |= FEATUREMASK_CRUSH_CHOOSE_ARGS;
		}
	}
	return f;
}

int
osdmap_find_rule(const struct osdmap *m, const struct pg_pool *p)
{
	const struct crush_map *c = m->crush;

	for (uint32_t i = 0; c && i < c->max_rules; i++) {
		const struct crush_rule *r = c->rules[i];

		if (r && r->ruleset == p->crush_rule && r->type == p->type &&
		    r->min_size <= p->size && r->max_size >= p->size)
			return (int)i;
	}
	return -1;
}

static uint64_t
rule_features(const struct crush_rule *r)
{
	uint64_t f = 0;

	for (uint32_t i = 0; i < r->len; i++) {
		switch (r->steps[i].op) {
		case CRUSH_RULE_CHOOSE_INDEP:
		case CRUSH_RULE_CHOOSELEAF_INDEP:
		case CRUSH_RULE_SET_CHOOSE_TRIES:
		case CRUSH_RULE_SET_CHOOSELEAF_TRIES:
			f |= CEPH_FEATURE_CRUSH_V2;
			break;
		case CRUSH_RULE_SET_CHOOSELEAF_VARY_R:
			f |= CEPH_FEATURE_CRUSH_TUNABLES3;
			break;
		case CRUSH_RULE_SET_CHOOSELEAF_STABLE:
			f |= CEPH_FEATURE_CRUSH_TUNABLES5;
			break;
		}
	}
	return f;
}

uint64_t
osdmap_get_features(const struct osdmap *m, int entity_type, uint64_t *pmask)
{
	uint64_t f = crush_features(m->crush), mask = FEATURES_CRUSH;

	if (m->pg_upmap.n || m->pg_upmap_items.n)
		f |= FEATUREMASK_OSDMAP_PG_UPMAP;
	mask |= FEATUREMASK_OSDMAP_PG_UPMAP;

	for (uint32_t i = 0; i < m->npools; i++) {
		const struct pg_pool *p = &m->pools[i].pool;
		int rule;

		if (p->flags & PG_POOL_FLAG_HASHPSPOOL)
			f |= CEPH_FEATURE_OSDHASHPSPOOL;
		if (p->ntiers || p->tier_of >= 0)
			f |= CEPH_FEATURE_OSD_CACHEPOOL;
		rule = osdmap_find_rule(m, p);
		if (rule >= 0)
			f |= rule_features(m->crush->rules[rule]);
	}
	mask |= CEPH_FEATURE_OSDHASHPSPOOL | CEPH_FEATURE_OSD_CACHEPOOL;

	if (m->osd_primary_affinity) {
		for (int32_t i = 0; i < m->max_osd; i++) {
			if (m->osd_primary_affinity[i] != OSD_DEFAULT_PRIMARY_AFFINITY) {
				f |= CEPH_FEATURE_OSD_PRIMARY_AFFINITY;
				break;
			}
		}
	}
	mask |= CEPH_FEATURE_OSD_PRIMARY_AFFINITY;

	if (entity_type == ENTITY_TYPE_OSD) {
		uint64_t jewel = CEPH_FEATURE_SERVER_JEWEL;
		uint64_t kraken = FEATUREMASK_SERVER_KRAKEN | CEPH_FEATURE_MSG_ADDR2;

		if (m->require_osd_release >= CEPH_RELEASE_JEWEL)
			f |= jewel;
		if (m->require_osd_release >= CEPH_RELEASE_KRAKEN)
			f |= kraken;
		mask |= jewel | kraken;
	}

	if (m->require_min_compat_client >= CEPH_RELEASE_NAUTILUS ||
	    (m->require_osd_release >= CEPH_RELEASE_NAUTILUS &&
	     entity_type == ENTITY_TYPE_OSD))
		f |= FEATUREMASK_CEPHX_V2;
	mask |= FEATUREMASK_CEPHX_V2;

	if (pmask)
		*pmask = mask;
	return f;
}

uint64_t
osdmap_required_features(const struct osdmap *m)
{
	return osdmap_get_features(m, ENTITY_TYPE_OSD, NULL);
}
