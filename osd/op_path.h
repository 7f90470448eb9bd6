/*
 * op_path.h — the client I/O path: from a received MOSDOp to the
 * MOSDOpReply on the same connection (docs/ceph-wire/03-osd-ops.md §5).
 *
 * In order: decode; an op from a newer map epoch waits (and maps are
 * asked for); the PG is found from the op (raw PGs of old encodings are
 * folded); lagging clients are sent our map; misdirected ops, ops for PGs
 * we are not primary for and ops for PGs whose acting set holds other OSDs
 * (this OSD does not replicate) are dropped as classic drops them — the
 * client resends when the map changes; then request checks (PARALLELEXEC,
 * object classes, names, blocklist, snapshots, write size), dup detection
 * for writes, execution (op_exec.h, pgls.h) and the reply. Everything is
 * synchronous on the loop thread, so per-PG and per-object order is arrival
 * order; waiting ops of a PG hold back the later ones of that PG, and a
 * client's ops waiting for a map hold back that client's later ops.
 *
 * Every client op is tracked (osd/op_tracker.h) from dispatch to its reply
 * or drop: the waits, when it runs, and why it was dropped.
 *
 * Backpressure: the messenger's per-connection and per-messenger
 * throttles charge each received message until it is freed (after the
 * reply); op_path_client_policy() carries classic's client budgets.
 */
#ifndef OSDFARM_OSD_OP_PATH_H
#define OSDFARM_OSD_OP_PATH_H

#include <stdint.h>

#include "common/perf.h"
#include "common/types.h"
#include "msg/msgr.h"
#include "os/store.h"
#include "osd/osdmap.h"

struct conn;
struct event_base;
struct msg;
struct op_path;
struct op_tracker;
struct op_tracker_conf;

/* osd_client_message_size_cap, osd_client_message_cap */
#define OP_CLIENT_MSG_BYTES (500ULL << 20)
#define OP_CLIENT_MSG_COUNT 256
/* osd_max_write_size (MiB) */
#define OP_MAX_WRITE_SIZE (90ULL << 20)

struct op_path_env {
	int32_t whoami;
	struct store *st;
	void *arg;
	/* The current map (epoch 0 = none yet). */
	const struct osdmap *(*get_map)(void *arg);
	/* Ask the monitor for maps up to at least epoch (may be NULL). */
	void (*want_map)(void *arg, uint32_t epoch);
	/*
	 * Send c the maps after epoch `since` (MOSDMap). NULL: op_path sends
	 * the current full map itself.
	 */
	void (*share_map)(void *arg, struct conn *c, uint32_t since);
	/*
	 * Where the "osd" perf collection (op counters, classic's names) is
	 * created; it then belongs to the registry. NULL: a private one.
	 */
	struct perf_registry *perf;
	/* The op tracker's settings (NULL: defaults) and where its slow-op
	 * check runs every second (NULL: no timer). */
	const struct op_tracker_conf *track;
	struct event_base *base;
};

/* The "osd" collection's counters (src/osd/osd_perf_counters.h order). */
enum {
	L_OSD_OP_WIP,
	L_OSD_OP,
	L_OSD_OP_INB,
	L_OSD_OP_OUTB,
	L_OSD_OP_LAT,
	L_OSD_OP_PROCESS_LAT,
	L_OSD_OP_R,
	L_OSD_OP_R_OUTB,
	L_OSD_OP_R_LAT,
	L_OSD_OP_W,
	L_OSD_OP_W_INB,
	L_OSD_OP_W_LAT,
	L_OSD_OP_RW,
	L_OSD_OP_RW_INB,
	L_OSD_OP_RW_OUTB,
	L_OSD_OP_RW_LAT,
	L_OSD_LAST
};

struct op_path *op_path_new(const struct op_path_env *env);
/* Frees PGs and waiting ops; the store stays the caller's. */
void op_path_free(struct op_path *p);

/* Policy for client connections on the public messenger (stateless server + throttles). */
struct msgr_policy op_path_client_policy(void);

/* A message from a client connection; ownership passes (non-MOSDOp is dropped). */
void op_path_dispatch(struct op_path *p, struct conn *c, struct msg *m);
/* A new map was applied: PG roles are updated and waiting ops retried. */
void op_path_new_map(struct op_path *p, const struct osdmap *map);
/* MOSDPGCreate2: create the PG locally (its collection). 0 or -errno. */
int op_path_pg_create(struct op_path *p, const struct spg *pgid, uint32_t created_epoch);
/* A client connection went away: forget its session. */
void op_path_conn_reset(struct op_path *p, struct conn *c);

/* For tests and stats. */
struct osd_pg;
/* The op tracker (the admin socket's op dumps; never NULL). */
struct op_tracker *op_path_tracker(const struct op_path *p);
/* The "osd" perf collection (never NULL). */
struct perf_coll *op_path_perf(const struct op_path *p);
struct osd_pg *op_path_pg(struct op_path *p, const struct spg *pgid);
uint32_t op_path_waiting(const struct op_path *p);
/* PGs held here (the admin socket's status num_pgs). */
uint32_t op_path_num_pgs(const struct op_path *p);
/* Visit every PG held here (the mgr client's PG statistics); fn may not add or remove PGs. */
void op_path_for_each_pg(struct op_path *p, void (*fn)(void *arg, struct osd_pg *pg), void *arg);

#endif
