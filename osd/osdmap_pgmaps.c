/*
 * osdmap_pgmaps.c — the pg_t-keyed maps (pg_temp, primary_temp, pg_upmap,
 * pg_upmap_items, set<pg_t>) and the address blocklist of the OSDMap (see
 * osdmap_types.h). Sorted arrays in Ceph's key order, searched by bisection.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "osd/osdmap_types.h"

/* Grow an array of n elements to hold n+1. */
/* ---- pg_t keyed maps ---- */

int
osdmap_pg_cmp(const struct pg *a, const struct pg *b)
{
	if (a->pool != b->pool)
		return a->pool < b->pool ? -1 : 1;
	if (a->seed != b->seed)
		return a->seed < b->seed ? -1 : 1;
	return 0;
}

/* pg_t is 17 bytes on the wire; a vector<i32> at least 4. */
#define PG_WIRE_MIN 17

int
osdmap_pgvec_decode(struct dec *d, struct osdmap_pgvec *m, int pairs)
{
	uint32_t n, i, cnt, j;
	int r;

	m->n = 0;
	m->e = NULL;
	if ((r = dec_count(d, PG_WIRE_MIN + 4, &n)) < 0)
		return r;
	m->e = xcalloc(n ? n : 1, sizeof(*m->e));
	for (i = 0; i < n; i++) {
		struct osdmap_pgvec_ent *e = &m->e[i];

		if ((r = pg_decode(d, &e->pgid)) < 0)
			return r;
		if ((r = dec_count(d, pairs ? 8 : 4, &cnt)) < 0)
			return r;
		e->n = pairs ? cnt * 2 : cnt;
		e->v = xcalloc(e->n ? e->n : 1, sizeof(int32_t));
		m->n = i + 1;
		for (j = 0; j < e->n; j++)
			dec_s32(d, &e->v[j]);
		if (d->err)
			return d->err;
		if (i && osdmap_pg_cmp(&m->e[i - 1].pgid, &e->pgid) >= 0)
			return dec_fail(d, -EPROTO);
	}
	return 0;
}

void
osdmap_pgvec_encode(struct buf *b, const struct osdmap_pgvec *m, int pairs)
{
	enc_u32(b, m->n);
	for (uint32_t i = 0; i < m->n; i++) {
		const struct osdmap_pgvec_ent *e = &m->e[i];

		pg_encode(b, &e->pgid);
		enc_u32(b, pairs ? e->n / 2 : e->n);
		for (uint32_t j = 0; j < e->n; j++)
			enc_s32(b, e->v[j]);
	}
}

void
osdmap_pgvec_copy(struct osdmap_pgvec *dst, const struct osdmap_pgvec *src)
{
	dst->n = src->n;
	dst->e = xcalloc(src->n ? src->n : 1, sizeof(*dst->e));
	for (uint32_t i = 0; i < src->n; i++) {
		dst->e[i].pgid = src->e[i].pgid;
		dst->e[i].n = src->e[i].n;
		dst->e[i].v = xcalloc(src->e[i].n ? src->e[i].n : 1, sizeof(int32_t));
		if (src->e[i].n)
			memcpy(dst->e[i].v, src->e[i].v, src->e[i].n * sizeof(int32_t));
	}
}

void
osdmap_pgvec_free(struct osdmap_pgvec *m)
{
	for (uint32_t i = 0; i < m->n; i++)
		free(m->e[i].v);
	free(m->e);
	m->e = NULL;
	m->n = 0;
}

static int
pgvec_cmp(const void *ent, const void *key)
{
	return osdmap_pg_cmp(&((const struct osdmap_pgvec_ent *)ent)->pgid, key);
}

static uint32_t
pgvec_pos(const struct osdmap_pgvec *m, const struct pg *pgid, int *found)
{
	return osdmap_svec_pos(m->e, m->n, sizeof(*m->e), pgid, pgvec_cmp, found);
}

const struct osdmap_pgvec_ent *
osdmap_pgvec_find(const struct osdmap_pgvec *m, const struct pg *pgid)
{
	int found;
	uint32_t i;

	if (m->n == 0)
		return NULL;
	i = pgvec_pos(m, pgid, &found);
	return found ? &m->e[i] : NULL;
}

void
osdmap_pgvec_set(struct osdmap_pgvec *m, const struct pg *pgid, const int32_t *v, uint32_t n)
{
	int found;
	uint32_t i = pgvec_pos(m, pgid, &found);

	if (found) {
		free(m->e[i].v);
	} else {
		m->e = osdmap_svec_insert(m->e, m->n++, sizeof(*m->e), i);
		m->e[i].pgid = *pgid;
	}
	m->e[i].n = n;
	m->e[i].v = xcalloc(n ? n : 1, sizeof(int32_t));
	if (n)
		memcpy(m->e[i].v, v, n * sizeof(int32_t));
}

void
osdmap_pgvec_erase(struct osdmap_pgvec *m, const struct pg *pgid)
{
	int found;
	uint32_t i;

	if (m->n == 0)
		return;
	i = pgvec_pos(m, pgid, &found);
	if (!found)
		return;
	free(m->e[i].v);
	osdmap_svec_erase(m->e, m->n--, sizeof(*m->e), i);
}

int
osdmap_pgint_decode(struct dec *d, struct osdmap_pgint *m)
{
	uint32_t n, i;
	int r;

	m->n = 0;
	m->e = NULL;
	if ((r = dec_count(d, PG_WIRE_MIN + 4, &n)) < 0)
		return r;
	m->e = xcalloc(n ? n : 1, sizeof(*m->e));
	for (i = 0; i < n; i++) {
		pg_decode(d, &m->e[i].pgid);
		if ((r = dec_s32(d, &m->e[i].v)) < 0)
			return r;
		m->n = i + 1;
		if (i && osdmap_pg_cmp(&m->e[i - 1].pgid, &m->e[i].pgid) >= 0)
			return dec_fail(d, -EPROTO);
	}
	return 0;
}

void
osdmap_pgint_encode(struct buf *b, const struct osdmap_pgint *m)
{
	enc_u32(b, m->n);
	for (uint32_t i = 0; i < m->n; i++) {
		pg_encode(b, &m->e[i].pgid);
		enc_s32(b, m->e[i].v);
	}
}

void
osdmap_pgint_copy(struct osdmap_pgint *dst, const struct osdmap_pgint *src)
{
	dst->n = src->n;
	dst->e = xcalloc(src->n ? src->n : 1, sizeof(*dst->e));
	if (src->n)
		memcpy(dst->e, src->e, src->n * sizeof(*dst->e));
}

void
osdmap_pgint_free(struct osdmap_pgint *m)
{
	free(m->e);
	m->e = NULL;
	m->n = 0;
}

static int
pgint_cmp(const void *ent, const void *key)
{
	return osdmap_pg_cmp(&((const struct osdmap_pgint_ent *)ent)->pgid, key);
}

static uint32_t
pgint_pos(const struct osdmap_pgint *m, const struct pg *pgid, int *found)
{
	return osdmap_svec_pos(m->e, m->n, sizeof(*m->e), pgid, pgint_cmp, found);
}

const struct osdmap_pgint_ent *
osdmap_pgint_find(const struct osdmap_pgint *m, const struct pg *pgid)
{
	int found;
	uint32_t i;

	if (m->n == 0)
		return NULL;
	i = pgint_pos(m, pgid, &found);
	return found ? &m->e[i] : NULL;
}

void
osdmap_pgint_set(struct osdmap_pgint *m, const struct pg *pgid, int32_t v)
{
	int found;
	uint32_t i = pgint_pos(m, pgid, &found);

	if (!found) {
		m->e = osdmap_svec_insert(m->e, m->n++, sizeof(*m->e), i);
		m->e[i].pgid = *pgid;
	}
	m->e[i].v = v;
}

void
osdmap_pgint_erase(struct osdmap_pgint *m, const struct pg *pgid)
{
	int found;
	uint32_t i;

	if (m->n == 0)
		return;
	i = pgint_pos(m, pgid, &found);
	if (!found)
		return;
	osdmap_svec_erase(m->e, m->n--, sizeof(*m->e), i);
}

int
osdmap_pgset_decode(struct dec *d, struct osdmap_pgset *s)
{
	uint32_t n, i;
	int r;

	s->n = 0;
	s->v = NULL;
	if ((r = dec_count(d, PG_WIRE_MIN, &n)) < 0)
		return r;
	s->v = xcalloc(n ? n : 1, sizeof(*s->v));
	for (i = 0; i < n; i++) {
		if ((r = pg_decode(d, &s->v[i])) < 0)
			return r;
		s->n = i + 1;
	}
	return 0;
}

void
osdmap_pgset_free(struct osdmap_pgset *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* ---- blocklist ---- */

int
osdmap_addr_cmp(const struct entity_addr *a, const struct entity_addr *b)
{
	return memcmp(a, b, sizeof(*a));
}

int
osdmap_addr_decode(struct dec *d, struct entity_addr *a)
{
	struct entity_addr tmp;
	int r;

	memset(&tmp, 0, sizeof(tmp));
	r = entity_addr_decode(d, &tmp);
	memset(a, 0, sizeof(*a));
	if (r < 0)
		return r;
	/* Copy field by field so that padding and unused sockaddr bytes stay zero. */
	a->type = tmp.type;
	a->nonce = tmp.nonce;
	a->u.sa.sa_family = tmp.u.sa.sa_family;
	if (tmp.u.sa.sa_family == AF_INET) {
		a->u.in4.sin_port = tmp.u.in4.sin_port;
		a->u.in4.sin_addr = tmp.u.in4.sin_addr;
	} else if (tmp.u.sa.sa_family == AF_INET6) {
		a->u.in6.sin6_port = tmp.u.in6.sin6_port;
		a->u.in6.sin6_flowinfo = tmp.u.in6.sin6_flowinfo;
		a->u.in6.sin6_addr = tmp.u.in6.sin6_addr;
		a->u.in6.sin6_scope_id = tmp.u.in6.sin6_scope_id;
	}
	return 0;
}

int
osdmap_blocklist_decode(struct dec *d, struct osdmap_blocklist *m)
{
	uint32_t n, i;
	int r;

	m->n = 0;
	m->e = NULL;
	/* An entity_addr_t is at least 13 bytes (marker, header, type, nonce, len). */
	if ((r = dec_count(d, 13 + 8, &n)) < 0)
		return r;
	m->e = xcalloc(n ? n : 1, sizeof(*m->e));
	for (i = 0; i < n; i++) {
		if ((r = osdmap_addr_decode(d, &m->e[i].addr)) < 0)
			return r;
		if ((r = utime_decode(d, &m->e[i].until)) < 0)
			return r;
		m->n = i + 1;
		if (i && osdmap_addr_cmp(&m->e[i - 1].addr, &m->e[i].addr) >= 0)
			return dec_fail(d, -EPROTO);
	}
	return 0;
}

void
osdmap_blocklist_encode(struct buf *b, const struct osdmap_blocklist *m)
{
	enc_u32(b, m->n);
	for (uint32_t i = 0; i < m->n; i++) {
		entity_addr_encode(b, &m->e[i].addr);
		utime_encode(b, &m->e[i].until);
	}
}

void
osdmap_blocklist_copy(struct osdmap_blocklist *dst, const struct osdmap_blocklist *src)
{
	dst->n = src->n;
	dst->e = xcalloc(src->n ? src->n : 1, sizeof(*dst->e));
	if (src->n)
		memcpy(dst->e, src->e, src->n * sizeof(*dst->e));
}

void
osdmap_blocklist_free(struct osdmap_blocklist *m)
{
	free(m->e);
	m->e = NULL;
	m->n = 0;
}

static int
bl_cmp(const void *ent, const void *key)
{
	return osdmap_addr_cmp(&((const struct osdmap_bl_ent *)ent)->addr, key);
}

static uint32_t
bl_pos(const struct osdmap_blocklist *m, const struct entity_addr *a, int *found)
{
	return osdmap_svec_pos(m->e, m->n, sizeof(*m->e), a, bl_cmp, found);
}

void
osdmap_blocklist_set(struct osdmap_blocklist *m, const struct entity_addr *a,
		     const struct utime *until)
{
	int found;
	uint32_t i = bl_pos(m, a, &found);

	if (!found) {
		m->e = osdmap_svec_insert(m->e, m->n++, sizeof(*m->e), i);
		m->e[i].addr = *a;
	}
	m->e[i].until = *until;
}

void
osdmap_blocklist_erase(struct osdmap_blocklist *m, const struct entity_addr *a)
{
	int found;
	uint32_t i;

	if (m->n == 0)
		return;
	i = bl_pos(m, a, &found);
	if (!found)
		return;
	osdmap_svec_erase(m->e, m->n--, sizeof(*m->e), i);
}

const struct osdmap_bl_ent *
osdmap_blocklist_find(const struct osdmap_blocklist *m, const struct entity_addr *a)
{
	int found;
	uint32_t i;

	if (m->n == 0)
		return NULL;
	i = bl_pos(m, a, &found);
	return found ? &m->e[i] : NULL;
}
