/*
 * mosdfailure.c — MOSDFailure encode/decode (see mosdfailure.h;
 * src/messages/MOSDFailure.h: encode_payload for SERVER_NAUTILUS peers).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/enc.h"
#include "mon/mon_msgs.h"
#include "msg/message.h"
#include "osd/mosdfailure.h"

struct msg *
mosdfailure_msg(const struct mosdfailure *f)
{
	struct msg *m = mon_msg_new(MSG_OSD_FAILURE, MOSDFAILURE_HEAD_VERSION,
				    MOSDFAILURE_COMPAT_VERSION);

	paxos_hdr_encode(&m->front, f->version);
	uuid_encode(&m->front, &f->fsid);
	enc_s32(&m->front, f->target_osd);
	entity_addrvec_encode(&m->front, &f->target_addrs);
	enc_u32(&m->front, f->epoch);
	enc_u8(&m->front, f->flags);
	enc_s32(&m->front, f->failed_for);
	return m;
}

int
mosdfailure_decode(const void *p, size_t len, uint16_t header_version, struct mosdfailure *f)
{
	struct dec d;

	memset(f, 0, sizeof(*f));
	/* v3 and older carry an entity_inst_t instead of id + addrvec. */
	if (header_version < 4)
		return -EOPNOTSUPP;
	dec_init(&d, p, len);
	paxos_hdr_decode(&d, &f->version);
	uuid_decode(&d, &f->fsid);
	dec_s32(&d, &f->target_osd);
	entity_addrvec_decode(&d, &f->target_addrs);
	dec_u32(&d, &f->epoch);
	dec_u8(&d, &f->flags);
	dec_s32(&d, &f->failed_for);
	return d.err;
}
