/*
 * conf_test.c — osdfarm.conf: the shipped sample parses to the defaults,
 * every setting is read, and each kind of error names the file and line.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/conf.h"

static char tmpdir[64];

static void
setup(void)
{
	strcpy(tmpdir, "/tmp/osdfarm-conf-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Write text to tmpdir/name; returns the path (static). */
static const char *
write_file(const char *name, const char *text)
{
	static char p[160];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return p;
}

/* Load text from a temp file; returns the result and leaves err filled. */
static int
load(struct conf_farm *c, const char *text, char *err, size_t errsz)
{
	const char *p = write_file("osdfarm.conf", text);

	conf_farm_defaults(c);
	err[0] = '\0';
	return conf_farm_load(c, p, err, errsz);
}

static void
assert_defaults(const struct conf_farm *c)
{
	ck_assert_str_eq(c->cluster, "ceph");
	ck_assert_str_eq(c->ceph_conf, "/etc/ceph/ceph.conf");
	ck_assert_uint_eq(c->osds, 0);
	ck_assert_ptr_null(c->cpus);
	ck_assert_str_eq(c->run_dir, "/run/osdfarm");
	ck_assert_str_eq(c->data_dir, "/var/lib/osdfarm/ceph");
	ck_assert_ptr_null(c->osd_ids);
	ck_assert_uint_eq(c->memstore_size, 1ULL << 30);
	ck_assert_uint_eq(c->respawn.backoff_min_ms, 1000);
	ck_assert_uint_eq(c->respawn.backoff_max_ms, 60000);
	ck_assert_uint_eq(c->respawn.crash_limit, 5);
	ck_assert_uint_eq(c->respawn.crash_window_s, 300);
	ck_assert_int_eq(c->log.target, CONF_LOG_AUTO);
	ck_assert_str_eq(c->log.file, "/var/log/osdfarm/ceph.log");
	for (int i = 0; i < LOG_SUBSYS_MAX; i++)
		ck_assert_int_eq(c->log.levels[i], -1);
}

START_TEST(sample_is_defaults)
{
	const char *top = getenv("top_srcdir");
	struct conf_farm c;
	char path[512], err[256] = "";

	snprintf(path, sizeof(path), "%s/etc/osdfarm.conf", top ? top : "../..");
	conf_farm_defaults(&c);
	ck_assert_msg(conf_farm_load(&c, path, err, sizeof(err)) == 0, "%s", err);
	/* The sample documents the defaults: loading it changes nothing. */
	assert_defaults(&c);
	conf_farm_free(&c);
}
END_TEST

START_TEST(empty_is_defaults)
{
	struct conf_farm c;
	char err[256];

	ck_assert_int_eq(load(&c, "# nothing\n", err, sizeof(err)), 0);
	assert_defaults(&c);
	conf_farm_free(&c);
}
END_TEST

START_TEST(every_setting)
{
	struct conf_farm c;
	char err[256];
	int r;

	r = load(&c,
		 "cluster = \"prod\";\n"
		 "ceph_conf = \"/srv/$cluster/ceph.conf\";\n"
		 "cpus = [2, 3, 5];\n"
		 "run_dir = \"/run/of-${cluster}\";\n"
		 "data_dir = \"/data/$cluster/x\";\n"
		 "osd_ids = [10, 11, 12];\n"
		 "memstore_size = \"512M\";\n"
		 "respawn = { backoff_min_ms = 10; backoff_max_ms = 20;\n"
		 "  crash_limit = 0; crash_window_s = 60; };\n"
		 "log = { target = \"file\"; file = \"/tmp/$cluster.log\";\n"
		 "  levels = { debug_ms = 5; osd = 20; memstore = 1; }; };\n",
		 err, sizeof(err));
	ck_assert_msg(r == 0, "%s", err);
	ck_assert_str_eq(c.cluster, "prod");
	ck_assert_str_eq(c.ceph_conf, "/srv/prod/ceph.conf");
	ck_assert_str_eq(c.run_dir, "/run/of-prod");
	ck_assert_str_eq(c.data_dir, "/data/prod/x");
	ck_assert_uint_eq(c.ncpus, 3);
	ck_assert_int_eq(c.cpus[0], 2);
	ck_assert_int_eq(c.cpus[2], 5);
	ck_assert_uint_eq(c.nosd_ids, 3);
	ck_assert_int_eq(c.osd_ids[1], 11);
	ck_assert_uint_eq(conf_farm_osd_count(&c), 3);
	ck_assert_uint_eq(c.memstore_size, 512ULL << 20);
	ck_assert_uint_eq(c.respawn.backoff_min_ms, 10);
	ck_assert_uint_eq(c.respawn.backoff_max_ms, 20);
	ck_assert_uint_eq(c.respawn.crash_limit, 0);
	ck_assert_uint_eq(c.respawn.crash_window_s, 60);
	ck_assert_int_eq(c.log.target, CONF_LOG_FILE);
	ck_assert_str_eq(c.log.file, "/tmp/prod.log");
	ck_assert_int_eq(c.log.levels[LOG_MS], 5);
	ck_assert_int_eq(c.log.levels[LOG_OSD], 20);
	ck_assert_int_eq(c.log.levels[LOG_OS], 1);
	ck_assert_int_eq(c.log.levels[LOG_AUTHN], -1);
	conf_farm_free(&c);

	/* Integer byte counts, 64-bit ones too, and the other targets. */
	r = load(&c, "memstore_size = 8589934592L; osds = 4;\n"
		 "log = { target = \"journal\"; };\n", err, sizeof(err));
	ck_assert_msg(r == 0, "%s", err);
	ck_assert_uint_eq(c.memstore_size, 8ULL << 30);
	ck_assert_uint_eq(conf_farm_osd_count(&c), 4);
	ck_assert_int_eq(c.log.target, CONF_LOG_JOURNAL);
	conf_farm_free(&c);

	r = load(&c, "memstore_size = 4096; log = { target = \"stderr\"; };\n",
		 err, sizeof(err));
	ck_assert_msg(r == 0, "%s", err);
	ck_assert_uint_eq(c.memstore_size, 4096);
	ck_assert_int_eq(c.log.target, CONF_LOG_STDERR);
	ck_assert_uint_ge(conf_farm_osd_count(&c), 1);
	conf_farm_free(&c);
}
END_TEST

/* Each bad file fails with "<path>:<line>: <substring>". */
static const struct bad_case {
	const char *text;
	int line;
	const char *what;
} bad_cases[] = {
	/* syntax (libconfig's own message) */
	{ "cluster = \"ceph\";\nosds = ;\n", 2, "syntax error" },
	{ "cluster = \"ceph\"\n\nosds 4;\n", 3, "syntax error" },
	/* unknown keys, at every level */
	{ "cluster = \"ceph\";\nosd = 4;\n", 2, "osd: unknown key" },
	{ "respawn = {\n  backoff_min_ms = 1;\n  backof_max_ms = 2;\n};\n", 3,
	  "respawn.backof_max_ms: unknown key" },
	{ "log = {\n target = \"file\";\n levels = {\n  debug_msgr = 1; }; };\n", 4,
	  "unknown log subsystem" },
	{ "log = { filename = \"x\"; };\n", 1, "log.filename: unknown key" },
	/* wrong types */
	{ "\n\nosds = \"4\";\n", 3, "osds: expected an integer" },
	{ "cluster = 5;\n", 1, "cluster: expected a string" },
	{ "cluster = \"\";\n", 1, "must not be empty" },
	{ "cpus = 3;\n", 1, "expected a list" },
	{ "cpus = (0, \"1\");\n", 1, "cpus[1]: expected an integer" },
	{ "cpus = [0, \"1\"];\n", 1, "mismatched element type" },
	{ "respawn = 5;\n", 1, "respawn: expected a group" },
	{ "log = { levels = { ms = \"high\"; }; };\n", 1, "log.levels.ms: expected an integer" },
	{ "log = { levels = [1]; };\n", 1, "expected a group" },
	{ "memstore_size = true;\n", 1, "memstore_size: expected a size" },
	/* bad values */
	{ "osds = -1;\n", 1, "out of range" },
	{ "osds = 100000;\n", 1, "out of range" },
	{ "cpus = [];\n", 1, "empty list" },
	{ "cpus = [0, 1, 0];\n", 1, "cpus[2]: 0 is listed twice" },
	{ "osd_ids = [-3];\n", 1, "out of range" },
	{ "memstore_size = \"1X\";\n", 1, "is not a size" },
	{ "memstore_size = \"lots\";\n", 1, "is not a size" },
	{ "memstore_size = \"99999999999E\";\n", 1, "too large" },
	{ "memstore_size = 0;\n", 1, "must be positive" },
	{ "log = { levels = { ms = 31; }; };\n", 1, "out of range" },
	{ "log = { target = \"syslog\"; };\n", 1, "is not one of" },
	{ "cluster = \"a/b\";\n", 1, "plain name" },
	{ "respawn = {\n backoff_min_ms = 5000;\n backoff_max_ms = 100; };\n", 1,
	  "above backoff_max_ms" },
	/* inconsistent counts */
	{ "osds = 2;\ncpus = [0, 1, 2];\n", 2, "set one of them" },
	{ "cpus = [0, 1];\nosd_ids = [7];\n", 2, "osd_ids lists 1 ids but cpus lists 2" },
	{ "osds = 3;\nosd_ids = [7];\n", 2, "osd_ids lists 1 ids but osds = 3" },
};

START_TEST(errors_name_file_and_line)
{
	const struct bad_case *bc = &bad_cases[_i];
	struct conf_farm c;
	char err[512], want[256];
	int r;

	r = load(&c, bc->text, err, sizeof(err));
	ck_assert_msg(r == -EINVAL, "case %d: r=%d err=%s", _i, r, err);
	snprintf(want, sizeof(want), "%s/osdfarm.conf:%d: ", tmpdir, bc->line);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0,
		      "case %d: want prefix '%s', got '%s'", _i, want, err);
	ck_assert_msg(strstr(err, bc->what) != NULL,
		      "case %d: want '%s' in '%s'", _i, bc->what, err);
	conf_farm_free(&c);
}
END_TEST

START_TEST(missing_file)
{
	struct conf_farm c;
	char err[256], p[160];

	conf_farm_defaults(&c);
	snprintf(p, sizeof(p), "%s/nope.conf", tmpdir);
	ck_assert_int_eq(conf_farm_load(&c, p, err, sizeof(err)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err, "nope.conf"));
	assert_defaults(&c);
	conf_farm_free(&c);
}
END_TEST

START_TEST(include_relative_to_file)
{
	struct conf_farm c;
	char err[256];
	int r;

	write_file("more.conf", "osds = 7;\n");
	r = load(&c, "cluster = \"x\";\n@include \"more.conf\"\n", err, sizeof(err));
	ck_assert_msg(r == 0, "%s", err);
	ck_assert_uint_eq(c.osds, 7);
	/* Paths left at their defaults follow the cluster name. */
	ck_assert_str_eq(c.ceph_conf, "/etc/ceph/x.conf");
	ck_assert_str_eq(c.data_dir, "/var/lib/osdfarm/x");
	ck_assert_str_eq(c.log.file, "/var/log/osdfarm/x.log");
	conf_farm_free(&c);

	/* An error inside the included file names that file. */
	write_file("more.conf", "\nosds = \"x\";\n");
	r = load(&c, "@include \"more.conf\"\n", err, sizeof(err));
	ck_assert_int_eq(r, -EINVAL);
	ck_assert_msg(strstr(err, "more.conf:2: osds: expected an integer") != NULL, "%s", err);
	conf_farm_free(&c);
}
END_TEST

START_TEST(load_string)
{
	struct conf_farm c;
	char err[256];

	conf_farm_defaults(&c);
	ck_assert_int_eq(conf_farm_load_string(&c, "osds = 2;\nbogus = 1;\n", "inline",
					       err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "inline:2: bogus: unknown key");
	conf_farm_free(&c);
	conf_farm_defaults(&c);
	ck_assert_int_eq(conf_farm_load_string(&c, "osds = 2;\n", "inline", err,
					       sizeof(err)), 0);
	ck_assert_uint_eq(c.osds, 2);
	conf_farm_free(&c);
}
END_TEST

START_TEST(sizes)
{
	static const struct {
		const char *s;
		int r;
		uint64_t v;
	} t[] = {
		{ "0", 0, 0 }, { "4096", 0, 4096 }, { "1K", 0, 1024 }, { "1k", 0, 1024 },
		{ "2M", 0, 2 << 20 }, { "1G", 0, 1ULL << 30 }, { "1GiB", 0, 1ULL << 30 },
		{ "1GB", 0, 1ULL << 30 }, { "3T", 0, 3ULL << 40 }, { "100B", 0, 100 },
		{ " 5 M ", 0, 5 << 20 }, { "16E", -ERANGE, 0 }, { "15E", 0, 15ULL << 60 },
		{ "99999999999999999999", -ERANGE, 0 }, { "", -EINVAL, 0 },
		{ "G", -EINVAL, 0 }, { "-1", -EINVAL, 0 }, { "1Q", -EINVAL, 0 },
		{ "1 G x", -EINVAL, 0 }, { "1.5G", -EINVAL, 0 }, { "1iG", -EINVAL, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint64_t v = 12345;
		int r = conf_parse_size(t[i].s, &v);

		ck_assert_msg(r == t[i].r, "'%s': r=%d", t[i].s, r);
		if (r == 0)
			ck_assert_msg(v == t[i].v, "'%s': %llu", t[i].s, (unsigned long long)v);
	}
	ck_assert_int_eq(conf_parse_size(NULL, &(uint64_t){ 0 }), -EINVAL);
}
END_TEST

START_TEST(expand_cluster)
{
	char *s;

	s = conf_expand_cluster("/a/$cluster/${cluster}.conf $clusterx $other", "c1");
	ck_assert_str_eq(s, "/a/c1/c1.conf $clusterx $other");
	free(s);
}
END_TEST

START_TEST(apply_log)
{
	struct conf_farm c;
	char err[256], p[160];

	snprintf(p, sizeof(p), "%s/x.log", tmpdir);
	conf_farm_defaults(&c);
	free(c.log.file);
	c.log.file = strdup(p);
	c.log.target = CONF_LOG_FILE;
	c.log.levels[LOG_MS] = 7;
	log_levels[LOG_OSD] = 3;
	ck_assert_int_eq(conf_farm_apply_log(&c, "osd.9"), 0);
	ck_assert_int_eq(log_levels[LOG_MS], 7);
	ck_assert_int_eq(log_levels[LOG_OSD], 3);       /* unset here: untouched */
	log_info(LOG_OSD, "hello");
	ck_assert_int_eq(access(p, F_OK), 0);
	ck_assert_int_eq(log_open(LOG_TO_STDERR, NULL), 0);
	(void)err;
	conf_farm_free(&c);
}
END_TEST

static Suite *
conf_suite(void)
{
	Suite *s = suite_create("conf");
	TCase *tc = tcase_create("conf");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, sample_is_defaults);
	tcase_add_test(tc, empty_is_defaults);
	tcase_add_test(tc, every_setting);
	tcase_add_loop_test(tc, errors_name_file_and_line, 0,
			    sizeof(bad_cases) / sizeof(bad_cases[0]));
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, include_relative_to_file);
	tcase_add_test(tc, load_string);
	tcase_add_test(tc, sizes);
	tcase_add_test(tc, expand_cluster);
	tcase_add_test(tc, apply_log);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(conf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
