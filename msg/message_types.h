/*
 * message_types.h — Ceph message type numbers and priorities an OSD meets.
 *
 * Values from src/include/ceph_fs.h (CEPH_MSG_*) and src/msg/Message.h
 * (MSG_*) as of Pacific; priorities from src/include/msgr.h. The header2
 * "type" field carries them. msg_type_name() gives a log name.
 */
#ifndef OSDFARM_MSG_MESSAGE_TYPES_H
#define OSDFARM_MSG_MESSAGE_TYPES_H

#include <stdint.h>

/* client <-> monitor (ceph_fs.h) */
#define CEPH_MSG_SHUTDOWN               1
#define CEPH_MSG_PING                   2
#define CEPH_MSG_MON_MAP                4
#define CEPH_MSG_MON_GET_MAP            5
#define CEPH_MSG_MON_GET_OSDMAP         6
#define CEPH_MSG_MON_METADATA           7
#define CEPH_MSG_STATFS                 13
#define CEPH_MSG_STATFS_REPLY           14
#define CEPH_MSG_MON_SUBSCRIBE          15
#define CEPH_MSG_MON_SUBSCRIBE_ACK      16
#define CEPH_MSG_AUTH                   17
#define CEPH_MSG_AUTH_REPLY             18
#define CEPH_MSG_MON_GET_VERSION        19
#define CEPH_MSG_MON_GET_VERSION_REPLY  20
#define CEPH_MSG_MDS_MAP                21
#define CEPH_MSG_FS_MAP                 45
#define CEPH_MSG_FS_MAP_USER            103
#define CEPH_MSG_POOLOP_REPLY           48
#define CEPH_MSG_POOLOP                 49
#define CEPH_MSG_MON_COMMAND            50
#define CEPH_MSG_MON_COMMAND_ACK        51

/* osd (ceph_fs.h) */
#define CEPH_MSG_OSD_MAP                41
#define CEPH_MSG_OSD_OP                 42
#define CEPH_MSG_OSD_OPREPLY            43
#define CEPH_MSG_WATCH_NOTIFY           44
#define CEPH_MSG_OSD_BACKOFF            61

/* monitor and admin (Message.h) */
#define MSG_PAXOS                       40
#define MSG_FORWARD                     46
#define MSG_ROUTE                       47
#define MSG_MON_COMMAND                 50
#define MSG_MON_COMMAND_ACK             51
#define MSG_LOG                         52
#define MSG_LOGACK                      53
#define MSG_GETPOOLSTATS                58
#define MSG_GETPOOLSTATSREPLY           59
#define MSG_MON_GLOBAL_ID               60
#define MSG_CONFIG                      62
#define MSG_GET_CONFIG                  63
#define MSG_MON_GET_PURGED_SNAPS        76
#define MSG_MON_GET_PURGED_SNAPS_REPLY  77

/* osd internal (Message.h) */
#define MSG_OSD_PING                    70
#define MSG_OSD_BOOT                    71
#define MSG_OSD_FAILURE                 72
#define MSG_OSD_ALIVE                   73
#define MSG_OSD_MARK_ME_DOWN            74
#define MSG_OSD_FULL                    75
#define MSG_OSD_PGTEMP                  78
#define MSG_OSD_BEACON                  79
#define MSG_OSD_PG_NOTIFY               80
#define MSG_OSD_PG_QUERY                81
#define MSG_OSD_PG_LOG                  83
#define MSG_OSD_PG_REMOVE               84
#define MSG_OSD_PG_INFO                 85
#define MSG_OSD_PG_TRIM                 86
#define MSG_PGSTATS                     87
#define MSG_PGSTATSACK                  88
#define MSG_OSD_PG_CREATE               89
#define MSG_REMOVE_SNAPS                90
#define MSG_OSD_SCRUB                   91
#define MSG_OSD_SCRUB_RESERVE           92
#define MSG_OSD_REP_SCRUB               93
#define MSG_OSD_PG_SCAN                 94
#define MSG_OSD_PG_BACKFILL             95
#define MSG_OSD_PG_BACKFILL_REMOVE      96
#define MSG_COMMAND                     97
#define MSG_COMMAND_REPLY               98
#define MSG_OSD_BACKFILL_RESERVE        99
#define MSG_OSD_PG_PUSH                 105
#define MSG_OSD_PG_PULL                 106
#define MSG_OSD_PG_PUSH_REPLY           107
#define MSG_OSD_EC_WRITE                108
#define MSG_OSD_EC_WRITE_REPLY          109
#define MSG_OSD_EC_READ                 110
#define MSG_OSD_EC_READ_REPLY           111
#define MSG_OSD_REPOP                   112
#define MSG_OSD_REPOPREPLY              113
#define MSG_OSD_PG_UPDATE_LOG_MISSING   114
#define MSG_OSD_PG_UPDATE_LOG_MISSING_REPLY 115
#define MSG_OSD_PG_CREATED              116
#define MSG_OSD_REP_SCRUBMAP            117
#define MSG_OSD_PG_RECOVERY_DELETE      118
#define MSG_OSD_PG_RECOVERY_DELETE_REPLY 119
#define MSG_OSD_PG_CREATE2              120
#define MSG_OSD_SCRUB2                  121
#define MSG_OSD_PG_READY_TO_MERGE       122
#define MSG_OSD_MARK_ME_DEAD            123
#define MSG_OSD_PG_NOTIFY2              130
#define MSG_OSD_PG_QUERY2               131
#define MSG_OSD_PG_INFO2                132
#define MSG_OSD_PG_LEASE                133
#define MSG_OSD_PG_LEASE_ACK            134
#define MSG_OSD_RECOVERY_RESERVE        150
#define MSG_OSD_FORCE_RECOVERY          151

/* generic and mgr (Message.h) */
#define MSG_TIMECHECK                   0x600
#define MSG_MON_HEALTH                  0x601
#define MSG_NOP                         0x607
#define MSG_MON_HEALTH_CHECKS           0x608
#define MSG_TIMECHECK2                  0x609
#define MSG_MGR_OPEN                    0x700
#define MSG_MGR_CONFIGURE               0x701
#define MSG_MGR_REPORT                  0x702
#define MSG_MGR_BEACON                  0x703
#define MSG_MGR_MAP                     0x704
#define MSG_MGR_DIGEST                  0x705
#define MSG_MON_MGR_REPORT              0x706
#define MSG_SERVICE_MAP                 0x707
#define MSG_MGR_CLOSE                   0x708
#define MSG_MGR_COMMAND                 0x709
#define MSG_MGR_COMMAND_REPLY           0x70a

/* CEPH_MSG_PRIO_* (msgr.h). librados client ops were seen with 63 (§9.2). */
#define MSG_PRIO_LOW                    64
#define MSG_PRIO_DEFAULT                127
#define MSG_PRIO_HIGH                   196
#define MSG_PRIO_HIGHEST                255

/* "osd_op", "mon_map", ...; "unknown" for types not in the table. */
const char *msg_type_name(uint16_t type);

#endif
