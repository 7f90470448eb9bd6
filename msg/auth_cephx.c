/*
 * auth_cephx.c — cephx (auth method 2) over msgr2: mon authentication,
 * tickets, authorizers (client and service side), rotating secrets.
 *
 * Encodings (src/auth/cephx/CephxProtocol.h; every struct starts with a u8
 * struct_v; "enc{X}K" is cephx_encrypt_blob, "lenc{X}K" the same with a u32
 * length in front):
 *   CephXServerChallenge   v1, u64 server_challenge
 *   CephXAuthenticate      v3, u64 client_challenge, u64 key,
 *                          CephXTicketBlob old_ticket, u32 other_keys
 *   CephXTicketBlob        v1, u64 secret_id, bufferlist blob
 *   service ticket reply   v1, u32 n, n x { u32 service, v1,
 *                          lenc{CephXServiceTicket}principal, u8 encrypted,
 *                          (lenc{bufferlist(ticket blob)}old_session_key |
 *                           bufferlist(ticket blob)) }
 *   CephXServiceTicket     v1, CryptoKey session_key, utime validity
 *   authorizer             u8 1, u64 global_id, u32 service, CephXTicketBlob,
 *                          lenc{CephXAuthorize}session_key
 *   CephXAuthorize         v2, u64 nonce, bool have_challenge, u64 challenge+1
 *   CephXAuthorizeChallenge v1, u64 server_challenge (sent as enc{}, no length)
 *   CephXAuthorizeReply    v1|v2, u64 nonce+1, [string connection_secret]
 *   CephXServiceTicketInfo v1, AuthTicket, CryptoKey session_key
 *   AuthTicket             v2, EntityName, u64 global_id, u64 auid, utime
 *                          created, utime expires, AuthCapsInfo, u32 flags
 *   AuthCapsInfo           v1, u8 allow_all, bufferlist(string caps)
 *   RotatingSecrets        v1, map<u64, ExpiringCryptoKey{v1, CryptoKey,
 *                          utime}>, u64 max_ver
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/types.h"
#include "msg/auth.h"
#include "msg/auth_cephx.h"
#include "msg/cephx_crypto.h"
#include "msg/frames_ctl.h"

#define CEPHX_TICKET_BLOB_MAX (64u << 10)
#define CEPHX_CAPS_MAX (64u << 10)

static double
now_sec(void)
{
	struct utime t = utime_now();

	return t.sec + t.nsec / 1e9;
}

/* ---- context ---- */

struct cephx_ctx *
cephx_ctx_new(const struct auth_name *name, const struct cephx_key *secret, uint32_t want)
{
	struct cephx_ctx *cx = xcalloc(1, sizeof(*cx));

	cx->name = *name;
	cx->secret = *secret;
	cx->want = want;
	return cx;
}

static void
ticket_clear(struct cephx_ticket *t)
{
	if (t->blob) {
		memset(t->blob, 0, t->blob_len);
		free(t->blob);
	}
	cephx_key_wipe(&t->session_key);
	memset(t, 0, sizeof(*t));
}

void
cephx_ctx_free(struct cephx_ctx *cx)
{
	if (cx == NULL)
		return;
	for (int i = 0; i < CEPHX_NSERVICES; i++)
		ticket_clear(&cx->t[i]);
	cephx_key_wipe(&cx->secret);
	memset(cx, 0, sizeof(*cx));
	free(cx);
}

struct cephx_ticket *
cephx_ticket_for(struct cephx_ctx *cx, uint32_t service)
{
	if (service == 0 || (service & (service - 1)) != 0)
		return NULL;
	int i = __builtin_ctz(service);

	return i < CEPHX_NSERVICES ? &cx->t[i] : NULL;
}

static int
ticket_good(const struct cephx_ticket *t, double now)
{
	return t->have && (t->expires == 0 || now < t->expires);
}

uint32_t
cephx_need(const struct cephx_ctx *cx, double now)
{
	uint32_t need = 0, want = cx->want | ENTITY_TYPE_AUTH;

	for (int i = 0; i < CEPHX_NSERVICES; i++) {
		const struct cephx_ticket *t = &cx->t[i];

		if (!(want & (1u << i)))
			continue;
		if (!ticket_good(t, now) || (t->renew_after != 0 && now >= t->renew_after))
			need |= 1u << i;
	}
	return need;
}

int
cephx_rotating_need(const struct cephx_ctx *cx, double now)
{
	double ttl, margin;

	/* Ceph keeps three: previous, current, next; current is the second.
	 * The monitor rotates once the current one expired, so ask again a
	 * little after that (MonClient::_check_auth_rotating: min(30 s, ttl/4),
	 * the ttl being the spacing of the expiry times). Until then clients'
	 * tickets use a secret we hold. */
	if (cx->nrot < 2)
		return 1;
	ttl = cx->nrot >= 3 ? (double)cx->rot[2].expires.sec - cx->rot[1].expires.sec : 120;
	margin = ttl / 4 < 30 ? ttl / 4 : 30;
	if (margin < 1)
		margin = 1;
	return cx->rot[1].expires.sec <= now - margin;
}

/* ---- keyring files ---- */

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = 0;
	return s;
}

int
cephx_keyring_find(const char *path, const char *name, struct cephx_key *k)
{
	char line[512], *s, *eq;
	int in = 0, r = -ENOENT;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return -ENOENT;
	while (fgets(line, sizeof(line), f)) {
		s = trim(line);
		if (*s == '[') {
			char *e = strchr(s, ']');

			if (e == NULL)
				continue;
			*e = 0;
			in = strcmp(trim(s + 1), name) == 0;
			continue;
		}
		if (!in || (eq = strchr(s, '=')) == NULL)
			continue;
		*eq = 0;
		if (strcmp(trim(s), "key") != 0)
			continue;
		r = cephx_key_from_base64(trim(eq + 1), k);
		break;
	}
	memset(line, 0, sizeof(line));
	fclose(f);
	return r;
}

int
cephx_keyring_write(const char *path, const char *name, const struct cephx_key *k)
{
	char b64[64], text[160];
	int fd, n, r;

	if ((r = cephx_key_to_base64(k, b64, sizeof(b64))) < 0)
		return r;
	n = snprintf(text, sizeof(text), "[%s]\n\tkey = %s\n", name, b64);
	memset(b64, 0, sizeof(b64));
	if (n < 0 || (size_t)n >= sizeof(text))
		return -ENAMETOOLONG;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	r = write(fd, text, (size_t)n) == n ? 0 : -EIO;
	memset(text, 0, sizeof(text));
	if (fsync(fd) != 0 && r == 0)
		r = -errno;
	close(fd);
	return r;
}

/* ---- encodings ---- */

static void
ticket_blob_encode(struct buf *b, const struct cephx_ticket *t)
{
	enc_u8(b, 1);
	enc_u64(b, t->secret_id);
	enc_string(b, t->blob, t->blob_len);
}

static int
ticket_blob_decode(struct dec *d, uint64_t *secret_id, const uint8_t **blob, uint32_t *len)
{
	uint8_t v;

	dec_u8(d, &v);
	dec_u64(d, secret_id);
	if (dec_string(d, blob, len) != 0 || *len > CEPHX_TICKET_BLOB_MAX)
		return -EBADMSG;
	return 0;
}

/*
 * CephXAuthenticate.key: the challenges encrypted with our secret (as a
 * length-prefixed blob), folded into 64 bits by XOR of its whole u64 words
 * (cephx_calc_client_server_challenge; the u32 length is part of the words).
 */
static int
challenge_key(const struct cephx_key *secret, uint64_t server, uint64_t client, uint64_t *key)
{
	struct buf pl = BUF_INIT, enc = BUF_INIT;
	const uint8_t *p;
	uint64_t k = 0;
	int r;

	enc_u64(&pl, server);
	enc_u64(&pl, client);
	r = cephx_encode_encrypt(secret, &pl, &enc);
	if (r == 0) {
		p = buf_contig(&enc, 0, enc.len);
		for (size_t off = 0; off + 8 <= enc.len; off += 8)
			k ^= get_le64(p + off);
		*key = k;
	}
	buf_free(&pl);
	buf_free(&enc);
	return r;
}

/* GET_AUTH_SESSION_KEY: header + CephXAuthenticate. */
static int
build_auth_request(struct cephx_ctx *cx, struct buf *out)
{
	struct cephx_ticket *auth = cephx_ticket_for(cx, ENTITY_TYPE_AUTH);
	uint64_t cc = cephx_random_u64(), key = 0;
	int r;

	if (!cephx_key_valid(&cx->secret))
		return -ENOKEY;
	if ((r = challenge_key(&cx->secret, cx->server_challenge, cc, &key)) < 0)
		return r;
	enc_u16(out, CEPHX_GET_AUTH_SESSION_KEY);
	enc_u8(out, 3);
	enc_u64(out, cc);
	enc_u64(out, key);
	ticket_blob_encode(out, auth);  /* empty the first time */
	enc_u32(out, cephx_need(cx, now_sec()) | ENTITY_TYPE_AUTH);
	return 0;
}

int
cephx_build_authorizer(struct cephx_ctx *cx, uint32_t service, uint64_t nonce,
		       int have_challenge, uint64_t challenge_plus_one, struct buf *out,
		       size_t *base_len)
{
	struct cephx_ticket *t = cephx_ticket_for(cx, service);
	struct buf msg = BUF_INIT;
	size_t start = out->len;
	int r;

	if (t == NULL || !t->have)
		return -ENOKEY;
	enc_u8(out, 1);
	enc_u64(out, cx->global_id);
	enc_u32(out, service);
	ticket_blob_encode(out, t);
	if (base_len)
		*base_len = out->len - start;
	enc_u8(&msg, 2);
	enc_u64(&msg, nonce);
	enc_bool(&msg, have_challenge);
	enc_u64(&msg, challenge_plus_one);
	r = cephx_encode_encrypt(&t->session_key, &msg, out);
	buf_free(&msg);
	return r;
}

/* One service ticket of a reply, decrypted with principal (see top). */
static int
decode_one_ticket(struct cephx_ctx *cx, const struct cephx_key *principal, struct dec *d)
{
	struct cephx_plain pl = { 0 }, pl2 = { 0 };
	struct cephx_ticket *t, nt;
	struct cephx_key skey;
	struct utime validity;
	struct dec dd, inner, blobd;
	const uint8_t *blob = NULL;
	uint32_t service, blen = 0;
	uint8_t v, enc;
	int r;

	memset(&nt, 0, sizeof(nt));
	dec_u32(d, &service);
	dec_u8(d, &v);
	if (d->err)
		return -EBADMSG;
	t = cephx_ticket_for(cx, service);
	if (t == NULL)
		return -EBADMSG;
	if ((r = cephx_decode_decrypt(principal, d, &pl, &dd)) < 0)
		return r == -EBADMSG ? -EPERM : r;
	dec_u8(&dd, &v);
	r = cephx_key_decode(&dd, &skey);
	if (r == 0)
		r = utime_decode(&dd, &validity) ? -EBADMSG : 0;
	if (r == 0 && dec_u8(d, &enc) != 0)
		r = -EBADMSG;
	if (r == 0 && enc) {
		/* Renewal: the ticket is encrypted with the old session key. */
		r = cephx_decode_decrypt(&t->session_key, d, &pl2, &inner);
		if (r == 0 && dec_string(&inner, &blob, &blen) != 0)
			r = -EBADMSG;
	} else if (r == 0) {
		if (dec_string(d, &blob, &blen) != 0)
			r = -EBADMSG;
	}
	if (r == 0) {
		dec_init(&blobd, blob, blen);
		r = ticket_blob_decode(&blobd, &nt.secret_id, &blob, &blen);
	}
	if (r == 0) {
		double now = now_sec(), ttl = validity.sec + validity.nsec / 1e9;

		nt.have = 1;
		nt.session_key = skey;
		nt.blob_len = blen;
		nt.blob = xmalloc(blen ? blen : 1);
		memcpy(nt.blob, blob, blen);
		if (ttl > 0) {
			nt.expires = now + ttl;
			/* CephXTicketHandler: renew after 3/4 of the validity. */
			nt.renew_after = nt.expires - ttl / 4;
		}
		ticket_clear(t);
		*t = nt;
		log_debug(LOG_MS, 10, "cephx: ticket for %s, secret_id %llu, valid %.0fs",
			  entity_type_name((uint8_t)service), (unsigned long long)nt.secret_id,
			  ttl);
	}
	cephx_key_wipe(&skey);
	cephx_plain_free(&pl);
	cephx_plain_free(&pl2);
	return r;
}

static int
decode_ticket_reply(struct cephx_ctx *cx, const struct cephx_key *principal, struct dec *d)
{
	struct cephx_key key = *principal;      /* may be a ticket that gets replaced */
	uint32_t n;
	uint8_t v;
	int r = 0;

	dec_u8(d, &v);
	if (dec_count(d, 4 + 1 + 4, &n) != 0)
		return -EBADMSG;
	for (uint32_t i = 0; i < n && r == 0; i++)
		r = decode_one_ticket(cx, &key, d);
	cephx_key_wipe(&key);
	return r;
}

static int
decode_rotating(struct cephx_ctx *cx, struct dec *d)
{
	struct cephx_rotating_key rot[CEPHX_ROTATING_MAX];
	struct cephx_plain pl = { 0 };
	struct dec dd;
	uint32_t n;
	uint8_t v;
	int r;

	/* decoded aside: a bad reply must not disturb the secrets we hold */
	memset(rot, 0, sizeof(rot));
	if ((r = cephx_decode_decrypt(&cx->secret, d, &pl, &dd)) < 0)
		return r;
	dec_u8(&dd, &v);
	if (dec_count(&dd, 8 + 1 + 12 + 8, &n) != 0 || n > CEPHX_ROTATING_MAX) {
		r = -EBADMSG;
		goto out;
	}
	for (uint32_t i = 0; i < n; i++) {
		struct cephx_rotating_key *rk = &rot[i];

		dec_u64(&dd, &rk->id);
		dec_u8(&dd, &v);
		if ((r = cephx_key_decode(&dd, &rk->key)) < 0)
			goto out;
		if (utime_decode(&dd, &rk->expires) != 0) {
			r = -EBADMSG;
			goto out;
		}
	}
	memcpy(cx->rot, rot, sizeof(rot));
	cx->nrot = n;
	cx->rot_fetched = now_sec();
	log_debug(LOG_MS, 10, "cephx: %u rotating secrets, newest id %llu", n,
		  n ? (unsigned long long)cx->rot[n - 1].id : 0ULL);
out:
	memset(rot, 0, sizeof(rot));
	cephx_plain_free(&pl);
	return r;
}

int
cephx_handle_reply(struct cephx_ctx *cx, const uint8_t *p, size_t len)
{
	struct cephx_ticket *auth = cephx_ticket_for(cx, ENTITY_TYPE_AUTH);
	struct cephx_key askey;
	struct dec d;
	uint16_t type;
	int32_t status;
	int r;

	dec_init(&d, p, len);
	dec_u16(&d, &type);
	dec_s32(&d, &status);
	if (d.err)
		return -EBADMSG;
	if (status < 0)
		return status;
	switch (type) {
	case CEPHX_GET_AUTH_SESSION_KEY:
		r = decode_ticket_reply(cx, &cx->secret, &d);
		if (r == 0 && dec_remaining(&d) > 0) {
			/* connection secret (unused on an MAuth renewal) + extra tickets */
			const uint8_t *cbl, *extra;
			uint32_t clen, elen;
			struct dec e;

			if (dec_string(&d, &cbl, &clen) != 0 || dec_string(&d, &extra, &elen) != 0)
				return -EBADMSG;
			if (elen) {
				askey = auth->session_key;
				dec_init(&e, extra, elen);
				r = decode_ticket_reply(cx, &askey, &e);
				cephx_key_wipe(&askey);
			}
		}
		break;
	case CEPHX_GET_PRINCIPAL_SESSION_KEY:
		askey = auth->session_key;
		r = decode_ticket_reply(cx, &askey, &d);
		cephx_key_wipe(&askey);
		break;
	case CEPHX_GET_ROTATING_KEY:
		r = decode_rotating(cx, &d);
		break;
	default:
		return -EBADMSG;
	}
	return r < 0 ? r : type;
}

int
cephx_build_service_request(struct cephx_ctx *cx, uint32_t keys, struct buf *out)
{
	int r;

	enc_u16(out, CEPHX_GET_PRINCIPAL_SESSION_KEY);
	r = cephx_build_authorizer(cx, ENTITY_TYPE_AUTH, cephx_random_u64(), 0, 0, out, NULL);
	if (r < 0)
		return r;
	enc_u8(out, 1);
	enc_u32(out, keys);
	return 0;
}

int
cephx_build_rotating_request(struct buf *out)
{
	enc_u16(out, CEPHX_GET_ROTATING_KEY);
	return 0;
}

int
cephx_build_renewal(struct cephx_ctx *cx, struct buf *out)
{
	uint32_t need = cephx_need(cx, now_sec());

	if (need & ENTITY_TYPE_AUTH)
		return build_auth_request(cx, out);
	/* Like CephxClientHandler::_need_tickets: MGR alone is not worth a round. */
	if (need == 0 || need == ENTITY_TYPE_MGR)
		return -EAGAIN;
	return cephx_build_service_request(cx, need, out);
}

/* ---- client side of a connection ---- */

struct cephx_client_conn {
	int phase;                      /* mon: 0 challenge expected, 1 done expected */
	uint64_t nonce;                 /* authorizer */
	struct cephx_key skey;          /* the service ticket's session key */
};

static struct cephx_client_conn *
client_conn(struct auth_client *ac)
{
	if (ac->priv == NULL)
		ac->priv = xcalloc(1, sizeof(struct cephx_client_conn));
	return ac->priv;
}

static void
cephx_client_destroy(struct auth_client *ac)
{
	struct cephx_client_conn *cc = ac->priv;

	if (cc) {
		cephx_key_wipe(&cc->skey);
		memset(cc, 0, sizeof(*cc));
		free(cc);
	}
	ac->priv = NULL;
}

static int
cephx_client_build_request(struct auth_client *ac, struct buf *payload)
{
	struct cephx_ctx *cx = ac->keys;
	struct cephx_client_conn *cc;
	struct cephx_ticket *t;

	if (cx == NULL || !cephx_key_valid(&cx->secret)) {
		log_error(LOG_MS, "cephx: no key for this entity");
		return -ENOKEY;
	}
	cc = client_conn(ac);
	if (ac->auth_mode == AUTH_MODE_MON) {
		cc->phase = 0;
		auth_encode_mon_prefix(ac, payload);
		return 0;
	}
	t = cephx_ticket_for(cx, ac->peer_type);
	if (t == NULL || !ticket_good(t, now_sec())) {
		log_error(LOG_MS, "cephx: no valid ticket for the %s service",
			  entity_type_name(ac->peer_type));
		return -ENOKEY;
	}
	cc->nonce = cephx_random_u64();
	cc->skey = t->session_key;
	return cephx_build_authorizer(cx, ac->peer_type, cc->nonce, 0, 0, payload, NULL);
}

static int
cephx_client_handle_reply_more(struct auth_client *ac, const uint8_t *p, size_t len,
			       struct buf *reply)
{
	struct cephx_ctx *cx = ac->keys;
	struct cephx_client_conn *cc = client_conn(ac);
	struct cephx_plain pl = { 0 };
	uint64_t ch;
	size_t off;
	struct dec d;
	uint8_t v;
	int r;

	if (cx == NULL)
		return -ENOKEY;
	if (ac->auth_mode == AUTH_MODE_MON) {
		if (cc->phase != 0)
			return -EPROTO;
		dec_init(&d, p, len);
		dec_u8(&d, &v);
		if (dec_u64(&d, &ch) != 0)
			return -EBADMSG;
		cx->server_challenge = ch;
		cc->phase = 1;
		return build_auth_request(cx, reply);
	}
	/* Service: an encrypted CephXAuthorizeChallenge; resend the authorizer
	 * with the challenge + 1 (CephXAuthorizer::add_challenge). */
	if ((r = cephx_decrypt_blob(&cc->skey, p, len, &pl, &off)) < 0)
		return -EACCES;
	dec_init(&d, pl.p + off, pl.len - off);
	dec_u8(&d, &v);
	r = dec_u64(&d, &ch) ? -EBADMSG : 0;
	cephx_plain_free(&pl);
	if (r < 0)
		return r;
	return cephx_build_authorizer(cx, ac->peer_type, cc->nonce, 1, ch + 1, reply, NULL);
}

static int
set_connection_secret(struct auth_session *s, const uint8_t *p, uint32_t len)
{
	if (len > AUTH_CONNECTION_SECRET_MAX)
		return -EBADMSG;
	if (len)
		memcpy(s->connection_secret, p, len);
	s->connection_secret_len = len;
	return 0;
}

static int
client_done_mon(struct auth_client *ac, struct cephx_ctx *cx, const uint8_t *p, size_t len)
{
	struct cephx_ticket *auth = cephx_ticket_for(cx, ENTITY_TYPE_AUTH);
	struct cephx_plain pl = { 0 };
	const uint8_t *cbl, *extra, *sec;
	uint32_t clen, elen, slen;
	struct dec d, c, cd, e;
	struct cephx_key askey;
	uint16_t type;
	int32_t status;
	int r;

	cx->global_id = ac->session.global_id;
	dec_init(&d, p, len);
	dec_u16(&d, &type);
	dec_s32(&d, &status);
	if (d.err || type != CEPHX_GET_AUTH_SESSION_KEY)
		return -EBADMSG;
	if (status < 0)
		return status;
	if ((r = decode_ticket_reply(cx, &cx->secret, &d)) < 0) {
		log_error(LOG_MS, "cephx: cannot decrypt the mon's ticket reply (wrong key?)");
		return r == -EBADMSG ? -EBADMSG : -EACCES;
	}
	askey = auth->session_key;
	memcpy(ac->session.session_key, askey.secret, askey.len);
	ac->session.session_key_len = askey.len;
	ac->session.connection_secret_len = 0;
	/* Nautilus+ mons add the connection secret and the other tickets. */
	if (dec_remaining(&d) > 0) {
		if (dec_string(&d, &cbl, &clen) != 0 || dec_string(&d, &extra, &elen) != 0) {
			r = -EBADMSG;
			goto out;
		}
		if (clen) {
			dec_init(&c, cbl, clen);
			if ((r = cephx_decode_decrypt(&askey, &c, &pl, &cd)) < 0)
				goto out;
			if (dec_string(&cd, &sec, &slen) != 0) {
				r = -EBADMSG;
				goto out;
			}
			if ((r = set_connection_secret(&ac->session, sec, slen)) < 0)
				goto out;
		}
		if (elen) {
			dec_init(&e, extra, elen);
			if ((r = decode_ticket_reply(cx, &askey, &e)) < 0)
				goto out;
		}
	}
	r = 0;
out:
	cephx_plain_free(&pl);
	cephx_key_wipe(&askey);
	return r;
}

static int
cephx_client_handle_done(struct auth_client *ac, const uint8_t *p, size_t len)
{
	struct cephx_ctx *cx = ac->keys;
	struct cephx_client_conn *cc = client_conn(ac);
	struct cephx_plain pl = { 0 };
	const uint8_t *sec = NULL;
	uint32_t slen = 0;
	uint64_t np1;
	struct dec d, dd;
	uint8_t v;
	int r;

	if (cx == NULL)
		return -ENOKEY;
	if (ac->auth_mode == AUTH_MODE_MON)
		r = client_done_mon(ac, cx, p, len);
	else {
		dec_init(&d, p, len);
		if ((r = cephx_decode_decrypt(&cc->skey, &d, &pl, &dd)) < 0)
			return -EACCES;
		dec_u8(&dd, &v);
		dec_u64(&dd, &np1);
		if (v >= 2)
			dec_string(&dd, &sec, &slen);
		if (dd.err)
			r = -EBADMSG;
		else if (np1 != cc->nonce + 1)
			r = -EACCES;    /* not the service we meant to reach */
		else
			r = set_connection_secret(&ac->session, sec, slen);
		if (r == 0) {
			memcpy(ac->session.session_key, cc->skey.secret, cc->skey.len);
			ac->session.session_key_len = cc->skey.len;
		}
		cephx_plain_free(&pl);
	}
	if (r == 0 && ac->session.con_mode == CON_MODE_SECURE &&
	    ac->session.connection_secret_len < CEPHX_GCM_KEY_LEN + 2 * CEPHX_GCM_NONCE_LEN) {
		log_error(LOG_MS, "cephx: secure mode without a usable connection secret");
		r = -EPROTO;
	}
	return r;
}

/* ---- server (service) side ---- */

struct cephx_server_conn {
	int challenged;
	uint64_t challenge;
};

static void
cephx_server_destroy(struct auth_server *as)
{
	free(as->priv);
	as->priv = NULL;
}

static const struct cephx_key *
rotating_find(const struct cephx_ctx *cx, uint64_t id)
{
	for (uint32_t i = 0; i < cx->nrot; i++)
		if (cx->rot[i].id == id)
			return &cx->rot[i].key;
	return NULL;
}

/* CephXServiceTicketInfo: fills name, global id, caps and the session key. */
static int
decode_ticket_info(struct auth_server *as, struct dec *d, uint64_t *gid, struct cephx_key *skey)
{
	struct utime created, expires;
	const uint8_t *caps;
	uint32_t clen, flags;
	uint64_t auid;
	uint8_t v, tv, cv, all;

	dec_u8(d, &v);
	dec_u8(d, &tv);
	if (d->err || auth_name_decode(d, &as->peer_name) != 0)
		return -EBADMSG;
	dec_u64(d, gid);
	if (tv >= 2)
		dec_u64(d, &auid);
	utime_decode(d, &created);
	utime_decode(d, &expires);
	dec_u8(d, &cv);
	dec_u8(d, &all);
	if (dec_string(d, &caps, &clen) != 0 || clen > CEPHX_CAPS_MAX)
		return -EBADMSG;
	dec_u32(d, &flags);
	if (d->err || cephx_key_decode(d, skey) != 0 || !cephx_key_valid(skey))
		return -EBADMSG;
	/* The caps bufferlist holds one encoded string ("allow rw pool=x"). */
	free(as->peer_caps);
	as->peer_caps = NULL;
	if (clen >= 4) {
		struct dec cd;
		const uint8_t *s;
		uint32_t slen;

		dec_init(&cd, caps, clen);
		if (dec_string(&cd, &s, &slen) == 0) {
			as->peer_caps = xmalloc(slen + 1);
			memcpy(as->peer_caps, s, slen);
			as->peer_caps[slen] = 0;
		}
	}
	as->peer_allow_all = all != 0;
	return 0;
}

static int
cephx_server_handle_request(struct auth_server *as, const uint8_t *p, size_t len, int more,
			    struct buf *reply)
{
	struct cephx_ctx *cx = as->keys;
	struct cephx_server_conn *sc;
	struct cephx_plain tpl = { 0 }, apl = { 0 };
	const struct cephx_key *svc;
	struct cephx_key skey = { 0 };
	const uint8_t *blob;
	uint64_t gid, secret_id, tgid = 0, nonce = 0, chp1 = 0;
	uint32_t service, blen;
	uint8_t mode, v, secret[CEPHX_CONNECTION_SECRET_LEN];
	int have_ch = 0, r;
	size_t off;
	struct dec d, td, ad;
	struct buf msg = BUF_INIT;

	if (cx == NULL || len == 0)
		return -EACCES;
	if (as->priv == NULL)
		as->priv = xcalloc(1, sizeof(struct cephx_server_conn));
	sc = as->priv;
	dec_init(&d, p, len);
	dec_u8(&d, &mode);
	if (mode < AUTH_MODE_AUTHORIZER || mode > AUTH_MODE_AUTHORIZER_MAX)
		return -EACCES;         /* we are no mon */
	dec_u64(&d, &gid);
	dec_u32(&d, &service);
	if (d.err || ticket_blob_decode(&d, &secret_id, &blob, &blen) != 0)
		return -EACCES;
	if (service != cx->name.type) {
		log_error(LOG_MS, "cephx: authorizer for the %s service, we are %s",
			  entity_type_name((uint8_t)service), entity_type_name((uint8_t)cx->name.type));
		return -EACCES;
	}
	svc = rotating_find(cx, secret_id);
	if (svc == NULL) {
		log_error(LOG_MS, "cephx: no rotating secret %llu (have %u)",
			  (unsigned long long)secret_id, cx->nrot);
		return -EACCES;
	}
	r = -EACCES;
	if (cephx_decrypt_blob(svc, blob, blen, &tpl, &off) != 0)
		goto out;
	dec_init(&td, tpl.p + off, tpl.len - off);
	if (decode_ticket_info(as, &td, &tgid, &skey) != 0 || tgid != gid)
		goto out;
	if (cephx_decode_decrypt(&skey, &d, &apl, &ad) != 0)
		goto out;
	dec_u8(&ad, &v);
	dec_u64(&ad, &nonce);
	if (v >= 2) {
		dec_bool(&ad, &have_ch);
		dec_u64(&ad, &chp1);
	}
	if (ad.err)
		goto out;
	if (!have_ch || !sc->challenged) {
		/* CEPHX_V2: prove the authorizer is fresh, not replayed. */
		sc->challenged = 1;
		sc->challenge = cephx_random_u64();
		enc_u8(&msg, 1);
		enc_u64(&msg, sc->challenge);
		r = cephx_encrypt_blob(&skey, &msg, reply) < 0 ? -EIO : AUTH_RESULT_MORE;
		goto out;
	}
	if (chp1 != sc->challenge + 1)
		goto out;
	as->session.global_id = gid;
	memcpy(as->session.session_key, skey.secret, skey.len);
	as->session.session_key_len = skey.len;
	enc_u8(&msg, as->session.con_mode == CON_MODE_SECURE ? 2 : 1);
	enc_u64(&msg, nonce + 1);
	if (as->session.con_mode == CON_MODE_SECURE) {
		cephx_random(secret, sizeof(secret));
		enc_string(&msg, secret, sizeof(secret));
		set_connection_secret(&as->session, secret, sizeof(secret));
		memset(secret, 0, sizeof(secret));
	}
	r = cephx_encode_encrypt(&skey, &msg, reply) < 0 ? -EIO : AUTH_RESULT_DONE;
out:
	(void)more;
	cephx_plain_free(&tpl);
	cephx_plain_free(&apl);
	cephx_key_wipe(&skey);
	buf_free(&msg);
	return r;
}

static void
cephx_hmac(const uint8_t *key, size_t keylen, const struct buf *bytes,
	   uint8_t out[AUTH_SIGNATURE_LEN])
{
	cephx_hmac_sha256(key, keylen, bytes, out);
}

const struct auth_method_ops auth_cephx_ops = {
	.method = AUTH_METHOD_CEPHX,
	.name = "cephx",
	.client_build_request = cephx_client_build_request,
	.client_handle_reply_more = cephx_client_handle_reply_more,
	.client_handle_done = cephx_client_handle_done,
	.server_handle_request = cephx_server_handle_request,
	.hmac_sha256 = cephx_hmac,
	.client_destroy = cephx_client_destroy,
	.server_destroy = cephx_server_destroy,
};
