/*
 * osd_mapin.c — how an OSD takes in osdmaps (osd/osd_int.h): the ONETIME
 * subscription to the next epoch, MMonGetOSDMap for a full map when an
 * incremental does not apply, and MOSDMap from the monitor or a peer:
 * fulls and incrementals applied in order, a gap jumped with a later full
 * map, then the boot logic told (osd_handle_new_map).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "mon/mon_msgs.h"
#include "mon/monc.h"
#include "msg/message.h"
#include "osd/osd_int.h"
#include "osd/osd_msgs.h"
#include "osd/osdmap_inc.h"

/* Subscribe to the epochs after the one we hold (ONETIME, like OSD.cc). */
void
osd_subscribe_next(struct osd *o)
{
	uint32_t start = o->map.epoch ? o->map.epoch + 1 : (o->oldest_map ? o->oldest_map : 1);

	if (monc_sub_want_increment(o->monc, "osdmap", start, MON_SUB_ONETIME))
		monc_renew_subs(o->monc);
}

void
osd_want_map(struct osd *o, uint32_t epoch)
{
	if (epoch <= o->map.epoch)
		return;
	/* not newest_known: a client's claim must not hold back our boot */
	log_debug(LOG_OSD, 10, "osd.%d: a client has osdmap e%u, we have e%u", o->cfg.whoami,
		  epoch, o->map.epoch);
	if (!o->full_requested)
		osd_subscribe_next(o);
}

static void
request_full(struct osd *o, uint32_t e, uint32_t newest)
{
	uint32_t inc_last = newest > e + OSD_MAP_FETCH_MAX ? e + OSD_MAP_FETCH_MAX : newest;

	if (o->full_requested == e)
		return;
	o->full_requested = e;
	log_info(LOG_OSD, "osd.%d: requesting full osdmap e%u", o->cfg.whoami, e);
	monc_send(o->monc, mon_msg_get_osdmap(e, e, inc_last > e ? e + 1 : 0,
					      inc_last > e ? inc_last : 0));
}

void
osd_format_pools(const struct osdmap *m, char *out, size_t outsz)
{
	size_t n;
	uint32_t i;

	n = (size_t)snprintf(out, outsz, "osdmap e%u pools: %u", m->epoch, m->npools);
	for (i = 0; i < m->npools && n < outsz; i++) {
		const struct pg_pool *p = &m->pools[i].pool;
		const char *name = osdmap_pool_name(m, m->pools[i].id);

		n += (size_t)snprintf(out + n, outsz - n,
				      " [%lld '%s' size %u min_size %u pg_num %u pgp_num %u"
				      " crush_rule %u type %s]",
				      (long long)m->pools[i].id, name ? name : "", p->size,
				      p->min_size, p->pg_num, p->pgp_num, p->crush_rule,
				      pg_pool_is_erasure(p) ? "erasure" : "replicated");
	}
}

static int
take_full(struct osd *o, const struct osd_map_blob *b)
{
	struct osdmap nm;
	int err;

	osdmap_init(&nm);
	err = osdmap_decode_bytes(b->p, b->len, &nm);
	if (err) {
		log_error(LOG_OSD, "osd.%d: cannot decode full osdmap e%u: %s", o->cfg.whoami,
			  b->epoch, strerror(-err));
		return err;
	}
	if (nm.epoch != b->epoch) {
		log_error(LOG_OSD, "osd.%d: full map keyed e%u holds e%u", o->cfg.whoami,
			  b->epoch, nm.epoch);
		osdmap_free(&nm);
		return -EPROTO;
	}
	osdmap_move(&o->map, &nm);
	return 0;
}

static int
take_inc(struct osd *o, const struct osd_map_blob *b)
{
	struct osdmap_inc inc;
	int err;

	err = osdmap_inc_decode_bytes(b->p, b->len, &inc);
	if (err) {
		log_error(LOG_OSD, "osd.%d: cannot decode incremental e%u: %s", o->cfg.whoami,
			  b->epoch, strerror(-err));
		return err;
	}
	err = osdmap_apply_inc(&o->map, &inc);
	osdmap_inc_free(&inc);
	if (err == OSDMAP_EBADCRC)
		log_info(LOG_OSD, "osd.%d: failed to encode map e%u with expected crc",
			 o->cfg.whoami, b->epoch);
	else if (err)
		log_error(LOG_OSD, "osd.%d: cannot apply incremental e%u: %s", o->cfg.whoami,
			  b->epoch, strerror(-err));
	return err;
}

static const struct osd_map_blob *
find_blob(const struct osd_map_blob *v, uint32_t n, uint32_t e)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (v[i].epoch == e)
			return &v[i];
	return NULL;
}

void
osd_handle_osd_map(struct osd *o, struct msg *m)
{
	struct osd_map_msg om;
	const struct osd_map_blob *b;
	uint32_t start = o->map.epoch, e, i;
	int err, applied = 0;

	err = osd_map_msg_decode(buf_contig(&m->front, 0, m->front.len), m->front.len,
				 m->hdr.version, &om);
	if (err) {
		log_error(LOG_OSD, "osd.%d: malformed MOSDMap (%zu bytes): %s", o->cfg.whoami,
			  m->front.len, strerror(-err));
		return;
	}
	if (memcmp(&om.fsid, &o->cfg.cluster_fsid, sizeof(om.fsid)) != 0) {
		log_error(LOG_OSD, "osd.%d: MOSDMap from another cluster ignored", o->cfg.whoami);
		goto out;
	}
	if (om.newest_map > o->newest_known)
		o->newest_known = om.newest_map;
	log_debug(LOG_OSD, 10, "osd.%d: MOSDMap inc %u full %u (oldest %u newest %u), have e%u",
		  o->cfg.whoami, om.ninc, om.nfull, om.oldest_map, om.newest_map, o->map.epoch);
	for (e = o->map.epoch + 1;; e++) {
		if ((b = find_blob(om.full, om.nfull, e))) {
			err = take_full(o, b);
		} else if ((b = find_blob(om.inc, om.ninc, e))) {
			err = take_inc(o, b);
		} else {
			/* A gap: a full map further on (start 0, trimmed history,
			 * an MMonGetOSDMap answer) lets us jump ahead. */
			b = NULL;
			for (i = 0; i < om.nfull; i++)
				if (om.full[i].epoch > e) {
					b = &om.full[i];
					break;
				}
			if (!b)
				break;
			log_debug(LOG_OSD, 1, "osd.%d: jumping from e%u to full map e%u",
				  o->cfg.whoami, o->map.epoch, b->epoch);
			err = take_full(o, b);
			e = b->epoch;
		}
		if (err) {
			request_full(o, e, om.newest_map > e ? om.newest_map : e);
			break;
		}
		if (o->oldest_map == 0)
			o->oldest_map = o->map.epoch;
		if (o->full_requested && o->full_requested <= o->map.epoch)
			o->full_requested = 0;
		applied++;
		log_debug(LOG_OSD, 5, "osd.%d: applied osdmap e%u", o->cfg.whoami, o->map.epoch);
	}
	if (o->map.epoch > o->newest_known)
		o->newest_known = o->map.epoch;
	if (applied)
		monc_sub_got(o->monc, "osdmap", o->map.epoch);
	if (!o->full_requested)
		osd_subscribe_next(o);
	if (applied && o->map.epoch > start)
		osd_handle_new_map(o);
out:
	osd_map_msg_free(&om);
}
