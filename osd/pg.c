/*
 * pg.c — the PG table, per-PG dup log and waiting queue (pg.h).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/mem.h"
#include "msg/message.h"
#include "os/hobject_order.h"
#include "os/txn.h"
#include "osd/pg.h"

#define PG_TABLE_MIN 64
#define NO_IDX UINT32_MAX

static uint32_t
spg_hash(const struct spg *s)
{
	uint64_t h = s->pgid.pool * 0x9e3779b97f4a7c15ULL ^ s->pgid.seed ^
		     ((uint64_t)(uint8_t)s->shard << 40);

	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	return (uint32_t)(h ^ (h >> 32));
}

static int
spg_eq(const struct spg *a, const struct spg *b)
{
	return a->pgid.pool == b->pgid.pool && a->pgid.seed == b->pgid.seed &&
	       a->shard == b->shard;
}

void
pg_table_init(struct pg_table *t)
{
	t->nbuckets = PG_TABLE_MIN;
	t->buckets = xcalloc(t->nbuckets, sizeof(*t->buckets));
	t->count = 0;
}

static void
pg_free(struct osd_pg *pg)
{
	struct msg *m = pg_wait_take(pg);

	while (m) {
		struct msg *next = m->next;

		m->next = NULL;
		msg_free(m);
		m = next;
	}
	free(pg->dups);
	free(pg->buckets);
	free(pg);
}

void
pg_table_free(struct pg_table *t)
{
	for (uint32_t i = 0; i < t->nbuckets; i++) {
		struct osd_pg *pg = t->buckets[i];

		while (pg) {
			struct osd_pg *next = pg->hnext;

			pg_free(pg);
			pg = next;
		}
	}
	free(t->buckets);
	memset(t, 0, sizeof(*t));
}

struct osd_pg *
pg_lookup(const struct pg_table *t, const struct spg *pgid)
{
	struct osd_pg *pg;

	if (t->nbuckets == 0)
		return NULL;
	for (pg = t->buckets[spg_hash(pgid) & (t->nbuckets - 1)]; pg; pg = pg->hnext)
		if (spg_eq(&pg->pgid, pgid))
			return pg;
	return NULL;
}

static void
table_grow(struct pg_table *t)
{
	uint32_t n = t->nbuckets * 2;
	struct osd_pg **b = xcalloc(n, sizeof(*b));

	for (uint32_t i = 0; i < t->nbuckets; i++) {
		struct osd_pg *pg = t->buckets[i];

		while (pg) {
			struct osd_pg *next = pg->hnext;
			uint32_t h = spg_hash(&pg->pgid) & (n - 1);

			pg->hnext = b[h];
			b[h] = pg;
			pg = next;
		}
	}
	free(t->buckets);
	t->buckets = b;
	t->nbuckets = n;
}

int
pg_get_or_create(struct pg_table *t, struct store *st, const struct spg *pgid,
		 uint32_t epoch, struct osd_pg **out)
{
	struct osd_pg *pg = pg_lookup(t, pgid);
	uint32_t h;

	if (pg) {
		*out = pg;
		return 0;
	}
	if (!store_collection_exists(st, pgid)) {
		struct txn txn;
		int r;

		txn_init(&txn);
		txn_create_collection(&txn, pgid);
		r = store_apply(st, &txn, NULL, NULL);
		txn_free(&txn);
		if (r < 0)
			return r;
	}
	if (t->count >= t->nbuckets)
		table_grow(t);
	pg = xcalloc(1, sizeof(*pg));
	pg->pgid = *pgid;
	pg->created_epoch = epoch;
	pg->state = PG_STATE_STRAY;
	h = spg_hash(pgid) & (t->nbuckets - 1);
	pg->hnext = t->buckets[h];
	t->buckets[h] = pg;
	t->count++;
	*out = pg;
	return 0;
}

/* Empty the collection (in batches) and remove it. */
static void
remove_collection(struct store *st, const struct spg *cid)
{
	enum { BATCH = 256 };
	struct hobject *objs = xcalloc(BATCH, sizeof(*objs));
	struct txn txn;

	txn_init(&txn);
	for (;;) {
		struct hobject start, next;
		uint32_t n = 0;

		hobject_set_min(&start);
		if (store_collection_list(st, cid, &start, NULL, NULL, 0, objs, BATCH, &n,
					  &next) < 0 || n == 0)
			break;
		txn_reset(&txn);
		for (uint32_t i = 0; i < n; i++)
			txn_remove(&txn, cid, &objs[i]);
		if (store_apply(st, &txn, NULL, NULL) < 0)
			break;
	}
	txn_reset(&txn);
	txn_remove_collection(&txn, cid);
	if (store_apply(st, &txn, NULL, NULL) < 0)
		log_error(LOG_OSD, "could not remove a PG collection");
	txn_free(&txn);
	free(objs);
}

void
pg_remove(struct pg_table *t, struct store *st, struct osd_pg *pg)
{
	struct osd_pg **pp = &t->buckets[spg_hash(&pg->pgid) & (t->nbuckets - 1)];

	while (*pp && *pp != pg)
		pp = &(*pp)->hnext;
	if (*pp == NULL)
		return;
	*pp = pg->hnext;
	t->count--;
	if (store_collection_exists(st, &pg->pgid))
		remove_collection(st, &pg->pgid);
	pg_free(pg);
}

void
pg_for_each(struct pg_table *t, void (*fn)(void *arg, struct osd_pg *pg), void *arg)
{
	for (uint32_t i = 0; i < t->nbuckets; i++)
		for (struct osd_pg *pg = t->buckets[i]; pg; pg = pg->hnext)
			fn(arg, pg);
}

/* ---- dup log ---- */

static uint32_t
reqid_bucket(const struct osd_reqid *r)
{
	uint64_t h = (uint64_t)r->name.num * 0x9e3779b97f4a7c15ULL ^ r->tid ^
		     ((uint64_t)r->name.type << 56) ^ ((uint64_t)(uint32_t)r->inc << 20);

	h ^= h >> 31;
	h *= 0x94d049bb133111ebULL;
	return (uint32_t)(h >> 32) & (PG_DUP_BUCKETS - 1);
}

static int
reqid_eq(const struct osd_reqid *a, const struct osd_reqid *b)
{
	return a->tid == b->tid && a->name.num == b->name.num &&
	       a->name.type == b->name.type && a->inc == b->inc;
}

const struct pg_dup *
pg_dup_find(const struct osd_pg *pg, const struct osd_reqid *reqid)
{
	if (pg->buckets == NULL)
		return NULL;
	for (uint32_t i = pg->buckets[reqid_bucket(reqid)]; i != NO_IDX; i = pg->dups[i].hnext)
		if (reqid_eq(&pg->dups[i].reqid, reqid))
			return &pg->dups[i];
	return NULL;
}

static void
dup_unlink(struct osd_pg *pg, uint32_t idx)
{
	uint32_t *pp = &pg->buckets[reqid_bucket(&pg->dups[idx].reqid)];

	while (*pp != NO_IDX && *pp != idx)
		pp = &pg->dups[*pp].hnext;
	if (*pp == idx)
		*pp = pg->dups[idx].hnext;
}

void
pg_dup_add(struct osd_pg *pg, const struct osd_reqid *reqid, struct eversion v,
	   uint64_t uv, int32_t result)
{
	uint32_t idx, b;

	if (pg->buckets == NULL) {
		pg->buckets = xmalloc(PG_DUP_BUCKETS * sizeof(*pg->buckets));
		memset(pg->buckets, 0xff, PG_DUP_BUCKETS * sizeof(*pg->buckets));
	}
	if (pg->ndups < PG_DUPS_MAX) {
		if (pg->ndups == pg->cap) {
			pg->cap = pg->cap ? pg->cap * 2 : 64;
			if (pg->cap > PG_DUPS_MAX)
				pg->cap = PG_DUPS_MAX;
			pg->dups = xreallocarray(pg->dups, pg->cap, sizeof(*pg->dups));
		}
		idx = pg->ndups++;
	} else {
		/* full: overwrite the oldest */
		idx = pg->head;
		pg->head = (pg->head + 1) % PG_DUPS_MAX;
		dup_unlink(pg, idx);
	}
	pg->dups[idx].reqid = *reqid;
	pg->dups[idx].version = v;
	pg->dups[idx].user_version = uv;
	pg->dups[idx].result = result;
	b = reqid_bucket(reqid);
	pg->dups[idx].hnext = pg->buckets[b];
	pg->buckets[b] = idx;
}

/* ---- waiting queue ---- */

void
pg_wait_push(struct osd_pg *pg, struct msg *m)
{
	m->next = NULL;
	if (pg->wait_tail)
		pg->wait_tail->next = m;
	else
		pg->wait_head = m;
	pg->wait_tail = m;
	pg->nwaiting++;
}

struct msg *
pg_wait_take(struct osd_pg *pg)
{
	struct msg *m = pg->wait_head;

	pg->wait_head = pg->wait_tail = NULL;
	pg->nwaiting = 0;
	return m;
}
