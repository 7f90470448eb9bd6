/*
 * monmap.c — decoding the MonMap (see monmap.h).
 *
 * Layout (src/mon/MonMap.cc: MonMap::encode, Nautilus+ form, v9 compat 6 in
 * 16.2.15): fsid, u32 epoch, utime last_changed, utime created, two
 * mon_feature_t (versioned u64 each), map<string, mon_info_t>,
 * vector<string> ranks, u8 min_mon_release (v7+), then election-strategy and
 * stretch-mode fields (v8+, v9+) that a client ignores.
 * mon_info_t (v5): string name, entity_addrvec_t public_addrs, u16 priority
 * (v2+), u16 weight (v4+), map<string,string> crush_loc (v5+).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "mon/monmap.h"

void
monmap_init(struct monmap *mm)
{
	memset(mm, 0, sizeof(*mm));
}

void
monmap_free(struct monmap *mm)
{
	free(mm->mons);
	monmap_init(mm);
}

void
monmap_move(struct monmap *dst, struct monmap *src)
{
	monmap_free(dst);
	*dst = *src;
	monmap_init(src);
}

/* One mon_info_t; the map key was already read. */
static int
mon_info_decode(struct dec *d, struct monmap_mon *mon)
{
	struct dec_struct ds;

	if (dec_struct_start(d, 5, &ds))
		return d->err;
	dec_string_copy(d, mon->name, sizeof(mon->name));
	entity_addrvec_decode(d, &mon->addrs);
	if (ds.v >= 2)
		dec_u16(d, &mon->priority);
	if (ds.v >= 4)
		dec_u16(d, &mon->weight);
	/* crush_loc (v5) is not used by clients: skipped with the rest. */
	return dec_struct_end(d, &ds);
}

int
monmap_rank_by_name(const struct monmap *mm, const char *name)
{
	uint32_t i;

	for (i = 0; i < mm->nmons; i++)
		if (strcmp(mm->mons[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
monmap_decode(struct dec *d, struct monmap *mm)
{
	struct dec_struct ds, fs;
	struct monmap_mon *info = NULL;
	char key[MONMAP_NAME_MAX];
	uint32_t ninfo = 0, nranks, i, j;
	int err;

	monmap_init(mm);
	if (dec_struct_start(d, 9, &ds))
		return d->err;
	/* v1..v5 are pre-Nautilus (mon_addr maps, legacy ranks). */
	if (ds.v < 6)
		return dec_fail(d, -EOPNOTSUPP);
	uuid_decode(d, &mm->fsid);
	dec_u32(d, &mm->epoch);
	utime_decode(d, &mm->last_changed);
	utime_decode(d, &mm->created);
	for (i = 0; i < 2; i++) {       /* persistent, optional features */
		if (dec_struct_start(d, 255, &fs) == 0)
			dec_struct_end(d, &fs);
	}
	/* each entry is at least a key length + a struct header */
	if (dec_count(d, 4 + 6, &ninfo))
		goto out;
	if (ninfo > MONMAP_MAX_MONS) {
		dec_fail(d, -E2BIG);
		goto out;
	}
	info = xcalloc(ninfo, sizeof(*info));
	for (i = 0; i < ninfo && !d->err; i++) {
		dec_string_copy(d, key, sizeof(key));
		mon_info_decode(d, &info[i]);
	}
	if (dec_count(d, 4, &nranks))
		goto out;
	if (nranks != ninfo) {
		dec_fail(d, -EPROTO);
		goto out;
	}
	mm->mons = xcalloc(nranks ? nranks : 1, sizeof(*mm->mons));
	for (i = 0; i < nranks && !d->err; i++) {
		if (dec_string_copy(d, key, sizeof(key)))
			break;
		for (j = 0; j < ninfo; j++)
			if (strcmp(info[j].name, key) == 0)
				break;
		if (j == ninfo) {
			dec_fail(d, -EPROTO);   /* a rank naming no monitor */
			break;
		}
		mm->mons[i] = info[j];
	}
	mm->nmons = nranks;
	if (ds.v >= 7)
		dec_u8(d, &mm->min_mon_release);
	dec_struct_end(d, &ds);
out:
	free(info);
	err = d->err;
	if (err)
		monmap_free(mm);
	return err;
}

int
monmap_decode_msg_front(const void *p, size_t len, struct monmap *mm)
{
	struct dec d, inner;
	const uint8_t *blob;
	uint32_t blen;

	monmap_init(mm);
	dec_init(&d, p, len);
	if (dec_u32(&d, &blen) || dec_ptr(&d, blen, &blob))
		return d.err;
	dec_init(&inner, blob, blen);
	return monmap_decode(&inner, mm);
}
