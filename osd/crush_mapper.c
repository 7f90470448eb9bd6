/*
 * crush_mapper.c — CRUSH placement: x -> rule -> list of devices, with the
 * semantics of Pacific's src/crush/mapper.c (bucket choose functions for all
 * five algorithms, choose_firstn, choose_indep, the reweight test and
 * crush_do_rule, tunables and choose_args included). The algorithm is
 * described in shared/docs/ceph-wire/02-mon-osdmap.md §5.
 *
 * Safety on hostile maps: the decoder guarantees bucket ids match their
 * slots, arrays match their counts and the hierarchy is acyclic; here every
 * item is range-checked before it is used as an index, and the retry counts a
 * map can ask for are capped (CRUSH_TRIES_CAP) so a mapping always ends
 * quickly. No allocation happens per mapping: the workspace (uniform-bucket
 * permutations and the rule's three scratch vectors) belongs to the map.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "osd/crush.h"
#include "osd/crush_hash.h"
#include "osd/crush_ln.h"
#include "osd/crush_mapper.h"

/*
 * Upper bound on every retry count taken from a map or rule (total tries,
 * leaf tries, local retries). Real maps use at most ~100; Ceph has no bound,
 * and a crafted 2^31 would make one mapping run for minutes.
 */
#define CRUSH_TRIES_CAP         1000u
/* Upper bound on a firstn step's numrep (replica loop iterations). */
#define CRUSH_NUMREP_CAP        (4 * CRUSH_MAX_RESULT)

/*
 * Uniform-bucket permutation state (Ceph's crush_work_bucket). It is valid
 * only for the mapping generation it was built in: bumping work->gen at the
 * start of each crush_do_rule() resets every bucket at once, the equivalent
 * of Ceph re-initialising the workspace per mapping.
 */
struct crush_work_bucket {
	uint32_t gen;
	uint32_t perm_x;
	uint32_t perm_n;        /* leading perm[] entries already fixed */
	int r0_only;            /* only perm[0] is known (the r = 0 shortcut) */
	uint32_t *perm;         /* size entries */
};

struct crush_work {
	uint32_t gen;
	int32_t nbuckets;
	struct crush_work_bucket *wb;
	uint32_t *perm_space;
	int scratch[3][CRUSH_MAX_RESULT];
};

struct crush_work *
crush_work_new(const struct crush_map *m)
{
	struct crush_work *w = xcalloc(1, sizeof(*w));
	size_t total = 0, off = 0;

	w->nbuckets = m->max_buckets;
	w->wb = xcalloc((size_t)m->max_buckets, sizeof(*w->wb));
	for (int32_t i = 0; i < m->max_buckets; i++)
		if (m->buckets[i])
			total += m->buckets[i]->size;
	w->perm_space = xcalloc(total, sizeof(*w->perm_space));
	for (int32_t i = 0; i < m->max_buckets; i++) {
		if (m->buckets[i] == NULL)
			continue;
		w->wb[i].perm = w->perm_space + off;
		off += m->buckets[i]->size;
	}
	return w;
}

void
crush_work_free(struct crush_work *w)
{
	if (w == NULL)
		return;
	free(w->wb);
	free(w->perm_space);
	free(w);
}

/* Everything a mapping needs, passed down the recursion as one pointer. */
struct mapctx {
	const struct crush_map *m;
	struct crush_work *w;
	const uint32_t *weights;        /* OSDMap in/out weights */
	int weight_max;
	uint32_t x;
	const struct crush_choose_arg_map *cam; /* NULL: no choose_args */
};

static const struct crush_bucket *
lookup_bucket(const struct crush_map *m, int32_t item)
{
	int64_t slot = -1 - (int64_t)item;

	if (item >= 0 || slot >= m->max_buckets)
		return NULL;
	return m->buckets[slot];
}

/* ---- bucket choose functions: (bucket, x, r) -> one of its items ---- */

/*
 * Pseudo-random permutation of the bucket's positions, drawn lazily: the
 * permutation for x is extended one Fisher-Yates step at a time until it
 * covers position r % size. r = 0 first gets a shortcut that computes only
 * perm[0]; if more is asked for, the rest is built around that choice.
 */
static int32_t
perm_choose(const struct mapctx *c, const struct crush_bucket *b, uint32_t r)
{
	struct crush_work_bucket *wb = &c->w->wb[-1 - b->id];
	uint32_t size = b->size;
	uint32_t pr = r % size;
	uint32_t i;

	if (wb->gen != c->w->gen || wb->perm_x != c->x || wb->perm_n == 0) {
		wb->gen = c->w->gen;
		wb->perm_x = c->x;
		if (pr == 0) {
			wb->perm[0] = crush_hash32_3(b->hash, c->x, (uint32_t)b->id, 0) % size;
			wb->perm_n = 1;
			wb->r0_only = 1;
			return b->items[wb->perm[0]];
		}
		for (i = 0; i < size; i++)
			wb->perm[i] = i;
		wb->perm_n = 0;
		wb->r0_only = 0;
	} else if (wb->r0_only) {
		/* Identity with position 0 swapped with the shortcut's pick. */
		uint32_t s = wb->perm[0];

		for (i = 1; i < size; i++)
			wb->perm[i] = i;
		wb->perm[s] = 0;
		wb->perm[0] = s;
		wb->perm_n = 1;
		wb->r0_only = 0;
	}

	while (wb->perm_n <= pr) {
		uint32_t p = wb->perm_n;

		if (p + 1 < size) {
			uint32_t j = p + crush_hash32_3(b->hash, c->x, (uint32_t)b->id, p) %
					 (size - p);
			uint32_t t = wb->perm[j];

			wb->perm[j] = wb->perm[p];
			wb->perm[p] = t;
		}
		wb->perm_n++;
	}
	return b->items[wb->perm[pr]];
}

/* List: walk from the newest item back; each takes x with chance w / sum. */
static int32_t
list_choose(const struct mapctx *c, const struct crush_bucket *b, uint32_t r)
{
	for (uint32_t i = b->size; i-- > 0;) {
		uint64_t w = crush_hash32_4(b->hash, c->x, (uint32_t)b->items[i], r,
					    (uint32_t)b->id) & 0xffff;

		w = (w * b->sum_weights[i]) >> 16;
		if (w < b->item_weights[i])
			return b->items[i];
	}
	return b->items[0];
}

/*
 * Tree: an implicit binary tree over node numbers; leaves are odd, a node's
 * height is its number of trailing zeros, children are n -/+ 2^(height-1).
 * Node weights out of the encoded range, or a leaf past the items, end the
 * walk safely (a well-formed map never does that).
 */
static int32_t
tree_choose(const struct mapctx *c, const struct crush_bucket *b, uint32_t r)
{
	uint32_t n = b->num_nodes >> 1;

	while (n != 0 && (n & 1) == 0) {
		uint32_t half = 1u << (__builtin_ctz(n) - 1);
		uint32_t left = n - half;
		uint64_t t;

		if (n >= b->num_nodes)
			return b->items[0];
		t = (uint64_t)crush_hash32_4(b->hash, c->x, n, r, (uint32_t)b->id) *
		    b->node_weights[n];
		t >>= 32;
		n = t < b->node_weights[left] ? left : n + half;
	}
	if ((n >> 1) >= b->size)
		return b->items[0];
	return b->items[n >> 1];
}

/* Straw (v1): longest scaled straw wins; lengths come precomputed in the map. */
static int32_t
straw_choose(const struct mapctx *c, const struct crush_bucket *b, uint32_t r)
{
	uint64_t best = 0;
	uint32_t win = 0;

	for (uint32_t i = 0; i < b->size; i++) {
		uint64_t draw = crush_hash32_3(b->hash, c->x, (uint32_t)b->items[i], r) & 0xffff;

		draw *= b->straws[i];
		if (i == 0 || draw > best) {
			best = draw;
			win = i;
		}
	}
	return b->items[win];
}

static const struct crush_choose_arg *
find_arg(const struct crush_choose_arg_map *cam, uint32_t bucket_index)
{
	uint32_t lo = 0, hi = cam->nargs;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (cam->args[mid].bucket_index == bucket_index)
			return &cam->args[mid];
		if (cam->args[mid].bucket_index < bucket_index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Straw2: every item draws ln(u) / weight with u uniform in (0, 1], i.e. an
 * exponential variable scaled by its weight; the largest draw wins. Draws
 * depend only on the item itself, which is what makes straw2 move the minimum
 * of data when one weight changes.
 *
 * choose_args may replace the weights (one vector per output position, the
 * last one reused for later positions) and the ids that feed the hash.
 */
static int32_t
straw2_choose(const struct mapctx *c, const struct crush_bucket *b, uint32_t r,
	      int position)
{
	const uint32_t *weights = b->item_weights;
	const int32_t *ids = b->items;
	const struct crush_choose_arg *arg = NULL;
	int64_t best = 0;
	uint32_t win = 0;

	if (c->cam)
		arg = find_arg(c->cam, (uint32_t)(-1 - b->id));
	if (arg && arg->weight_set_positions > 0) {
		uint32_t pos = (uint32_t)position;
		const struct crush_weight_set *ws;

		if (pos >= arg->weight_set_positions)
			pos = arg->weight_set_positions - 1;
		ws = &arg->weight_set[pos];
		/* A weight-set not matching the bucket is unusable: keep ours. */
		if (ws->size == b->size)
			weights = ws->weights;
	}
	if (arg && arg->ids_size == b->size && arg->ids_size > 0)
		ids = arg->ids;

	for (uint32_t i = 0; i < b->size; i++) {
		int64_t draw;

		if (weights[i] != 0) {
			uint32_t u = crush_hash32_3(b->hash, c->x, (uint32_t)ids[i], r) & 0xffff;
			/* ln is in [-2^48, 0); Ceph divides by the weight as an int. */
			int64_t ln = (int64_t)crush_ln(u) - (INT64_C(1) << 48);

			draw = ln / (int64_t)(int32_t)weights[i];
		} else {
			draw = INT64_MIN;
		}
		if (i == 0 || draw > best) {
			best = draw;
			win = i;
		}
	}
	return b->items[win];
}

static int32_t
bucket_choose(const struct mapctx *c, const struct crush_bucket *b, uint32_t r, int position)
{
	switch (b->alg) {
	case CRUSH_BUCKET_UNIFORM:
		return perm_choose(c, b, r);
	case CRUSH_BUCKET_LIST:
		return list_choose(c, b, r);
	case CRUSH_BUCKET_TREE:
		return tree_choose(c, b, r);
	case CRUSH_BUCKET_STRAW:
		return straw_choose(c, b, r);
	case CRUSH_BUCKET_STRAW2:
		return straw2_choose(c, b, r, position);
	default:
		return b->items[0];
	}
}

/*
 * Reweight test: a device whose OSDMap weight is below 0x10000 keeps only
 * the x whose hash with it falls under that weight. It depends on (x, item)
 * alone, so a partially weighted OSD refuses the same inputs on every retry.
 */
static int
is_out(const struct mapctx *c, int32_t item)
{
	uint32_t w;

	/* A bucket reaching here means a rule asked for type 0 buckets. */
	if (item < 0 || item >= c->weight_max)
		return 1;
	w = c->weights[item];
	if (w >= 0x10000)
		return 0;
	if (w == 0)
		return 1;
	return (crush_hash32_2(CRUSH_HASH_RJENKINS1, c->x, (uint32_t)item) & 0xffff) >= w;
}

/* Type of a chosen item, or -1 if it is a bucket id with no bucket. */
static int
item_type(const struct crush_map *m, int32_t item, const struct crush_bucket **bp)
{
	const struct crush_bucket *b;

	*bp = NULL;
	if (item >= 0)
		return 0;
	b = lookup_bucket(m, item);
	if (b == NULL)
		return -1;
	*bp = b;
	return b->type;
}

/* ---- choose_firstn: replicas, packed to the front ---- */

struct firstn_params {
	unsigned recurse_tries;
	unsigned local_retries;
	unsigned local_fallback_retries;
	unsigned vary_r;
	unsigned stable;
};

/*
 * Fill out[outpos..] with up to numrep items of the given type found under
 * bucket (at most out_size of them). With recurse_to_leaf, each chosen item
 * is also resolved to a device, written to out2 at the same position.
 * Returns the new outpos.
 */
static int
choose_firstn(const struct mapctx *c, const struct crush_bucket *bucket, int numrep,
	      int type, int *out, int outpos, int out_size, const struct firstn_params *p,
	      unsigned tries, int recurse_to_leaf, int *out2, uint32_t parent_r)
{
	const struct crush_map *m = c->m;
	int left = out_size;

	if (numrep > CRUSH_NUMREP_CAP)
		numrep = CRUSH_NUMREP_CAP;

	for (int rep = p->stable ? 0 : outpos; rep < numrep && left > 0; rep++) {
		unsigned ftotal = 0;
		int placed = 0, give_up = 0;
		int32_t item = 0;

		while (!placed && !give_up) {           /* one descent from the top */
			const struct crush_bucket *in = bucket;
			unsigned flocal = 0;
			int again = 1;

			while (again) {                 /* one choice within `in` */
				const struct crush_bucket *ib;
				int collide = 0, reject = 0, itype;
				uint32_t r = (uint32_t)rep + parent_r + ftotal;

				again = 0;
				if (in->size == 0) {
					reject = 1;
				} else {
					if (p->local_fallback_retries > 0 &&
					    flocal >= (in->size >> 1) &&
					    flocal > p->local_fallback_retries)
						item = perm_choose(c, in, r);
					else
						item = bucket_choose(c, in, r, outpos);
					itype = item_type(m, item, &ib);
					if (item >= m->max_devices || itype < 0) {
						give_up = 1;    /* no such device or bucket */
						break;
					}
					if (itype != type) {
						if (ib == NULL) {       /* a device: too deep */
							give_up = 1;
							break;
						}
						in = ib;        /* go one level down */
						again = 1;
						continue;
					}
					for (int i = 0; i < outpos; i++)
						if (out[i] == item) {
							collide = 1;
							break;
						}
					if (!collide && recurse_to_leaf) {
						if (item < 0) {
							unsigned sh = (p->vary_r - 1) & 31;
							uint32_t sub_r = p->vary_r ? r >> sh : 0;
							int got = choose_firstn(c, ib,
								p->stable ? 1 : outpos + 1, 0,
								out2, outpos, left, p,
								p->recurse_tries, 0, NULL, sub_r);

							if (got <= outpos)
								reject = 1;     /* no leaf */
						} else {
							out2[outpos] = item;
						}
					}
					if (!reject && !collide && itype == 0)
						reject = is_out(c, item);
				}
				if (!reject && !collide) {
					placed = 1;
					break;
				}
				ftotal++;
				flocal++;
				if (collide && flocal <= p->local_retries)
					again = 1;
				else if (p->local_fallback_retries > 0 &&
					 flocal <= in->size + p->local_fallback_retries)
					again = 1;
				else if (ftotal >= tries)
					give_up = 1;
				/* else: leave this loop and descend again from the top */
			}
		}
		if (!placed)
			continue;
		out[outpos++] = item;
		left--;
	}
	return outpos;
}

/* ---- choose_indep: erasure shards, positions are kept ---- */

/*
 * Fill out[outpos .. outpos+left) position by position; a position that
 * cannot be filled ends up CRUSH_ITEM_NONE instead of shifting the others.
 * r depends on the position and the round, so that a failure in one shard
 * does not reshuffle the rest.
 */
static void
choose_indep(const struct mapctx *c, const struct crush_bucket *bucket, int left,
	     int numrep, int type, int *out, int outpos, unsigned tries,
	     unsigned recurse_tries, int recurse_to_leaf, int *out2, uint32_t parent_r)
{
	const struct crush_map *m = c->m;
	int endpos = outpos + left;

	for (int rep = outpos; rep < endpos; rep++) {
		out[rep] = CRUSH_ITEM_UNDEF;
		if (out2)
			out2[rep] = CRUSH_ITEM_UNDEF;
	}

	for (unsigned ftotal = 0; left > 0 && ftotal < tries; ftotal++) {
		for (int rep = outpos; rep < endpos; rep++) {
			const struct crush_bucket *in = bucket;

			if (out[rep] != CRUSH_ITEM_UNDEF)
				continue;
			for (;;) {
				const struct crush_bucket *ib;
				uint32_t r = (uint32_t)rep + parent_r;
				int32_t item;
				int itype, collide = 0;

				/* Uniform buckets whose size numrep divides need a
				 * different stride, or retries would repeat. */
				if (in->alg == CRUSH_BUCKET_UNIFORM && in->size % (uint32_t)numrep == 0)
					r += ((uint32_t)numrep + 1) * ftotal;
				else
					r += (uint32_t)numrep * ftotal;

				if (in->size == 0)
					break;          /* try again next round */
				item = bucket_choose(c, in, r, outpos);
				itype = item_type(m, item, &ib);
				if (item >= m->max_devices || itype < 0) {
					out[rep] = CRUSH_ITEM_NONE;
					if (out2)
						out2[rep] = CRUSH_ITEM_NONE;
					left--;
					break;
				}
				if (itype != type) {
					if (ib == NULL) {
						out[rep] = CRUSH_ITEM_NONE;
						if (out2)
							out2[rep] = CRUSH_ITEM_NONE;
						left--;
						break;
					}
					in = ib;
					continue;
				}
				for (int i = outpos; i < endpos; i++)
					if (out[i] == item) {
						collide = 1;
						break;
					}
				if (collide)
					break;
				if (recurse_to_leaf) {
					if (item < 0) {
						choose_indep(c, ib, 1, numrep, 0, out2, rep,
							     recurse_tries, 0, 0, NULL, r);
						if (out2[rep] == CRUSH_ITEM_NONE)
							break;  /* no leaf under it */
					} else {
						out2[rep] = item;
					}
				}
				if (itype == 0 && is_out(c, item))
					break;
				out[rep] = item;
				left--;
				break;
			}
		}
	}
	for (int rep = outpos; rep < endpos; rep++) {
		if (out[rep] == CRUSH_ITEM_UNDEF)
			out[rep] = CRUSH_ITEM_NONE;
		if (out2 && out2[rep] == CRUSH_ITEM_UNDEF)
			out2[rep] = CRUSH_ITEM_NONE;
	}
}

/* ---- rules ---- */

static unsigned
cap_tries(uint64_t v)
{
	return v > CRUSH_TRIES_CAP ? CRUSH_TRIES_CAP : (unsigned)v;
}

int
crush_do_rule(const struct crush_map *m, int ruleno, uint32_t x, int *result,
	      int result_max, const uint32_t *weights, int weight_max,
	      int64_t choose_args_id)
{
	struct crush_work *w = m->work;
	const struct crush_rule *rule;
	struct mapctx c;
	struct firstn_params p;
	int *wv, *ov, *leaf;
	int wsize = 0, result_len = 0;
	/* Ceph's choose_total_tries counts retries; +1 makes it tries (u32 wrap kept). */
	unsigned choose_tries = cap_tries((uint32_t)(m->choose_total_tries + 1));
	unsigned leaf_tries = 0;

	if (result_max > CRUSH_MAX_RESULT)
		return -EINVAL;
	rule = crush_get_rule(m, ruleno);
	if (rule == NULL || result_max <= 0 || w == NULL)
		return 0;
	if (weights == NULL || weight_max < 0)
		weight_max = 0;

	c.m = m;
	c.w = w;
	c.weights = weights;
	c.weight_max = weight_max;
	c.x = x;
	c.cam = NULL;
	if (choose_args_id != CRUSH_NO_CHOOSE_ARGS) {
		c.cam = crush_find_choose_args(m, choose_args_id);
		if (c.cam == NULL)
			c.cam = crush_find_choose_args(m, CRUSH_DEFAULT_CHOOSE_ARGS);
	}
	w->gen++;       /* forget every uniform permutation of the last mapping */
	if (w->gen == 0) {
		/* wrapped: make sure no stale state can match generation 1.. */
		for (int32_t i = 0; i < w->nbuckets; i++)
			w->wb[i].gen = 0;
		w->gen = 1;
	}

	p.local_retries = cap_tries(m->choose_local_tries);
	p.local_fallback_retries = cap_tries(m->choose_local_fallback_tries);
	p.vary_r = m->chooseleaf_vary_r;
	p.stable = m->chooseleaf_stable;
	wv = w->scratch[0];
	ov = w->scratch[1];
	leaf = w->scratch[2];

	for (uint32_t s = 0; s < rule->len; s++) {
		const struct crush_rule_step *st = &rule->steps[s];
		int firstn = 0, recurse_to_leaf, osize;

		switch (st->op) {
		case CRUSH_RULE_TAKE:
			/* Only a real device or an existing bucket; else ignored. */
			if ((st->arg1 >= 0 && st->arg1 < m->max_devices) ||
			    lookup_bucket(m, st->arg1) != NULL) {
				wv[0] = st->arg1;
				wsize = 1;
			}
			break;
		case CRUSH_RULE_SET_CHOOSE_TRIES:
			if (st->arg1 > 0)
				choose_tries = cap_tries((uint32_t)st->arg1);
			break;
		case CRUSH_RULE_SET_CHOOSELEAF_TRIES:
			if (st->arg1 > 0)
				leaf_tries = cap_tries((uint32_t)st->arg1);
			break;
		case CRUSH_RULE_SET_CHOOSE_LOCAL_TRIES:
			if (st->arg1 >= 0)
				p.local_retries = cap_tries((uint32_t)st->arg1);
			break;
		case CRUSH_RULE_SET_CHOOSE_LOCAL_FALLBACK_TRIES:
			if (st->arg1 >= 0)
				p.local_fallback_retries = cap_tries((uint32_t)st->arg1);
			break;
		case CRUSH_RULE_SET_CHOOSELEAF_VARY_R:
			if (st->arg1 >= 0)
				p.vary_r = (unsigned)st->arg1;
			break;
		case CRUSH_RULE_SET_CHOOSELEAF_STABLE:
			if (st->arg1 >= 0)
				p.stable = (unsigned)st->arg1;
			break;

		case CRUSH_RULE_CHOOSELEAF_FIRSTN:
		case CRUSH_RULE_CHOOSE_FIRSTN:
			firstn = 1;
			/* fall through */
		case CRUSH_RULE_CHOOSELEAF_INDEP:
		case CRUSH_RULE_CHOOSE_INDEP:
			if (wsize == 0)
				break;
			recurse_to_leaf = st->op == CRUSH_RULE_CHOOSELEAF_FIRSTN ||
					  st->op == CRUSH_RULE_CHOOSELEAF_INDEP;
			osize = 0;
			for (int i = 0; i < wsize; i++) {
				const struct crush_bucket *b = lookup_bucket(m, wv[i]);
				int numrep = st->arg1;

				if (numrep <= 0) {
					numrep += result_max;
					if (numrep <= 0)
						continue;
				}
				if (b == NULL)          /* a device, NONE, or no bucket */
					continue;
				if (firstn) {
					if (leaf_tries)
						p.recurse_tries = leaf_tries;
					else if (m->chooseleaf_descend_once)
						p.recurse_tries = 1;
					else
						p.recurse_tries = choose_tries;
					osize += choose_firstn(&c, b, numrep, st->arg2, ov + osize,
							       0, result_max - osize, &p,
							       choose_tries, recurse_to_leaf,
							       leaf + osize, 0);
				} else {
					int n = numrep < result_max - osize ?
						numrep : result_max - osize;

					choose_indep(&c, b, n, numrep, st->arg2, ov + osize, 0,
						     choose_tries, leaf_tries ? leaf_tries : 1,
						     recurse_to_leaf, leaf + osize, 0);
					osize += n;
				}
			}
			if (recurse_to_leaf)
				memcpy(ov, leaf, (size_t)osize * sizeof(*ov));
			/* this step's output is the next step's input */
			{
				int *t = wv;

				wv = ov;
				ov = t;
			}
			wsize = osize;
			break;

		case CRUSH_RULE_EMIT:
			for (int i = 0; i < wsize && result_len < result_max; i++)
				result[result_len++] = wv[i];
			wsize = 0;
			break;

		default:        /* NOOP and ops Pacific does not know */
			break;
		}
	}
	return result_len;
}
