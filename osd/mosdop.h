/*
 * mosdop.h — MOSDOp (type 42) decoding and MOSDOpReply (type 43) encoding,
 * the client I/O messages (docs/ceph-wire/03-osd-ops.md §2, §4;
 * src/messages/MOSDOp.h, src/messages/MOSDOpReply.h, src/include/rados.h).
 *
 * A decoded request is a set of views: strings point into the message's
 * front, each op's input is an (offset, length) range of the message's data
 * segment (never copied; txn_write and buf_slice take references from it).
 * The message must outlive the decoded struct.
 *
 * Each op keeps its raw 28-byte union so the reply can echo it exactly;
 * executing an op writes its reply changes (bytes returned, value length)
 * into that copy, plus its rval and the length of its output.
 */
#ifndef OSDFARM_OSD_MOSDOP_H
#define OSDFARM_OSD_MOSDOP_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"

struct msg;

/* ---- CEPH_OSD_FLAG_* (message flags) ---- */
#define OSD_FLAG_ACK             0x0001
#define OSD_FLAG_ONNVRAM         0x0002
#define OSD_FLAG_ONDISK          0x0004
#define OSD_FLAG_RETRY           0x0008
#define OSD_FLAG_READ            0x0010
#define OSD_FLAG_WRITE           0x0020
#define OSD_FLAG_ORDERSNAP       0x0040
#define OSD_FLAG_PEERSTAT_OLD    0x0080
#define OSD_FLAG_BALANCE_READS   0x0100
#define OSD_FLAG_PARALLELEXEC    0x0200
#define OSD_FLAG_PGOP            0x0400
#define OSD_FLAG_LOCALIZE_READS  0x2000
#define OSD_FLAG_RWORDERED       0x4000
#define OSD_FLAG_IGNORE_OVERLAY  0x20000
#define OSD_FLAG_FULL_TRY        0x800000
#define OSD_FLAG_FULL_FORCE      0x1000000
#define OSD_FLAG_RETURNVEC       0x4000000

/* ---- CEPH_OSD_OP_FLAG_* (per-op flags) ---- */
#define OSD_OP_FLAG_EXCL   0x1
#define OSD_OP_FLAG_FAILOK 0x2

/* ---- op codes: MODE | TYPE | nr ---- */
#define OSD_OP_MODE_MASK  0xf000
#define OSD_OP_MODE_RD    0x1000
#define OSD_OP_MODE_WR    0x2000
#define OSD_OP_MODE_SUB   0x4000
#define OSD_OP_MODE_CACHE 0x8000
#define OSD_OP_TYPE_MASK  0x0f00
#define OSD_OP_TYPE_DATA  0x0200
#define OSD_OP_TYPE_ATTR  0x0300
#define OSD_OP_TYPE_EXEC  0x0400
#define OSD_OP_TYPE_PG    0x0500

#define OSD_OP_READ              0x1201
#define OSD_OP_STAT              0x1202
#define OSD_OP_MAPEXT            0x1203
#define OSD_OP_SPARSE_READ       0x1205
#define OSD_OP_NOTIFY            0x1206
#define OSD_OP_NOTIFY_ACK        0x1207
#define OSD_OP_ASSERT_VER        0x1208
#define OSD_OP_LIST_WATCHERS     0x1209
#define OSD_OP_LIST_SNAPS        0x120a
#define OSD_OP_SYNC_READ         0x120b
#define OSD_OP_OMAPGETKEYS       0x1211
#define OSD_OP_OMAPGETVALS       0x1212
#define OSD_OP_OMAPGETHEADER     0x1213
#define OSD_OP_OMAPGETVALSBYKEYS 0x1214
#define OSD_OP_OMAP_CMP          0x1219
#define OSD_OP_CHECKSUM          0x121f
#define OSD_OP_CMPEXT            0x1220
#define OSD_OP_GETXATTR          0x1301
#define OSD_OP_GETXATTRS         0x1302
#define OSD_OP_CMPXATTR          0x1303
#define OSD_OP_CALL              0x1401
#define OSD_OP_PGLS              0x1501
#define OSD_OP_PGLS_FILTER       0x1502
#define OSD_OP_PGNLS             0x1505
#define OSD_OP_PGNLS_FILTER      0x1506
#define OSD_OP_WRITE             0x2201
#define OSD_OP_WRITEFULL         0x2202
#define OSD_OP_TRUNCATE          0x2203
#define OSD_OP_ZERO              0x2204
#define OSD_OP_DELETE            0x2205
#define OSD_OP_APPEND            0x2206
#define OSD_OP_CREATE            0x220d
#define OSD_OP_WATCH             0x220f
#define OSD_OP_OMAPSETVALS       0x2215
#define OSD_OP_OMAPSETHEADER     0x2216
#define OSD_OP_OMAPCLEAR         0x2217
#define OSD_OP_OMAPRMKEYS        0x2218
#define OSD_OP_SETALLOCHINT      0x2223
#define OSD_OP_WRITESAME         0x2226
#define OSD_OP_OMAPRMKEYRANGE    0x222c
#define OSD_OP_SETXATTR          0x2301
#define OSD_OP_RMXATTR           0x2304

static inline int osd_op_is_read(uint16_t op)
{
	return (op & OSD_OP_MODE_RD) && op != OSD_OP_CALL;
}
static inline int osd_op_is_write(uint16_t op) { return (op & OSD_OP_MODE_WR) != 0; }
static inline int osd_op_is_pg_op(uint16_t op)
{
	return (op & OSD_OP_TYPE_MASK) == OSD_OP_TYPE_PG && !(op & OSD_OP_MODE_CACHE);
}
/* "read", "writefull", ... or "???" (for logs). */
const char *osd_op_name(uint16_t op);

/* ceph_osd_op is packed: 38 bytes. */
#define OSD_OP_WIRE_LEN 38
#define OSD_OP_UNION_LEN 28

struct osd_op {
	uint16_t op;
	uint32_t flags;
	uint8_t u[OSD_OP_UNION_LEN];    /* the union, raw; reply changes go here */
	uint32_t payload_len;           /* request: input length */
	uint32_t indata_off;            /* input = msg data [indata_off, +payload_len) */
	/* filled by execution, encoded in the reply */
	int32_t rval;
	uint32_t outdata_len;
};

/* Union fields, by their offset inside u (03-osd-ops.md §2.3). */
static inline uint64_t osd_op_u64(const struct osd_op *o, unsigned off) { return get_le64(o->u + off); }
static inline uint32_t osd_op_u32(const struct osd_op *o, unsigned off) { return get_le32(o->u + off); }
static inline void osd_op_set_u64(struct osd_op *o, unsigned off, uint64_t v) { put_le64(o->u + off, v); }
static inline void osd_op_set_u32(struct osd_op *o, unsigned off, uint32_t v) { put_le32(o->u + off, v); }
#define OSD_OP_EXTENT_OFFSET 0
#define OSD_OP_EXTENT_LENGTH 8
#define OSD_OP_EXTENT_TRUNC_SIZE 16
#define OSD_OP_EXTENT_TRUNC_SEQ 24
#define OSD_OP_XATTR_NAME_LEN 0
#define OSD_OP_XATTR_VALUE_LEN 4
#define OSD_OP_XATTR_CMP_OP 8           /* u8 */
#define OSD_OP_XATTR_CMP_MODE 9         /* u8 */
#define OSD_OP_PGLS_COUNT 0
#define OSD_OP_PGLS_START_EPOCH 8
#define OSD_OP_ASSERT_VER_VER 8
#define OSD_OP_HINT_OBJECT_SIZE 0
#define OSD_OP_HINT_WRITE_SIZE 8
#define OSD_OP_HINT_FLAGS 16

/* Ops held inside struct mosdop before spilling to the heap. */
#define MOSDOP_INLINE_OPS 4

struct mosdop {
	uint16_t version;               /* header version it was decoded as */
	struct spg spgid;               /* v8: the PG; older: the raw PG (raw_pg set) */
	int raw_pg;                     /* spgid.pgid.seed is the object hash: fold it */
	uint32_t hash;                  /* object hash */
	uint32_t epoch;                 /* client's osdmap epoch */
	uint32_t flags;                 /* OSD_FLAG_* */
	struct osd_reqid reqid;         /* as on the wire (empty from clients) */
	uint32_t client_inc;
	struct utime mtime;
	struct object_locator oloc;     /* views into the front */
	struct strview oid;
	uint32_t nops;
	struct osd_op *ops;             /* inline_ops or xmalloc'd */
	uint64_t snapid;
	uint64_t snap_seq;
	uint32_t nsnaps;
	const uint8_t *snaps;           /* nsnaps raw le64 values */
	int32_t retry_attempt;          /* -1 when the encoding has none */
	uint64_t features;
	uint64_t indata_len;            /* sum of payload_len (<= data length) */
	struct osd_op inline_ops[MOSDOP_INLINE_OPS];
};

/*
 * Decode a front of the given header version (2..8) whose data segment is
 * data_len bytes. -EBADMSG on truncation or when the ops claim more input
 * than the data holds, -EOPNOTSUPP for versions we do not decode, other
 * dec errors as enc.h. On error nothing needs releasing.
 */
int mosdop_decode_front(const uint8_t *p, size_t len, uint16_t version, size_t data_len,
			struct mosdop *op);
/* The same from a received message (its front made contiguous if needed). */
int mosdop_decode(struct msg *m, struct mosdop *op);
/* Release what decoding allocated (the op array when it spilled). */
void mosdop_release(struct mosdop *op);

/* Encode a request (v8), for tests and tools: front into b. */
void mosdop_encode_front(struct buf *b, const struct mosdop *op);

/* ---- MOSDOpReply v8 ---- */
struct mosdop_reply {
	struct strview oid;
	struct pg pgid;
	uint64_t flags;
	int32_t result;
	struct eversion bad_replay_version;
	uint32_t epoch;
	uint32_t nops;
	const struct osd_op *ops;       /* echoed with u, rval and outdata_len */
	int32_t retry_attempt;
	struct eversion replay_version;
	uint64_t user_version;
};

/* Front length of an encoded reply: 102 + name + 42 per op. */
static inline size_t mosdop_reply_front_len(const struct mosdop_reply *r)
{
	return 102 + (size_t)r->oid.len + 42 * (size_t)r->nops;
}
void mosdop_reply_encode(struct buf *b, const struct mosdop_reply *r);
/*
 * Set replay_version / user_version / bad_replay_version the way classic's
 * MOSDOpReply::set_reply_versions does: bad_replay mirrors replay, with its
 * version replaced by uv when uv is not 0.
 */
void mosdop_reply_set_versions(struct mosdop_reply *r, struct eversion replay, uint64_t uv);
/* Decode a reply front (for tests): ops go to ops[0..max) (*nops may exceed max). */
int mosdop_reply_decode(const uint8_t *p, size_t len, struct mosdop_reply *r,
			struct osd_op *ops, uint32_t max);

#endif
