/*
 * hobject_order.c — the hobject_t sort order (see hobject_order.h).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "os/hobject_order.h"

uint32_t
hobject_reverse_bits(uint32_t v)
{
	/* Swap ever larger groups: halves, bytes, nibbles, pairs, bits. */
	v = (v >> 16) | (v << 16);
	v = ((v & 0xff00ff00u) >> 8) | ((v & 0x00ff00ffu) << 8);
	v = ((v & 0xf0f0f0f0u) >> 4) | ((v & 0x0f0f0f0fu) << 4);
	v = ((v & 0xccccccccu) >> 2) | ((v & 0x33333333u) << 2);
	v = ((v & 0xaaaaaaaau) >> 1) | ((v & 0x55555555u) << 1);
	return v;
}

int
hobject_strview_cmp(const struct strview *a, const struct strview *b)
{
	uint32_t n = a->len < b->len ? a->len : b->len;
	int r = n ? memcmp(a->p, b->p, n) : 0;

	if (r != 0)
		return r;
	return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

#define CMP3(x, y) do { if ((x) < (y)) return -1; if ((x) > (y)) return 1; } while (0)

int
hobject_cmp(const struct hobject *a, const struct hobject *b)
{
	int r;

	CMP3(!!a->max, !!b->max);
	CMP3(a->pool, b->pool);
	/* A max object's "bitwise key" is 2^32: above any real one. Both max: equal. */
	if (!a->max) {
		uint32_t ra = hobject_reverse_bits(a->hash);
		uint32_t rb = hobject_reverse_bits(b->hash);

		CMP3(ra, rb);
	}
	if ((r = hobject_strview_cmp(&a->nspace, &b->nspace)) != 0)
		return r;
	if (a->key.len || b->key.len) {
		const struct strview *ka = a->key.len ? &a->key : &a->oid;
		const struct strview *kb = b->key.len ? &b->key : &b->oid;

		if ((r = hobject_strview_cmp(ka, kb)) != 0)
			return r;
	}
	if ((r = hobject_strview_cmp(&a->oid, &b->oid)) != 0)
		return r;
	CMP3(a->snap, b->snap);
	return 0;
}

void
hobject_set_min(struct hobject *h)
{
	memset(h, 0, sizeof(*h));
	h->key.p = h->oid.p = h->nspace.p = "";
	h->pool = INT64_MIN;
}

void
hobject_set_max(struct hobject *h)
{
	hobject_set_min(h);
	h->max = 1;
}

int
hobject_is_min(const struct hobject *h)
{
	/* As hobject_t::is_min(): the names do not take part. */
	return !h->max && h->pool == INT64_MIN && h->snap == 0 && h->hash == 0;
}

int
hobject_is_max(const struct hobject *h)
{
	return h->max != 0;
}
