/*
 * monc_auth_test.c — MAuth / MAuthReply codecs and the cephx upkeep of a
 * mon session (mon/monc_auth.h): what is asked for and when, and the
 * replies a monitor sends (encrypted as CephxServiceHandler does: service
 * tickets under the AUTH session key, a renewed AUTH ticket under the old
 * session key, rotating secrets under our own key), including malformed
 * and wrongly keyed ones.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"
#include "mon/mon_msgs.h"
#include "mon/monc_auth.h"
#include "msg/auth.h"
#include "msg/auth_cephx.h"
#include "msg/cephx_crypto.h"
#include "msg/message.h"
#include "msg/message_types.h"

static double
now(void)
{
	struct utime t = utime_now();

	return t.sec + t.nsec / 1e9;
}

static struct cephx_ctx *
ctx_new(struct cephx_key *secret)
{
	struct auth_name n = { ENTITY_TYPE_OSD, "3" };

	ck_assert_int_eq(cephx_key_generate(secret), 0);
	return cephx_ctx_new(&n, secret, ENTITY_TYPE_MON | ENTITY_TYPE_OSD | ENTITY_TYPE_MGR);
}

/* Give cx a valid ticket for service, good for ttl seconds. */
static void
give_ticket(struct cephx_ctx *cx, uint32_t service, double ttl)
{
	struct cephx_ticket *t = cephx_ticket_for(cx, service);

	t->have = 1;
	cephx_key_generate(&t->session_key);
	t->secret_id = 7;
	free(t->blob);
	t->blob = malloc(4);
	memcpy(t->blob, "blob", 4);
	t->blob_len = 4;
	t->expires = now() + ttl;
	t->renew_after = t->expires - ttl / 4;
}

/* The CEPHX_* request type in an MAuth front. */
static int
request_type(struct msg *m)
{
	const uint8_t *p = buf_contig(&m->front, 0, m->front.len);
	struct dec d;
	uint64_t v;
	uint32_t proto, len;
	uint16_t type;

	dec_init(&d, p, m->front.len);
	ck_assert_int_eq(paxos_hdr_decode(&d, &v), 0);
	dec_u32(&d, &proto);
	dec_u32(&d, &len);
	dec_u16(&d, &type);
	ck_assert_int_eq(d.err, 0);
	ck_assert_int_eq(proto, AUTH_METHOD_CEPHX);
	return type;
}

START_TEST(mauth_codec)
{
	struct buf pl = BUF_INIT;
	struct msg *m;
	struct mon_auth_reply r;
	const uint8_t *p;

	buf_append(&pl, "\x00\x04", 2);
	m = mon_msg_auth(AUTH_METHOD_CEPHX, &pl, 5);
	ck_assert_int_eq(m->hdr.type, CEPH_MSG_AUTH);
	/* paxos hdr (18) + protocol + bufferlist(2) + epoch */
	ck_assert_uint_eq(m->front.len, 18 + 4 + 4 + 2 + 4);
	p = buf_contig(&m->front, 0, m->front.len);
	ck_assert_uint_eq(get_le32(p + 18), 2);
	ck_assert_uint_eq(get_le32(p + 22), 2);
	ck_assert_uint_eq(get_le32(p + 28), 5);
	ck_assert_int_eq(request_type(m), CEPHX_GET_ROTATING_KEY);
	msg_free(m);

	m = mon_msg_auth_reply(2, -13, 4242, &pl, "denied");
	ck_assert_int_eq(m->hdr.type, CEPH_MSG_AUTH_REPLY);
	p = buf_contig(&m->front, 0, m->front.len);
	ck_assert_int_eq(mon_auth_reply_decode(p, m->front.len, &r), 0);
	ck_assert_uint_eq(r.protocol, 2);
	ck_assert_int_eq(r.result, -13);
	ck_assert_uint_eq(r.global_id, 4242);
	ck_assert_uint_eq(r.bl_len, 2);
	ck_assert_str_eq(r.msg, "denied");
	for (size_t n = 0; n < m->front.len; n++)
		ck_assert_int_eq(mon_auth_reply_decode(p, n, &r), -EBADMSG);
	msg_free(m);
	buf_free(&pl);
}
END_TEST

START_TEST(poll_order)
{
	struct cephx_key sec;
	struct cephx_ctx *cx = ctx_new(&sec);
	struct monc_auth *ma = monc_auth_new(cx, 1);
	struct msg *m;
	double t = now();

	/* no AUTH ticket: renew it first */
	m = monc_auth_poll(ma, t, 1);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(request_type(m), CEPHX_GET_AUTH_SESSION_KEY);
	msg_free(m);
	/* one request at a time, until it times out */
	ck_assert_ptr_null(monc_auth_poll(ma, t + 1, 1));
	m = monc_auth_poll(ma, t + 11, 1);
	ck_assert_ptr_nonnull(m);
	msg_free(m);
	monc_auth_reset(ma);

	/* all tickets good: the rotating secrets */
	give_ticket(cx, ENTITY_TYPE_AUTH, 3600);
	give_ticket(cx, ENTITY_TYPE_MON, 3600);
	give_ticket(cx, ENTITY_TYPE_OSD, 3600);
	give_ticket(cx, ENTITY_TYPE_MGR, 3600);
	m = monc_auth_poll(ma, t, 1);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(request_type(m), CEPHX_GET_ROTATING_KEY);
	msg_free(m);
	/* its answer is due: nothing else is sent meanwhile */
	ck_assert_ptr_null(monc_auth_poll(ma, t + 1, 1));
	/* without rotating secrets wanted and every ticket good: nothing */
	monc_auth_free(ma);
	ma = monc_auth_new(cx, 0);
	ck_assert_ptr_null(monc_auth_poll(ma, t, 1));

	/* a service ticket past 3/4 of its life: GET_PRINCIPAL_SESSION_KEY */
	give_ticket(cx, ENTITY_TYPE_OSD, 40);
	m = monc_auth_poll(ma, t + 35, 1);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(request_type(m), CEPHX_GET_PRINCIPAL_SESSION_KEY);
	msg_free(m);
	monc_auth_free(ma);
	cephx_ctx_free(cx);
}
END_TEST

/* One service ticket entry of a reply: principal-encrypted session key,
 * then the ticket blob, in clear or (renewal) under old. */
static void
ticket_entry(struct buf *b, uint32_t service, const struct cephx_key *principal,
	     const struct cephx_key *skey, uint32_t ttl, const struct cephx_key *old,
	     uint64_t secret_id)
{
	struct buf st = BUF_INIT, tb = BUF_INIT, wrapped = BUF_INIT;
	struct utime v = { ttl, 0 };

	enc_u32(b, service);
	enc_u8(b, 1);
	enc_u8(&st, 1);
	cephx_key_encode(&st, skey);
	utime_encode(&st, &v);
	ck_assert_int_eq(cephx_encode_encrypt(principal, &st, b), 0);
	enc_u8(&tb, 1);
	enc_u64(&tb, secret_id);
	enc_string(&tb, "opaque-ticket", 13);
	enc_u8(b, old != NULL);
	if (old) {
		enc_buf(&wrapped, &tb);
		ck_assert_int_eq(cephx_encode_encrypt(old, &wrapped, b), 0);
	} else {
		enc_buf(b, &tb);
	}
	buf_free(&st);
	buf_free(&tb);
	buf_free(&wrapped);
}

static struct msg *
reply_of(const struct buf *bl)
{
	return mon_msg_auth_reply(AUTH_METHOD_CEPHX, 0, 4100, bl, "");
}

static int
handle(struct monc_auth *ma, struct msg *m)
{
	int r = monc_auth_handle_reply(ma, buf_contig(&m->front, 0, m->front.len), m->front.len);

	msg_free(m);
	return r;
}

START_TEST(replies)
{
	struct cephx_key sec, k1, k2, wrong;
	struct cephx_ctx *cx = ctx_new(&sec);
	struct monc_auth *ma = monc_auth_new(cx, 1);
	struct cephx_ticket *auth, *osd;
	struct buf bl = BUF_INIT, rs = BUF_INIT;
	struct cephx_key oldauth;

	give_ticket(cx, ENTITY_TYPE_AUTH, 3600);
	auth = cephx_ticket_for(cx, ENTITY_TYPE_AUTH);
	osd = cephx_ticket_for(cx, ENTITY_TYPE_OSD);
	cephx_key_generate(&k1);
	cephx_key_generate(&k2);
	cephx_key_generate(&wrong);

	/* GET_PRINCIPAL_SESSION_KEY: tickets under the AUTH session key */
	enc_u16(&bl, CEPHX_GET_PRINCIPAL_SESSION_KEY);
	enc_s32(&bl, 0);
	enc_u8(&bl, 1);
	enc_u32(&bl, 1);
	ticket_entry(&bl, ENTITY_TYPE_OSD, &auth->session_key, &k1, 60, NULL, 11);
	ck_assert_int_eq(handle(ma, reply_of(&bl)), 0);
	ck_assert(osd->have);
	ck_assert_uint_eq(osd->secret_id, 11);
	ck_assert_mem_eq(osd->session_key.secret, k1.secret, 16);
	ck_assert(osd->expires > now() + 55 && osd->renew_after < osd->expires);

	/* the same under a wrong key: refused, ticket unchanged */
	buf_free(&bl);
	enc_u16(&bl, CEPHX_GET_PRINCIPAL_SESSION_KEY);
	enc_s32(&bl, 0);
	enc_u8(&bl, 1);
	enc_u32(&bl, 1);
	ticket_entry(&bl, ENTITY_TYPE_OSD, &wrong, &k2, 60, NULL, 12);
	ck_assert_int_lt(handle(ma, reply_of(&bl)), 0);
	ck_assert_uint_eq(osd->secret_id, 11);

	/* AUTH renewal: principal = our secret, blob under the old session key */
	oldauth = auth->session_key;
	buf_free(&bl);
	enc_u16(&bl, CEPHX_GET_AUTH_SESSION_KEY);
	enc_s32(&bl, 0);
	enc_u8(&bl, 1);
	enc_u32(&bl, 1);
	ticket_entry(&bl, ENTITY_TYPE_AUTH, &sec, &k2, 120, &oldauth, 21);
	ck_assert_int_eq(handle(ma, reply_of(&bl)), 0);
	ck_assert_uint_eq(auth->secret_id, 21);
	ck_assert_mem_eq(auth->session_key.secret, k2.secret, 16);
	ck_assert_uint_eq(auth->blob_len, 13);

	/* rotating secrets under our own key */
	buf_free(&bl);
	enc_u16(&bl, CEPHX_GET_ROTATING_KEY);
	enc_s32(&bl, 0);
	enc_u8(&rs, 1);
	enc_u32(&rs, 3);
	for (int i = 0; i < 3; i++) {
		struct cephx_key k;
		struct utime e = { (uint32_t)now() + 60 * (uint32_t)(i + 1), 0 };

		cephx_key_generate(&k);
		enc_u64(&rs, 100 + (uint64_t)i);
		enc_u8(&rs, 1);
		cephx_key_encode(&rs, &k);
		utime_encode(&rs, &e);
	}
	enc_u64(&rs, 102);
	ck_assert_int_eq(cephx_encode_encrypt(&sec, &rs, &bl), 0);
	ck_assert(!monc_auth_have_rotating(ma));
	ck_assert_int_eq(handle(ma, reply_of(&bl)), 0);
	ck_assert(monc_auth_have_rotating(ma));
	ck_assert_uint_eq(cx->nrot, 3);
	ck_assert_uint_eq(cx->rot[2].id, 102);
	ck_assert(!cephx_rotating_need(cx, now()));
	/* once the current one expired (+ a margin) a fetch is due */
	ck_assert(cephx_rotating_need(cx, now() + 120 + 16));

	/* every truncation of that reply is a clean error */
	for (size_t n = 0; n < bl.len; n++) {
		struct buf part = BUF_INIT;

		buf_slice(&bl, 0, n, &part);
		ck_assert_int_lt(handle(ma, reply_of(&part)), 0);
		buf_free(&part);
	}

	/* refused by the monitor, another protocol, garbage */
	ck_assert_int_eq(handle(ma, mon_msg_auth_reply(2, -EACCES, 0, NULL, "no")), -EACCES);
	ck_assert_int_eq(handle(ma, mon_msg_auth_reply(1, 0, 0, &bl, "")), -EPROTO);
	ck_assert_int_eq(monc_auth_handle_reply(ma, "\x02", 1), -EBADMSG);

	buf_free(&bl);
	buf_free(&rs);
	monc_auth_free(ma);
	cephx_ctx_free(cx);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("monc_auth");
	TCase *tc = tcase_create("monc_auth");
	SRunner *sr;
	int nf;

	tcase_add_test(tc, mauth_codec);
	tcase_add_test(tc, poll_order);
	tcase_add_test(tc, replies);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
