/*
 * mosdping.h — MOSDPing (type 70), the OSD heartbeat message, as Pacific
 * 16.2.15 sends it on the heartbeat front and back connections
 * (src/messages/MOSDPing.h, header version 5, compat 4).
 *
 * Front layout (checked against frames captured from two classic 16.2.15
 * OSDs, t/vectors/hb/):
 *
 *	uuid     fsid
 *	u32      map_epoch               sender's osdmap epoch
 *	u8       op                      MOSDPING_* below
 *	utime    ping_stamp              wall clock of the PING (echoed)
 *	u32      pad_len                 zero bytes at the end of the front
 *	u32      up_from                 (v5) sender's up_from epoch
 *	span     mono_ping_stamp         (v5) PING sender's monotonic clock
 *	span     mono_send_stamp         (v5) this message's sender's clock
 *	optional<span> delta_ub          (v5) u8 present [+ span]
 *	pad_len zero bytes
 *
 * A span (ceph::signedspan) is s32 seconds + s32 nanoseconds, both
 * truncated toward zero (a negative span has both parts negative). The
 * padding makes the front osd_heartbeat_min_size (2000) plus the 33 or 25
 * bytes after pad_len: pad_len = min_size - 29 (the bytes before it), so a
 * classic ping front is 2033 bytes. The padding is in the front; there is
 * no data segment.
 *
 * Classic OSDs ignore ops they do not know (no reply, no error), and so do
 * we (mosdping_decode accepts any op value).
 */
#ifndef OSDFARM_OSD_MOSDPING_H
#define OSDFARM_OSD_MOSDPING_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"

struct msg;

#define MOSDPING_HEAD_VERSION 5
#define MOSDPING_COMPAT_VERSION 4

/* MOSDPing::op. 0, 1 and 3 are pre-luminous and unused today. */
#define MOSDPING_HEARTBEAT        0
#define MOSDPING_START_HEARTBEAT  1
#define MOSDPING_YOU_DIED         2
#define MOSDPING_STOP_HEARTBEAT   3
#define MOSDPING_PING             4
#define MOSDPING_PING_REPLY       5

/* osd_heartbeat_min_size default. */
#define MOSDPING_MIN_SIZE_DEFAULT 2000
/* Bytes before pad_len: fsid 16 + epoch 4 + op 1 + stamp 8. */
#define MOSDPING_HEAD_LEN 29
/* Largest padding we accept or produce (classic pads to jumbo-frame sizes). */
#define MOSDPING_PAD_MAX (1u << 20)

struct mosdping {
	struct uuid fsid;
	uint32_t map_epoch;
	uint8_t op;
	struct utime ping_stamp;
	uint32_t up_from;
	int64_t mono_ping_stamp;        /* nanoseconds */
	int64_t mono_send_stamp;        /* nanoseconds */
	int has_delta_ub;
	int64_t delta_ub;               /* nanoseconds, valid if has_delta_ub */
	/*
	 * Encode: the front is padded so that what precedes the padding plus
	 * the padding is at least this (0 = no padding). Decode: pad_len +
	 * MOSDPING_HEAD_LEN, as Ceph reports it.
	 */
	uint32_t min_message_size;
};

/* ceph::signedspan <-> nanoseconds */
void span_encode(struct buf *b, int64_t ns);
int span_decode(struct dec *d, int64_t *ns);

/* Append the v5 front of p to b. */
void mosdping_encode(struct buf *b, const struct mosdping *p);
/* A new MSG_OSD_PING message (v5 compat 4, default priority) holding p. */
struct msg *mosdping_msg(const struct mosdping *p);
/*
 * Decode a front. header_version < 4 is -EOPNOTSUPP (older layouts, which
 * Pacific refuses too); v4 has no stamps (they read as 0). -EBADMSG when
 * the front is shorter than its fields plus the padding it announces, or
 * announces more than MOSDPING_PAD_MAX. Bytes after the padding are ignored
 * (as Ceph does).
 */
int mosdping_decode(const void *p, size_t len, uint16_t header_version, struct mosdping *out);
/* The same on a message (its front made contiguous). */
int mosdping_decode_msg(struct msg *m, struct mosdping *out);
/* "ping", "ping_reply", "you_died", ... or "???" */
const char *mosdping_op_name(uint8_t op);

#endif
