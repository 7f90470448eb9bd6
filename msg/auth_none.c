/*
 * auth_none.c — auth method NONE (1) as Pacific runs it over msgr2.
 *
 * Client (src/mon/MonClient.cc get_auth_request, src/auth/none/):
 *   towards a mon:     u8 10 (AUTH_MODE_MON); EntityName; u64 global_id
 *                      (the none method adds no initial data of its own)
 *   towards a service: the none authorizer, u8 1; EntityName; u64 global_id
 *                      (its leading struct_v 1 doubles as AUTH_MODE_AUTHORIZER)
 * Server (an OSD, MonClient::handle_auth_request + AuthNoneAuthorizeHandler):
 *   accept an authorizer whose first byte is 1..9, decode the name and
 *   global id, answer AUTH_DONE(global_id echoed, empty payload).
 * There is no session key, so both AUTH_SIGNATUREs are 32 zero bytes.
 */
#include "config.h"

#include <errno.h>

#include "common/buf.h"
#include "common/enc.h"
#include "msg/auth.h"

/* struct_v of the none authorizer (AuthNoneAuthorizer::build_authorizer). */
#define NONE_AUTHORIZER_V 1

static int
none_client_build_request(struct auth_client *ac, struct buf *payload)
{
	if (ac->auth_mode == AUTH_MODE_MON) {
		auth_encode_mon_prefix(ac, payload);
		return 0;
	}
	if (ac->auth_mode >= AUTH_MODE_AUTHORIZER && ac->auth_mode <= AUTH_MODE_AUTHORIZER_MAX) {
		enc_u8(payload, NONE_AUTHORIZER_V);
		auth_name_encode(payload, &ac->name);
		enc_u64(payload, ac->want_global_id);
		return 0;
	}
	return -EINVAL;
}

static int
none_client_handle_reply_more(struct auth_client *ac, const uint8_t *p, size_t len,
			      struct buf *reply)
{
	/* none is a single round trip: a server asking for more is confused. */
	return -EPROTO;
}

static int
none_client_handle_done(struct auth_client *ac, const uint8_t *p, size_t len)
{
	/* The payload is empty in Pacific; anything there is ignored like Ceph does. */
	ac->session.session_key_len = 0;
	ac->session.connection_secret_len = 0;
	return 0;
}

static int
none_server_handle_request(struct auth_server *as, const uint8_t *p, size_t len, int more,
			   struct buf *reply)
{
	struct dec d;
	uint8_t mode;

	if (more)
		return -EPROTO;
	/*
	 * An OSD only takes authorizers (first byte 1..9); mon-mode payloads
	 * and an empty payload are refused like Ceph's OSD does (-EACCES).
	 */
	if (len == 0 || p == NULL)
		return -EACCES;
	dec_init(&d, p, len);
	dec_u8(&d, &mode);
	if ((mode < AUTH_MODE_AUTHORIZER || mode > AUTH_MODE_AUTHORIZER_MAX) &&
	    !(as->accept_mon_mode && mode >= AUTH_MODE_MON && mode <= AUTH_MODE_MON_MAX))
		return -EACCES;
	if (auth_name_decode(&d, &as->peer_name) != 0)
		return -EACCES;
	if (dec_u64(&d, &as->session.global_id) != 0)
		return -EACCES;
	as->session.session_key_len = 0;
	as->session.connection_secret_len = 0;
	/* AUTH_DONE carries no method payload for none. */
	(void)reply;
	return AUTH_RESULT_DONE;
}

const struct auth_method_ops auth_none_ops = {
	.method = AUTH_METHOD_NONE,
	.name = "none",
	.client_build_request = none_client_build_request,
	.client_handle_reply_more = none_client_handle_reply_more,
	.client_handle_done = none_client_handle_done,
	.server_handle_request = none_server_handle_request,
	.hmac_sha256 = NULL,
};
