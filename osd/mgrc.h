/*
 * mgrc.h — the OSD's session with the active ceph-mgr, as Ceph's
 * MgrClient keeps it (src/mgr/MgrClient.cc), plus what the OSD reports
 * through it (OSD::collect_pg_stats).
 *
 * Flow: the monitor sends MMgrMap (we subscribe to "mgrmap"); when it
 * names an available mgr whose addresses differ from our session's, we
 * drop the old session and connect from the public messenger (lossy
 * client policy for MGR peers, as ceph-osd sets it) and send MMgrOpen
 * ("osd", daemon name = our id). The mgr answers MMgrConfigure with the
 * stats period (mgr_stats_period, 5 s) and threshold (the lowest counter
 * priority it wants). From then on, every period: MMgrReport (perf
 * counters — schema of counters not yet declared on this session, then
 * the packed values of all declared ones) and MPGStats (osd_stat_t and a
 * pg_stat_t for every PG we are primary for).
 *
 * A reset of the session (the mgr restarted, or closed us because it did
 * not have our metadata yet) reconnects, no sooner than connect_retry_ms
 * after the previous attempt (mgr_connect_retry_interval).
 *
 * PG statistics: state from the PG's role (sole primary: active+clean,
 * plus undersized+degraded when the pool wants more copies; primary of an
 * acting set with other OSDs, which we do not serve: peering); objects,
 * bytes and omap counts from the store's collection, recounted only for
 * PGs whose last_update moved; log size from the PG's dup log. Client
 * read/write counters are not kept per PG here (0).
 */
#ifndef OSDFARM_OSD_MGRC_H
#define OSDFARM_OSD_MGRC_H

#include <stdint.h>

#include "common/types.h"

struct event_base;
struct msgr;
struct conn;
struct msg;
struct osd;
struct op_path;
struct store;
struct perf_registry;
struct mgrc;

struct mgrc_env {
	struct event_base *base;
	int32_t whoami;
	struct uuid fsid;               /* cluster fsid (MPGStats) */
	struct msgr *msgr;              /* the public messenger */
	struct osd *osd;                /* the current map (epoch, our up_from); NULL: none */
	struct op_path *io;             /* PGs; NULL: none reported */
	struct store *st;               /* statfs and PG usage; NULL: zeros */
	struct perf_registry *perf;     /* counters to report; NULL: none */
	uint32_t connect_retry_ms;      /* mgr_connect_retry_interval: 1000 */
};
void mgrc_env_default(struct mgrc_env *env);

/* Sets the MGR policy on env->msgr. Nothing is sent before an MMgrMap. */
struct mgrc *mgrc_new(const struct mgrc_env *env);
/* Closes the session (no callbacks). */
void mgrc_free(struct mgrc *mc);

/* An MMgrMap from the monitor (the caller keeps ownership of m). */
void mgrc_handle_mgr_map(struct mgrc *mc, struct msg *m);
/* Messenger events: 1 when c is our mgr session (the message is consumed). */
int mgrc_handle_dispatch(struct mgrc *mc, struct conn *c, struct msg *m);
int mgrc_handle_reset(struct mgrc *mc, struct conn *c);

/* Send a report and the PG stats now (no-op without a configured session). */
void mgrc_send_stats(struct mgrc *mc);
/* Close the session and stop reconnecting (shutdown). */
void mgrc_stop(struct mgrc *mc);

/* For tests and the admin socket. */
int mgrc_is_open(const struct mgrc *mc);
uint32_t mgrc_stats_period(const struct mgrc *mc);
uint64_t mgrc_reports_sent(const struct mgrc *mc);

#endif
