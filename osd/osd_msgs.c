/*
 * osd_msgs.c — OSD <-> monitor message encoders/decoders (see osd_msgs.h).
 * Layouts: src/messages/MOSDMap.h, MOSDBoot.h, MOSDBeacon.h, MOSDAlive.h,
 * MOSDMarkMeDown.h, MOSDPGCreate2.h, MOSDPGCreated.h and
 * src/osd/OSD.cc: OSDSuperblock::encode (v10 in 16.2.15), checked byte for
 * byte against vectors/mon-session/.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "mon/mon_msgs.h"
#include "msg/message.h"
#include "osd/osd_msgs.h"

/* ---- MOSDMap ---- */

static int
decode_blob_map(struct dec *d, struct osd_map_blob **out, uint32_t *n)
{
	uint32_t i, cnt;

	*out = NULL;
	*n = 0;
	/* u32 epoch + u32 length at least */
	if (dec_count(d, 8, &cnt))
		return d->err;
	*out = xcalloc(cnt ? cnt : 1, sizeof(**out));
	for (i = 0; i < cnt; i++) {
		struct osd_map_blob *b = &(*out)[i];

		dec_u32(d, &b->epoch);
		dec_u32(d, &b->len);
		if (dec_ptr(d, b->len, &b->p))
			return d->err;
		if (i && b->epoch <= (*out)[i - 1].epoch)
			return dec_fail(d, -EPROTO);    /* a std::map: ascending keys */
	}
	*n = cnt;
	return 0;
}

void
osd_map_msg_free(struct osd_map_msg *om)
{
	free(om->inc);
	free(om->full);
	memset(om, 0, sizeof(*om));
}

int
osd_map_msg_decode(const void *p, size_t len, uint16_t header_version, struct osd_map_msg *om)
{
	struct dec d;

	memset(om, 0, sizeof(*om));
	dec_init(&d, p, len);
	uuid_decode(&d, &om->fsid);
	if (decode_blob_map(&d, &om->inc, &om->ninc) == 0 &&
	    decode_blob_map(&d, &om->full, &om->nfull) == 0 && header_version >= 2) {
		dec_u32(&d, &om->oldest_map);
		dec_u32(&d, &om->newest_map);
	}
	/* v4 gap_removed_snaps (map<pool, interval_set<snapid>>): checked, not kept */
	if (!d.err && header_version >= 4) {
		uint32_t n, i, k;
		uint64_t pool;

		if (dec_count(&d, 8 + 4, &n) == 0) {
			for (i = 0; i < n && !d.err; i++) {
				dec_u64(&d, &pool);
				if (dec_count(&d, 16, &k) == 0)
					dec_skip(&d, (size_t)k * 16);
			}
		}
	}
	if (d.err)
		osd_map_msg_free(om);
	return d.err;
}

struct msg *
osd_msg_osdmap(const struct uuid *fsid, const struct osd_map_blob *inc, uint32_t ninc,
	       const struct osd_map_blob *full, uint32_t nfull, uint32_t oldest,
	       uint32_t newest)
{
	struct msg *m = mon_msg_new(CEPH_MSG_OSD_MAP, 4, 3);
	uint32_t i;

	m->hdr.priority = MSG_PRIO_HIGH;
	uuid_encode(&m->front, fsid);
	enc_u32(&m->front, ninc);
	for (i = 0; i < ninc; i++) {
		enc_u32(&m->front, inc[i].epoch);
		enc_string(&m->front, inc[i].p, inc[i].len);
	}
	enc_u32(&m->front, nfull);
	for (i = 0; i < nfull; i++) {
		enc_u32(&m->front, full[i].epoch);
		enc_string(&m->front, full[i].p, full[i].len);
	}
	enc_u32(&m->front, oldest);
	enc_u32(&m->front, newest);
	enc_u32(&m->front, 0);          /* gap_removed_snaps */
	return m;
}

/* ---- OSDSuperblock ---- */

/*
 * The incompat features a 16.2.15 OSD writes (src/osd/OSD.cc:
 * get_osd_initial_compat_set + CEPH_OSD_FEATURE_INCOMPAT_*); compat and
 * ro_compat are empty. The monitor does not read them.
 */
static const char *const sb_incompat_names[] = {
	"initial feature set(~v.18)", "pginfo object", "object locator",
	"last_epoch_clean", "categories", "hobjectpool", "biginfo", "leveldbinfo",
	"leveldblog", "snapmapper", "sharded objects", "transaction hints",
	"pg meta object", "explicit missing set", "fastinfo pg attr",
	"deletes in missing set", "new snapmapper key structure",
};
#define SB_NINCOMPAT (sizeof(sb_incompat_names) / sizeof(sb_incompat_names[0]))

static void
sb_encode_compat(struct buf *b)
{
	uint64_t mask = 0;
	uint32_t i;

	/* compat, ro_compat: u64 mask 0 + empty map<u64,string> */
	enc_u64(b, 0);
	enc_u32(b, 0);
	enc_u64(b, 0);
	enc_u32(b, 0);
	for (i = 0; i < SB_NINCOMPAT; i++)
		mask |= 1ULL << (i + 1);
	enc_u64(b, mask);
	enc_u32(b, SB_NINCOMPAT);
	for (i = 0; i < SB_NINCOMPAT; i++) {
		enc_u64(b, i + 1);
		enc_cstr(b, sb_incompat_names[i]);
	}
}

static void
enc_f64(struct buf *b, double v)
{
	uint64_t u;

	memcpy(&u, &v, sizeof(u));
	enc_u64(b, u);
}

void
osd_superblock_encode(struct buf *b, const struct osd_superblock *sb)
{
	struct enc_struct es;

	enc_struct_start(b, 10, 5, &es);
	uuid_encode(b, &sb->cluster_fsid);
	enc_s32(b, sb->whoami);
	enc_u32(b, sb->current_epoch);
	enc_u32(b, sb->oldest_map);
	enc_u32(b, sb->newest_map);
	enc_f64(b, sb->weight);
	if (sb->compat_raw)
		enc_raw(b, sb->compat_raw, sb->compat_len);
	else
		sb_encode_compat(b);
	enc_u32(b, sb->clean_thru);
	enc_u32(b, sb->mounted);
	uuid_encode(b, &sb->osd_fsid);
	enc_u32(b, 0);                  /* last_epoch_marked_full (unused) */
	enc_u32(b, 0);                  /* pool_last_epoch_marked_full: empty map */
	enc_u32(b, sb->purged_snaps_last);
	utime_encode(b, &sb->last_purged_snaps_scrub);
	enc_u32(b, sb->cluster_osdmap_trim_lower_bound);
	enc_struct_end(b, &es);
}

static int
skip_featureset(struct dec *d)
{
	uint64_t mask, id;
	uint32_t n, i;

	dec_u64(d, &mask);
	if (dec_count(d, 8 + 4, &n))
		return d->err;
	for (i = 0; i < n; i++) {
		dec_u64(d, &id);
		dec_skip_string(d);
	}
	return d->err;
}

int
osd_superblock_decode(struct dec *d, struct osd_superblock *sb)
{
	struct dec_struct ds;
	const uint8_t *cstart;
	uint64_t w;
	uint32_t u, n, i;

	memset(sb, 0, sizeof(*sb));
	if (dec_struct_start(d, 10, &ds))
		return d->err;
	uuid_decode(d, &sb->cluster_fsid);
	dec_s32(d, &sb->whoami);
	dec_u32(d, &sb->current_epoch);
	dec_u32(d, &sb->oldest_map);
	dec_u32(d, &sb->newest_map);
	dec_u64(d, &w);
	memcpy(&sb->weight, &w, sizeof(w));
	cstart = d->p;
	for (i = 0; i < 3; i++)
		skip_featureset(d);
	if (d->err)
		return d->err;
	sb->compat_raw = cstart;
	sb->compat_len = (uint32_t)(d->p - cstart);
	dec_u32(d, &sb->clean_thru);
	dec_u32(d, &sb->mounted);
	uuid_decode(d, &sb->osd_fsid);
	dec_u32(d, &u);                 /* last_epoch_marked_full */
	if (dec_count(d, 8 + 4, &n))    /* map<int64, epoch_t> */
		return d->err;
	dec_skip(d, (size_t)n * 12);
	if (ds.v >= 9) {
		dec_u32(d, &sb->purged_snaps_last);
		utime_decode(d, &sb->last_purged_snaps_scrub);
	}
	if (ds.v >= 10)
		dec_u32(d, &sb->cluster_osdmap_trim_lower_bound);
	return dec_struct_end(d, &ds);
}

/* ---- MOSDBoot ---- */

static int
meta_cmp(const void *a, const void *b)
{
	const struct osd_meta_kv *x = a, *y = b;

	return strcmp(x->key, y->key);
}

void
osd_boot_encode(struct buf *b, const struct osd_boot *bt)
{
	struct osd_meta_kv meta[OSD_BOOT_META_MAX];
	uint32_t i, n = bt->nmeta < OSD_BOOT_META_MAX ? bt->nmeta : OSD_BOOT_META_MAX;

	paxos_hdr_encode(b, bt->version);
	osd_superblock_encode(b, &bt->sb);
	entity_addrvec_encode(b, &bt->hb_back_addrs);
	entity_addrvec_encode(b, &bt->cluster_addrs);
	enc_u32(b, bt->boot_epoch);
	entity_addrvec_encode(b, &bt->hb_front_addrs);
	/* map<string,string>: sorted, as std::map sends it */
	memcpy(meta, bt->meta, n * sizeof(meta[0]));
	qsort(meta, n, sizeof(meta[0]), meta_cmp);
	enc_u32(b, n);
	for (i = 0; i < n; i++) {
		enc_cstr(b, meta[i].key);
		enc_cstr(b, meta[i].val);
	}
	enc_u64(b, bt->osd_features);
}

struct msg *
osd_msg_boot(const struct osd_boot *bt)
{
	struct msg *m = mon_msg_new(MSG_OSD_BOOT, 7, 7);

	osd_boot_encode(&m->front, bt);
	return m;
}

void
osd_boot_free_meta(struct osd_boot *bt)
{
	uint32_t i;

	for (i = 0; i < bt->nmeta; i++) {
		free((char *)bt->meta[i].key);
		free((char *)bt->meta[i].val);
	}
	bt->nmeta = 0;
}

int
osd_boot_decode(const void *p, size_t len, struct osd_boot *bt)
{
	struct dec d;
	const uint8_t *s;
	uint32_t slen, n, i;

	memset(bt, 0, sizeof(*bt));
	dec_init(&d, p, len);
	paxos_hdr_decode(&d, &bt->version);
	osd_superblock_decode(&d, &bt->sb);
	entity_addrvec_decode(&d, &bt->hb_back_addrs);
	entity_addrvec_decode(&d, &bt->cluster_addrs);
	dec_u32(&d, &bt->boot_epoch);
	entity_addrvec_decode(&d, &bt->hb_front_addrs);
	if (dec_count(&d, 8, &n))
		return d.err;
	if (n > OSD_BOOT_META_MAX)
		return -E2BIG;
	for (i = 0; i < n; i++) {
		char *k, *v;

		if (dec_string(&d, &s, &slen))
			break;
		k = xstrndup((const char *)s, slen);
		if (dec_string(&d, &s, &slen)) {
			free(k);
			break;
		}
		v = xstrndup((const char *)s, slen);
		bt->meta[bt->nmeta].key = k;
		bt->meta[bt->nmeta].val = v;
		bt->nmeta++;
	}
	dec_u64(&d, &bt->osd_features);
	if (d.err)
		osd_boot_free_meta(bt);
	return d.err;
}

/* ---- MOSDBeacon ---- */

struct msg *
osd_msg_beacon(const struct osd_beacon *b)
{
	struct msg *m = mon_msg_new(MSG_OSD_BEACON, 3, 1);
	uint32_t i;

	paxos_hdr_encode(&m->front, b->version);
	enc_u32(&m->front, b->npgs);
	for (i = 0; i < b->npgs; i++)
		pg_encode(&m->front, &b->pgs[i]);
	enc_u32(&m->front, b->min_last_epoch_clean);
	utime_encode(&m->front, &b->last_purged_snaps_scrub);
	enc_s32(&m->front, b->report_interval);
	return m;
}

int
osd_beacon_decode(const void *p, size_t len, struct osd_beacon *b)
{
	struct dec d;
	uint32_t i, n;

	memset(b, 0, sizeof(*b));
	dec_init(&d, p, len);
	paxos_hdr_decode(&d, &b->version);
	if (dec_count(&d, 17, &n))      /* pg_t is 17 bytes */
		return d.err;
	if (n > OSD_BEACON_PGS_MAX)
		return -E2BIG;
	b->pgs = xcalloc(n ? n : 1, sizeof(*b->pgs));
	for (i = 0; i < n; i++)
		pg_decode(&d, &b->pgs[i]);
	b->npgs = n;
	dec_u32(&d, &b->min_last_epoch_clean);
	utime_decode(&d, &b->last_purged_snaps_scrub);
	dec_s32(&d, &b->report_interval);
	if (d.err) {
		free(b->pgs);
		b->pgs = NULL;
		b->npgs = 0;
	}
	return d.err;
}

/* ---- MOSDAlive ---- */

struct msg *
osd_msg_alive(uint32_t epoch, uint32_t want)
{
	struct msg *m = mon_msg_new(MSG_OSD_ALIVE, 1, 1);

	paxos_hdr_encode(&m->front, epoch);
	enc_u32(&m->front, want);
	return m;
}

int
osd_alive_decode(const void *p, size_t len, uint64_t *version, uint32_t *want)
{
	struct dec d;

	dec_init(&d, p, len);
	paxos_hdr_decode(&d, version);
	return dec_u32(&d, want);
}

/* ---- MOSDMarkMeDown ---- */

struct msg *
osd_msg_mark_me_down(const struct osd_mark_me_down *md)
{
	struct msg *m = mon_msg_new(MSG_OSD_MARK_ME_DOWN, 4, 3);

	paxos_hdr_encode(&m->front, md->version);
	uuid_encode(&m->front, &md->fsid);
	enc_s32(&m->front, md->target_osd);
	entity_addrvec_encode(&m->front, &md->target_addrs);
	enc_u32(&m->front, md->epoch);
	enc_bool(&m->front, md->request_ack);
	enc_bool(&m->front, md->down_and_dead);
	return m;
}

int
osd_mark_me_down_decode(const void *p, size_t len, uint16_t header_version,
			struct osd_mark_me_down *md)
{
	struct dec d;

	memset(md, 0, sizeof(*md));
	dec_init(&d, p, len);
	paxos_hdr_decode(&d, &md->version);
	uuid_decode(&d, &md->fsid);
	dec_s32(&d, &md->target_osd);
	entity_addrvec_decode(&d, &md->target_addrs);
	dec_u32(&d, &md->epoch);
	dec_bool(&d, &md->request_ack);
	if (header_version >= 4)
		dec_bool(&d, &md->down_and_dead);
	return d.err;
}

/* ---- MOSDPGCreate2 ---- */

void
osd_pg_create2_free(struct osd_pg_create2 *c)
{
	free(c->pgs);
	memset(c, 0, sizeof(*c));
}

static int
spg_cmp(const struct spg *a, const struct spg *b)
{
	if (a->pgid.pool != b->pgid.pool)
		return a->pgid.pool < b->pgid.pool ? -1 : 1;
	if (a->pgid.seed != b->pgid.seed)
		return a->pgid.seed < b->pgid.seed ? -1 : 1;
	return a->shard < b->shard ? -1 : a->shard > b->shard;
}

/* pg_history_t (src/osd/osd_types.cc): we keep two epochs and skip the rest. */
static int
pg_history_peek(struct dec *d, struct osd_pg_create_item *it)
{
	struct dec_struct ds;
	uint32_t e[7];
	int i;

	if (dec_struct_start(d, 255, &ds))
		return d->err;
	for (i = 0; i < 7; i++)
		dec_u32(d, &e[i]);
	it->same_interval_since = e[4];
	/* eversion, utime, eversion, utime, utime, then 3 epochs before
	 * epoch_pool_created: 12 + 8 + 12 + 8 + 8 + 12 bytes */
	if (!d->err && dec_remaining(d) >= 60 + 4) {
		dec_skip(d, 60);
		dec_u32(d, &it->epoch_pool_created);
	}
	return dec_struct_end(d, &ds);
}

int
osd_pg_create2_decode(const void *p, size_t len, uint16_t header_version,
		      struct osd_pg_create2 *c)
{
	struct dec d;
	struct dec_struct ds;
	struct spg sp;
	uint32_t n, i, j;

	memset(c, 0, sizeof(*c));
	dec_init(&d, p, len);
	dec_u32(&d, &c->epoch);
	/* spg_t (24) + u32 + utime */
	if (dec_count(&d, 24 + 4 + 8, &n))
		return d.err;
	if (n > OSD_PG_CREATE_MAX)
		return -E2BIG;
	c->pgs = xcalloc(n ? n : 1, sizeof(*c->pgs));
	for (i = 0; i < n && !d.err; i++) {
		spg_decode(&d, &c->pgs[i].pgid);
		dec_u32(&d, &c->pgs[i].created);
		utime_decode(&d, &c->pgs[i].created_stamp);
		if (!d.err && i && spg_cmp(&c->pgs[i - 1].pgid, &c->pgs[i].pgid) >= 0)
			dec_fail(&d, -EPROTO);
	}
	c->npgs = n;
	if (!d.err && header_version >= 2) {
		uint32_t ne;

		/* map<spg_t, pair<pg_history_t, PastIntervals>> */
		if (dec_count(&d, 24 + 6 + 6, &ne) == 0) {
			for (i = 0; i < ne && !d.err; i++) {
				struct osd_pg_create_item tmp, *it = &tmp;

				spg_decode(&d, &sp);
				for (j = 0; j < n; j++)
					if (spg_cmp(&c->pgs[j].pgid, &sp) == 0)
						it = &c->pgs[j];
				pg_history_peek(&d, it);
				if (dec_struct_start(&d, 255, &ds) == 0)       /* PastIntervals */
					dec_struct_end(&d, &ds);
				it->has_extra = 1;
			}
		}
	}
	if (d.err)
		osd_pg_create2_free(c);
	return d.err;
}

/* ---- MOSDPGCreated ---- */

struct msg *
osd_msg_pg_created(const struct pg *pgid)
{
	struct msg *m = mon_msg_new(MSG_OSD_PG_CREATED, 1, 1);

	paxos_hdr_encode(&m->front, 0);
	pg_encode(&m->front, pgid);
	return m;
}

int
osd_pg_created_decode(const void *p, size_t len, struct pg *pgid)
{
	struct dec d;
	uint64_t v;

	dec_init(&d, p, len);
	paxos_hdr_decode(&d, &v);
	return pg_decode(&d, pgid);
}
