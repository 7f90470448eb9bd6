/*
 * osd.c — the OSD daemon's boot and state machine (see osd.h): when to send
 * MOSDBoot, beacons, MOSDAlive and the mark-down, following src/osd/OSD.cc
 * (start_boot, _preboot, _send_boot, send_beacon, prepare_to_stop) in
 * behaviour. Maps come in through osd_mapin.c, messenger events through
 * osd_msgrs.c (osd_int.h); message layouts are in osd_msgs.c and mon/.
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
#include "osd/osd_int.h"
#include "osd/osd_meta.h"
#include "osd/osd_msgs.h"
#include "osd/osdmap_inc.h"

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

void
osd_set_client_policy(struct osd *o, const struct msgr_policy *p)
{
	msgr_set_policy(o->pub, ENTITY_TYPE_CLIENT, *p);
}

/* ---- the map ---- */

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

void
osd_handle_new_map(struct osd *o)
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
		osd_handle_osd_map(o, m);
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
		osd_subscribe_next(o);
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
		osd_subscribe_next(o);
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
	o->pub = osd_new_msgr(o, &osd_pub_ops);
	o->cluster = osd_new_msgr(o, &osd_cluster_ops);
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
	if ((err = osd_bind_one(o, o->pub, &cfg->public_ip, "public")) ||
	    (err = osd_bind_one(o, o->cluster, &cfg->cluster_ip, "cluster")) ||
	    (err = osd_bind_one(o, o->hb_front, &cfg->public_ip, "hb_front")) ||
	    (err = osd_bind_one(o, o->hb_back, &cfg->cluster_ip, "hb_back")))
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
