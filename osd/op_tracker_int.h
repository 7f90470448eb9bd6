/*
 * op_tracker_int.h — the op tracker's insides, shared by op_tracker.c
 * (entries, in flight, history, slow checks) and op_tracker_dump.c
 * (description and JSON). Nobody else includes this: use op_tracker.h.
 */
#ifndef OSDFARM_OSD_OP_TRACKER_INT_H
#define OSDFARM_OSD_OP_TRACKER_INT_H

#include <stdint.h>

#include "common/types.h"
#include "osd/mosdop.h"
#include "osd/op_tracker.h"

#define OT_EVENTS 16            /* events kept per op (2 kept for the end) */
#define OT_OPS 4                /* ops of a request kept for the description */
#define OT_SNAPS 4              /* snap context ids kept */
#define OT_OID 72               /* bytes of the object name kept */
#define OT_KEY 32               /* ... of the locator key */
#define OT_NS 32                /* ... of the namespace */
#define OT_AUX 48               /* ... of xattr names / class.method, all ops together */
#define OT_NO_FLAG 0xff

/* One op of the request, as much as its description shows. */
struct ot_op {
	uint16_t op;
	uint32_t flags;
	uint32_t payload_len;
	uint8_t u[OSD_OP_UNION_LEN];
	/* its xattr name or class.method in aux[]: [off, off + len), the
	 * class its first split bytes; cut when aux ran out of room */
	uint8_t aux_off, aux_len, aux_split, aux_cut;
};

/* A bounded copy of a string: len bytes kept of full. */
struct ot_str {
	uint16_t len;
	uint32_t full;
};

struct tracked_op {
	struct tracked_op *prev, *next;         /* in flight (arrival order), or free list */
	uint8_t refs;                           /* in flight + history + slow */
	uint8_t in_flight, described, warned;
	uint8_t nev, flag_ev;                   /* flag_ev: last flag-point event, OT_NO_FLAG */
	uint8_t ev[OT_EVENTS];
	uint64_t ev_t[OT_EVENTS];               /* ev_t[0]: initiated */
	uint64_t done_t;                        /* 0 while in flight */

	/* who sent it */
	struct entity_name src;
	struct entity_addr addr;
	uint64_t tid;

	/* the request (MOSDOp::print) */
	struct osd_reqid reqid;
	struct spg pgid;
	uint32_t hash, epoch, flags;
	int32_t retry_attempt;
	uint64_t snapid, snap_seq;
	uint32_t nsnaps;
	uint64_t snaps[OT_SNAPS];
	uint32_t nops;                          /* in the request (ops[] keeps OT_OPS) */
	struct ot_op ops[OT_OPS];
	struct ot_str oid_l, key_l, ns_l;
	uint8_t aux_used;
	char oid[OT_OID], key[OT_KEY], ns[OT_NS], aux[OT_AUX];
};

struct event;

struct op_tracker {
	struct op_tracker_conf conf;
	uint64_t hist_dur_ns, slow_thr_ns, complaint_ns;
	/* entries: slabs, free list */
	struct tracked_op **slabs;
	uint32_t nslabs, nalloc, nfree;
	struct tracked_op *free;
	/* in flight, oldest first */
	struct tracked_op *head, *tail;
	uint32_t nflight;
	/* history: by arrival; hist_min: index of the shortest */
	struct tracked_op **hist;
	uint32_t nhist, hist_min;
	/* slow ops: by arrival, slow_size + 1 slots */
	struct tracked_op **slow;
	uint32_t nslow;
	struct event *timer;
	uint64_t warnings;
};

static inline uint64_t
ot_initiated(const struct tracked_op *op)
{
	return op->ev_t[0];
}

/* Duration in ns: to done, or to now while in flight. */
static inline uint64_t
ot_duration(const struct tracked_op *op, uint64_t now)
{
	uint64_t end = op->done_t ? op->done_t : now;

	return end > op->ev_t[0] ? end - op->ev_t[0] : 0;
}

/* The op's flag_point text (OpRequest::state_string). */
const char *ot_flag_point(const struct tracked_op *op);
/* Wall-clock text of a monotonic stamp: "2026-11-25T06:58:16.609029+0000". */
void ot_format_time(uint64_t mono, int64_t wall_minus_mono, char *out, size_t outsz);
/* Drop history entries that arrived more than history_duration before now. */
void ot_hist_expire(struct op_tracker *t, uint64_t now);
/* CLOCK_REALTIME - CLOCK_MONOTONIC, in ns, now. */
int64_t ot_wall_offset(void);

#endif
