/*
 * mosdping.c — MOSDPing encode/decode (see mosdping.h for the layout;
 * src/messages/MOSDPing.h, src/include/encoding.h for the duration codec).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "msg/message.h"
#include "osd/mosdping.h"

#define NSEC_PER_SEC 1000000000LL

void
span_encode(struct buf *b, int64_t ns)
{
	/* duration_cast<seconds> and % seconds(1) both truncate toward zero,
	 * exactly what C's / and % do. */
	int64_t s = ns / NSEC_PER_SEC;
	int64_t rem = ns % NSEC_PER_SEC;

	if (s > INT32_MAX)
		s = INT32_MAX;
	else if (s < INT32_MIN)
		s = INT32_MIN;
	enc_s32(b, (int32_t)s);
	enc_s32(b, (int32_t)rem);
}

int
span_decode(struct dec *d, int64_t *ns)
{
	int32_t s = 0, rem = 0;

	dec_s32(d, &s);
	if (dec_s32(d, &rem))
		return d->err;
	/* Ceph writes the remainder of a truncating division: |rem| < 1 s. A
	 * larger one is malformed (and could not be re-encoded: found by
	 * fuzz/monmsg_fuzz.c). */
	if (rem <= -NSEC_PER_SEC || rem >= NSEC_PER_SEC)
		return dec_fail(d, -EBADMSG);
	*ns = (int64_t)s * NSEC_PER_SEC + rem;
	return 0;
}

static uint32_t
pad_len(uint32_t min_message_size)
{
	uint32_t s = min_message_size > MOSDPING_HEAD_LEN ? min_message_size - MOSDPING_HEAD_LEN : 0;

	return s > MOSDPING_PAD_MAX ? MOSDPING_PAD_MAX : s;
}

void
mosdping_encode(struct buf *b, const struct mosdping *p)
{
	uint32_t pad = pad_len(p->min_message_size);

	uuid_encode(b, &p->fsid);
	enc_u32(b, p->map_epoch);
	enc_u8(b, p->op);
	utime_encode(b, &p->ping_stamp);
	enc_u32(b, pad);
	enc_u32(b, p->up_from);
	span_encode(b, p->mono_ping_stamp);
	span_encode(b, p->mono_send_stamp);
	enc_bool(b, p->has_delta_ub);
	if (p->has_delta_ub)
		span_encode(b, p->delta_ub);
	if (pad)
		memset(buf_reserve(b, pad), 0, pad);
}

struct msg *
mosdping_msg(const struct mosdping *p)
{
	struct msg *m = msg_new();

	m->hdr.type = MSG_OSD_PING;
	m->hdr.version = MOSDPING_HEAD_VERSION;
	m->hdr.compat_version = MOSDPING_COMPAT_VERSION;
	mosdping_encode(&m->front, p);
	return m;
}

int
mosdping_decode(const void *p, size_t len, uint16_t header_version, struct mosdping *out)
{
	struct dec d;
	uint32_t pad = 0;

	memset(out, 0, sizeof(*out));
	if (header_version < 4)
		return -EOPNOTSUPP;
	dec_init(&d, p, len);
	uuid_decode(&d, &out->fsid);
	dec_u32(&d, &out->map_epoch);
	dec_u8(&d, &out->op);
	utime_decode(&d, &out->ping_stamp);
	dec_u32(&d, &pad);
	if (header_version >= 5) {
		dec_u32(&d, &out->up_from);
		span_decode(&d, &out->mono_ping_stamp);
		span_decode(&d, &out->mono_send_stamp);
		dec_bool(&d, &out->has_delta_ub);
		if (out->has_delta_ub)
			span_decode(&d, &out->delta_ub);
	}
	if (d.err)
		return d.err;
	/* Ceph skips the padding and fails if it is not all there. */
	if (pad > MOSDPING_PAD_MAX)
		return -EBADMSG;
	if (dec_skip(&d, pad))
		return d.err;
	out->min_message_size = pad + MOSDPING_HEAD_LEN;
	return 0;
}

int
mosdping_decode_msg(struct msg *m, struct mosdping *out)
{
	static const uint8_t empty[1];
	const void *p = m->front.len ? (const void *)buf_contig(&m->front, 0, m->front.len) : empty;

	return mosdping_decode(p, m->front.len, m->hdr.version, out);
}

const char *
mosdping_op_name(uint8_t op)
{
	static const char *const names[] = {
		"heartbeat", "start_heartbeat", "you_died", "stop_heartbeat", "ping",
		"ping_reply",
	};

	return op < sizeof(names) / sizeof(names[0]) ? names[op] : "???";
}
