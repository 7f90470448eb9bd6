/*
 * crush_enc.c — writing a struct crush_map back as the blob Pacific's
 * CrushWrapper::encode produces with all features (the layout crush.c
 * decodes; shared/docs/ceph-wire/02-mon-osdmap.md §4).
 *
 * Used by tests (decode/encode round trips, crafted maps) and by anything
 * that must re-encode an OSDMap carrying a modified CRUSH map.
 */
#include "config.h"


#include "common/buf.h"
#include "common/enc.h"
#include "osd/crush.h"

static void
enc_bucket(struct buf *b, const struct crush_bucket *bk)
{
	if (bk == NULL) {
		enc_u32(b, 0);
		return;
	}
	enc_u32(b, bk->alg);
	enc_s32(b, bk->id);
	enc_u16(b, bk->type);
	enc_u8(b, bk->alg);
	enc_u8(b, bk->hash);
	enc_u32(b, bk->weight);
	enc_u32(b, bk->size);
	for (uint32_t i = 0; i < bk->size; i++)
		enc_s32(b, bk->items[i]);
	switch (bk->alg) {
	case CRUSH_BUCKET_UNIFORM:
		enc_u32(b, bk->size ? bk->item_weights[0] : 0);
		break;
	case CRUSH_BUCKET_LIST:
		for (uint32_t i = 0; i < bk->size; i++) {
			enc_u32(b, bk->item_weights[i]);
			enc_u32(b, bk->sum_weights[i]);
		}
		break;
	case CRUSH_BUCKET_TREE:
		enc_u8(b, (uint8_t)bk->num_nodes);
		for (uint32_t i = 0; i < (uint8_t)bk->num_nodes; i++)
			enc_u32(b, bk->node_weights[i]);
		break;
	case CRUSH_BUCKET_STRAW:
		for (uint32_t i = 0; i < bk->size; i++) {
			enc_u32(b, bk->item_weights[i]);
			enc_u32(b, bk->straws[i]);
		}
		break;
	case CRUSH_BUCKET_STRAW2:
		for (uint32_t i = 0; i < bk->size; i++)
			enc_u32(b, bk->item_weights[i]);
		break;
	}
}

static void
enc_rule(struct buf *b, const struct crush_rule *r)
{
	if (r == NULL) {
		enc_u32(b, 0);
		return;
	}
	enc_u32(b, 1);
	enc_u32(b, r->len);
	enc_u8(b, r->ruleset);
	enc_u8(b, r->type);
	enc_u8(b, r->min_size);
	enc_u8(b, r->max_size);
	for (uint32_t i = 0; i < r->len; i++) {
		enc_u32(b, r->steps[i].op);
		enc_s32(b, r->steps[i].arg1);
		enc_s32(b, r->steps[i].arg2);
	}
}

static void
enc_names(struct buf *b, const struct crush_name *n, uint32_t count)
{
	enc_u32(b, count);
	for (uint32_t i = 0; i < count; i++) {
		enc_s32(b, n[i].id);
		enc_cstr(b, n[i].name);
	}
}

static void
enc_class_buckets(struct buf *b, const struct crush_map *m)
{
	uint32_t nouter = 0;

	for (uint32_t i = 0; i < m->nclass_buckets; i++)
		if (i == 0 || m->class_buckets[i].bucket != m->class_buckets[i - 1].bucket)
			nouter++;
	enc_u32(b, nouter);
	for (uint32_t i = 0; i < m->nclass_buckets;) {
		uint32_t j = i;

		while (j < m->nclass_buckets && m->class_buckets[j].bucket == m->class_buckets[i].bucket)
			j++;
		enc_s32(b, m->class_buckets[i].bucket);
		enc_u32(b, j - i);
		for (; i < j; i++) {
			enc_s32(b, m->class_buckets[i].class_id);
			enc_s32(b, m->class_buckets[i].shadow);
		}
	}
}

static void
enc_choose_args(struct buf *b, const struct crush_map *m)
{
	enc_u32(b, m->nchoose_args);
	for (uint32_t i = 0; i < m->nchoose_args; i++) {
		const struct crush_choose_arg_map *cam = &m->choose_args[i];

		enc_s64(b, cam->id);
		enc_u32(b, cam->nargs);
		for (uint32_t j = 0; j < cam->nargs; j++) {
			const struct crush_choose_arg *a = &cam->args[j];

			enc_u32(b, a->bucket_index);
			enc_u32(b, a->weight_set_positions);
			for (uint32_t k = 0; k < a->weight_set_positions; k++) {
				enc_u32(b, a->weight_set[k].size);
				for (uint32_t l = 0; l < a->weight_set[k].size; l++)
					enc_u32(b, a->weight_set[k].weights[l]);
			}
			enc_u32(b, a->ids_size);
			for (uint32_t k = 0; k < a->ids_size; k++)
				enc_s32(b, a->ids[k]);
		}
	}
}

void
crush_encode(const struct crush_map *m, struct buf *b)
{
	enc_u32(b, CRUSH_MAGIC);
	enc_s32(b, m->max_buckets);
	enc_u32(b, m->max_rules);
	enc_s32(b, m->max_devices);
	for (int32_t i = 0; i < m->max_buckets; i++)
		enc_bucket(b, m->buckets[i]);
	for (uint32_t i = 0; i < m->max_rules; i++)
		enc_rule(b, m->rules[i]);
	enc_names(b, m->type_names, m->ntype_names);
	enc_names(b, m->item_names, m->nitem_names);
	enc_names(b, m->rule_names, m->nrule_names);

	enc_u32(b, m->choose_local_tries);
	enc_u32(b, m->choose_local_fallback_tries);
	enc_u32(b, m->choose_total_tries);
	enc_u32(b, m->chooseleaf_descend_once);
	enc_u8(b, m->chooseleaf_vary_r);
	enc_u8(b, m->straw_calc_version);
	enc_u32(b, m->allowed_bucket_algs);
	enc_u8(b, m->chooseleaf_stable);

	enc_u32(b, m->nclass_map);
	for (uint32_t i = 0; i < m->nclass_map; i++) {
		enc_s32(b, m->class_map[i].item);
		enc_s32(b, m->class_map[i].class_id);
	}
	enc_names(b, m->class_names, m->nclass_names);
	enc_class_buckets(b, m);
	enc_choose_args(b, m);
}
