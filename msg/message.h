/*
 * message.h — a Ceph message as msgr2 carries it: ceph_msg_header2 plus the
 * front, middle and data byte lists, and its mapping to MESSAGE frame
 * segments (src/include/msgr.h: ceph_msg_header2; src/msg/Message.cc;
 * docs/ceph-wire/01-msgr2.md §9).
 *
 * msg/ never interprets a front: the layers above decode it by hdr.type.
 * struct msg objects come from a free-list pool so the hot path does not
 * malloc per message; they are reference counted (single-threaded).
 */
#ifndef OSDFARM_MSG_MESSAGE_H
#define OSDFARM_MSG_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"
#include "msg/frame.h"
#include "msg/message_types.h"

/* ceph_msg_header2 is packed: 41 bytes on the wire. */
#define MSG_HEADER2_LEN 41

/* Footer flags carried in header2.flags; Pacific sends COMPLETE | NOCRC = 3. */
#define MSG_FOOTER_FLAG_COMPLETE 1
#define MSG_FOOTER_FLAG_NOCRC 2
#define MSG_FOOTER_FLAGS_DEFAULT (MSG_FOOTER_FLAG_COMPLETE | MSG_FOOTER_FLAG_NOCRC)

struct msg_header2 {
	uint64_t seq;                   /* per-session, first = 1 (set by the connection) */
	uint64_t tid;                   /* transaction id, echoed by replies */
	uint16_t type;                  /* CEPH_MSG_* / MSG_* (message_types.h) */
	uint16_t priority;              /* MSG_PRIO_* */
	uint16_t version;               /* encoding version of the front */
	uint32_t data_pre_padding_len;  /* always 0 in Pacific */
	uint16_t data_off;              /* passed through untouched */
	uint64_t ack_seq;               /* sender's in_seq (set by the connection) */
	uint8_t flags;                  /* MSG_FOOTER_FLAG_* */
	uint16_t compat_version;        /* 0 is sent as version (Message.cc encode) */
	uint16_t reserved;
};

/* Fixed-layout pack/unpack of the 41 bytes. */
void msg_header2_pack(const struct msg_header2 *h, uint8_t out[MSG_HEADER2_LEN]);
/* -EBADMSG unless len == MSG_HEADER2_LEN. */
int msg_header2_unpack(const uint8_t *p, size_t len, struct msg_header2 *h);
/* The same through buf / dec. */
void msg_header2_encode(struct buf *b, const struct msg_header2 *h);
int msg_header2_decode(struct dec *d, struct msg_header2 *h);

struct msg {
	struct msg_header2 hdr;
	struct buf front;
	struct buf middle;
	struct buf data;
	/* Sender's name: on receive, the peer name the connection learnt
	 * (HELLO entity type + IDENT gid); header2 does not carry it. */
	struct entity_name src;
	/* Optional cached crc32c(-1, data) for the sender (e.g. of an unchanged
	 * extent); msg_build_frame uses it instead of computing it. Whoever
	 * changes data after setting it must clear data_crc_valid. */
	uint32_t data_crc;
	uint8_t data_crc_valid;
	/* For the layers above (queues, the connection it arrived on). */
	void *conn;
	void *priv;
	struct msg *next;
	/* Set by the receiving messenger (msg/conn.c): called by msg_free when
	 * the last reference goes, to return the throttle charge. */
	void (*on_free)(struct msg *m);
	void *on_free_arg;
	uint64_t on_free_val;
	/* Private to message.c. */
	uint32_t refs;
};

/*
 * A zeroed message with one reference and empty buffers, from the pool.
 * flags is preset to MSG_FOOTER_FLAGS_DEFAULT and priority to MSG_PRIO_DEFAULT.
 */
struct msg *msg_new(void);
static inline struct msg *msg_get(struct msg *m) { m->refs++; return m; }
/* Drop one reference; at zero the buffers are released and m returns to the pool. */
void msg_free(struct msg *m);
/* Release every pooled message (at exit, so leak checkers see a clean heap). */
void msg_pool_drain(void);
/* Messages currently pooled / currently live (for tests and perf counters). */
size_t msg_pool_free_count(void);
size_t msg_live_count(void);

/*
 * Fill segs[0..3] for a MESSAGE frame: header2 encoded into segs[0] (a new
 * 41-byte buffer), shared references to front, middle and data in segs[1..3]
 * (never a copy). *nseg = index of the last non-empty segment + 1 (an empty
 * middle is kept when data exists). segs must be empty on entry; the caller
 * frees them after building the frame. compat_version 0 is sent as version.
 */
void msg_to_segments(const struct msg *m, struct buf segs[FRAME_MAX_SEGMENTS], int *nseg);
/*
 * Take the segments of a received, checked MESSAGE frame: decode header2
 * from segs[0] and move (not copy) segs[1..nseg-1] into front, middle, data.
 * On success the segs are left empty; on error (-EBADMSG: header not 41
 * bytes, nseg out of range) m and segs are unchanged.
 */
int msg_from_segments(struct buf segs[FRAME_MAX_SEGMENTS], int nseg, struct msg *m);

/*
 * Append a whole MESSAGE frame for m to out (msg_to_segments + frame_build_crc,
 * with the cached data crc when data_crc_valid). hdr.seq / ack_seq must be set.
 * Returns the bytes appended.
 */
size_t msg_build_frame(const struct msg *m, struct buf *out, int rev1);
/* The same in secure mode (frame.h); 0 or -EOVERFLOW when out of nonces. */
int msg_build_frame_secure(const struct msg *m, struct buf *out, struct frame_secure *fs);

/* Total bytes of front + middle + data (for throttles). */
static inline size_t msg_payload_len(const struct msg *m)
{
	return m->front.len + m->middle.len + m->data.len;
}

#endif
