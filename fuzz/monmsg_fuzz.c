/*
 * monmsg_fuzz.c — libFuzzer target for the decoders of the daemon's
 * monitor, mgr and heartbeat messages: mon/mon_msgs.h, the MonMap
 * (mon/monmap.h), osd/osd_msgs.h (MOSDMap, MOSDBoot, MOSDPGCreate2 ...),
 * MOSDPing, MOSDFailure and the mgr messages an OSD receives.
 *
 * Input: byte 0 picks the decoder (n % DEC_COUNT), byte 1 is the header
 * version handed to decoders that take one, the rest is the front.
 *
 * Invariants (abort on violation): views a decoder returns lie inside the
 * front; where we have an encoder, a decoded message re-encodes to a front
 * that decodes again to the same fields.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/log.h"
#include "common/types.h"
#include "mon/mon_msgs.h"
#include "mon/monmap.h"
#include "msg/message.h"
#include "osd/mgr_msgs.h"
#include "osd/mosdfailure.h"
#include "osd/mosdping.h"
#include "osd/osd_msgs.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum {
	DEC_MON_SUBSCRIBE,
	DEC_MON_SUBSCRIBE_ACK,
	DEC_MON_GET_VERSION,
	DEC_MON_GET_VERSION_REPLY,
	DEC_MON_GET_OSDMAP,
	DEC_MON_COMMAND,
	DEC_MON_COMMAND_ACK,
	DEC_MON_CONFIG,
	DEC_MONMAP,
	DEC_OSD_MAP,
	DEC_OSD_BOOT,
	DEC_OSD_BEACON,
	DEC_OSD_ALIVE,
	DEC_OSD_MARK_ME_DOWN,
	DEC_OSD_PG_CREATE2,
	DEC_OSD_PG_CREATED,
	DEC_MOSDPING,
	DEC_MGR_MAP,
	DEC_MGR_CONFIGURE,
	DEC_MOSDFAILURE,
	DEC_SUPERBLOCK,
	DEC_PAXOS_HDR,
	DEC_COUNT
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_open(LOG_TO_FILE, "/dev/null");
	return 0;
}

static int
inside(const uint8_t *v, size_t vlen, const uint8_t *p, size_t len)
{
	return vlen == 0 || (v >= p && (size_t)(v - p) <= len && vlen <= len - (size_t)(v - p));
}

static const uint8_t *
flat(struct buf *b)
{
	return b->len ? buf_contig(b, 0, b->len) : (const uint8_t *)"";
}

static void
fuzz_subscribe(const uint8_t *p, size_t len)
{
	struct mon_subscribe s, s2;
	struct buf b = BUF_INIT;

	if (mon_subscribe_decode(p, len, &s) != 0)
		return;
	if (s.n > MON_SUB_MAX || strnlen(s.hostname, sizeof(s.hostname)) == sizeof(s.hostname))
		abort();
	mon_subscribe_encode(&b, &s);
	if (mon_subscribe_decode(flat(&b), b.len, &s2) != 0 || s2.n != s.n ||
	    strcmp(s2.hostname, s.hostname) != 0)
		abort();
	buf_free(&b);
}

static void
fuzz_monmap(const uint8_t *p, size_t len)
{
	struct monmap mm;
	struct dec d;

	if (monmap_decode_msg_front(p, len, &mm) == 0) {
		if (mm.nmons > MONMAP_MAX_MONS)
			abort();
		for (uint32_t i = 0; i < mm.nmons; i++)
			if (monmap_rank_by_name(&mm, mm.mons[i].name) < 0)
				abort();
		monmap_free(&mm);
	}
	/* the bare map too (the front is a bufferlist around it) */
	dec_init(&d, p, len);
	if (monmap_decode(&d, &mm) == 0)
		monmap_free(&mm);
}

static void
fuzz_osd_map(const uint8_t *p, size_t len, uint16_t hv)
{
	struct osd_map_msg om;

	if (osd_map_msg_decode(p, len, hv, &om) != 0)
		return;
	for (uint32_t i = 0; i < om.ninc; i++)
		if (!inside(om.inc[i].p, om.inc[i].len, p, len))
			abort();
	for (uint32_t i = 0; i < om.nfull; i++)
		if (!inside(om.full[i].p, om.full[i].len, p, len))
			abort();
	osd_map_msg_free(&om);
}

static void
fuzz_boot(const uint8_t *p, size_t len)
{
	struct osd_boot bt, bt2;
	struct buf b = BUF_INIT;

	if (osd_boot_decode(p, len, &bt) != 0)
		return;
	if (bt.nmeta > OSD_BOOT_META_MAX)
		abort();
	if (bt.sb.compat_raw && !inside(bt.sb.compat_raw, bt.sb.compat_len, p, len))
		abort();
	osd_boot_encode(&b, &bt);
	if (osd_boot_decode(flat(&b), b.len, &bt2) != 0)
		abort();
	if (bt2.nmeta != bt.nmeta || bt2.boot_epoch != bt.boot_epoch ||
	    bt2.sb.whoami != bt.sb.whoami || bt2.osd_features != bt.osd_features)
		abort();
	osd_boot_free_meta(&bt2);
	osd_boot_free_meta(&bt);
	buf_free(&b);
}

static void
fuzz_ping(const uint8_t *p, size_t len, uint16_t hv)
{
	struct mosdping a, b;
	struct buf e = BUF_INIT;

	if (mosdping_decode(p, len, hv, &a) != 0)
		return;
	(void)mosdping_op_name(a.op);
	mosdping_encode(&e, &a);
	if (mosdping_decode(flat(&e), e.len, MOSDPING_HEAD_VERSION, &b) != 0)
		abort();
	if (b.map_epoch != a.map_epoch || b.op != a.op || b.up_from != a.up_from ||
	    b.mono_ping_stamp != a.mono_ping_stamp || b.mono_send_stamp != a.mono_send_stamp ||
	    b.has_delta_ub != a.has_delta_ub || (a.has_delta_ub && b.delta_ub != a.delta_ub))
		abort();
	buf_free(&e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p;
	size_t len;
	uint16_t hv;

	if (size < 2)
		return 0;
	hv = data[1];
	p = data + 2;
	len = size - 2;

	switch (data[0] % DEC_COUNT) {
	case DEC_MON_SUBSCRIBE:
		fuzz_subscribe(p, len);
		break;
	case DEC_MON_SUBSCRIBE_ACK: {
		uint32_t interval;
		struct uuid fsid;

		(void)mon_subscribe_ack_decode(p, len, &interval, &fsid);
		break;
	}
	case DEC_MON_GET_VERSION: {
		uint64_t handle;
		char what[8];   /* short on purpose: names are cut, not overrun */

		if (mon_get_version_decode(p, len, &handle, what, sizeof(what)) == 0 &&
		    strnlen(what, sizeof(what)) == sizeof(what))
			abort();
		break;
	}
	case DEC_MON_GET_VERSION_REPLY: {
		uint64_t h, n, o;

		(void)mon_get_version_reply_decode(p, len, &h, &n, &o);
		break;
	}
	case DEC_MON_GET_OSDMAP: {
		uint32_t r[4];

		(void)mon_get_osdmap_decode(p, len, r);
		break;
	}
	case DEC_MON_COMMAND: {
		struct mon_command c;

		if (mon_command_decode(p, len, &c) == 0) {
			if (c.ncmd > MON_CMD_MAX)
				abort();
			mon_command_free(&c);
		}
		break;
	}
	case DEC_MON_COMMAND_ACK: {
		int32_t r;
		char rs[16];

		if (mon_command_ack_decode(p, len, &r, rs, sizeof(rs)) == 0 &&
		    strnlen(rs, sizeof(rs)) == sizeof(rs))
			abort();
		break;
	}
	case DEC_MON_CONFIG: {
		uint32_t n;

		(void)mon_config_decode(p, len, &n);
		break;
	}
	case DEC_MONMAP:
		fuzz_monmap(p, len);
		break;
	case DEC_OSD_MAP:
		fuzz_osd_map(p, len, hv);
		break;
	case DEC_OSD_BOOT:
		fuzz_boot(p, len);
		break;
	case DEC_OSD_BEACON: {
		struct osd_beacon b;

		if (osd_beacon_decode(p, len, &b) == 0) {
			if (b.npgs > OSD_BEACON_PGS_MAX)
				abort();
			free(b.pgs);
		}
		break;
	}
	case DEC_OSD_ALIVE: {
		uint64_t v;
		uint32_t want;

		(void)osd_alive_decode(p, len, &v, &want);
		break;
	}
	case DEC_OSD_MARK_ME_DOWN: {
		struct osd_mark_me_down d;

		(void)osd_mark_me_down_decode(p, len, hv, &d);
		break;
	}
	case DEC_OSD_PG_CREATE2: {
		struct osd_pg_create2 c;

		if (osd_pg_create2_decode(p, len, hv, &c) == 0) {
			if (c.npgs > OSD_PG_CREATE_MAX)
				abort();
			osd_pg_create2_free(&c);
		}
		break;
	}
	case DEC_OSD_PG_CREATED: {
		struct pg pg;

		(void)osd_pg_created_decode(p, len, &pg);
		break;
	}
	case DEC_MOSDPING:
		fuzz_ping(p, len, hv);
		break;
	case DEC_MGR_MAP: {
		struct mgr_map_head h;

		if (mgr_map_decode(p, len, &h) == 0 &&
		    strnlen(h.active_name, sizeof(h.active_name)) == sizeof(h.active_name))
			abort();
		break;
	}
	case DEC_MGR_CONFIGURE: {
		struct mgr_configure c;

		(void)mgr_configure_decode(p, len, hv, &c);
		break;
	}
	case DEC_MOSDFAILURE: {
		struct mosdfailure f;

		(void)mosdfailure_decode(p, len, hv, &f);
		break;
	}
	case DEC_SUPERBLOCK: {
		struct osd_superblock sb;
		struct dec d;

		dec_init(&d, p, len);
		if (osd_superblock_decode(&d, &sb) == 0 && sb.compat_raw &&
		    !inside(sb.compat_raw, sb.compat_len, p, len))
			abort();
		break;
	}
	case DEC_PAXOS_HDR: {
		uint64_t v;
		struct dec d;

		dec_init(&d, p, len);
		(void)paxos_hdr_decode(&d, &v);
		break;
	}
	}
	return 0;
}
