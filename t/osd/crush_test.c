/*
 * crush_test.c — CRUSH: hash and crush_ln primitives, map decoding against
 * crushtool's dumps, encode round trips, replay of crushtool --test
 * mappings (legacy, modern, tree and choose_args maps), and hostile maps
 * (truncation, corruption, crafted cycles, absurd counts and tries).
 *
 * Vectors: $top_srcdir/t/vectors/crush/ (see t/vectors/README.md).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/mem.h"
#include "osd/crush.h"
#include "osd/crush_hash.h"
#include "osd/crush_ln.h"
#include "t/osd/tjson.h"

/* ---- helpers ---- */

static char *
vec_path(const char *name)
{
	const char *top = getenv("top_srcdir");
	static char path[4096];

	snprintf(path, sizeof(path), "%s/t/vectors/crush/%s", top ? top : ".", name);
	return path;
}

static uint8_t *
load_vec(const char *name, size_t *len)
{
	char *p = tj_slurp(vec_path(name), len);

	ck_assert_msg(p != NULL, "cannot read %s", vec_path(name));
	return (uint8_t *)p;
}

static struct tj *
load_json(const char *name)
{
	size_t len;
	char *text = (char *)load_vec(name, &len);
	struct tj *j = tj_parse(text, len);

	ck_assert_msg(j != NULL, "bad JSON in %s", name);
	free(text);
	return j;
}

static int
decode_bytes(const uint8_t *p, size_t len, struct crush_map **m)
{
	struct dec d;

	dec_init(&d, p, len);
	return crush_decode(&d, m);
}

static struct crush_map *
load_map(const char *name, uint8_t **bytes, size_t *len)
{
	size_t n;
	uint8_t *p = load_vec(name, &n);
	struct crush_map *m;
	int r = decode_bytes(p, n, &m);

	ck_assert_msg(r == 0, "decode %s: %d", name, r);
	if (bytes) {
		*bytes = p;
		*len = n;
	} else {
		free(p);
	}
	return m;
}

/* Encode a map into a flat malloc'd array. */
static uint8_t *
encode_flat(const struct crush_map *m, size_t *len)
{
	struct buf b = BUF_INIT;
	uint8_t *out;

	crush_encode(m, &b);
	*len = b.len;
	out = xmalloc(b.len);
	ck_assert_int_eq(buf_copy_out(&b, 0, b.len, out), 0);
	buf_free(&b);
	return out;
}

/* ---- primitives ---- */

START_TEST(test_hash_vectors)
{
	struct tj *j = load_json("primitives.json");
	const struct tj *a;
	size_t checked = 0;

	a = tj_get(j, "crush_hash32_rjenkins1_2");
	ck_assert_ptr_nonnull(a);
	for (size_t i = 0; i < a->n; i++, checked++)
		ck_assert_uint_eq(crush_hash32_rjenkins1_2((uint32_t)tj_int(a->v[i], "a", 0),
							   (uint32_t)tj_int(a->v[i], "b", 0)),
				  (uint32_t)tj_int(a->v[i], "hash", -1));
	a = tj_get(j, "crush_hash32_rjenkins1_3");
	ck_assert_ptr_nonnull(a);
	for (size_t i = 0; i < a->n; i++, checked++)
		ck_assert_uint_eq(crush_hash32_rjenkins1_3((uint32_t)tj_int(a->v[i], "a", 0),
							   (uint32_t)tj_int(a->v[i], "b", 0),
							   (uint32_t)tj_int(a->v[i], "c", 0)),
				  (uint32_t)tj_int(a->v[i], "hash", -1));
	a = tj_get(j, "crush_hash32_rjenkins1_4");
	ck_assert_ptr_nonnull(a);
	for (size_t i = 0; i < a->n; i++, checked++)
		ck_assert_uint_eq(crush_hash32_rjenkins1_4((uint32_t)tj_int(a->v[i], "a", 0),
							   (uint32_t)tj_int(a->v[i], "b", 0),
							   (uint32_t)tj_int(a->v[i], "c", 0),
							   (uint32_t)tj_int(a->v[i], "d", 0)),
				  (uint32_t)tj_int(a->v[i], "hash", -1));
	a = tj_get(j, "crush_ln");
	ck_assert_ptr_nonnull(a);
	for (size_t i = 0; i < a->n; i++, checked++)
		ck_assert_uint_eq(crush_ln((uint32_t)tj_int(a->v[i], "u", 0)),
				  (uint64_t)tj_int(a->v[i], "crush_ln", -1));
	ck_assert_uint_ge(checked, 20);
	/* The dispatcher maps unknown hash types to 0, as Ceph does. */
	ck_assert_uint_eq(crush_hash32_3(7, 1, 2, 3), 0);
	ck_assert_uint_eq(crush_hash32_3(CRUSH_HASH_RJENKINS1, 1, 2, 3),
			  crush_hash32_rjenkins1_3(1, 2, 3));
	tj_free(j);
}
END_TEST

/* crush_ln follows 2^44 log2(u+1) closely over its whole domain. */
START_TEST(test_ln_shape)
{
	double worst = 0;

	ck_assert_uint_eq(crush_ln(0), 0);
	for (uint32_t u = 0; u <= 0xffff; u++) {
		double want = ldexp(log2((double)u + 1), 44);
		double err = fabs((double)crush_ln(u) - want);

		if (err > worst)
			worst = err;
	}
	/*
	 * The tables are coarse (their last entries deliberately off), but
	 * everything stays within 2^-13 of a unit of log2 (the worst is about
	 * 2^-14.5); one misplaced table entry would be off by far more.
	 */
	ck_assert_msg(worst < ldexp(1, 44 - 13), "worst error %g", worst);
	/* Only the low 16 bits of the argument count. */
	ck_assert_uint_eq(crush_ln(0x12345), crush_ln(0x2345));
}
END_TEST

/* ---- decoding against crushtool --dump ---- */

static const char *
alg_name(int alg)
{
	static const char *names[] = { "none", "uniform", "list", "tree", "straw", "straw2" };

	return alg >= 1 && alg <= 5 ? names[alg] : "?";
}

static const char *
op_name(uint32_t op)
{
	switch (op) {
	case CRUSH_RULE_NOOP: return "noop";
	case CRUSH_RULE_TAKE: return "take";
	case CRUSH_RULE_CHOOSE_FIRSTN: return "choose_firstn";
	case CRUSH_RULE_CHOOSE_INDEP: return "choose_indep";
	case CRUSH_RULE_EMIT: return "emit";
	case CRUSH_RULE_CHOOSELEAF_FIRSTN: return "chooseleaf_firstn";
	case CRUSH_RULE_CHOOSELEAF_INDEP: return "chooseleaf_indep";
	case CRUSH_RULE_SET_CHOOSE_TRIES: return "set_choose_tries";
	case CRUSH_RULE_SET_CHOOSELEAF_TRIES: return "set_chooseleaf_tries";
	default: return "?";
	}
}

static void
check_against_dump(const char *bin, const char *dump)
{
	struct crush_map *m = load_map(bin, NULL, NULL);
	struct tj *j = load_json(dump);
	const struct tj *devs = tj_get(j, "devices"), *types = tj_get(j, "types");
	const struct tj *buckets = tj_get(j, "buckets"), *rules = tj_get(j, "rules");
	const struct tj *tun = tj_get(j, "tunables");
	int nb = 0, nr = 0;

	ck_assert_ptr_nonnull(devs);
	ck_assert_ptr_nonnull(buckets);
	ck_assert_ptr_nonnull(rules);
	ck_assert_ptr_nonnull(tun);

	ck_assert_int_eq(crush_max_devices(m), (int)devs->n);
	for (size_t i = 0; i < devs->n; i++) {
		const struct tj *dv = devs->v[i];
		int id = (int)tj_int(dv, "id", -1);
		const char *cls = tj_str(dv, "class");

		ck_assert_int_eq(id, (int)i);
		ck_assert_str_eq(crush_item_name(m, id), tj_str(dv, "name"));
		ck_assert_int_eq(crush_item_type(m, id), 0);
		if (cls)
			ck_assert_str_eq(crush_item_class(m, id), cls);
		else
			ck_assert_ptr_null(crush_item_class(m, id));
	}
	for (size_t i = 0; i < types->n; i++)
		ck_assert_str_eq(crush_type_name(m, (int32_t)tj_int(types->v[i], "type_id", -1)),
				 tj_str(types->v[i], "name"));

	for (int32_t slot = 0; slot < crush_max_buckets(m); slot++)
		nb += m->buckets[slot] != NULL;
	ck_assert_int_eq(nb, (int)buckets->n);
	for (size_t i = 0; i < buckets->n; i++) {
		const struct tj *bj = buckets->v[i], *items = tj_get(bj, "items");
		const struct crush_bucket *b = crush_get_bucket(m, (int32_t)tj_int(bj, "id", 0));

		ck_assert_ptr_nonnull(b);
		ck_assert_str_eq(crush_item_name(m, b->id), tj_str(bj, "name"));
		ck_assert_int_eq(b->type, tj_int(bj, "type_id", -1));
		ck_assert_str_eq(crush_type_name(m, b->type), tj_str(bj, "type_name"));
		ck_assert_uint_eq(b->weight, (uint32_t)tj_int(bj, "weight", -1));
		ck_assert_str_eq(alg_name(b->alg), tj_str(bj, "alg"));
		ck_assert_str_eq(tj_str(bj, "hash"), "rjenkins1");
		ck_assert_int_eq(b->hash, 0);
		ck_assert_uint_eq(b->size, items->n);
		for (size_t k = 0; k < items->n; k++) {
			ck_assert_int_eq(b->items[k], tj_int(items->v[k], "id", 0));
			ck_assert_uint_eq(b->item_weights[k], (uint32_t)tj_int(items->v[k], "weight", -1));
			ck_assert_int_eq(tj_int(items->v[k], "pos", -1), (int64_t)k);
		}
		ck_assert_int_eq(crush_item_type(m, b->id), b->type);
	}

	for (uint32_t r = 0; r < m->max_rules; r++)
		nr += crush_rule_exists(m, (int)r);
	ck_assert_int_eq(nr, (int)rules->n);
	for (size_t i = 0; i < rules->n; i++) {
		const struct tj *rj = rules->v[i], *steps = tj_get(rj, "steps");
		int id = (int)tj_int(rj, "rule_id", -1);
		const struct crush_rule *rule = crush_get_rule(m, id);

		ck_assert_ptr_nonnull(rule);
		ck_assert_str_eq(crush_rule_name(m, id), tj_str(rj, "rule_name"));
		ck_assert_int_eq(crush_find_rule(m, tj_str(rj, "rule_name")), id);
		ck_assert_int_eq(rule->ruleset, tj_int(rj, "ruleset", -1));
		ck_assert_int_eq(rule->type, tj_int(rj, "type", -1));
		ck_assert_int_eq(crush_rule_type(m, id), rule->type);
		ck_assert_int_eq(rule->min_size, tj_int(rj, "min_size", -1));
		ck_assert_int_eq(rule->max_size, tj_int(rj, "max_size", -1));
		ck_assert_uint_eq(rule->len, steps->n);
		for (size_t k = 0; k < steps->n; k++) {
			const struct tj *sj = steps->v[k];
			const struct crush_rule_step *st = &rule->steps[k];

			ck_assert_str_eq(op_name(st->op), tj_str(sj, "op"));
			if (st->op == CRUSH_RULE_TAKE) {
				ck_assert_int_eq(st->arg1, tj_int(sj, "item", 0));
				ck_assert_str_eq(crush_item_name(m, st->arg1), tj_str(sj, "item_name"));
			} else if (st->op != CRUSH_RULE_EMIT && st->op != CRUSH_RULE_NOOP) {
				ck_assert_int_eq(st->arg1, tj_int(sj, "num", -12345));
			}
			if (tj_str(sj, "type"))
				ck_assert_str_eq(crush_type_name(m, st->arg2), tj_str(sj, "type"));
		}
	}

	ck_assert_uint_eq(m->choose_local_tries, tj_int(tun, "choose_local_tries", -1));
	ck_assert_uint_eq(m->choose_local_fallback_tries,
			  tj_int(tun, "choose_local_fallback_tries", -1));
	ck_assert_uint_eq(m->choose_total_tries, tj_int(tun, "choose_total_tries", -1));
	ck_assert_uint_eq(m->chooseleaf_descend_once, tj_int(tun, "chooseleaf_descend_once", -1));
	ck_assert_uint_eq(m->chooseleaf_vary_r, tj_int(tun, "chooseleaf_vary_r", -1));
	ck_assert_uint_eq(m->chooseleaf_stable, tj_int(tun, "chooseleaf_stable", -1));
	ck_assert_uint_eq(m->straw_calc_version, tj_int(tun, "straw_calc_version", -1));
	ck_assert_uint_eq(m->allowed_bucket_algs, tj_int(tun, "allowed_bucket_algs", -1));
	ck_assert_uint_eq(m->nchoose_args, tj_get(j, "choose_args")->n);

	tj_free(j);
	crush_free(m);
}

START_TEST(test_decode_e40)
{
	struct crush_map *m;

	check_against_dump("crushmap_e40.bin", "crushmap_e40.crushtool_dump.json");

	/* What the dump does not show: shadow buckets and class buckets. */
	m = load_map("crushmap_e40.bin", NULL, NULL);
	ck_assert_int_eq(m->max_buckets, 8);
	ck_assert_uint_eq(m->max_rules, 2);
	ck_assert_str_eq(crush_item_name(m, -2), "default~hdd");
	ck_assert_int_eq(crush_bucket_is_shadow(m, -2), 1);
	ck_assert_int_eq(crush_bucket_is_shadow(m, -1), 0);
	ck_assert_int_eq(crush_class_shadow(m, -1, 0), -2);
	ck_assert_int_eq(crush_class_shadow(m, -3, 0), -4);
	ck_assert_int_eq(crush_class_shadow(m, -3, 1), -ENOENT);
	ck_assert_str_eq(crush_item_class(m, -2), "hdd");
	ck_assert_int_eq(crush_item_parent(m, 1), -3);
	ck_assert_int_eq(crush_item_parent(m, -3), -1);
	ck_assert_int_eq(crush_item_parent(m, -1), 0);
	ck_assert_ptr_null(crush_get_bucket(m, -5));
	ck_assert_ptr_null(crush_get_bucket(m, -100));
	ck_assert_ptr_null(crush_get_bucket(m, 0));
	ck_assert_int_eq(crush_rule_exists(m, 2), 0);
	ck_assert_int_eq(crush_rule_exists(m, -1), 0);
	ck_assert_int_eq(crush_rule_type(m, 1), CRUSH_RULE_TYPE_ERASURE);
	ck_assert_int_eq(crush_find_rule(m, "nope"), -ENOENT);
	ck_assert_ptr_null(crush_item_name(m, 3));
	crush_free(m);
}
END_TEST

START_TEST(test_decode_offline)
{
	check_against_dump("offline/legacy.bin", "offline/legacy.crushtool_dump.json");
	check_against_dump("offline/modern.bin", "offline/modern.crushtool_dump.json");
	check_against_dump("offline/tree.bin", "offline/tree.crushtool_dump.json");
}
END_TEST

static const char *all_maps[] = {
	"crushmap_e40.bin", "offline/legacy.bin", "offline/modern.bin", "offline/tree.bin",
	"choose_args_fallback.bin", "choose_args_pool0.bin",
};
#define NMAPS (sizeof(all_maps) / sizeof(all_maps[0]))

START_TEST(test_roundtrip)
{
	uint8_t *bytes, *again;
	size_t len, len2;
	struct crush_map *m = load_map(all_maps[_i], &bytes, &len);

	again = encode_flat(m, &len2);
	ck_assert_uint_eq(len2, len);
	ck_assert_msg(memcmp(again, bytes, len) == 0, "%s: re-encoding differs", all_maps[_i]);
	free(again);
	free(bytes);
	crush_free(m);
}
END_TEST

START_TEST(test_choose_args_decode)
{
	struct crush_map *m = load_map("choose_args_pool0.bin", NULL, NULL);
	const struct crush_choose_arg_map *cam;
	const struct crush_choose_arg *a;

	ck_assert_uint_eq(m->nchoose_args, 2);
	cam = &m->choose_args[0];
	ck_assert_int_eq(cam->id, -1);
	ck_assert_uint_eq(cam->nargs, 2);
	ck_assert_uint_eq(cam->args[0].bucket_index, 1);        /* bucket -2: ids only */
	ck_assert_uint_eq(cam->args[0].weight_set_positions, 0);
	ck_assert_uint_eq(cam->args[0].ids_size, 4);
	ck_assert_int_eq(cam->args[0].ids[3], 43);
	cam = &m->choose_args[1];
	ck_assert_int_eq(cam->id, 0);
	a = &cam->args[0];                                      /* bucket -1 */
	ck_assert_uint_eq(a->bucket_index, 0);
	ck_assert_uint_eq(a->weight_set_positions, 2);
	ck_assert_uint_eq(a->weight_set[0].size, 4);
	ck_assert_uint_eq(a->weight_set[0].weights[1], 0x8000);
	ck_assert_uint_eq(a->weight_set[1].weights[0], 0x4000);
	ck_assert_uint_eq(a->weight_set[1].weights[3], 0x30000);
	a = &cam->args[1];                                      /* bucket -7 */
	ck_assert_uint_eq(a->bucket_index, 6);
	ck_assert_int_eq(a->ids[0], -100);
	ck_assert_int_eq(a->ids[1], -200);
	crush_free(m);
}
END_TEST

/* ---- crushtool --test replay ---- */

/*
 * Replay a mappings file ("# rule=R numrep=N reweights=..." blocks of
 * "x X [a,b,...]" lines). Returns the number of lines checked.
 */
static long
replay(const char *bin, const char *mappings, int64_t choose_args_id)
{
	struct crush_map *m = load_map(bin, NULL, NULL);
	size_t len;
	char *text = (char *)load_vec(mappings, &len);
	uint32_t *w = xcalloc((size_t)crush_max_devices(m), sizeof(*w));
	int rule = -1, numrep = 0, bad = 0;
	long lines = 0;
	char *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#') {
			char rw[256] = "";
			char *p;

			ck_assert_int_ge(sscanf(line, "# rule=%d numrep=%d reweights=%255[^\n]",
						&rule, &numrep, rw), 2);
			for (int i = 0; i < crush_max_devices(m); i++)
				w[i] = 0x10000;
			for (p = strstr(rw, "--weight"); p; p = strstr(p + 1, "--weight")) {
				int dev;
				float f;

				ck_assert_int_eq(sscanf(p, "--weight %d %f", &dev, &f), 2);
				ck_assert_int_lt(dev, crush_max_devices(m));
				/* crushtool: (int)(weight * 0x10000) */
				w[dev] = (uint32_t)(int)(f * (float)0x10000);
			}
			continue;
		}

		int x, n = 0, got, out[CRUSH_MAX_RESULT], want[CRUSH_MAX_RESULT];
		char *p = strchr(line, '[');

		ck_assert_int_eq(sscanf(line, "x %d", &x), 1);
		ck_assert_ptr_nonnull(p);
		for (p++; *p && *p != ']';) {
			want[n++] = (int)strtol(p, &p, 10);
			if (*p == ',')
				p++;
		}
		got = crush_do_rule(m, rule, (uint32_t)x, out, numrep, w, crush_max_devices(m),
				    choose_args_id);
		lines++;
		if (got != n || memcmp(out, want, (size_t)n * sizeof(int)) != 0) {
			if (bad++ < 5) {
				fprintf(stderr, "%s: rule %d numrep %d x %d: got", bin, rule, numrep, x);
				for (int i = 0; i < got; i++)
					fprintf(stderr, " %d", out[i]);
				fprintf(stderr, ", want");
				for (int i = 0; i < n; i++)
					fprintf(stderr, " %d", want[i]);
				fprintf(stderr, "\n");
			}
		}
	}
	ck_assert_msg(bad == 0, "%s: %d of %ld mappings differ", mappings, bad, lines);
	free(w);
	free(text);
	crush_free(m);
	return lines;
}

START_TEST(test_mappings_legacy)
{
	ck_assert_int_eq(replay("offline/legacy.bin", "offline/legacy.mappings.txt", -1), 20480);
}
END_TEST

START_TEST(test_mappings_modern)
{
	ck_assert_int_eq(replay("offline/modern.bin", "offline/modern.mappings.txt", -1), 20480);
}
END_TEST

START_TEST(test_mappings_tree)
{
	ck_assert_int_eq(replay("offline/tree.bin", "offline/tree.mappings.txt", -1), 16384);
}
END_TEST

/*
 * choose_args: crushtool --test always asks for choose_args entry 0, which
 * falls back to the -1 ("compat") entry when absent.
 */
START_TEST(test_mappings_choose_args)
{
	/* no entry 0 -> the -1 entry (with ids and a weight-set) */
	ck_assert_int_eq(replay("choose_args_fallback.bin", "choose_args_fallback.mappings.txt",
				0), 20480);
	/* any other missing pool falls back the same way */
	ck_assert_int_eq(replay("choose_args_fallback.bin", "choose_args_fallback.mappings.txt",
				42), 20480);
	/* entry 0 itself: per-position weight-sets and replacement ids */
	ck_assert_int_eq(replay("choose_args_pool0.bin", "choose_args_pool0.mappings.txt", 0),
			 20480);
	/* ignoring choose_args gives back the plain map (same hierarchy as modern) */
	ck_assert_int_eq(replay("choose_args_pool0.bin", "offline/modern.mappings.txt",
				CRUSH_NO_CHOOSE_ARGS), 20480);
}
END_TEST

/* ---- hostile input ---- */

/* Map every rule for a few inputs; only the absence of crashes is checked. */
static void
exercise(const struct crush_map *m)
{
	uint32_t w[64];
	int out[CRUSH_MAX_RESULT];

	for (int i = 0; i < 64; i++)
		w[i] = i % 5 == 0 ? 0 : i % 3 == 0 ? 0x8000 : 0x10000;
	for (uint32_t r = 0; r < m->max_rules && r < 16; r++)
		for (uint32_t x = 0; x < 2; x++)
			for (int n = 1; n <= 6; n += 5) {
				int got = crush_do_rule(m, (int)r, x, out, n, w, 64, 0);

				ck_assert_int_ge(got, 0);
				ck_assert_int_le(got, n);
			}
}

START_TEST(test_truncated)
{
	uint8_t *bytes;
	size_t len;
	struct crush_map *full = load_map(all_maps[_i], &bytes, &len);
	int ok = 0;

	crush_free(full);
	for (size_t cut = 0; cut < len; cut++) {
		uint8_t *copy = xmalloc(cut ? cut : 1);    /* exact size: ASan sees overreads */
		struct crush_map *m = (struct crush_map *)1;
		int r;

		memcpy(copy, bytes, cut);
		r = decode_bytes(copy, cut, &m);
		if (r == 0) {
			/* only where an optional trailing group may begin */
			ok++;
			exercise(m);
			crush_free(m);
		} else {
			ck_assert_msg(r == -EBADMSG || r == -EPROTO, "cut %zu: %d", cut, r);
			ck_assert_ptr_null(m);
		}
		free(copy);
	}
	/* tunables (7 group boundaries) + the class group: at most 8 cut points */
	ck_assert_int_le(ok, 8);
	ck_assert_int_ge(ok, 1);
	free(bytes);
}
END_TEST

START_TEST(test_corrupted)
{
	static const uint8_t vals[] = { 0xff, 0x80, 0x01 };
	uint8_t *bytes;
	size_t len;
	struct crush_map *full = load_map(all_maps[_i], &bytes, &len);
	uint8_t *copy = xmalloc(len);
	int decoded = 0;

	crush_free(full);
	for (size_t off = 0; off < len; off++) {
		for (size_t v = 0; v < sizeof(vals); v++) {
			struct crush_map *m;

			if (bytes[off] == vals[v])
				continue;
			memcpy(copy, bytes, len);
			copy[off] = vals[v];
			if (decode_bytes(copy, len, &m) == 0) {
				decoded++;
				exercise(m);
				crush_free(m);
			}
		}
	}
	ck_assert_int_gt(decoded, 0);   /* weights, names... still decode */
	free(copy);
	free(bytes);
}
END_TEST

/* Decode, let the caller edit the struct, encode, and decode the result. */
static int
mutate(void (*edit)(struct crush_map *m), struct crush_map **out)
{
	struct crush_map *m = load_map("offline/modern.bin", NULL, NULL);
	uint8_t *p;
	size_t len;
	int r;

	edit(m);
	p = encode_flat(m, &len);
	crush_free(m);
	r = decode_bytes(p, len, out);
	free(p);
	return r;
}

/* modern: hosts -1..-4 (osd 4h..4h+3), racks -5 -6, root -7. */
static void
edit_cycle(struct crush_map *m)
{
	m->buckets[0]->items[2] = -7;   /* host0 contains the root */
}

static void
edit_self(struct crush_map *m)
{
	m->buckets[4]->items[0] = -5;   /* rack0 contains itself */
}

static void
edit_bad_id(struct crush_map *m)
{
	m->buckets[2]->id = -9;
}

static void
edit_names_order(struct crush_map *m)
{
	struct crush_name t = m->item_names[0];

	m->item_names[0] = m->item_names[1];
	m->item_names[1] = t;
}

START_TEST(test_crafted_rejects)
{
	struct crush_map *m = (struct crush_map *)1;

	ck_assert_int_eq(mutate(edit_cycle, &m), -EPROTO);
	ck_assert_ptr_null(m);
	ck_assert_int_eq(mutate(edit_self, &m), -EPROTO);
	ck_assert_int_eq(mutate(edit_bad_id, &m), -EPROTO);
	ck_assert_int_eq(mutate(edit_names_order, &m), -EPROTO);
}
END_TEST

/* Offset of the first length-prefixed occurrence of name in p (u32 len, bytes). */
static size_t
find_lstr(const uint8_t *p, size_t len, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 4; i + n <= len; i++)
		if (get_le32(p + i - 4) == n && memcmp(p + i, name, n) == 0)
			return i - 4;
	ck_abort_msg("%s not found", name);
	return 0;
}

/*
 * Names the decoder would keep shorter than they are on the wire (found by
 * fuzz/crush_fuzz: crush_encode's blob then failed to decode): a NUL inside
 * an item name, and an empty name in a 32-or-64-bit-key map.
 */
START_TEST(test_bad_names)
{
	uint8_t *bytes, *cut;
	size_t len, off;
	struct crush_map *m = load_map("offline/modern.bin", &bytes, &len);

	crush_free(m);
	off = find_lstr(bytes, len, "host0");
	bytes[off + 4 + 2] = '\0';     /* "ho\0t0" */
	m = (struct crush_map *)1;
	ck_assert_int_eq(decode_bytes(bytes, len, &m), -EPROTO);
	ck_assert_ptr_null(m);
	bytes[off + 4 + 2] = 's';
	ck_assert_int_eq(decode_bytes(bytes, len, &m), 0);
	crush_free(m);

	/* u32 5 "host0" -> u32 0, u32 0: the quirk's 64-bit key form of "" */
	cut = malloc(len);
	memcpy(cut, bytes, off);
	memset(cut + off, 0, 8);
	memcpy(cut + off + 8, bytes + off + 9, len - off - 9);
	ck_assert_int_eq(decode_bytes(cut, len - 1, &m), -EPROTO);
	free(cut);
	free(bytes);
}
END_TEST

/* Patch raw bytes of the modern blob: (offset, le32 value) pairs. */
static int
patch32(size_t off, uint32_t v)
{
	uint8_t *bytes;
	size_t len;
	struct crush_map *m = load_map("offline/modern.bin", &bytes, &len);
	int r;

	crush_free(m);
	ck_assert_uint_lt(off + 4, len);
	put_le32(bytes + off, v);
	r = decode_bytes(bytes, len, &m);
	if (r == 0)
		crush_free(m);
	free(bytes);
	return r;
}

START_TEST(test_absurd_counts)
{
	/* header: magic, max_buckets, max_rules, max_devices; slot 0 at 16 */
	ck_assert_int_eq(patch32(0, 0x00020000), -EPROTO);      /* magic */
	ck_assert_int_eq(patch32(4, 0x7fffffff), -EBADMSG);     /* max_buckets */
	ck_assert_int_eq(patch32(4, 0x80000000), -EPROTO);      /* negative */
	ck_assert_int_eq(patch32(8, 0xffffffff), -EBADMSG);     /* max_rules */
	ck_assert_int_eq(patch32(12, 0x80000000), -EPROTO);     /* max_devices < 0 */
	ck_assert_int_eq(patch32(16, 9), -EPROTO);              /* unknown alg */
	ck_assert_int_eq(patch32(16, 4), -EPROTO);              /* alg bytes disagree */
	/* bucket 0: alg 16, id 20, type 24, alg 26, hash 27, weight 28, size 32 */
	ck_assert_int_eq(patch32(32, 0xffffffff), -EBADMSG);
	ck_assert_int_eq(patch32(32, 0x10000000), -EBADMSG);
}
END_TEST

/* Blob builders for maps no crushtool would write. */
static void
mb_bucket(struct buf *b, int32_t id, uint16_t type, uint8_t alg, uint32_t n, const int32_t *items)
{
	enc_u32(b, alg);
	enc_s32(b, id);
	enc_u16(b, type);
	enc_u8(b, alg);
	enc_u8(b, 0);
	enc_u32(b, n * 0x10000);
	enc_u32(b, n);
	for (uint32_t i = 0; i < n; i++)
		enc_s32(b, items[i]);
	switch (alg) {
	case CRUSH_BUCKET_UNIFORM:
		enc_u32(b, 0x10000);
		break;
	case CRUSH_BUCKET_LIST:
		for (uint32_t i = 0; i < n; i++) {
			enc_u32(b, 0x10000);
			enc_u32(b, (i + 1) * 0x10000);
		}
		break;
	case CRUSH_BUCKET_STRAW:
		for (uint32_t i = 0; i < n; i++) {
			enc_u32(b, 0x10000);
			enc_u32(b, 0x10000);
		}
		break;
	case CRUSH_BUCKET_STRAW2:
		for (uint32_t i = 0; i < n; i++)
			enc_u32(b, i == 1 ? 0xffffffff : 0x10000);      /* an "int" < 0 */
		break;
	}
}

static void
mb_rule(struct buf *b, uint8_t type, uint32_t nsteps, const int32_t (*steps)[3])
{
	enc_u32(b, 1);
	enc_u32(b, nsteps);
	enc_u8(b, 0);
	enc_u8(b, type);
	enc_u8(b, 1);
	enc_u8(b, 10);
	for (uint32_t i = 0; i < nsteps; i++) {
		enc_u32(b, (uint32_t)steps[i][0]);
		enc_s32(b, steps[i][1]);
		enc_s32(b, steps[i][2]);
	}
}

/*
 * A map whose buckets point at missing buckets and at devices past
 * max_devices, with a tree bucket whose node table lies, and rules that take
 * missing buckets, ask for type -1, huge tries and a wild vary_r.
 */
static struct crush_map *
build_weird(void)
{
	struct buf b = BUF_INIT;
	static const int32_t root_items[] = { -2, -3, -4, -7, 50 }; /* -7 missing, 50 > max */
	static const int32_t h2[] = { 0, 1, 99, -6 };                /* -6 missing */
	static const int32_t h3[] = { 2, 3 };
	static const int32_t h4[] = { 4, 5, 6 };
	static const int32_t r0[][3] = {
		{ CRUSH_RULE_TAKE, -1, 0 }, { CRUSH_RULE_CHOOSELEAF_FIRSTN, 0, 1 },
		{ CRUSH_RULE_EMIT, 0, 0 } };
	static const int32_t r1[][3] = {
		{ CRUSH_RULE_SET_CHOOSE_TRIES, 0x7fffffff, 0 },
		{ CRUSH_RULE_SET_CHOOSELEAF_TRIES, 0x7fffffff, 0 },
		{ CRUSH_RULE_SET_CHOOSE_LOCAL_TRIES, 0x7fffffff, 0 },
		{ CRUSH_RULE_SET_CHOOSE_LOCAL_FALLBACK_TRIES, 0x7fffffff, 0 },
		{ CRUSH_RULE_TAKE, -1, 0 }, { CRUSH_RULE_CHOOSELEAF_INDEP, 0, 1 },
		{ CRUSH_RULE_EMIT, 0, 0 } };
	static const int32_t r2[][3] = {
		{ CRUSH_RULE_TAKE, -5, 0 }, { CRUSH_RULE_TAKE, -100, 0 },
		{ CRUSH_RULE_CHOOSE_FIRSTN, 0, 0 }, { CRUSH_RULE_EMIT, 0, 0 } };
	static const int32_t r3[][3] = {
		{ CRUSH_RULE_SET_CHOOSELEAF_VARY_R, 200, 0 },
		{ CRUSH_RULE_SET_CHOOSE_TRIES, 0x7fffffff, 0 },
		{ CRUSH_RULE_TAKE, -1, 0 }, { CRUSH_RULE_CHOOSELEAF_FIRSTN, -1, -1 },
		{ CRUSH_RULE_CHOOSE_INDEP, 3, -1 }, { 99, 1, 2 },
		{ CRUSH_RULE_EMIT, 0, 0 } };
	static const int32_t r4[][3] = {
		{ CRUSH_RULE_TAKE, 3, 0 }, { CRUSH_RULE_CHOOSE_FIRSTN, 2, 0 },
		{ CRUSH_RULE_EMIT, 0, 0 }, { CRUSH_RULE_TAKE, -4, 0 },
		{ CRUSH_RULE_CHOOSE_FIRSTN, 0x7fffffff, 0 }, { CRUSH_RULE_EMIT, 0, 0 } };
	struct crush_map *m;
	const uint8_t *p;
	struct dec d;
	int r;

	enc_u32(&b, CRUSH_MAGIC);
	enc_s32(&b, 6);                 /* max_buckets: slots 4 and 5 empty */
	enc_u32(&b, 6);                 /* max_rules: slot 5 empty */
	enc_s32(&b, 8);                 /* max_devices: 7 never appears */
	mb_bucket(&b, -1, 3, CRUSH_BUCKET_STRAW2, 5, root_items);
	mb_bucket(&b, -2, 1, CRUSH_BUCKET_LIST, 4, h2);
	/* tree host -3: 2 items but a 3-node table (not a power of two) */
	enc_u32(&b, CRUSH_BUCKET_TREE);
	enc_s32(&b, -3);
	enc_u16(&b, 1);
	enc_u8(&b, CRUSH_BUCKET_TREE);
	enc_u8(&b, 0);
	enc_u32(&b, 0x20000);
	enc_u32(&b, 2);
	enc_s32(&b, h3[0]);
	enc_s32(&b, h3[1]);
	enc_u8(&b, 3);
	enc_u32(&b, 0x10000);
	enc_u32(&b, 0x20000);
	enc_u32(&b, 0x10000);
	mb_bucket(&b, -4, 1, CRUSH_BUCKET_UNIFORM, 3, h4);
	enc_u32(&b, 0);
	enc_u32(&b, 0);
	mb_rule(&b, 1, 3, r0);
	mb_rule(&b, 3, 7, r1);
	mb_rule(&b, 1, 4, r2);
	mb_rule(&b, 1, 7, r3);
	mb_rule(&b, 1, 6, r4);
	enc_u32(&b, 0);
	enc_u32(&b, 0);                 /* no type names */
	enc_u32(&b, 0);                 /* no item names */
	enc_u32(&b, 0);                 /* no rule names: legacy tunables follow */

	p = buf_contig(&b, 0, b.len);
	dec_init(&d, p, b.len);
	r = crush_decode(&d, &m);
	ck_assert_int_eq(r, 0);
	buf_free(&b);
	ck_assert_uint_eq(m->choose_total_tries, 19);           /* legacy defaults */
	ck_assert_uint_eq(m->choose_local_fallback_tries, 5);
	return m;
}

START_TEST(test_weird_map)
{
	struct crush_map *m = build_weird();
	uint32_t w[8] = { 0, 0, 0, 0, 0, 0, 0, 0 };     /* everything out */
	uint32_t win[8] = { 0x10000, 0x10000, 0x10000, 0x10000, 0x10000, 0x10000, 0x10000,
			    0x10000 };
	int out[CRUSH_MAX_RESULT];
	time_t t0 = time(NULL);
	int got;

	for (uint32_t x = 0; x < 64; x++) {
		for (int rule = 0; rule < 7; rule++) {
			got = crush_do_rule(m, rule, x, out, 4, win, 8, -1);
			ck_assert_int_ge(got, 0);
			ck_assert_int_le(got, 4);
			for (int i = 0; i < got; i++)
				ck_assert(out[i] == CRUSH_ITEM_NONE ||
					  (out[i] >= -4 && out[i] < 8));
			/* all out: the capped retries must still end */
			got = crush_do_rule(m, rule, x, out, 4, w, 8, -1);
			ck_assert_int_ge(got, 0);
		}
		/* everything out and no weight vector at all */
		ck_assert_int_eq(crush_do_rule(m, 0, x, out, 3, NULL, 0, -1), 0);
	}
	ck_assert_msg(time(NULL) - t0 < 20, "hostile tries took %ld s", (long)(time(NULL) - t0));

	/* rule 2 takes -5 (empty slot) and -100: nothing chosen, nothing emitted */
	ck_assert_int_eq(crush_do_rule(m, 2, 1, out, 3, win, 8, -1), 0);
	/*
	 * rule 4 takes a device: the choose step skips it and leaves an empty
	 * working set (so nothing is emitted), then takes host -4 and chooses
	 * with a numrep of 2^31-1, bounded by result_max.
	 */
	got = crush_do_rule(m, 4, 1, out, 3, win, 8, -1);
	ck_assert_int_eq(got, 3);
	for (int i = 0; i < got; i++)
		ck_assert(out[i] >= 4 && out[i] <= 6);
	/* argument checks */
	ck_assert_int_eq(crush_do_rule(m, 5, 1, out, 3, win, 8, -1), 0);        /* empty slot */
	ck_assert_int_eq(crush_do_rule(m, 6, 1, out, 3, win, 8, -1), 0);        /* past max */
	ck_assert_int_eq(crush_do_rule(m, -1, 1, out, 3, win, 8, -1), 0);
	ck_assert_int_eq(crush_do_rule(m, 0, 1, out, 0, win, 8, -1), 0);
	ck_assert_int_eq(crush_do_rule(m, 0, 1, out, CRUSH_MAX_RESULT + 1, win, 8, -1), -EINVAL);
	crush_free(m);
}
END_TEST

/* Results are the same whatever mapped before (the per-map cache is reset). */
START_TEST(test_workspace_reset)
{
	struct crush_map *m = load_map("offline/legacy.bin", NULL, NULL);
	uint32_t w[16];
	int a[8], b[8];
	int na, nb;

	for (int i = 0; i < 16; i++)
		w[i] = 0x10000;
	na = crush_do_rule(m, 4, 77, a, 5, w, 16, -1);  /* uniform host0 */
	for (uint32_t x = 0; x < 300; x++)
		crush_do_rule(m, (int)(x % 5), x, b, 5, w, 16, -1);
	nb = crush_do_rule(m, 4, 77, b, 5, w, 16, -1);
	ck_assert_int_eq(na, nb);
	ck_assert_int_eq(memcmp(a, b, (size_t)na * sizeof(int)), 0);
	crush_free(m);
}
END_TEST

static Suite *
crush_suite(void)
{
	Suite *s = suite_create("crush");
	TCase *tc = tcase_create("primitives");

	tcase_add_test(tc, test_hash_vectors);
	tcase_add_test(tc, test_ln_shape);
	suite_add_tcase(s, tc);

	tc = tcase_create("decode");
	tcase_add_test(tc, test_decode_e40);
	tcase_add_test(tc, test_decode_offline);
	tcase_add_loop_test(tc, test_roundtrip, 0, NMAPS);
	tcase_add_test(tc, test_choose_args_decode);
	suite_add_tcase(s, tc);

	tc = tcase_create("mappings");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_mappings_legacy);
	tcase_add_test(tc, test_mappings_modern);
	tcase_add_test(tc, test_mappings_tree);
	tcase_add_test(tc, test_mappings_choose_args);
	tcase_add_test(tc, test_workspace_reset);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_truncated, 0, NMAPS);
	tcase_add_loop_test(tc, test_corrupted, 0, NMAPS);
	tcase_add_test(tc, test_crafted_rejects);
	tcase_add_test(tc, test_bad_names);
	tcase_add_test(tc, test_absurd_counts);
	tcase_add_test(tc, test_weird_map);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(crush_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
