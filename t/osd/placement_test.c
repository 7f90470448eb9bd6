/*
 * placement_test.c — object → PG → raw/up/acting against a live Ceph
 * 16.2.15 cluster's epoch 40: every `ceph osd map` answer in
 * t/vectors/mappings/osdmap_e40.objects.jsonl (raw hash, pgid, up, acting,
 * both primaries) and every PG line of `osdmaptool --test-map-pgs-dump-all`
 * (raw, up, acting with primaries). The map exercises upmap (2.0, 2.1),
 * primary_temp (2.3), EC pg_temp with NONE holes (3.1, 3.7), primary
 * affinity 0.5 on osd.1 and reweight 0.85 on osd.2. Plus the object-hash
 * primitives and the behaviour with missing pools and down OSDs.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "osd/crush.h"
#include "osd/osdmap.h"
#include "osd/pg_pool.h"
#include "osd/placement.h"
#include "osd/str_hash.h"
#include "t/osd/osd_test_util.h"

static struct osdmap map40;

static void
setup(void)
{
	size_t len;
	uint8_t *bytes = tu_read_vector("osdmap/osdmap_e40.bin", &len);

	ck_assert_ptr_nonnull(bytes);
	ck_assert_int_eq(osdmap_decode_bytes(bytes, len, &map40), 0);
	free(bytes);
}

static void
teardown(void)
{
	osdmap_free(&map40);
}

/* Values from vectors/crush/primitives.json (checked against Ceph's code). */
START_TEST(test_str_hash)
{
	static const struct {
		const char *s;
		uint32_t rj, lx;
	} v[] = {
		{ "", 3175731469u, 0 },
		{ "a", 703514648u, 17138 },
		{ "obj0", 725493332u, 28399679 },
		{ "hello_obj", 3898147683u, 1900191889 },
		{ "rbd_header.abcdef", 1315486386u, 3131256201u },
		{ "ns1\x1f" "obj0", 1660023750u, 3736388800u },
		{ "0123456789ab", 2465405648u, 2804865556u },
		{ "0123456789abc", 2294398249u, 788767534 },
	};
	char x100[101];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		ck_assert_uint_eq(ceph_str_hash_rjenkins(v[i].s, strlen(v[i].s)), v[i].rj);
		ck_assert_uint_eq(ceph_str_hash_linux(v[i].s, strlen(v[i].s)), v[i].lx);
		ck_assert_uint_eq(ceph_str_hash(STR_HASH_RJENKINS, v[i].s, strlen(v[i].s)), v[i].rj);
		ck_assert_uint_eq(ceph_str_hash(STR_HASH_LINUX, v[i].s, strlen(v[i].s)), v[i].lx);
	}
	memset(x100, 'x', 100);
	ck_assert_uint_eq(ceph_str_hash_rjenkins(x100, 100), 1876706028u);
	ck_assert_uint_eq(ceph_str_hash_linux(x100, 100), 2540503704u);
	ck_assert_uint_eq(ceph_str_hash(7, "a", 1), 0);
}
END_TEST

START_TEST(test_stable_mod)
{
	ck_assert_uint_eq(ceph_stable_mod(725493332u, 32, 31), 20);
	ck_assert_uint_eq(ceph_stable_mod(725493332u, 64, 63), 20);
	ck_assert_uint_eq(ceph_stable_mod(725493332u, 12, 15), 4);
	ck_assert_uint_eq(ceph_stable_mod(4294967295u, 12, 15), 7);
	ck_assert_uint_eq(ceph_stable_mod(5, 1, 0), 0);
	ck_assert_uint_eq(ceph_stable_mod(4660, 100, 127), 52);
	ck_assert_uint_eq(pg_pool_calc_mask(1), 0);
	ck_assert_uint_eq(pg_pool_calc_mask(12), 15);
	ck_assert_uint_eq(pg_pool_calc_mask(16), 15);
	ck_assert_uint_eq(pg_pool_calc_mask(17), 31);
}
END_TEST

static void
check_list(const char *what, const char *row, const int *got, int ngot, const int *want, int nwant)
{
	ck_assert_msg(ngot == nwant, "%s: %s count %d want %d", row, what, ngot, nwant);
	for (int i = 0; i < nwant; i++)
		ck_assert_msg(got[i] == want[i], "%s: %s[%d] = %d want %d", row, what, i,
			      got[i], want[i]);
}

/* Every `ceph osd map POOL OBJ [NS]` answer. */
START_TEST(test_objects)
{
	size_t len;
	char *text = (char *)tu_read_vector("mappings/osdmap_e40.objects.jsonl", &len);
	char *line, *save = NULL;
	int rows = 0;

	ck_assert_ptr_nonnull(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[512], rawpg[64], pgid[64], want_raw[64], want_pg[64];
		const char *obj, *ns = "";
		size_t nlen, l;
		long long pool, upp, actp;
		int up[16], act[16], nup, nact;
		struct pg raw, pg;
		struct pg_mapping mp;

		ck_assert_int_eq(tu_json_int(line, "pool_id", &pool), 0);
		ck_assert_int_eq(tu_json_str(line, "objname", name, sizeof(name), &nlen), 0);
		ck_assert_int_eq(tu_json_str(line, "raw_pgid", want_raw, sizeof(want_raw), &l), 0);
		ck_assert_int_eq(tu_json_str(line, "pgid", want_pg, sizeof(want_pg), &l), 0);
		ck_assert_int_eq(tu_json_int(line, "up_primary", &upp), 0);
		ck_assert_int_eq(tu_json_int(line, "acting_primary", &actp), 0);
		nup = tu_json_int_array(line, "up", up, 16);
		nact = tu_json_int_array(line, "acting", act, 16);
		ck_assert(nup >= 0 && nact >= 0);

		/* The lab put obj0..4 into namespaces ns1 and tenant_a, printed "NS/NAME". */
		obj = name;
		if (strncmp(name, "ns1/", 4) == 0 || strncmp(name, "tenant_a/", 9) == 0) {
			char *slash = strchr(name, '/');

			*slash = 0;
			ns = name;
			obj = slash + 1;
			nlen = strlen(obj);
		}
		ck_assert_int_eq(osdmap_object_to_pg(&map40, pool, obj, nlen, ns, strlen(ns),
						     NULL, 0, -1, &raw), 0);
		/* raw_pgid is printed without zero padding */
		snprintf(rawpg, sizeof(rawpg), "%llu.%x", (unsigned long long)raw.pool, raw.seed);
		ck_assert_msg(strcmp(rawpg, want_raw) == 0, "%s: raw %s want %s", line, rawpg, want_raw);
		ck_assert_int_eq(osdmap_raw_pg_to_pg(&map40, &raw, &pg), 0);
		pg_format(&pg, pgid, sizeof(pgid));
		ck_assert_msg(strcmp(pgid, want_pg) == 0, "%s: pg %s", line, pgid);

		/* Mapping the raw PG and the folded PG must agree. */
		ck_assert_int_eq(osdmap_pg_mapping(&map40, &raw, &mp), 0);
		check_list("up", line, mp.up, mp.nup, up, nup);
		check_list("acting", line, mp.acting, mp.nacting, act, nact);
		ck_assert_int_eq(mp.up_primary, upp);
		ck_assert_int_eq(mp.acting_primary, actp);
		ck_assert_int_eq(osdmap_pg_mapping(&map40, &pg, &mp), 0);
		check_list("up", line, mp.up, mp.nup, up, nup);
		ck_assert_int_eq(osdmap_primary_of(&map40, &pg), actp);
		rows++;
	}
	ck_assert_int_eq(rows, 236);
	free(text);
}
END_TEST

/* Parse "([0,1,2147483647], p0)" at *pp; returns the count. */
static int
parse_osds(const char **pp, int *out, int *primary)
{
	const char *p = strchr(*pp, '[');
	int n = 0;

	ck_assert_ptr_nonnull(p);
	p++;
	while (*p != ']') {
		char *end;

		out[n++] = (int)strtol(p, &end, 10);
		p = end;
		if (*p == ',')
			p++;
	}
	p = strstr(p, "p");
	*primary = (int)strtol(p + 1, (char **)&p, 10);
	*pp = p;
	return n;
}

/* Every PG of `osdmaptool osdmap_e40.bin --test-map-pgs-dump-all`. */
START_TEST(test_pgs_dump_all)
{
	size_t len;
	char *text = (char *)tu_read_vector("mappings/osdmap_e40.pgs_dump_all.txt", &len);
	char *line, *save = NULL;
	int rows = 0;

	ck_assert_ptr_nonnull(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int raw[16], up[16], act[16], nraw, nup, nact, rawp, upp, actp;
		const char *p;
		struct pg pg;
		struct pg_mapping mp;
		char pgs[32];

		if (line[0] < '0' || line[0] > '9' || strstr(line, " raw (") == NULL)
			continue;
		ck_assert_int_eq(sscanf(line, "%31s", pgs), 1);
		ck_assert_int_eq(pg_parse(pgs, &pg), 0);
		p = strstr(line, "raw (");
		nraw = parse_osds(&p, raw, &rawp);
		p = strstr(p, "up (");
		nup = parse_osds(&p, up, &upp);
		p = strstr(p, "acting (");
		nact = parse_osds(&p, act, &actp);

		ck_assert_int_eq(osdmap_pg_mapping(&map40, &pg, &mp), 0);
		check_list("raw", line, mp.raw, mp.nraw, raw, nraw);
		check_list("up", line, mp.up, mp.nup, up, nup);
		check_list("acting", line, mp.acting, mp.nacting, act, nact);
		ck_assert_msg(mp.up_primary == upp, "%s: up_primary %d", line, mp.up_primary);
		ck_assert_msg(mp.acting_primary == actp, "%s: acting_primary %d", line,
			      mp.acting_primary);
		rows++;
	}
	ck_assert_int_eq(rows, 32 + 64 + 16);
	free(text);
}
END_TEST

START_TEST(test_api_edges)
{
	struct pg pg = { .pool = 9, .seed = 0 }, raw;
	int up[PLACEMENT_MAX_OSDS], act[PLACEMENT_MAX_OSDS], nup = -5, nact = -5, upp = 7, actp = 7;
	struct pg_mapping mp;

	/* No such pool */
	ck_assert_int_eq(osdmap_object_to_pg_str(&map40, 9, "x", NULL, NULL, &raw), -ENOENT);
	ck_assert_int_eq(osdmap_raw_pg_to_pg(&map40, &pg, &raw), -ENOENT);
	ck_assert_int_eq(osdmap_pg_to_up_acting(&map40, &pg, up, &nup, &upp, act, &nact, &actp),
			 -ENOENT);
	ck_assert_int_eq(nup, 0);
	ck_assert_int_eq(nact, 0);
	ck_assert_int_eq(upp, -1);
	ck_assert_int_eq(actp, -1);
	ck_assert_int_eq(osdmap_primary_of(&map40, &pg), -1);

	/* A locator key replaces the name; an explicit hash replaces both. */
	ck_assert_int_eq(osdmap_object_to_pg_str(&map40, 1, "whatever", NULL, "obj0", &raw), 0);
	ck_assert_uint_eq(raw.seed, 0x2b3e2654);
	ck_assert_int_eq(osdmap_object_to_pg(&map40, 1, "x", 1, NULL, 0, NULL, 0, 0x1234, &raw), 0);
	ck_assert_uint_eq(raw.seed, 0x1234);
	ck_assert_int_eq(osdmap_object_to_pg_str(&map40, 1, "obj0", "ns1", NULL, &raw), 0);
	ck_assert_uint_eq(raw.seed, 1660023750u);

	/* 2.3: primary_temp only — up/acting [1,2], acting primary 2 */
	pg.pool = 2;
	pg.seed = 3;
	ck_assert_int_eq(osdmap_pg_to_up_acting(&map40, &pg, up, &nup, &upp, act, &nact, &actp), 0);
	ck_assert_int_eq(nup, 2);
	ck_assert_int_eq(upp, 1);
	ck_assert_int_eq(actp, 2);
	ck_assert_int_eq(osdmap_pg_to_up_acting(&map40, &pg, NULL, NULL, NULL, NULL, NULL, &actp), 0);
	ck_assert_int_eq(actp, 2);

	/* Mark osd.1 down: replicated pools shift it out, EC pools leave a hole. */
	map40.osd_state[1] &= ~OSD_STATE_UP;
	for (uint32_t s = 0; s < 64; s++) {
		pg.pool = 2;
		pg.seed = s;
		ck_assert_int_eq(osdmap_pg_mapping(&map40, &pg, &mp), 0);
		for (int i = 0; i < mp.nup; i++)
			ck_assert_int_ne(mp.up[i], 1);
		ck_assert_int_ne(mp.up_primary, 1);
	}
	for (uint32_t s = 0; s < 16; s++) {
		pg.pool = 3;
		pg.seed = s;
		ck_assert_int_eq(osdmap_pg_mapping(&map40, &pg, &mp), 0);
		ck_assert_int_eq(mp.nup, 3);
		for (int i = 0; i < mp.nup; i++)
			ck_assert_int_ne(mp.up[i], 1);
		ck_assert_int_ne(mp.acting_primary, 1);
	}
	/* Remove osd.1 entirely: it also leaves the raw set. */
	map40.osd_state[1] = 0;
	for (uint32_t s = 0; s < 64; s++) {
		pg.pool = 2;
		pg.seed = s;
		ck_assert_int_eq(osdmap_pg_mapping(&map40, &pg, &mp), 0);
		for (int i = 0; i < mp.nraw; i++)
			ck_assert_int_ne(mp.raw[i], 1);
	}
}
END_TEST

static Suite *
placement_suite(void)
{
	Suite *s = suite_create("placement");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_str_hash);
	tcase_add_test(tc, test_stable_mod);
	tcase_add_test(tc, test_objects);
	tcase_add_test(tc, test_pgs_dump_all);
	tcase_add_test(tc, test_api_edges);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(placement_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
