/*
 * auth.h — the authentication interface the messenger calls during the
 * msgr2 AUTH phase (AUTH_REQUEST ... AUTH_DONE, AUTH_SIGNATURE).
 *
 * The messenger never looks inside auth payloads: it hands them to a method
 * implementation chosen by method id (AUTH_METHOD_NONE = 1, CEPHX = 2) and
 * sends whatever that returns. Only NONE exists today (auth_none.c, as
 * Pacific's src/auth/none/ and MonClient do it); cephx plugs in as another
 * struct auth_method_ops without reshaping the messenger.
 *
 * Client side (we connect):
 *   auth_client_init() -> auth_client_build_request() -> AUTH_REQUEST
 *   AUTH_REPLY_MORE  -> auth_client_handle_reply_more() -> AUTH_REQUEST_MORE
 *   AUTH_BAD_METHOD  -> auth_client_handle_bad_method() -> new AUTH_REQUEST
 *   AUTH_DONE        -> auth_client_handle_done()
 *   then auth_sign() / auth_verify() over the recorded pre-auth bytes.
 * Server side (a peer connects to us):
 *   AUTH_REQUEST / AUTH_REQUEST_MORE -> auth_server_handle_request()
 *   -> AUTH_RESULT_DONE (send AUTH_DONE), _MORE (AUTH_REPLY_MORE) or
 *      _BAD_METHOD (send AUTH_BAD_METHOD from auth_server_bad_method()).
 *
 * Signatures (docs/ceph-wire/01-msgr2.md §7.3): each side signs the bytes it
 * received and checks the peer's signature against the bytes it sent, with
 * HMAC-SHA256 keyed by the session key; with no session key (auth none) the
 * signature is 32 zero bytes, and auth_wants_preauth_record() says 0 so the
 * messenger need not record anything.
 */
#ifndef OSDFARM_MSG_AUTH_H
#define OSDFARM_MSG_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/enc.h"
#include "msg/frames_ctl.h"

/* CEPH_AUTH_* method ids */
#define AUTH_METHOD_UNKNOWN 0
#define AUTH_METHOD_NONE 1
#define AUTH_METHOD_CEPHX 2

/* AUTH_MODE_* (src/auth/Auth.h): the first byte of the AUTH_REQUEST payload. */
#define AUTH_MODE_NONE 0
#define AUTH_MODE_AUTHORIZER 1          /* towards an OSD/MGR/MDS; 1..9 */
#define AUTH_MODE_AUTHORIZER_MAX 9
#define AUTH_MODE_MON 10                /* towards a monitor; 10..19 */
#define AUTH_MODE_MON_MAX 19

#define AUTH_SIGNATURE_LEN FRAME_AUTH_SIGNATURE_LEN
#define AUTH_SESSION_KEY_MAX 32
#define AUTH_CONNECTION_SECRET_MAX 64

/* EntityName (auth identity, "client.admin", "osd.0"): u32 type + string id. */
#define AUTH_NAME_ID_MAX 64
struct auth_name {
	uint32_t type;                  /* ENTITY_TYPE_* */
	char id[AUTH_NAME_ID_MAX];      /* NUL-terminated */
};
void auth_name_encode(struct buf *b, const struct auth_name *n);
/* -ENAMETOOLONG if the id does not fit, -EBADMSG if truncated. */
int auth_name_decode(struct dec *d, struct auth_name *n);
/* "osd.0"; returns snprintf's result. */
int auth_name_format(const struct auth_name *n, char *out, size_t outsz);
/* "client.admin" -> {CLIENT, "admin"}; -EINVAL on an unknown type or no dot. */
int auth_name_parse(const char *s, struct auth_name *n);

/* Which methods and connection modes to offer (client) or accept (server),
 * in order of preference. */
struct auth_policy {
	uint32_t nmethods;
	uint32_t methods[FRAME_AUTH_LIST_MAX];
	uint32_t nmodes;
	uint32_t modes[FRAME_AUTH_LIST_MAX];    /* CON_MODE_* */
};
/* methods [NONE], modes [CRC]: what osdfarm runs with auth none. */
void auth_policy_default(struct auth_policy *p);
int auth_policy_has_method(const struct auth_policy *p, uint32_t method);

struct auth_client;
struct auth_server;

/* One authentication method. Hooks return 0 or a negative errno. */
struct auth_method_ops {
	uint32_t method;
	const char *name;
	/* Client: the whole AUTH_REQUEST payload for ac->auth_mode. Towards a
	 * mon it starts with auth_encode_mon_prefix(); towards a service it is
	 * the method's authorizer. */
	int (*client_build_request)(struct auth_client *ac, struct buf *payload);
	/* Client: AUTH_REPLY_MORE payload in, AUTH_REQUEST_MORE payload out. */
	int (*client_handle_reply_more)(struct auth_client *ac, const uint8_t *p, size_t len,
					struct buf *reply);
	/* Client: AUTH_DONE payload (set session key / connection secret here). */
	int (*client_handle_done)(struct auth_client *ac, const uint8_t *p, size_t len);
	/* Server: the whole AUTH_REQUEST(_MORE) payload; returns an AUTH_RESULT_*
	 * (reply = payload of AUTH_DONE or AUTH_REPLY_MORE) or a negative errno. */
	int (*server_handle_request)(struct auth_server *as, const uint8_t *p, size_t len,
				     int more, struct buf *reply);
	/* Either side: HMAC-SHA256(session key, bytes); NULL = no keyed
	 * signatures (the signature is 32 zero bytes). */
	void (*hmac_sha256)(const uint8_t *key, size_t keylen, const struct buf *bytes,
			    uint8_t out[AUTH_SIGNATURE_LEN]);
	/* Release ac->priv / as->priv (NULL: nothing to release). */
	void (*client_destroy)(struct auth_client *ac);
	void (*server_destroy)(struct auth_server *as);
};
/* The implementation of a method id, or NULL if osdfarm has none. */
const struct auth_method_ops *auth_method_lookup(uint32_t method);
const char *auth_method_name(uint32_t method);  /* "none", "cephx", "unknown" */
extern const struct auth_method_ops auth_none_ops;
extern const struct auth_method_ops auth_cephx_ops;     /* auth_cephx.c */

/* Key material shared by both sides once AUTH_DONE is through. */
struct auth_session {
	uint32_t method;
	uint32_t con_mode;              /* CON_MODE_* chosen by the server */
	uint64_t global_id;
	uint8_t session_key[AUTH_SESSION_KEY_MAX];
	uint32_t session_key_len;       /* 0 with auth none */
	uint8_t connection_secret[AUTH_CONNECTION_SECRET_MAX];
	uint32_t connection_secret_len; /* 0 unless con_mode is SECURE */
};

/* ---- client side ---- */
struct auth_client;
/* u8 AUTH_MODE_MON; EntityName; u64 global_id (MonClient::get_auth_request). */
void auth_encode_mon_prefix(const struct auth_client *ac, struct buf *payload);

struct auth_client {
	const struct auth_method_ops *ops;
	struct auth_policy policy;
	uint8_t auth_mode;              /* AUTH_MODE_MON or AUTH_MODE_AUTHORIZER */
	uint8_t peer_type;              /* ENTITY_TYPE_* of the server (set by the messenger) */
	struct auth_name name;          /* who we are */
	uint64_t want_global_id;        /* sent in the request (0: none yet) */
	struct auth_session session;    /* filled by handle_done */
	int done;
	void *priv;                     /* method state of this connection */
	/* Key material shared by all connections (struct cephx_ctx for cephx),
	 * set by the messenger after auth_client_init; not owned. */
	void *keys;
};

/*
 * Prepare to authenticate as name. auth_mode: AUTH_MODE_MON towards a
 * monitor, AUTH_MODE_AUTHORIZER towards an OSD/MGR. global_id: the one we
 * already have (0 if none). The first method of policy that osdfarm
 * implements is used; -EOPNOTSUPP if none.
 */
int auth_client_init(struct auth_client *ac, const struct auth_policy *policy,
		     uint8_t auth_mode, const struct auth_name *name, uint64_t global_id);
void auth_client_destroy(struct auth_client *ac);
/* Fill an AUTH_REQUEST (method, modes) and its payload; f->payload points into payload. */
int auth_client_build_request(struct auth_client *ac, struct buf *payload,
			      struct frame_auth_request *f);
int auth_client_handle_reply_more(struct auth_client *ac, const struct frame_auth_more *f,
				  struct buf *reply);
/*
 * AUTH_BAD_METHOD: switch to the next method that both our policy and the
 * server allow (and a mode in common). 0 = send a new AUTH_REQUEST (call
 * auth_client_build_request again); -EACCES = nothing left, give up.
 */
int auth_client_handle_bad_method(struct auth_client *ac,
				  const struct frame_auth_bad_method *f);
/* AUTH_DONE: records global_id and con_mode; -EPROTO if the con_mode was not offered. */
int auth_client_handle_done(struct auth_client *ac, const struct frame_auth_done *f);

/* ---- server side ---- */
enum auth_result {
	AUTH_RESULT_DONE = 0,           /* send AUTH_DONE with the reply payload */
	AUTH_RESULT_MORE = 1,           /* send AUTH_REPLY_MORE with the reply payload */
	AUTH_RESULT_BAD_METHOD = 2,     /* send AUTH_BAD_METHOD (auth_server_bad_method) */
};

struct auth_server {
	const struct auth_method_ops *ops;
	struct auth_policy policy;
	uint8_t peer_type;              /* from the peer's HELLO (ENTITY_TYPE_*) */
	/* Set after auth_server_init by a mon-like server (tests, fake mon):
	 * also accept mon-mode (10..19) payloads, not only authorizers. */
	uint8_t accept_mon_mode;
	/* Results, valid after AUTH_RESULT_DONE: */
	struct auth_name peer_name;     /* EntityName the peer authenticated as */
	struct auth_session session;
	int done;
	/* After AUTH_RESULT_BAD_METHOD: what to tell the peer. */
	uint32_t bad_method;
	int32_t bad_result;             /* -EOPNOTSUPP, -EACCES, ... */
	void *priv;
	void *keys;                     /* as in struct auth_client */
	/* After AUTH_RESULT_DONE with cephx: the peer's caps for our service
	 * from its ticket (xmalloc'd string, NULL if none) and allow_all. */
	char *peer_caps;
	uint8_t peer_allow_all;
};

/* An OSD-side authenticator: accepts authorizer-mode payloads (1..9). */
void auth_server_init(struct auth_server *as, const struct auth_policy *policy,
		      uint8_t peer_type);
void auth_server_destroy(struct auth_server *as);
/*
 * An AUTH_REQUEST (f) or AUTH_REQUEST_MORE (more != 0, f->payload only; method
 * and modes as before). Picks the connection mode (first of the peer's
 * preferences the policy allows) and runs the method. Returns an
 * AUTH_RESULT_*, with reply = the AUTH_DONE or AUTH_REPLY_MORE payload; or
 * a negative errno (-EACCES: refuse, close the connection).
 */
int auth_server_handle_request(struct auth_server *as, const struct frame_auth_request *f,
			       int more, struct buf *reply);
/* The AUTH_BAD_METHOD to send after AUTH_RESULT_BAD_METHOD. */
void auth_server_bad_method(const struct auth_server *as, struct frame_auth_bad_method *f);
/* The AUTH_DONE to send after AUTH_RESULT_DONE (payload = reply from handle_request). */
void auth_server_done(const struct auth_server *as, const struct buf *reply,
		      struct frame_auth_done *f);

/* ---- signatures (both sides) ---- */
/* 1 if the messenger must record pre-auth bytes (a keyed signature). */
int auth_wants_preauth_record(const struct auth_session *s, const struct auth_method_ops *ops);
/* Our AUTH_SIGNATURE: over the bytes we received. */
void auth_sign(const struct auth_session *s, const struct auth_method_ops *ops,
	       const struct buf *received, uint8_t sig[AUTH_SIGNATURE_LEN]);
/* Check the peer's AUTH_SIGNATURE against the bytes we sent; -EACCES on mismatch. */
int auth_verify(const struct auth_session *s, const struct auth_method_ops *ops,
		const struct buf *sent, const uint8_t sig[AUTH_SIGNATURE_LEN]);

#endif
