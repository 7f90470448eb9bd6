/*
 * perf_test.c — perf counters: increments, averages, histogram buckets,
 * reset, and JSON in the exact shape of Ceph's `perf dump` / `perf schema`
 * (the strings of src/test/perf_counters.cc), checked for validity by a
 * small JSON parser here and, when present, by /usr/bin/python3.
 */
#include "config.h"

#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/perf.h"

/* ---- a strict little JSON validator (RFC 8259 grammar, no semantics) ---- */

static const char *jv(const char *p, int depth);

static const char *
jws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *
jstring(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!isxdigit((unsigned char)p[i]))
						return NULL;
				p += 4;
			} else if (!strchr("\"\\/bfnrt", *p) || *p == '\0') {
				return NULL;
			}
		}
		p++;
	}
	return p + 1;
}

static const char *
jnumber(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (isdigit((unsigned char)*p))
		while (isdigit((unsigned char)*p))
			p++;
	else
		return NULL;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return NULL;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return NULL;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return p;
}

static const char *
jv(const char *p, int depth)
{
	if (depth > 64)
		return NULL;
	p = jws(p);
	if (*p == '{' || *p == '[') {
		char close = *p == '{' ? '}' : ']';
		int obj = *p == '{';

		p = jws(p + 1);
		if (*p == close)
			return p + 1;
		for (;;) {
			if (obj) {
				if ((p = jstring(jws(p))) == NULL)
					return NULL;
				p = jws(p);
				if (*p++ != ':')
					return NULL;
			}
			if ((p = jv(p, depth + 1)) == NULL)
				return NULL;
			p = jws(p);
			if (*p == close)
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	}
	if (*p == '"')
		return jstring(p);
	if (strncmp(p, "true", 4) == 0 || strncmp(p, "null", 4) == 0)
		return p + 4;
	if (strncmp(p, "false", 5) == 0)
		return p + 5;
	return jnumber(p);
}

static int
json_valid(const char *s)
{
	const char *end = jv(s, 0);

	return end != NULL && *jws(end) == '\0';
}

/* When Debian's python3 is there, let json.tool have a look too. */
static void
python_accepts(const char *json)
{
	char path[] = "/tmp/osdfarm-perf-XXXXXX", cmd[256];
	FILE *f;
	int fd, r;

	if (access("/usr/bin/python3", X_OK) != 0)
		return;
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs(json, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 -m json.tool %s >/dev/null", path);
	r = system(cmd);
	unlink(path);
	ck_assert_msg(r == 0, "python3 json.tool rejected: %s", json);
}

START_TEST(validator_works)
{
	ck_assert(json_valid("{}"));
	ck_assert(json_valid("{\"a\":[1,2.5,-3e2,\"x\\n\\u00e9\",true,null,{}]}"));
	ck_assert(!json_valid("{"));
	ck_assert(!json_valid("{\"a\":1,}"));
	ck_assert(!json_valid("{\"a\":01}"));
	ck_assert(!json_valid("{\"a\":1.}"));
	ck_assert(!json_valid("{a:1}"));
	ck_assert(!json_valid("{\"a\":1}x"));
	ck_assert(!json_valid("\"\x01\""));
}
END_TEST

/* ---- the counters of Ceph's own unit test ---- */

enum { T_ELEMENT1, T_ELEMENT2, T_ELEMENT3, T_LAST };
static const struct perf_def test_defs[T_LAST] = {
	[T_ELEMENT1] = PERF_DEF_(("element1"), NULL, NULL, PERF_T_U64, 0, PERF_UNIT_NONE),
	[T_ELEMENT2] = PERF_DEF_(("element2"), NULL, NULL, PERF_T_TIME, 0, PERF_UNIT_NONE),
	[T_ELEMENT3] = PERF_DEF_(("element3"), NULL, NULL,
				 PERF_T_TIME | PERF_T_LONGRUNAVG, 0, PERF_UNIT_NONE),
};

START_TEST(ceph_test_strings)
{
	struct perf_registry *r = perf_registry_new();
	struct perf_coll *c;
	char *s;
	size_t len;

	s = perf_dump(r, PERF_DUMP_VALUES, NULL, NULL, &len);
	ck_assert_str_eq(s, "{}");
	ck_assert_uint_eq(len, 2);
	free(s);

	c = perf_coll_create(r, "test_perfcounter_1", test_defs, T_LAST);
	ck_assert_ptr_nonnull(c);
	perf_inc(c, T_ELEMENT1);
	perf_set(c, T_ELEMENT2, 500000000);     /* 0.5 s */
	perf_tinc(c, T_ELEMENT3, 100ULL * 1000000000);
	s = perf_dump(r, PERF_DUMP_VALUES, NULL, NULL, &len);
	ck_assert_str_eq(s, "{\"test_perfcounter_1\":{\"element1\":1,"
			 "\"element2\":0.500000000,\"element3\":{\"avgcount\":1,"
			 "\"sum\":100.000000000,\"avgtime\":100.000000000}}}");
	ck_assert_uint_eq(len, strlen(s));
	ck_assert(json_valid(s));
	free(s);

	s = perf_dump(r, PERF_DUMP_SCHEMA, NULL, NULL, NULL);
	ck_assert_str_eq(s, "{\"test_perfcounter_1\":{"
		"\"element1\":{\"type\":2,\"metric_type\":\"gauge\",\"value_type\":\"integer\","
		"\"description\":\"\",\"nick\":\"\",\"priority\":0,\"units\":\"none\"},"
		"\"element2\":{\"type\":1,\"metric_type\":\"gauge\",\"value_type\":\"real\","
		"\"description\":\"\",\"nick\":\"\",\"priority\":0,\"units\":\"none\"},"
		"\"element3\":{\"type\":5,\"metric_type\":\"gauge\","
		"\"value_type\":\"real-integer-pair\","
		"\"description\":\"\",\"nick\":\"\",\"priority\":0,\"units\":\"none\"}}}");
	ck_assert(json_valid(s));
	python_accepts(s);
	free(s);
	perf_registry_free(r);
}
END_TEST

/* ---- an OSD-like collection ---- */

enum {
	L_OP_WIP, L_OP, L_OP_IN_BYTES, L_OP_LAT, L_OP_SIZE_AVG, L_OP_HIST, L_LAST
};
static const struct perf_def osd_defs[L_LAST] = {
	[L_OP_WIP] = PERF_DEF_GAUGE("op_wip", NULL, "Replication operations currently being processed"),
	[L_OP] = PERF_DEF_COUNTER("op", "ops", "Client operations"),
	[L_OP_IN_BYTES] = PERF_DEF_COUNTER_BYTES("op_in_bytes", "wr", "Client \"operations\" \\ total write size"),
	[L_OP_LAT] = PERF_DEF_TIME_AVG("op_latency", "lat", "Latency of client operations"),
	[L_OP_SIZE_AVG] = PERF_DEF_U64_AVG("op_size", NULL, "Average op size"),
	[L_OP_HIST] = PERF_DEF_HIST("op_latency_us", NULL, "Latency histogram (us)"),
};

START_TEST(counters_and_averages)
{
	struct perf_registry *r = perf_registry_new();
	struct perf_coll *c = perf_coll_create(r, "osd", osd_defs, L_LAST);
	char *s;

	perf_inc(c, L_OP);
	perf_inc(c, L_OP);
	perf_add(c, L_OP, 8);
	perf_add(c, L_OP_IN_BYTES, 4096);
	perf_set(c, L_OP_WIP, 7);
	perf_dec(c, L_OP_WIP, 2);
	perf_tinc(c, L_OP_LAT, 1500);           /* 1.5 µs */
	perf_tinc(c, L_OP_LAT, 2500);
	perf_tinc(c, L_OP_LAT, 3000000001ULL);  /* 3 s + 1 ns */
	perf_avg_add(c, L_OP_SIZE_AVG, 4096);
	perf_avg_add(c, L_OP_SIZE_AVG, 8192);
	ck_assert_uint_eq(perf_get(c, L_OP), 10);
	ck_assert_uint_eq(perf_get(c, L_OP_WIP), 5);

	s = perf_dump(r, PERF_DUMP_VALUES, NULL, NULL, NULL);
	/* avgtime = 3000004001 / 3 = 1000001333 ns */
	ck_assert_str_eq(s, "{\"osd\":{\"op_wip\":5,\"op\":10,\"op_in_bytes\":4096,"
			 "\"op_latency\":{\"avgcount\":3,\"sum\":3.000004001,"
			 "\"avgtime\":1.000001333},"
			 "\"op_size\":{\"avgcount\":2,\"sum\":12288}}}");
	ck_assert(json_valid(s));
	python_accepts(s);
	free(s);

	/* schema: type bits, counter/gauge, units, escaped description */
	s = perf_dump(r, PERF_DUMP_SCHEMA, "osd", "op_in_bytes", NULL);
	ck_assert_str_eq(s, "{\"osd\":{\"op_in_bytes\":{\"type\":10,\"metric_type\":\"counter\","
			 "\"value_type\":\"integer\","
			 "\"description\":\"Client \\\"operations\\\" \\\\ total write size\","
			 "\"nick\":\"wr\",\"priority\":5,\"units\":\"bytes\"}}}");
	ck_assert(json_valid(s));
	free(s);
	s = perf_dump(r, PERF_DUMP_SCHEMA, NULL, NULL, NULL);
	ck_assert(json_valid(s));
	ck_assert_ptr_nonnull(strstr(s, "\"op_size\":{\"type\":6,\"metric_type\":\"gauge\","
				     "\"value_type\":\"integer-integer-pair\""));
	ck_assert_ptr_nonnull(strstr(s, "\"op_latency\":{\"type\":5,"));
	ck_assert_ptr_null(strstr(s, "op_latency_us"));        /* histograms apart */
	python_accepts(s);
	free(s);
	perf_registry_free(r);
}
END_TEST

START_TEST(histogram_buckets)
{
	struct perf_registry *r = perf_registry_new();
	struct perf_coll *c = perf_coll_create(r, "osd", osd_defs, L_LAST);
	char *s;

	ck_assert_uint_eq(perf_hist_bucket(0), 0);
	ck_assert_uint_eq(perf_hist_bucket(1), 1);
	ck_assert_uint_eq(perf_hist_bucket(2), 2);
	ck_assert_uint_eq(perf_hist_bucket(3), 2);
	ck_assert_uint_eq(perf_hist_bucket(4), 3);
	ck_assert_uint_eq(perf_hist_bucket(1023), 10);
	ck_assert_uint_eq(perf_hist_bucket(1024), 11);
	ck_assert_uint_eq(perf_hist_bucket((1ULL << 30) - 1), 30);
	ck_assert_uint_eq(perf_hist_bucket(1ULL << 30), 31);
	ck_assert_uint_eq(perf_hist_bucket(UINT64_MAX), PERF_HIST_BUCKETS - 1);

	perf_hinc(c, L_OP_HIST, 0);
	perf_hinc(c, L_OP_HIST, 3);
	perf_hinc(c, L_OP_HIST, 3);
	perf_hinc(c, L_OP_HIST, 1000);
	perf_hinc(c, L_OP_HIST, UINT64_MAX / 2);
	ck_assert_uint_eq(c->vals[L_OP_HIST].hist[0], 1);
	ck_assert_uint_eq(c->vals[L_OP_HIST].hist[2], 2);
	ck_assert_uint_eq(c->vals[L_OP_HIST].hist[10], 1);
	ck_assert_uint_eq(c->vals[L_OP_HIST].hist[PERF_HIST_BUCKETS - 1], 1);
	ck_assert_uint_eq(c->vals[L_OP_HIST].count, 5);

	/* Not in perf dump; in the histogram dump alone. */
	s = perf_dump(r, PERF_DUMP_VALUES, NULL, NULL, NULL);
	ck_assert_ptr_null(strstr(s, "op_latency_us"));
	free(s);
	s = perf_dump(r, PERF_DUMP_HISTOGRAMS, NULL, NULL, NULL);
	ck_assert(json_valid(s));
	python_accepts(s);
	ck_assert_ptr_nonnull(strstr(s, "{\"osd\":{\"op_latency_us\":{\"axes\":[{"));
	ck_assert_ptr_nonnull(strstr(s, "\"ranges\":[{\"min\":0,\"max\":0},{\"min\":1,\"max\":1},"
				     "{\"min\":2,\"max\":3},{\"min\":4,\"max\":7},"));
	ck_assert_ptr_nonnull(strstr(s, ",{\"min\":1073741824}]"));
	ck_assert_ptr_nonnull(strstr(s, "\"avgcount\":5,"));
	ck_assert_ptr_nonnull(strstr(s, "\"values\":[1,0,2,0,0,0,0,0,0,0,1,0,"));
	ck_assert_ptr_nonnull(strstr(s, ",0,1]}}}"));
	ck_assert_ptr_null(strstr(s, "\"op\":"));
	free(s);
	perf_registry_free(r);
}
END_TEST

START_TEST(reset)
{
	struct perf_registry *r = perf_registry_new();
	struct perf_coll *c = perf_coll_create(r, "osd", osd_defs, L_LAST);
	struct perf_coll *t = perf_coll_create(r, "test", test_defs, T_LAST);

	perf_set(c, L_OP_WIP, 3);
	perf_inc(c, L_OP);
	perf_tinc(c, L_OP_LAT, 5);
	perf_hinc(c, L_OP_HIST, 5);
	perf_inc(t, T_ELEMENT1);
	perf_set(t, T_ELEMENT2, 9);

	ck_assert_int_eq(perf_reset(r, "nosuch"), -ENOENT);
	ck_assert_int_eq(perf_reset(r, "osd"), 0);
	/* Gauges keep their level; counters, averages and histograms go to zero. */
	ck_assert_uint_eq(perf_get(c, L_OP_WIP), 3);
	ck_assert_uint_eq(perf_get(c, L_OP), 0);
	ck_assert_uint_eq(c->vals[L_OP_LAT].v, 0);
	ck_assert_uint_eq(c->vals[L_OP_LAT].count, 0);
	ck_assert_uint_eq(c->vals[L_OP_HIST].hist[3], 0);
	ck_assert_uint_eq(c->vals[L_OP_HIST].count, 0);
	/* the other collection untouched; "all" reaches it */
	ck_assert_uint_eq(perf_get(t, T_ELEMENT1), 1);
	ck_assert_int_eq(perf_reset(r, "all"), 0);
	ck_assert_uint_eq(perf_get(t, T_ELEMENT1), 1);  /* plain u64 gauge */
	ck_assert_uint_eq(perf_get(t, T_ELEMENT2), 9);  /* time value */
	perf_registry_free(r);
}
END_TEST

START_TEST(registry_and_filters)
{
	struct perf_registry *r = perf_registry_new();
	struct perf_coll *w1, *w0, *osd;
	char *s;

	w1 = perf_coll_create(r, "AsyncMessenger::Worker-1", test_defs, 1);
	osd = perf_coll_create(r, "osd", osd_defs, 2);
	w0 = perf_coll_create(r, "AsyncMessenger::Worker-0", test_defs, 1);
	ck_assert_ptr_nonnull(w0);
	ck_assert_ptr_null(perf_coll_create(r, "osd", osd_defs, 2));    /* taken */
	ck_assert_ptr_eq(perf_coll_find(r, "osd"), osd);
	ck_assert_ptr_eq(perf_coll_find(r, "AsyncMessenger::Worker-1"), w1);
	ck_assert_ptr_null(perf_coll_find(r, "os"));
	perf_add(w1, T_ELEMENT1, 11);

	/* sorted by name, whatever the creation order */
	s = perf_dump(r, PERF_DUMP_VALUES, NULL, NULL, NULL);
	ck_assert_str_eq(s, "{\"AsyncMessenger::Worker-0\":{\"element1\":0},"
			 "\"AsyncMessenger::Worker-1\":{\"element1\":11},"
			 "\"osd\":{\"op_wip\":0,\"op\":0}}");
	free(s);
	s = perf_dump(r, PERF_DUMP_VALUES, "osd", "op", NULL);
	ck_assert_str_eq(s, "{\"osd\":{\"op\":0}}");
	free(s);
	s = perf_dump(r, PERF_DUMP_VALUES, "osd", "nosuch", NULL);
	ck_assert_str_eq(s, "{\"osd\":{}}");
	free(s);
	s = perf_dump(r, PERF_DUMP_VALUES, "nosuch", NULL, NULL);
	ck_assert_str_eq(s, "{}");
	free(s);

	perf_coll_destroy(r, w1);
	ck_assert_ptr_null(perf_coll_find(r, "AsyncMessenger::Worker-1"));
	s = perf_dump(r, PERF_DUMP_VALUES, NULL, NULL, NULL);
	ck_assert_str_eq(s, "{\"AsyncMessenger::Worker-0\":{\"element1\":0},"
			 "\"osd\":{\"op_wip\":0,\"op\":0}}");
	free(s);
	/* A name needing escapes stays valid JSON. */
	ck_assert_ptr_nonnull(perf_coll_create(r, "we\"ird\\\n", test_defs, 1));
	s = perf_dump(r, PERF_DUMP_SCHEMA, NULL, NULL, NULL);
	ck_assert(json_valid(s));
	ck_assert_ptr_nonnull(strstr(s, "\"we\\\"ird\\\\\\u000a\":"));
	free(s);
	/* An empty collection */
	ck_assert_ptr_nonnull(perf_coll_create(r, "empty", NULL, 0));
	s = perf_dump(r, PERF_DUMP_VALUES, "empty", NULL, NULL);
	ck_assert_str_eq(s, "{\"empty\":{}}");
	free(s);
	perf_registry_free(r);
}
END_TEST

START_TEST(many_collections)
{
	struct perf_registry *r = perf_registry_new();
	char name[32], *s;
	int i;

	for (i = 99; i >= 0; i--) {
		snprintf(name, sizeof(name), "c%02d", i);
		ck_assert_ptr_nonnull(perf_coll_create(r, name, osd_defs, L_LAST));
	}
	for (i = 0; i < 100; i += 2) {
		snprintf(name, sizeof(name), "c%02d", i);
		perf_coll_destroy(r, perf_coll_find(r, name));
	}
	s = perf_dump(r, PERF_DUMP_VALUES, NULL, NULL, NULL);
	ck_assert(json_valid(s));
	ck_assert_ptr_null(strstr(s, "\"c00\""));
	ck_assert_ptr_nonnull(strstr(s, "{\"c01\":"));
	ck_assert(strstr(s, "\"c97\"") < strstr(s, "\"c99\""));
	free(s);
	perf_registry_free(r);
}
END_TEST

static Suite *
perf_suite(void)
{
	Suite *s = suite_create("perf");
	TCase *tc = tcase_create("perf");

	tcase_add_test(tc, validator_works);
	tcase_add_test(tc, ceph_test_strings);
	tcase_add_test(tc, counters_and_averages);
	tcase_add_test(tc, histogram_buckets);
	tcase_add_test(tc, reset);
	tcase_add_test(tc, registry_and_filters);
	tcase_add_test(tc, many_collections);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(perf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
