/*
 * mon_msgs.c — encoders and decoders of the mon-session messages (see
 * mon_msgs.h). Layouts from src/messages/MMonSubscribe.h, MMonGetVersion.h,
 * MMonGetVersionReply.h, MMonGetOSDMap.h, MMonCommand.h, MMonCommandAck.h,
 * MConfig.h, checked against the captures in vectors/mon-session/.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "mon/mon_msgs.h"
#include "msg/message.h"

void
paxos_hdr_encode(struct buf *b, uint64_t version)
{
	enc_u64(b, version);
	enc_u16(b, 0xffff);     /* deprecated_session_mon = -1 */
	enc_u64(b, 0);          /* deprecated_session_mon_tid */
}

int
paxos_hdr_decode(struct dec *d, uint64_t *version)
{
	uint16_t mon;
	uint64_t tid;

	dec_u64(d, version);
	dec_u16(d, &mon);
	return dec_u64(d, &tid);
}

struct msg *
mon_msg_new(uint16_t type, uint16_t version, uint16_t compat)
{
	struct msg *m = msg_new();

	m->hdr.type = type;
	m->hdr.version = version;
	m->hdr.compat_version = compat;
	return m;
}

struct msg *
mon_msg_get_map(void)
{
	return mon_msg_new(CEPH_MSG_MON_GET_MAP, 1, 1);
}

/* ---- MMonSubscribe ---- */

static int
sub_cmp(const void *a, const void *b)
{
	const struct mon_sub_item *x = a, *y = b;

	return strcmp(x->what, y->what);
}

void
mon_subscribe_encode(struct buf *b, const struct mon_subscribe *s)
{
	struct mon_sub_item sorted[MON_SUB_MAX];
	uint32_t i, n = s->n < MON_SUB_MAX ? s->n : MON_SUB_MAX;

	/* a std::map on the sender: keys go out in byte order */
	memcpy(sorted, s->items, n * sizeof(sorted[0]));
	qsort(sorted, n, sizeof(sorted[0]), sub_cmp);
	enc_u32(b, n);
	for (i = 0; i < n; i++) {
		enc_cstr(b, sorted[i].what);
		enc_u64(b, sorted[i].start);
		enc_u8(b, sorted[i].flags);
	}
	enc_cstr(b, s->hostname);
}

int
mon_subscribe_decode(const void *p, size_t len, struct mon_subscribe *s)
{
	struct dec d;
	uint32_t n, i;

	memset(s, 0, sizeof(*s));
	dec_init(&d, p, len);
	if (dec_count(&d, 4 + 8 + 1, &n))
		return d.err;
	if (n > MON_SUB_MAX)
		return -E2BIG;
	for (i = 0; i < n && !d.err; i++) {
		dec_string_copy(&d, s->items[i].what, sizeof(s->items[i].what));
		dec_u64(&d, &s->items[i].start);
		dec_u8(&d, &s->items[i].flags);
	}
	s->n = n;
	/* v3+: hostname */
	if (!d.err && dec_remaining(&d))
		dec_string_copy(&d, s->hostname, sizeof(s->hostname));
	return d.err;
}

struct msg *
mon_msg_subscribe(const struct mon_subscribe *s)
{
	struct msg *m = mon_msg_new(CEPH_MSG_MON_SUBSCRIBE, 3, 1);

	mon_subscribe_encode(&m->front, s);
	return m;
}

int
mon_subscribe_ack_decode(const void *p, size_t len, uint32_t *interval, struct uuid *fsid)
{
	struct dec d;

	dec_init(&d, p, len);
	dec_u32(&d, interval);
	return uuid_decode(&d, fsid);
}

/* ---- MMonGetVersion / Reply ---- */

struct msg *
mon_msg_get_version(uint64_t handle, const char *what)
{
	struct msg *m = mon_msg_new(CEPH_MSG_MON_GET_VERSION, 1, 1);

	enc_u64(&m->front, handle);
	enc_cstr(&m->front, what);
	return m;
}

int
mon_get_version_decode(const void *p, size_t len, uint64_t *handle, char *what, size_t whatsz)
{
	struct dec d;

	dec_init(&d, p, len);
	dec_u64(&d, handle);
	return dec_string_copy(&d, what, whatsz);
}

int
mon_get_version_reply_decode(const void *p, size_t len, uint64_t *handle,
			     uint64_t *newest, uint64_t *oldest)
{
	struct dec d;

	dec_init(&d, p, len);
	dec_u64(&d, handle);
	dec_u64(&d, newest);
	*oldest = 0;
	/* v2+ carries the oldest version too */
	if (!d.err && dec_remaining(&d))
		dec_u64(&d, oldest);
	return d.err;
}

/* ---- MMonGetOSDMap ---- */

struct msg *
mon_msg_get_osdmap(uint32_t full_first, uint32_t full_last, uint32_t inc_first,
		   uint32_t inc_last)
{
	struct msg *m = mon_msg_new(CEPH_MSG_MON_GET_OSDMAP, 1, 1);

	paxos_hdr_encode(&m->front, 0);
	enc_u32(&m->front, full_first);
	enc_u32(&m->front, full_last);
	enc_u32(&m->front, inc_first);
	enc_u32(&m->front, inc_last);
	return m;
}

int
mon_get_osdmap_decode(const void *p, size_t len, uint32_t out[4])
{
	struct dec d;
	uint64_t v;
	int i;

	dec_init(&d, p, len);
	paxos_hdr_decode(&d, &v);
	for (i = 0; i < 4; i++)
		dec_u32(&d, &out[i]);
	return d.err;
}

/* ---- MMonCommand / Ack ---- */

struct msg *
mon_msg_command(uint64_t tid, const struct uuid *fsid, const char *const *cmd, unsigned ncmd)
{
	struct msg *m = mon_msg_new(CEPH_MSG_MON_COMMAND, 1, 1);
	unsigned i;

	m->hdr.tid = tid;
	paxos_hdr_encode(&m->front, 0);
	uuid_encode(&m->front, fsid);
	enc_u32(&m->front, ncmd);
	for (i = 0; i < ncmd; i++)
		enc_cstr(&m->front, cmd[i]);
	return m;
}

void
mon_command_free(struct mon_command *c)
{
	uint32_t i;

	for (i = 0; i < c->ncmd; i++)
		free(c->cmd[i]);
	memset(c, 0, sizeof(*c));
}

int
mon_command_decode(const void *p, size_t len, struct mon_command *c)
{
	struct dec d;
	uint64_t v;
	uint32_t n, i, slen;
	const uint8_t *s;

	memset(c, 0, sizeof(*c));
	dec_init(&d, p, len);
	paxos_hdr_decode(&d, &v);
	uuid_decode(&d, &c->fsid);
	if (dec_count(&d, 4, &n))
		return d.err;
	if (n > MON_CMD_MAX)
		return -E2BIG;
	for (i = 0; i < n; i++) {
		if (dec_string(&d, &s, &slen)) {
			mon_command_free(c);
			return d.err;
		}
		c->cmd[i] = xstrndup((const char *)s, slen);
		c->ncmd++;
	}
	return 0;
}

int
mon_command_ack_decode(const void *p, size_t len, int32_t *r, char *rs, size_t rssz)
{
	struct dec d;
	uint64_t v;
	const uint8_t *s;
	uint32_t slen, n, i;

	dec_init(&d, p, len);
	paxos_hdr_decode(&d, &v);
	dec_s32(&d, r);
	if (dec_string(&d, &s, &slen))
		return d.err;
	if (rssz) {
		size_t k = slen < rssz - 1 ? slen : rssz - 1;

		memcpy(rs, s, k);
		rs[k] = 0;
	}
	/* the echoed command: validated, not kept */
	if (dec_count(&d, 4, &n))
		return d.err;
	for (i = 0; i < n; i++)
		dec_skip_string(&d);
	return d.err;
}

struct msg *
mon_msg_command_ack(uint64_t tid, int32_t r, const char *rs, const char *const *cmd,
		    unsigned ncmd, const char *data)
{
	struct msg *m = mon_msg_new(CEPH_MSG_MON_COMMAND_ACK, 1, 1);
	unsigned i;

	m->hdr.tid = tid;
	paxos_hdr_encode(&m->front, 0);
	enc_s32(&m->front, r);
	enc_cstr(&m->front, rs);
	enc_u32(&m->front, ncmd);
	for (i = 0; i < ncmd; i++)
		enc_cstr(&m->front, cmd[i]);
	if (data)
		buf_append(&m->data, data, strlen(data));
	return m;
}

/* ---- MConfig ---- */

int
mon_config_decode(const void *p, size_t len, uint32_t *nopts)
{
	struct dec d;
	uint32_t i;

	dec_init(&d, p, len);
	if (dec_count(&d, 8, nopts))
		return d.err;
	for (i = 0; i < *nopts; i++) {
		dec_skip_string(&d);
		dec_skip_string(&d);
	}
	return d.err;
}
