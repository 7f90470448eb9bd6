/*
 * mosdop_test.c — MOSDOp decode and MOSDOpReply encode against the frames
 * captured between real 16.2.15 clients and a classic OSD, plus hostile
 * fronts (every truncation, absurd counts and lengths).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "osd/mosdop.h"
#include "t/osd/io_vec.h"

static const char *const requests[] = {
	"01-writefull.req.bin", "02-read.req.bin", "03-stat.req.bin",
	"04-stat-enoent.req.bin", "05-pgnls-pg0.req.bin", "06-pgnls-pg2.req.bin",
	"07-pgnls-lastpg.req.bin", "08-pgnls-allnamespaces.req.bin",
	"09-bench-allochint-write.req.bin", "10-bench-metadata-writefull.req.bin",
	"11-setxattr.req.bin", "12-getxattr.req.bin", "13-omap-setvals.req.bin",
	"14-omap-compound-read-3ops.req.bin", "15-getxattrs.req.bin",
	"20-create-excl-eexist.req.bin", "21-delete-enoent.req.bin",
	"22-getxattr-missing-object.req.bin",
};
#define NREQ (sizeof(requests) / sizeof(requests[0]))

static const char *const replies[] = {
	"01-writefull.reply.bin", "02-read.reply.bin", "03-stat.reply.bin",
	"04-stat-enoent.reply.bin", "05-pgnls-pg0.reply.bin", "06-pgnls-pg2.reply.bin",
	"07-pgnls-lastpg.reply.bin", "09-bench-allochint-write.reply.bin",
	"10-bench-metadata-writefull.reply.bin", "11-setxattr.reply.bin",
	"12-getxattr.reply.bin", "13-omap-setvals.reply.bin",
	"14-omap-compound-read-3ops.reply.bin", "15-getxattrs.reply.bin",
	"20-create-excl-eexist.reply.bin", "21-delete-enoent.reply.bin",
	"22-getxattr-missing-object.reply.bin",
};
#define NREP (sizeof(replies) / sizeof(replies[0]))

START_TEST(test_writefull_fields)
{
	struct io_vec v;
	struct mosdop op;

	io_vec_load("01-writefull.req.bin", &v);
	ck_assert_uint_eq(v.type, 42);
	ck_assert_int_eq(mosdop_decode_front(v.front, v.front_len, v.version, v.data_len, &op), 0);
	ck_assert_uint_eq(op.spgid.pgid.pool, 1);
	ck_assert_uint_eq(op.spgid.pgid.seed, 4);
	ck_assert_int_eq(op.spgid.shard, -1);
	ck_assert_uint_eq(op.hash, 0x79b9acfc);
	ck_assert_uint_eq(op.epoch, 9);
	ck_assert_uint_eq(op.flags, 0x00400024);
	ck_assert_uint_eq(op.reqid.tid, 0);
	ck_assert_uint_eq(op.mtime.sec, 0x6b0641a2);
	ck_assert_uint_eq(op.mtime.nsec, 0x269a8347);
	ck_assert_int_eq(op.oloc.pool, 1);
	ck_assert_int_eq(op.oloc.hash, -1);
	ck_assert_uint_eq(op.oloc.nspace.len, 0);
	ck_assert_uint_eq(op.oid.len, 6);
	ck_assert(memcmp(op.oid.p, "gv_obj", 6) == 0);
	ck_assert_uint_eq(op.nops, 1);
	ck_assert_uint_eq(op.ops[0].op, OSD_OP_WRITEFULL);
	ck_assert_uint_eq(osd_op_u64(&op.ops[0], OSD_OP_EXTENT_LENGTH), 14);
	ck_assert_uint_eq(op.ops[0].payload_len, 14);
	ck_assert_uint_eq(op.ops[0].indata_off, 0);
	ck_assert(op.snapid == CEPH_NOSNAP);
	ck_assert_uint_eq(op.nsnaps, 0);
	ck_assert_int_eq(op.retry_attempt, 0);
	ck_assert(op.features == 0x3f01cfbdfffdffffULL);
	ck_assert(memcmp(v.data + op.ops[0].indata_off, "hello osdfarm\n", 14) == 0);
	mosdop_release(&op);
	io_vec_free(&v);
}
END_TEST

START_TEST(test_multi_op_indata)
{
	struct io_vec v;
	struct mosdop op;

	io_vec_load("14-omap-compound-read-3ops.req.bin", &v);
	ck_assert_int_eq(mosdop_decode_front(v.front, v.front_len, v.version, v.data_len, &op), 0);
	ck_assert_uint_eq(op.nops, 3);
	ck_assert_uint_eq(op.ops[0].op, OSD_OP_OMAPGETVALS);
	ck_assert_uint_eq(op.ops[1].op, OSD_OP_OMAPGETKEYS);
	ck_assert_uint_eq(op.ops[2].op, OSD_OP_OMAPGETVALSBYKEYS);
	ck_assert_uint_eq(op.ops[0].payload_len, 16);
	ck_assert_uint_eq(op.ops[1].payload_len, 12);
	ck_assert_uint_eq(op.ops[2].payload_len, 19);
	ck_assert_uint_eq(op.ops[1].indata_off, 16);
	ck_assert_uint_eq(op.ops[2].indata_off, 28);
	ck_assert_uint_eq(op.indata_len, 47);
	mosdop_release(&op);
	io_vec_free(&v);

	io_vec_load("09-bench-allochint-write.req.bin", &v);
	ck_assert_int_eq(mosdop_decode_front(v.front, v.front_len, v.version, v.data_len, &op), 0);
	ck_assert_uint_eq(op.nops, 2);
	ck_assert_uint_eq(op.ops[0].op, OSD_OP_SETALLOCHINT);
	ck_assert_uint_eq(op.ops[0].flags, OSD_OP_FLAG_FAILOK);
	ck_assert_uint_eq(op.ops[1].op, OSD_OP_WRITE);
	ck_assert_uint_eq(op.ops[1].payload_len, 4096);
	mosdop_release(&op);
	io_vec_free(&v);

	io_vec_load("08-pgnls-allnamespaces.req.bin", &v);
	ck_assert_int_eq(mosdop_decode_front(v.front, v.front_len, v.version, v.data_len, &op), 0);
	ck_assert_uint_eq(op.oloc.nspace.len, 1);
	ck_assert_int_eq(op.oloc.nspace.p[0], 1);
	ck_assert(osd_op_is_pg_op(op.ops[0].op));
	ck_assert_uint_eq(op.oid.len, 0);
	mosdop_release(&op);
	io_vec_free(&v);
}
END_TEST

/* decode → re-encode gives the client's bytes back, for every request */
START_TEST(test_request_roundtrip)
{
	for (size_t i = 0; i < NREQ; i++) {
		struct io_vec v;
		struct mosdop op;
		struct buf b = BUF_INIT;
		uint8_t *flat;

		io_vec_load(requests[i], &v);
		ck_assert_msg(mosdop_decode_front(v.front, v.front_len, v.version, v.data_len,
						  &op) == 0, "%s", requests[i]);
		ck_assert_uint_eq(op.indata_len, v.data_len);
		mosdop_encode_front(&b, &op);
		ck_assert_uint_eq(b.len, v.front_len);
		flat = malloc(b.len);
		buf_copy_out(&b, 0, b.len, flat);
		ck_assert_msg(memcmp(flat, v.front, b.len) == 0, "%s", requests[i]);
		free(flat);
		buf_free(&b);
		mosdop_release(&op);
		io_vec_free(&v);
	}
}
END_TEST

/* reply decode → encode is byte-identical for every captured reply */
START_TEST(test_reply_roundtrip)
{
	for (size_t i = 0; i < NREP; i++) {
		struct io_vec v;
		struct mosdop_reply r;
		struct osd_op ops[8];
		struct buf b = BUF_INIT;
		uint8_t *flat;

		io_vec_load(replies[i], &v);
		ck_assert_uint_eq(v.type, 43);
		ck_assert_msg(mosdop_reply_decode(v.front, v.front_len, &r, ops, 8) == 0, "%s",
			      replies[i]);
		ck_assert_uint_eq(mosdop_reply_front_len(&r), v.front_len);
		mosdop_reply_encode(&b, &r);
		ck_assert_uint_eq(b.len, v.front_len);
		flat = malloc(b.len);
		buf_copy_out(&b, 0, b.len, flat);
		ck_assert_msg(memcmp(flat, v.front, b.len) == 0, "%s", replies[i]);
		free(flat);
		buf_free(&b);
		io_vec_free(&v);
	}
}
END_TEST

START_TEST(test_reply_versions)
{
	struct mosdop_reply r;
	struct eversion v = { 9, 799 }, z = { 0, 0 };

	memset(&r, 0, sizeof(r));
	mosdop_reply_set_versions(&r, v, 799);
	ck_assert_uint_eq(r.bad_replay_version.version, 799);
	ck_assert_uint_eq(r.bad_replay_version.epoch, 9);
	mosdop_reply_set_versions(&r, z, 799);
	ck_assert_uint_eq(r.bad_replay_version.version, 799);
	ck_assert_uint_eq(r.bad_replay_version.epoch, 0);
	ck_assert_uint_eq(r.replay_version.version, 0);
	mosdop_reply_set_versions(&r, v, 0);
	ck_assert_uint_eq(r.bad_replay_version.version, 799);
}
END_TEST

/* every truncation of every request fails cleanly */
START_TEST(test_truncation)
{
	for (size_t i = 0; i < NREQ; i++) {
		struct io_vec v;

		io_vec_load(requests[i], &v);
		for (uint32_t n = 0; n < v.front_len; n++) {
			struct mosdop op;
			uint8_t *cut = malloc(n ? n : 1);

			memcpy(cut, v.front, n);
			ck_assert_msg(mosdop_decode_front(cut, n, v.version, v.data_len, &op) < 0,
				      "%s cut at %u", requests[i], n);
			free(cut);
		}
		/* data shorter than the ops' input */
		if (v.data_len) {
			struct mosdop op;

			ck_assert_int_eq(mosdop_decode_front(v.front, v.front_len, v.version,
							     v.data_len - 1, &op), -EBADMSG);
		}
		io_vec_free(&v);
	}
}
END_TEST

START_TEST(test_hostile)
{
	struct io_vec v;
	struct mosdop op;
	uint8_t *f;
	size_t nops_off;

	io_vec_load("01-writefull.req.bin", &v);
	f = malloc(v.front_len);
	/* num_ops sits after the 6-byte name at front offset 0x8f */
	nops_off = 0xdc - 0x4d;
	memcpy(f, v.front, v.front_len);
	ck_assert_uint_eq(get_le16(f + nops_off), 1);
	put_le16(f + nops_off, 0xffff);
	ck_assert_int_eq(mosdop_decode_front(f, v.front_len, 8, v.data_len, &op), -EBADMSG);
	/* absurd payload_len */
	memcpy(f, v.front, v.front_len);
	put_le32(f + nops_off + 2 + 34, 0xffffffff);
	ck_assert_int_eq(mosdop_decode_front(f, v.front_len, 8, v.data_len, &op), -EBADMSG);
	/* absurd name length */
	memcpy(f, v.front, v.front_len);
	put_le32(f + nops_off - 10, 0x7fffffff);
	ck_assert(mosdop_decode_front(f, v.front_len, 8, v.data_len, &op) < 0);
	/* absurd snap count */
	memcpy(f, v.front, v.front_len);
	put_le32(f + v.front_len - 16, 0x40000000);
	ck_assert(mosdop_decode_front(f, v.front_len, 8, v.data_len, &op) < 0);
	/* unknown versions */
	ck_assert_int_eq(mosdop_decode_front(v.front, v.front_len, 9, v.data_len, &op),
			 -EOPNOTSUPP);
	ck_assert_int_eq(mosdop_decode_front(v.front, v.front_len, 1, v.data_len, &op),
			 -EOPNOTSUPP);
	/* garbage */
	for (int seed = 1; seed < 200; seed++) {
		srand((unsigned)seed);
		memcpy(f, v.front, v.front_len);
		for (int k = 0; k < 8; k++)
			f[rand() % v.front_len] = (uint8_t)rand();
		if (mosdop_decode_front(f, v.front_len, 8, v.data_len, &op) == 0) {
			ck_assert(op.indata_len <= v.data_len);
			mosdop_release(&op);
		}
	}
	free(f);
	io_vec_free(&v);
}
END_TEST

/* many ops spill to the heap and decode fine */
START_TEST(test_many_ops)
{
	struct mosdop in, out;
	struct osd_op ops[40];
	struct buf b = BUF_INIT;
	uint8_t *flat;

	memset(&in, 0, sizeof(in));
	memset(ops, 0, sizeof(ops));
	in.spgid.pgid.pool = 3;
	in.spgid.shard = -1;
	in.oloc.pool = 3;
	in.oloc.hash = -1;
	in.oloc.key.p = in.oloc.nspace.p = "";
	in.oid.p = "x";
	in.oid.len = 1;
	in.nops = 40;
	in.ops = ops;
	for (int i = 0; i < 40; i++) {
		ops[i].op = OSD_OP_STAT;
		ops[i].payload_len = 1;
	}
	in.snapid = CEPH_NOSNAP;
	mosdop_encode_front(&b, &in);
	flat = malloc(b.len);
	buf_copy_out(&b, 0, b.len, flat);
	ck_assert_int_eq(mosdop_decode_front(flat, b.len, 8, 40, &out), 0);
	ck_assert_uint_eq(out.nops, 40);
	ck_assert_uint_eq(out.ops[39].indata_off, 39);
	mosdop_release(&out);
	ck_assert_int_eq(mosdop_decode_front(flat, b.len, 8, 39, &out), -EBADMSG);
	free(flat);
	buf_free(&b);
}
END_TEST

static Suite *
mosdop_suite(void)
{
	Suite *s = suite_create("mosdop");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_writefull_fields);
	tcase_add_test(tc, test_multi_op_indata);
	tcase_add_test(tc, test_request_roundtrip);
	tcase_add_test(tc, test_reply_roundtrip);
	tcase_add_test(tc, test_reply_versions);
	tcase_add_test(tc, test_truncation);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_many_ops);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(mosdop_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
