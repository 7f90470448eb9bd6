/*
 * osdmap_enc.c — encode a full OSDMap exactly as a Pacific monitor does
 * (src/osd/OSDMap.cc: OSDMap::encode with the quorum's features: wrapper v8,
 * client section v9, osd-only section v9, or v10 in stretch mode).
 *
 * The OSD needs this to check an applied Incremental: the re-encoded map's
 * crc must equal the Incremental's full_crc. Byte exactness depends on map
 * order (our containers are kept sorted like Ceph's std::map), vectors sized
 * max_osd, the affinity vector written empty when absent, and the CRUSH blob
 * carried forward verbatim (Ceph's CRUSH encoding is deterministic).
 */
#include "config.h"

#include <string.h>

#include "common/crc32c.h"
#include "osd/osdmap.h"

static void
enc_addrvecs(struct buf *b, const struct osdmap *m, enum osdmap_addr_kind kind)
{
	enc_u32(b, (uint32_t)m->max_osd);
	for (int32_t i = 0; i < m->max_osd; i++)
		entity_addrvec_encode(b, osdmap_get_addrs(m, i, kind));
}

static void
encode_client(struct buf *b, const struct osdmap *m)
{
	struct enc_struct es;

	enc_struct_start(b, 9, 1, &es);
	uuid_encode(b, &m->fsid);
	enc_u32(b, m->epoch);
	utime_encode(b, &m->created);
	utime_encode(b, &m->modified);
	enc_u32(b, m->npools);
	for (uint32_t i = 0; i < m->npools; i++) {
		enc_s64(b, m->pools[i].id);
		pg_pool_encode(b, &m->pools[i].pool);
	}
	enc_u32(b, m->npool_names);
	for (uint32_t i = 0; i < m->npool_names; i++) {
		enc_s64(b, m->pool_names[i].id);
		osdmap_str_encode(b, &m->pool_names[i].name);
	}
	enc_s32(b, m->pool_max);
	enc_u32(b, m->flags);
	enc_s32(b, m->max_osd);
	enc_u32(b, (uint32_t)m->max_osd);
	for (int32_t i = 0; i < m->max_osd; i++)
		enc_u32(b, m->osd_state[i]);
	enc_u32(b, (uint32_t)m->max_osd);
	for (int32_t i = 0; i < m->max_osd; i++)
		enc_u32(b, m->osd_weight[i]);
	enc_addrvecs(b, m, OSDMAP_ADDR_CLIENT);
	osdmap_pgvec_encode(b, &m->pg_temp, 0);
	osdmap_pgint_encode(b, &m->primary_temp);
	if (m->osd_primary_affinity) {
		enc_u32(b, (uint32_t)m->max_osd);
		for (int32_t i = 0; i < m->max_osd; i++)
			enc_u32(b, m->osd_primary_affinity[i]);
	} else {
		enc_u32(b, 0);
	}
	enc_string(b, m->crush_raw, m->crush_len);
	osdmap_smap2_encode(b, &m->erasure_code_profiles);
	osdmap_pgvec_encode(b, &m->pg_upmap, 0);
	osdmap_pgvec_encode(b, &m->pg_upmap_items, 1);
	enc_s32(b, m->crush_version);
	osdmap_pool_isets_encode(b, &m->new_removed_snaps);
	osdmap_pool_isets_encode(b, &m->new_purged_snaps);
	utime_encode(b, &m->last_up_change);
	utime_encode(b, &m->last_in_change);
	enc_struct_end(b, &es);
}

static void
encode_osd_only(struct buf *b, const struct osdmap *m)
{
	uint8_t v = m->stretch_mode_enabled ? 10 : 9;
	struct enc_struct es;

	enc_struct_start(b, v, 1, &es);
	enc_addrvecs(b, m, OSDMAP_ADDR_HB_BACK);
	enc_u32(b, (uint32_t)m->max_osd);
	for (int32_t i = 0; i < m->max_osd; i++)
		osd_info_encode(b, &m->osd_info[i]);
	osdmap_blocklist_encode(b, &m->blocklist);
	enc_addrvecs(b, m, OSDMAP_ADDR_CLUSTER);
	enc_u32(b, m->cluster_snapshot_epoch);
	osdmap_str_encode(b, &m->cluster_snapshot);
	enc_u32(b, (uint32_t)m->max_osd);
	for (int32_t i = 0; i < m->max_osd; i++)
		uuid_encode(b, &m->osd_uuid[i]);
	enc_u32(b, (uint32_t)m->max_osd);
	for (int32_t i = 0; i < m->max_osd; i++)
		osd_xinfo_encode(b, &m->osd_xinfo[i]);
	enc_addrvecs(b, m, OSDMAP_ADDR_HB_FRONT);
	enc_float(b, m->nearfull_ratio);
	enc_float(b, m->full_ratio);
	enc_float(b, m->backfillfull_ratio);
	enc_u8(b, m->require_min_compat_client);
	enc_u8(b, m->require_osd_release);
	osdmap_pool_isets_encode(b, &m->removed_snaps_queue);
	osdmap_iu32_encode(b, &m->crush_node_flags);
	osdmap_iu32_encode(b, &m->device_class_flags);
	if (v >= 10) {
		enc_u8(b, m->stretch_mode_enabled);
		enc_u32(b, m->stretch_bucket_count);
		enc_u32(b, m->degraded_stretch_mode);
		enc_u32(b, m->recovering_stretch_mode);
		enc_s32(b, m->stretch_mode_bucket);
	}
	enc_struct_end(b, &es);
}

uint32_t
osdmap_encode(const struct osdmap *m, struct buf *b)
{
	size_t start = b->len, crc_off;
	struct enc_struct ws;
	struct buf front = BUF_INIT;
	uint8_t *crcp;
	uint32_t crc;

	enc_struct_start(b, 8, 7, &ws);
	encode_client(b, m);
	encode_osd_only(b, m);
	crc_off = b->len;
	crcp = buf_reserve(b, 4);
	memset(crcp, 0, 4);
	/* The wrapper length must be final before the crc covers it. */
	enc_struct_end(b, &ws);
	buf_slice(b, start, crc_off - start, &front);
	crc = buf_crc32c(&front, 0xffffffffu);
	buf_free(&front);
	put_le32(crcp, crc);
	return crc;
}

uint32_t
osdmap_calc_crc(const struct osdmap *m)
{
	struct buf b = BUF_INIT;
	uint32_t crc = osdmap_encode(m, &b);

	buf_free(&b);
	return crc;
}
