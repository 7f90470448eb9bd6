/*
 * heartbeat_peers.c — which OSDs we heartbeat, chosen from the OSDMap the
 * way src/osd/OSD.cc maybe_update_heartbeat_peers does (with
 * OSDMap::get_next_up_osd_after / get_previous_up_osd_before /
 * get_random_up_osds_by_subtree):
 *
 *   1. every up OSD that shares a PG (up or acting set) with us;
 *   2. "want": the next and previous up OSD by id, plus one up OSD from
 *      each other subtree of type mon_osd_reporter_subtree_level, in random
 *      order, until max(min_down_reporters, min_peers) were taken;
 *   3. the current peers that are still up stay, as "extras" (with the
 *      want set);
 *   4. too few: walk the up OSDs from the next one on until min_peers;
 *   5. too many: drop extras that are not wanted, lowest id first, until
 *      min_peers.
 *
 * Classic takes PG peers from the PGs it holds; we compute them from the
 * map (the PGs mapped to us), which is the same set once PGs exist. The
 * subtree walk skips per-class shadow buckets ("host~hdd"), which classic's
 * find_roots would also visit, picking the same OSDs twice.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "osd/crush.h"
#include "osd/heartbeat.h"
#include "osd/placement.h"

/* CRUSH_ITEM_NONE: a hole in an erasure-coded mapping. */
#define HB_ITEM_NONE 0x7fffffff
/* Deepest CRUSH tree we descend (real maps have < 12 levels). */
#define HB_CRUSH_DEPTH 32

/* Per-OSD flags while choosing. */
#define F_SET   0x01            /* chosen */
#define F_PG    0x02            /* shares a PG */
#define F_WANT  0x04            /* next / previous / subtree pick */
#define F_EXTRA 0x08            /* removable when there are too many */

int32_t
hb_next_up_osd(const struct osdmap *m, int32_t osd)
{
	int32_t i, n = m->max_osd;

	/* Bounded: classic loops forever when osd >= max_osd. */
	for (i = 1; i <= n; i++) {
		int32_t c = (int32_t)(((int64_t)osd + i) % n);

		if (c < 0)
			c += n;
		if (c == osd)
			break;
		if (osdmap_is_up(m, c))
			return c;
	}
	return -1;
}

int32_t
hb_prev_up_osd(const struct osdmap *m, int32_t osd)
{
	int32_t i, n = m->max_osd;

	for (i = 1; i <= n; i++) {
		int32_t c = (int32_t)((((int64_t)osd - i) % n + n) % n);

		if (c == osd)
			break;
		if (osdmap_is_up(m, c))
			return c;
	}
	return -1;
}

static void
add_pg_peers(const struct osdmap *m, int32_t whoami, uint8_t *fl)
{
	int up[PLACEMENT_MAX_OSDS], acting[PLACEMENT_MAX_OSDS];
	int nup, nacting, i, mine;
	uint32_t p, ps;

	for (p = 0; p < m->npools; p++) {
		const struct pg_pool *pool = &m->pools[p].pool;

		for (ps = 0; ps < pool->pg_num; ps++) {
			struct pg pg = { (uint64_t)m->pools[p].id, ps };

			if (osdmap_pg_to_up_acting(m, &pg, up, &nup, NULL, acting, &nacting,
						   NULL) < 0)
				continue;
			mine = 0;
			for (i = 0; i < nup && !mine; i++)
				mine = up[i] == whoami;
			for (i = 0; i < nacting && !mine; i++)
				mine = acting[i] == whoami;
			if (!mine)
				continue;
			for (i = 0; i < nup + nacting; i++) {
				int o = i < nup ? up[i] : acting[i - nup];

				if (o != HB_ITEM_NONE && o != whoami && osdmap_is_up(m, o))
					fl[o] |= F_SET | F_PG;
			}
		}
	}
}

/* ---- subtrees ---- */

static int
crush_type_id(const struct crush_map *c, const char *name)
{
	uint32_t i;

	for (i = 0; i < c->ntype_names; i++)
		if (c->type_names[i].name && strcmp(c->type_names[i].name, name) == 0)
			return c->type_names[i].id;
	return -1;
}

/* Append the devices under item (depth-first) to v. */
static void
collect_devices(const struct crush_map *c, int32_t item, int depth, int32_t **v,
		uint32_t *n, uint32_t *cap)
{
	const struct crush_bucket *b;
	uint32_t i;

	if (item >= 0) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*v = xrealloc(*v, *cap * sizeof(**v));
		}
		(*v)[(*n)++] = item;
		return;
	}
	if (depth >= HB_CRUSH_DEPTH || !(b = crush_get_bucket(c, item)))
		return;
	for (i = 0; i < b->size; i++)
		collect_devices(c, b->items[i], depth + 1, v, n, cap);
}

static uint32_t
xorshift(uint32_t *s)
{
	uint32_t x = *s ? *s : 0x9e3779b9u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

static void
add_subtree_picks(const struct osdmap *m, int32_t whoami, const char *level, uint32_t limit,
		  uint32_t seed, uint8_t *fl)
{
	const struct crush_map *c = m->crush;
	int32_t *trees = NULL, *devs = NULL, *ups = NULL;
	uint32_t ntrees = 0, ndevs, devcap = 0, nups, i, j, t;
	int type;
	int contains;

	if (!c || limit == 0 || !level || (type = crush_type_id(c, level)) < 1)
		return;
	trees = xcalloc((size_t)c->max_buckets + 1, sizeof(*trees));
	for (i = 0; i < (uint32_t)c->max_buckets; i++) {
		const struct crush_bucket *b = c->buckets[i];

		if (b && b->type == type && !crush_bucket_is_shadow(c, b->id))
			trees[ntrees++] = b->id;
	}
	/* Fisher-Yates, like the std::shuffle of classic. */
	for (i = ntrees; i > 1; i--) {
		j = xorshift(&seed) % i;
		t = (uint32_t)trees[i - 1];
		trees[i - 1] = trees[j];
		trees[j] = (int32_t)t;
	}
	for (i = 0; i < ntrees && limit > 0; i++) {
		ndevs = 0;
		collect_devices(c, trees[i], 0, &devs, &ndevs, &devcap);
		contains = 0;
		for (j = 0; j < ndevs; j++)
			contains |= devs[j] == whoami;
		if (contains || ndevs == 0)
			continue;
		ups = xrealloc(ups, ndevs * sizeof(*ups));
		nups = 0;
		for (j = 0; j < ndevs; j++)
			if (osdmap_is_up(m, devs[j]) && !(fl[devs[j]] & F_WANT))
				ups[nups++] = devs[j];
		if (nups == 0)
			continue;
		/* classic takes the (whoami mod count)th: stable per OSD */
		fl[ups[(uint32_t)whoami % nups]] |= F_SET | F_WANT;
		limit--;
	}
	free(trees);
	free(devs);
	free(ups);
}

int
hb_choose_peers(const struct osdmap *m, int32_t whoami, uint32_t min_peers,
		uint32_t min_down_reporters, const char *subtree_level,
		const int32_t *cur, uint32_t ncur, uint32_t seed, int32_t **out)
{
	uint8_t *fl;
	int32_t next, prev, n, i;
	uint32_t count = 0, k;

	*out = NULL;
	if (m->max_osd <= 0 || m->max_osd > OSDMAP_MAX_OSD)
		return m->max_osd == 0 ? 0 : -EINVAL;
	fl = xcalloc((size_t)m->max_osd, 1);

	add_pg_peers(m, whoami, fl);

	next = hb_next_up_osd(m, whoami);
	prev = hb_prev_up_osd(m, whoami);
	if (next >= 0 && next != whoami)
		fl[next] |= F_SET | F_WANT | F_EXTRA;
	if (prev >= 0 && prev != whoami)
		fl[prev] |= F_SET | F_WANT | F_EXTRA;
	add_subtree_picks(m, whoami, subtree_level,
			  min_down_reporters > min_peers ? min_down_reporters : min_peers, seed, fl);

	/* current peers still up stay; the ones not chosen again are extras */
	for (k = 0; k < ncur; k++) {
		int32_t o = cur[k];

		if (o < 0 || o >= m->max_osd || o == whoami || !osdmap_is_up(m, o))
			continue;
		if (!(fl[o] & (F_PG | F_WANT)))
			fl[o] |= F_EXTRA;
		fl[o] |= F_SET;
	}
	for (i = 0; i < m->max_osd; i++) {
		if (fl[i] & F_WANT)
			fl[i] |= F_EXTRA;
		if (fl[i] & F_SET)
			count++;
	}

	/* too few: walk the ring of up OSDs */
	for (n = next; n >= 0 && count < min_peers;) {
		if (n != whoami && !(fl[n] & F_SET)) {
			fl[n] |= F_SET | F_EXTRA;
			count++;
		}
		n = hb_next_up_osd(m, n);
		if (n == next)
			break;
	}

	/* too many: drop unwanted extras, lowest id first */
	for (i = 0; i < m->max_osd && count > min_peers; i++) {
		if ((fl[i] & (F_SET | F_EXTRA)) == (F_SET | F_EXTRA) && !(fl[i] & F_WANT)) {
			fl[i] &= (uint8_t)~F_SET;
			count--;
		}
	}

	if (count) {
		*out = xmalloc(count * sizeof(**out));
		k = 0;
		for (i = 0; i < m->max_osd; i++)
			if (fl[i] & F_SET)
				(*out)[k++] = i;
	}
	free(fl);
	return (int)count;
}
