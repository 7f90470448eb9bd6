/*
 * mon_msgs.h — the client <-> monitor messages an OSD exchanges with its
 * monitor session (docs/ceph-wire/02-mon-osdmap.md §2; src/messages/M*.h).
 *
 * Builders return a struct msg with header type/version/compat set and the
 * front encoded; decoders take a contiguous front and return 0 or a negative
 * errno (-EBADMSG truncated, -EPROTO malformed). Strings decoded from a
 * front are copied into the result structs (bounded), never views.
 */
#ifndef OSDFARM_MON_MON_MSGS_H
#define OSDFARM_MON_MON_MSGS_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"

struct msg;

/*
 * PaxosServiceMessage header, in front of MOSDBoot, MOSDBeacon, MMonCommand
 * ... (src/messages/PaxosServiceMessage.h): u64 version, s16
 * deprecated_session_mon (-1), u64 deprecated_session_mon_tid (0).
 */
#define PAXOS_HDR_LEN 18
void paxos_hdr_encode(struct buf *b, uint64_t version);
int paxos_hdr_decode(struct dec *d, uint64_t *version);

/* A new message of the given type and header version/compat, empty front. */
struct msg *mon_msg_new(uint16_t type, uint16_t version, uint16_t compat);

/* ---- MMonGetMap (5, v1): empty front ---- */
struct msg *mon_msg_get_map(void);

/* ---- MMonSubscribe (15, v3 compat 1) ---- */
#define MON_SUB_ONETIME 1               /* CEPH_SUBSCRIBE_ONETIME */
#define MON_SUB_NAME_MAX 32
#define MON_SUB_MAX 16
struct mon_sub_item {
	char what[MON_SUB_NAME_MAX];    /* "osdmap", "monmap", "config", ... */
	uint64_t start;
	uint8_t flags;
};
struct mon_subscribe {
	uint32_t n;
	struct mon_sub_item items[MON_SUB_MAX];
	char hostname[256];
};
/* map<string, ceph_mon_subscribe_item> (sorted by name here) + hostname. */
void mon_subscribe_encode(struct buf *b, const struct mon_subscribe *s);
int mon_subscribe_decode(const void *p, size_t len, struct mon_subscribe *s);
struct msg *mon_msg_subscribe(const struct mon_subscribe *s);

/* ---- MMonSubscribeAck (16): u32 interval, fsid ---- */
int mon_subscribe_ack_decode(const void *p, size_t len, uint32_t *interval,
			     struct uuid *fsid);

/* ---- MMonGetVersion (19, v1) / Reply (20, v2 compat 2) ---- */
struct msg *mon_msg_get_version(uint64_t handle, const char *what);
int mon_get_version_decode(const void *p, size_t len, uint64_t *handle, char *what,
			   size_t whatsz);
int mon_get_version_reply_decode(const void *p, size_t len, uint64_t *handle,
				 uint64_t *newest, uint64_t *oldest);

/* ---- MMonGetOSDMap (6, v1): paxos hdr (0) + full/inc ranges ---- */
struct msg *mon_msg_get_osdmap(uint32_t full_first, uint32_t full_last,
			       uint32_t inc_first, uint32_t inc_last);
int mon_get_osdmap_decode(const void *p, size_t len, uint32_t out[4]);

/* ---- MMonCommand (50, v1) / MMonCommandAck (51, v1) ---- */
#define MON_CMD_MAX 4
/* paxos hdr (0), fsid, vector<string> cmd (ncmd JSON strings). tid in hdr. */
struct msg *mon_msg_command(uint64_t tid, const struct uuid *fsid,
			    const char *const *cmd, unsigned ncmd);
struct mon_command {
	struct uuid fsid;
	uint32_t ncmd;
	char *cmd[MON_CMD_MAX];         /* xmalloc'd; mon_command_free */
};
int mon_command_decode(const void *p, size_t len, struct mon_command *c);
void mon_command_free(struct mon_command *c);
/* paxos hdr, s32 r, string rs, vector<string> cmd (echo, skipped). The
 * command's output travels in the data segment. rs is truncated to rssz. */
int mon_command_ack_decode(const void *p, size_t len, int32_t *r, char *rs, size_t rssz);
/* For tests/mock monitors. */
struct msg *mon_msg_command_ack(uint64_t tid, int32_t r, const char *rs,
				const char *const *cmd, unsigned ncmd, const char *data);

/* ---- MConfig (62, v1): map<string,string>; we only count the entries ---- */
int mon_config_decode(const void *p, size_t len, uint32_t *nopts);

#endif
