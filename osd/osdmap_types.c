/*
 * osdmap_types.c — owned, sorted containers used by the OSDMap code
 * (see osdmap_types.h). Each map is an array kept in Ceph's key order;
 * lookups are binary searches, inserts shift the tail (maps are small and
 * change once per epoch).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "osd/osdmap_types.h"

/* Grow an array of n elements to hold n+1 (exact size; maps change rarely). */
/* ---- sorted arrays (every map<K,V> below) ---- */

uint32_t
osdmap_svec_pos(const void *base, uint32_t n, size_t size, const void *key,
		osdmap_svec_cmp cmp, int *found)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = cmp((const char *)base + (size_t)mid * size, key);

		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

void *
osdmap_svec_insert(void *base, uint32_t n, size_t size, uint32_t i)
{
	char *p = xreallocarray(base, (size_t)n + 1, size);

	memmove(p + (size_t)(i + 1) * size, p + (size_t)i * size, (size_t)(n - i) * size);
	memset(p + (size_t)i * size, 0, size);
	return p;
}

void
osdmap_svec_erase(void *base, uint32_t n, size_t size, uint32_t i)
{
	char *p = base;

	memmove(p + (size_t)i * size, p + (size_t)(i + 1) * size, (size_t)(n - i - 1) * size);
}

/* ---- strings ---- */

void
osdmap_str_set(struct osdmap_str *s, const void *p, uint32_t len)
{
	s->len = len;
	if (len == 0) {
		s->p = NULL;
		return;
	}
	s->p = xmalloc((size_t)len + 1);
	memcpy(s->p, p, len);
	s->p[len] = '\0';
}

int
osdmap_str_decode(struct dec *d, struct osdmap_str *s)
{
	const uint8_t *p;
	uint32_t len;
	int r;

	s->p = NULL;
	s->len = 0;
	r = dec_string(d, &p, &len);
	if (r < 0)
		return r;
	osdmap_str_set(s, p, len);
	return 0;
}

void
osdmap_str_encode(struct buf *b, const struct osdmap_str *s)
{
	enc_string(b, s->p, s->len);
}

void
osdmap_str_copy(struct osdmap_str *dst, const struct osdmap_str *src)
{
	osdmap_str_set(dst, src->p, src->len);
}

void
osdmap_str_free(struct osdmap_str *s)
{
	free(s->p);
	s->p = NULL;
	s->len = 0;
}

int
osdmap_str_cmp(const struct osdmap_str *a, const struct osdmap_str *b)
{
	uint32_t n = a->len < b->len ? a->len : b->len;
	int c = n ? memcmp(a->p, b->p, n) : 0;

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

int
osdmap_str_eq(const struct osdmap_str *a, const char *s)
{
	size_t n = strlen(s);

	return a->len == n && (n == 0 || memcmp(a->p, s, n) == 0);
}

/* ---- map<string,string> ---- */

int
osdmap_smap_decode(struct dec *d, struct osdmap_smap *m)
{
	uint32_t n, i;
	int r;

	m->n = 0;
	m->kv = NULL;
	if ((r = dec_count(d, 8, &n)) < 0)
		return r;
	m->kv = xcalloc(n ? n : 1, sizeof(*m->kv));
	for (i = 0; i < n; i++) {
		if ((r = osdmap_str_decode(d, &m->kv[i].k)) < 0)
			return r;
		m->n = i + 1;
		if ((r = osdmap_str_decode(d, &m->kv[i].v)) < 0)
			return r;
		if (i && osdmap_str_cmp(&m->kv[i - 1].k, &m->kv[i].k) >= 0)
			return dec_fail(d, -EPROTO);
	}
	return 0;
}

void
osdmap_smap_encode(struct buf *b, const struct osdmap_smap *m)
{
	enc_u32(b, m->n);
	for (uint32_t i = 0; i < m->n; i++) {
		osdmap_str_encode(b, &m->kv[i].k);
		osdmap_str_encode(b, &m->kv[i].v);
	}
}

void
osdmap_smap_copy(struct osdmap_smap *dst, const struct osdmap_smap *src)
{
	dst->n = src->n;
	dst->kv = xcalloc(src->n ? src->n : 1, sizeof(*dst->kv));
	for (uint32_t i = 0; i < src->n; i++) {
		osdmap_str_copy(&dst->kv[i].k, &src->kv[i].k);
		osdmap_str_copy(&dst->kv[i].v, &src->kv[i].v);
	}
}

void
osdmap_smap_free(struct osdmap_smap *m)
{
	for (uint32_t i = 0; i < m->n; i++) {
		osdmap_str_free(&m->kv[i].k);
		osdmap_str_free(&m->kv[i].v);
	}
	free(m->kv);
	m->kv = NULL;
	m->n = 0;
}

const struct osdmap_str *
osdmap_smap_get(const struct osdmap_smap *m, const char *key)
{
	for (uint32_t i = 0; i < m->n; i++)
		if (osdmap_str_eq(&m->kv[i].k, key))
			return &m->kv[i].v;
	return NULL;
}

/* ---- map<string, map<string,string>> ---- */

int
osdmap_smap2_decode(struct dec *d, struct osdmap_smap2 *m)
{
	uint32_t n, i;
	int r;

	m->n = 0;
	m->e = NULL;
	if ((r = dec_count(d, 8, &n)) < 0)
		return r;
	m->e = xcalloc(n ? n : 1, sizeof(*m->e));
	for (i = 0; i < n; i++) {
		if ((r = osdmap_str_decode(d, &m->e[i].k)) < 0)
			return r;
		m->n = i + 1;
		if ((r = osdmap_smap_decode(d, &m->e[i].v)) < 0)
			return r;
		if (i && osdmap_str_cmp(&m->e[i - 1].k, &m->e[i].k) >= 0)
			return dec_fail(d, -EPROTO);
	}
	return 0;
}

void
osdmap_smap2_encode(struct buf *b, const struct osdmap_smap2 *m)
{
	enc_u32(b, m->n);
	for (uint32_t i = 0; i < m->n; i++) {
		osdmap_str_encode(b, &m->e[i].k);
		osdmap_smap_encode(b, &m->e[i].v);
	}
}

void
osdmap_smap2_copy(struct osdmap_smap2 *dst, const struct osdmap_smap2 *src)
{
	dst->n = src->n;
	dst->e = xcalloc(src->n ? src->n : 1, sizeof(*dst->e));
	for (uint32_t i = 0; i < src->n; i++) {
		osdmap_str_copy(&dst->e[i].k, &src->e[i].k);
		osdmap_smap_copy(&dst->e[i].v, &src->e[i].v);
	}
}

void
osdmap_smap2_free(struct osdmap_smap2 *m)
{
	for (uint32_t i = 0; i < m->n; i++) {
		osdmap_str_free(&m->e[i].k);
		osdmap_smap_free(&m->e[i].v);
	}
	free(m->e);
	m->e = NULL;
	m->n = 0;
}

const struct osdmap_smap *
osdmap_smap2_get(const struct osdmap_smap2 *m, const char *key)
{
	for (uint32_t i = 0; i < m->n; i++)
		if (osdmap_str_eq(&m->e[i].k, key))
			return &m->e[i].v;
	return NULL;
}

static int
smap2_cmp(const void *ent, const void *key)
{
	const struct osdmap_smap2_ent *e = ent;

	return osdmap_str_cmp(&e->k, key);
}

static uint32_t
smap2_pos(const struct osdmap_smap2 *m, const struct osdmap_str *key, int *found)
{
	return osdmap_svec_pos(m->e, m->n, sizeof(*m->e), key, smap2_cmp, found);
}

void
osdmap_smap2_set(struct osdmap_smap2 *m, const struct osdmap_str *key,
		 const struct osdmap_smap *v)
{
	int found;
	uint32_t i = smap2_pos(m, key, &found);

	if (found) {
		osdmap_smap_free(&m->e[i].v);
	} else {
		m->e = osdmap_svec_insert(m->e, m->n++, sizeof(*m->e), i);
		osdmap_str_copy(&m->e[i].k, key);
	}
	osdmap_smap_copy(&m->e[i].v, v);
}

void
osdmap_smap2_erase(struct osdmap_smap2 *m, const struct osdmap_str *key)
{
	int found;
	uint32_t i = smap2_pos(m, key, &found);

	if (!found)
		return;
	osdmap_str_free(&m->e[i].k);
	osdmap_smap_free(&m->e[i].v);
	osdmap_svec_erase(m->e, m->n--, sizeof(*m->e), i);
}

/* ---- interval_set<u64> ---- */

int
osdmap_iset_decode(struct dec *d, struct osdmap_iset *s)
{
	uint32_t n, i;
	int r;

	s->n = 0;
	s->iv = NULL;
	if ((r = dec_count(d, 16, &n)) < 0)
		return r;
	s->iv = xcalloc(n ? n : 1, sizeof(*s->iv));
	for (i = 0; i < n; i++) {
		dec_u64(d, &s->iv[i].start);
		if ((r = dec_u64(d, &s->iv[i].len)) < 0)
			return r;
		/* Ceph's interval_set is kept disjoint and ordered. */
		if (s->iv[i].len == 0 || s->iv[i].start + s->iv[i].len < s->iv[i].start ||
		    (i && s->iv[i - 1].start + s->iv[i - 1].len > s->iv[i].start))
			return dec_fail(d, -EPROTO);
		s->n = i + 1;
	}
	return 0;
}

void
osdmap_iset_encode(struct buf *b, const struct osdmap_iset *s)
{
	enc_u32(b, s->n);
	for (uint32_t i = 0; i < s->n; i++) {
		enc_u64(b, s->iv[i].start);
		enc_u64(b, s->iv[i].len);
	}
}

void
osdmap_iset_copy(struct osdmap_iset *dst, const struct osdmap_iset *src)
{
	dst->n = src->n;
	dst->iv = xcalloc(src->n ? src->n : 1, sizeof(*dst->iv));
	if (src->n)
		memcpy(dst->iv, src->iv, src->n * sizeof(*dst->iv));
}

void
osdmap_iset_free(struct osdmap_iset *s)
{
	free(s->iv);
	s->iv = NULL;
	s->n = 0;
}

int
osdmap_iset_contains(const struct osdmap_iset *s, uint64_t v)
{
	for (uint32_t i = 0; i < s->n; i++)
		if (v >= s->iv[i].start && v - s->iv[i].start < s->iv[i].len)
			return 1;
	return 0;
}

/* Append [start, end) to out, merging with the last run when they touch. */
static void
iset_push(struct osdmap_iv *out, uint32_t *n, uint64_t start, uint64_t end)
{
	if (*n && out[*n - 1].start + out[*n - 1].len >= start) {
		uint64_t last_end = out[*n - 1].start + out[*n - 1].len;

		if (end > last_end)
			out[*n - 1].len = end - out[*n - 1].start;
		return;
	}
	out[*n].start = start;
	out[*n].len = end - start;
	(*n)++;
}

void
osdmap_iset_union(struct osdmap_iset *s, const struct osdmap_iset *o)
{
	struct osdmap_iv *out = xcalloc((size_t)s->n + o->n + 1, sizeof(*out));
	uint32_t i = 0, j = 0, n = 0;

	/* Merge both sorted run lists by start; adjacent or overlapping runs join. */
	while (i < s->n || j < o->n) {
		const struct osdmap_iv *v;

		if (j >= o->n || (i < s->n && s->iv[i].start <= o->iv[j].start))
			v = &s->iv[i++];
		else
			v = &o->iv[j++];
		iset_push(out, &n, v->start, v->start + v->len);
	}
	free(s->iv);
	s->iv = out;
	s->n = n;
}

void
osdmap_iset_subtract(struct osdmap_iset *s, const struct osdmap_iset *o)
{
	/* Each removed run can split at most one run in two. */
	struct osdmap_iv *out = xcalloc((size_t)s->n + o->n + 1, sizeof(*out));
	uint32_t n = 0, j = 0;

	for (uint32_t i = 0; i < s->n; i++) {
		uint64_t cur = s->iv[i].start, end = cur + s->iv[i].len;

		while (j < o->n && o->iv[j].start + o->iv[j].len <= cur)
			j++;
		for (uint32_t k = j; k < o->n && o->iv[k].start < end; k++) {
			uint64_t ostart = o->iv[k].start, oend = ostart + o->iv[k].len;

			if (ostart > cur) {
				out[n].start = cur;
				out[n].len = ostart - cur;
				n++;
			}
			if (oend > cur)
				cur = oend;
			if (cur >= end)
				break;
		}
		if (cur < end) {
			out[n].start = cur;
			out[n].len = end - cur;
			n++;
		}
	}
	free(s->iv);
	s->iv = out;
	s->n = n;
}

/* ---- map<int64, interval_set<u64>> ---- */

int
osdmap_pool_isets_decode(struct dec *d, struct osdmap_pool_isets *m)
{
	uint32_t n, i;
	int r;

	m->n = 0;
	m->e = NULL;
	if ((r = dec_count(d, 12, &n)) < 0)
		return r;
	m->e = xcalloc(n ? n : 1, sizeof(*m->e));
	for (i = 0; i < n; i++) {
		if ((r = dec_s64(d, &m->e[i].pool)) < 0)
			return r;
		r = osdmap_iset_decode(d, &m->e[i].set);
		m->n = i + 1;
		if (r < 0)
			return r;
		if (i && m->e[i - 1].pool >= m->e[i].pool)
			return dec_fail(d, -EPROTO);
	}
	return 0;
}

void
osdmap_pool_isets_encode(struct buf *b, const struct osdmap_pool_isets *m)
{
	enc_u32(b, m->n);
	for (uint32_t i = 0; i < m->n; i++) {
		enc_s64(b, m->e[i].pool);
		osdmap_iset_encode(b, &m->e[i].set);
	}
}

void
osdmap_pool_isets_copy(struct osdmap_pool_isets *dst, const struct osdmap_pool_isets *src)
{
	dst->n = src->n;
	dst->e = xcalloc(src->n ? src->n : 1, sizeof(*dst->e));
	for (uint32_t i = 0; i < src->n; i++) {
		dst->e[i].pool = src->e[i].pool;
		osdmap_iset_copy(&dst->e[i].set, &src->e[i].set);
	}
}

void
osdmap_pool_isets_free(struct osdmap_pool_isets *m)
{
	for (uint32_t i = 0; i < m->n; i++)
		osdmap_iset_free(&m->e[i].set);
	free(m->e);
	m->e = NULL;
	m->n = 0;
}

static int
pool_isets_cmp(const void *ent, const void *key)
{
	int64_t a = ((const struct osdmap_pool_iset *)ent)->pool, b = *(const int64_t *)key;

	return a < b ? -1 : a > b;
}

struct osdmap_iset *
osdmap_pool_isets_get(struct osdmap_pool_isets *m, int64_t pool, int create)
{
	int found;
	uint32_t i = osdmap_svec_pos(m->e, m->n, sizeof(*m->e), &pool, pool_isets_cmp, &found);

	if (found)
		return &m->e[i].set;
	if (!create)
		return NULL;
	m->e = osdmap_svec_insert(m->e, m->n++, sizeof(*m->e), i);
	m->e[i].pool = pool;
	return &m->e[i].set;
}

void
osdmap_pool_isets_erase(struct osdmap_pool_isets *m, int64_t pool)
{
	int found;
	uint32_t i = osdmap_svec_pos(m->e, m->n, sizeof(*m->e), &pool, pool_isets_cmp, &found);

	if (!found)
		return;
	osdmap_iset_free(&m->e[i].set);
	osdmap_svec_erase(m->e, m->n--, sizeof(*m->e), i);
}

/* ---- map<int32,uint32> ---- */

int
osdmap_iu32_decode(struct dec *d, struct osdmap_iu32 *m)
{
	uint32_t n, i;
	int r;

	m->n = 0;
	m->e = NULL;
	if ((r = dec_count(d, 8, &n)) < 0)
		return r;
	m->e = xcalloc(n ? n : 1, sizeof(*m->e));
	for (i = 0; i < n; i++) {
		dec_s32(d, &m->e[i].k);
		if ((r = dec_u32(d, &m->e[i].v)) < 0)
			return r;
		m->n = i + 1;
		if (i && m->e[i - 1].k >= m->e[i].k)
			return dec_fail(d, -EPROTO);
	}
	return 0;
}

void
osdmap_iu32_encode(struct buf *b, const struct osdmap_iu32 *m)
{
	enc_u32(b, m->n);
	for (uint32_t i = 0; i < m->n; i++) {
		enc_s32(b, m->e[i].k);
		enc_u32(b, m->e[i].v);
	}
}

void
osdmap_iu32_copy(struct osdmap_iu32 *dst, const struct osdmap_iu32 *src)
{
	dst->n = src->n;
	dst->e = xcalloc(src->n ? src->n : 1, sizeof(*dst->e));
	if (src->n)
		memcpy(dst->e, src->e, src->n * sizeof(*dst->e));
}

void
osdmap_iu32_free(struct osdmap_iu32 *m)
{
	free(m->e);
	m->e = NULL;
	m->n = 0;
}

static int
iu32_cmp(const void *ent, const void *key)
{
	int32_t a = ((const struct osdmap_iu32_ent *)ent)->k, b = *(const int32_t *)key;

	return a < b ? -1 : a > b;
}

void
osdmap_iu32_set(struct osdmap_iu32 *m, int32_t k, uint32_t v)
{
	int found;
	uint32_t i = osdmap_svec_pos(m->e, m->n, sizeof(*m->e), &k, iu32_cmp, &found);

	if (!found) {
		m->e = osdmap_svec_insert(m->e, m->n++, sizeof(*m->e), i);
		m->e[i].k = k;
	}
	m->e[i].v = v;
}

void
osdmap_iu32_erase(struct osdmap_iu32 *m, int32_t k)
{
	int found;
	uint32_t i = osdmap_svec_pos(m->e, m->n, sizeof(*m->e), &k, iu32_cmp, &found);

	if (found)
		osdmap_svec_erase(m->e, m->n--, sizeof(*m->e), i);
}
