/*
 * osdmap_types.h — owned containers shared by the OSDMap, its Incremental and
 * pg_pool_t: strings, string maps, interval sets of snap ids and the pg_t-keyed
 * maps (pg_temp, primary_temp, pg_upmap, pg_upmap_items).
 *
 * Everything here owns its memory (decoding copies out of the message), and
 * every map is a sorted array in the key order Ceph's std::map uses, so that
 * re-encoding reproduces Ceph's bytes and lookups are binary searches.
 * Decoders bound each count with dec_count before allocating and reject keys
 * that are not strictly ascending (-EPROTO): a Ceph encoder never writes them.
 */
#ifndef OSDFARM_OSD_OSDMAP_TYPES_H
#define OSDFARM_OSD_OSDMAP_TYPES_H

#include <stdint.h>

#include "common/buf.h"
#include "common/enc.h"
#include "common/types.h"

/* An owned byte string; p is NUL-terminated (or NULL when len is 0). */
struct osdmap_str {
	char *p;
	uint32_t len;
};
int osdmap_str_decode(struct dec *d, struct osdmap_str *s);
void osdmap_str_encode(struct buf *b, const struct osdmap_str *s);
/*
 * Sorted arrays of fixed-size entries, the shape of every map<K,V> here.
 * cmp compares an entry with a key. pos: the key's index, or where it
 * would go (*found = 0); insert: a zeroed slot at i, returns the grown
 * array (n is the old count); erase: closes slot i (n is the old count).
 */
typedef int (*osdmap_svec_cmp)(const void *ent, const void *key);
uint32_t osdmap_svec_pos(const void *base, uint32_t n, size_t size, const void *key,
			 osdmap_svec_cmp cmp, int *found);
void *osdmap_svec_insert(void *base, uint32_t n, size_t size, uint32_t i);
void osdmap_svec_erase(void *base, uint32_t n, size_t size, uint32_t i);

void osdmap_str_set(struct osdmap_str *s, const void *p, uint32_t len);
void osdmap_str_copy(struct osdmap_str *dst, const struct osdmap_str *src);
void osdmap_str_free(struct osdmap_str *s);
/* std::string ordering: bytewise unsigned, a prefix sorts first. */
int osdmap_str_cmp(const struct osdmap_str *a, const struct osdmap_str *b);
int osdmap_str_eq(const struct osdmap_str *a, const char *s);

/* map<string,string> */
struct osdmap_smap_kv {
	struct osdmap_str k, v;
};
struct osdmap_smap {
	uint32_t n;
	struct osdmap_smap_kv *kv;
};
int osdmap_smap_decode(struct dec *d, struct osdmap_smap *m);
void osdmap_smap_encode(struct buf *b, const struct osdmap_smap *m);
void osdmap_smap_copy(struct osdmap_smap *dst, const struct osdmap_smap *src);
void osdmap_smap_free(struct osdmap_smap *m);
const struct osdmap_str *osdmap_smap_get(const struct osdmap_smap *m, const char *key);

/* map<string, map<string,string>> (erasure-code profiles, application metadata) */
struct osdmap_smap2_ent {
	struct osdmap_str k;
	struct osdmap_smap v;
};
struct osdmap_smap2 {
	uint32_t n;
	struct osdmap_smap2_ent *e;
};
int osdmap_smap2_decode(struct dec *d, struct osdmap_smap2 *m);
void osdmap_smap2_encode(struct buf *b, const struct osdmap_smap2 *m);
void osdmap_smap2_copy(struct osdmap_smap2 *dst, const struct osdmap_smap2 *src);
void osdmap_smap2_free(struct osdmap_smap2 *m);
const struct osdmap_smap *osdmap_smap2_get(const struct osdmap_smap2 *m, const char *key);
/* Insert or replace key (a deep copy of v). */
void osdmap_smap2_set(struct osdmap_smap2 *m, const struct osdmap_str *key,
		      const struct osdmap_smap *v);
void osdmap_smap2_erase(struct osdmap_smap2 *m, const struct osdmap_str *key);

/* interval_set<u64>: disjoint, non-adjacent [start, start+len) runs, ascending. */
struct osdmap_iv {
	uint64_t start, len;
};
struct osdmap_iset {
	uint32_t n;
	struct osdmap_iv *iv;
};
int osdmap_iset_decode(struct dec *d, struct osdmap_iset *s);
void osdmap_iset_encode(struct buf *b, const struct osdmap_iset *s);
void osdmap_iset_copy(struct osdmap_iset *dst, const struct osdmap_iset *src);
void osdmap_iset_free(struct osdmap_iset *s);
/* s = s ∪ o */
void osdmap_iset_union(struct osdmap_iset *s, const struct osdmap_iset *o);
/* s = s \ o */
void osdmap_iset_subtract(struct osdmap_iset *s, const struct osdmap_iset *o);
int osdmap_iset_contains(const struct osdmap_iset *s, uint64_t v);

/* map<int64 pool, interval_set<u64>> (removed/purged snaps) */
struct osdmap_pool_iset {
	int64_t pool;
	struct osdmap_iset set;
};
struct osdmap_pool_isets {
	uint32_t n;
	struct osdmap_pool_iset *e;
};
int osdmap_pool_isets_decode(struct dec *d, struct osdmap_pool_isets *m);
void osdmap_pool_isets_encode(struct buf *b, const struct osdmap_pool_isets *m);
void osdmap_pool_isets_copy(struct osdmap_pool_isets *dst, const struct osdmap_pool_isets *src);
void osdmap_pool_isets_free(struct osdmap_pool_isets *m);
/* The set for pool, created empty when create is set (else NULL if absent). */
struct osdmap_iset *osdmap_pool_isets_get(struct osdmap_pool_isets *m, int64_t pool, int create);
void osdmap_pool_isets_erase(struct osdmap_pool_isets *m, int64_t pool);

/* pg_t ordering as Ceph's operator< (pool, then seed; preferred is always -1). */
int osdmap_pg_cmp(const struct pg *a, const struct pg *b);

/*
 * map<pg_t, vector<int32>> (pg_temp, pg_upmap) and
 * map<pg_t, vector<pair<int32,int32>>> (pg_upmap_items: pairs flattened, n even).
 */
struct osdmap_pgvec_ent {
	struct pg pgid;
	uint32_t n;             /* int32 values in v */
	int32_t *v;
};
struct osdmap_pgvec {
	uint32_t n;
	struct osdmap_pgvec_ent *e;
};
/* pairs: decode/encode vector<pair<i32,i32>> values */
int osdmap_pgvec_decode(struct dec *d, struct osdmap_pgvec *m, int pairs);
void osdmap_pgvec_encode(struct buf *b, const struct osdmap_pgvec *m, int pairs);
void osdmap_pgvec_copy(struct osdmap_pgvec *dst, const struct osdmap_pgvec *src);
void osdmap_pgvec_free(struct osdmap_pgvec *m);
const struct osdmap_pgvec_ent *osdmap_pgvec_find(const struct osdmap_pgvec *m,
						 const struct pg *pgid);
void osdmap_pgvec_set(struct osdmap_pgvec *m, const struct pg *pgid,
		      const int32_t *v, uint32_t n);
void osdmap_pgvec_erase(struct osdmap_pgvec *m, const struct pg *pgid);

/* map<pg_t, int32> (primary_temp) */
struct osdmap_pgint_ent {
	struct pg pgid;
	int32_t v;
};
struct osdmap_pgint {
	uint32_t n;
	struct osdmap_pgint_ent *e;
};
int osdmap_pgint_decode(struct dec *d, struct osdmap_pgint *m);
void osdmap_pgint_encode(struct buf *b, const struct osdmap_pgint *m);
void osdmap_pgint_copy(struct osdmap_pgint *dst, const struct osdmap_pgint *src);
void osdmap_pgint_free(struct osdmap_pgint *m);
const struct osdmap_pgint_ent *osdmap_pgint_find(const struct osdmap_pgint *m,
						 const struct pg *pgid);
void osdmap_pgint_set(struct osdmap_pgint *m, const struct pg *pgid, int32_t v);
void osdmap_pgint_erase(struct osdmap_pgint *m, const struct pg *pgid);

/* set<pg_t> */
struct osdmap_pgset {
	uint32_t n;
	struct pg *v;
};
int osdmap_pgset_decode(struct dec *d, struct osdmap_pgset *s);
void osdmap_pgset_free(struct osdmap_pgset *s);

/* map<int32,uint32> (crush_node_flags, device_class_flags, incremental per-OSD maps) */
struct osdmap_iu32_ent {
	int32_t k;
	uint32_t v;
};
struct osdmap_iu32 {
	uint32_t n;
	struct osdmap_iu32_ent *e;
};
int osdmap_iu32_decode(struct dec *d, struct osdmap_iu32 *m);
void osdmap_iu32_encode(struct buf *b, const struct osdmap_iu32 *m);
void osdmap_iu32_copy(struct osdmap_iu32 *dst, const struct osdmap_iu32 *src);
void osdmap_iu32_free(struct osdmap_iu32 *m);
void osdmap_iu32_set(struct osdmap_iu32 *m, int32_t k, uint32_t v);
void osdmap_iu32_erase(struct osdmap_iu32 *m, int32_t k);

/* The blocklist: map<entity_addr_t, utime_t>. */
struct osdmap_bl_ent {
	struct entity_addr addr;
	struct utime until;
};
struct osdmap_blocklist {
	uint32_t n;
	struct osdmap_bl_ent *e;
};
/*
 * Ceph orders entity_addr_t keys by memcmp of the in-memory struct (type,
 * nonce, Linux sockaddr); struct entity_addr has the same layout, so the
 * comparison is a memcmp of a zero-padded copy (src/msg/msg_types.h).
 */
int osdmap_addr_cmp(const struct entity_addr *a, const struct entity_addr *b);
/* Decodes an entity_addr_t with every unused byte zeroed. */
int osdmap_addr_decode(struct dec *d, struct entity_addr *a);
int osdmap_blocklist_decode(struct dec *d, struct osdmap_blocklist *m);
void osdmap_blocklist_encode(struct buf *b, const struct osdmap_blocklist *m);
void osdmap_blocklist_copy(struct osdmap_blocklist *dst, const struct osdmap_blocklist *src);
void osdmap_blocklist_free(struct osdmap_blocklist *m);
void osdmap_blocklist_set(struct osdmap_blocklist *m, const struct entity_addr *a,
			  const struct utime *until);
void osdmap_blocklist_erase(struct osdmap_blocklist *m, const struct entity_addr *a);
const struct osdmap_bl_ent *osdmap_blocklist_find(const struct osdmap_blocklist *m,
						  const struct entity_addr *a);

#endif
