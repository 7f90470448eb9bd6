/*
 * osd.c — the OSD daemon's boot and map machinery (see osd.h for the state
 * machine). Message layouts are in osd_msgs.c and mon/; this file decides
 * when to send what, following src/osd/OSD.cc (start_boot, _preboot,
 * _send_boot, handle_osd_map, send_beacon, prepare_to_stop) in behaviour.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/log.h"
#include "common/mem.h"
#include "common/sup_channel.h"
#include "mon/mon_msgs.h"
#include "mon/monc.h"
#include "msg/features.h"
#include "msg/message.h"
#include "msg/msgr.h"
#include "osd/heartbeat.h"
#include "osd/mgrc.h"
#include "osd/mapshare.h"
#include "osd/osd.h"
#include "osd/osd_auth.h"
#include "osd/osd_meta.h"
#include "osd/osd_msgs.h"
#include "osd/osdmap_inc.h"

/* osd_map_message_max: the most epochs we ask for in one MMonGetOSDMap. */
#define OSD_MAP_FETCH_MAX 40

struct osd {
	struct event_base *base;
	struct osd_config cfg;
	char hostname[256];
	struct osd_hooks hooks;
	struct msgr *pub, *cluster, *hb_front, *hb_back;
	struct monc *monc;
	struct hb *hb;                  /* heartbeats on hb_front / hb_back */
	struct mapshare *share;         /* our map to peers behind us (cluster) */
	struct mgrc *mgrc;              /* mgr session (osd_set_mgrc), or NULL */
	enum osd_run_state state;

	struct osdmap map;              /* current map (epoch 0: none yet) */
	uint32_t oldest_map;            /* first epoch this process applied */
	uint32_t newest_known;          /* newest epoch the monitor has told us of */
	uint32_t full_requested;        /* epoch of an outstanding MMonGetOSDMap */
	uint32_t up_from;               /* epoch the map last showed us up */
	uint32_t boot_epoch;            /* sent in MOSDBoot: last epoch we were up */
	uint32_t alive_want;            /* last MOSDAlive want */
	uint64_t crush_tid;
	int crush_sent;
	struct utime start_stamp;       /* last_purged_snaps_scrub */
	char pools_line[2048];

	struct event *beacon_ev, *stop_ev, *boot_ev, *sigterm_ev, *sigint_ev;
	struct event *rotating_ev;      /* waiting for the rotating keys */
	uint32_t rotating_attempts;
	int failed;                     /* gave up: exit status 1 */

	struct osd_meta meta;           /* sent in MOSDBoot */
};

static const char *const state_names[] = {
	"preboot", "booting", "active", "stopping", "stopped",
};

const char *
osd_state_name(enum osd_run_state s)
{
	return (unsigned)s < sizeof(state_names) / sizeof(state_names[0]) ? state_names[s] : "?";
}

void
osd_config_default(struct osd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->whoami = -1;
	cfg->beacon_interval_s = 300;
	cfg->shutdown_timeout_ms = 3000;
	cfg->boot_retry_s = 30;
	cfg->rotating_wait_s = 30;
	cfg->rotating_attempts_max = 10;
	cfg->crush_update_on_start = 1;
	snprintf(cfg->crush_weight, sizeof(cfg->crush_weight), "0.0010");
	cfg->device_class = "hdd";
	hb_config_default(&cfg->hb);
}

static void
arm_s(struct event *ev, uint32_t ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	evtimer_add(ev, &tv);
}

static void
set_state(struct osd *o, enum osd_run_state s)
{
	/* what the osdfarm supervisor counts for readiness (no-op without it) */
	static const enum sup_chan_state sup_state[] = {
		[OSD_RUN_PREBOOT] = SUP_CHAN_BOOTING,
		[OSD_RUN_BOOTING] = SUP_CHAN_BOOTING,
		[OSD_RUN_ACTIVE] = SUP_CHAN_UP,
		[OSD_RUN_STOPPING] = SUP_CHAN_STOPPING,
		[OSD_RUN_STOPPED] = SUP_CHAN_STOPPED,
	};

	if (o->state != s)
		log_debug(LOG_OSD, 1, "osd.%d: state %s -> %s", o->cfg.whoami,
			  osd_state_name(o->state), osd_state_name(s));
	if (o->state != s)
		sup_channel_report(sup_channel_fd(), sup_state[s], o->map.epoch);
	o->state = s;
}

const struct osdmap *
osd_map(const struct osd *o)
{
	return &o->map;
}

enum osd_run_state
osd_state(const struct osd *o)
{
	return o->state;
}

int
osd_failed(const struct osd *o)
{
	return o->failed;
}

const struct entity_addrvec *
osd_public_addrs(const struct osd *o)
{
	return msgr_addrs(o->pub);
}

struct msgr *
osd_public_msgr(const struct osd *o)
{
	return o->pub;
}

void
osd_set_mgrc(struct osd *o, struct mgrc *mc)
{
	o->mgrc = mc;
}

void
osd_set_hooks(struct osd *o, const struct osd_hooks *h)
{
	o->hooks = *h;
}

/* What `ceph osd metadata N` shows (osd/osd_meta.h). */
static void
build_metadata(struct osd *o)
{
	struct osd_meta_input in = {
		.hostname = o->hostname,
		.created_at = o->cfg.created_at,
		.osd_data = o->cfg.osd_data,
		.device_class = o->cfg.device_class,
		.front = msgr_addrs(o->pub),
		.back = msgr_addrs(o->cluster),
		.hb_front = msgr_addrs(o->hb_front),
		.hb_back = msgr_addrs(o->hb_back),
	};

	osd_meta_build(&o->meta, &in);
}

/* ---- messages to the monitor ---- */

static void
send_beacon(struct osd *o)
{
	struct osd_beacon b;

	memset(&b, 0, sizeof(b));
	b.version = o->map.epoch;
	/* no PGs yet: the epoch itself is the oldest one we still need */
	b.min_last_epoch_clean = o->map.epoch;
	b.last_purged_snaps_scrub = o->start_stamp;
	b.report_interval = (int32_t)o->cfg.beacon_interval_s;
	log_debug(LOG_OSD, 10, "osd.%d: beacon e%u", o->cfg.whoami, o->map.epoch);
	monc_send(o->monc, osd_msg_beacon(&b));
}

static void
beacon_cb(evutil_socket_t fd, short what, void *arg)
{
	struct osd *o = arg;

	if (o->state == OSD_RUN_ACTIVE)
		send_beacon(o);
	arm_s(o->beacon_ev, o->cfg.beacon_interval_s * 1000);
}

static void
send_boot(struct osd *o)
{
	struct osd_boot bt;

	memset(&bt, 0, sizeof(bt));
	bt.version = o->map.epoch;
	bt.sb.cluster_fsid = o->cfg.cluster_fsid;
	bt.sb.whoami = o->cfg.whoami;
	bt.sb.current_epoch = o->map.epoch;
	bt.sb.oldest_map = o->oldest_map;
	bt.sb.newest_map = o->map.epoch;
	bt.sb.osd_fsid = o->cfg.osd_fsid;
	bt.sb.purged_snaps_last = o->map.epoch;
	bt.sb.last_purged_snaps_scrub = o->start_stamp;
	bt.sb.cluster_osdmap_trim_lower_bound = o->oldest_map;
	bt.hb_back_addrs = *msgr_addrs(o->hb_back);
	bt.cluster_addrs = *msgr_addrs(o->cluster);
	bt.hb_front_addrs = *msgr_addrs(o->hb_front);
	bt.boot_epoch = o->boot_epoch;
	bt.nmeta = o->meta.n;
	memcpy(bt.meta, o->meta.kv, o->meta.n * sizeof(bt.meta[0]));
	bt.osd_features = CEPH_FEATURES_SUPPORTED_DEFAULT;
	log_info(LOG_OSD, "osd.%d: sending boot at osdmap e%u", o->cfg.whoami, o->map.epoch);
	if (monc_send(o->monc, osd_msg_boot(&bt)) == 0) {
		set_state(o, OSD_RUN_BOOTING);
		arm_s(o->boot_ev, o->cfg.boot_retry_s * 1000);
	}
}

static void
send_mark_me_down(struct osd *o)
{
	struct osd_mark_me_down md;

	memset(&md, 0, sizeof(md));
	md.version = o->map.epoch;
	md.fsid = o->cfg.cluster_fsid;
	md.target_osd = o->cfg.whoami;
	md.target_addrs = *msgr_addrs(o->pub);
	md.epoch = o->map.epoch;
	md.request_ack = 1;
	md.down_and_dead = 1;
	monc_send(o->monc, osd_msg_mark_me_down(&md));
}

void
osd_request_alive(struct osd *o, uint32_t want)
{
	if (o->state != OSD_RUN_ACTIVE || want <= o->alive_want)
		return;
	o->alive_want = want;
	log_debug(LOG_OSD, 5, "osd.%d: alive want %u", o->cfg.whoami, want);
	monc_send(o->monc, osd_msg_alive(o->map.epoch, want));
}

/* Subscribe to the epochs after the one we hold (ONETIME, like OSD.cc). */
static void
subscribe_next(struct osd *o)
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
		subscribe_next(o);
}

void
osd_set_client_policy(struct osd *o, const struct msgr_policy *p)
{
	msgr_set_policy(o->pub, ENTITY_TYPE_CLIENT, *p);
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

/* ---- the map ---- */

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
am_up_here(struct osd *o)
{
	const struct entity_addrvec *v;

	if (!osdmap_is_up(&o->map, o->cfg.whoami))
		return 0;
	v = osdmap_get_addrs(&o->map, o->cfg.whoami, OSDMAP_ADDR_CLIENT);
	/* compare the v2 address (type, ip, port, nonce) */
	return v->n && entity_addr_equal(&v->v[0], &msgr_addrs(o->pub)->v[0]);
}

static void
finish_stop(struct osd *o, const char *why)
{
	if (o->state == OSD_RUN_STOPPED)
		return;
	log_info(LOG_OSD, "osd.%d: stopped (%s)", o->cfg.whoami, why);
	set_state(o, OSD_RUN_STOPPED);
	hb_stop(o->hb);
	monc_stop(o->monc);
	event_base_loopbreak(o->base);
}

/*
 * With cephx, clients' and peers' authorizers are sealed with the rotating
 * secret of our service: booting before we hold it would have the monitor
 * mark us up while we refuse every session (OSD::init waits the same way).
 */
static int
wait_rotating(struct osd *o)
{
	if (monc_auth_ready(o->monc))
		return 0;
	if (!evtimer_pending(o->rotating_ev, NULL)) {
		log_info(LOG_OSD, "osd.%d: waiting for the rotating service keys before boot",
			 o->cfg.whoami);
		arm_s(o->rotating_ev, o->cfg.rotating_wait_s * 1000);
	}
	return 1;
}

static void
rotating_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct osd *o = arg;

	if (monc_auth_ready(o->monc) || o->state == OSD_RUN_STOPPED)
		return;
	if (++o->rotating_attempts >= o->cfg.rotating_attempts_max) {
		log_error(LOG_OSD, "osd.%d: no rotating service keys after %u s; giving up",
			  o->cfg.whoami, o->rotating_attempts * o->cfg.rotating_wait_s);
		o->failed = 1;
		finish_stop(o, "no rotating service keys");
		return;
	}
	log_error(LOG_OSD, "osd.%d: unable to obtain rotating service keys; retrying",
		  o->cfg.whoami);
	arm_s(o->rotating_ev, o->cfg.rotating_wait_s * 1000);
}

static void
maybe_boot(struct osd *o)
{
	if (o->state != OSD_RUN_PREBOOT || !monc_is_ready(o->monc))
		return;
	if (wait_rotating(o))
		return;
	if (o->newest_known == 0 || o->map.epoch < o->newest_known)
		return;
	if (!osdmap_exists(&o->map, o->cfg.whoami)) {
		log_error(LOG_OSD, "osd.%d does not exist in osdmap e%u (max_osd %d); "
			  "waiting", o->cfg.whoami, o->map.epoch, o->map.max_osd);
		return;
	}
	if ((o->map.flags & OSDMAP_FLAG_NOUP) ||
	    (o->map.osd_state[o->cfg.whoami] & OSD_STATE_NOUP)) {
		log_info(LOG_OSD, "osd.%d: osdmap e%u has noup set; waiting for it to clear",
			 o->cfg.whoami, o->map.epoch);
		return;
	}
	if (memcmp(&o->map.osd_uuid[o->cfg.whoami], &o->cfg.osd_fsid, sizeof(struct uuid)) &&
	    !uuid_is_zero(&o->map.osd_uuid[o->cfg.whoami])) {
		char a[37], b[37];

		uuid_format(&o->map.osd_uuid[o->cfg.whoami], a);
		uuid_format(&o->cfg.osd_fsid, b);
		log_error(LOG_OSD, "osd.%d: the map has uuid %s for this id, we are %s; "
			  "the monitor will ignore our boot", o->cfg.whoami, a, b);
	}
	send_boot(o);
}

static void
handle_new_map(struct osd *o)
{
	const struct osd_info *inf;
	char line[sizeof(o->pools_line)];

	log_debug(LOG_OSD, 1, "osd.%d: osdmap e%u", o->cfg.whoami, o->map.epoch);
	osd_format_pools(&o->map, line, sizeof(line));
	/* compare without the epoch: log only when the pools changed */
	if (!o->pools_line[0] || strcmp(strstr(line, " pools:"), strstr(o->pools_line, " pools:")))
		log_info(LOG_OSD, "%s", line);
	snprintf(o->pools_line, sizeof(o->pools_line), "%s", line);

	switch (o->state) {
	case OSD_RUN_PREBOOT:
		maybe_boot(o);
		break;
	case OSD_RUN_BOOTING:
		if (am_up_here(o)) {
			inf = osdmap_get_info(&o->map, o->cfg.whoami);
			o->up_from = inf->up_from;
			o->boot_epoch = inf->up_from;
			evtimer_del(o->boot_ev);
			set_state(o, OSD_RUN_ACTIVE);
			log_info(LOG_OSD, "osd.%d: up in osdmap e%u (up_from %u)", o->cfg.whoami,
				 o->map.epoch, inf->up_from);
			send_beacon(o);
			arm_s(o->beacon_ev, o->cfg.beacon_interval_s * 1000);
		}
		break;
	case OSD_RUN_ACTIVE:
		if (!am_up_here(o)) {
			log_info(LOG_OSD, "osd.%d: osdmap e%u marks us down while we run; "
				 "booting again", o->cfg.whoami, o->map.epoch);
			set_state(o, OSD_RUN_PREBOOT);
			maybe_boot(o);
		}
		break;
	case OSD_RUN_STOPPING:
		if (!am_up_here(o))
			finish_stop(o, "the osdmap shows us down");
		return;
	case OSD_RUN_STOPPED:
		return;
	}
	if (o->state == OSD_RUN_ACTIVE) {
		inf = osdmap_get_info(&o->map, o->cfg.whoami);
		if (inf->up_thru < inf->up_from)
			osd_request_alive(o, inf->up_from);
	}
	mapshare_update(o->share, &o->map);
	hb_update(o->hb, &o->map, o->state == OSD_RUN_ACTIVE ? o->up_from : 0);
	if (o->hooks.new_map)
		o->hooks.new_map(o->hooks.arg, &o->map);
}

/* Make e the current map from a full map blob. */
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

static void
handle_osd_map(struct osd *o, struct msg *m)
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
		subscribe_next(o);
	if (applied && o->map.epoch > start)
		handle_new_map(o);
out:
	osd_map_msg_free(&om);
}

static void
handle_pg_create2(struct osd *o, struct msg *m)
{
	struct osd_pg_create2 c;
	char s[64];
	uint32_t i;
	int err;

	err = osd_pg_create2_decode(buf_contig(&m->front, 0, m->front.len), m->front.len,
				    m->hdr.version, &c);
	if (err) {
		log_error(LOG_OSD, "osd.%d: malformed MOSDPGCreate2: %s", o->cfg.whoami,
			  strerror(-err));
		return;
	}
	for (i = 0; i < c.npgs; i++) {
		spg_format(&c.pgs[i].pgid, s, sizeof(s));
		/* Hook for the PG layer: instantiate, then acknowledge. */
		if (o->hooks.pg_create &&
		    o->hooks.pg_create(o->hooks.arg, &c.pgs[i].pgid, c.pgs[i].created) < 0) {
			log_debug(LOG_OSD, 5, "osd.%d: pg %s not created yet", o->cfg.whoami, s);
			continue;
		}
		log_debug(LOG_OSD, 5, "osd.%d: pg %s created (e%u)", o->cfg.whoami, s,
			  c.pgs[i].created);
		monc_send(o->monc, osd_msg_pg_created(&c.pgs[i].pgid.pgid));
	}
	osd_pg_create2_free(&c);
}

static void
handle_mark_me_down_ack(struct osd *o, struct msg *m)
{
	struct osd_mark_me_down md;

	if (osd_mark_me_down_decode(buf_contig(&m->front, 0, m->front.len), m->front.len,
				    m->hdr.version, &md) < 0 || md.target_osd != o->cfg.whoami)
		return;
	if (o->state == OSD_RUN_STOPPING)
		finish_stop(o, "the monitor acknowledged our mark-down");
}

static void
mon_dispatch(void *arg, struct msg *m)
{
	struct osd *o = arg;

	switch (m->hdr.type) {
	case CEPH_MSG_OSD_MAP:
		handle_osd_map(o, m);
		break;
	case MSG_OSD_PG_CREATE2:
		handle_pg_create2(o, m);
		break;
	case MSG_OSD_MARK_ME_DOWN:
		handle_mark_me_down_ack(o, m);
		break;
	case MSG_MGR_MAP:
		if (o->mgrc)
			mgrc_handle_mgr_map(o->mgrc, m);
		break;
	default:
		log_debug(LOG_OSD, 5, "osd.%d: ignoring %s (%u) from the monitor", o->cfg.whoami,
			  msg_type_name(m->hdr.type), m->hdr.type);
	}
	msg_free(m);
}

static void
crush_done(void *arg, int r, const char *rs, const struct buf *out)
{
	struct osd *o = arg;

	if (r < 0)
		log_error(LOG_OSD, "osd.%d: osd crush create-or-move failed: %d %s",
			  o->cfg.whoami, r, rs);
	else
		log_debug(LOG_OSD, 1, "osd.%d: crush: %s", o->cfg.whoami, rs);
}

static void
class_done(void *arg, int r, const char *rs, const struct buf *out)
{
	struct osd *o = arg;

	if (r < 0)
		log_debug(LOG_OSD, 1, "osd.%d: set-device-class: %d %s", o->cfg.whoami, r, rs);
}

static void
version_cb(void *arg, uint64_t newest, uint64_t oldest)
{
	struct osd *o = arg;

	log_debug(LOG_OSD, 5, "osd.%d: mon has osdmaps %llu..%llu, we have e%u", o->cfg.whoami,
		  (unsigned long long)oldest, (unsigned long long)newest, o->map.epoch);
	if (newest > o->newest_known)
		o->newest_known = (uint32_t)newest;
	if (o->map.epoch == 0 && oldest > 1)
		o->oldest_map = (uint32_t)oldest;       /* where a fresh OSD starts */
	if (o->map.epoch < newest)
		subscribe_next(o);
	else
		maybe_boot(o);
}

static void
start_preboot(struct osd *o)
{
	set_state(o, OSD_RUN_PREBOOT);
	monc_get_version(o->monc, "osdmap", version_cb, o);
}

static void
mon_session(void *arg)
{
	struct osd *o = arg;
	char json[512];

	if (!o->crush_sent) {
		o->crush_sent = 1;
		if (o->cfg.device_class && o->cfg.device_class[0]) {
			snprintf(json, sizeof(json), "{\"prefix\": \"osd crush set-device-class\", "
				 "\"class\": \"%s\", \"ids\": [\"%d\"]}", o->cfg.device_class,
				 o->cfg.whoami);
			monc_command(o->monc, json, class_done, o);
		}
		if (o->cfg.crush_update_on_start) {
			snprintf(json, sizeof(json), "{\"prefix\": \"osd crush create-or-move\", "
				 "\"id\": %d, \"weight\":%s, \"args\": [\"host=%s\", "
				 "\"root=default\"]}", o->cfg.whoami, o->cfg.crush_weight,
				 o->hostname);
			o->crush_tid = monc_command(o->monc, json, crush_done, o);
		}
	}
	monc_sub_want(o->monc, "mgrmap", 0, 0);
	monc_sub_want(o->monc, "osd_pg_creates", 0, 0);
	monc_renew_subs(o->monc);
	switch (o->state) {
	case OSD_RUN_PREBOOT:
	case OSD_RUN_BOOTING:
		/* a boot sent on a lost session may be lost: start over */
		evtimer_del(o->boot_ev);
		start_preboot(o);
		break;
	case OSD_RUN_ACTIVE:
		subscribe_next(o);
		send_beacon(o);
		hb_mon_session(o->hb);
		break;
	case OSD_RUN_STOPPING:
		send_mark_me_down(o);
		break;
	case OSD_RUN_STOPPED:
		break;
	}
}

static void
boot_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct osd *o = arg;

	if (o->state != OSD_RUN_BOOTING)
		return;
	log_info(LOG_OSD, "osd.%d: not up %u s after boot; trying again", o->cfg.whoami,
		 o->cfg.boot_retry_s);
	start_preboot(o);
}

static void
stop_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	finish_stop(arg, "no mark-down ack in time");
}

void
osd_shutdown(struct osd *o)
{
	if (o->state == OSD_RUN_STOPPING) {
		finish_stop(o, "second signal");
		return;
	}
	if (o->state == OSD_RUN_STOPPED)
		return;
	if (o->state != OSD_RUN_ACTIVE || !am_up_here(o)) {
		finish_stop(o, "not up, nothing to tell the monitor");
		return;
	}
	log_info(LOG_OSD, "osd.%d: shutting down, asking to be marked down", o->cfg.whoami);
	set_state(o, OSD_RUN_STOPPING);
	hb_stop(o->hb);
	evtimer_del(o->beacon_ev);
	send_mark_me_down(o);
	arm_s(o->stop_ev, o->cfg.shutdown_timeout_ms);
}

static void
signal_cb(evutil_socket_t sig, short what, void *arg)
{
	log_info(LOG_OSD, "received signal %d", (int)sig);
	osd_shutdown(arg);
}

static void
mon_auth_ready(void *arg)
{
	struct osd *o = arg;

	evtimer_del(o->rotating_ev);
	o->rotating_attempts = 0;
	maybe_boot(o);
}

static const struct monc_ops osd_monc_ops = {
	.dispatch = mon_dispatch,
	.session = mon_session,
	.auth_ready = mon_auth_ready,
};

/* ---- messengers ---- */

static void
pub_dispatch(void *arg, struct conn *c, struct msg *m)
{
	struct osd *o = arg;

	if (monc_handle_dispatch(o->monc, c, m))
		return;
	if (o->mgrc && mgrc_handle_dispatch(o->mgrc, c, m))
		return;
	if (o->hooks.client_dispatch) {
		o->hooks.client_dispatch(o->hooks.arg, c, m);
		return;
	}
	log_debug(LOG_OSD, 5, "osd.%d: dropping %s (%u) on the public messenger",
		  o->cfg.whoami, msg_type_name(m->hdr.type), m->hdr.type);
	msg_free(m);
}

static void
pub_connected(void *arg, struct conn *c)
{
	struct osd *o = arg;

	monc_handle_connected(o->monc, c);
}

static void
pub_reset(void *arg, struct conn *c)
{
	struct osd *o = arg;

	monc_handle_reset(o->monc, c);
	if (o->mgrc && mgrc_handle_reset(o->mgrc, c))
		return;
	if (o->hooks.conn_reset)
		o->hooks.conn_reset(o->hooks.arg, c);
}

static void
pub_ka_ack(void *arg, struct conn *c, const struct utime *stamp)
{
	struct osd *o = arg;

	monc_handle_keepalive_ack(o->monc, c);
}

static const struct msgr_ops pub_ops = {
	.dispatch = pub_dispatch,
	.connected = pub_connected,
	.reset = pub_reset,
	.keepalive_ack = pub_ka_ack,
};

/* The cluster messenger: until replication lands, only the maps peers
 * share with us (as we share ours, osd/mapshare.h) are taken; the rest is
 * dropped. (The heartbeat messengers go to osd/heartbeat.c.) */
static void
cluster_dispatch(void *arg, struct conn *c, struct msg *m)
{
	struct osd *o = arg;

	if (m->hdr.type == CEPH_MSG_OSD_MAP && m->src.type == ENTITY_TYPE_OSD &&
	    o->state != OSD_RUN_STOPPED) {
		log_debug(LOG_OSD, 10, "osd.%d: osdmap from osd.%lld", o->cfg.whoami,
			  (long long)m->src.num);
		handle_osd_map(o, m);
	} else {
		log_debug(LOG_OSD, 10, "dropping %s on the cluster messenger",
			  msg_type_name(m->hdr.type));
	}
	msg_free(m);
}

static const struct msgr_ops cluster_ops = {
	.dispatch = cluster_dispatch,
};

/* Heartbeats (osd/heartbeat.h): failure reports go to the monitor; a peer
 * saying we died makes us fetch newer maps. */
static int
hb_mon_send(void *arg, struct msg *m)
{
	struct osd *o = arg;

	return monc_send(o->monc, m);
}

static void
hb_need_map(void *arg, uint32_t epoch)
{
	struct osd *o = arg;

	if (epoch > o->map.epoch && !o->full_requested)
		subscribe_next(o);
}

static void
hb_share_map(void *arg, int32_t osd, uint32_t peer_epoch)
{
	struct osd *o = arg;

	if (o->state == OSD_RUN_ACTIVE)
		mapshare_to_peer(o->share, &o->map, o->oldest_map, osd, peer_epoch);
}

static const struct hb_ops osd_hb_ops = {
	.mon_send = hb_mon_send,
	.need_map = hb_need_map,
	.share_map = hb_share_map,
};

static int
bind_one(struct osd *o, struct msgr *m, const struct entity_addr *ip, const char *what)
{
	struct entity_addr a = *ip;
	uint32_t port;
	char s[96];
	int err = -EADDRINUSE;

	a.type = ENTITY_ADDR_MSGR2;
	a.nonce = o->cfg.nonce;
	if (o->cfg.bind_port_min == 0 && o->cfg.bind_port_max == 0) {
		entity_addr_set_port(&a, 0);
		err = msgr_bind(m, &a);
	} else {
		for (port = o->cfg.bind_port_min; port <= o->cfg.bind_port_max; port++) {
			entity_addr_set_port(&a, (uint16_t)port);
			if ((err = msgr_bind(m, &a)) == 0)
				break;
		}
	}
	if (err) {
		entity_addr_format(&a, s, sizeof(s));
		log_error(LOG_OSD, "osd.%d: cannot bind the %s messenger (%s): %s",
			  o->cfg.whoami, what, s, strerror(-err));
		return err;
	}
	entity_addrvec_format(msgr_addrs(m), s, sizeof(s));
	log_debug(LOG_OSD, 1, "osd.%d: %s messenger at %s", o->cfg.whoami, what, s);
	return 0;
}

static struct msgr *
new_msgr(struct osd *o, const struct msgr_ops *ops)
{
	struct msgr *m = msgr_new(o->base, ENTITY_TYPE_OSD, o->cfg.whoami, ops, o);

	msgr_set_nonce(m, o->cfg.nonce);
	return m;
}

int
osd_new(struct event_base *base, const struct osd_config *cfg, struct osd **out)
{
	struct osd *o = xcalloc(1, sizeof(*o));
	struct monc_config mcfg;
	struct hb_config hbcfg;
	int err;

	o->base = base;
	o->cfg = *cfg;
	snprintf(o->hostname, sizeof(o->hostname), "%s", cfg->hostname ? cfg->hostname : "localhost");
	o->cfg.hostname = o->hostname;
	osdmap_init(&o->map);
	o->start_stamp = utime_now();
	o->state = OSD_RUN_PREBOOT;

	hbcfg = cfg->hb;
	hbcfg.whoami = cfg->whoami;
	hbcfg.fsid = cfg->cluster_fsid;
	hbcfg.nonce = cfg->nonce;
	if ((err = hb_new(base, &hbcfg, &osd_hb_ops, o, &o->hb)) < 0)
		goto fail;
	o->pub = new_msgr(o, &pub_ops);
	o->cluster = new_msgr(o, &cluster_ops);
	o->share = mapshare_new(o->cluster);
	/* the heartbeat servers call into the hb, not into us */
	o->hb_front = msgr_new(base, ENTITY_TYPE_OSD, cfg->whoami, &hb_server_ops, o->hb);
	o->hb_back = msgr_new(base, ENTITY_TYPE_OSD, cfg->whoami, &hb_server_ops, o->hb);
	msgr_set_nonce(o->hb_front, cfg->nonce);
	msgr_set_nonce(o->hb_back, cfg->nonce);
	msgr_set_default_policy(o->pub, msgr_policy_stateless_server());
	msgr_set_policy(o->cluster, ENTITY_TYPE_OSD, msgr_policy_lossless_peer());
	msgr_set_default_policy(o->hb_front, msgr_policy_stateless_server());
	msgr_set_default_policy(o->hb_back, msgr_policy_stateless_server());
	if ((err = bind_one(o, o->pub, &cfg->public_ip, "public")) ||
	    (err = bind_one(o, o->cluster, &cfg->cluster_ip, "cluster")) ||
	    (err = bind_one(o, o->hb_front, &cfg->public_ip, "hb_front")) ||
	    (err = bind_one(o, o->hb_back, &cfg->cluster_ip, "hb_back")))
		goto fail;

	monc_config_default(&mcfg);
	mcfg.mons = cfg->mons;
	mcfg.nmons = cfg->nmons;
	mcfg.fsid = cfg->cluster_fsid;
	mcfg.hostname = o->hostname;
	if ((err = monc_new(o->pub, base, &mcfg, &osd_monc_ops, o, &o->monc)) < 0)
		goto fail;
	osd_auth_attach(cfg->auth, o->pub, o->cluster, o->hb_front, o->hb_back, o->monc);
	osd_auth_attach_peer(cfg->auth, hb_client_msgr(o->hb));
	build_metadata(o);

	o->beacon_ev = evtimer_new(base, beacon_cb, o);
	o->stop_ev = evtimer_new(base, stop_timeout_cb, o);
	o->boot_ev = evtimer_new(base, boot_retry_cb, o);
	o->rotating_ev = evtimer_new(base, rotating_timeout_cb, o);
	o->sigterm_ev = evsignal_new(base, SIGTERM, signal_cb, o);
	o->sigint_ev = evsignal_new(base, SIGINT, signal_cb, o);
	evsignal_add(o->sigterm_ev, NULL);
	evsignal_add(o->sigint_ev, NULL);
	*out = o;
	return 0;
fail:
	osd_free(o);
	return err;
}

void
osd_start(struct osd *o)
{
	char s[256];

	entity_addrvec_format(msgr_addrs(o->pub), s, sizeof(s));
	log_info(LOG_OSD, "osd.%d: starting, public %s, %s", o->cfg.whoami, s, OSD_CEPH_VERSION);
	monc_sub_want(o->monc, "monmap", 0, 0);
	monc_sub_want(o->monc, "config", 0, 0);
	monc_start(o->monc);
}

void
osd_free(struct osd *o)
{
	struct event **evs[] = { &o->beacon_ev, &o->stop_ev, &o->boot_ev, &o->sigterm_ev,
				 &o->sigint_ev, &o->rotating_ev };
	size_t i;

	if (!o)
		return;
	for (i = 0; i < sizeof(evs) / sizeof(evs[0]); i++)
		if (*evs[i])
			event_free(*evs[i]);
	monc_free(o->monc);
	mapshare_free(o->share);        /* before the messenger its sessions use */
	if (o->pub)
		msgr_free(o->pub);
	if (o->cluster)
		msgr_free(o->cluster);
	if (o->hb_front)
		msgr_free(o->hb_front);
	if (o->hb_back)
		msgr_free(o->hb_back);
	hb_free(o->hb);         /* after the messengers that call into it */
	osdmap_free(&o->map);
	free(o);
}
