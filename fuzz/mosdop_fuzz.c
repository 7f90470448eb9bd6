/*
 * mosdop_fuzz.c — libFuzzer target for the client I/O path: MOSDOp front
 * decode (any header version), the v8 re-encode, and executing the decoded
 * request against a fresh memstore — object ops through op_exec, PG ops
 * (PGNLS) through pgls_run — then encoding and decoding the reply.
 *
 * Input: byte 0 = flags, u16 front length, front, then the data segment.
 *   bits 0-2: header version 2 + (n % 7), i.e. 2..8
 *   bit 3:    execute the request
 *   bit 4:    decode through a struct msg whose front is split into
 *             small segments (mosdop_decode makes it contiguous)
 *
 * Invariants (abort on violation): the op inputs lie inside the data
 * segment; a decoded request re-encodes as v8 and decodes again with the
 * same ops; a reply encodes to its announced length and decodes back.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/log.h"
#include "common/types.h"
#include "msg/message.h"
#include "os/memstore.h"
#include "os/store.h"
#include "os/txn.h"
#include "osd/mosdop.h"
#include "osd/op_exec.h"
#include "osd/pgls.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Store limits: a hostile write can not make one run use much memory. */
#define FUZZ_STORE_BYTES (8u << 20)
#define FUZZ_PG_NUM 8

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_open(LOG_TO_FILE, "/dev/null");
	return 0;
}

static void
check_decoded(const struct mosdop *op, size_t data_len)
{
	uint64_t sum = 0;

	for (uint32_t i = 0; i < op->nops; i++) {
		const struct osd_op *o = &op->ops[i];

		if ((uint64_t)o->indata_off + o->payload_len > data_len)
			abort();
		sum += o->payload_len;
	}
	if (sum != op->indata_len || op->indata_len > data_len)
		abort();
}

static void
reencode(const struct mosdop *op, size_t data_len)
{
	struct buf b = BUF_INIT;
	struct mosdop again;

	mosdop_encode_front(&b, op);
	if (mosdop_decode_front(buf_contig(&b, 0, b.len), b.len, 8, data_len, &again) != 0)
		abort();
	if (again.nops != op->nops || again.oid.len != op->oid.len ||
	    again.indata_len != op->indata_len)
		abort();
	for (uint32_t i = 0; i < op->nops; i++)
		if (again.ops[i].op != op->ops[i].op ||
		    again.ops[i].payload_len != op->ops[i].payload_len ||
		    memcmp(again.ops[i].u, op->ops[i].u, OSD_OP_UNION_LEN) != 0)
			abort();
	mosdop_release(&again);
	buf_free(&b);
}

static void
check_reply(const struct mosdop_reply *r)
{
	struct buf b = BUF_INIT;
	struct mosdop_reply back;
	struct osd_op ops[4];

	mosdop_reply_encode(&b, r);
	if (b.len != mosdop_reply_front_len(r))
		abort();
	if (mosdop_reply_decode(buf_contig(&b, 0, b.len), b.len, &back, ops, 4) != 0)
		abort();
	if (back.nops != r->nops || back.result != r->result)
		abort();
	buf_free(&b);
}

static int
all_pg_ops(const struct mosdop *op)
{
	if (op->nops == 0)
		return 0;
	for (uint32_t i = 0; i < op->nops; i++)
		if (!osd_op_is_pg_op(op->ops[i].op))
			return 0;
	return 1;
}

/* A few objects in the PG so that listings and reads find something. */
static void
populate(struct store *st, const struct spg *cid)
{
	static const char *const names[] = { "a", "obj", "rbd_header.1" };
	struct txn t;
	struct buf data = BUF_INIT;

	buf_append(&data, "0123456789abcdef", 16);
	txn_init(&t);
	txn_create_collection(&t, cid);
	for (unsigned i = 0; i < 3; i++) {
		struct hobject o;

		memset(&o, 0, sizeof(o));
		o.oid.p = names[i];
		o.oid.len = (uint32_t)strlen(names[i]);
		o.snap = CEPH_NOSNAP;
		o.hash = cid->pgid.seed + FUZZ_PG_NUM * i;
		o.pool = (int64_t)cid->pgid.pool;
		txn_write(&t, cid, &o, 0, 16, &data, 0);
		txn_setattr(&t, cid, &o, "_x", 2, "v", 1);
	}
	if (store_apply(st, &t, NULL, NULL) != 0)
		abort();
	txn_free(&t);
	buf_free(&data);
}

static void
execute(struct mosdop *req, struct buf *indata)
{
	struct store *st = memstore_create(&(struct memstore_conf){ FUZZ_STORE_BYTES, 0 });
	struct spg cid;
	struct pg pgid;

	memset(&cid, 0, sizeof(cid));
	cid.pgid.pool = req->spgid.pgid.pool;
	cid.pgid.seed = req->spgid.pgid.seed % FUZZ_PG_NUM;
	cid.shard = -1;
	pgid = cid.pgid;
	populate(st, &cid);

	if (all_pg_ops(req)) {
		struct buf out = BUF_INIT;

		(void)pgls_run(st, &cid, &pgid, FUZZ_PG_NUM, req, indata, &out);
		buf_free(&out);
	} else {
		struct txn txn;
		struct hobject oid;
		struct eversion lu = { 0, 0 };

		memset(&oid, 0, sizeof(oid));
		oid.key = req->oloc.key;
		oid.oid = req->oid;
		oid.nspace = req->oloc.nspace;
		oid.snap = CEPH_NOSNAP;
		oid.hash = req->hash;
		oid.pool = (int64_t)cid.pgid.pool;
		txn_init(&txn);
		/* twice: the second run sees what the first one wrote */
		for (int pass = 0; pass < 2; pass++) {
			struct op_exec x;
			struct buf out = BUF_INIT;
			struct mosdop_reply r;

			txn_reset(&txn);
			memset(&x, 0, sizeof(x));
			x.st = st;
			x.txn = &txn;
			x.cid = &cid;
			x.oid = &oid;
			x.req = req;
			x.indata = indata;
			x.out = &out;
			x.at_version.epoch = 10;
			x.at_version.version = lu.version + 1;
			x.pg_last_update = lu;
			op_exec_run(&x);
			if (x.logged)
				lu = x.at_version;
			op_exec_reply(&x, &pgid, 10, &r);
			check_reply(&r);
			buf_free(&out);
		}
		txn_free(&txn);
	}
	store_destroy(st);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mosdop op;
	struct buf indata = BUF_INIT;
	uint16_t version;
	size_t flen, dlen;
	int r;

	if (size < 3)
		return 0;
	version = (uint16_t)(2 + (data[0] & 7) % 7);
	flen = get_le16(data + 1);
	if (flen > size - 3)
		flen = size - 3;
	dlen = size - 3 - flen;

	if (data[0] & 0x10) {
		struct msg *m = msg_new();
		const uint8_t *p = data + 3;

		m->hdr.version = version;
		for (size_t left = flen; left > 0;) {
			size_t n = left < 7 ? left : 7;
			struct buf_seg *seg = buf_seg_new(n);

			memcpy(seg->data, p, n);
			seg->used = (uint32_t)n;
			buf_append_ref(&m->front, seg, 0, (uint32_t)n);
			buf_seg_put(seg);
			p += n;
			left -= n;
		}
		buf_append(&m->data, data + 3 + flen, dlen);
		r = mosdop_decode(m, &op);
		if (r == 0) {
			check_decoded(&op, dlen);
			mosdop_release(&op);
		}
		msg_free(m);
		msg_pool_drain();
	}

	r = mosdop_decode_front(data + 3, flen, version, dlen, &op);
	if (r != 0)
		return 0;
	check_decoded(&op, dlen);
	(void)osd_op_name(op.nops ? op.ops[0].op : 0);
	reencode(&op, dlen);
	if (data[0] & 0x08) {
		buf_append(&indata, data + 3 + flen, dlen);
		execute(&op, &indata);
		buf_free(&indata);
	}
	mosdop_release(&op);
	return 0;
}
