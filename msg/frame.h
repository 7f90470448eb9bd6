/*
 * frame.h — msgr2 frames: banner, preamble, segments, epilogue; crc mode and
 * (below) secure mode.
 *
 * Pure byte layout, no sockets: the connection code reads bytes, asks this
 * module how many more it needs, and hands complete frames back to be checked
 * and split into segments. Building a frame never copies segment bytes: the
 * output list references the caller's segments (src/msg/async/frames_v2.{h,cc}
 * FrameAssembler, crc mode, rev0 and rev1; docs/ceph-wire/01-msgr2.md §4-5).
 *
 * rev1 (msgr2.1) on-wire layout:
 *   preamble 32 | seg0 | crc32c(-1, seg0) if seg0 non-empty | seg1..n-1 |
 *   epilogue 13 (late_status u8, crc seg1, seg2, seg3) if nseg > 1
 * rev0 (msgr2.0):
 *   preamble 32 | seg0..n-1 | epilogue 17 (late_flags u8, crc seg0..seg3)
 * Epilogue crc slots beyond nseg hold 0; empty segments inside nseg hold
 * 0xFFFFFFFF (the crc of nothing with seed -1).
 */
#ifndef OSDFARM_MSG_FRAME_H
#define OSDFARM_MSG_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

/* ---- banner (§4) ---- */
#define FRAME_BANNER_PREFIX "ceph v2\n"
#define FRAME_BANNER_PREFIX_LEN 8
/* prefix + u16 payload length: what must be read before the payload */
#define FRAME_BANNER_HEAD_LEN 10
/* what Pacific sends: payload of two u64 */
#define FRAME_BANNER_PAYLOAD_LEN 16
#define FRAME_BANNER_LEN (FRAME_BANNER_HEAD_LEN + FRAME_BANNER_PAYLOAD_LEN)

/* msgr2 banner feature bits (own namespace, not CEPH_FEATURE_*) */
#define MSGR2_FEATURE_REVISION_1 (1ULL << 0)
#define MSGR2_FEATURE_COMPRESSION (1ULL << 1)  /* Quincy+; never advertised */
#define MSGR2_SUPPORTED_FEATURES MSGR2_FEATURE_REVISION_1
#define MSGR2_REQUIRED_FEATURES 0ULL

/* Append the 26-byte banner. */
void frame_banner_build(struct buf *out, uint64_t supported, uint64_t required);
/*
 * Check the first 10 bytes; on success *payload_len is how many bytes to read
 * next. -EPROTO if the prefix is not "ceph v2\n" (e.g. a msgr v1 peer);
 * -EBADMSG if payload_len is below 16 or above 4096 (ours to bound).
 */
int frame_banner_parse_head(const uint8_t p[FRAME_BANNER_HEAD_LEN], uint16_t *payload_len);
/* Decode the payload (extra trailing bytes are ignored). -EBADMSG if short. */
int frame_banner_parse_payload(const uint8_t *p, size_t len, uint64_t *supported,
			       uint64_t *required);

/* ---- tags (§6) ---- */
enum frame_tag {
	FRAME_TAG_HELLO = 1,
	FRAME_TAG_AUTH_REQUEST = 2,
	FRAME_TAG_AUTH_BAD_METHOD = 3,
	FRAME_TAG_AUTH_REPLY_MORE = 4,
	FRAME_TAG_AUTH_REQUEST_MORE = 5,
	FRAME_TAG_AUTH_DONE = 6,
	FRAME_TAG_AUTH_SIGNATURE = 7,
	FRAME_TAG_CLIENT_IDENT = 8,
	FRAME_TAG_SERVER_IDENT = 9,
	FRAME_TAG_IDENT_MISSING_FEATURES = 10,
	FRAME_TAG_SESSION_RECONNECT = 11,
	FRAME_TAG_SESSION_RESET = 12,
	FRAME_TAG_SESSION_RETRY = 13,
	FRAME_TAG_SESSION_RETRY_GLOBAL = 14,
	FRAME_TAG_SESSION_RECONNECT_OK = 15,
	FRAME_TAG_WAIT = 16,
	FRAME_TAG_MESSAGE = 17,
	FRAME_TAG_KEEPALIVE2 = 18,
	FRAME_TAG_KEEPALIVE2_ACK = 19,
	FRAME_TAG_ACK = 20,
	FRAME_TAG_MAX = 20
};
/* "HELLO", "MESSAGE", ...; "UNKNOWN" for anything else. */
const char *frame_tag_name(uint8_t tag);
static inline int frame_tag_valid(uint8_t tag)
{
	return tag >= FRAME_TAG_HELLO && tag <= FRAME_TAG_MAX;
}

/* ---- preamble (§5.1) ---- */
#define FRAME_PREAMBLE_LEN 32
#define FRAME_MAX_SEGMENTS 4
#define FRAME_SEG_CRC_LEN 4
#define FRAME_EPILOGUE_REV1_LEN 13
#define FRAME_EPILOGUE_REV0_LEN 17
/*
 * Default bound on one segment's length. Ceph's frame layer has none (its
 * throttles bound messages); 64 MiB of data plus slack for the front covers
 * the largest op osdfarm accepts (osd_max_write_size 90 MiB is not honoured:
 * callers wanting more use frame_preamble_parse_max).
 */
#define FRAME_SEG_MAX ((64u << 20) + (1u << 20))

/* Alignments Pacific puts in the preamble (§5.1, §9.1). */
#define FRAME_ALIGN_DEFAULT 8
#define FRAME_ALIGN_DATA 4096

/* Segment indexes of a MESSAGE frame. */
enum frame_msg_seg {
	FRAME_SEG_HEADER = 0,
	FRAME_SEG_FRONT = 1,
	FRAME_SEG_MIDDLE = 2,
	FRAME_SEG_DATA = 3
};

/* rev1 late_status: low nibble; rev0 late_flags: bit 0 = aborted. */
#define FRAME_LATE_STATUS_COMPLETE 0x0e
#define FRAME_LATE_STATUS_ABORTED 0x01
#define FRAME_LATE_STATUS_MASK 0x0f
#define FRAME_LATE_FLAG_ABORTED 0x01

struct frame_preamble {
	uint8_t tag;
	uint8_t nseg;
	uint32_t len[FRAME_MAX_SEGMENTS];
	uint16_t align[FRAME_MAX_SEGMENTS];
};

/*
 * Parse and check a preamble: crc (seed 0), a known tag, 1 <= nseg <= 4,
 * the last listed segment non-empty (unless nseg is 1), control frames
 * (every tag but MESSAGE) with exactly one segment. Descriptors past nseg
 * are ignored (as Ceph does) and left 0 in *pr; alignments are reported,
 * not checked.
 * -EBADMSG on any of these; -EMSGSIZE if a length exceeds FRAME_SEG_MAX
 * (frame_preamble_parse) or max_seg (frame_preamble_parse_max).
 */
int frame_preamble_parse(const uint8_t p[FRAME_PREAMBLE_LEN], struct frame_preamble *pr);
int frame_preamble_parse_max(const uint8_t p[FRAME_PREAMBLE_LEN], uint32_t max_seg,
			     struct frame_preamble *pr);

/* Bytes of the frame that follow the preamble (segments, crcs, epilogue). */
size_t frame_body_len(const struct frame_preamble *pr, int rev1);
/* Sum of the segment lengths (what the frame carries). */
size_t frame_payload_len(const struct frame_preamble *pr);

/*
 * Two-step receive in rev1: the first frame_head_len() bytes after the
 * preamble are segment 0 and its inline crc; frame_check_head() verifies them
 * before the rest (maybe a large data segment) is read. frame_head_len() is 0
 * in rev0 (nothing can be checked before the epilogue) and for an empty
 * segment 0. frame_check() below re-checks segment 0, so calling
 * frame_check_head() is optional.
 */
size_t frame_head_len(const struct frame_preamble *pr, int rev1);
/* head: at least frame_head_len() bytes (extra bytes ignored). -EBADMSG on a bad crc. */
int frame_check_head(const struct frame_preamble *pr, struct buf *head, int rev1);

/*
 * Verify a complete frame body (exactly frame_body_len() bytes, the bytes
 * after the preamble) and split it into segments: segs[i] for i < pr->nseg
 * receive shared references to segment i (never a copy); segs must be empty
 * on entry and are left empty, with no memory held, on error. body is not modified except that
 * small crc/epilogue fields may be made contiguous.
 * Returns 0; -ECANCELED if the sender aborted the frame (drop it, keep the
 * connection); -EBADMSG on a crc mismatch, a bad late_status or a wrong body
 * length.
 */
int frame_check(const struct frame_preamble *pr, struct buf *body, int rev1,
		struct buf segs[FRAME_MAX_SEGMENTS]);

/* ---- building ---- */
/* crc32c(0xFFFFFFFF, segs[i]) for i < nseg: compute once, reuse on resend. */
uint32_t frame_seg_crc(const struct buf *seg);
void frame_seg_crcs(const struct buf *segs, int nseg, uint32_t crcs[FRAME_MAX_SEGMENTS]);

/*
 * Append a whole frame to out: preamble, references to the segments (their
 * bytes are not copied; segs is left unchanged), crcs and epilogue. nseg is
 * how many entries of segs to consider (1..4); trailing empty segments are
 * dropped, empty ones in the middle kept. Alignments: 8 for control frames
 * and message header/front/middle, 4096 for the message data segment.
 * frame_build_crc() takes the segment crcs precomputed (crcs[i] for each
 * i < nseg; NULL = compute them), e.g. a cached crc of the data segment.
 * Returns the number of bytes appended.
 */
size_t frame_build(struct buf *out, uint8_t tag, const struct buf *segs, int nseg, int rev1);
size_t frame_build_crc(struct buf *out, uint8_t tag, const struct buf *segs, int nseg,
		       const uint32_t *crcs, int rev1);
/* The 32-byte preamble for segs[0..n) (n already trimmed), crc included. */
void frame_preamble_fill(uint8_t p[FRAME_PREAMBLE_LEN], uint8_t tag, const struct buf *segs,
			 int n);
/* A one-segment control frame whose payload is p[0..len). */
size_t frame_build_ctl(struct buf *out, uint8_t tag, const struct buf *payload, int rev1);

/* ---- secure mode (con_mode 2), msgr2.1 only ----
 *
 * src/msg/async/frames_v2.cc asm_secure_rev1 / disasm_*_secure_rev1: each
 * segment is zero-padded to a multiple of 16 bytes; then, each run being
 * one AES-128-GCM message (own nonce, 16-byte tag appended):
 *   1. preamble (32) + the first 48 bytes of padded segment 0 (zero-filled
 *      if shorter): always 96 bytes on the wire;
 *   2. the rest of padded segment 0, if it is longer than 48;
 *   3. if nseg > 1: padded segments 1..n-1 + epilogue (u8 late_status,
 *      15 zero bytes).
 * No crcs: GCM authenticates everything. The preamble's own crc is kept.
 */
#define FRAME_SECURE_INLINE 48
#define FRAME_SECURE_BLOCK 16
#define FRAME_SECURE_TAG 16
#define FRAME_SECURE_EPILOGUE 16
#define FRAME_SECURE_PREAMBLE_LEN (FRAME_PREAMBLE_LEN + FRAME_SECURE_INLINE + FRAME_SECURE_TAG)
#define FRAME_SECURE_SECRET_MIN (16 + 2 * 12)

struct cephx_gcm;
struct frame_secure {
	struct cephx_gcm *tx, *rx;
	uint8_t inl[FRAME_SECURE_INLINE];       /* inline bytes of the pending frame */
};

/*
 * Key both directions from the connection secret: key 16 | nonce A 12 |
 * nonce B 12. The client receives with A and sends with B; the server
 * ("crossed") the other way round (crypto_onwire.cc create_handler_pair).
 * -EINVAL if the secret is too short; -EOPNOTSUPP without rev1.
 */
int frame_secure_init(struct frame_secure *fs, const uint8_t *secret, size_t len, int server,
		      int rev1);
void frame_secure_clear(struct frame_secure *fs);
static inline int frame_secure_on(const struct frame_secure *fs) { return fs->tx != NULL; }
/* Append one encrypted frame (segments as frame_build). 0 or -EOVERFLOW
 * (nonces exhausted: the connection must end). */
int frame_secure_build(struct frame_secure *fs, struct buf *out, uint8_t tag,
		       const struct buf *segs, int nseg);
/* Decrypt and check the 96-byte preamble block; keeps the inline bytes. */
int frame_secure_open_preamble(struct frame_secure *fs, const uint8_t p[FRAME_SECURE_PREAMBLE_LEN],
			       uint32_t max_seg, struct frame_preamble *pr);
/* Bytes after the preamble block. */
size_t frame_secure_body_len(const struct frame_preamble *pr);
/* Decrypt the rest and split it into segments (fresh memory; segs empty
 * on entry). -EBADMSG on a bad tag or late_status, -ECANCELED if aborted. */
int frame_secure_check(struct frame_secure *fs, const struct frame_preamble *pr,
		       struct buf *body, struct buf segs[FRAME_MAX_SEGMENTS]);

#endif
