/*
 * frames_ctl_test.c — control frame payloads and the auth interface:
 * golden frames (docs/ceph-wire/01-msgr2.md §13), decode + re-encode of the
 * control frames of captured Pacific streams, round trips of every payload,
 * truncation at every offset, auth none on both sides.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"
#include "msg/auth.h"
#include "msg/features.h"
#include "msg/frame.h"
#include "msg/frames_ctl.h"
#include "t/msg/msg_test_util.h"

static struct entity_addr
addr4(uint32_t type, const char *ip, uint16_t port, uint32_t nonce)
{
	struct entity_addr a;

	memset(&a, 0, sizeof(a));
	a.type = type;
	a.nonce = nonce;
	a.u.in4.sin_family = AF_INET;
	a.u.in4.sin_port = htons(port);
	inet_pton(AF_INET, ip, &a.u.in4.sin_addr);
	return a;
}

/* Wrap payload into a rev1 control frame and compare with hex. */
static int
frame_is_hex(uint8_t tag, const struct buf *payload, const char *hex)
{
	struct buf out = BUF_INIT;
	int ok;

	frame_build_ctl(&out, tag, payload, 1);
	ok = buf_is_hex(&out, hex);
	buf_free(&out);
	return ok;
}

/* ---- golden frames ---- */

START_TEST(test_auth_request_golden)
{
	static const struct {
		uint32_t type;
		const char *id;
		const char *frame;
	} cases[] = {
		{ ENTITY_TYPE_OSD, "0",
		  "02012200000008000000000000000000000000000000000000000000b04e5e08"
		  "010000000100000001000000120000000a0400000001000000300000000000000000"
		  "050d27bb" },
		{ ENTITY_TYPE_CLIENT, "admin",
		  "020126000000080000000000000000000000000000000000000000008c5ee4be"
		  "010000000100000001000000160000000a080000000500000061646d696e0000000000000000"
		  "d8ede50c" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct auth_client ac;
		struct auth_name name;
		struct frame_auth_request req;
		struct buf payload = BUF_INIT, enc = BUF_INIT;

		name.type = cases[i].type;
		strcpy(name.id, cases[i].id);
		ck_assert_int_eq(auth_client_init(&ac, NULL, AUTH_MODE_MON, &name, 0), 0);
		ck_assert_int_eq(auth_client_build_request(&ac, &payload, &req), 0);
		ck_assert_uint_eq(req.method, AUTH_METHOD_NONE);
		ck_assert_uint_eq(req.nmodes, 1);
		ck_assert_uint_eq(req.modes[0], CON_MODE_CRC);
		frame_auth_request_encode(&enc, &req);
		ck_assert(frame_is_hex(FRAME_TAG_AUTH_REQUEST, &enc, cases[i].frame));
		auth_client_destroy(&ac);
		buf_free(&payload);
		buf_free(&enc);
	}
}
END_TEST

START_TEST(test_auth_done_golden)
{
	struct frame_auth_done f = { .global_id = 4134, .con_mode = CON_MODE_CRC };
	struct buf enc = BUF_INIT, out = BUF_INIT;
	uint8_t *flat;

	frame_auth_done_encode(&enc, &f);
	/* OSD echo of global id 4134 [live] */
	ck_assert(buf_is_hex(&enc, "2610000000000000 01000000 00000000"));
	frame_build_ctl(&out, FRAME_TAG_AUTH_DONE, &enc, 1);
	flat = buf_flat(&out);
	{
		size_t n;
		uint8_t *want = hex_bytes("06011000000008000000000000000000000000000000000000000000"
					  "5b0630a6", &n);

		ck_assert_mem_eq(flat, want, n);
		free(want);
	}
	free(flat);
	buf_free(&enc);
	buf_free(&out);
}
END_TEST

START_TEST(test_keepalive_ack_golden)
{
	struct frame_keepalive k = { .stamp = { 1700000000, 5 } };
	struct frame_ack a = { .seq = 1 };
	struct buf enc = BUF_INIT;

	frame_keepalive2_encode(&enc, &k);
	ck_assert(frame_is_hex(FRAME_TAG_KEEPALIVE2, &enc,
		"12010800000008000000000000000000000000000000000000000000d8d5f599"
		"00f1536505000000" "8924739d"));
	buf_free(&enc);
	frame_ack_encode(&enc, &a);
	ck_assert(frame_is_hex(FRAME_TAG_ACK, &enc,
		"140108000000080000000000000000000000000000000000000000007374bc5b"
		"0100000000000000" "5230eb3a"));
	buf_free(&enc);
}
END_TEST

/* The annotated live CLIENT_IDENT of osd.0 (§13): decode, check, re-encode. */
START_TEST(test_client_ident_live)
{
	static const char hex[] =
		"02 02000000"
		"01 01 01 1c000000 02000000 56240000 10000000 0200 1aa0 7f000001 0000000000000000"
		"01 01 01 1c000000 01000000 56240000 10000000 0200 1aa1 7f000001 0000000000000000"
		"01 01 01 1c000000 02000000 00000000 10000000 0200 9ca4 7f000001 0000000000000000"
		"0000000000000000 0100000000000000 fffffdffbdcf013f 012204020002000c"
		"0100000000000000 0000000000000000";
	struct frame_client_ident f;
	struct entity_addr want_target = addr4(ENTITY_ADDR_MSGR2, "127.0.0.1", 40100, 0);
	struct entity_addr want_v2 = addr4(ENTITY_ADDR_MSGR2, "127.0.0.1", 6816, 9302);
	struct buf enc = BUF_INIT;
	struct dec d;
	size_t n;
	uint8_t *p = hex_bytes(hex, &n);

	ck_assert_uint_eq(n, 158);
	dec_init(&d, p, n);
	ck_assert_int_eq(frame_client_ident_decode(&d, &f), 0);
	ck_assert_uint_eq(dec_remaining(&d), 0);
	ck_assert_uint_eq(f.addrs.n, 2);
	ck_assert(entity_addr_equal(&f.addrs.v[0], &want_v2));
	ck_assert_uint_eq(f.addrs.v[1].type, ENTITY_ADDR_LEGACY);
	ck_assert(entity_addr_equal(&f.target, &want_target));
	ck_assert_int_eq(f.gid, 0);
	ck_assert_uint_eq(f.global_seq, 1);
	ck_assert_uint_eq(f.supported, CEPH_FEATURES_SUPPORTED_PACIFIC);
	ck_assert_uint_eq(f.required, 0x0C00020002042201ULL);
	ck_assert_uint_eq(f.flags, FRAME_IDENT_FLAG_LOSSY);
	ck_assert_uint_eq(f.cookie, 0);
	frame_client_ident_encode(&enc, &f);
	ck_assert(buf_is_hex(&enc, hex));
	buf_free(&enc);
	free(p);
}
END_TEST

/* ---- captured streams: decode every control frame, re-encode byte-exact ---- */

struct ctl_stats {
	int hello, auth_request, auth_done, signature, client_ident, server_ident, other;
};

static void
reencode_ctl(const struct frame_preamble *pr, struct buf segs[FRAME_MAX_SEGMENTS], void *arg)
{
	struct ctl_stats *st = arg;
	struct buf enc = BUF_INIT;
	const uint8_t *p;
	struct dec d;

	if (pr->tag == FRAME_TAG_MESSAGE)
		return;
	p = segs[0].len ? buf_contig(&segs[0], 0, segs[0].len) : NULL;
	dec_init(&d, p, segs[0].len);
	switch (pr->tag) {
	case FRAME_TAG_HELLO: {
		struct frame_hello f;

		ck_assert_int_eq(frame_hello_decode(&d, &f), 0);
		ck_assert(f.entity_type == ENTITY_TYPE_MON || f.entity_type == ENTITY_TYPE_CLIENT);
		frame_hello_encode(&enc, &f);
		st->hello++;
		break;
	}
	case FRAME_TAG_AUTH_REQUEST: {
		struct frame_auth_request f;
		struct auth_name name;
		struct dec pd;
		uint8_t mode;

		ck_assert_int_eq(frame_auth_request_decode(&d, &f), 0);
		ck_assert_uint_eq(f.method, AUTH_METHOD_NONE);
		/* the CLI towards the mon: mode 10, client.admin */
		dec_init(&pd, f.payload.p, f.payload.len);
		ck_assert_int_eq(dec_u8(&pd, &mode), 0);
		ck_assert_uint_eq(mode, AUTH_MODE_MON);
		ck_assert_int_eq(auth_name_decode(&pd, &name), 0);
		ck_assert_str_eq(name.id, "admin");
		frame_auth_request_encode(&enc, &f);
		st->auth_request++;
		break;
	}
	case FRAME_TAG_AUTH_DONE: {
		struct frame_auth_done f;

		ck_assert_int_eq(frame_auth_done_decode(&d, &f), 0);
		ck_assert_uint_eq(f.con_mode, CON_MODE_CRC);
		ck_assert_uint_gt(f.global_id, 0);
		frame_auth_done_encode(&enc, &f);
		st->auth_done++;
		break;
	}
	case FRAME_TAG_AUTH_SIGNATURE: {
		struct frame_auth_signature f;
		static const uint8_t zero[32];

		ck_assert_int_eq(frame_auth_signature_decode(&d, &f), 0);
		ck_assert_mem_eq(f.sig, zero, 32);
		frame_auth_signature_encode(&enc, &f);
		st->signature++;
		break;
	}
	case FRAME_TAG_CLIENT_IDENT: {
		struct frame_client_ident f;

		ck_assert_int_eq(frame_client_ident_decode(&d, &f), 0);
		ck_assert_uint_eq(f.supported, CEPH_FEATURES_SUPPORTED_PACIFIC);
		ck_assert(feature_has(f.required, FEATUREMASK_MSG_ADDR2));
		frame_client_ident_encode(&enc, &f);
		st->client_ident++;
		break;
	}
	case FRAME_TAG_SERVER_IDENT: {
		struct frame_server_ident f;

		ck_assert_int_eq(frame_server_ident_decode(&d, &f), 0);
		ck_assert_uint_eq(f.addrs.n, 2);
		ck_assert_uint_eq(f.flags, FRAME_IDENT_FLAG_LOSSY);
		frame_server_ident_encode(&enc, &f);
		st->server_ident++;
		break;
	}
	case FRAME_TAG_KEEPALIVE2:
	case FRAME_TAG_KEEPALIVE2_ACK: {
		struct frame_keepalive f;

		ck_assert_int_eq(frame_keepalive2_decode(&d, &f), 0);
		frame_keepalive2_encode(&enc, &f);
		st->other++;
		break;
	}
	default:
		ck_abort_msg("unexpected tag %u in stream", pr->tag);
	}
	ck_assert_uint_eq(dec_remaining(&d), 0);
	ck_assert(buf_equal(&enc, &segs[0]));
	buf_free(&enc);
}

START_TEST(test_stream_control_frames)
{
	struct ctl_stats c2m, m2c;
	size_t len, bad;
	uint8_t *p;

	memset(&c2m, 0, sizeof(c2m));
	memset(&m2c, 0, sizeof(m2c));
	p = load_vector("t/vectors/msgr2/stream_c2m.bin", &len);
	ck_assert_int_gt(walk_stream(p, len, reencode_ctl, &c2m, &bad), 0);
	free(p);
	p = load_vector("t/vectors/msgr2/stream_m2c.bin", &len);
	ck_assert_int_gt(walk_stream(p, len, reencode_ctl, &m2c, &bad), 0);
	free(p);
	ck_assert_int_eq(c2m.hello, 1);
	ck_assert_int_eq(c2m.auth_request, 1);
	ck_assert_int_eq(c2m.signature, 1);
	ck_assert_int_eq(c2m.client_ident, 1);
	ck_assert_int_eq(m2c.hello, 1);
	ck_assert_int_eq(m2c.auth_done, 1);
	ck_assert_int_eq(m2c.signature, 1);
	ck_assert_int_eq(m2c.server_ident, 1);
}
END_TEST

/* ---- round trips and truncation for every payload ---- */

typedef void (*enc_fn)(struct buf *b, const void *f);
typedef int (*dec_fn)(struct dec *d, void *f);

/* Encode f, decode it back, re-encode: same bytes; every prefix fails to decode. */
static void
check_codec(const char *name, enc_fn enc, dec_fn dec, size_t size, const void *f)
{
	struct buf b = BUF_INIT, b2 = BUF_INIT;
	void *g = calloc(1, size);
	uint8_t *flat;
	struct dec d;

	enc(&b, f);
	flat = buf_flat(&b);
	dec_init(&d, flat, b.len);
	ck_assert_msg(dec(&d, g) == 0, "%s: decode failed", name);
	ck_assert_msg(dec_remaining(&d) == 0, "%s: bytes left", name);
	enc(&b2, g);
	ck_assert_msg(buf_equal(&b, &b2), "%s: re-encode differs", name);
	for (size_t n = 0; n < b.len; n++) {
		/* a fresh copy of exactly n bytes, so ASan sees any overread */
		uint8_t *cut = malloc(n ? n : 1);

		memcpy(cut, flat, n);
		memset(g, 0, size);
		dec_init(&d, cut, n);
		ck_assert_msg(dec(&d, g) < 0, "%s: %zu of %zu bytes accepted", name, n, b.len);
		free(cut);
	}
	free(flat);
	free(g);
	buf_free(&b);
	buf_free(&b2);
}

START_TEST(test_roundtrip_all)
{
	static const uint8_t blob[] = "some auth bytes";
	struct entity_addrvec av;
	struct frame_hello hello = { ENTITY_TYPE_OSD,
				     addr4(ENTITY_ADDR_MSGR2, "10.1.2.3", 6800, 77) };
	struct frame_auth_request areq = { AUTH_METHOD_CEPHX, 2, { 2, 1 },
					   { blob, sizeof(blob) } };
	struct frame_auth_bad_method bad = { AUTH_METHOD_CEPHX, -95, 1, { 1 }, 2, { 1, 2 } };
	struct frame_auth_more more = { { blob, 5 } };
	struct frame_auth_done done = { 4134, CON_MODE_CRC, { blob, 3 } };
	struct frame_auth_signature sig;
	struct frame_client_ident ci;
	struct frame_server_ident si;
	struct frame_ident_missing_features mf = { 0x0C01020042040000ULL };
	struct frame_session_reconnect rc;
	struct frame_session_reset rs = { 1 };
	struct frame_session_retry rt = { 7 };
	struct frame_session_retry_global rg = { 99 };
	struct frame_session_reconnect_ok ok = { 12 };
	struct frame_keepalive ka = { { 1700000000, 5 } };
	struct frame_ack ack = { 42 };

	for (int i = 0; i < 32; i++)
		sig.sig[i] = (uint8_t)(i * 7);
	memset(&av, 0, sizeof(av));
	av.n = 2;
	av.v[0] = addr4(ENTITY_ADDR_MSGR2, "127.0.0.1", 6816, 9302);
	av.v[1] = addr4(ENTITY_ADDR_LEGACY, "127.0.0.1", 6817, 9302);
	memset(&ci, 0, sizeof(ci));
	ci.addrs = av;
	ci.target = addr4(ENTITY_ADDR_MSGR2, "127.0.0.1", 3300, 0);
	ci.gid = -1;
	ci.global_seq = 2;
	ci.supported = CEPH_FEATURES_SUPPORTED_PACIFIC;
	ci.required = CEPH_FEATURE_MSG_ADDR2;
	ci.flags = 1;
	ci.cookie = 0x1234;
	memset(&si, 0, sizeof(si));
	si.addrs = av;
	si.gid = 3;
	si.global_seq = 9;
	si.supported = CEPH_FEATURES_SUPPORTED_PACIFIC;
	si.required = 0x2E01020002044000ULL;
	si.flags = 0;
	si.cookie = 0xfeedULL;
	memset(&rc, 0, sizeof(rc));
	rc.addrs = av;
	rc.client_cookie = 1;
	rc.server_cookie = 2;
	rc.global_seq = 3;
	rc.connect_seq = 4;
	rc.msg_seq = 5;

	check_codec("hello", (enc_fn)frame_hello_encode, (dec_fn)frame_hello_decode,
		    sizeof(hello), &hello);
	check_codec("auth_request", (enc_fn)frame_auth_request_encode,
		    (dec_fn)frame_auth_request_decode, sizeof(areq), &areq);
	check_codec("auth_bad_method", (enc_fn)frame_auth_bad_method_encode,
		    (dec_fn)frame_auth_bad_method_decode, sizeof(bad), &bad);
	check_codec("auth_reply_more", (enc_fn)frame_auth_reply_more_encode,
		    (dec_fn)frame_auth_reply_more_decode, sizeof(more), &more);
	check_codec("auth_request_more", (enc_fn)frame_auth_request_more_encode,
		    (dec_fn)frame_auth_request_more_decode, sizeof(more), &more);
	check_codec("auth_done", (enc_fn)frame_auth_done_encode,
		    (dec_fn)frame_auth_done_decode, sizeof(done), &done);
	check_codec("auth_signature", (enc_fn)frame_auth_signature_encode,
		    (dec_fn)frame_auth_signature_decode, sizeof(sig), &sig);
	check_codec("client_ident", (enc_fn)frame_client_ident_encode,
		    (dec_fn)frame_client_ident_decode, sizeof(ci), &ci);
	check_codec("server_ident", (enc_fn)frame_server_ident_encode,
		    (dec_fn)frame_server_ident_decode, sizeof(si), &si);
	check_codec("ident_missing_features", (enc_fn)frame_ident_missing_features_encode,
		    (dec_fn)frame_ident_missing_features_decode, sizeof(mf), &mf);
	check_codec("session_reconnect", (enc_fn)frame_session_reconnect_encode,
		    (dec_fn)frame_session_reconnect_decode, sizeof(rc), &rc);
	check_codec("session_reset", (enc_fn)frame_session_reset_encode,
		    (dec_fn)frame_session_reset_decode, sizeof(rs), &rs);
	check_codec("session_retry", (enc_fn)frame_session_retry_encode,
		    (dec_fn)frame_session_retry_decode, sizeof(rt), &rt);
	check_codec("session_retry_global", (enc_fn)frame_session_retry_global_encode,
		    (dec_fn)frame_session_retry_global_decode, sizeof(rg), &rg);
	check_codec("session_reconnect_ok", (enc_fn)frame_session_reconnect_ok_encode,
		    (dec_fn)frame_session_reconnect_ok_decode, sizeof(ok), &ok);
	check_codec("keepalive2", (enc_fn)frame_keepalive2_encode,
		    (dec_fn)frame_keepalive2_decode, sizeof(ka), &ka);
	check_codec("keepalive2_ack", (enc_fn)frame_keepalive2_ack_encode,
		    (dec_fn)frame_keepalive2_ack_decode, sizeof(ka), &ka);
	check_codec("ack", (enc_fn)frame_ack_encode, (dec_fn)frame_ack_decode,
		    sizeof(ack), &ack);

	/* decoded values, spot checks */
	{
		struct buf b = BUF_INIT;
		struct frame_auth_bad_method g;
		struct dec d;
		uint8_t *flat;

		frame_auth_bad_method_encode(&b, &bad);
		ck_assert(buf_is_hex(&b, "02000000 a1ffffff 01000000 01000000 "
					 "02000000 01000000 02000000"));
		flat = buf_flat(&b);
		dec_init(&d, flat, b.len);
		ck_assert_int_eq(frame_auth_bad_method_decode(&d, &g), 0);
		ck_assert_int_eq(g.result, -95);
		ck_assert_uint_eq(g.nmodes, 2);
		ck_assert_uint_eq(g.modes[1], 2);
		free(flat);
		buf_free(&b);
	}
}
END_TEST

START_TEST(test_malformed)
{
	struct frame_auth_request req;
	struct frame_session_reset rs;
	struct frame_hello hello;
	struct dec d;
	size_t n;
	uint8_t *p;

	/* too many modes: clean -E2BIG, no overflow of the fixed array */
	p = hex_bytes("01000000 09000000 010000000100000001000000010000000100000001000000"
		      "010000000100000001000000 00000000", &n);
	dec_init(&d, p, n);
	ck_assert_int_eq(frame_auth_request_decode(&d, &req), -E2BIG);
	free(p);
	/* a huge mode count with few bytes: refused before any loop */
	p = hex_bytes("01000000 ffffffff 01000000", &n);
	dec_init(&d, p, n);
	ck_assert_int_eq(frame_auth_request_decode(&d, &req), -EBADMSG);
	free(p);
	/* payload length larger than what remains */
	p = hex_bytes("01000000 01000000 01000000 10000000 0a", &n);
	dec_init(&d, p, n);
	ck_assert_int_eq(frame_auth_request_decode(&d, &req), -EBADMSG);
	free(p);
	/* bool: any non-zero byte is true */
	p = hex_bytes("07", &n);
	dec_init(&d, p, n);
	ck_assert_int_eq(frame_session_reset_decode(&d, &rs), 0);
	ck_assert_int_eq(rs.full, 1);
	free(p);
	/* HELLO with a bad address marker */
	p = hex_bytes("01 07 01 01 1c000000", &n);
	dec_init(&d, p, n);
	ck_assert_int_lt(frame_hello_decode(&d, &hello), 0);
	free(p);
	/* an empty payload decodes to nothing */
	dec_init(&d, NULL, 0);
	ck_assert_int_eq(frame_hello_decode(&d, &hello), -EBADMSG);
}
END_TEST

/* ---- auth none ---- */

START_TEST(test_auth_none_client_server)
{
	struct auth_client ac;
	struct auth_server as;
	struct auth_name me, peer;
	struct frame_auth_request req, rreq;
	struct frame_auth_done done, rdone;
	struct buf payload = BUF_INIT, enc = BUF_INIT, reply = BUF_INIT;
	uint8_t sig[32], zero[32] = { 0 };
	struct buf rec = BUF_INIT;
	uint8_t *flat;
	struct dec d;

	/* client.admin, global id 4134, towards an OSD (authorizer) */
	ck_assert_int_eq(auth_name_parse("client.admin", &me), 0);
	ck_assert_int_eq(auth_client_init(&ac, NULL, AUTH_MODE_AUTHORIZER, &me, 4134), 0);
	ck_assert_int_eq(auth_client_build_request(&ac, &payload, &req), 0);
	ck_assert(buf_is_hex(&payload, "01 08000000 05000000 61646d696e 2610000000000000"));
	frame_auth_request_encode(&enc, &req);

	/* the OSD side decodes it from the wire */
	flat = buf_flat(&enc);
	dec_init(&d, flat, enc.len);
	ck_assert_int_eq(frame_auth_request_decode(&d, &rreq), 0);
	auth_server_init(&as, NULL, ENTITY_TYPE_CLIENT);
	ck_assert_int_eq(auth_server_handle_request(&as, &rreq, 0, &reply), AUTH_RESULT_DONE);
	ck_assert_uint_eq(as.session.global_id, 4134);
	ck_assert_uint_eq(as.session.con_mode, CON_MODE_CRC);
	ck_assert_uint_eq(as.peer_name.type, ENTITY_TYPE_CLIENT);
	ck_assert_str_eq(as.peer_name.id, "admin");
	auth_server_done(&as, &reply, &done);
	buf_free(&enc);
	frame_auth_done_encode(&enc, &done);
	ck_assert(buf_is_hex(&enc, "2610000000000000 01000000 00000000"));
	free(flat);

	/* back at the client */
	flat = buf_flat(&enc);
	dec_init(&d, flat, enc.len);
	ck_assert_int_eq(frame_auth_done_decode(&d, &rdone), 0);
	ck_assert_int_eq(auth_client_handle_done(&ac, &rdone), 0);
	ck_assert_uint_eq(ac.session.global_id, 4134);
	ck_assert_int_eq(auth_client_handle_done(&ac, &rdone), -EPROTO);      /* twice */

	/* signatures: zeros, nothing to record */
	buf_append(&rec, "whatever was exchanged", 22);
	ck_assert_int_eq(auth_wants_preauth_record(&ac.session, ac.ops), 0);
	auth_sign(&ac.session, ac.ops, &rec, sig);
	ck_assert_mem_eq(sig, zero, 32);
	ck_assert_int_eq(auth_verify(&as.session, as.ops, &rec, zero), 0);
	sig[31] = 1;
	ck_assert_int_eq(auth_verify(&as.session, as.ops, &rec, sig), -EACCES);

	/* a second request after done is a protocol error */
	ck_assert_int_eq(auth_server_handle_request(&as, &rreq, 0, &reply), -EPROTO);

	ck_assert_int_eq(auth_name_format(&as.peer_name, (char *)sig, sizeof(sig)), 12);
	ck_assert_str_eq((char *)sig, "client.admin");
	peer = as.peer_name;
	ck_assert_uint_eq(peer.type, ENTITY_TYPE_CLIENT);

	free(flat);
	auth_client_destroy(&ac);
	auth_server_destroy(&as);
	buf_free(&payload);
	buf_free(&enc);
	buf_free(&reply);
	buf_free(&rec);
}
END_TEST

START_TEST(test_auth_server_refusals)
{
	struct auth_server as;
	struct frame_auth_request req;
	struct frame_auth_bad_method bm;
	struct buf reply = BUF_INIT;
	size_t n;
	uint8_t *monpay = hex_bytes("0a 08000000 05000000 61646d696e 0000000000000000", &n);
	uint8_t *shortpay;
	size_t sn;

	/* cephx is not offered: AUTH_BAD_METHOD(-EOPNOTSUPP) with what we allow */
	auth_server_init(&as, NULL, ENTITY_TYPE_CLIENT);
	memset(&req, 0, sizeof(req));
	req.method = AUTH_METHOD_CEPHX;
	req.nmodes = 2;
	req.modes[0] = CON_MODE_SECURE;
	req.modes[1] = CON_MODE_CRC;
	req.payload.p = monpay;
	req.payload.len = (uint32_t)n;
	ck_assert_int_eq(auth_server_handle_request(&as, &req, 0, &reply), AUTH_RESULT_BAD_METHOD);
	auth_server_bad_method(&as, &bm);
	ck_assert_uint_eq(bm.method, AUTH_METHOD_CEPHX);
	ck_assert_int_eq(bm.result, -EOPNOTSUPP);
	ck_assert_uint_eq(bm.nmethods, 1);
	ck_assert_uint_eq(bm.methods[0], AUTH_METHOD_NONE);
	ck_assert_uint_eq(bm.nmodes, 1);
	ck_assert_uint_eq(bm.modes[0], CON_MODE_CRC);

	/* none but only secure mode: no common mode */
	req.method = AUTH_METHOD_NONE;
	req.nmodes = 1;
	ck_assert_int_eq(auth_server_handle_request(&as, &req, 0, &reply), AUTH_RESULT_BAD_METHOD);

	/* none + crc, but a mon-mode payload: an OSD refuses */
	req.modes[0] = CON_MODE_CRC;
	ck_assert_int_eq(auth_server_handle_request(&as, &req, 0, &reply), -EACCES);
	/* empty payload */
	req.payload.p = NULL;
	req.payload.len = 0;
	ck_assert_int_eq(auth_server_handle_request(&as, &req, 0, &reply), -EACCES);
	/* truncated authorizer at every length */
	shortpay = hex_bytes("01 08000000 05000000 61646d696e 2610000000000000", &sn);
	for (size_t i = 1; i < sn; i++) {
		uint8_t *cut = malloc(i);

		memcpy(cut, shortpay, i);
		req.payload.p = cut;
		req.payload.len = (uint32_t)i;
		ck_assert_int_eq(auth_server_handle_request(&as, &req, 0, &reply), -EACCES);
		free(cut);
	}
	/* MORE without a method in progress */
	ck_assert_int_eq(auth_server_handle_request(&as, &req, 1, &reply), -EPROTO);
	/* finally the good one */
	req.payload.p = shortpay;
	req.payload.len = (uint32_t)sn;
	ck_assert_int_eq(auth_server_handle_request(&as, &req, 0, &reply), AUTH_RESULT_DONE);
	ck_assert_uint_eq(reply.len, 0);
	auth_server_destroy(&as);
	free(monpay);
	free(shortpay);
	buf_free(&reply);
}
END_TEST

START_TEST(test_auth_client_bad_method)
{
	struct auth_client ac;
	struct auth_name me;
	struct auth_policy pol;
	struct frame_auth_bad_method bm;
	struct frame_auth_request req;
	struct buf payload = BUF_INIT;

	ck_assert_int_eq(auth_name_parse("osd.3", &me), 0);
	ck_assert_uint_eq(me.type, ENTITY_TYPE_OSD);
	/* a policy with only an unimplemented method (3, gss) */
	memset(&pol, 0, sizeof(pol));
	pol.nmethods = 1;
	pol.methods[0] = 3;
	pol.nmodes = 1;
	pol.modes[0] = CON_MODE_CRC;
	ck_assert_int_eq(auth_client_init(&ac, &pol, AUTH_MODE_MON, &me, 0), -EOPNOTSUPP);

	/* default policy; server refuses none and allows only cephx */
	ck_assert_int_eq(auth_client_init(&ac, NULL, AUTH_MODE_MON, &me, 0), 0);
	memset(&bm, 0, sizeof(bm));
	bm.method = AUTH_METHOD_NONE;
	bm.result = -EOPNOTSUPP;
	bm.nmethods = 1;
	bm.methods[0] = AUTH_METHOD_CEPHX;
	bm.nmodes = 2;
	bm.modes[0] = CON_MODE_SECURE;
	bm.modes[1] = CON_MODE_CRC;
	ck_assert_int_eq(auth_client_handle_bad_method(&ac, &bm), -EACCES);
	/* server allows none but only secure mode */
	bm.methods[0] = AUTH_METHOD_NONE;
	bm.method = AUTH_METHOD_CEPHX;
	bm.nmodes = 1;
	ck_assert_int_eq(auth_client_handle_bad_method(&ac, &bm), -EACCES);
	/* server allows none + crc (it refused something else): retry */
	bm.nmodes = 2;
	ck_assert_int_eq(auth_client_handle_bad_method(&ac, &bm), 0);
	ck_assert_int_eq(auth_client_build_request(&ac, &payload, &req), 0);
	ck_assert_uint_eq(req.method, AUTH_METHOD_NONE);
	/* osd.3 in mon mode */
	ck_assert(buf_is_hex(&payload, "0a 04000000 01000000 33 0000000000000000"));
	/* AUTH_REPLY_MORE makes no sense for none */
	{
		struct frame_auth_more more = { { NULL, 0 } };
		struct buf r = BUF_INIT;

		ck_assert_int_eq(auth_client_handle_reply_more(&ac, &more, &r), -EPROTO);
	}
	/* AUTH_DONE with a mode we did not offer */
	{
		struct frame_auth_done done = { 4109, CON_MODE_SECURE, { NULL, 0 } };

		ck_assert_int_eq(auth_client_handle_done(&ac, &done), -EPROTO);
		done.con_mode = CON_MODE_CRC;
		ck_assert_int_eq(auth_client_handle_done(&ac, &done), 0);
		ck_assert_uint_eq(ac.session.global_id, 4109);
	}
	auth_client_destroy(&ac);
	buf_free(&payload);
}
END_TEST

START_TEST(test_auth_names)
{
	struct auth_name n;
	struct buf b = BUF_INIT;
	struct dec d;
	uint8_t *flat;
	char s[80];

	ck_assert_int_eq(auth_name_parse("mgr.x", &n), 0);
	ck_assert_uint_eq(n.type, ENTITY_TYPE_MGR);
	ck_assert_int_eq(auth_name_parse("admin", &n), -EINVAL);
	ck_assert_int_eq(auth_name_parse("foo.bar", &n), -EINVAL);
	ck_assert_int_eq(auth_name_parse("client.", &n), -EINVAL);
	ck_assert_int_eq(auth_name_parse("client.admin", &n), 0);
	auth_name_encode(&b, &n);
	ck_assert(buf_is_hex(&b, "08000000 05000000 61646d696e"));
	flat = buf_flat(&b);
	dec_init(&d, flat, b.len);
	ck_assert_int_eq(auth_name_decode(&d, &n), 0);
	auth_name_format(&n, s, sizeof(s));
	ck_assert_str_eq(s, "client.admin");
	free(flat);
	buf_free(&b);
	/* an id longer than we keep: clean error */
	enc_u32(&b, ENTITY_TYPE_CLIENT);
	memset(s, 'x', sizeof(s));
	enc_string(&b, s, sizeof(s));
	flat = buf_flat(&b);
	dec_init(&d, flat, b.len);
	ck_assert_int_eq(auth_name_decode(&d, &n), -ENAMETOOLONG);
	free(flat);
	buf_free(&b);
	ck_assert_str_eq(auth_method_name(AUTH_METHOD_CEPHX), "cephx");
	ck_assert_ptr_eq(auth_method_lookup(AUTH_METHOD_CEPHX), &auth_cephx_ops);
	ck_assert_ptr_null(auth_method_lookup(3));
	ck_assert_ptr_eq(auth_method_lookup(AUTH_METHOD_NONE), &auth_none_ops);
}
END_TEST

static Suite *
ctl_suite(void)
{
	Suite *s = suite_create("frames_ctl");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_auth_request_golden);
	tcase_add_test(tc, test_auth_done_golden);
	tcase_add_test(tc, test_keepalive_ack_golden);
	tcase_add_test(tc, test_client_ident_live);
	tcase_add_test(tc, test_stream_control_frames);
	tcase_add_test(tc, test_roundtrip_all);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_auth_none_client_server);
	tcase_add_test(tc, test_auth_server_refusals);
	tcase_add_test(tc, test_auth_client_bad_method);
	tcase_add_test(tc, test_auth_names);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ctl_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
