/*
 * pg.h — placement group instances on this OSD: the table of PGs, each
 * PG's versions (last_update, last_user_version), its log of recent
 * request ids for duplicate detection, and its queue of ops waiting (for
 * a newer map) in arrival order.
 *
 * A PG exists here while this OSD is, or was, its acting primary; its
 * store collection (cid = pgid) holds its objects. A PG that stops being
 * ours is kept (not serving) so its objects and versions survive a map
 * flap; it is removed with its objects only when its pool is deleted.
 *
 * Dup detection (src/osd/PGLog.h: the log plus osd_pg_log_dups_tracked):
 * every write request, successful or not, records (reqid, version,
 * user_version, result); a resend with the same reqid gets that answer
 * without running again. The log keeps the last PG_DUPS_MAX entries.
 */
#ifndef OSDFARM_OSD_PG_H
#define OSDFARM_OSD_PG_H

#include <stdint.h>

#include "common/types.h"
#include "os/store.h"

struct msg;

/* osd_pg_log_dups_tracked (3000) */
#define PG_DUPS_MAX 3000
#define PG_DUP_BUCKETS 4096      /* load under 0.75 at PG_DUPS_MAX */

struct pg_dup {
	struct osd_reqid reqid;
	struct eversion version;
	uint64_t user_version;
	int32_t result;
	uint32_t hnext;                 /* index of the next entry in the bucket */
};

enum pg_state {
	PG_STATE_ACTIVE,                /* primary, sole member of the acting set */
	PG_STATE_NOT_SOLE,              /* primary but the acting set has others: no replication here */
	PG_STATE_STRAY,                 /* no longer primary */
};

struct osd_pg {
	struct osd_pg *hnext;
	struct spg pgid;
	enum pg_state state;
	uint32_t role_epoch;            /* map epoch state was computed for */
	int nacting;
	uint32_t created_epoch;
	struct eversion last_update;
	uint64_t last_user_version;
	/* dup log: a ring of up to PG_DUPS_MAX entries with hash chains */
	struct pg_dup *dups;
	uint32_t ndups, cap, head;      /* head: next slot to overwrite once full */
	uint32_t *buckets;              /* PG_DUP_BUCKETS heads, UINT32_MAX = empty */
	/* ops waiting (m->next chain), in arrival order */
	struct msg *wait_head, *wait_tail;
	uint32_t nwaiting;
	int warned;                     /* NOT_SOLE drop logged */
};

struct pg_table {
	struct osd_pg **buckets;
	uint32_t nbuckets;
	uint32_t count;
};

void pg_table_init(struct pg_table *t);
/* Frees every PG (waiting messages are freed). */
void pg_table_free(struct pg_table *t);
struct osd_pg *pg_lookup(const struct pg_table *t, const struct spg *pgid);
/*
 * The PG, created (with its store collection when missing) if needed.
 * -errno from the store when the collection cannot be created.
 */
int pg_get_or_create(struct pg_table *t, struct store *st, const struct spg *pgid,
		     uint32_t epoch, struct osd_pg **out);
/* Remove the PG, its objects and its collection. */
void pg_remove(struct pg_table *t, struct store *st, struct osd_pg *pg);
/* Visit every PG (fn may not add or remove PGs). */
void pg_for_each(struct pg_table *t, void (*fn)(void *arg, struct osd_pg *pg), void *arg);

/* The recorded outcome of reqid, or NULL. */
const struct pg_dup *pg_dup_find(const struct osd_pg *pg, const struct osd_reqid *reqid);
void pg_dup_add(struct osd_pg *pg, const struct osd_reqid *reqid, struct eversion v,
		uint64_t uv, int32_t result);

/* Waiting queue (m->next). */
void pg_wait_push(struct osd_pg *pg, struct msg *m);
/* Take the whole queue (the PG's becomes empty); returns its head. */
struct msg *pg_wait_take(struct osd_pg *pg);

#endif
