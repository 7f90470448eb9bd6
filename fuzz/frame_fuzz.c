/*
 * frame_fuzz.c — libFuzzer target for the msgr2 receive path: preamble
 * parse -> frame_check -> control payload decoders and the auth-none server.
 *
 * The first input byte picks a mode:
 *   bit 0: rev1 (else rev0)
 *   bit 1: "built" mode — the rest describes segments (tag, count, u16
 *          lengths, bytes) that are framed with valid crcs first, so the
 *          fuzzer reaches the payload decoders instead of dying on crcs;
 *          otherwise the rest is a raw byte stream of frames.
 * bits 2-4: chunk size used to split the body into several buffer segments.
 * Invariants checked (abort on violation): a frame that checks out can be
 * rebuilt from its segments and checks out again with equal segments; a
 * decoded control payload re-encodes to something that decodes again.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "msg/auth.h"
#include "msg/frame.h"
#include "msg/frames_ctl.h"
#include "msg/message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Keep allocations small whatever the input claims. */
#define FUZZ_SEG_MAX (1u << 20)

static void
add_chunked(struct buf *b, const uint8_t *p, size_t len, size_t chunk)
{
	while (len > 0) {
		size_t n = len < chunk ? len : chunk;
		struct buf_seg *seg = buf_seg_new(n);

		memcpy(seg->data, p, n);
		seg->used = (uint32_t)n;
		buf_append_ref(b, seg, 0, (uint32_t)n);
		buf_seg_put(seg);
		p += n;
		len -= n;
	}
}

static void
segs_free(struct buf segs[FRAME_MAX_SEGMENTS])
{
	for (int i = 0; i < FRAME_MAX_SEGMENTS; i++)
		buf_free(&segs[i]);
}

/* Decode, re-encode, decode again: the second decode must succeed. */
#define ROUNDTRIP(name, type)                                                   \
	do {                                                                    \
		type f, g;                                                      \
		struct buf e = BUF_INIT;                                        \
		struct dec d2;                                                  \
		const uint8_t *q;                                               \
		memset(&f, 0, sizeof(f));                                       \
		if (frame_##name##_decode(&d, &f) == 0) {                       \
			frame_##name##_encode(&e, &f);                          \
			q = e.len ? buf_contig(&e, 0, e.len) : NULL;            \
			dec_init(&d2, q, e.len);                                \
			if (frame_##name##_decode(&d2, &g) != 0 ||              \
			    dec_remaining(&d2) != 0)                            \
				abort();                                        \
		}                                                               \
		buf_free(&e);                                                   \
	} while (0)

static void
decode_control(uint8_t tag, struct buf *seg0)
{
	const uint8_t *p = seg0->len ? buf_contig(seg0, 0, seg0->len) : NULL;
	struct dec d;

	dec_init(&d, p, seg0->len);
	switch (tag) {
	case FRAME_TAG_HELLO:
		ROUNDTRIP(hello, struct frame_hello);
		break;
	case FRAME_TAG_AUTH_REQUEST: {
		struct frame_auth_request req;
		struct auth_server as;
		struct buf reply = BUF_INIT;

		ROUNDTRIP(auth_request, struct frame_auth_request);
		dec_init(&d, p, seg0->len);
		if (frame_auth_request_decode(&d, &req) == 0) {
			auth_server_init(&as, NULL, 8);
			if (auth_server_handle_request(&as, &req, 0, &reply) ==
			    AUTH_RESULT_BAD_METHOD) {
				struct frame_auth_bad_method bm;

				auth_server_bad_method(&as, &bm);
			}
			auth_server_destroy(&as);
		}
		buf_free(&reply);
		break;
	}
	case FRAME_TAG_AUTH_BAD_METHOD:
		ROUNDTRIP(auth_bad_method, struct frame_auth_bad_method);
		break;
	case FRAME_TAG_AUTH_REPLY_MORE:
		ROUNDTRIP(auth_reply_more, struct frame_auth_more);
		break;
	case FRAME_TAG_AUTH_REQUEST_MORE:
		ROUNDTRIP(auth_request_more, struct frame_auth_more);
		break;
	case FRAME_TAG_AUTH_DONE:
		ROUNDTRIP(auth_done, struct frame_auth_done);
		break;
	case FRAME_TAG_AUTH_SIGNATURE:
		ROUNDTRIP(auth_signature, struct frame_auth_signature);
		break;
	case FRAME_TAG_CLIENT_IDENT:
		ROUNDTRIP(client_ident, struct frame_client_ident);
		break;
	case FRAME_TAG_SERVER_IDENT:
		ROUNDTRIP(server_ident, struct frame_server_ident);
		break;
	case FRAME_TAG_IDENT_MISSING_FEATURES:
		ROUNDTRIP(ident_missing_features, struct frame_ident_missing_features);
		break;
	case FRAME_TAG_SESSION_RECONNECT:
		ROUNDTRIP(session_reconnect, struct frame_session_reconnect);
		break;
	case FRAME_TAG_SESSION_RESET:
		ROUNDTRIP(session_reset, struct frame_session_reset);
		break;
	case FRAME_TAG_SESSION_RETRY:
		ROUNDTRIP(session_retry, struct frame_session_retry);
		break;
	case FRAME_TAG_SESSION_RETRY_GLOBAL:
		ROUNDTRIP(session_retry_global, struct frame_session_retry_global);
		break;
	case FRAME_TAG_SESSION_RECONNECT_OK:
		ROUNDTRIP(session_reconnect_ok, struct frame_session_reconnect_ok);
		break;
	case FRAME_TAG_KEEPALIVE2:
		ROUNDTRIP(keepalive2, struct frame_keepalive);
		break;
	case FRAME_TAG_KEEPALIVE2_ACK:
		ROUNDTRIP(keepalive2_ack, struct frame_keepalive);
		break;
	case FRAME_TAG_ACK:
		ROUNDTRIP(ack, struct frame_ack);
		break;
	default:
		break;
	}
}

/* A checked frame: rebuild it and check the copy (framing invariants). */
static void
rebuild_check(const struct frame_preamble *pr, struct buf segs[FRAME_MAX_SEGMENTS], int rev1)
{
	struct buf out = BUF_INIT, body = BUF_INIT;
	struct buf again[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct frame_preamble pr2;
	uint8_t pre[FRAME_PREAMBLE_LEN];

	frame_build(&out, pr->tag, segs, pr->nseg, rev1);
	if (buf_copy_out(&out, 0, FRAME_PREAMBLE_LEN, pre) != 0)
		abort();
	if (frame_preamble_parse_max(pre, FUZZ_SEG_MAX, &pr2) != 0)
		abort();
	if (pr2.nseg != pr->nseg || pr2.tag != pr->tag)
		abort();
	buf_slice(&out, FRAME_PREAMBLE_LEN, out.len - FRAME_PREAMBLE_LEN, &body);
	if (frame_check(&pr2, &body, rev1, again) != 0)
		abort();
	for (int i = 0; i < pr->nseg; i++)
		if (!buf_equal(&again[i], &segs[i]))
			abort();
	segs_free(again);
	buf_free(&body);
	buf_free(&out);
}

static void
handle_frame(const struct frame_preamble *pr, struct buf segs[FRAME_MAX_SEGMENTS], int rev1)
{
	rebuild_check(pr, segs, rev1);
	if (pr->tag == FRAME_TAG_MESSAGE) {
		struct msg *m = msg_new();

		if (msg_from_segments(segs, pr->nseg, m) == 0) {
			struct buf out = BUF_INIT;

			msg_build_frame(m, &out, rev1);
			buf_free(&out);
		}
		msg_free(m);
	} else {
		decode_control(pr->tag, &segs[0]);
	}
}

static void
run_stream(const uint8_t *p, size_t len, int rev1, size_t chunk)
{
	while (len >= FRAME_PREAMBLE_LEN) {
		struct frame_preamble pr;
		struct buf body = BUF_INIT, head = BUF_INIT;
		struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
		size_t blen, hlen;
		int r;

		if (frame_preamble_parse_max(p, FUZZ_SEG_MAX, &pr) != 0)
			return;
		p += FRAME_PREAMBLE_LEN;
		len -= FRAME_PREAMBLE_LEN;
		blen = frame_body_len(&pr, rev1);
		hlen = frame_head_len(&pr, rev1);
		if (hlen <= len) {
			add_chunked(&head, p, hlen, chunk);
			(void)frame_check_head(&pr, &head, rev1);
			buf_free(&head);
		}
		/* a short body is checked too: it must fail cleanly */
		add_chunked(&body, p, blen <= len ? blen : len, chunk);
		r = frame_check(&pr, &body, rev1, segs);
		buf_free(&body);
		if (blen > len) {
			if (r == 0)
				abort();
			return;
		}
		if (r == 0)
			handle_frame(&pr, segs, rev1);
		segs_free(segs);
		p += blen;
		len -= blen;
	}
}

/* Built mode: tag, nseg, nseg x u16 length, then the segment bytes. */
static void
run_built(const uint8_t *p, size_t len, int rev1, size_t chunk)
{
	struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf out = BUF_INIT;
	uint8_t *flat;
	uint8_t tag;
	int nseg;

	if (len < 2)
		return;
	tag = p[0];
	nseg = 1 + (p[1] & 3);
	p += 2;
	len -= 2;
	for (int i = 0; i < nseg; i++) {
		size_t n;

		if (len < 2)
			break;
		n = get_le16(p);
		p += 2;
		len -= 2;
		if (n > len)
			n = len;
		add_chunked(&segs[i], p, n, chunk);
		p += n;
		len -= n;
	}
	frame_build(&out, tag, segs, nseg, rev1);
	segs_free(segs);
	flat = malloc(out.len);
	if (buf_copy_out(&out, 0, out.len, flat) != 0)
		abort();
	run_stream(flat, out.len, rev1, chunk);
	free(flat);
	buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int rev1, built;
	size_t chunk;

	if (size < 1)
		return 0;
	rev1 = data[0] & 1;
	built = data[0] & 2;
	chunk = (size_t)1 << ((data[0] >> 2) & 7) << 2;     /* 4 .. 512 */
	if (built)
		run_built(data + 1, size - 1, rev1, chunk);
	else
		run_stream(data + 1, size - 1, rev1, chunk);
	msg_pool_drain();
	return 0;
}
