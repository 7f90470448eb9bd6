/*
 * frames_ctl.c — encoders and decoders of the msgr2 control frame payloads.
 *
 * Field order from src/msg/async/frames_v2.h (Pacific): each control frame
 * is a plain concatenation of its fields with the usual encodings
 * (common/enc.h); addresses always in the new (MSG_ADDR2) form.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/enc.h"
#include "common/types.h"
#include "msg/frames_ctl.h"

/* ---- helpers ---- */

static void
enc_blob(struct buf *b, const struct frame_blob *bl)
{
	enc_string(b, bl->p, bl->len);
}

static int
dec_blob(struct dec *d, struct frame_blob *bl)
{
	const uint8_t *p = NULL;
	uint32_t len = 0;
	int r = dec_string(d, &p, &len);

	if (r != 0)
		return r;
	bl->p = p;
	bl->len = len;
	return 0;
}

static void
enc_u32_list(struct buf *b, const uint32_t *v, uint32_t n)
{
	enc_u32(b, n);
	for (uint32_t i = 0; i < n; i++)
		enc_u32(b, v[i]);
}

/* vector<u32> into a fixed array; -E2BIG past FRAME_AUTH_LIST_MAX entries. */
static int
dec_u32_list(struct dec *d, uint32_t *v, uint32_t *n)
{
	uint32_t count;
	int r = dec_count(d, sizeof(uint32_t), &count);

	if (r != 0)
		return r;
	if (count > FRAME_AUTH_LIST_MAX)
		return dec_fail(d, -E2BIG);
	for (uint32_t i = 0; i < count; i++) {
		r = dec_u32(d, &v[i]);
		if (r != 0)
			return r;
	}
	*n = count;
	return 0;
}

/* ---- HELLO ---- */

void
frame_hello_encode(struct buf *b, const struct frame_hello *f)
{
	enc_u8(b, f->entity_type);
	entity_addr_encode(b, &f->peer_addr);
}

int
frame_hello_decode(struct dec *d, struct frame_hello *f)
{
	dec_u8(d, &f->entity_type);
	if (d->err)
		return d->err;
	return entity_addr_decode(d, &f->peer_addr);
}

/* ---- AUTH_REQUEST ---- */

void
frame_auth_request_encode(struct buf *b, const struct frame_auth_request *f)
{
	enc_u32(b, f->method);
	enc_u32_list(b, f->modes, f->nmodes);
	enc_blob(b, &f->payload);
}

int
frame_auth_request_decode(struct dec *d, struct frame_auth_request *f)
{
	int r;

	memset(f, 0, sizeof(*f));
	r = dec_u32(d, &f->method);
	if (r == 0)
		r = dec_u32_list(d, f->modes, &f->nmodes);
	if (r == 0)
		r = dec_blob(d, &f->payload);
	return r;
}

/* ---- AUTH_BAD_METHOD ---- */

void
frame_auth_bad_method_encode(struct buf *b, const struct frame_auth_bad_method *f)
{
	enc_u32(b, f->method);
	enc_s32(b, f->result);
	enc_u32_list(b, f->methods, f->nmethods);
	enc_u32_list(b, f->modes, f->nmodes);
}

int
frame_auth_bad_method_decode(struct dec *d, struct frame_auth_bad_method *f)
{
	int r;

	memset(f, 0, sizeof(*f));
	r = dec_u32(d, &f->method);
	if (r == 0)
		r = dec_s32(d, &f->result);
	if (r == 0)
		r = dec_u32_list(d, f->methods, &f->nmethods);
	if (r == 0)
		r = dec_u32_list(d, f->modes, &f->nmodes);
	return r;
}

/* ---- AUTH_REPLY_MORE / AUTH_REQUEST_MORE (same layout) ---- */

void
frame_auth_reply_more_encode(struct buf *b, const struct frame_auth_more *f)
{
	enc_blob(b, &f->payload);
}

int
frame_auth_reply_more_decode(struct dec *d, struct frame_auth_more *f)
{
	return dec_blob(d, &f->payload);
}

void
frame_auth_request_more_encode(struct buf *b, const struct frame_auth_more *f)
{
	enc_blob(b, &f->payload);
}

int
frame_auth_request_more_decode(struct dec *d, struct frame_auth_more *f)
{
	return dec_blob(d, &f->payload);
}

/* ---- AUTH_DONE ---- */

void
frame_auth_done_encode(struct buf *b, const struct frame_auth_done *f)
{
	enc_u64(b, f->global_id);
	enc_u32(b, f->con_mode);
	enc_blob(b, &f->payload);
}

int
frame_auth_done_decode(struct dec *d, struct frame_auth_done *f)
{
	dec_u64(d, &f->global_id);
	dec_u32(d, &f->con_mode);
	if (d->err)
		return d->err;
	return dec_blob(d, &f->payload);
}

/* ---- AUTH_SIGNATURE: sha256_digest_t is encoded raw, without a length ---- */

void
frame_auth_signature_encode(struct buf *b, const struct frame_auth_signature *f)
{
	enc_raw(b, f->sig, sizeof(f->sig));
}

int
frame_auth_signature_decode(struct dec *d, struct frame_auth_signature *f)
{
	return dec_raw(d, f->sig, sizeof(f->sig));
}

/* ---- CLIENT_IDENT / SERVER_IDENT ---- */

void
frame_client_ident_encode(struct buf *b, const struct frame_client_ident *f)
{
	entity_addrvec_encode(b, &f->addrs);
	entity_addr_encode(b, &f->target);
	enc_s64(b, f->gid);
	enc_u64(b, f->global_seq);
	enc_u64(b, f->supported);
	enc_u64(b, f->required);
	enc_u64(b, f->flags);
	enc_u64(b, f->cookie);
}

int
frame_client_ident_decode(struct dec *d, struct frame_client_ident *f)
{
	int r = entity_addrvec_decode(d, &f->addrs);

	if (r == 0)
		r = entity_addr_decode(d, &f->target);
	if (r != 0)
		return dec_fail(d, r);
	dec_s64(d, &f->gid);
	dec_u64(d, &f->global_seq);
	dec_u64(d, &f->supported);
	dec_u64(d, &f->required);
	dec_u64(d, &f->flags);
	dec_u64(d, &f->cookie);
	return d->err;
}

void
frame_server_ident_encode(struct buf *b, const struct frame_server_ident *f)
{
	entity_addrvec_encode(b, &f->addrs);
	enc_s64(b, f->gid);
	enc_u64(b, f->global_seq);
	enc_u64(b, f->supported);
	enc_u64(b, f->required);
	enc_u64(b, f->flags);
	enc_u64(b, f->cookie);
}

int
frame_server_ident_decode(struct dec *d, struct frame_server_ident *f)
{
	int r = entity_addrvec_decode(d, &f->addrs);

	if (r != 0)
		return dec_fail(d, r);
	dec_s64(d, &f->gid);
	dec_u64(d, &f->global_seq);
	dec_u64(d, &f->supported);
	dec_u64(d, &f->required);
	dec_u64(d, &f->flags);
	dec_u64(d, &f->cookie);
	return d->err;
}

/* ---- IDENT_MISSING_FEATURES ---- */

void
frame_ident_missing_features_encode(struct buf *b,
				    const struct frame_ident_missing_features *f)
{
	enc_u64(b, f->features);
}

int
frame_ident_missing_features_decode(struct dec *d, struct frame_ident_missing_features *f)
{
	return dec_u64(d, &f->features);
}

/* ---- SESSION_* ---- */

void
frame_session_reconnect_encode(struct buf *b, const struct frame_session_reconnect *f)
{
	entity_addrvec_encode(b, &f->addrs);
	enc_u64(b, f->client_cookie);
	enc_u64(b, f->server_cookie);
	enc_u64(b, f->global_seq);
	enc_u64(b, f->connect_seq);
	enc_u64(b, f->msg_seq);
}

int
frame_session_reconnect_decode(struct dec *d, struct frame_session_reconnect *f)
{
	int r = entity_addrvec_decode(d, &f->addrs);

	if (r != 0)
		return dec_fail(d, r);
	dec_u64(d, &f->client_cookie);
	dec_u64(d, &f->server_cookie);
	dec_u64(d, &f->global_seq);
	dec_u64(d, &f->connect_seq);
	dec_u64(d, &f->msg_seq);
	return d->err;
}

void
frame_session_reset_encode(struct buf *b, const struct frame_session_reset *f)
{
	enc_bool(b, f->full);
}

int
frame_session_reset_decode(struct dec *d, struct frame_session_reset *f)
{
	return dec_bool(d, &f->full);
}

void
frame_session_retry_encode(struct buf *b, const struct frame_session_retry *f)
{
	enc_u64(b, f->connect_seq);
}

int
frame_session_retry_decode(struct dec *d, struct frame_session_retry *f)
{
	return dec_u64(d, &f->connect_seq);
}

void
frame_session_retry_global_encode(struct buf *b, const struct frame_session_retry_global *f)
{
	enc_u64(b, f->global_seq);
}

int
frame_session_retry_global_decode(struct dec *d, struct frame_session_retry_global *f)
{
	return dec_u64(d, &f->global_seq);
}

void
frame_session_reconnect_ok_encode(struct buf *b, const struct frame_session_reconnect_ok *f)
{
	enc_u64(b, f->msg_seq);
}

int
frame_session_reconnect_ok_decode(struct dec *d, struct frame_session_reconnect_ok *f)
{
	return dec_u64(d, &f->msg_seq);
}

/* ---- KEEPALIVE2 / KEEPALIVE2_ACK / ACK ---- */

void
frame_keepalive2_encode(struct buf *b, const struct frame_keepalive *f)
{
	utime_encode(b, &f->stamp);
}

int
frame_keepalive2_decode(struct dec *d, struct frame_keepalive *f)
{
	return utime_decode(d, &f->stamp);
}

void
frame_keepalive2_ack_encode(struct buf *b, const struct frame_keepalive *f)
{
	utime_encode(b, &f->stamp);
}

int
frame_keepalive2_ack_decode(struct dec *d, struct frame_keepalive *f)
{
	return utime_decode(d, &f->stamp);
}

void
frame_ack_encode(struct buf *b, const struct frame_ack *f)
{
	enc_u64(b, f->seq);
}

int
frame_ack_decode(struct dec *d, struct frame_ack *f)
{
	return dec_u64(d, &f->seq);
}
