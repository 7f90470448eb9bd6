/*
 * hobject_order_test.c — Ceph's hobject sort order: bit reversal, the
 * field precedence (max, pool, reversed hash, nspace, effective key, name,
 * snap), byte-wise string order, and the order of real object names whose
 * rjenkins hashes were taken from a live 16.2.15 cluster (`ceph osd map`
 * raw pgids, e.g. obj1 -> 1.6cf8deff, logged by the OSD as 1:ff7b1f36).
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/hobject_order.h"

static struct hobject
mk(int64_t pool, uint32_t hash, const char *ns, const char *key, const char *name,
   uint64_t snap)
{
	struct hobject h;

	memset(&h, 0, sizeof(h));
	h.pool = pool;
	h.hash = hash;
	h.nspace.p = ns;
	h.nspace.len = (uint32_t)strlen(ns);
	h.key.p = key;
	h.key.len = (uint32_t)strlen(key);
	h.oid.p = name;
	h.oid.len = (uint32_t)strlen(name);
	h.snap = snap;
	return h;
}

static struct hobject
head(uint32_t hash, const char *name)
{
	return mk(1, hash, "", "", name, CEPH_NOSNAP);
}

#define ASSERT_LT(a, b)                                                       \
	do {                                                                  \
		struct hobject a_ = (a), b_ = (b);                            \
		ck_assert_int_lt(hobject_cmp(&a_, &b_), 0);                   \
		ck_assert_int_gt(hobject_cmp(&b_, &a_), 0);                   \
	} while (0)

START_TEST(test_reverse_bits)
{
	ck_assert_uint_eq(hobject_reverse_bits(0), 0);
	ck_assert_uint_eq(hobject_reverse_bits(1), 0x80000000u);
	ck_assert_uint_eq(hobject_reverse_bits(0x80000000u), 1);
	ck_assert_uint_eq(hobject_reverse_bits(0xffffffffu), 0xffffffffu);
	ck_assert_uint_eq(hobject_reverse_bits(0x0000000fu), 0xf0000000u);
	ck_assert_uint_eq(hobject_reverse_bits(0x12345678u), 0x1e6a2c48u);
	/* live: object obj1, raw hash 0x6cf8deff, printed as 1:ff7b1f36:::obj1:head */
	ck_assert_uint_eq(hobject_reverse_bits(0x6cf8deffu), 0xff7b1f36u);
	for (uint64_t v = 1; v <= UINT32_MAX; v += 0x00fedcbbu)
		ck_assert_uint_eq(hobject_reverse_bits(hobject_reverse_bits((uint32_t)v)), v);
}
END_TEST

START_TEST(test_real_names)
{
	/* rjenkins hashes of these names (pool 1, default namespace) from the lab. */
	static const struct { const char *name; uint32_t hash; } objs[] = {
		{ "obj1", 0x6cf8deff }, { "obj2", 0x3f1ee208 }, { "a", 0x29eec818 },
		{ "b", 0x54aca597 }, { "foo", 0x7fc1f406 }, { "bar", 0xefe6384b },
		{ "rbd_data.1", 0x8bc8228e }, { "zzz", 0xc25beecc },
	};
	/* Sorted by hand on the reversed hashes: 104778fc < 18137794 < ... < ff7b1f36. */
	static const char *want[] = { "obj2", "a", "zzz", "foo", "rbd_data.1", "bar", "b", "obj1" };
	struct hobject h[8];
	size_t n = sizeof(objs) / sizeof(objs[0]);

	for (size_t i = 0; i < n; i++)
		h[i] = head(objs[i].hash, objs[i].name);
	/* Insertion sort with hobject_cmp. */
	for (size_t i = 1; i < n; i++) {
		struct hobject x = h[i];
		size_t j = i;

		while (j > 0 && hobject_cmp(&h[j - 1], &x) > 0) {
			h[j] = h[j - 1];
			j--;
		}
		h[j] = x;
	}
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_eq(h[i].oid.len, strlen(want[i]));
		ck_assert(memcmp(h[i].oid.p, want[i], h[i].oid.len) == 0);
	}
	/* Not the raw hash order: obj1's raw hash is below bar's, its reversed one above. */
	ck_assert_uint_lt(0x6cf8deffu, 0xefe6384bu);
	ASSERT_LT(head(0xefe6384b, "bar"), head(0x6cf8deff, "obj1"));
}
END_TEST

START_TEST(test_field_precedence)
{
	struct hobject mn, mx;

	/* pool before hash */
	ASSERT_LT(mk(1, 0xffffffff, "", "", "z", CEPH_NOSNAP), mk(2, 0, "", "", "a", 0));
	/* negative pools (temp objects) sort first */
	ASSERT_LT(mk(-3, 0, "", "", "a", 0), mk(1, 0, "", "", "a", 0));
	/* reversed hash before nspace and name */
	ASSERT_LT(mk(1, 0x80000000u, "zz", "", "zz", CEPH_NOSNAP), mk(1, 1, "", "", "a", 0));
	/* nspace before name */
	ASSERT_LT(mk(1, 7, "", "", "zzz", CEPH_NOSNAP), mk(1, 7, "a", "", "a", CEPH_NOSNAP));
	/* the effective key (locator key, else the name) only when one has a key */
	ASSERT_LT(mk(1, 7, "", "", "b", CEPH_NOSNAP), mk(1, 7, "", "z", "a", CEPH_NOSNAP));
	ASSERT_LT(mk(1, 7, "", "a", "z", CEPH_NOSNAP), mk(1, 7, "", "", "b", CEPH_NOSNAP));
	/* equal keys: name decides */
	ASSERT_LT(mk(1, 7, "", "k", "a", CEPH_NOSNAP), mk(1, 7, "", "k", "b", 0));
	/* a key equal to the other's name: then the names */
	ASSERT_LT(mk(1, 7, "", "b", "a", CEPH_NOSNAP), mk(1, 7, "", "", "b", CEPH_NOSNAP));
	/* snap last: clones, then head, then snapdir */
	ASSERT_LT(mk(1, 7, "", "", "a", 5), mk(1, 7, "", "", "a", CEPH_NOSNAP));
	ASSERT_LT(mk(1, 7, "", "", "a", CEPH_NOSNAP), mk(1, 7, "", "", "a", CEPH_SNAPDIR));
	/* strings: proper prefix first, bytes unsigned */
	ASSERT_LT(mk(1, 7, "", "", "ab", 0), mk(1, 7, "", "", "abc", 0));
	ASSERT_LT(mk(1, 7, "", "", "a", 0), mk(1, 7, "", "", "\xff", 0));
	/* equal */
	{
		struct hobject a = mk(1, 7, "n", "k", "o", 3), b = mk(1, 7, "n", "k", "o", 3);

		ck_assert_int_eq(hobject_cmp(&a, &b), 0);
	}
	/* min below and max above everything */
	hobject_set_min(&mn);
	hobject_set_max(&mx);
	ck_assert(hobject_is_min(&mn));
	ck_assert(!hobject_is_max(&mn));
	ck_assert(hobject_is_max(&mx));
	ck_assert(!hobject_is_min(&mx));
	ASSERT_LT(mn, mk(INT64_MIN, 0, "", "", "", 1));
	ASSERT_LT(mn, mk(-1, 0, "", "", "", 0));
	ASSERT_LT(mk(INT64_MAX, 0xffffffff, "\xff", "", "\xff", CEPH_SNAPDIR), mx);
	ck_assert_int_eq(hobject_cmp(&mx, &mx), 0);
}
END_TEST

START_TEST(test_pg_end_handle)
{
	/*
	 * 03-osd-ops §3.5: pg_num 8, PG 1.2 ends at the handle with hash 6
	 * (oid "", snap NOSNAP). Every object of PG 1.2 (hash & 7 == 2) sorts
	 * before it, PG 1.6's objects (hash & 7 == 6) at or after it.
	 */
	struct hobject end = mk(1, 6, "", "", "", CEPH_NOSNAP);

	ASSERT_LT(head(0x12345672u, "x"), end);
	ASSERT_LT(head(0xfffffffau, "zzzz"), end);
	ASSERT_LT(mk(1, 0xfffffffau, "ns", "", "zzzz", CEPH_NOSNAP), end);
	ASSERT_LT(end, head(0x00000006u, "a"));
	ASSERT_LT(end, head(0x7654321eu, "a"));
	/* and the listing starts of 1.0 (MIN) and 1.4 (hash 4) bracket 1.0's objects */
	ASSERT_LT(head(0x00001238u, "q"), mk(1, 4, "", "", "", CEPH_NOSNAP));
}
END_TEST

START_TEST(test_strview_cmp)
{
	struct strview a = { "abc", 3 }, b = { "abd", 3 }, c = { "ab", 2 }, e = { "", 0 };

	ck_assert_int_lt(hobject_strview_cmp(&a, &b), 0);
	ck_assert_int_gt(hobject_strview_cmp(&a, &c), 0);
	ck_assert_int_lt(hobject_strview_cmp(&e, &c), 0);
	ck_assert_int_eq(hobject_strview_cmp(&e, &e), 0);
	ck_assert_int_eq(hobject_strview_cmp(&a, &a), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("hobject_order");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_reverse_bits);
	tcase_add_test(tc, test_real_names);
	tcase_add_test(tc, test_field_precedence);
	tcase_add_test(tc, test_pg_end_handle);
	tcase_add_test(tc, test_strview_cmp);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
