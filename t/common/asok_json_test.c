/*
 * asok_json_test.c — the admin socket's JSON: the strict command-map
 * parser (accepted shapes, malformed input, bounds), the reply writer and
 * the json-pretty layout of Ceph's formatter.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/asok_json.h"

static int
parse(const char *s, struct asok_jmap *m)
{
	char err[128];

	return asok_jmap_parse(s, strlen(s), m, err, sizeof(err));
}

START_TEST(json_parses_command_maps)
{
	struct asok_jmap m;
	const struct asok_jfield *f;

	ck_assert_int_eq(parse(" {\"prefix\": \"config set\", \"var\":\"debug_ms\",\n"
			       "\"val\": [\"5\", \"x\\ty\"], \"n\": -12, \"d\": 1.5e3,"
			       " \"b\": true, \"e\": [] } ", &m), 0);
	ck_assert_uint_eq(m.n, 7);
	f = asok_jmap_get(&m, "prefix");
	ck_assert_int_eq(f->type, ASOK_J_STR);
	ck_assert_str_eq(f->str, "config set");
	f = asok_jmap_get(&m, "val");
	ck_assert_int_eq(f->type, ASOK_J_ARRAY);
	ck_assert_int_eq(f->item_type, ASOK_J_STR);
	ck_assert_uint_eq(f->nitems, 2);
	ck_assert_str_eq(f->items[1], "x\ty");
	f = asok_jmap_get(&m, "n");
	ck_assert_int_eq(f->type, ASOK_J_INT);
	ck_assert_int_eq(f->i, -12);
	f = asok_jmap_get(&m, "d");
	ck_assert_int_eq(f->type, ASOK_J_FLOAT);
	ck_assert(f->d == 1500.0);
	ck_assert(asok_jmap_get(&m, "b")->b);
	ck_assert_uint_eq(asok_jmap_get(&m, "e")->nitems, 0);
	ck_assert_ptr_null(asok_jmap_get(&m, "nope"));
	asok_jmap_free(&m);

	/* escapes: \u to UTF-8, surrogate pairs, \/ */
	ck_assert_int_eq(parse("{\"k\":\"\\u00e9\\/\\ud83d\\ude00\\\"\"}", &m), 0);
	ck_assert_str_eq(asok_jmap_get(&m, "k")->str, "\xc3\xa9/\xf0\x9f\x98\x80\"");
	asok_jmap_free(&m);
	ck_assert_int_eq(parse("{}", &m), 0);
	ck_assert_uint_eq(m.n, 0);
	asok_jmap_free(&m);
	/* numbers too big for int64 are kept as floats */
	ck_assert_int_eq(parse("{\"k\":99999999999999999999,\"a\":[1,2.5]}", &m), 0);
	ck_assert_int_eq(asok_jmap_get(&m, "k")->type, ASOK_J_FLOAT);
	ck_assert_int_eq(asok_jmap_get(&m, "a")->item_type, ASOK_J_FLOAT);
	asok_jmap_free(&m);
}
END_TEST

START_TEST(json_rejects_malformed)
{
	static const char *const bad[] = {
		"", "   ", "[\"version\"]", "\"x\"", "{", "{\"a\"}", "{\"a\":}",
		"{\"a\":1,}", "{,}", "{\"a\":1 \"b\":2}", "{\"a\":{\"b\":1}}",
		"{\"a\":null}", "{\"a\":[[1]]}", "{\"a\":[\"x\",1]}", "{\"a\":[1,]}",
		"{\"a\":\"unterminated}", "{\"a\":\"bad \\q escape\"}",
		"{\"a\":\"\\u12\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}",
		"{\"a\":\"\\u0000\"}", "{\"a\":\"ctl \x01\"}", "{\"a\":01}", "{\"a\":-}",
		"{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":tru}", "{\"a\":True}",
		"{\"a\":1}garbage", "{\"a\":1}{}", "{\"a\":1,\"a\":2}", "{a:1}",
		"{\"a\":\"x\\",
	};
	struct asok_jmap m;
	char err[128];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ck_assert_msg(asok_jmap_parse(bad[i], strlen(bad[i]), &m, err, sizeof(err)) ==
			      -EINVAL, "accepted: %s", bad[i]);
		ck_assert(err[0] != '\0');
		ck_assert_uint_eq(m.n, 0);
		ck_assert_ptr_null(m.f);
	}
	/* length is honoured: bytes past len are not read */
	ck_assert_int_eq(asok_jmap_parse("{\"a\":1}xyz", 7, &m, err, sizeof(err)), 0);
	asok_jmap_free(&m);
	ck_assert_int_eq(asok_jmap_parse("{\"a\":\"b\"}", 6, &m, err, sizeof(err)), -EINVAL);
}
END_TEST

START_TEST(json_bounds)
{
	struct asok_out o;
	struct asok_jmap m;
	char key[16];
	unsigned i;

	/* more members than ASOK_JSON_MAX_FIELDS */
	asok_out_init(&o);
	asok_out_open_object(&o, NULL);
	for (i = 0; i <= ASOK_JSON_MAX_FIELDS; i++) {
		snprintf(key, sizeof(key), "k%u", i);
		asok_out_uint(&o, key, i);
	}
	asok_out_close_object(&o);
	ck_assert_int_eq(asok_jmap_parse(o.buf, o.len, &m, NULL, 0), -EINVAL);
	/* more array elements than ASOK_JSON_MAX_ITEMS */
	asok_out_reset(&o);
	asok_out_open_object(&o, NULL);
	asok_out_open_array(&o, "a");
	for (i = 0; i <= ASOK_JSON_MAX_ITEMS; i++)
		asok_out_string(&o, NULL, "x");
	asok_out_close_array(&o);
	asok_out_close_object(&o);
	ck_assert_int_eq(asok_jmap_parse(o.buf, o.len, &m, NULL, 0), -EINVAL);
	asok_out_free(&o);
}
END_TEST

START_TEST(json_writer_and_pretty)
{
	struct asok_out o;
	size_t n;
	char *p;

	asok_out_init(&o);
	asok_out_open_object(&o, NULL);
	asok_out_string(&o, "s", "a\"b\\c\n");
	asok_out_int(&o, "i", -3);
	asok_out_uint(&o, "u", 18446744073709551615ull);
	asok_out_bool(&o, "t", true);
	asok_out_open_array(&o, "ops");
	asok_out_close_array(&o);
	asok_out_open_array(&o, "l");
	asok_out_string(&o, NULL, "x");
	asok_out_open_object(&o, NULL);
	asok_out_close_object(&o);
	asok_out_json(&o, NULL, "{\"k\":1}", 7);
	asok_out_close_array(&o);
	asok_out_close_object(&o);
	ck_assert_str_eq(o.buf, "{\"s\":\"a\\\"b\\\\c\\u000a\",\"i\":-3,"
			 "\"u\":18446744073709551615,\"t\":true,\"ops\":[],"
			 "\"l\":[\"x\",{},{\"k\":1}]}");

	/* Ceph's json-pretty layout (what `ceph daemon` prints by default) */
	p = asok_json_pretty(o.buf, o.len, &n);
	ck_assert_str_eq(p, "{\n"
			 "    \"s\": \"a\\\"b\\\\c\\u000a\",\n"
			 "    \"i\": -3,\n"
			 "    \"u\": 18446744073709551615,\n"
			 "    \"t\": true,\n"
			 "    \"ops\": [],\n"
			 "    \"l\": [\n"
			 "        \"x\",\n"
			 "        {},\n"
			 "        {\n"
			 "            \"k\": 1\n"
			 "        }\n"
			 "    ]\n"
			 "}\n");
	ck_assert_uint_eq(n, strlen(p));
	free(p);
	/* punctuation inside strings is left alone */
	p = asok_json_pretty("{\"a,b\":\"{[:]}\"}", 15, &n);
	ck_assert_str_eq(p, "{\n    \"a,b\": \"{[:]}\"\n}\n");
	free(p);
	p = asok_json_pretty("{}", 2, &n);
	ck_assert_str_eq(p, "{}\n");
	free(p);
	/* malformed input: bounded, no crash */
	p = asok_json_pretty("]]}\"abc", 7, &n);
	ck_assert_uint_eq(n, strlen(p));
	free(p);
	asok_out_free(&o);
}
END_TEST

static Suite *
asok_json_suite(void)
{
	Suite *s = suite_create("asok_json");
	TCase *tc = tcase_create("json");

	tcase_add_test(tc, json_parses_command_maps);
	tcase_add_test(tc, json_rejects_malformed);
	tcase_add_test(tc, json_bounds);
	tcase_add_test(tc, json_writer_and_pretty);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(asok_json_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
