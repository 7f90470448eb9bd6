/*
 * mosdfailure.h — MOSDFailure (type 72), an OSD's report to the monitor
 * that a heartbeat peer failed, or that it is alive after all
 * (src/messages/MOSDFailure.h, v4 compat 4; docs/ceph-wire/02-mon-osdmap.md §2).
 *
 *	paxos header             version = the reporter's osdmap epoch
 *	uuid     fsid
 *	s32      target_osd
 *	addrvec  target_addrs    the target's public addrs in the reporter's map
 *	u32      epoch           the reporter's osdmap epoch
 *	u8       flags           MOSDFAILURE_FLAG_*
 *	s32      failed_for      seconds the target has been silent
 *
 * The monitor ignores a report whose target_addrs are not the target's
 * current public addrs (a report about an earlier incarnation), one about
 * an OSD already down, and one whose epoch is older than the target's
 * up_from. flags 0 ("still alive") withdraws this reporter's report.
 */
#ifndef OSDFARM_OSD_MOSDFAILURE_H
#define OSDFARM_OSD_MOSDFAILURE_H

#include <stddef.h>
#include <stdint.h>

#include "common/types.h"

struct msg;

#define MOSDFAILURE_HEAD_VERSION 4
#define MOSDFAILURE_COMPAT_VERSION 4

#define MOSDFAILURE_FLAG_ALIVE     0    /* on its own: cancel an earlier report */
#define MOSDFAILURE_FLAG_FAILED    1
#define MOSDFAILURE_FLAG_IMMEDIATE 2    /* known dead (refused), not a timeout */

struct mosdfailure {
	uint64_t version;               /* paxos header */
	struct uuid fsid;
	int32_t target_osd;
	struct entity_addrvec target_addrs;
	uint32_t epoch;
	uint8_t flags;
	int32_t failed_for;
};

/* A new MSG_OSD_FAILURE message (v4 compat 4). */
struct msg *mosdfailure_msg(const struct mosdfailure *f);
/* Decode a v4 front (-EOPNOTSUPP for older versions, -EBADMSG if short). */
int mosdfailure_decode(const void *p, size_t len, uint16_t header_version,
		       struct mosdfailure *f);

#endif
