/*
 * message_types.c — log names of message types (message_types.h).
 *
 * Most names are the ones Ceph's Message subclasses print
 * (get_type_name(): "osd_op", "mon_map", ...) so logs read like a Ceph
 * peer's debug_ms output; they are for humans only, never parsed.
 */
#include "config.h"

#include <stddef.h>

#include "msg/message_types.h"

struct type_name {
	uint16_t type;
	const char *name;
};

static const struct type_name names[] = {
	{ CEPH_MSG_SHUTDOWN, "shutdown" },
	{ CEPH_MSG_PING, "ping" },
	{ CEPH_MSG_MON_MAP, "mon_map" },
	{ CEPH_MSG_MON_GET_MAP, "mon_getmap" },
	{ CEPH_MSG_MON_GET_OSDMAP, "mon_get_osdmap" },
	{ CEPH_MSG_MON_METADATA, "mon_metadata" },
	{ CEPH_MSG_STATFS, "statfs" },
	{ CEPH_MSG_STATFS_REPLY, "statfs_reply" },
	{ CEPH_MSG_MON_SUBSCRIBE, "mon_subscribe" },
	{ CEPH_MSG_MON_SUBSCRIBE_ACK, "mon_subscribe_ack" },
	{ CEPH_MSG_AUTH, "auth" },
	{ CEPH_MSG_AUTH_REPLY, "auth_reply" },
	{ CEPH_MSG_MON_GET_VERSION, "mon_get_version" },
	{ CEPH_MSG_MON_GET_VERSION_REPLY, "mon_get_version_reply" },
	{ CEPH_MSG_MDS_MAP, "mds_map" },
	{ MSG_PAXOS, "paxos" },
	{ CEPH_MSG_OSD_MAP, "osd_map" },
	{ CEPH_MSG_OSD_OP, "osd_op" },
	{ CEPH_MSG_OSD_OPREPLY, "osd_op_reply" },
	{ CEPH_MSG_WATCH_NOTIFY, "watch-notify" },
	{ CEPH_MSG_FS_MAP, "fs_map" },
	{ MSG_FORWARD, "forward" },
	{ MSG_ROUTE, "route" },
	{ CEPH_MSG_POOLOP_REPLY, "poolopreply" },
	{ CEPH_MSG_POOLOP, "poolop" },
	{ MSG_MON_COMMAND, "mon_command" },
	{ MSG_MON_COMMAND_ACK, "mon_command_ack" },
	{ MSG_LOG, "log" },
	{ MSG_LOGACK, "log_ack" },
	{ MSG_GETPOOLSTATS, "getpoolstats" },
	{ MSG_GETPOOLSTATSREPLY, "getpoolstatsreply" },
	{ MSG_MON_GLOBAL_ID, "global_id" },
	{ CEPH_MSG_OSD_BACKOFF, "osd_backoff" },
	{ MSG_CONFIG, "config" },
	{ MSG_GET_CONFIG, "get_config" },
	{ MSG_OSD_PING, "osd_ping" },
	{ MSG_OSD_BOOT, "osd_boot" },
	{ MSG_OSD_FAILURE, "osd_failure" },
	{ MSG_OSD_ALIVE, "osd_alive" },
	{ MSG_OSD_MARK_ME_DOWN, "MOSDMarkMeDown" },
	{ MSG_OSD_FULL, "osd_full" },
	{ MSG_MON_GET_PURGED_SNAPS, "mon_get_purged_snaps" },
	{ MSG_MON_GET_PURGED_SNAPS_REPLY, "mon_get_purged_snaps_reply" },
	{ MSG_OSD_PGTEMP, "osd_pgtemp" },
	{ MSG_OSD_BEACON, "osd_beacon" },
	{ MSG_OSD_PG_NOTIFY, "PGnot" },
	{ MSG_OSD_PG_QUERY, "PGq" },
	{ MSG_OSD_PG_LOG, "PGlog" },
	{ MSG_OSD_PG_REMOVE, "PGrm" },
	{ MSG_OSD_PG_INFO, "PGinfo" },
	{ MSG_OSD_PG_TRIM, "pg_trim" },
	{ MSG_PGSTATS, "pg_stats" },
	{ MSG_PGSTATSACK, "pg_stats_ack" },
	{ MSG_OSD_PG_CREATE, "pg_create" },
	{ MSG_REMOVE_SNAPS, "remove_snaps" },
	{ MSG_OSD_SCRUB, "scrub" },
	{ MSG_OSD_SCRUB_RESERVE, "MOSDScrubReserve" },
	{ MSG_OSD_REP_SCRUB, "replica scrub" },
	{ MSG_OSD_PG_SCAN, "pg_scan" },
	{ MSG_OSD_PG_BACKFILL, "pg_backfill" },
	{ MSG_OSD_PG_BACKFILL_REMOVE, "backfill_remove" },
	{ MSG_COMMAND, "command" },
	{ MSG_COMMAND_REPLY, "command_reply" },
	{ MSG_OSD_BACKFILL_RESERVE, "MBackfillReserve" },
	{ MSG_OSD_PG_PUSH, "MOSDPGPush" },
	{ MSG_OSD_PG_PULL, "MOSDPGPull" },
	{ MSG_OSD_PG_PUSH_REPLY, "MOSDPGPushReply" },
	{ MSG_OSD_EC_WRITE, "MOSDECSubOpWrite" },
	{ MSG_OSD_EC_WRITE_REPLY, "MOSDECSubOpWriteReply" },
	{ MSG_OSD_EC_READ, "MOSDECSubOpRead" },
	{ MSG_OSD_EC_READ_REPLY, "MOSDECSubOpReadReply" },
	{ MSG_OSD_REPOP, "osd_repop" },
	{ MSG_OSD_REPOPREPLY, "osd_repop_reply" },
	{ MSG_OSD_PG_UPDATE_LOG_MISSING, "PGUpdateLogMissing" },
	{ MSG_OSD_PG_UPDATE_LOG_MISSING_REPLY, "PGUpdateLogMissingReply" },
	{ MSG_OSD_PG_CREATED, "pg_created" },
	{ MSG_OSD_REP_SCRUBMAP, "rep_scrubmap" },
	{ MSG_OSD_PG_RECOVERY_DELETE, "recovery_delete" },
	{ MSG_OSD_PG_RECOVERY_DELETE_REPLY, "recovery_delete_reply" },
	{ MSG_OSD_PG_CREATE2, "pg_create2" },
	{ MSG_OSD_SCRUB2, "scrub2" },
	{ MSG_OSD_PG_READY_TO_MERGE, "osd_pg_ready_to_merge" },
	{ MSG_OSD_MARK_ME_DEAD, "MOSDMarkMeDead" },
	{ CEPH_MSG_FS_MAP_USER, "fs_map_user" },
	{ MSG_OSD_PG_NOTIFY2, "pg_notify2" },
	{ MSG_OSD_PG_QUERY2, "pg_query2" },
	{ MSG_OSD_PG_INFO2, "pg_info2" },
	{ MSG_OSD_PG_LEASE, "pg_lease" },
	{ MSG_OSD_PG_LEASE_ACK, "pg_lease_ack" },
	{ MSG_OSD_RECOVERY_RESERVE, "MRecoveryReserve" },
	{ MSG_OSD_FORCE_RECOVERY, "force_recovery" },
	{ MSG_TIMECHECK, "time_check" },
	{ MSG_MON_HEALTH, "mon_health" },
	{ MSG_NOP, "nop" },
	{ MSG_MON_HEALTH_CHECKS, "mon_health_checks" },
	{ MSG_TIMECHECK2, "time_check2" },
	{ MSG_MGR_OPEN, "mgropen" },
	{ MSG_MGR_CONFIGURE, "mgrconfigure" },
	{ MSG_MGR_REPORT, "mgrreport" },
	{ MSG_MGR_BEACON, "mgrbeacon" },
	{ MSG_MGR_MAP, "mgrmap" },
	{ MSG_MGR_DIGEST, "mgrdigest" },
	{ MSG_MON_MGR_REPORT, "monmgrreport" },
	{ MSG_SERVICE_MAP, "service_map" },
	{ MSG_MGR_CLOSE, "mgrclose" },
	{ MSG_MGR_COMMAND, "mgr_command" },
	{ MSG_MGR_COMMAND_REPLY, "mgr_command_reply" },
};

const char *
msg_type_name(uint16_t type)
{
	/* A linear scan: only logs call this, and only when enabled. */
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].type == type)
			return names[i].name;
	return "unknown";
}
