/*
 * heartbeat.c — pinging heartbeat peers, answering their pings, and telling
 * the monitor who stopped answering (see heartbeat.h; behaviour from
 * src/osd/OSD.cc: heartbeat, handle_osd_ping, heartbeat_check,
 * send_failures, send_still_alive, heartbeat_reset, ms_handle_refused, and
 * HeartbeatStamps in src/osd/PeeringState.h). Peer choice is in
 * heartbeat_peers.c.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "common/log.h"
#include "common/mem.h"
#include "msg/message.h"
#include "msg/msgr.h"
#include "osd/heartbeat.h"
#include "osd/mosdfailure.h"
#include "osd/mosdping.h"

#define NS_PER_MS 1000000LL
#define NS_PER_S 1000000000LL

/* Unanswered pings remembered per peer. Pings go out at least every 0.5 s
 * apart (classic's randomisation), so 64 covers a 32 s grace. */
#define HB_HISTORY_MAX 64
/* osd_mon_heartbeat_interval: how often a lonely OSD asks for maps. */
#define HB_LONELY_NS (30 * NS_PER_S)

enum { HB_BACK, HB_FRONT, HB_NCON };

struct hb_ping {
	struct utime stamp;             /* ping_stamp sent; the reply echoes it */
	int64_t deadline;               /* monotonic ns */
	uint8_t need;                   /* bit per connection still to answer */
};

struct hb_peer {
	int32_t osd;
	struct conn *con[HB_NCON];      /* referenced; NULL until (re)connected */
	struct entity_addrvec addrs[HB_NCON];   /* from the map; front may be empty */
	int64_t first_tx, last_tx;      /* monotonic ns, 0 = never */
	int64_t last_rx[HB_NCON];
	int64_t last_refused;           /* last IMMEDIATE report for it */
	uint32_t nhist;
	struct hb_ping hist[HB_HISTORY_MAX];    /* oldest first */
};

/* HeartbeatStamps: bounds on (peer mono clock - ours), per OSD. */
struct hb_stamps {
	uint32_t up_from;
	uint8_t has_lb, has_ub;
	int64_t lb, ub;
};

enum hb_fail_state { FAIL_QUEUED = 1, FAIL_PENDING };

struct hb_fail {
	int32_t osd;
	enum hb_fail_state state;
	int64_t since;                  /* monotonic ns: last heard from */
	struct entity_addrvec addrs;    /* target addrs in the report */
};

struct hb {
	struct event_base *base;
	struct hb_config cfg;
	struct hb_ops ops;
	void *arg;
	struct msgr *client;
	const struct osdmap *map;
	uint32_t up_from;
	int stopped;
	int64_t start;                  /* mono_clock at start: mnow is relative */
	int64_t last_resample, last_lonely;
	uint32_t rng;
	uint32_t drop_pings;
	uint32_t you_died_epoch;        /* newest YOU_DIED acted upon */

	struct hb_peer **peers;         /* ascending osd */
	uint32_t npeers;
	struct hb_stamps *stamps;       /* [nstamps], grown on demand */
	uint32_t nstamps;
	struct hb_fail *fails;
	uint32_t nfails, capfails;

	struct event *ping_ev, *check_ev;
};

void
hb_config_default(struct hb_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->whoami = -1;
	cfg->interval_ms = 6000;
	cfg->grace_ms = 20000;
	cfg->min_peers = 10;
	cfg->min_size = MOSDPING_MIN_SIZE_DEFAULT;
	cfg->stale_ms = 600000;
	cfg->min_down_reporters = 2;
	strcpy(cfg->subtree_level, "host");
	cfg->fast_fail_on_refused = 1;
	cfg->randomize = 1;
	cfg->check_ms = 1000;
}

static int64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

static int
active(const struct hb *h)
{
	return !h->stopped && h->map && h->up_from && osdmap_is_up(h->map, h->cfg.whoami);
}

static void
arm_ms(struct event *ev, uint32_t ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	evtimer_add(ev, &tv);
}

static uint32_t
next_rand(struct hb *h)
{
	uint32_t x = h->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return h->rng = x ? x : 0x2545f491u;
}

/* ---- clock bounds (HeartbeatStamps) ---- */

static struct hb_stamps *
stamps_of(struct hb *h, int32_t osd)
{
	uint32_t n;

	if (osd < 0 || osd >= OSDMAP_MAX_OSD)
		return NULL;
	if ((uint32_t)osd >= h->nstamps) {
		n = (uint32_t)osd + 1 > 2 * h->nstamps ? (uint32_t)osd + 1 : 2 * h->nstamps;
		h->stamps = xrealloc(h->stamps, n * sizeof(*h->stamps));
		memset(h->stamps + h->nstamps, 0, (n - h->nstamps) * sizeof(*h->stamps));
		h->nstamps = n;
	}
	return &h->stamps[osd];
}

/* ---- failure reports ---- */

static struct hb_fail *
fail_find(struct hb *h, int32_t osd)
{
	uint32_t i;

	for (i = 0; i < h->nfails; i++)
		if (h->fails[i].osd == osd)
			return &h->fails[i];
	return NULL;
}

static void
fail_remove(struct hb *h, struct hb_fail *f)
{
	*f = h->fails[--h->nfails];
}

static void
send_report(struct hb *h, int32_t osd, const struct entity_addrvec *addrs, uint8_t flags,
	    int32_t failed_for)
{
	struct mosdfailure f;

	memset(&f, 0, sizeof(f));
	f.version = h->map->epoch;
	f.fsid = h->cfg.fsid;
	f.target_osd = osd;
	f.target_addrs = *addrs;
	f.epoch = h->map->epoch;
	f.flags = flags;
	f.failed_for = failed_for;
	if (h->ops.mon_send)
		h->ops.mon_send(h->arg, mosdfailure_msg(&f));
}

/* Withdraw a report the monitor holds (send_still_alive). */
static void
cancel_report(struct hb *h, struct hb_fail *f, const char *why)
{
	if (f->state == FAIL_PENDING) {
		log_info(LOG_OSD, "osd.%d: heartbeat: osd.%d %s; withdrawing its failure report",
			 h->cfg.whoami, f->osd, why);
		send_report(h, f->osd, &f->addrs, MOSDFAILURE_FLAG_ALIVE, 0);
	}
	fail_remove(h, f);
}

static void
send_failures(struct hb *h, int64_t now)
{
	uint32_t i;
	int64_t secs;

	for (i = 0; i < h->nfails; i++) {
		struct hb_fail *f = &h->fails[i];

		if (f->state != FAIL_QUEUED)
			continue;
		f->addrs = *osdmap_get_addrs(h->map, f->osd, OSDMAP_ADDR_CLIENT);
		secs = (now - f->since) / NS_PER_S;
		log_info(LOG_OSD, "osd.%d: heartbeat: no reply from osd.%d for %lld s; "
			 "reporting it failed at e%u", h->cfg.whoami, f->osd, (long long)secs,
			 h->map->epoch);
		send_report(h, f->osd, &f->addrs, MOSDFAILURE_FLAG_FAILED,
			    secs > INT32_MAX ? INT32_MAX : (int32_t)secs);
		f->state = FAIL_PENDING;
	}
}

static void
queue_failure(struct hb *h, int32_t osd, int64_t since)
{
	struct hb_fail *f = fail_find(h, osd);

	if (f) {
		if (f->state == FAIL_QUEUED)
			f->since = since;
		return;
	}
	if (h->nfails == h->capfails) {
		h->capfails = h->capfails ? h->capfails * 2 : 8;
		h->fails = xrealloc(h->fails, h->capfails * sizeof(*h->fails));
	}
	f = &h->fails[h->nfails++];
	memset(f, 0, sizeof(*f));
	f->osd = osd;
	f->state = FAIL_QUEUED;
	f->since = since;
}

/* ---- peers ---- */

static struct hb_peer *
peer_find(const struct hb *h, int32_t osd, uint32_t *pos)
{
	uint32_t lo = 0, hi = h->npeers, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (h->peers[mid]->osd < osd)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (pos)
		*pos = lo;
	return lo < h->npeers && h->peers[lo]->osd == osd ? h->peers[lo] : NULL;
}

static void
peer_close(struct hb_peer *p)
{
	int k;

	for (k = 0; k < HB_NCON; k++) {
		if (!p->con[k])
			continue;
		conn_mark_down(p->con[k]);
		conn_put(p->con[k]);
		p->con[k] = NULL;
	}
}

static void
peer_connect(struct hb *h, struct hb_peer *p)
{
	int k;

	for (k = 0; k < HB_NCON; k++)
		if (!p->con[k] && p->addrs[k].n)
			p->con[k] = conn_get(msgr_connect(h->client, &p->addrs[k], ENTITY_TYPE_OSD));
}

static void
peer_add(struct hb *h, int32_t osd)
{
	const struct entity_addrvec *back = osdmap_get_addrs(h->map, osd, OSDMAP_ADDR_HB_BACK);
	struct hb_peer *p;
	uint32_t pos;

	/* classic get_con_osd_hb: no back address, no peer */
	if (!back->n || peer_find(h, osd, &pos))
		return;
	p = xcalloc(1, sizeof(*p));
	p->osd = osd;
	p->addrs[HB_BACK] = *back;
	p->addrs[HB_FRONT] = *osdmap_get_addrs(h->map, osd, OSDMAP_ADDR_HB_FRONT);
	h->peers = xrealloc(h->peers, (h->npeers + 1) * sizeof(*h->peers));
	memmove(h->peers + pos + 1, h->peers + pos, (h->npeers - pos) * sizeof(*h->peers));
	h->peers[pos] = p;
	h->npeers++;
	log_debug(LOG_OSD, 10, "osd.%d: heartbeat: new peer osd.%d", h->cfg.whoami, osd);
	peer_connect(h, p);
}

static void
peer_remove_at(struct hb *h, uint32_t i)
{
	struct hb_peer *p = h->peers[i];

	log_debug(LOG_OSD, 20, "osd.%d: heartbeat: removing peer osd.%d", h->cfg.whoami, p->osd);
	peer_close(p);
	free(p);
	memmove(h->peers + i, h->peers + i + 1, (h->npeers - i - 1) * sizeof(*h->peers));
	h->npeers--;
}

static void
clear_peers(struct hb *h)
{
	while (h->npeers)
		peer_remove_at(h, h->npeers - 1);
	/* reset_heartbeat_peers(all): queued and pending reports go too */
	h->nfails = 0;
}

/* Oldest ping still unanswered is past its deadline. */
static int
peer_unhealthy(const struct hb_peer *p, int64_t now)
{
	return p->nhist && now > p->hist[0].deadline;
}

static int
peer_healthy(const struct hb_peer *p, int64_t now)
{
	int k;

	for (k = 0; k < HB_NCON; k++)
		if (!p->last_rx[k])
			return 0;       /* both must have answered once */
	return !peer_unhealthy(p, now);
}

/* Recompute the peer set from the map (maybe_update_heartbeat_peers). */
static void
update_peers(struct hb *h)
{
	int32_t *cur, *want = NULL;
	uint32_t i, j;
	int n;

	/* peers gone down or moved to new addresses */
	for (i = h->npeers; i-- > 0;) {
		struct hb_peer *p = h->peers[i];

		if (!osdmap_is_up(h->map, p->osd)) {
			peer_remove_at(h, i);
			continue;
		}
		if (!entity_addrvec_equal(&p->addrs[HB_BACK],
				   osdmap_get_addrs(h->map, p->osd, OSDMAP_ADDR_HB_BACK)) ||
		    !entity_addrvec_equal(&p->addrs[HB_FRONT],
				   osdmap_get_addrs(h->map, p->osd, OSDMAP_ADDR_HB_FRONT))) {
			log_debug(LOG_OSD, 10, "osd.%d: heartbeat: osd.%d has new addresses",
				  h->cfg.whoami, p->osd);
			peer_remove_at(h, i);
		}
	}
	cur = xmalloc((h->npeers + 1) * sizeof(*cur));
	for (i = 0; i < h->npeers; i++)
		cur[i] = h->peers[i]->osd;
	n = hb_choose_peers(h->map, h->cfg.whoami, h->cfg.min_peers, h->cfg.min_down_reporters,
			    h->cfg.subtree_level, cur, h->npeers, next_rand(h), &want);
	free(cur);
	if (n < 0)
		n = 0;
	/* both lists ascending: remove the unwanted, add the new */
	for (i = h->npeers, j = (uint32_t)n; i-- > 0;) {
		while (j > 0 && want[j - 1] > h->peers[i]->osd)
			j--;
		if (j == 0 || want[j - 1] != h->peers[i]->osd)
			peer_remove_at(h, i);
	}
	for (j = 0; j < (uint32_t)n; j++)
		peer_add(h, want[j]);
	free(want);

	/* reports about OSDs that are gone or no longer our peers */
	for (i = h->nfails; i-- > 0;) {
		struct hb_fail *f = &h->fails[i];

		if (!osdmap_is_up(h->map, f->osd) ||
		    (f->state == FAIL_PENDING &&
		     !entity_addrvec_equal(&f->addrs, osdmap_get_addrs(h->map, f->osd,
								OSDMAP_ADDR_CLIENT))))
			fail_remove(h, f);      /* the monitor would ignore either */
		else if (!peer_find(h, f->osd, NULL))
			cancel_report(h, f, "is no longer a heartbeat peer");
	}
	log_debug(LOG_OSD, 10, "osd.%d: heartbeat: %u peers at e%u", h->cfg.whoami, h->npeers,
		  h->map->epoch);
}

/* ---- sending pings ---- */

static void
send_ping(struct hb *h, struct hb_peer *p, const struct utime *stamp, int64_t mnow)
{
	struct hb_stamps *st = stamps_of(h, p->osd);
	struct mosdping ping;
	int k;

	memset(&ping, 0, sizeof(ping));
	ping.fsid = h->cfg.fsid;
	ping.map_epoch = h->map->epoch;
	ping.op = MOSDPING_PING;
	ping.ping_stamp = *stamp;
	ping.mono_ping_stamp = mnow;
	ping.mono_send_stamp = mnow;
	ping.up_from = h->up_from;
	ping.min_message_size = h->cfg.min_size;
	/* sent_ping: the peer's upper bound is minus our lower bound */
	if (st && st->has_lb) {
		ping.has_delta_ub = 1;
		ping.delta_ub = -st->lb;
	}
	for (k = 0; k < HB_NCON; k++)
		if (p->con[k])
			conn_send(p->con[k], mosdping_msg(&ping));
}

static void
ping_cb(evutil_socket_t fd, short what, void *arg)
{
	struct hb *h = arg;
	struct utime stamp = utime_now();
	int64_t now = mono_ns();
	uint32_t i, wait;

	if (active(h)) {
		for (i = 0; i < h->npeers; i++) {
			struct hb_peer *p = h->peers[i];
			struct hb_ping *e;

			peer_connect(h, p);     /* after a reset */
			if (p->nhist == HB_HISTORY_MAX)
				continue;       /* long past its grace already */
			e = &p->hist[p->nhist++];
			e->stamp = stamp;
			e->deadline = now + (int64_t)h->cfg.grace_ms * NS_PER_MS;
			e->need = 1u << HB_BACK;
			if (p->addrs[HB_FRONT].n)
				e->need |= 1u << HB_FRONT;
			if (!p->first_tx)
				p->first_tx = now;
			p->last_tx = now;
			send_ping(h, p, &stamp, now - h->start);
		}
		if (h->npeers == 0 && now - h->last_lonely > HB_LONELY_NS) {
			h->last_lonely = now;
			log_debug(LOG_OSD, 10, "osd.%d: heartbeat: no peers; asking for newer maps",
				  h->cfg.whoami);
			if (h->ops.need_map)
				h->ops.need_map(h->arg, h->map->epoch + 1);
		}
	}
	/* classic: 0.5 s + interval * (0.0 .. 0.9) */
	wait = h->cfg.interval_ms;
	if (h->cfg.randomize)
		wait = 500 + (uint32_t)((uint64_t)h->cfg.interval_ms * (next_rand(h) % 10) / 10);
	if (!h->stopped)
		arm_ms(h->ping_ev, wait ? wait : 1);
}

/* ---- checking peers (heartbeat_check + send_failures) ---- */

static void
check_cb(evutil_socket_t fd, short what, void *arg)
{
	struct hb *h = arg;
	int64_t now = mono_ns(), since, stale;
	uint32_t i;

	if (active(h)) {
		/* resample the peers every grace, dropping stale ones */
		if (now - h->last_resample > (int64_t)h->cfg.grace_ms * NS_PER_MS) {
			h->last_resample = now;
			stale = now - (int64_t)h->cfg.stale_ms * NS_PER_MS;
			for (i = h->npeers; i-- > 0;) {
				struct hb_peer *p = h->peers[i];
				struct hb_fail *f;

				if (p->nhist && p->hist[0].deadline <= stale) {
					if ((f = fail_find(h, p->osd)))
						fail_remove(h, f);
					peer_remove_at(h, i);
				}
			}
			update_peers(h);
		}
		for (i = 0; i < h->npeers; i++) {
			struct hb_peer *p = h->peers[i];

			if (!p->first_tx || !peer_unhealthy(p, now))
				continue;
			if (!p->last_rx[HB_BACK] || !p->last_rx[HB_FRONT])
				since = p->first_tx;
			else
				since = p->last_rx[HB_BACK] < p->last_rx[HB_FRONT] ?
					p->last_rx[HB_BACK] : p->last_rx[HB_FRONT];
			queue_failure(h, p->osd, since);
		}
		send_failures(h, now);
	}
	if (!h->stopped)
		arm_ms(h->check_ev, h->cfg.check_ms ? h->cfg.check_ms : 1000);
}

/* ---- receiving ---- */

static void
reply_to(struct hb *h, struct conn *c, const struct mosdping *ping, uint8_t op,
	 int has_delta_ub, int64_t delta_ub)
{
	struct mosdping r;

	memset(&r, 0, sizeof(r));
	r.fsid = h->cfg.fsid;
	r.map_epoch = h->map->epoch;
	r.op = op;
	r.ping_stamp = ping->ping_stamp;
	r.mono_ping_stamp = ping->mono_ping_stamp;
	r.mono_send_stamp = mono_ns() - h->start;
	r.up_from = h->up_from;
	r.min_message_size = h->cfg.min_size;
	r.has_delta_ub = has_delta_ub;
	r.delta_ub = delta_ub;
	conn_send(c, mosdping_msg(&r));
}

/*
 * A peer behind us learns the newer maps from us: a classic OSD with no PG
 * in common and a heartbeat peer already does not ask the monitor, so
 * without this it would never ping OSDs that came up after it.
 */
static void
maybe_share_map(struct hb *h, int32_t from, uint32_t peer_epoch)
{
	if (h->ops.share_map && active(h) && peer_epoch < h->map->epoch &&
	    osdmap_is_up(h->map, from))
		h->ops.share_map(h->arg, from, peer_epoch);
}

static void
handle_ping(struct hb *h, struct conn *c, int32_t from, const struct mosdping *ping)
{
	struct hb_stamps *st = stamps_of(h, from);
	int64_t mnow = mono_ns() - h->start, out_ub = 0;
	const struct osdmap *m = h->map;

	if (h->drop_pings) {
		h->drop_pings--;
		log_debug(LOG_OSD, 5, "osd.%d: heartbeat: dropping ping from osd.%d (%u more)",
			  h->cfg.whoami, from, h->drop_pings);
		return;
	}
	/* got_ping: a ping from an older incarnation does not move the bounds */
	if (st && ping->up_from >= st->up_from) {
		st->up_from = ping->up_from;
		st->lb = ping->mono_send_stamp - mnow;
		st->has_lb = 1;
		st->has_ub = (uint8_t)ping->has_delta_ub;
		st->ub = ping->delta_ub;
		out_ub = -st->lb;
	}
	/* classic always sends its sender_delta_ub (zero if unchanged) */
	reply_to(h, c, ping, MOSDPING_PING_REPLY, 1, out_ub);
	maybe_share_map(h, from, ping->map_epoch);

	if (!osdmap_is_up(m, from) &&
	    (!osdmap_exists(m, from) || osdmap_get_info(m, from)->down_at > ping->map_epoch)) {
		log_debug(LOG_OSD, 5, "osd.%d: heartbeat: osd.%d pings at e%u but died; telling it",
			  h->cfg.whoami, from, ping->map_epoch);
		reply_to(h, c, ping, MOSDPING_YOU_DIED, 0, 0);
	}
}

static void
handle_reply(struct hb *h, struct conn *c, int32_t from, const struct mosdping *r)
{
	struct hb_peer *p = peer_find(h, from, NULL);
	struct hb_stamps *st;
	struct hb_fail *f;
	int64_t now = mono_ns();
	uint32_t i;
	int k;

	if (p) {
		for (k = 0; k < HB_NCON && p->con[k] != c; k++)
			;
		for (i = 0; i < p->nhist; i++)
			if (p->hist[i].stamp.sec == r->ping_stamp.sec &&
			    p->hist[i].stamp.nsec == r->ping_stamp.nsec)
				break;
		if (k < HB_NCON && i < p->nhist && (p->hist[i].need & (1u << k))) {
			p->last_rx[k] = now;
			p->hist[i].need &= (uint8_t)~(1u << k);
			if (!p->addrs[HB_FRONT].n)
				p->last_rx[HB_FRONT] = now;     /* no front: both at once */
			if (!p->hist[i].need) {
				/* this ping and every older one are answered */
				p->nhist -= i + 1;
				memmove(p->hist, p->hist + i + 1, p->nhist * sizeof(p->hist[0]));
			}
			if (peer_healthy(p, now) && (f = fail_find(h, from)))
				cancel_report(h, f, "answers again");
		}
		/* else: an old reply, covered by newer pings (or not ours) */
	}
	if (r->map_epoch)
		maybe_share_map(h, from, r->map_epoch);
	if ((st = stamps_of(h, from))) {
		st->lb = r->mono_send_stamp - (now - h->start);
		st->has_lb = 1;
		st->has_ub = (uint8_t)r->has_delta_ub;
		st->ub = r->delta_ub;
	}
}

static void
hb_dispatch(void *arg, struct conn *c, struct msg *m)
{
	struct hb *h = arg;
	struct mosdping ping;
	int32_t from;
	int err;

	if (m->hdr.type != MSG_OSD_PING || h->stopped || !h->map || !h->map->epoch) {
		msg_free(m);
		return;
	}
	if ((err = mosdping_decode_msg(m, &ping)) < 0) {
		log_debug(LOG_OSD, 1, "osd.%d: heartbeat: bad MOSDPing v%u (%zu bytes) from %s.%lld: %s",
			  h->cfg.whoami, m->hdr.version, m->front.len,
			  entity_type_name(m->src.type), (long long)m->src.num, strerror(-err));
		msg_free(m);
		return;
	}
	from = (int32_t)m->src.num;
	if (m->src.type != ENTITY_TYPE_OSD || m->src.num < 0 || m->src.num >= OSDMAP_MAX_OSD ||
	    memcmp(&ping.fsid, &h->cfg.fsid, sizeof(ping.fsid)) != 0) {
		log_debug(LOG_OSD, 20, "osd.%d: heartbeat: ping from %s.%lld ignored (fsid/name)",
			  h->cfg.whoami, entity_type_name(m->src.type), (long long)m->src.num);
		msg_free(m);
		return;
	}
	log_debug(LOG_OSD, 25, "osd.%d: heartbeat: %s from osd.%d e%u", h->cfg.whoami,
		  mosdping_op_name(ping.op), from, ping.map_epoch);
	switch (ping.op) {
	case MOSDPING_PING:
		handle_ping(h, c, from, &ping);
		break;
	case MOSDPING_PING_REPLY:
		handle_reply(h, c, from, &ping);
		break;
	case MOSDPING_YOU_DIED:
		/* every peer says so on both connections: ask once per epoch */
		if (ping.map_epoch <= h->you_died_epoch)
			break;
		h->you_died_epoch = ping.map_epoch;
		log_info(LOG_OSD, "osd.%d: heartbeat: osd.%d says we are down in e%u",
			 h->cfg.whoami, from, ping.map_epoch);
		if (h->ops.need_map)
			h->ops.need_map(h->arg, ping.map_epoch);
		break;
	default:
		break;          /* classic ignores other ops silently */
	}
	msg_free(m);
}

/* A connection to a peer is gone (heartbeat_reset, ms_handle_refused). */
static void
client_reset(void *arg, struct conn *c)
{
	struct hb *h = arg;
	struct hb_peer *p = NULL;
	int64_t now = mono_ns();
	uint32_t i;
	int k = HB_NCON, refused;

	for (i = 0; i < h->npeers && k == HB_NCON; i++)
		for (k = 0; k < HB_NCON; k++)
			if (h->peers[i]->con[k] == c) {
				p = h->peers[i];
				break;
			}
	if (!p)
		return;
	refused = conn_connect_error(c) == -ECONNREFUSED;
	conn_put(c);            /* the messenger keeps it alive for this callback */
	p->con[k] = NULL;       /* reconnected at the next ping */
	if (!refused || !h->cfg.fast_fail_on_refused || !active(h))
		return;
	/* Nothing listens where the map says the peer is: it died. */
	if (!osdmap_is_up(h->map, p->osd) ||
	    !entity_addrvec_equal(&p->addrs[k], osdmap_get_addrs(h->map, p->osd,
							  k == HB_BACK ? OSDMAP_ADDR_HB_BACK :
							  OSDMAP_ADDR_HB_FRONT)))
		return;
	if (p->last_refused && now - p->last_refused < NS_PER_S)
		return;
	p->last_refused = now;
	log_info(LOG_OSD, "osd.%d: heartbeat: osd.%d refused the connection; reporting it "
		 "failed at e%u", h->cfg.whoami, p->osd, h->map->epoch);
	/* +1: past the grace the monitor applies, as classic does */
	send_report(h, p->osd, osdmap_get_addrs(h->map, p->osd, OSDMAP_ADDR_CLIENT),
		    MOSDFAILURE_FLAG_FAILED | MOSDFAILURE_FLAG_IMMEDIATE,
		    (int32_t)(h->cfg.grace_ms / 1000) + 1);
}

static const struct msgr_ops hb_client_ops = {
	.dispatch = hb_dispatch,
	.reset = client_reset,
};

const struct msgr_ops hb_server_ops = {
	.dispatch = hb_dispatch,
};

/* ---- lifecycle ---- */

int
hb_new(struct event_base *base, const struct hb_config *cfg, const struct hb_ops *ops,
       void *arg, struct hb **out)
{
	struct hb *h;

	if (cfg->whoami < 0 || cfg->whoami >= OSDMAP_MAX_OSD)
		return -EINVAL;
	h = xcalloc(1, sizeof(*h));
	h->base = base;
	h->cfg = *cfg;
	h->cfg.subtree_level[sizeof(h->cfg.subtree_level) - 1] = 0;
	if (h->cfg.grace_ms == 0)
		h->cfg.grace_ms = 1000;
	h->ops = *ops;
	h->arg = arg;
	h->start = mono_ns();
	h->last_resample = h->start;
	h->rng = cfg->nonce ^ (uint32_t)h->start ^ ((uint32_t)cfg->whoami << 16);
	next_rand(h);
	h->client = msgr_new(base, ENTITY_TYPE_OSD, cfg->whoami, &hb_client_ops, h);
	msgr_set_nonce(h->client, cfg->nonce);
	msgr_set_policy(h->client, ENTITY_TYPE_OSD, msgr_policy_lossy_client());
	msgr_set_default_policy(h->client, msgr_policy_lossy_client());
	h->ping_ev = evtimer_new(base, ping_cb, h);
	h->check_ev = evtimer_new(base, check_cb, h);
	arm_ms(h->ping_ev, h->cfg.interval_ms ? h->cfg.interval_ms : 1);
	arm_ms(h->check_ev, h->cfg.check_ms ? h->cfg.check_ms : 1000);
	*out = h;
	return 0;
}

void
hb_update(struct hb *h, const struct osdmap *m, uint32_t up_from)
{
	int was = active(h);

	h->map = m;
	h->up_from = up_from;
	if (h->stopped)
		return;
	if (!active(h)) {
		if (was || h->npeers || h->nfails)
			log_debug(LOG_OSD, 5, "osd.%d: heartbeat: not up at e%u; no peers",
				  h->cfg.whoami, m ? m->epoch : 0);
		clear_peers(h);
		return;
	}
	h->last_resample = mono_ns();
	update_peers(h);
}

void
hb_mon_session(struct hb *h)
{
	uint32_t i;

	if (!active(h))
		return;
	/* requeue_failures: the new monitor may not have them */
	for (i = 0; i < h->nfails; i++)
		h->fails[i].state = FAIL_QUEUED;
	send_failures(h, mono_ns());
}

void
hb_stop(struct hb *h)
{
	if (h->stopped)
		return;
	h->stopped = 1;
	evtimer_del(h->ping_ev);
	evtimer_del(h->check_ev);
	clear_peers(h);
}

void
hb_free(struct hb *h)
{
	if (!h)
		return;
	hb_stop(h);
	event_free(h->ping_ev);
	event_free(h->check_ev);
	msgr_free(h->client);
	free(h->peers);
	free(h->stamps);
	free(h->fails);
	free(h);
}

/* ---- introspection ---- */

uint32_t
hb_peers(const struct hb *h, int32_t *out, uint32_t max)
{
	uint32_t i;

	for (i = 0; i < h->npeers && i < max; i++)
		out[i] = h->peers[i]->osd;
	return h->npeers;
}

int
hb_peer_healthy(const struct hb *h, int32_t osd)
{
	const struct hb_peer *p = peer_find(h, osd, NULL);

	return p && peer_healthy(p, mono_ns());
}

uint32_t
hb_failures_pending(const struct hb *h)
{
	uint32_t i, n = 0;

	for (i = 0; i < h->nfails; i++)
		n += h->fails[i].state == FAIL_PENDING;
	return n;
}

struct msgr *
hb_client_msgr(const struct hb *h)
{
	return h->client;
}

void
hb_debug_drop_pings(struct hb *h, uint32_t n)
{
	h->drop_pings = n;
}
