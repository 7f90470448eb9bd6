/*
 * osdcap_test.c — the OSD caps grammar and its checks (osd/osdcap.h):
 * the forms Ceph accepts, the ones it rejects, and what each grant allows.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "osd/osdcap.h"

static struct osdcap
parse_ok(const char *s)
{
	struct osdcap c;
	char err[256];

	ck_assert_msg(osdcap_parse(s, &c, err, sizeof(err)) == 0, "'%s': %s", s, err);
	return c;
}

/* may pool/ns/obj be read (r), written (w) or both (rw)? */
static int
can(const struct osdcap *c, const char *pool, const char *ns, const char *obj, const char *rw)
{
	return osdcap_is_capable(c, pool, ns, strlen(ns), obj, strlen(obj),
				 strchr(rw, 'r') != NULL, strchr(rw, 'w') != NULL);
}

START_TEST(allow_star)
{
	const char *forms[] = { "allow *", "allow all", "  allow   *  ", "allow rw, allow *" };

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		struct osdcap c = parse_ok(forms[i]);

		ck_assert_msg(osdcap_allow_all(&c), "%s", forms[i]);
		ck_assert(can(&c, "any", "", "obj", "rw"));
		osdcap_free(&c);
	}
}
END_TEST

START_TEST(rwx_forms)
{
	struct osdcap c = parse_ok("allow r");

	ck_assert(!osdcap_allow_all(&c));
	ck_assert(can(&c, "p", "", "o", "r"));
	ck_assert(!can(&c, "p", "", "o", "w"));
	ck_assert(!can(&c, "p", "", "o", "rw"));
	osdcap_free(&c);

	c = parse_ok("allow rw");
	ck_assert(can(&c, "p", "ns", "o", "rw"));
	ck_assert(!osdcap_allow_all(&c));
	osdcap_free(&c);

	c = parse_ok("allow rwx");
	ck_assert_int_eq(c.n, 1);
	ck_assert_int_eq(c.g[0].allow, OSDCAP_R | OSDCAP_W | OSDCAP_X);
	ck_assert(!osdcap_allow_all(&c));       /* rwx is not * */
	osdcap_free(&c);

	c = parse_ok("allow w");
	ck_assert(!can(&c, "p", "", "o", "r"));
	ck_assert(can(&c, "p", "", "o", "w"));
	osdcap_free(&c);

	c = parse_ok("allow r class-read class-write");
	ck_assert_int_eq(c.g[0].allow, OSDCAP_R | OSDCAP_CLS_R | OSDCAP_CLS_W);
	osdcap_free(&c);

	c = parse_ok("allow class-read");
	ck_assert_int_eq(c.g[0].allow, OSDCAP_CLS_R);
	ck_assert(!can(&c, "p", "", "o", "r"));
	osdcap_free(&c);
}
END_TEST

START_TEST(pool_and_namespace)
{
	struct osdcap c = parse_ok("allow r pool=p1");

	ck_assert(can(&c, "p1", "", "o", "r"));
	ck_assert(can(&c, "p1", "any", "o", "r"));
	ck_assert(!can(&c, "p2", "", "o", "r"));
	ck_assert(!can(&c, "p1", "", "o", "w"));
	osdcap_free(&c);

	/* pool with a space instead of '=', match before spec, quoted names */
	c = parse_ok("allow pool p1 rw");
	ck_assert(can(&c, "p1", "", "o", "rw"));
	ck_assert(!can(&c, "p10", "", "o", "r"));
	osdcap_free(&c);
	c = parse_ok("allow rw pool \"my pool\"");
	ck_assert(can(&c, "my pool", "", "o", "rw"));
	osdcap_free(&c);

	c = parse_ok("allow rw pool=p1 namespace=n1");
	ck_assert(can(&c, "p1", "n1", "o", "rw"));
	ck_assert(!can(&c, "p1", "", "o", "r"));
	ck_assert(!can(&c, "p1", "n10", "o", "r"));
	ck_assert(!can(&c, "p2", "n1", "o", "r"));
	osdcap_free(&c);

	/* the default namespace only; a prefix namespace */
	c = parse_ok("allow rw namespace=\"\"");
	ck_assert(can(&c, "p", "", "o", "rw"));
	ck_assert(!can(&c, "p", "x", "o", "r"));
	osdcap_free(&c);
	c = parse_ok("allow r namespace=tenant-*");
	ck_assert(can(&c, "p", "tenant-a", "o", "r"));
	ck_assert(can(&c, "p", "tenant-", "o", "r"));
	ck_assert(!can(&c, "p", "tenan", "o", "r"));
	osdcap_free(&c);

	c = parse_ok("allow r pool=p object_prefix rbd_data.");
	ck_assert(can(&c, "p", "", "rbd_data.1234", "r"));
	ck_assert(!can(&c, "p", "", "rbd_header.1", "r"));
	osdcap_free(&c);
}
END_TEST

START_TEST(several_grants)
{
	struct osdcap c = parse_ok("allow r pool=a; allow rw pool=b, allow w pool=c");

	ck_assert_int_eq(c.n, 3);
	ck_assert(can(&c, "a", "", "o", "r"));
	ck_assert(!can(&c, "a", "", "o", "w"));
	ck_assert(can(&c, "b", "", "o", "rw"));
	ck_assert(can(&c, "c", "", "o", "w"));
	ck_assert(!can(&c, "c", "", "o", "rw"));       /* one grant must allow both */
	ck_assert(!can(&c, "d", "", "o", "r"));
	osdcap_free(&c);
}
END_TEST

START_TEST(profiles)
{
	struct osdcap c = parse_ok("profile rbd pool=vms");

	ck_assert(can(&c, "vms", "", "rbd_data.1", "rw"));
	ck_assert(!can(&c, "images", "", "rbd_data.1", "w"));
	ck_assert(can(&c, "images", "", "rbd_info", "r"));     /* any pool */
	ck_assert(!osdcap_allow_all(&c));
	osdcap_free(&c);

	c = parse_ok("profile rbd-read-only pool=images");
	ck_assert(can(&c, "images", "", "x", "r"));
	ck_assert(!can(&c, "images", "", "x", "w"));
	osdcap_free(&c);

	c = parse_ok("profile read-write pool=p namespace=n");
	ck_assert(can(&c, "p", "n", "o", "rw"));
	ck_assert(!can(&c, "p", "", "o", "r"));
	osdcap_free(&c);

	c = parse_ok("profile read-only");
	ck_assert(can(&c, "any", "x", "o", "r"));
	ck_assert(!can(&c, "any", "x", "o", "w"));
	osdcap_free(&c);

	/* "osd" is a mon profile: it parses and grants nothing on an OSD */
	c = parse_ok("profile osd");
	ck_assert(!can(&c, "p", "", "o", "r"));
	osdcap_free(&c);
}
END_TEST

START_TEST(class_specs)
{
	struct osdcap c = parse_ok("allow class rbd metadata_list pool=p");

	ck_assert_int_eq(c.n, 1);
	ck_assert_str_eq(c.g[0].class_name, "rbd");
	ck_assert_str_eq(c.g[0].method, "metadata_list");
	ck_assert_str_eq(c.g[0].pool, "p");
	ck_assert(!can(&c, "p", "", "o", "r"));
	osdcap_free(&c);

	c = parse_ok("allow class lock");
	ck_assert_ptr_null(c.g[0].method);
	osdcap_free(&c);
}
END_TEST

START_TEST(unenforceable_never_match)
{
	struct osdcap c = parse_ok("allow rw tag cephfs data=fs1");

	ck_assert(!can(&c, "p", "", "o", "r"));
	osdcap_free(&c);
	c = parse_ok("allow * network 10.0.0.0/8");
	ck_assert(!osdcap_allow_all(&c));
	ck_assert(!can(&c, "p", "", "o", "r"));
	osdcap_free(&c);
}
END_TEST

START_TEST(rejected)
{
	const char *bad[] = {
		"", "allow", "deny r", "allow q", "allow wr", "allow rr", "allow r pool=",
		"allow r pool", "allow r pool=p*", "allow r;", "allow r,, allow w",
		"allow r pool=\"unterminated", "allow r namespace=a*b", "allow r $",
		"profile", "allow r object_prefix", "allow r tag a b", "allow r network",
		"allow r pool=\"\"", "allow pool=p",
	};
	char err[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct osdcap c;

		memset(&c, 0x5a, sizeof(c));
		err[0] = 0;
		ck_assert_msg(osdcap_parse(bad[i], &c, err, sizeof(err)) == -EINVAL, "accepted '%s'",
			      bad[i]);
		ck_assert_int_eq(c.n, 0);
		ck_assert_ptr_null(c.g);
		ck_assert_msg(strstr(err, "parse failed") != NULL, "no message for '%s'", bad[i]);
	}
}
END_TEST

START_TEST(long_input)
{
	/* a token longer than the lexer takes, and many grants: clean errors */
	size_t n = 100000;
	char *s = malloc(n + 1);
	struct osdcap c;
	char err[128];

	memset(s, 'a', n);
	memcpy(s, "allow r pool=", 13);
	s[n] = 0;
	ck_assert_int_eq(osdcap_parse(s, &c, err, sizeof(err)), -EINVAL);
	s[0] = 0;
	for (int i = 0; i < 1000; i++)
		strcat(s, i ? ";allow r" : "allow r");
	ck_assert_int_eq(osdcap_parse(s, &c, err, sizeof(err)), -EINVAL);  /* > 256 grants */
	free(s);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("osdcap");
	TCase *tc = tcase_create("osdcap");
	SRunner *sr;
	int nf;

	tcase_add_test(tc, allow_star);
	tcase_add_test(tc, rwx_forms);
	tcase_add_test(tc, pool_and_namespace);
	tcase_add_test(tc, several_grants);
	tcase_add_test(tc, profiles);
	tcase_add_test(tc, class_specs);
	tcase_add_test(tc, unenforceable_never_match);
	tcase_add_test(tc, rejected);
	tcase_add_test(tc, long_input);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
