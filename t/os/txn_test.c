/*
 * txn_test.c — building transactions: ops recorded in order with their
 * arguments, names and values copied (the caller may reuse its memory),
 * write data shared by reference, object names copied once for a run of
 * ops, reuse after txn_reset without new allocations, large values, and
 * impossible arguments turning into a sticky -EINVAL that makes
 * store_apply change nothing.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/memstore.h"
#include "os/txn.h"

static const struct spg C1 = { { 1, 2 }, -1 };

static struct hobject
oid(const char *name)
{
	struct hobject h;

	memset(&h, 0, sizeof(h));
	h.oid.p = name;
	h.oid.len = (uint32_t)strlen(name);
	h.key.p = h.nspace.p = "";
	h.snap = CEPH_NOSNAP;
	h.hash = 0x1234;
	h.pool = 1;
	return h;
}

static int
view_is(const struct strview *v, const char *s)
{
	return v->len == strlen(s) && memcmp(v->p, s, v->len) == 0;
}

START_TEST(test_ops_recorded)
{
	struct txn t;
	char name[16] = "obj.A";
	char attr[8] = "user.x";
	char val[8] = "value";
	struct hobject o = oid(name);
	struct store_objmeta meta = { { 7, 42 }, 41, { 100, 5 } };
	struct buf data = BUF_INIT;
	uint8_t bytes[100];

	for (int i = 0; i < 100; i++)
		bytes[i] = (uint8_t)i;
	buf_append(&data, bytes, sizeof(bytes));
	txn_init(&t);
	txn_create_collection(&t, &C1);
	txn_write(&t, &C1, &o, 10, 50, &data, 20);
	txn_setattr(&t, &C1, &o, attr, strlen(attr), val, 5);
	txn_omap_rmkeyrange(&t, &C1, &o, "a", 1, "m", 1);
	txn_set_meta(&t, &C1, &o, &meta);
	txn_truncate(&t, &C1, &o, 5);
	txn_zero(&t, &C1, &o, 1, 2);
	ck_assert_int_eq(t.err, 0);
	ck_assert_uint_eq(txn_count(&t), 7);

	/* The caller's memory can change now: the txn holds copies. */
	memset(name, 'X', 5);
	memset(attr, 'Y', 6);
	memset(val, 'Z', 5);

	ck_assert_uint_eq(t.ops[0].type, TXN_CREATE_COLL);
	ck_assert_uint_eq(t.ops[0].cid.pgid.seed, 2);
	ck_assert_uint_eq(t.ops[1].type, TXN_WRITE);
	ck_assert(view_is(&t.ops[1].oid.oid, "obj.A"));
	ck_assert_uint_eq(t.ops[1].off, 10);
	ck_assert_uint_eq(t.ops[1].len, 50);
	ck_assert_uint_eq(t.ops[1].dlen, 50);
	{
		uint8_t got[50];

		ck_assert_int_eq(buf_copy_out(&t.data, t.ops[1].doff, 50, got), 0);
		ck_assert(memcmp(got, bytes + 20, 50) == 0);
	}
	/* Write data is a shared reference to the caller's segment, not a copy. */
	ck_assert_ptr_eq(t.data.refs[0].seg, data.refs[0].seg);
	ck_assert_uint_eq(t.ops[2].type, TXN_SETATTR);
	ck_assert(view_is(&t.ops[2].name, "user.x"));
	{
		char got[5];

		ck_assert_uint_eq(t.ops[2].dlen, 5);
		ck_assert_int_eq(buf_copy_out(&t.data, t.ops[2].doff, 5, got), 0);
		ck_assert(memcmp(got, "value", 5) == 0);
	}
	/* One copy of the object name serves consecutive ops on it. */
	ck_assert_ptr_eq(t.ops[1].oid.oid.p, t.ops[2].oid.oid.p);
	ck_assert(view_is(&t.ops[3].name, "a"));
	ck_assert(view_is(&t.ops[3].name2, "m"));
	ck_assert_uint_eq(t.ops[4].u.meta.user_version, 41);
	ck_assert_uint_eq(t.ops[4].u.meta.version.version, 42);
	ck_assert_uint_eq(t.ops[5].off, 5);
	ck_assert_uint_eq(t.ops[6].off, 1);
	ck_assert_uint_eq(t.ops[6].len, 2);
	txn_free(&t);
	buf_free(&data);
}
END_TEST

START_TEST(test_reset_reuses)
{
	struct txn t;
	struct hobject o = oid("o");
	struct txn_op *ops;
	const char *namep;

	txn_init(&t);
	for (int i = 0; i < 100; i++)
		txn_setattr(&t, &C1, &o, "k", 1, "v", 1);
	ops = t.ops;
	namep = t.ops[0].oid.oid.p;
	txn_reset(&t);
	ck_assert_uint_eq(txn_count(&t), 0);
	ck_assert_uint_eq(t.data.len, 0);
	for (int i = 0; i < 100; i++)
		txn_setattr(&t, &C1, &o, "k", 1, "v", 1);
	/* same op array and the arena chunk came back */
	ck_assert_ptr_eq(t.ops, ops);
	ck_assert_ptr_eq(t.ops[0].oid.oid.p, namep);
	txn_free(&t);
	ck_assert_ptr_null(t.ops);
	ck_assert_uint_eq(txn_count(&t), 0);
}
END_TEST

START_TEST(test_large_values_and_many_objects)
{
	struct txn t;
	size_t big = 100000;
	char *key = malloc(big), *val = malloc(big);
	char name[32];

	ck_assert_ptr_nonnull(key);
	ck_assert_ptr_nonnull(val);
	memset(key, 'k', big);
	memset(val, 'v', big);
	txn_init(&t);
	txn_omap_setkey(&t, &C1, &(struct hobject){ 0 }, key, big, val, big);
	for (int i = 0; i < 2000; i++) {
		struct hobject o;

		snprintf(name, sizeof(name), "object-%d", i);
		o = oid(name);
		txn_touch(&t, &C1, &o);
	}
	ck_assert_int_eq(t.err, 0);
	ck_assert_uint_eq(t.ops[0].name.len, big);
	ck_assert(memcmp(t.ops[0].name.p, key, big) == 0);
	ck_assert_uint_eq(t.ops[0].dlen, big);
	for (int i = 0; i < 2000; i += 333) {
		snprintf(name, sizeof(name), "object-%d", i);
		ck_assert(view_is(&t.ops[1 + i].oid.oid, name));
	}
	txn_reset(&t);
	txn_reset(&t);
	txn_free(&t);
	free(key);
	free(val);
}
END_TEST

START_TEST(test_bad_arguments)
{
	struct store *st = memstore_create(NULL);
	struct store_statfs sf;
	struct txn t;
	struct hobject o = oid("o");
	struct buf data = BUF_INIT;

	buf_append(&data, "0123456789", 10);
	txn_init(&t);
	txn_create_collection(&t, &C1);
	/* slice past the end of the source */
	txn_write(&t, &C1, &o, 0, 8, &data, 5);
	ck_assert_int_eq(t.err, -EINVAL);
	/* sticky: a later good op does not clear it */
	txn_touch(&t, &C1, &o);
	ck_assert_int_eq(t.err, -EINVAL);
	ck_assert_int_eq(store_apply(st, &t, NULL, NULL), -EINVAL);
	ck_assert(!store_collection_exists(st, &C1));

	/* offset + length wrapping around */
	txn_reset(&t);
	ck_assert_int_eq(t.err, 0);
	txn_create_collection(&t, &C1);
	txn_zero(&t, &C1, &o, UINT64_MAX - 1, 5);
	ck_assert_int_eq(t.err, -EINVAL);
	ck_assert_int_eq(store_apply(st, &t, NULL, NULL), -EINVAL);
	txn_reset(&t);
	txn_create_collection(&t, &C1);
	txn_write(&t, &C1, &o, UINT64_MAX - 2, 5, &data, 0);
	ck_assert_int_eq(t.err, -EINVAL);
	ck_assert_int_eq(store_apply(st, &t, NULL, NULL), -EINVAL);
	store_statfs(st, &sf);
	ck_assert_uint_eq(sf.collections, 0);
	ck_assert_uint_eq(sf.objects, 0);

	/* the same txn, reset, works */
	txn_reset(&t);
	txn_create_collection(&t, &C1);
	txn_write(&t, &C1, &o, 0, 10, &data, 0);
	ck_assert_int_eq(store_apply(st, &t, NULL, NULL), 0);
	store_statfs(st, &sf);
	ck_assert_uint_eq(sf.objects, 1);
	ck_assert_uint_eq(sf.data_bytes, 10);
	txn_free(&t);
	buf_free(&data);
	store_destroy(st);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("txn");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_ops_recorded);
	tcase_add_test(tc, test_reset_reuses);
	tcase_add_test(tc, test_large_values_and_many_objects);
	tcase_add_test(tc, test_bad_arguments);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
