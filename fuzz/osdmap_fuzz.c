/*
 * osdmap_fuzz.c — libFuzzer target for the OSDMap decoders: full maps
 * (osdmap_decode_full), incrementals (osdmap_inc_decode) and applying an
 * incremental to a decoded base map (osdmap_apply_inc).
 *
 * Input: byte 0 = flags, then the payload.
 *   bits 0-1: 0 full map; 1 base map + incremental; 2 incremental applied
 *             to an empty map (epoch 1); 3 as 0.
 *   bit 2:    rewrite the crc fields before decoding, so mutations reach
 *             the fields behind the crc check.
 * Mode 1 payload: u32 base length, base map bytes, incremental bytes.
 *
 * Invariants (abort on violation): a decoded map re-encodes to bytes that
 * decode again and re-encode identically; queries on any decoded map stay
 * in bounds; a successful apply yields a map of the incremental's epoch
 * that round-trips the same way.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/crc32c.h"
#include "common/enc.h"
#include "common/log.h"
#include "common/types.h"
#include "osd/osdmap.h"
#include "osd/osdmap_inc.h"
#include "osd/placement.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* decode errors are logged; keep the fuzzer's output readable */
	log_open(LOG_TO_FILE, "/dev/null");
	return 0;
}

/*
 * Recompute the crc of a v8 wrapper in place (OSDMap and Incremental share
 * the layout: wrapper hdr, client section, osd-only section, u32 crc, then
 * the rest of the wrapper, which the crc also covers).
 */
static void
fix_crc(uint8_t *p, size_t len)
{
	size_t off, end, crc_at;
	uint32_t crc;

	if (len < 6 || p[0] < 8)
		return;
	end = 6 + (size_t)get_le32(p + 2);
	if (end > len)
		end = len;
	off = 6;
	for (int i = 0; i < 2; i++) {   /* client, then osd-only section */
		if (off + 6 > end)
			return;
		off += 6 + (size_t)get_le32(p + off + 2);
	}
	crc_at = off;
	if (crc_at + 4 > end)
		return;
	crc = crc32c(0xffffffffu, p, crc_at);
	crc = crc32c(crc, p + crc_at + 4, end - crc_at - 4);
	put_le32(p + crc_at, crc);
}

static void
roundtrip(const struct osdmap *m)
{
	struct buf e1 = BUF_INIT, e2 = BUF_INIT;
	struct osdmap m2;
	uint32_t crc;

	crc = osdmap_encode(m, &e1);
	if (crc != osdmap_calc_crc(m))
		abort();
	if (osdmap_decode_bytes(buf_contig(&e1, 0, e1.len), e1.len, &m2) != 0)
		abort();
	if (m2.crc != crc || m2.epoch != m->epoch || m2.max_osd != m->max_osd ||
	    m2.npools != m->npools)
		abort();
	osdmap_encode(&m2, &e2);
	if (!buf_equal(&e1, &e2))
		abort();
	osdmap_free(&m2);
	buf_free(&e2);
	buf_free(&e1);
}

/* Queries a daemon runs on every map it accepts. */
static void
query(const struct osdmap *m)
{
	struct osdmap c;
	struct pg_mapping *pm = malloc(sizeof(*pm));

	(void)osdmap_get_features(m, ENTITY_TYPE_OSD, NULL);
	(void)osdmap_get_features(m, ENTITY_TYPE_CLIENT, NULL);
	(void)osdmap_num_osds(m, OSD_STATE_EXISTS | OSD_STATE_UP);
	for (int osd = -1; osd <= m->max_osd && osd < 64; osd++) {
		for (int k = 0; k < OSDMAP_ADDR_KINDS; k++)
			if (osdmap_get_addrs(m, osd, (enum osdmap_addr_kind)k) == NULL)
				abort();
		(void)osdmap_get_info(m, osd);
		(void)osdmap_primary_affinity(m, osd);
	}
	for (uint32_t i = 0; i < m->npools && i < 8; i++) {
		const struct osdmap_pool *op = &m->pools[i];
		struct pg raw, pg;

		(void)osdmap_pool_name(m, op->id);
		(void)osdmap_find_rule(m, &op->pool);
		if (osdmap_object_to_pg_str(m, op->id, "obj", "ns", NULL, &raw) == 0 &&
		    osdmap_raw_pg_to_pg(m, &raw, &pg) == 0)
			(void)osdmap_pg_mapping(m, &pg, pm);
		for (uint32_t s = 0; s < 4 && s < op->pool.pg_num; s++) {
			pg.pool = (uint64_t)op->id;
			pg.seed = s;
			if (osdmap_pg_mapping(m, &pg, pm) == 0) {
				if (pm->nup < 0 || pm->nup > PLACEMENT_MAX_OSDS ||
				    pm->nacting < 0 || pm->nacting > PLACEMENT_MAX_OSDS)
					abort();
			}
			(void)osdmap_primary_of(m, &pg);
		}
	}
	if (osdmap_clone(&c, m) == 0)
		osdmap_free(&c);
	free(pm);
}

static void
run_full(const uint8_t *p, size_t len)
{
	struct osdmap m;

	if (osdmap_decode_bytes(p, len, &m) == 0) {
		query(&m);
		roundtrip(&m);
		osdmap_free(&m);
	}
}

static void
run_inc(struct osdmap *base, const uint8_t *p, size_t len)
{
	struct osdmap_inc inc;
	int r;

	if (osdmap_inc_decode_bytes(p, len, &inc) != 0)
		return;
	r = osdmap_apply_inc(base, &inc);
	if (r == 0) {
		if (base->epoch != inc.epoch)
			abort();
		query(base);
		roundtrip(base);
	}
	osdmap_inc_free(&inc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy;
	int mode, fix;
	size_t len;

	if (size < 1)
		return 0;
	mode = data[0] & 3;
	fix = data[0] & 4;
	len = size - 1;
	/* a private copy: the crc fixup writes into it */
	copy = malloc(len ? len : 1);
	memcpy(copy, data + 1, len);

	if (mode == 1) {
		struct osdmap base;
		size_t blen;

		if (len < 4)
			goto out;
		blen = get_le32(copy);
		if (blen > len - 4)
			goto out;
		if (fix) {
			fix_crc(copy + 4, blen);
			fix_crc(copy + 4 + blen, len - 4 - blen);
		}
		if (osdmap_decode_bytes(copy + 4, blen, &base) == 0) {
			run_inc(&base, copy + 4 + blen, len - 4 - blen);
			osdmap_free(&base);
		}
	} else if (mode == 2) {
		struct osdmap empty;

		if (fix)
			fix_crc(copy, len);
		osdmap_init(&empty);
		run_inc(&empty, copy, len);
		osdmap_free(&empty);
	} else {
		if (fix)
			fix_crc(copy, len);
		run_full(copy, len);
	}
out:
	free(copy);
	return 0;
}
