/*
 * crush_fuzz.c — libFuzzer target for the CRUSH map decoder and mapper:
 * crush_decode, then crush_do_rule for a few inputs on every rule, the
 * tree-view accessors, and crush_encode.
 *
 * Input: a CRUSH blob as `ceph osd getcrushmap` writes it (the seeds are
 * t/vectors/crush/ maps). The x values, result sizes, OSD weights and
 * choose_args ids are derived from the blob's length so that every input
 * maps the same way each time it runs.
 *
 * Invariants (abort on violation): crush_do_rule returns at most
 * result_max ids, each a device below max_devices, an existing bucket or
 * CRUSH_ITEM_NONE; a
 * decoded map re-encodes to a blob that decodes again and re-encodes to
 * the same bytes.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/log.h"
#include "osd/crush.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Rules and devices looked at per input: keeps one run well under a second. */
#define FUZZ_RULES 16
#define FUZZ_WEIGHTS 512

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_open(LOG_TO_FILE, "/dev/null");
	return 0;
}

static void
map_rules(const struct crush_map *m, size_t seed)
{
	static const int sizes[] = { 1, 3, 6 };
	static const int64_t cargs[] = { CRUSH_NO_CHOOSE_ARGS, CRUSH_DEFAULT_CHOOSE_ARGS, 0, 1 };
	uint32_t weights[FUZZ_WEIGHTS];
	int result[CRUSH_MAX_RESULT];
	int nw = crush_max_devices(m);

	if (nw < 0)
		abort();
	if (nw > FUZZ_WEIGHTS)
		nw = FUZZ_WEIGHTS;
	/* mostly in; some out, some partly in */
	for (int i = 0; i < nw; i++)
		weights[i] = (i + seed) % 7 == 3 ? 0 : (i + seed) % 5 == 1 ? 0x8000 : 0x10000;

	for (uint32_t rno = 0; rno < m->max_rules && rno < FUZZ_RULES; rno++) {
		if (!crush_rule_exists(m, (int)rno))
			continue;
		(void)crush_rule_name(m, (int)rno);
		(void)crush_rule_type(m, (int)rno);
		for (uint32_t x = 0; x < 3; x++) {
			int rmax = sizes[(x + seed) % 3];
			int n = crush_do_rule(m, (int)rno, x * 0x9e3779b9u + (uint32_t)seed,
					      result, rmax, weights, nw,
					      cargs[(x + rno + seed) % 4]);

			if (n < 0 || n > rmax)
				abort();
			/* devices, or buckets for rules that emit before a chooseleaf */
			for (int i = 0; i < n; i++)
				if (result[i] != CRUSH_ITEM_NONE &&
				    (result[i] >= crush_max_devices(m) ||
				     (result[i] < 0 && crush_get_bucket(m, result[i]) == NULL)))
					abort();
		}
	}
	if (crush_do_rule(m, 0, 0, result, CRUSH_MAX_RESULT + 1, weights, nw,
			  CRUSH_NO_CHOOSE_ARGS) != -EINVAL)
		abort();
}

/* What `ceph osd tree`-style views read. */
static void
walk(const struct crush_map *m)
{
	int nb = crush_max_buckets(m);

	for (int i = 0; i < nb && i < 256; i++) {
		int32_t id = -1 - i;
		const struct crush_bucket *b = crush_get_bucket(m, id);

		if (b == NULL)
			continue;
		if (b->id != id)
			abort();
		(void)crush_item_name(m, id);
		(void)crush_type_name(m, b->type);
		(void)crush_item_parent(m, id);
		(void)crush_bucket_is_shadow(m, id);
		for (uint32_t j = 0; j < b->size && j < 64; j++) {
			(void)crush_item_type(m, b->items[j]);
			(void)crush_item_class(m, b->items[j]);
			(void)crush_item_parent(m, b->items[j]);
			(void)crush_class_shadow(m, id, 0);
		}
	}
	(void)crush_find_rule(m, "replicated_rule");
}

static void
reencode(const struct crush_map *m)
{
	struct buf e1 = BUF_INIT, e2 = BUF_INIT;
	struct crush_map *m2;
	struct dec d;

	crush_encode(m, &e1);
	dec_init(&d, buf_contig(&e1, 0, e1.len), e1.len);
	if (crush_decode(&d, &m2) != 0)
		abort();
	crush_encode(m2, &e2);
	if (!buf_equal(&e1, &e2))
		abort();
	crush_free(m2);
	buf_free(&e2);
	buf_free(&e1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crush_map *m;
	struct dec d;

	dec_init(&d, data, size);
	if (crush_decode(&d, &m) != 0) {
		if (m != NULL)
			abort();
		return 0;
	}
	map_rules(m, size);
	walk(m);
	reencode(m);
	crush_free(m);
	return 0;
}
