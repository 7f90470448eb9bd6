/*
 * auth.c — method-independent part of msgr2 authentication: EntityName,
 * policies, method/mode negotiation, the client and server drivers, and
 * AUTH_SIGNATURE computation.
 *
 * The negotiation mirrors Ceph's ProtocolV2 + AuthRegistry behaviour
 * (src/msg/async/ProtocolV2.cc handle_auth_request/_auth_bad_method,
 * src/auth/AuthRegistry.cc pick_mode): the server takes the first of the
 * client's preferred connection modes that it allows; an unknown or
 * disallowed method or no common mode gets AUTH_BAD_METHOD(-EOPNOTSUPP)
 * with what the server does allow.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"
#include "msg/auth.h"

/* ---- EntityName ---- */

void
auth_name_encode(struct buf *b, const struct auth_name *n)
{
	enc_u32(b, n->type);
	enc_cstr(b, n->id);
}

int
auth_name_decode(struct dec *d, struct auth_name *n)
{
	dec_u32(d, &n->type);
	if (d->err)
		return d->err;
	return dec_string_copy(d, n->id, sizeof(n->id));
}

int
auth_name_format(const struct auth_name *n, char *out, size_t outsz)
{
	return snprintf(out, outsz, "%s.%s", entity_type_name((uint8_t)n->type), n->id);
}

static const struct {
	const char *name;
	uint32_t type;
} auth_types[] = {
	{ "mon", ENTITY_TYPE_MON },
	{ "mds", ENTITY_TYPE_MDS },
	{ "osd", ENTITY_TYPE_OSD },
	{ "client", ENTITY_TYPE_CLIENT },
	{ "mgr", ENTITY_TYPE_MGR },
};

int
auth_name_parse(const char *s, struct auth_name *n)
{
	const char *dot = strchr(s, '.');
	size_t tlen, idlen;

	if (dot == NULL)
		return -EINVAL;
	tlen = (size_t)(dot - s);
	idlen = strlen(dot + 1);
	if (idlen == 0 || idlen >= sizeof(n->id))
		return -EINVAL;
	for (size_t i = 0; i < sizeof(auth_types) / sizeof(auth_types[0]); i++) {
		if (strlen(auth_types[i].name) == tlen &&
		    memcmp(auth_types[i].name, s, tlen) == 0) {
			n->type = auth_types[i].type;
			memcpy(n->id, dot + 1, idlen + 1);
			return 0;
		}
	}
	return -EINVAL;
}

/* ---- policies and methods ---- */

void
auth_policy_default(struct auth_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->nmethods = 1;
	p->methods[0] = AUTH_METHOD_NONE;
	p->nmodes = 1;
	p->modes[0] = CON_MODE_CRC;
}

static int
list_has(const uint32_t *v, uint32_t n, uint32_t x)
{
	for (uint32_t i = 0; i < n && i < FRAME_AUTH_LIST_MAX; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

int
auth_policy_has_method(const struct auth_policy *p, uint32_t method)
{
	return list_has(p->methods, p->nmethods, method);
}

const struct auth_method_ops *
auth_method_lookup(uint32_t method)
{
	switch (method) {
	case AUTH_METHOD_NONE:
		return &auth_none_ops;
	case AUTH_METHOD_CEPHX:
		return &auth_cephx_ops;
	default:
		return NULL;
	}
}

const char *
auth_method_name(uint32_t method)
{
	switch (method) {
	case AUTH_METHOD_NONE: return "none";
	case AUTH_METHOD_CEPHX: return "cephx";
	default: return "unknown";
	}
}

/* ---- client ---- */

void
auth_encode_mon_prefix(const struct auth_client *ac, struct buf *payload)
{
	enc_u8(payload, AUTH_MODE_MON);
	auth_name_encode(payload, &ac->name);
	enc_u64(payload, ac->want_global_id);
}

/* First method of ours, after skipping `skip` (if not 0), that we implement
 * and that allowed (if not NULL) contains. */
static const struct auth_method_ops *
client_pick_method(const struct auth_policy *p, const uint32_t *allowed, uint32_t nallowed,
		   uint32_t skip)
{
	for (uint32_t i = 0; i < p->nmethods && i < FRAME_AUTH_LIST_MAX; i++) {
		const struct auth_method_ops *ops = auth_method_lookup(p->methods[i]);

		if (ops == NULL || p->methods[i] == skip)
			continue;
		if (allowed && !list_has(allowed, nallowed, p->methods[i]))
			continue;
		return ops;
	}
	return NULL;
}

int
auth_client_init(struct auth_client *ac, const struct auth_policy *policy,
		 uint8_t auth_mode, const struct auth_name *name, uint64_t global_id)
{
	memset(ac, 0, sizeof(*ac));
	if (policy)
		ac->policy = *policy;
	else
		auth_policy_default(&ac->policy);
	if (ac->policy.nmethods > FRAME_AUTH_LIST_MAX)
		ac->policy.nmethods = FRAME_AUTH_LIST_MAX;
	if (ac->policy.nmodes > FRAME_AUTH_LIST_MAX)
		ac->policy.nmodes = FRAME_AUTH_LIST_MAX;
	ac->auth_mode = auth_mode;
	ac->name = *name;
	ac->want_global_id = global_id;
	ac->ops = client_pick_method(&ac->policy, NULL, 0, AUTH_METHOD_UNKNOWN);
	if (ac->ops == NULL)
		return -EOPNOTSUPP;
	ac->session.method = ac->ops->method;
	return 0;
}

void
auth_client_destroy(struct auth_client *ac)
{
	if (ac->ops && ac->ops->client_destroy)
		ac->ops->client_destroy(ac);
	/* Key material must not linger in freed memory. */
	memset(&ac->session, 0, sizeof(ac->session));
	ac->ops = NULL;
	ac->priv = NULL;
}

int
auth_client_build_request(struct auth_client *ac, struct buf *payload,
			  struct frame_auth_request *f)
{
	int r;

	if (ac->ops == NULL)
		return -EOPNOTSUPP;
	r = ac->ops->client_build_request(ac, payload);
	if (r != 0)
		return r;
	memset(f, 0, sizeof(*f));
	f->method = ac->ops->method;
	f->nmodes = ac->policy.nmodes;
	memcpy(f->modes, ac->policy.modes, sizeof(f->modes));
	f->payload.len = (uint32_t)payload->len;
	f->payload.p = payload->len ? buf_contig(payload, 0, payload->len) : NULL;
	return 0;
}

int
auth_client_handle_reply_more(struct auth_client *ac, const struct frame_auth_more *f,
			      struct buf *reply)
{
	if (ac->ops == NULL || ac->done)
		return -EPROTO;
	return ac->ops->client_handle_reply_more(ac, f->payload.p, f->payload.len, reply);
}

int
auth_client_handle_bad_method(struct auth_client *ac, const struct frame_auth_bad_method *f)
{
	const struct auth_method_ops *next;
	uint32_t modes[FRAME_AUTH_LIST_MAX];
	uint32_t nmodes = 0;

	if (ac->done)
		return -EPROTO;
	/* Keep only the modes both sides allow, in our order. */
	for (uint32_t i = 0; i < ac->policy.nmodes; i++)
		if (list_has(f->modes, f->nmodes, ac->policy.modes[i]))
			modes[nmodes++] = ac->policy.modes[i];
	if (nmodes == 0)
		return -EACCES;
	/* Do not retry the method the server just refused. */
	next = client_pick_method(&ac->policy, f->methods, f->nmethods, f->method);
	if (next == NULL)
		return -EACCES;
	if (ac->ops->client_destroy)
		ac->ops->client_destroy(ac);
	ac->priv = NULL;
	ac->ops = next;
	ac->session.method = next->method;
	ac->policy.nmodes = nmodes;
	memcpy(ac->policy.modes, modes, sizeof(modes));
	return 0;
}

int
auth_client_handle_done(struct auth_client *ac, const struct frame_auth_done *f)
{
	int r;

	if (ac->ops == NULL || ac->done)
		return -EPROTO;
	if (!list_has(ac->policy.modes, ac->policy.nmodes, f->con_mode))
		return -EPROTO;
	ac->session.global_id = f->global_id;
	ac->session.con_mode = f->con_mode;
	r = ac->ops->client_handle_done(ac, f->payload.p, f->payload.len);
	if (r != 0)
		return r;
	ac->done = 1;
	return 0;
}

/* ---- server ---- */

void
auth_server_init(struct auth_server *as, const struct auth_policy *policy, uint8_t peer_type)
{
	memset(as, 0, sizeof(*as));
	if (policy)
		as->policy = *policy;
	else
		auth_policy_default(&as->policy);
	if (as->policy.nmethods > FRAME_AUTH_LIST_MAX)
		as->policy.nmethods = FRAME_AUTH_LIST_MAX;
	if (as->policy.nmodes > FRAME_AUTH_LIST_MAX)
		as->policy.nmodes = FRAME_AUTH_LIST_MAX;
	as->peer_type = peer_type;
}

void
auth_server_destroy(struct auth_server *as)
{
	if (as->ops && as->ops->server_destroy)
		as->ops->server_destroy(as);
	free(as->peer_caps);
	as->peer_caps = NULL;
	memset(&as->session, 0, sizeof(as->session));
	as->ops = NULL;
	as->priv = NULL;
}

/* Forget the method of an earlier AUTH_REQUEST on this connection. */
static void
server_drop_method(struct auth_server *as)
{
	if (as->ops && as->ops->server_destroy)
		as->ops->server_destroy(as);
	as->priv = NULL;
	as->ops = NULL;
}

static int
server_bad_method(struct auth_server *as, uint32_t method, int32_t result)
{
	as->bad_method = method;
	as->bad_result = result;
	server_drop_method(as);
	return AUTH_RESULT_BAD_METHOD;
}

int
auth_server_handle_request(struct auth_server *as, const struct frame_auth_request *f,
			   int more, struct buf *reply)
{
	int r;

	if (as->done)
		return -EPROTO;
	if (more) {
		/* AUTH_REQUEST_MORE continues the method already chosen. */
		if (as->ops == NULL)
			return -EPROTO;
		r = as->ops->server_handle_request(as, f->payload.p, f->payload.len, 1, reply);
		if (r == AUTH_RESULT_DONE)
			as->done = 1;
		return r;
	}

	server_drop_method(as);
	if (!auth_policy_has_method(&as->policy, f->method) ||
	    auth_method_lookup(f->method) == NULL)
		return server_bad_method(as, f->method, -EOPNOTSUPP);
	/* The first of the peer's preferences that we allow. */
	as->session.con_mode = CON_MODE_UNKNOWN;
	for (uint32_t i = 0; i < f->nmodes && i < FRAME_AUTH_LIST_MAX; i++) {
		if (list_has(as->policy.modes, as->policy.nmodes, f->modes[i])) {
			as->session.con_mode = f->modes[i];
			break;
		}
	}
	if (as->session.con_mode == CON_MODE_UNKNOWN)
		return server_bad_method(as, f->method, -EOPNOTSUPP);

	as->ops = auth_method_lookup(f->method);
	as->session.method = f->method;
	r = as->ops->server_handle_request(as, f->payload.p, f->payload.len, 0, reply);
	if (r == AUTH_RESULT_DONE)
		as->done = 1;
	return r;
}

void
auth_server_bad_method(const struct auth_server *as, struct frame_auth_bad_method *f)
{
	memset(f, 0, sizeof(*f));
	f->method = as->bad_method;
	f->result = as->bad_result;
	f->nmethods = as->policy.nmethods;
	memcpy(f->methods, as->policy.methods, sizeof(f->methods));
	f->nmodes = as->policy.nmodes;
	memcpy(f->modes, as->policy.modes, sizeof(f->modes));
}

void
auth_server_done(const struct auth_server *as, const struct buf *reply,
		 struct frame_auth_done *f)
{
	memset(f, 0, sizeof(*f));
	f->global_id = as->session.global_id;
	f->con_mode = as->session.con_mode;
	f->payload.len = (uint32_t)reply->len;
	/* buf_contig may rebuild the list; reply is ours to make contiguous. */
	f->payload.p = reply->len ? buf_contig((struct buf *)reply, 0, reply->len) : NULL;
}

/* ---- signatures ---- */

static int
keyed(const struct auth_session *s, const struct auth_method_ops *ops)
{
	return ops && ops->hmac_sha256 && s->session_key_len > 0;
}

int
auth_wants_preauth_record(const struct auth_session *s, const struct auth_method_ops *ops)
{
	/*
	 * The session key is only known after AUTH_DONE, but recording has to
	 * start at the banner: any method that can produce a key needs it.
	 */
	(void)s;
	return ops && ops->hmac_sha256;
}

void
auth_sign(const struct auth_session *s, const struct auth_method_ops *ops,
	  const struct buf *received, uint8_t sig[AUTH_SIGNATURE_LEN])
{
	/* No session key (auth none): Ceph sends an all-zero digest. */
	if (!keyed(s, ops)) {
		memset(sig, 0, AUTH_SIGNATURE_LEN);
		return;
	}
	ops->hmac_sha256(s->session_key, s->session_key_len, received, sig);
}

int
auth_verify(const struct auth_session *s, const struct auth_method_ops *ops,
	    const struct buf *sent, const uint8_t sig[AUTH_SIGNATURE_LEN])
{
	uint8_t want[AUTH_SIGNATURE_LEN];
	uint8_t diff = 0;

	auth_sign(s, ops, sent, want);
	/* No early exit: the comparison time must not leak the digest. */
	for (int i = 0; i < AUTH_SIGNATURE_LEN; i++)
		diff |= want[i] ^ sig[i];
	return diff ? -EACCES : 0;
}
