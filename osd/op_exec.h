/*
 * op_exec.h — execute the ops of one MOSDOp against one object
 * (docs/ceph-wire/03-osd-ops.md §3.4, §4.3; the op switch of
 * src/osd/PrimaryLogPG.cc: do_osd_ops).
 *
 * All ops of a request become one store transaction applied all-or-nothing;
 * reads read the store as it was before the request (a read after a write
 * in the same request does not see that write; no stock client sends such
 * a mix). Outputs of the ops are appended in op order to the reply's data
 * list, as shared references to the store's extents (no copy).
 *
 * The caller (pg.c) supplies the PG's versions and records the outcome
 * (versions, dup-log entry). Errors follow classic: a read-only request
 * on a missing object fails with ENOENT before any op runs; the first
 * failing op without FAILOK stops the request.
 */
#ifndef OSDFARM_OSD_OP_EXEC_H
#define OSDFARM_OSD_OP_EXEC_H

#include <stdint.h>

#include "common/buf.h"
#include "common/types.h"
#include "os/store.h"
#include "os/txn.h"
#include "osd/mosdop.h"

/* osd_max_object_size, osd_max_attr_name_len, osd_max_omap_entries_per_request */
#define OP_MAX_OBJECT_SIZE (128ULL << 20)
#define OP_MAX_ATTR_NAME_LEN 100
#define OP_MAX_OMAP_ENTRIES 1024

struct op_exec {
	/* ---- in ---- */
	struct store *st;
	struct txn *txn;                /* empty on entry; reset by the caller */
	const struct spg *cid;
	const struct hobject *oid;
	struct mosdop *req;             /* its ops get rval, outdata_len, reply union */
	struct buf *indata;             /* the request's data segment */
	struct buf *out;                /* reply data; outputs are appended */
	struct eversion at_version;     /* version a write gets (epoch, last_update + 1) */
	struct eversion pg_last_update;
	uint64_t pg_last_user_version;
	uint64_t max_object_size;       /* 0: OP_MAX_OBJECT_SIZE */

	/* ---- out ---- */
	int result;                     /* the request's result */
	int may_write;                  /* the request holds a write op */
	int pre_exec;                   /* result found before any op ran */
	int modified;                   /* a successful write that changed the object */
	int logged;                     /* write request: consumes at_version in the PG log */
	uint64_t user_version;          /* for the reply (and the PG, when modified) */
	struct eversion replay_version;
	struct eversion bad_replay_version;
	uint16_t data_off;              /* header data_off: first read's offset */

	/* ---- private ---- */
	int exists;                     /* running: object exists after the ops so far */
	uint64_t size;                  /* running size */
	struct store_objstat ost;       /* the object before the request */
	int existed;
};

/*
 * Run every op, apply the transaction (writes), and fill the out fields.
 * Never fails itself: errors end up in x->result.
 */
void op_exec_run(struct op_exec *x);

/*
 * The reply for an executed request (pg: the PG that ran it, epoch: the
 * OSD's). Errors found before execution get every rval 0, versions 0 and
 * only the ack bits the request had (§4.3); otherwise ACK|ONDISK.
 */
void op_exec_reply(struct op_exec *x, const struct pg *pg, uint32_t epoch,
		   struct mosdop_reply *r);

#endif
