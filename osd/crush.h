/*
 * crush.h — the CRUSH map: decoding Ceph's binary crush blob and computing
 * placements with it (Pacific 16.2.15 semantics).
 *
 * crush_decode() turns the blob found in an OSDMap (or `ceph osd getcrushmap`)
 * into a struct crush_map; crush_do_rule() maps an input x (a PG's pps)
 * through one rule to a list of OSD ids, exactly as src/crush/mapper.c does.
 *
 * The structures below are public so that views such as `ceph osd tree` can
 * walk them, but they are read-only outside osd/crush*.c. Every id and index
 * found in a decoded map is checked: bucket id == -1 - slot, arrays have the
 * sizes their counts say, the bucket hierarchy has no cycles. Items may still
 * name missing buckets or devices >= max_devices; the mapper treats those as
 * failed choices (as Ceph does), never as a crash.
 *
 * Not thread-safe: each map owns one mapping workspace (the uniform-bucket
 * permutation cache and the rule's scratch vectors), allocated at decode time
 * and reused by every crush_do_rule() call. One process per core, one caller
 * at a time.
 */
#ifndef OSDFARM_OSD_CRUSH_H
#define OSDFARM_OSD_CRUSH_H

#include <stdint.h>

struct dec;

#define CRUSH_MAGIC             0x00010000u

/* Result slots an indep rule could not fill (printed as 2147483647). */
#define CRUSH_ITEM_NONE         0x7fffffff
#define CRUSH_ITEM_UNDEF        0x7ffffffe      /* internal to the mapper */

/* Largest result_max crush_do_rule() accepts (pg_pool_t size is a u8). */
#define CRUSH_MAX_RESULT        256

/* choose_args_id meaning "use no choose_args at all" (see crush_do_rule). */
#define CRUSH_NO_CHOOSE_ARGS    INT64_MIN
/* The choose_args key of the balancer's "compat" weight-set. */
#define CRUSH_DEFAULT_CHOOSE_ARGS (-1)

enum crush_bucket_alg {
	CRUSH_BUCKET_UNIFORM = 1,
	CRUSH_BUCKET_LIST = 2,
	CRUSH_BUCKET_TREE = 3,
	CRUSH_BUCKET_STRAW = 4,
	CRUSH_BUCKET_STRAW2 = 5,
};

enum crush_rule_op {
	CRUSH_RULE_NOOP = 0,
	CRUSH_RULE_TAKE = 1,
	CRUSH_RULE_CHOOSE_FIRSTN = 2,
	CRUSH_RULE_CHOOSE_INDEP = 3,
	CRUSH_RULE_EMIT = 4,
	CRUSH_RULE_CHOOSELEAF_FIRSTN = 6,
	CRUSH_RULE_CHOOSELEAF_INDEP = 7,
	CRUSH_RULE_SET_CHOOSE_TRIES = 8,
	CRUSH_RULE_SET_CHOOSELEAF_TRIES = 9,
	CRUSH_RULE_SET_CHOOSE_LOCAL_TRIES = 10,
	CRUSH_RULE_SET_CHOOSE_LOCAL_FALLBACK_TRIES = 11,
	CRUSH_RULE_SET_CHOOSELEAF_VARY_R = 12,
	CRUSH_RULE_SET_CHOOSELEAF_STABLE = 13,
};

/* Rule types (they match pg_pool_t's type). */
#define CRUSH_RULE_TYPE_REPLICATED 1
#define CRUSH_RULE_TYPE_ERASURE    3

struct crush_bucket {
	int32_t id;             /* -1 - slot */
	uint16_t type;          /* index into the type names; 0 = device */
	uint8_t alg;            /* enum crush_bucket_alg */
	uint8_t hash;           /* 0 = rjenkins1 (the only one defined) */
	uint32_t weight;        /* 16.16 fixed point */
	uint32_t size;          /* number of items */
	int32_t *items;
	/*
	 * Per-item weights (16.16). For uniform buckets every entry is the
	 * single encoded item_weight; for tree buckets they are read from the
	 * leaf nodes (node 2i+1) so that every algorithm answers the same way.
	 */
	uint32_t *item_weights;
	uint32_t *sum_weights;  /* list only */
	uint32_t *straws;       /* straw (v1) only: the stored straw lengths */
	uint32_t num_nodes;     /* tree only (a u8 on the wire) */
	uint32_t *node_weights; /* tree only, num_nodes entries */
};

struct crush_rule_step {
	uint32_t op;            /* enum crush_rule_op */
	int32_t arg1;
	int32_t arg2;
};

struct crush_rule {
	uint32_t len;
	uint8_t ruleset;        /* Pacific writes ruleset == rule id */
	uint8_t type;
	uint8_t min_size;
	uint8_t max_size;
	struct crush_rule_step *steps;
};

/* An int32 -> string map entry (type, item and rule names, class names). */
struct crush_name {
	int32_t id;
	char *name;
};

struct crush_weight_set {
	uint32_t size;
	uint32_t *weights;
};

/* Per-bucket override: straw2 weights per output position and/or hash ids. */
struct crush_choose_arg {
	uint32_t bucket_index;  /* -1 - bucket id */
	uint32_t weight_set_positions;
	struct crush_weight_set *weight_set;
	uint32_t ids_size;
	int32_t *ids;
};

/* One choose_args entry: key (pool id or -1) and its args, by bucket_index. */
struct crush_choose_arg_map {
	int64_t id;
	uint32_t nargs;
	struct crush_choose_arg *args;  /* sorted by bucket_index, unique */
};

/* class_map entry: item id -> device class id. */
struct crush_class_entry {
	int32_t item;
	int32_t class_id;
};

/* class_bucket: bucket id + class id -> shadow bucket id. */
struct crush_class_bucket {
	int32_t bucket;
	int32_t class_id;
	int32_t shadow;
};

struct crush_work;

struct crush_map {
	int32_t max_buckets;
	uint32_t max_rules;
	int32_t max_devices;
	struct crush_bucket **buckets;  /* max_buckets slots, NULL = empty */
	struct crush_rule **rules;      /* max_rules slots, NULL = empty */

	/* tunables (legacy values when the blob ends before them) */
	uint32_t choose_local_tries;
	uint32_t choose_local_fallback_tries;
	uint32_t choose_total_tries;
	uint32_t chooseleaf_descend_once;
	uint8_t chooseleaf_vary_r;
	uint8_t straw_calc_version;
	uint8_t chooseleaf_stable;
	uint32_t allowed_bucket_algs;

	/* name maps, each sorted by id with unique ids */
	struct crush_name *type_names;
	uint32_t ntype_names;
	struct crush_name *item_names;
	uint32_t nitem_names;
	struct crush_name *rule_names;
	uint32_t nrule_names;

	/* device classes */
	struct crush_class_entry *class_map;     /* sorted by item */
	uint32_t nclass_map;
	struct crush_name *class_names; /* class id -> name */
	uint32_t nclass_names;
	struct crush_class_bucket *class_buckets; /* sorted by (bucket, class) */
	uint32_t nclass_buckets;

	/* choose_args, sorted by id */
	struct crush_choose_arg_map *choose_args;
	uint32_t nchoose_args;

	struct crush_work *work;        /* mapping workspace (mutable) */
};

/*
 * Decode a CRUSH blob. d must span exactly the blob (trailing bytes after the
 * last field Pacific knows are ignored, as Ceph does). On success *out is a
 * new map and 0 is returned; otherwise a negative errno (-EBADMSG truncated,
 * -EPROTO a value the format or our safety checks forbid) and *out is NULL.
 */
int crush_decode(struct dec *d, struct crush_map **out);
void crush_free(struct crush_map *m);

struct buf;
/*
 * Append the map's blob in Pacific's form (every trailing group present,
 * 32-bit name keys). decode followed by encode reproduces a Pacific blob
 * byte for byte (osd/crush_enc.c).
 */
void crush_encode(const struct crush_map *m, struct buf *b);

/*
 * Map x through rule ruleno. Writes up to result_max ids into result and
 * returns how many (0 if the rule does not exist or places nothing), or
 * -EINVAL if result_max > CRUSH_MAX_RESULT. weights is the OSDMap's per-OSD
 * in/out weight vector (16.16: 0x10000 = in, 0 = out), weight_max entries.
 * Indep (erasure) rules may leave CRUSH_ITEM_NONE holes.
 *
 * choose_args_id selects the choose_args like CrushWrapper::do_rule: the
 * entry keyed by that id (normally the pool id), else the -1 "compat"
 * entry, else none. Pass CRUSH_NO_CHOOSE_ARGS to ignore choose_args; passing
 * -1 selects the compat weight-set if the map has one.
 *
 * Departures from Ceph, only reachable with hostile maps: retry counts
 * (tunables and SET_*_TRIES steps) are capped at 1000 and a firstn numrep at
 * 4 * CRUSH_MAX_RESULT so a mapping always ends quickly; a weight-set whose
 * size differs from its bucket's is ignored; ids of missing buckets end the
 * descent like a bad item instead of crashing.
 */
int crush_do_rule(const struct crush_map *m, int ruleno, uint32_t x, int *result,
		  int result_max, const uint32_t *weights, int weight_max,
		  int64_t choose_args_id);

int crush_rule_exists(const struct crush_map *m, int ruleno);
int crush_max_devices(const struct crush_map *m);

/* ---- accessors for tree views and lookups (NULL / negative when absent) ---- */
int crush_max_buckets(const struct crush_map *m);
const struct crush_bucket *crush_get_bucket(const struct crush_map *m, int32_t id);
const struct crush_rule *crush_get_rule(const struct crush_map *m, int ruleno);
int crush_rule_type(const struct crush_map *m, int ruleno);     /* -ENOENT if none */
const char *crush_item_name(const struct crush_map *m, int32_t id);
const char *crush_type_name(const struct crush_map *m, int32_t type);
const char *crush_rule_name(const struct crush_map *m, int ruleno);
/* Rule id with that name, or -ENOENT. */
int crush_find_rule(const struct crush_map *m, const char *name);
/* Device class name of an item ("hdd"), or NULL. */
const char *crush_item_class(const struct crush_map *m, int32_t id);
/* Type of an item: 0 for devices, the bucket type for buckets, -ENOENT. */
int crush_item_type(const struct crush_map *m, int32_t id);
/* Shadow bucket of bucket id for a class ("default~hdd"), or -ENOENT. */
int crush_class_shadow(const struct crush_map *m, int32_t bucket, int32_t class_id);
/* Is id a shadow (per-class) bucket? (its name contains '~') */
int crush_bucket_is_shadow(const struct crush_map *m, int32_t id);
/*
 * Parent bucket of an item, skipping shadow buckets: the first non-shadow
 * bucket (lowest slot) that lists it, or 0 if none (a root or unlinked).
 */
int32_t crush_item_parent(const struct crush_map *m, int32_t id);

#endif
