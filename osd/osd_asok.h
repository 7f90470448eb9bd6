/*
 * osd_asok.h — the OSD daemon's admin socket: `ceph daemon osd.N ...`.
 *
 * Opens the socket at the admin_socket path ceph.conf gives the entity
 * (default $run_dir/$cluster-$name.asok, empty disables it), with the
 * common commands of common/asok_cmds.h plus the OSD's `status` in the
 * classic OSD's shape (src/osd/OSD.cc, asok_command "status"):
 *   {"cluster_fsid", "osd_fsid", "whoami", "state", "oldest_map",
 *    "newest_map", "num_pgs"}
 * and read-only config variables (name, cluster, fsid, admin_socket,
 * osd_data). Layers add commands through osd_asok_cmds().
 *
 * With an op tracker (osd/op_tracker.h) the op dumps are the OSD's own, as
 * classic's descriptors (an optional filterstr list: ops whose description
 * holds one of the words): dump_ops_in_flight, ops, dump_blocked_ops,
 * dump_historic_ops, dump_historic_ops_by_duration, dump_historic_slow_ops;
 * and its settings can be shown and changed live with config get / set:
 * osd_op_history_size, osd_op_history_duration, osd_op_history_slow_op_size,
 * osd_op_history_slow_op_threshold, osd_op_complaint_time,
 * osd_enable_op_tracker.
 */
#ifndef OSDFARM_OSD_OSD_ASOK_H
#define OSDFARM_OSD_OSD_ASOK_H

#include <stdint.h>

#include "common/types.h"

struct asok_cmds;
struct cephconf;
struct event_base;
struct op_tracker;
struct osd;
struct osd_asok;
struct perf_registry;

struct osd_asok_env {
	struct event_base *base;
	const struct cephconf *cc;
	const char *entity;             /* "osd.3" */
	const char *osd_data;           /* shown by config show; may be NULL */
	struct osd *osd;                /* state and map */
	int32_t whoami;
	struct uuid osd_fsid, cluster_fsid;
	struct perf_registry *perf;     /* perf dump; may be NULL */
	/* PGs held here (status num_pgs); NULL counts 0 */
	uint32_t (*num_pgs)(void *arg);
	void *arg;
	/* client ops for the op dumps; NULL keeps the built-in empty ones */
	struct op_tracker *tracker;
};

/*
 * Serve the admin socket. A socket that cannot be opened is logged and the
 * OSD runs without one, as Ceph's daemons do: *out is still set (commands
 * can be registered) and 0 is returned; -errno only for a bad admin_socket
 * value in ceph.conf.
 */
int osd_asok_open(const struct osd_asok_env *env, struct osd_asok **out);
/* The command table (to register commands or replace handlers). */
struct asok_cmds *osd_asok_cmds(struct osd_asok *oa);
/* The socket path in use, or NULL when there is no socket. */
const char *osd_asok_path(const struct osd_asok *oa);
/* Close and unlink the socket; before the event base is freed. */
void osd_asok_close(struct osd_asok *oa);

#endif
