/*
 * frames_ctl.h — payloads of the msgr2 control frames (every tag but MESSAGE).
 *
 * One struct, one encoder and one decoder per frame, fields in wire order as
 * Pacific sends them (src/msg/async/frames_v2.h, the ControlFrame field
 * lists; docs/ceph-wire/01-msgr2.md §6-9). Encoders append the payload to a
 * struct buf (the caller wraps it with frame_build_ctl()). Decoders read a
 * struct dec over the whole, contiguous segment 0; they return 0 or a
 * negative errno (-EBADMSG on truncation, see common/enc.h) and ignore bytes
 * after the last field, as Ceph does. Blobs (auth payloads) decode as views
 * into the segment: valid while the segment's buffer is.
 *
 * WAIT has an empty payload and needs no codec.
 */
#ifndef OSDFARM_MSG_FRAMES_CTL_H
#define OSDFARM_MSG_FRAMES_CTL_H

#include <stdint.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"

/* A length-prefixed byte string (bufferlist) as a view. */
struct frame_blob {
	const uint8_t *p;
	uint32_t len;
};

/* At most this many auth methods / connection modes in a list (Ceph has 2 of each). */
#define FRAME_AUTH_LIST_MAX 8
#define FRAME_AUTH_SIGNATURE_LEN 32

/* CEPH_CON_MODE_* */
#define CON_MODE_UNKNOWN 0
#define CON_MODE_CRC 1
#define CON_MODE_SECURE 2

/* HELLO: u8 entity_type; entity_addr_t peer_addr (how the sender sees the peer). */
struct frame_hello {
	uint8_t entity_type;
	struct entity_addr peer_addr;
};
void frame_hello_encode(struct buf *b, const struct frame_hello *f);
int frame_hello_decode(struct dec *d, struct frame_hello *f);

/* AUTH_REQUEST: u32 method; vector<u32> preferred_modes; bufferlist payload. */
struct frame_auth_request {
	uint32_t method;
	uint32_t nmodes;
	uint32_t modes[FRAME_AUTH_LIST_MAX];
	struct frame_blob payload;
};
void frame_auth_request_encode(struct buf *b, const struct frame_auth_request *f);
/* -E2BIG if more than FRAME_AUTH_LIST_MAX modes. */
int frame_auth_request_decode(struct dec *d, struct frame_auth_request *f);

/* AUTH_BAD_METHOD: u32 method; s32 result; vector<u32> methods; vector<u32> modes. */
struct frame_auth_bad_method {
	uint32_t method;
	int32_t result;
	uint32_t nmethods;
	uint32_t methods[FRAME_AUTH_LIST_MAX];
	uint32_t nmodes;
	uint32_t modes[FRAME_AUTH_LIST_MAX];
};
void frame_auth_bad_method_encode(struct buf *b, const struct frame_auth_bad_method *f);
int frame_auth_bad_method_decode(struct dec *d, struct frame_auth_bad_method *f);

/* AUTH_REPLY_MORE (S->C) and AUTH_REQUEST_MORE (C->S): bufferlist payload. */
struct frame_auth_more {
	struct frame_blob payload;
};
void frame_auth_reply_more_encode(struct buf *b, const struct frame_auth_more *f);
int frame_auth_reply_more_decode(struct dec *d, struct frame_auth_more *f);
void frame_auth_request_more_encode(struct buf *b, const struct frame_auth_more *f);
int frame_auth_request_more_decode(struct dec *d, struct frame_auth_more *f);

/* AUTH_DONE: u64 global_id; u32 con_mode; bufferlist payload. */
struct frame_auth_done {
	uint64_t global_id;
	uint32_t con_mode;
	struct frame_blob payload;
};
void frame_auth_done_encode(struct buf *b, const struct frame_auth_done *f);
int frame_auth_done_decode(struct dec *d, struct frame_auth_done *f);

/* AUTH_SIGNATURE: 32 raw bytes (HMAC-SHA256), no length prefix. */
struct frame_auth_signature {
	uint8_t sig[FRAME_AUTH_SIGNATURE_LEN];
};
void frame_auth_signature_encode(struct buf *b, const struct frame_auth_signature *f);
int frame_auth_signature_decode(struct dec *d, struct frame_auth_signature *f);

/* CEPH_MSG_CONNECT_LOSSY, in CLIENT_IDENT / SERVER_IDENT flags */
#define FRAME_IDENT_FLAG_LOSSY 1ULL

/*
 * CLIENT_IDENT: addrvec addrs; addr target; s64 gid; u64 global_seq;
 * u64 supported; u64 required; u64 flags; u64 client_cookie.
 */
struct frame_client_ident {
	struct entity_addrvec addrs;
	struct entity_addr target;
	int64_t gid;
	uint64_t global_seq;
	uint64_t supported;
	uint64_t required;
	uint64_t flags;
	uint64_t cookie;
};
void frame_client_ident_encode(struct buf *b, const struct frame_client_ident *f);
int frame_client_ident_decode(struct dec *d, struct frame_client_ident *f);

/* SERVER_IDENT: addrvec addrs; s64 gid; u64 global_seq, supported, required, flags, server_cookie. */
struct frame_server_ident {
	struct entity_addrvec addrs;
	int64_t gid;
	uint64_t global_seq;
	uint64_t supported;
	uint64_t required;
	uint64_t flags;
	uint64_t cookie;
};
void frame_server_ident_encode(struct buf *b, const struct frame_server_ident *f);
int frame_server_ident_decode(struct dec *d, struct frame_server_ident *f);

/* IDENT_MISSING_FEATURES: u64 missing. */
struct frame_ident_missing_features {
	uint64_t features;
};
void frame_ident_missing_features_encode(struct buf *b,
					 const struct frame_ident_missing_features *f);
int frame_ident_missing_features_decode(struct dec *d, struct frame_ident_missing_features *f);

/*
 * SESSION_RECONNECT: addrvec addrs; u64 client_cookie, server_cookie,
 * global_seq, connect_seq, msg_seq.
 */
struct frame_session_reconnect {
	struct entity_addrvec addrs;
	uint64_t client_cookie;
	uint64_t server_cookie;
	uint64_t global_seq;
	uint64_t connect_seq;
	uint64_t msg_seq;
};
void frame_session_reconnect_encode(struct buf *b, const struct frame_session_reconnect *f);
int frame_session_reconnect_decode(struct dec *d, struct frame_session_reconnect *f);

/* SESSION_RESET: bool full. */
struct frame_session_reset {
	int full;
};
void frame_session_reset_encode(struct buf *b, const struct frame_session_reset *f);
int frame_session_reset_decode(struct dec *d, struct frame_session_reset *f);

/* SESSION_RETRY: u64 connect_seq. */
struct frame_session_retry {
	uint64_t connect_seq;
};
void frame_session_retry_encode(struct buf *b, const struct frame_session_retry *f);
int frame_session_retry_decode(struct dec *d, struct frame_session_retry *f);

/* SESSION_RETRY_GLOBAL: u64 global_seq. */
struct frame_session_retry_global {
	uint64_t global_seq;
};
void frame_session_retry_global_encode(struct buf *b,
				       const struct frame_session_retry_global *f);
int frame_session_retry_global_decode(struct dec *d, struct frame_session_retry_global *f);

/* SESSION_RECONNECT_OK: u64 msg_seq. */
struct frame_session_reconnect_ok {
	uint64_t msg_seq;
};
void frame_session_reconnect_ok_encode(struct buf *b,
				       const struct frame_session_reconnect_ok *f);
int frame_session_reconnect_ok_decode(struct dec *d, struct frame_session_reconnect_ok *f);

/* KEEPALIVE2 and KEEPALIVE2_ACK: utime_t stamp (the ack echoes the keepalive's). */
struct frame_keepalive {
	struct utime stamp;
};
void frame_keepalive2_encode(struct buf *b, const struct frame_keepalive *f);
int frame_keepalive2_decode(struct dec *d, struct frame_keepalive *f);
void frame_keepalive2_ack_encode(struct buf *b, const struct frame_keepalive *f);
int frame_keepalive2_ack_decode(struct dec *d, struct frame_keepalive *f);

/* ACK: u64 seq (highest in-order message seq received). */
struct frame_ack {
	uint64_t seq;
};
void frame_ack_encode(struct buf *b, const struct frame_ack *f);
int frame_ack_decode(struct dec *d, struct frame_ack *f);

#endif
