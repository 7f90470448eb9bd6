/*
 * auth_cephx.h — the cephx authentication method (id 2) for msgr2: the
 * key context shared by every connection of a process (our secret, the
 * tickets the mon handed out, the rotating service secrets), the keyring
 * reader, and the payloads a mon client exchanges over MAuth after the
 * handshake (service tickets, rotating secrets, renewals).
 *
 * The per-connection part plugs into msg/auth.h as auth_cephx_ops:
 *   towards a mon   (AUTH_MODE_MON): challenge, CephXAuthenticate, tickets
 *                    + connection secret in AUTH_DONE;
 *   towards a service (authorizer): ticket + CephXAuthorize, one challenge
 *                    round (CEPHX_V2), CephXAuthorizeReply in AUTH_DONE;
 *   as a service    (server): authorizer checked with the rotating secret
 *                    of our service, challenge, reply + connection secret.
 * Facts: src/auth/cephx/CephxProtocol.{h,cc}, CephxClientHandler.cc,
 * CephxServiceHandler.cc, src/mon/MonClient.cc.
 */
#ifndef OSDFARM_MSG_AUTH_CEPHX_H
#define OSDFARM_MSG_AUTH_CEPHX_H

#include <stdint.h>

#include "common/buf.h"
#include "msg/auth.h"
#include "msg/cephx_crypto.h"

/* CEPHX_* request types (CephxProtocol.h) */
#define CEPHX_GET_AUTH_SESSION_KEY 0x0100
#define CEPHX_GET_PRINCIPAL_SESSION_KEY 0x0200
#define CEPHX_GET_ROTATING_KEY 0x0400

/* Bytes of connection secret a secure connection needs
 * (AuthConnectionMeta::get_connection_secret_length). */
#define CEPHX_CONNECTION_SECRET_LEN 64

/* One ticket per service type (bit index of ENTITY_TYPE_*: MON .. AUTH). */
#define CEPHX_NSERVICES 6
struct cephx_ticket {
	int have;
	struct cephx_key session_key;
	uint64_t secret_id;
	uint8_t *blob;                  /* opaque, encrypted for the service */
	uint32_t blob_len;
	double expires, renew_after;    /* our clock (utime_now), 0 = never */
};

#define CEPHX_ROTATING_MAX 8
struct cephx_rotating_key {
	uint64_t id;
	struct cephx_key key;
	struct utime expires;
};

struct cephx_ctx {
	struct auth_name name;
	struct cephx_key secret;        /* ours, from the keyring */
	uint32_t want;                  /* ENTITY_TYPE_* bits we want tickets for */
	uint64_t global_id;
	uint64_t server_challenge;      /* of the current mon session */
	struct cephx_ticket t[CEPHX_NSERVICES];
	/* Rotating secrets of our own service type (OSD), for authorizers. */
	uint32_t nrot;
	struct cephx_rotating_key rot[CEPHX_ROTATING_MAX];
	double rot_fetched;             /* when they last arrived (0: never) */
};

/* name + its secret. want: the services to get tickets for (e.g. MON|OSD|MGR). */
struct cephx_ctx *cephx_ctx_new(const struct auth_name *name, const struct cephx_key *secret,
				uint32_t want);
void cephx_ctx_free(struct cephx_ctx *cx);

/*
 * Find name's key in a Ceph keyring file ("[osd.0]" then "key = BASE64").
 * -ENOENT if the file or the entry is missing, -EINVAL if the key is bad.
 */
int cephx_keyring_find(const char *path, const char *name, struct cephx_key *k);
/* Write a one-entry keyring (mode 0600): "[name]\n\tkey = ...\n". */
int cephx_keyring_write(const char *path, const char *name, const struct cephx_key *k);

/* The ticket for one ENTITY_TYPE_* service (NULL for an unknown type). */
struct cephx_ticket *cephx_ticket_for(struct cephx_ctx *cx, uint32_t service);
/* Services of cx->want (plus AUTH) without a valid ticket or due for renewal at now. */
uint32_t cephx_need(const struct cephx_ctx *cx, double now);
/* Whether our rotating secrets are missing or the current one expires soon. */
int cephx_rotating_need(const struct cephx_ctx *cx, double now);

/*
 * Payloads carried by MAuth (CEPH_MSG_AUTH, protocol 2) on an established
 * mon session, and the handler of the matching MAuthReply result_bl.
 */
/* Renew the AUTH ticket (GET_AUTH_SESSION_KEY with the old ticket) or, if
 * it is still good, fetch the missing service tickets. -EAGAIN if nothing
 * is needed. */
int cephx_build_renewal(struct cephx_ctx *cx, struct buf *out);
int cephx_build_service_request(struct cephx_ctx *cx, uint32_t keys, struct buf *out);
int cephx_build_rotating_request(struct buf *out);
/* A reply's result_bl: updates tickets or rotating secrets. Returns the
 * request type handled, or -EACCES/-EBADMSG/-EPERM. */
int cephx_handle_reply(struct cephx_ctx *cx, const uint8_t *p, size_t len);

/* Encode a ticket request for the AUTH service as an authorizer (used
 * inside GET_PRINCIPAL_SESSION_KEY). */
int cephx_build_authorizer(struct cephx_ctx *cx, uint32_t service, uint64_t nonce,
			   int have_challenge, uint64_t challenge_plus_one, struct buf *out,
			   size_t *base_len);

#endif
