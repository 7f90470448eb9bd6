/*
 * pgls_test.c — PGNLS: PG boundaries (checked against the live listing
 * order of `rados ls` on an 8-PG pool) and listing a collection.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/enc.h"
#include "os/hobject_order.h"
#include "os/memstore.h"
#include "osd/pgls.h"

START_TEST(test_pg_end)
{
	/* pg_num 8: PG 1.2 ends at hash 6; the client visits 0,4,2,6,1,5,3,7 */
	static const uint32_t order[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };
	struct hobject h;

	for (int i = 0; i < 8; i++) {
		struct pg pg = { 1, order[i] };

		pgls_pg_end(&pg, 8, &h);
		if (i == 7) {
			ck_assert(hobject_is_max(&h));
		} else {
			ck_assert(!hobject_is_max(&h));
			ck_assert_uint_eq(h.hash & 7, order[i + 1]);
			ck_assert(h.snap == CEPH_NOSNAP);
		}
	}
	ck_assert_uint_eq(pgls_split_bits(0, 1), 0);
	ck_assert_uint_eq(pgls_split_bits(5, 8), 3);
	/* pg_num 12: seeds below 4 are split (4 bits), others 3 */
	ck_assert_uint_eq(pgls_split_bits(2, 12), 4);
	ck_assert_uint_eq(pgls_split_bits(6, 12), 3);
	{
		struct pg one = { 1, 0 };

		pgls_pg_end(&one, 1, &h);
		ck_assert(hobject_is_max(&h));
	}
}
END_TEST

static void
put(struct store *st, const struct spg *cid, const char *name, const char *ns, uint32_t hash)
{
	struct txn t;
	struct hobject o;

	memset(&o, 0, sizeof(o));
	o.key.p = "";
	o.oid.p = name;
	o.oid.len = (uint32_t)strlen(name);
	o.nspace.p = ns;
	o.nspace.len = (uint32_t)strlen(ns);
	o.snap = CEPH_NOSNAP;
	o.hash = hash;
	o.pool = 1;
	txn_init(&t);
	txn_touch(&t, cid, &o);
	ck_assert_int_eq(store_apply(st, &t, NULL, NULL), 0);
	txn_free(&t);
}

static int
list(struct store *st, const struct spg *cid, const char *ns, uint32_t nslen,
     const struct hobject *cursor, uint64_t count, struct buf *out)
{
	struct mosdop req;
	struct buf in = BUF_INIT;

	memset(&req, 0, sizeof(req));
	req.ops = req.inline_ops;
	req.nops = 1;
	req.snapid = CEPH_NOSNAP;
	req.oloc.nspace.p = ns;
	req.oloc.nspace.len = nslen;
	req.ops[0].op = OSD_OP_PGNLS;
	osd_op_set_u64(&req.ops[0], OSD_OP_PGLS_COUNT, count);
	hobject_encode(&in, cursor);
	req.ops[0].payload_len = (uint32_t)in.len;
	int r = pgls_run(st, cid, &cid->pgid, 8, &req, &in, out);
	buf_free(&in);
	return r;
}

/* decode the response: handle into h, count returned */
static uint32_t
parse(struct buf *out, struct hobject *h, char names[][16])
{
	const uint8_t *p = buf_contig(out, 0, out->len);
	struct dec d;
	struct dec_struct s;
	uint32_t n;

	dec_init(&d, p, out->len);
	ck_assert_int_eq(dec_struct_start(&d, 1, &s), 0);
	ck_assert_int_eq(hobject_decode(&d, h), 0);
	dec_u32(&d, &n);
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *sp;
		uint32_t l;

		dec_string(&d, &sp, &l);         /* nspace */
		dec_string(&d, &sp, &l);         /* oid */
		memcpy(names[i], sp, l < 15 ? l : 15);
		names[i][l < 15 ? l : 15] = 0;
		dec_string(&d, &sp, &l);         /* key */
	}
	ck_assert_int_eq(dec_struct_end(&d, &s), 0);
	ck_assert_int_eq(d.err, 0);
	return n;
}

START_TEST(test_listing)
{
	struct store *st = memstore_create(&(struct memstore_conf){ 0, 0 });
	struct spg cid = { { 1, 2 }, -1 };
	struct hobject min, h, end;
	struct buf out = BUF_INIT;
	char names[8][16];
	struct txn t;

	txn_init(&t);
	txn_create_collection(&t, &cid);
	ck_assert_int_eq(store_apply(st, &t, NULL, NULL), 0);
	txn_free(&t);
	put(st, &cid, "a", "", 0x12);
	put(st, &cid, "b", "", 0xa2);
	put(st, &cid, "c", "ns", 0x32);
	hobject_set_min(&min);
	/* default namespace, everything: result 1, handle = PG end (hash 6) */
	ck_assert_int_eq(list(st, &cid, "", 0, &min, 1024, &out), 1);
	ck_assert_uint_eq(parse(&out, &h, names), 2);
	pgls_pg_end(&cid.pgid, 8, &end);
	ck_assert_int_eq(hobject_cmp(&h, &end), 0);
	ck_assert_uint_eq(h.hash, 6);
	buf_clear(&out);
	/* all namespaces, one at a time */
	ck_assert_int_eq(list(st, &cid, "\x01", 1, &min, 1, &out), 0);
	ck_assert_uint_eq(parse(&out, &h, names), 1);
	/* the handle continues: two more, then done */
	{
		struct hobject c = h;
		struct buf keep = BUF_INIT;

		hobject_encode(&keep, &h);       /* h views into out: keep a copy */
		buf_clear(&out);
		{
			const uint8_t *kp = buf_contig(&keep, 0, keep.len);
			struct dec d;

			dec_init(&d, kp, keep.len);
			hobject_decode(&d, &c);
			ck_assert_int_eq(list(st, &cid, "\x01", 1, &c, 5, &out), 1);
			ck_assert_uint_eq(parse(&out, &h, names), 2);
		}
		buf_free(&keep);
	}
	buf_clear(&out);
	/* namespace "ns" only */
	ck_assert_int_eq(list(st, &cid, "ns", 2, &min, 10, &out), 1);
	ck_assert_uint_eq(parse(&out, &h, names), 1);
	ck_assert_str_eq(names[0], "c");
	buf_clear(&out);
	/* cursor outside the PG: EINVAL, no output */
	{
		struct pg other = { 1, 3 };
		struct hobject bad;

		pgls_pg_start(&other, &bad);
		ck_assert_int_eq(list(st, &cid, "", 0, &bad, 10, &out), -EINVAL);
		ck_assert_uint_eq(out.len, 0);
		pgls_pg_end(&cid.pgid, 8, &bad);
		ck_assert_int_eq(list(st, &cid, "", 0, &bad, 10, &out), -EINVAL);
	}
	buf_free(&out);
	store_destroy(st);
}
END_TEST

static Suite *
pgls_suite(void)
{
	Suite *s = suite_create("pgls");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_pg_end);
	tcase_add_test(tc, test_listing);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(pgls_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
