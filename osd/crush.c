/*
 * crush.c — decoding the CRUSH map blob (src/crush/CrushWrapper.cc:
 * CrushWrapper::decode and decode_crush_bucket) and read-only lookups on the
 * decoded map. The mapper itself is in crush_mapper.c.
 *
 * The blob has no version header: magic, three capacities, the bucket and
 * rule slots, three name maps, then optional trailing groups (tunables,
 * device classes, choose_args) that older encoders did not write. See
 * shared/docs/ceph-wire/02-mon-osdmap.md §4 for the layout.
 *
 * Beyond what Ceph checks, the decoder refuses maps the mapper could not use
 * safely: a bucket whose id is not -1 - slot, mismatched alg bytes, choose
 * args for a bucket outside the map, map keys out of order, and cycles in
 * the bucket hierarchy (the mapper descends until it meets the wanted type,
 * so a cycle would never end).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/enc.h"
#include "common/log.h"
#include "common/mem.h"
#include "osd/crush.h"
#include "osd/crush_mapper.h"

/* ---- buckets ---- */

static void
bucket_free(struct crush_bucket *b)
{
	if (b == NULL)
		return;
	free(b->items);
	free(b->item_weights);
	free(b->sum_weights);
	free(b->straws);
	free(b->node_weights);
	free(b);
}

/* Bytes each item takes on the wire beyond its id, by algorithm. */
static size_t
bucket_item_extra(uint32_t alg)
{
	switch (alg) {
	case CRUSH_BUCKET_LIST:
	case CRUSH_BUCKET_STRAW:
		return 8;
	case CRUSH_BUCKET_STRAW2:
		return 4;
	default:
		return 0;
	}
}

static int
dec_u32_array(struct dec *d, uint32_t n, uint32_t **out)
{
	uint32_t *a = xcalloc(n, sizeof(*a));

	for (uint32_t i = 0; i < n; i++)
		dec_u32(d, &a[i]);
	*out = a;
	return d->err;
}

static int
dec_bucket(struct dec *d, int32_t slot, struct crush_bucket **out)
{
	struct crush_bucket *b;
	uint32_t alg;
	uint8_t alg2, nodes;
	int r;

	*out = NULL;
	if ((r = dec_u32(d, &alg)) != 0)
		return r;
	if (alg == 0)
		return 0;               /* empty slot */
	if (alg > CRUSH_BUCKET_STRAW2) {
		log_error(LOG_CRUSH, "crush: bucket slot %d: unknown algorithm %u", slot, alg);
		return dec_fail(d, -EPROTO);
	}

	b = xcalloc(1, sizeof(*b));
	*out = b;
	dec_s32(d, &b->id);
	dec_u16(d, &b->type);
	dec_u8(d, &alg2);
	dec_u8(d, &b->hash);
	dec_u32(d, &b->weight);
	if ((r = dec_count(d, 4 + bucket_item_extra(alg), &b->size)) != 0)
		return r;
	if (b->id != -1 - slot || alg2 != alg) {
		log_error(LOG_CRUSH, "crush: bucket slot %d: id %d alg %u/%u inconsistent",
			  slot, b->id, alg, alg2);
		return dec_fail(d, -EPROTO);
	}
	b->alg = (uint8_t)alg;
	b->items = xcalloc(b->size, sizeof(*b->items));
	for (uint32_t i = 0; i < b->size; i++)
		dec_s32(d, &b->items[i]);
	b->item_weights = xcalloc(b->size, sizeof(*b->item_weights));

	switch (alg) {
	case CRUSH_BUCKET_UNIFORM: {
		uint32_t w = 0;

		dec_u32(d, &w);
		for (uint32_t i = 0; i < b->size; i++)
			b->item_weights[i] = w;
		break;
	}
	case CRUSH_BUCKET_LIST:
		b->sum_weights = xcalloc(b->size, sizeof(*b->sum_weights));
		for (uint32_t i = 0; i < b->size; i++) {
			dec_u32(d, &b->item_weights[i]);
			dec_u32(d, &b->sum_weights[i]);
		}
		break;
	case CRUSH_BUCKET_TREE:
		/* Leaves are the odd nodes: item i lives at node 2i+1. */
		if ((r = dec_u8(d, &nodes)) != 0)
			return r;
		b->num_nodes = nodes;
		if ((r = dec_u32_array(d, b->num_nodes, &b->node_weights)) != 0)
			return r;
		for (uint32_t i = 0; i < b->size && 2 * i + 1 < b->num_nodes; i++)
			b->item_weights[i] = b->node_weights[2 * i + 1];
		break;
	case CRUSH_BUCKET_STRAW:
		b->straws = xcalloc(b->size, sizeof(*b->straws));
		for (uint32_t i = 0; i < b->size; i++) {
			dec_u32(d, &b->item_weights[i]);
			dec_u32(d, &b->straws[i]);
		}
		break;
	case CRUSH_BUCKET_STRAW2:
		for (uint32_t i = 0; i < b->size; i++)
			dec_u32(d, &b->item_weights[i]);
		break;
	}
	return d->err;
}

/* ---- rules ---- */

static void
rule_free(struct crush_rule *r)
{
	if (r == NULL)
		return;
	free(r->steps);
	free(r);
}

static int
dec_rule(struct dec *d, struct crush_rule **out)
{
	struct crush_rule *rule;
	uint32_t exists;
	int r;

	*out = NULL;
	if ((r = dec_u32(d, &exists)) != 0)
		return r;
	if (!exists)
		return 0;
	rule = xcalloc(1, sizeof(*rule));
	*out = rule;
	if ((r = dec_count(d, 12, &rule->len)) != 0)
		return r;
	/* The "mask": ruleset, type, min_size, max_size (src/crush/crush.h). */
	dec_u8(d, &rule->ruleset);
	dec_u8(d, &rule->type);
	dec_u8(d, &rule->min_size);
	dec_u8(d, &rule->max_size);
	rule->steps = xcalloc(rule->len, sizeof(*rule->steps));
	for (uint32_t i = 0; i < rule->len; i++) {
		dec_u32(d, &rule->steps[i].op);
		dec_s32(d, &rule->steps[i].arg1);
		dec_s32(d, &rule->steps[i].arg2);
	}
	return d->err;
}

/* ---- maps ---- */

static void
names_free(struct crush_name *n, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++)
		free(n[i].name);
	free(n);
}

/*
 * map<int32,string>. Keys must be strictly ascending (every Ceph encoder
 * writes an ordered std::map), which lets lookups bisect.
 *
 * old_key_quirk: the type/item/rule name maps were once written with 64-bit
 * keys; Ceph tolerates that by reading a u32 length and, if it is 0, taking
 * the next u32 as the real length (CrushWrapper.cc:
 * decode_32_or_64_string_map). So an empty name cannot be represented there.
 */
static int
dec_name_map(struct dec *d, int old_key_quirk, struct crush_name **out, uint32_t *count)
{
	struct crush_name *names;
	uint32_t n, len;
	const uint8_t *s;
	int r;

	*out = NULL;
	*count = 0;
	if ((r = dec_count(d, 8, &n)) != 0)
		return r;
	names = xcalloc(n, sizeof(*names));
	*out = names;
	for (uint32_t i = 0; i < n; i++) {
		dec_s32(d, &names[i].id);
		dec_u32(d, &len);
		if (len == 0 && old_key_quirk)
			dec_u32(d, &len);
		if ((r = dec_ptr(d, len, &s)) != 0)
			return r;
		if (i > 0 && names[i].id <= names[i - 1].id)
			return dec_fail(d, -EPROTO);
		/*
		 * Names are kept as C strings and re-encoded with strlen, so one
		 * holding a NUL would come out shorter; an empty one in a quirk
		 * map would re-encode as the 64-bit-key marker. Ceph only makes
		 * non-empty [A-Za-z0-9_.-] names (CrushWrapper::is_valid_crush_name).
		 */
		if (memchr(s, '\0', len) != NULL || (len == 0 && old_key_quirk))
			return dec_fail(d, -EPROTO);
		names[i].name = xmalloc((size_t)len + 1);
		memcpy(names[i].name, s, len);
		names[i].name[len] = '\0';
		*count = i + 1;
	}
	return d->err;
}

static int
dec_class_map(struct dec *d, struct crush_map *m)
{
	uint32_t n;
	int r;

	if ((r = dec_count(d, 8, &n)) != 0)
		return r;
	m->class_map = xcalloc(n, sizeof(*m->class_map));
	m->nclass_map = n;
	for (uint32_t i = 0; i < n; i++) {
		dec_s32(d, &m->class_map[i].item);
		dec_s32(d, &m->class_map[i].class_id);
		if (d->err == 0 && i > 0 && m->class_map[i].item <= m->class_map[i - 1].item)
			return dec_fail(d, -EPROTO);
	}
	return d->err;
}

/* map<int32, map<int32,int32>> flattened into (bucket, class, shadow) rows. */
static int
dec_class_buckets(struct dec *d, struct crush_map *m)
{
	uint32_t n, inner;
	int32_t bucket, prev_bucket = 0;
	int r;

	if ((r = dec_count(d, 8, &n)) != 0)
		return r;
	for (uint32_t i = 0; i < n; i++) {
		dec_s32(d, &bucket);
		if ((r = dec_count(d, 8, &inner)) != 0)
			return r;
		if (i > 0 && bucket <= prev_bucket)
			return dec_fail(d, -EPROTO);
		prev_bucket = bucket;
		m->class_buckets = xreallocarray(m->class_buckets, m->nclass_buckets + inner,
						 sizeof(*m->class_buckets));
		for (uint32_t j = 0; j < inner; j++) {
			struct crush_class_bucket *cb = &m->class_buckets[m->nclass_buckets];

			cb->bucket = bucket;
			dec_s32(d, &cb->class_id);
			dec_s32(d, &cb->shadow);
			if (d->err)
				return d->err;
			if (j > 0 && cb->class_id <= cb[-1].class_id)
				return dec_fail(d, -EPROTO);
			m->nclass_buckets++;
		}
	}
	return d->err;
}

static void
choose_arg_map_clear(struct crush_choose_arg_map *cam)
{
	for (uint32_t i = 0; i < cam->nargs; i++) {
		struct crush_choose_arg *a = &cam->args[i];

		for (uint32_t k = 0; k < a->weight_set_positions; k++)
			free(a->weight_set[k].weights);
		free(a->weight_set);
		free(a->ids);
	}
	free(cam->args);
}

static int
dec_choose_arg(struct dec *d, const struct crush_map *m, struct crush_choose_arg *a)
{
	const struct crush_bucket *b;
	int r;

	if ((r = dec_count(d, 4, &a->weight_set_positions)) != 0)
		return r;
	a->weight_set = xcalloc(a->weight_set_positions, sizeof(*a->weight_set));
	for (uint32_t k = 0; k < a->weight_set_positions; k++) {
		struct crush_weight_set *ws = &a->weight_set[k];

		if ((r = dec_count(d, 4, &ws->size)) != 0)
			return r;
		if ((r = dec_u32_array(d, ws->size, &ws->weights)) != 0)
			return r;
	}
	if ((r = dec_count(d, 4, &a->ids_size)) != 0)
		return r;
	/* Ceph asserts that replacement ids cover exactly the bucket's items. */
	b = m->buckets[a->bucket_index];
	if (a->ids_size != 0 && (b == NULL || b->size != a->ids_size))
		return dec_fail(d, -EPROTO);
	a->ids = xcalloc(a->ids_size, sizeof(*a->ids));
	for (uint32_t k = 0; k < a->ids_size; k++)
		dec_s32(d, &a->ids[k]);
	return d->err;
}

static int
dec_choose_args(struct dec *d, struct crush_map *m)
{
	uint32_t n;
	int r;

	if ((r = dec_count(d, 12, &n)) != 0)
		return r;
	m->choose_args = xcalloc(n, sizeof(*m->choose_args));
	for (uint32_t i = 0; i < n; i++) {
		struct crush_choose_arg_map *cam = &m->choose_args[i];
		uint32_t nargs;

		m->nchoose_args = i + 1;
		dec_s64(d, &cam->id);
		if ((r = dec_count(d, 12, &nargs)) != 0)
			return r;
		if (i > 0 && cam->id <= cam[-1].id)
			return dec_fail(d, -EPROTO);
		cam->args = xcalloc(nargs, sizeof(*cam->args));
		for (uint32_t j = 0; j < nargs; j++) {
			struct crush_choose_arg *a = &cam->args[j];

			if ((r = dec_u32(d, &a->bucket_index)) != 0)
				return r;
			/* Ceph asserts here; a wire value must not crash us. */
			if (a->bucket_index >= (uint32_t)m->max_buckets ||
			    (j > 0 && a->bucket_index <= a[-1].bucket_index)) {
				log_error(LOG_CRUSH, "crush: choose_args %lld: bad bucket index %u",
					  (long long)cam->id, a->bucket_index);
				return dec_fail(d, -EPROTO);
			}
			cam->nargs = j + 1;
			if ((r = dec_choose_arg(d, m, a)) != 0)
				return r;
		}
	}
	return d->err;
}

/* ---- hierarchy check ---- */

static const struct crush_bucket *
bucket_of(const struct crush_map *m, int32_t item)
{
	int64_t slot = -1 - (int64_t)item;

	if (item >= 0 || slot >= m->max_buckets)
		return NULL;
	return m->buckets[slot];
}

/*
 * Depth-first search over bucket -> child bucket edges; a child seen while
 * still on the stack closes a cycle. Iterative, with an explicit stack of at
 * most max_buckets frames, so a deep (legal) hierarchy cannot overflow ours.
 */
static int
check_acyclic(const struct crush_map *m)
{
	enum { WHITE, GREY, BLACK };
	uint8_t *colour = xcalloc((size_t)m->max_buckets, 1);
	int32_t *stack = xcalloc((size_t)m->max_buckets, sizeof(*stack));
	uint32_t *next = xcalloc((size_t)m->max_buckets, sizeof(*next));
	int r = 0;

	for (int32_t root = 0; root < m->max_buckets && r == 0; root++) {
		int32_t depth = 0;

		if (m->buckets[root] == NULL || colour[root] != WHITE)
			continue;
		stack[depth++] = root;
		colour[root] = GREY;
		next[root] = 0;
		while (depth > 0 && r == 0) {
			int32_t slot = stack[depth - 1];
			const struct crush_bucket *b = m->buckets[slot];
			const struct crush_bucket *child;

			if (next[slot] >= b->size) {
				colour[slot] = BLACK;
				depth--;
				continue;
			}
			child = bucket_of(m, b->items[next[slot]++]);
			if (child == NULL)
				continue;
			int32_t cs = -1 - child->id;
			if (colour[cs] == GREY) {
				log_error(LOG_CRUSH, "crush: bucket %d is its own ancestor", child->id);
				r = -EPROTO;
			} else if (colour[cs] == WHITE) {
				colour[cs] = GREY;
				next[cs] = 0;
				stack[depth++] = cs;
			}
		}
	}
	free(colour);
	free(stack);
	free(next);
	return r;
}

/* ---- decode ---- */

static void
set_legacy_tunables(struct crush_map *m)
{
	/* What argonaut-era maps mean when they carry no tunables. */
	m->choose_local_tries = 2;
	m->choose_local_fallback_tries = 5;
	m->choose_total_tries = 19;
	m->chooseleaf_descend_once = 0;
	m->chooseleaf_vary_r = 0;
	m->straw_calc_version = 0;
	m->allowed_bucket_algs = (1u << CRUSH_BUCKET_UNIFORM) | (1u << CRUSH_BUCKET_LIST) |
				 (1u << CRUSH_BUCKET_STRAW);
	m->chooseleaf_stable = 0;
}

static int
dec_body(struct dec *d, struct crush_map *m)
{
	uint32_t magic;
	int r;

	dec_u32(d, &magic);
	dec_s32(d, &m->max_buckets);
	dec_u32(d, &m->max_rules);
	dec_s32(d, &m->max_devices);
	if (d->err)
		return d->err;
	if (magic != CRUSH_MAGIC || m->max_buckets < 0 || m->max_devices < 0) {
		log_error(LOG_CRUSH, "crush: bad header (magic %#x, %d buckets, %d devices)",
			  magic, m->max_buckets, m->max_devices);
		return dec_fail(d, -EPROTO);
	}
	/* Every slot takes at least 4 bytes: refuse capacities the blob cannot hold. */
	if ((size_t)m->max_buckets > dec_remaining(d) / 4 ||
	    (size_t)m->max_rules > dec_remaining(d) / 4)
		return dec_fail(d, -EBADMSG);

	m->buckets = xcalloc((size_t)m->max_buckets, sizeof(*m->buckets));
	for (int32_t i = 0; i < m->max_buckets; i++)
		if ((r = dec_bucket(d, i, &m->buckets[i])) != 0)
			return r;
	m->rules = xcalloc(m->max_rules, sizeof(*m->rules));
	for (uint32_t i = 0; i < m->max_rules; i++)
		if ((r = dec_rule(d, &m->rules[i])) != 0)
			return r;

	if ((r = dec_name_map(d, 1, &m->type_names, &m->ntype_names)) != 0 ||
	    (r = dec_name_map(d, 1, &m->item_names, &m->nitem_names)) != 0 ||
	    (r = dec_name_map(d, 1, &m->rule_names, &m->nrule_names)) != 0)
		return r;

	/* Optional trailing groups, in the order newer releases appended them. */
	if (dec_remaining(d)) {
		dec_u32(d, &m->choose_local_tries);
		dec_u32(d, &m->choose_local_fallback_tries);
		dec_u32(d, &m->choose_total_tries);
	}
	if (dec_remaining(d))
		dec_u32(d, &m->chooseleaf_descend_once);
	if (dec_remaining(d))
		dec_u8(d, &m->chooseleaf_vary_r);
	if (dec_remaining(d))
		dec_u8(d, &m->straw_calc_version);
	if (dec_remaining(d))
		dec_u32(d, &m->allowed_bucket_algs);
	if (dec_remaining(d))
		dec_u8(d, &m->chooseleaf_stable);
	if (d->err)
		return d->err;
	if (dec_remaining(d)) {
		if ((r = dec_class_map(d, m)) != 0 ||
		    (r = dec_name_map(d, 0, &m->class_names, &m->nclass_names)) != 0 ||
		    (r = dec_class_buckets(d, m)) != 0)
			return r;
	}
	if (dec_remaining(d) && (r = dec_choose_args(d, m)) != 0)
		return r;
	/* Anything further (Squid's MSR tunables) is not Pacific's: ignore it. */
	return check_acyclic(m);
}

int
crush_decode(struct dec *d, struct crush_map **out)
{
	struct crush_map *m = xcalloc(1, sizeof(*m));
	int r;

	*out = NULL;
	set_legacy_tunables(m);
	r = dec_body(d, m);
	if (r == 0 && d->err)
		r = d->err;
	if (r) {
		if (d->err == 0)
			dec_fail(d, r);
		log_debug(LOG_CRUSH, 1, "crush: decode failed: %d", r);
		crush_free(m);
		return r;
	}
	m->work = crush_work_new(m);
	*out = m;
	return 0;
}

void
crush_free(struct crush_map *m)
{
	if (m == NULL)
		return;
	if (m->work)
		crush_work_free(m->work);
	if (m->buckets)
		for (int32_t i = 0; i < m->max_buckets; i++)
			bucket_free(m->buckets[i]);
	free(m->buckets);
	if (m->rules)
		for (uint32_t i = 0; i < m->max_rules; i++)
			rule_free(m->rules[i]);
	free(m->rules);
	names_free(m->type_names, m->ntype_names);
	names_free(m->item_names, m->nitem_names);
	names_free(m->rule_names, m->nrule_names);
	free(m->class_map);
	names_free(m->class_names, m->nclass_names);
	free(m->class_buckets);
	for (uint32_t i = 0; i < m->nchoose_args; i++)
		choose_arg_map_clear(&m->choose_args[i]);
	free(m->choose_args);
	free(m);
}

/* ---- lookups ---- */

static const char *
name_lookup(const struct crush_name *names, uint32_t n, int32_t id)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (names[mid].id == id)
			return names[mid].name;
		if (names[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct crush_choose_arg_map *
crush_find_choose_args(const struct crush_map *m, int64_t id)
{
	uint32_t lo = 0, hi = m->nchoose_args;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (m->choose_args[mid].id == id)
			return &m->choose_args[mid];
		if (m->choose_args[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
crush_max_devices(const struct crush_map *m)
{
	return m->max_devices;
}

int
crush_max_buckets(const struct crush_map *m)
{
	return m->max_buckets;
}

const struct crush_bucket *
crush_get_bucket(const struct crush_map *m, int32_t id)
{
	return bucket_of(m, id);
}

const struct crush_rule *
crush_get_rule(const struct crush_map *m, int ruleno)
{
	if (ruleno < 0 || (uint32_t)ruleno >= m->max_rules)
		return NULL;
	return m->rules[ruleno];
}

int
crush_rule_exists(const struct crush_map *m, int ruleno)
{
	return crush_get_rule(m, ruleno) != NULL;
}

int
crush_rule_type(const struct crush_map *m, int ruleno)
{
	const struct crush_rule *r = crush_get_rule(m, ruleno);

	return r ? r->type : -ENOENT;
}

const char *
crush_item_name(const struct crush_map *m, int32_t id)
{
	return name_lookup(m->item_names, m->nitem_names, id);
}

const char *
crush_type_name(const struct crush_map *m, int32_t type)
{
	return name_lookup(m->type_names, m->ntype_names, type);
}

const char *
crush_rule_name(const struct crush_map *m, int ruleno)
{
	return name_lookup(m->rule_names, m->nrule_names, ruleno);
}

int
crush_find_rule(const struct crush_map *m, const char *name)
{
	for (uint32_t i = 0; i < m->nrule_names; i++)
		if (strcmp(m->rule_names[i].name, name) == 0 &&
		    crush_rule_exists(m, m->rule_names[i].id))
			return m->rule_names[i].id;
	return -ENOENT;
}

const char *
crush_item_class(const struct crush_map *m, int32_t id)
{
	uint32_t lo = 0, hi = m->nclass_map;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (m->class_map[mid].item == id)
			return name_lookup(m->class_names, m->nclass_names,
					   m->class_map[mid].class_id);
		if (m->class_map[mid].item < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
crush_item_type(const struct crush_map *m, int32_t id)
{
	const struct crush_bucket *b;

	if (id >= 0)
		return id < m->max_devices ? 0 : -ENOENT;
	b = bucket_of(m, id);
	return b ? b->type : -ENOENT;
}

int
crush_class_shadow(const struct crush_map *m, int32_t bucket, int32_t class_id)
{
	for (uint32_t i = 0; i < m->nclass_buckets; i++)
		if (m->class_buckets[i].bucket == bucket &&
		    m->class_buckets[i].class_id == class_id)
			return m->class_buckets[i].shadow;
	return -ENOENT;
}

int
crush_bucket_is_shadow(const struct crush_map *m, int32_t id)
{
	const char *name = crush_item_name(m, id);

	return id < 0 && name != NULL && strchr(name, '~') != NULL;
}

int32_t
crush_item_parent(const struct crush_map *m, int32_t id)
{
	for (int32_t slot = 0; slot < m->max_buckets; slot++) {
		const struct crush_bucket *b = m->buckets[slot];

		if (b == NULL || crush_bucket_is_shadow(m, b->id))
			continue;
		for (uint32_t i = 0; i < b->size; i++)
			if (b->items[i] == id)
				return b->id;
	}
	return 0;
}
