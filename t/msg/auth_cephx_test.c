/*
 * auth_cephx_test.c — cephx pieces that need no monitor: keyring files, the
 * authorizer exchange between our client and our service side (ticket
 * sealed with a rotating secret, CEPHX_V2 challenge, reply with the
 * connection secret, caps from the ticket), its refusals, and secure-mode
 * frames between the two ends keyed from that exchange. The client side is
 * proven against real ceph-mon/ceph-osd by t/integration/cephx_mon_test.sh.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"
#include "msg/auth.h"
#include "msg/auth_cephx.h"
#include "msg/cephx_crypto.h"
#include "msg/frame.h"

#define KEY_A "AQBrVQZru/z4JhAAEPkjP5UyTai9NTgtdP77oQ=="
#define KEY_B "AQBrVQZrNXKvLxAAJWn0G/9Fh/pSneI5RPTZOw=="

static char *
tmpfile_with(const char *text)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/cephx_test.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	return path;
}

START_TEST(keyring)
{
	struct cephx_key k, a;
	char *p = tmpfile_with("[mon.]\n\tkey = " KEY_A "\n\tcaps mon = \"allow *\"\n"
			       "[client.admin]\n  key=" KEY_B "  \n[osd.3]\n\tkey = Zm9v\n");

	ck_assert_int_eq(cephx_key_from_base64(KEY_B, &a), 0);
	ck_assert_int_eq(cephx_keyring_find(p, "client.admin", &k), 0);
	ck_assert(memcmp(k.secret, a.secret, 16) == 0);
	ck_assert_int_eq(cephx_keyring_find(p, "osd.0", &k), -ENOENT);
	ck_assert_int_eq(cephx_keyring_find(p, "osd.3", &k), -EINVAL);
	ck_assert_int_eq(cephx_keyring_find("/nonexistent/keyring", "mon.", &k), -ENOENT);
	unlink(p);

	/* write + read back */
	cephx_key_generate(&a);
	ck_assert_int_eq(cephx_keyring_write(p, "osd.7", &a), 0);
	ck_assert_int_eq(cephx_keyring_find(p, "osd.7", &k), 0);
	ck_assert(memcmp(k.secret, a.secret, 16) == 0);
	unlink(p);
}
END_TEST

/* ---- a service ticket made the way the mon makes one ---- */

struct world {
	struct cephx_key rotating, session;
	struct cephx_ctx *client, *osd;
};

static void
seal_ticket(struct world *w, uint64_t secret_id, uint64_t gid, const char *caps)
{
	struct buf info = BUF_INIT, blob = BUF_INIT, capbl = BUF_INIT;
	struct auth_name n = { ENTITY_TYPE_CLIENT, "ro" };
	struct cephx_ticket *t = cephx_ticket_for(w->client, ENTITY_TYPE_OSD);
	struct utime now = utime_now(), later = { now.sec + 3600, 0 };

	enc_u8(&info, 1);               /* CephXServiceTicketInfo */
	enc_u8(&info, 2);               /* AuthTicket */
	auth_name_encode(&info, &n);
	enc_u64(&info, gid);
	enc_u64(&info, (uint64_t)-1);   /* auid */
	utime_encode(&info, &now);
	utime_encode(&info, &later);
	enc_u8(&info, 1);               /* AuthCapsInfo */
	enc_u8(&info, 0);
	enc_cstr(&capbl, caps);
	enc_buf(&info, &capbl);
	enc_u32(&info, 0);
	cephx_key_encode(&info, &w->session);
	ck_assert_int_eq(cephx_encrypt_blob(&w->rotating, &info, &blob), 0);

	t->have = 1;
	t->session_key = w->session;
	t->secret_id = secret_id;
	t->blob_len = (uint32_t)blob.len;
	t->blob = malloc(blob.len);
	buf_copy_out(&blob, 0, blob.len, t->blob);
	buf_free(&info);
	buf_free(&blob);
	buf_free(&capbl);
}

static void
world_init(struct world *w, uint64_t client_gid, uint64_t ticket_gid, uint64_t secret_id)
{
	struct auth_name cn = { ENTITY_TYPE_CLIENT, "ro" }, on = { ENTITY_TYPE_OSD, "0" };
	struct cephx_key ck, ok;

	cephx_key_generate(&ck);
	cephx_key_generate(&ok);
	cephx_key_generate(&w->rotating);
	cephx_key_generate(&w->session);
	w->client = cephx_ctx_new(&cn, &ck, ENTITY_TYPE_OSD);
	w->client->global_id = client_gid;
	w->osd = cephx_ctx_new(&on, &ok, ENTITY_TYPE_MON);
	w->osd->nrot = 2;
	w->osd->rot[0].id = 4;
	cephx_key_generate(&w->osd->rot[0].key);
	w->osd->rot[1].id = 5;
	w->osd->rot[1].key = w->rotating;
	seal_ticket(w, secret_id, ticket_gid, "allow r pool=p1");
}

static void
world_free(struct world *w)
{
	cephx_ctx_free(w->client);
	cephx_ctx_free(w->osd);
}

static struct auth_policy
policy(uint32_t mode)
{
	struct auth_policy p = { 0 };

	p.nmethods = 1;
	p.methods[0] = AUTH_METHOD_CEPHX;
	p.nmodes = 1;
	p.modes[0] = mode;
	return p;
}

/* Run the exchange; returns the server's last result (or client error). */
static int
exchange(struct world *w, uint32_t mode, struct auth_client *ac, struct auth_server *as)
{
	struct auth_policy pol = policy(mode);
	struct auth_name cn = { ENTITY_TYPE_CLIENT, "ro" };
	struct frame_auth_request req;
	struct frame_auth_more more;
	struct frame_auth_done done;
	struct buf p = BUF_INIT, r1 = BUF_INIT, p2 = BUF_INIT, r2 = BUF_INIT;
	int r;

	ck_assert_int_eq(auth_client_init(ac, &pol, AUTH_MODE_AUTHORIZER, &cn,
					  w->client->global_id), 0);
	ac->keys = w->client;
	ac->peer_type = ENTITY_TYPE_OSD;
	auth_server_init(as, &pol, ENTITY_TYPE_CLIENT);
	as->keys = w->osd;
	ck_assert_int_eq(auth_client_build_request(ac, &p, &req), 0);
	r = auth_server_handle_request(as, &req, 0, &r1);
	if (r != AUTH_RESULT_MORE)
		goto out;
	more.payload.p = buf_contig(&r1, 0, r1.len);
	more.payload.len = (uint32_t)r1.len;
	ck_assert_int_eq(auth_client_handle_reply_more(ac, &more, &p2), 0);
	req.payload.p = buf_contig(&p2, 0, p2.len);
	req.payload.len = (uint32_t)p2.len;
	r = auth_server_handle_request(as, &req, 1, &r2);
	if (r != AUTH_RESULT_DONE)
		goto out;
	auth_server_done(as, &r2, &done);
	r = auth_client_handle_done(ac, &done);
out:
	buf_free(&p);
	buf_free(&r1);
	buf_free(&p2);
	buf_free(&r2);
	return r;
}

START_TEST(authorizer_secure)
{
	struct world w;
	struct auth_client ac;
	struct auth_server as;

	world_init(&w, 4242, 4242, 5);
	ck_assert_int_eq(exchange(&w, CON_MODE_SECURE, &ac, &as), 0);
	ck_assert_int_eq(as.done, 1);
	ck_assert_int_eq(ac.done, 1);
	ck_assert_uint_eq(as.session.global_id, 4242);
	ck_assert_uint_eq(as.peer_name.type, ENTITY_TYPE_CLIENT);
	ck_assert_str_eq(as.peer_name.id, "ro");
	ck_assert_str_eq(as.peer_caps, "allow r pool=p1");
	ck_assert_uint_eq(as.session.session_key_len, 16);
	ck_assert_uint_eq(ac.session.session_key_len, 16);
	ck_assert(memcmp(as.session.session_key, w.session.secret, 16) == 0);
	ck_assert(memcmp(ac.session.session_key, w.session.secret, 16) == 0);
	ck_assert_uint_eq(as.session.connection_secret_len, CEPHX_CONNECTION_SECRET_LEN);
	ck_assert_uint_eq(ac.session.connection_secret_len, CEPHX_CONNECTION_SECRET_LEN);
	ck_assert(memcmp(as.session.connection_secret, ac.session.connection_secret, 64) == 0);

	/* Both AUTH_SIGNATUREs check out over the same bytes. */
	{
		struct buf bytes = BUF_INIT;
		uint8_t sig[AUTH_SIGNATURE_LEN];

		buf_append(&bytes, "pre-auth bytes", 14);
		auth_sign(&ac.session, ac.ops, &bytes, sig);
		ck_assert_int_eq(auth_verify(&as.session, as.ops, &bytes, sig), 0);
		sig[0] ^= 1;
		ck_assert_int_eq(auth_verify(&as.session, as.ops, &bytes, sig), -EACCES);
		buf_free(&bytes);
	}
	auth_client_destroy(&ac);
	auth_server_destroy(&as);
	world_free(&w);
}
END_TEST

START_TEST(authorizer_crc)
{
	struct world w;
	struct auth_client ac;
	struct auth_server as;

	world_init(&w, 7, 7, 4);
	/* secret 4 is the other rotating key: sealed with the wrong one */
	ck_assert_int_eq(exchange(&w, CON_MODE_CRC, &ac, &as), -EACCES);
	auth_client_destroy(&ac);
	auth_server_destroy(&as);
	world_free(&w);

	world_init(&w, 7, 7, 5);
	ck_assert_int_eq(exchange(&w, CON_MODE_CRC, &ac, &as), 0);
	ck_assert_uint_eq(as.session.connection_secret_len, 0);
	ck_assert_uint_eq(ac.session.connection_secret_len, 0);
	auth_client_destroy(&ac);
	auth_server_destroy(&as);
	world_free(&w);
}
END_TEST

START_TEST(authorizer_refused)
{
	struct world w;
	struct auth_client ac;
	struct auth_server as;
	struct cephx_ticket *t;

	/* unknown rotating secret id */
	world_init(&w, 7, 7, 99);
	ck_assert_int_eq(exchange(&w, CON_MODE_CRC, &ac, &as), -EACCES);
	auth_client_destroy(&ac);
	auth_server_destroy(&as);
	world_free(&w);

	/* the ticket belongs to another global id */
	world_init(&w, 7, 8, 5);
	ck_assert_int_eq(exchange(&w, CON_MODE_CRC, &ac, &as), -EACCES);
	auth_client_destroy(&ac);
	auth_server_destroy(&as);
	world_free(&w);

	/* the client does not know the ticket's session key */
	world_init(&w, 7, 7, 5);
	t = cephx_ticket_for(w.client, ENTITY_TYPE_OSD);
	cephx_key_generate(&t->session_key);
	ck_assert_int_eq(exchange(&w, CON_MODE_CRC, &ac, &as), -EACCES);
	auth_client_destroy(&ac);
	auth_server_destroy(&as);
	world_free(&w);

	/* a corrupted ticket blob */
	world_init(&w, 7, 7, 5);
	t = cephx_ticket_for(w.client, ENTITY_TYPE_OSD);
	t->blob[t->blob_len / 2] ^= 0x10;
	ck_assert_int_eq(exchange(&w, CON_MODE_CRC, &ac, &as), -EACCES);
	auth_client_destroy(&ac);
	auth_server_destroy(&as);
	world_free(&w);
}
END_TEST

START_TEST(server_garbage)
{
	struct world w;
	struct auth_server as;
	struct auth_policy pol = policy(CON_MODE_CRC);
	struct frame_auth_request req = { 0 };
	struct buf reply = BUF_INIT;
	uint8_t junk[64];

	world_init(&w, 1, 1, 5);
	req.method = AUTH_METHOD_CEPHX;
	req.nmodes = 1;
	req.modes[0] = CON_MODE_CRC;
	for (size_t n = 0; n <= sizeof(junk); n += 7) {
		auth_server_init(&as, &pol, ENTITY_TYPE_CLIENT);
		as.keys = w.osd;
		for (size_t i = 0; i < n; i++)
			junk[i] = (uint8_t)(i * 37 + n);
		if (n)
			junk[0] = 1;    /* a plausible authorizer mode */
		req.payload.p = junk;
		req.payload.len = (uint32_t)n;
		ck_assert_int_eq(auth_server_handle_request(&as, &req, 0, &reply), -EACCES);
		buf_clear(&reply);
		auth_server_destroy(&as);
	}
	buf_free(&reply);
	world_free(&w);
}
END_TEST

/* ---- secure frames between the two ends ---- */

static void
fill(struct buf *b, size_t n, uint8_t seed)
{
	uint8_t *p = buf_reserve(b, n);

	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 13);
}

/* Send segs from tx to rx and check what comes out. */
static int
roundtrip(struct frame_secure *tx, struct frame_secure *rx, uint8_t tag, struct buf *segs,
	  int nseg, size_t *wire_len, int corrupt_at)
{
	struct buf wire = BUF_INIT, body = BUF_INIT, out[FRAME_MAX_SEGMENTS] = { BUF_INIT };
	struct frame_preamble pr;
	int r;

	ck_assert_int_eq(frame_secure_build(tx, &wire, tag, segs, nseg), 0);
	*wire_len = wire.len;
	if (corrupt_at >= 0) {
		uint8_t *p = (uint8_t *)buf_contig(&wire, 0, wire.len);

		p[corrupt_at] ^= 0x80;
	}
	r = frame_secure_open_preamble(rx, buf_contig(&wire, 0, FRAME_SECURE_PREAMBLE_LEN),
				       FRAME_SEG_MAX, &pr);
	if (r < 0)
		goto out;
	ck_assert_uint_eq(pr.tag, tag);
	ck_assert_uint_eq(wire.len, FRAME_SECURE_PREAMBLE_LEN + frame_secure_body_len(&pr));
	buf_slice(&wire, FRAME_SECURE_PREAMBLE_LEN, wire.len - FRAME_SECURE_PREAMBLE_LEN, &body);
	r = frame_secure_check(rx, &pr, &body, out);
	if (r < 0)
		goto out;
	for (int i = 0; i < pr.nseg; i++)
		ck_assert(buf_equal(&out[i], &segs[i]));
out:
	for (int i = 0; i < FRAME_MAX_SEGMENTS; i++)
		buf_free(&out[i]);
	buf_free(&body);
	buf_free(&wire);
	return r;
}

START_TEST(secure_frames)
{
	uint8_t secret[64];
	struct frame_secure cli, srv;
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	size_t n;

	cephx_random(secret, sizeof(secret));
	ck_assert_int_eq(frame_secure_init(&cli, secret, 39, 0, 1), -EINVAL);
	ck_assert_int_eq(frame_secure_init(&cli, secret, 64, 0, 0), -EOPNOTSUPP);
	ck_assert_int_eq(frame_secure_init(&cli, secret, 64, 0, 1), 0);
	ck_assert_int_eq(frame_secure_init(&srv, secret, 64, 1, 1), 0);

	/* a small control frame: only the 96-byte preamble block */
	fill(&segs[0], 20, 1);
	ck_assert_int_eq(roundtrip(&cli, &srv, FRAME_TAG_KEEPALIVE2, segs, 1, &n, -1), 0);
	ck_assert_uint_eq(n, 96);
	/* the other direction uses the other nonce */
	ck_assert_int_eq(roundtrip(&srv, &cli, FRAME_TAG_KEEPALIVE2, segs, 1, &n, -1), 0);
	/* an empty payload (WAIT-like) */
	buf_clear(&segs[0]);
	ck_assert_int_eq(roundtrip(&cli, &srv, FRAME_TAG_WAIT, segs, 1, &n, -1), 0);
	ck_assert_uint_eq(n, 96);
	/* segment 0 of 100 bytes: 112 padded, 64 beyond the inline 48 */
	fill(&segs[0], 100, 2);
	ck_assert_int_eq(roundtrip(&cli, &srv, FRAME_TAG_AUTH_REQUEST, segs, 1, &n, -1), 0);
	ck_assert_uint_eq(n, 96 + 64 + 16);
	/* a MESSAGE: header 41, front 213, empty middle, data 10000 */
	buf_clear(&segs[0]);
	fill(&segs[0], 41, 3);
	fill(&segs[1], 213, 4);
	fill(&segs[3], 10000, 5);
	ck_assert_int_eq(roundtrip(&cli, &srv, FRAME_TAG_MESSAGE, segs, 4, &n, -1), 0);
	ck_assert_uint_eq(n, 96 + 224 + 0 + 10000 + 16 + 16);
	/* tampering anywhere is caught: preamble block, then the data run */
	ck_assert_int_eq(roundtrip(&cli, &srv, FRAME_TAG_MESSAGE, segs, 4, &n, 10), -EBADMSG);
	frame_secure_clear(&cli);
	frame_secure_clear(&srv);
	ck_assert_int_eq(frame_secure_init(&cli, secret, 64, 0, 1), 0);
	ck_assert_int_eq(frame_secure_init(&srv, secret, 64, 1, 1), 0);
	ck_assert_int_eq(roundtrip(&cli, &srv, FRAME_TAG_MESSAGE, segs, 4, &n, 500), -EBADMSG);
	/* a receiver keyed as the sender (not crossed) cannot read it */
	frame_secure_clear(&srv);
	ck_assert_int_eq(frame_secure_init(&srv, secret, 64, 0, 1), 0);
	ck_assert_int_eq(roundtrip(&cli, &srv, FRAME_TAG_MESSAGE, segs, 4, &n, -1), -EBADMSG);
	for (int i = 0; i < FRAME_MAX_SEGMENTS; i++)
		buf_free(&segs[i]);
	frame_secure_clear(&cli);
	frame_secure_clear(&srv);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("auth_cephx");
	TCase *tc = tcase_create("all");

	tcase_add_test(tc, keyring);
	tcase_add_test(tc, authorizer_secure);
	tcase_add_test(tc, authorizer_crc);
	tcase_add_test(tc, authorizer_refused);
	tcase_add_test(tc, server_garbage);
	tcase_add_test(tc, secure_frames);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
