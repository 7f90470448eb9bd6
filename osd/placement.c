/*
 * placement.c — object → PG → raw/up/acting OSD lists (see placement.h).
 *
 * Each step is a function named after the OSDMap.cc method it follows.
 * All lists live in the caller's struct pg_mapping: nothing is allocated.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "osd/crush.h"
#include "osd/crush_hash.h"
#include "osd/placement.h"

int
osdmap_object_to_pg(const struct osdmap *m, int64_t pool,
		    const char *name, size_t namelen,
		    const char *nspace, size_t nslen,
		    const char *key, size_t keylen,
		    int64_t locator_hash, struct pg *raw_pg)
{
	const struct pg_pool *p = osdmap_get_pool(m, pool);

	if (p == NULL)
		return -ENOENT;
	raw_pg->pool = (uint64_t)pool;
	if (locator_hash >= 0)
		raw_pg->seed = (uint32_t)locator_hash;
	else if (keylen)
		raw_pg->seed = pg_pool_hash_key(p, key, keylen, nspace, nslen);
	else
		raw_pg->seed = pg_pool_hash_key(p, name, namelen, nspace, nslen);
	return 0;
}

int
osdmap_object_to_pg_str(const struct osdmap *m, int64_t pool, const char *name,
			const char *nspace, const char *key, struct pg *raw_pg)
{
	return osdmap_object_to_pg(m, pool, name, strlen(name),
				   nspace, nspace ? strlen(nspace) : 0,
				   key, key ? strlen(key) : 0, -1, raw_pg);
}

int
osdmap_raw_pg_to_pg(const struct osdmap *m, const struct pg *raw_pg, struct pg *pg)
{
	const struct pg_pool *p = osdmap_get_pool(m, (int64_t)raw_pg->pool);

	if (p == NULL)
		return -ENOENT;
	pg->pool = raw_pg->pool;
	pg->seed = pg_pool_raw_hash_to_pg(p, raw_pg->seed);
	return 0;
}

/* _remove_nonexistent_osds */
static void
remove_nonexistent(const struct osdmap *m, const struct pg_pool *p, int *osds, int *n)
{
	int out = 0;

	for (int i = 0; i < *n; i++) {
		if (osdmap_exists(m, osds[i]))
			osds[out++] = osds[i];
		else if (!pg_pool_can_shift_osds(p))
			osds[out++] = CRUSH_ITEM_NONE;
	}
	*n = out;
}

/* _pg_to_raw_osds */
static void
pg_to_raw(const struct osdmap *m, const struct pg_pool *p, const struct pg *pg,
	  struct pg_mapping *o)
{
	int rule;

	o->pps = pg_pool_raw_pg_to_pps(p, (int64_t)pg->pool, pg->seed);
	o->nraw = 0;
	rule = osdmap_find_rule(m, p);
	if (rule >= 0 && m->crush) {
		int n = crush_do_rule(m->crush, rule, o->pps, o->raw, p->size,
				      m->osd_weight, m->max_osd, (int64_t)pg->pool);

		o->nraw = n > 0 ? n : 0;
	}
	remove_nonexistent(m, p, o->raw, &o->nraw);
}

/* Is osd usable as an upmap target (not marked out)? */
static int
upmap_target_out(const struct osdmap *m, int osd)
{
	return osd != CRUSH_ITEM_NONE && osd >= 0 && osd < m->max_osd &&
	       m->osd_weight[osd] == 0;
}

/* _apply_upmap: explicit mappings and per-OSD replacements, keyed by the folded PG. */
static void
apply_upmap(const struct osdmap *m, const struct pg *pgid, int *raw, int *n)
{
	const struct osdmap_pgvec_ent *e = osdmap_pgvec_find(&m->pg_upmap, pgid);

	if (e) {
		/* One marked-out target voids all explicit mappings for this PG. */
		for (uint32_t i = 0; i < e->n; i++)
			if (upmap_target_out(m, e->v[i]))
				return;
		*n = e->n < PLACEMENT_MAX_OSDS ? (int)e->n : PLACEMENT_MAX_OSDS;
		memcpy(raw, e->v, (size_t)*n * sizeof(int));
	}
	e = osdmap_pgvec_find(&m->pg_upmap_items, pgid);
	if (e == NULL)
		return;
	for (uint32_t j = 0; j + 1 < e->n; j += 2) {
		int from = e->v[j], to = e->v[j + 1], pos = -1, present = 0;

		/* Replace the first "from" unless "to" is already there (no swaps). */
		for (int i = 0; i < *n; i++) {
			if (raw[i] == to) {
				present = 1;
				break;
			}
			if (raw[i] == from && pos < 0 && !upmap_target_out(m, to))
				pos = i;
		}
		if (!present && pos >= 0)
			raw[pos] = to;
	}
}

/* _raw_to_up_osds */
static void
raw_to_up(const struct osdmap *m, const struct pg_pool *p, const int *raw, int n,
	  int *up, int *nup)
{
	int out = 0;

	for (int i = 0; i < n; i++) {
		if (osdmap_is_up(m, raw[i]))
			up[out++] = raw[i];
		else if (!pg_pool_can_shift_osds(p))
			up[out++] = CRUSH_ITEM_NONE;
	}
	*nup = out;
}

/* _pick_primary: the first real OSD. */
static int
pick_primary(const int *osds, int n)
{
	for (int i = 0; i < n; i++)
		if (osds[i] != CRUSH_ITEM_NONE)
			return osds[i];
	return -1;
}

/* _apply_primary_affinity */
static void
apply_primary_affinity(const struct osdmap *m, const struct pg_pool *p, uint32_t seed,
		       int *osds, int n, int *primary)
{
	int any = 0, pos = -1;

	if (m->osd_primary_affinity == NULL)
		return;
	for (int i = 0; i < n; i++) {
		if (osds[i] != CRUSH_ITEM_NONE &&
		    m->osd_primary_affinity[osds[i]] != OSD_DEFAULT_PRIMARY_AFFINITY) {
			any = 1;
			break;
		}
	}
	if (!any)
		return;
	/*
	 * Hash (pg seed, osd) so that an OSD declines a proportional share of its
	 * PGs; remember the first decliner in case nobody accepts.
	 */
	for (int i = 0; i < n; i++) {
		int o = osds[i];
		uint32_t a;

		if (o == CRUSH_ITEM_NONE)
			continue;
		a = m->osd_primary_affinity[o];
		if (a < OSD_MAX_PRIMARY_AFFINITY &&
		    (crush_hash32_2(CRUSH_HASH_RJENKINS1, seed, (uint32_t)o) >> 16) >= a) {
			if (pos < 0)
				pos = i;
		} else {
			pos = i;
			break;
		}
	}
	if (pos < 0)
		return;
	*primary = osds[pos];
	if (pg_pool_can_shift_osds(p) && pos > 0) {
		for (int i = pos; i > 0; i--)
			osds[i] = osds[i - 1];
		osds[0] = *primary;
	}
}

/* _get_temp_osds */
static void
get_temp(const struct osdmap *m, const struct pg_pool *p, const struct pg *pgid,
	 int *temp, int *ntemp, int *temp_primary)
{
	const struct osdmap_pgvec_ent *e = osdmap_pgvec_find(&m->pg_temp, pgid);
	const struct osdmap_pgint_ent *pt;
	int n = 0;

	if (e) {
		for (uint32_t i = 0; i < e->n && n < PLACEMENT_MAX_OSDS; i++) {
			if (osdmap_is_up(m, e->v[i]))
				temp[n++] = e->v[i];
			else if (!pg_pool_can_shift_osds(p))
				temp[n++] = CRUSH_ITEM_NONE;
		}
	}
	*ntemp = n;
	*temp_primary = -1;
	pt = osdmap_pgint_find(&m->primary_temp, pgid);
	if (pt)
		*temp_primary = pt->v;
	else if (n)
		*temp_primary = pick_primary(temp, n);
}

int
osdmap_pg_mapping(const struct osdmap *m, const struct pg *pg, struct pg_mapping *o)
{
	const struct pg_pool *p = osdmap_get_pool(m, (int64_t)pg->pool);
	struct pg folded;
	int upraw[PLACEMENT_MAX_OSDS], nupraw;

	o->pps = 0;
	o->nraw = o->nup = o->nacting = 0;
	o->up_primary = o->acting_primary = -1;
	if (p == NULL)
		return -ENOENT;
	folded.pool = pg->pool;
	folded.seed = pg_pool_raw_hash_to_pg(p, pg->seed);

	get_temp(m, p, &folded, o->acting, &o->nacting, &o->acting_primary);
	pg_to_raw(m, p, pg, o);
	nupraw = o->nraw;
	memcpy(upraw, o->raw, (size_t)nupraw * sizeof(int));
	apply_upmap(m, &folded, upraw, &nupraw);
	raw_to_up(m, p, upraw, nupraw, o->up, &o->nup);
	o->up_primary = pick_primary(o->up, o->nup);
	apply_primary_affinity(m, p, o->pps, o->up, o->nup, &o->up_primary);
	if (o->nacting == 0) {
		memcpy(o->acting, o->up, (size_t)o->nup * sizeof(int));
		o->nacting = o->nup;
		if (o->acting_primary == -1)
			o->acting_primary = o->up_primary;
	}
	return 0;
}

int
osdmap_pg_to_up_acting(const struct osdmap *m, const struct pg *pg,
		       int *up, int *nup, int *up_primary,
		       int *acting, int *nacting, int *acting_primary)
{
	struct pg_mapping map;
	int r = osdmap_pg_mapping(m, pg, &map);

	if (up)
		memcpy(up, map.up, (size_t)map.nup * sizeof(int));
	if (nup)
		*nup = map.nup;
	if (up_primary)
		*up_primary = map.up_primary;
	if (acting)
		memcpy(acting, map.acting, (size_t)map.nacting * sizeof(int));
	if (nacting)
		*nacting = map.nacting;
	if (acting_primary)
		*acting_primary = map.acting_primary;
	return r;
}

int
osdmap_primary_of(const struct osdmap *m, const struct pg *pg)
{
	struct pg_mapping map;

	if (osdmap_pg_mapping(m, pg, &map) < 0)
		return -1;
	return map.acting_primary;
}
