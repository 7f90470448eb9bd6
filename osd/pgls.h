/*
 * pgls.h — PG operations: PGNLS, the listing behind `rados ls` and
 * librados' object iterator (docs/ceph-wire/03-osd-ops.md §3.5;
 * src/osd/PrimaryLogPG.cc do_pg_op, src/osd/osd_types.cc pg_t::get_hobj_end).
 */
#ifndef OSDFARM_OSD_PGLS_H
#define OSDFARM_OSD_PGLS_H

#include <stdint.h>

#include "common/buf.h"
#include "common/types.h"
#include "os/store.h"
#include "osd/mosdop.h"

/* osd_max_pgls */
#define PGLS_MAX 1024

/* pg_t::get_split_bits: how many low hash bits name this PG among pg_num. */
unsigned pgls_split_bits(uint32_t seed, uint32_t pg_num);
/* First position of the PG ({hash = seed, snap 0, pool}). */
void pgls_pg_start(const struct pg *pgid, struct hobject *h);
/* First position after the PG, or MAX for the last one in hash order. */
void pgls_pg_end(const struct pg *pgid, uint32_t pg_num, struct hobject *h);

/*
 * Run the PG ops of req (every op must be a PG op) against collection cid
 * of PG pgid (whose pool has pg_num PGs); outputs are appended to out in op
 * order. Returns the request's result: 1 when the PG is exhausted, 0 when
 * more remains, or a negative errno (EINVAL bad cursor/snapid,
 * EOPNOTSUPP for PG ops other than PGNLS).
 */
int pgls_run(struct store *st, const struct spg *cid, const struct pg *pgid,
	     uint32_t pg_num, struct mosdop *req, struct buf *indata, struct buf *out);

#endif
