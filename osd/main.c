/*
 * main.c — osdfarm-osd: one OSD process, started like ceph-osd.
 *
 *   osdfarm-osd [-i ID] [-c CEPH_CONF] [--cluster NAME] [--osd-data DIR]
 *               [--osd-uuid UUID] [--mkfs] [-f] [-d] [--KEY VALUE ...]
 *
 * --mkfs creates the data directory (see osd/datadir.h): it registers the
 * OSD's uuid with the monitors (`osd new`, which allocates the id unless
 * -i names one) and exits. Starting on a data directory that was never
 * made does the same first and then runs. Later starts read the id and
 * uuids back. -f (foreground) is accepted for ceph-osd compatibility: the
 * process never daemonizes. -d also logs to stderr. Other --key value pairs
 * override ceph.conf (e.g. --debug-osd 10).
 *
 * Exit status: 0 after a clean shutdown (SIGTERM/SIGINT) or mkfs, 1 on
 * errors, 2 on bad usage.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/cephconf.h"
#include "common/conf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/perf.h"
#include "common/thp.h"
#include "mon/monc.h"
#include "msg/message.h"
#include "msg/msgr.h"
#include "os/memstore.h"
#include "osd/datadir.h"
#include "osd/mgrc.h"
#include "osd/op_path.h"
#include "osd/op_tracker.h"
#include "osd/osd.h"
#include "osd/osd_auth.h"
#include "msg/auth_cephx.h"
#include "osd/osd_asok.h"

struct opts {
	int32_t id;                     /* -1: not given */
	const char *conf;
	const char *cluster;
	const char *osd_data;
	const char *osd_uuid;
	int mkfs;
	int nextra;
	char **extra;                   /* --key value overrides */
};

static void
usage(void)
{
	fprintf(stderr,
		"usage: osdfarm-osd [-i ID] [-c CEPH_CONF] [--cluster NAME] [--osd-data DIR]\n"
		"                   [--osd-uuid UUID] [--mkfs] [-f] [-d] [--KEY VALUE ...]\n");
	exit(2);
}

static int
parse_args(int argc, char **argv, struct opts *o)
{
	int i;
	char *end;
	long v;

	memset(o, 0, sizeof(*o));
	o->id = -1;
	o->extra = xcalloc((size_t)argc + 1, sizeof(char *));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-i") == 0 || strcmp(a, "--id") == 0) {
			if (++i == argc)
				usage();
			errno = 0;
			v = strtol(argv[i], &end, 10);
			if (errno || *end || end == argv[i] || v < 0 || v >= INT32_MAX) {
				fprintf(stderr, "osdfarm-osd: bad id '%s'\n", argv[i]);
				exit(2);
			}
			o->id = (int32_t)v;
		} else if (strcmp(a, "-c") == 0 || strcmp(a, "--conf") == 0) {
			if (++i == argc)
				usage();
			o->conf = argv[i];
		} else if (strcmp(a, "--cluster") == 0) {
			if (++i == argc)
				usage();
			o->cluster = argv[i];
		} else if (strcmp(a, "--osd-data") == 0) {
			if (++i == argc)
				usage();
			o->osd_data = argv[i];
		} else if (strcmp(a, "--osd-uuid") == 0) {
			if (++i == argc)
				usage();
			o->osd_uuid = argv[i];
		} else if (strcmp(a, "--mkfs") == 0) {
			o->mkfs = 1;
		} else if (strcmp(a, "-f") == 0 || strcmp(a, "--foreground") == 0) {
			/* never daemonize */
		} else if (strcmp(a, "-d") == 0) {
			log_open(LOG_TO_STDERR, NULL);
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage();
		} else if (strncmp(a, "--", 2) == 0) {
			o->extra[o->nextra++] = argv[i];
			if (!strchr(a, '=') && i + 1 < argc)
				o->extra[o->nextra++] = argv[++i];
		} else {
			fprintf(stderr, "osdfarm-osd: unexpected argument '%s'\n", a);
			usage();
		}
	}
	return 0;
}

/* ---- mkfs: register the uuid with `osd new` over a short mon session ---- */

struct mkfs_ctx {
	struct event_base *base;
	struct monc *monc;
	struct uuid uuid;
	int32_t want_id;
	int32_t id;
	int err;
	int sent;
	const char *input;              /* `osd new` secrets JSON (cephx), or NULL */
};

static void
mkfs_reply(void *arg, int r, const char *rs, const struct buf *out)
{
	struct mkfs_ctx *k = arg;
	char s[64];
	char *end;
	long v;
	size_t n = out->len < sizeof(s) - 1 ? out->len : sizeof(s) - 1;

	if (r < 0) {
		log_error(LOG_OSD, "mkfs: osd new failed: %d %s", r, rs);
		k->err = r;
	} else if (buf_copy_out(out, 0, n, s) < 0) {
		k->err = -EBADMSG;
	} else {
		s[n] = 0;
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno || end == s || v < 0 || v >= INT32_MAX) {
			log_error(LOG_OSD, "mkfs: osd new returned '%s'", s);
			k->err = -EPROTO;
		} else {
			k->id = (int32_t)v;
		}
	}
	event_base_loopbreak(k->base);
}

static void
mkfs_session(void *arg)
{
	struct mkfs_ctx *k = arg;
	char json[256], u[37];

	if (k->sent)
		return;         /* monc re-sends it on a new session */
	k->sent = 1;
	uuid_format(&k->uuid, u);
	if (k->want_id >= 0)
		snprintf(json, sizeof(json), "{\"prefix\": \"osd new\", \"uuid\": \"%s\", "
			 "\"id\": %d}", u, k->want_id);
	else
		snprintf(json, sizeof(json), "{\"prefix\": \"osd new\", \"uuid\": \"%s\"}", u);
	monc_command_data(k->monc, json, k->input, mkfs_reply, k);
}

static void
mkfs_dispatch(void *arg, struct msg *m)
{
	msg_free(m);
}

static void
mkfs_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct mkfs_ctx *k = arg;

	log_error(LOG_OSD, "mkfs: no answer from the monitors");
	k->err = -ETIMEDOUT;
	event_base_loopbreak(k->base);
}

static const struct monc_ops mkfs_monc_ops = {
	.dispatch = mkfs_dispatch,
	.session = mkfs_session,
};

/* The mkfs messenger serves only the mon session. */
static void
mkfs_ms_dispatch(void *arg, struct conn *c, struct msg *m)
{
	struct mkfs_ctx *k = arg;

	if (!monc_handle_dispatch(k->monc, c, m))
		msg_free(m);
}

static void
mkfs_ms_connected(void *arg, struct conn *c)
{
	struct mkfs_ctx *k = arg;

	monc_handle_connected(k->monc, c);
}

static void
mkfs_ms_reset(void *arg, struct conn *c)
{
	struct mkfs_ctx *k = arg;

	monc_handle_reset(k->monc, c);
}

static void
mkfs_ms_ka_ack(void *arg, struct conn *c, const struct utime *stamp)
{
	struct mkfs_ctx *k = arg;

	monc_handle_keepalive_ack(k->monc, c);
}

static const struct msgr_ops mkfs_msgr_ops = {
	.dispatch = mkfs_ms_dispatch,
	.connected = mkfs_ms_connected,
	.reset = mkfs_ms_reset,
	.keepalive_ack = mkfs_ms_ka_ack,
};

static int
do_mkfs(struct event_base *base, const struct cephconf *cc, const char *ent,
	const struct entity_addrvec *mons, unsigned nmons,
	const struct uuid *fsid, const char *data, const struct opts *op, struct datadir *dd)
{
	struct cephx_ctx *bcx = NULL;
	struct cephx_key okey;
	char input[128];
	struct mkfs_ctx k;
	struct monc_config mcfg;
	struct msgr *mr;
	struct event *tev;
	struct timeval tv = { 60, 0 };
	const struct uuid *learned;
	int err;

	memset(&k, 0, sizeof(k));
	k.base = base;
	k.want_id = op->id;
	k.id = -1;
	/* reuse the uuid of an unfinished mkfs so `osd new` returns the same id */
	if (op->osd_uuid) {
		if (uuid_parse(op->osd_uuid, &k.uuid) < 0) {
			log_error(LOG_OSD, "mkfs: bad --osd-uuid '%s'", op->osd_uuid);
			return -EINVAL;
		}
	} else if (datadir_read_osd_fsid(data, &k.uuid) < 0) {
		uuid_generate(&k.uuid);
	}
	if ((err = datadir_write_osd_fsid(data, &k.uuid)) < 0)
		return err;

	/* as ceph-volume does, from a bootstrap client identity */
	mr = msgr_new(base, ENTITY_TYPE_CLIENT, -1, &mkfs_msgr_ops, &k);
	msgr_set_nonce(mr, (uint32_t)getpid());
	/* with cephx: bootstrap-osd (or admin) key, and a new key for the OSD */
	memset(&okey, 0, sizeof(okey));
	if ((err = osd_auth_mkfs_identity(cc, ent, mr, &bcx)) < 0 ||
	    (bcx && (err = osd_auth_mkfs_secret(data, &okey, input, sizeof(input))) < 0)) {
		msgr_free(mr);
		cephx_ctx_free(bcx);
		return err;
	}
	k.input = bcx ? input : NULL;
	monc_config_default(&mcfg);
	mcfg.mons = mons;
	mcfg.nmons = nmons;
	if (fsid)
		mcfg.fsid = *fsid;
	if ((err = monc_new(mr, base, &mcfg, &mkfs_monc_ops, &k, &k.monc)) < 0) {
		msgr_free(mr);
		return err;
	}
	tev = evtimer_new(base, mkfs_timeout, &k);
	evtimer_add(tev, &tv);
	monc_start(k.monc);
	event_base_dispatch(base);
	event_free(tev);
	learned = monc_fsid(k.monc);
	memset(dd, 0, sizeof(*dd));
	if (learned)
		dd->cluster_fsid = *learned;
	monc_free(k.monc);
	msgr_free(mr);
	memset(input, 0, sizeof(input));
	if (!k.err && k.id >= 0 && bcx)
		k.err = osd_auth_mkfs_write(data, k.id, &okey);
	cephx_ctx_free(bcx);
	cephx_key_wipe(&okey);
	if (k.err)
		return k.err;
	if (k.id < 0)
		return -EIO;
	dd->osd_fsid = k.uuid;
	dd->whoami = k.id;
	if ((err = datadir_mkfs(data, dd)) < 0)
		return err;
	{
		char u[37];

		uuid_format(&k.uuid, u);
		log_info(LOG_OSD, "mkfs: created osd.%d (uuid %s) in %s", k.id, u, data);
	}
	return datadir_load(data, dd);
}

/* ---- the I/O path's hooks into the daemon (osd/op_path.h) ---- */

static const struct osdmap *
io_get_map(void *arg)
{
	return osd_map(arg);
}

static void
io_want_map(void *arg, uint32_t epoch)
{
	osd_want_map(arg, epoch);
}

static int
io_pg_create(void *arg, const struct spg *pgid, uint32_t created_epoch)
{
	return op_path_pg_create(arg, pgid, created_epoch);
}

static void
io_dispatch(void *arg, struct conn *c, struct msg *m)
{
	op_path_dispatch(arg, c, m);
}

static void
io_new_map(void *arg, const struct osdmap *m)
{
	op_path_new_map(arg, m);
}

static uint32_t
io_num_pgs(void *arg)
{
	return op_path_num_pgs(arg);
}

static void
io_conn_reset(void *arg, struct conn *c)
{
	op_path_conn_reset(arg, c);
}

/* ---- configuration ---- */

/* osd_heartbeat_* and the monitor settings that shape failure reports
 * (osd/heartbeat.h); values out of range keep the default. */
static void
conf_heartbeat(struct cephconf *cc, const char *ent, struct hb_config *h)
{
	int64_t iv;
	double w;
	bool b;
	char *s = NULL;

	if (cephconf_get_float(cc, ent, "osd_heartbeat_interval", 6, &w) == 0 && w > 0 &&
	    w <= 3600)
		h->interval_ms = (uint32_t)(w * 1000);
	if (cephconf_get_int(cc, ent, "osd_heartbeat_grace", 20, &iv) == 0 && iv > 0 &&
	    iv <= 86400)
		h->grace_ms = (uint32_t)iv * 1000;
	if (cephconf_get_int(cc, ent, "osd_heartbeat_min_peers", 10, &iv) == 0 && iv >= 0 &&
	    iv <= 65536)
		h->min_peers = (uint32_t)iv;
	if (cephconf_get_int(cc, ent, "osd_heartbeat_min_size", 2000, &iv) == 0 && iv >= 0 &&
	    iv <= 1 << 20)
		h->min_size = (uint32_t)iv;
	if (cephconf_get_int(cc, ent, "osd_heartbeat_stale", 600, &iv) == 0 && iv > 0 &&
	    iv <= 86400)
		h->stale_ms = (uint32_t)iv * 1000;
	if (cephconf_get_int(cc, ent, "mon_osd_min_down_reporters", 2, &iv) == 0 && iv >= 0 &&
	    iv <= 65536)
		h->min_down_reporters = (uint32_t)iv;
	if (cephconf_get(cc, ent, "mon_osd_reporter_subtree_level", &s) == 0 && s[0])
		snprintf(h->subtree_level, sizeof(h->subtree_level), "%s", s);
	free(s);
	if (cephconf_get_bool(cc, ent, "osd_fast_fail_on_connection_refused", true, &b) == 0)
		h->fast_fail_on_refused = b;
	if (cephconf_get_bool(cc, ent, "debug_disable_randomized_ping", false, &b) == 0)
		h->randomize = !b;
}

/* The op tracker's settings (osd/op_tracker.h); a bad value keeps the default. */
static void
conf_op_tracker(struct cephconf *cc, const char *ent, struct op_tracker_conf *t)
{
	static const char *const sizes[] = { "osd_op_history_size", "osd_op_history_duration",
					     "osd_op_history_slow_op_size" };
	uint32_t *size_v[] = { &t->history_size, &t->history_duration, &t->slow_size };
	int64_t iv;
	double w;
	bool b;

	op_tracker_conf_default(t);
	if (cephconf_get_bool(cc, ent, "osd_enable_op_tracker", true, &b) == 0)
		t->enabled = b;
	for (int i = 0; i < 3; i++) {
		if (cephconf_get_int(cc, ent, sizes[i], *size_v[i], &iv) < 0)
			continue;
		if (iv < 0 || iv > (i == 1 ? 1000000000 : OP_TRACKER_HISTORY_MAX))
			log_error(LOG_OSD, "ignoring %s = %lld (out of range)", sizes[i],
				  (long long)iv);
		else
			*size_v[i] = (uint32_t)iv;
	}
	if (cephconf_get_float(cc, ent, "osd_op_history_slow_op_threshold", t->slow_threshold,
			       &w) == 0 && w >= 0 && w <= 1e9)
		t->slow_threshold = w;
	if (cephconf_get_float(cc, ent, "osd_op_complaint_time", t->complaint_time, &w) == 0 &&
	    w >= 0 && w <= 1e9)
		t->complaint_time = w;
}

static void
conf_addr(struct cephconf *cc, const char *ent, const char *key, const struct entity_addr *def,
	  struct entity_addr *out)
{
	char *v = NULL;

	*out = *def;
	if (cephconf_get(cc, ent, key, &v) == 0 && v[0]) {
		if (entity_addr_parse(v, ENTITY_ADDR_MSGR2, out) < 0 ||
		    out->u.sa.sa_family == AF_UNSPEC) {
			log_error(LOG_OSD, "ignoring bad %s '%s'", key, v);
			*out = *def;
		}
	}
	free(v);
}

static void
short_hostname(char *out, size_t sz)
{
	if (gethostname(out, sz) < 0 || !out[0])
		snprintf(out, sz, "localhost");
	out[sz - 1] = 0;
	out[strcspn(out, ".")] = 0;
}

/*
 * SIGHUP re-reads ceph.conf (with the same command-line overrides) and applies
 * what can change live: the debug_* levels. SIGUSR1 reopens the log (after
 * rotation). The supervisor forwards both to its children.
 */
struct reload_ctx {
	const struct opts *op;
	const char *conf_path;
	const char *ent;
};

static void
sighup_cb(evutil_socket_t sig, short what, void *arg)
{
	const struct reload_ctx *rc = arg;
	struct cephconf *cc = cephconf_new(rc->op->cluster);
	char err[512];

	if (cephconf_load_file(cc, rc->conf_path, err, sizeof(err)) < 0 ||
	    cephconf_apply_args(cc, rc->op->nextra, rc->op->extra, err, sizeof(err)) < 0)
		log_error(LOG_OSD, "SIGHUP: keeping the current settings: %s", err);
	else if (cephconf_apply_debug(cc, rc->ent) < 0)
		log_error(LOG_OSD, "SIGHUP: bad debug_* setting in %s", rc->conf_path);
	else
		log_info(LOG_OSD, "SIGHUP: log levels re-read from %s", rc->conf_path);
	cephconf_free(cc);
}

static void
sigusr1_cb(evutil_socket_t sig, short what, void *arg)
{
	if (log_reopen() < 0)
		log_error(LOG_OSD, "SIGUSR1: cannot reopen the log");
}

int
main(int argc, char **argv)
{
	struct opts op;
	struct cephconf *cc;
	struct event_config *ec;
	struct event_base *base;
	struct entity_addrvec *mons = NULL;
	unsigned nmons = 0;
	struct uuid fsid;
	int have_fsid;
	struct datadir dd;
	struct osd_config cfg;
	struct osd_auth oauth;
	struct osd *o = NULL;
	struct store *st = NULL;
	struct op_path *io = NULL;
	struct perf_registry *perf = NULL;
	struct osd_asok *oa = NULL;
	struct mgrc *mgr = NULL;
	struct memstore_conf msc;
	struct op_tracker_conf tconf;
	struct msgr_policy cpol;
	struct entity_addr lo;
	char ent[32], err[512], host[256], ident[32], *data = NULL, *conf_path = NULL;
	int64_t iv;
	uint64_t sz;
	double w;
	bool b;
	int r, rc = 1;

	thp_heap_reexec(argv);          /* first: it may exec us again */

	parse_args(argc, argv, &op);
	memset(&oauth, 0, sizeof(oauth));
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	cc = cephconf_new(op.cluster);
	if (op.conf)
		conf_path = xstrdup(op.conf);
	else if (getenv("CEPH_CONF"))
		conf_path = xstrdup(getenv("CEPH_CONF"));
	else
		conf_path = conf_expand_cluster("/etc/ceph/$cluster.conf", cephconf_cluster(cc));
	if ((r = cephconf_load_file(cc, conf_path, err, sizeof(err))) < 0) {
		fprintf(stderr, "osdfarm-osd: %s\n", err);
		goto out_conf;
	}
	if (cephconf_apply_args(cc, op.nextra, op.extra, err, sizeof(err)) < 0) {
		fprintf(stderr, "osdfarm-osd: %s\n", err);
		rc = 2;
		goto out_conf;
	}

	/* the id may come from the data dir */
	if (op.osd_data)
		data = xstrdup(op.osd_data);
	if (!data && op.id >= 0) {
		snprintf(ent, sizeof(ent), "osd.%d", op.id);
		if (cephconf_get(cc, ent, "osd_data", &data) < 0) {
			fprintf(stderr, "osdfarm-osd: no --osd-data and no osd_data in %s\n",
				conf_path);
			goto out_conf;
		}
	}
	if (!data) {
		fprintf(stderr, "osdfarm-osd: need -i ID or --osd-data DIR\n");
		rc = 2;
		goto out_conf;
	}
	r = datadir_load(data, &dd);
	if (r == 0 && op.id >= 0 && dd.whoami != op.id) {
		fprintf(stderr, "osdfarm-osd: %s belongs to osd.%d, not osd.%d\n", data,
			dd.whoami, op.id);
		goto out_conf;
	}
	if (r < 0 && r != -ENOENT) {
		fprintf(stderr, "osdfarm-osd: %s is damaged: %s\n", data, strerror(-r));
		goto out_conf;
	}
	snprintf(ent, sizeof(ent), r == 0 ? "osd.%d" : (op.id >= 0 ? "osd.%d" : "osd"),
		 r == 0 ? dd.whoami : op.id);
	snprintf(ident, sizeof(ident), "%s", ent);
	log_set_ident(ident);
	cephconf_apply_debug(cc, ent);
	have_fsid = cephconf_get_fsid(cc, ent, &fsid) == 0;
	if (cephconf_mon_addrs(cc, ent, &mons, &nmons) < 0) {
		log_error(LOG_OSD, "no monitors: set mon_host in %s", conf_path);
		goto out_conf;
	}
	ec = event_config_new();
	event_config_set_flag(ec, EVENT_BASE_FLAG_NOLOCK);
	base = event_base_new_with_config(ec);
	event_config_free(ec);

	if (r == -ENOENT || op.mkfs) {
		if (r == 0) {
			log_info(LOG_OSD, "mkfs: %s already holds osd.%d", data, dd.whoami);
		} else if ((r = do_mkfs(base, cc, ent, mons, nmons, have_fsid ? &fsid : NULL,
					data, &op, &dd)) < 0) {
			log_error(LOG_OSD, "mkfs of %s failed: %s", data, strerror(-r));
			goto out_base;
		}
		if (op.mkfs) {
			rc = 0;
			goto out_base;
		}
		snprintf(ent, sizeof(ent), "osd.%d", dd.whoami);
		snprintf(ident, sizeof(ident), "%s", ent);
		cephconf_apply_debug(cc, ent);
	}
	if (have_fsid && memcmp(&fsid, &dd.cluster_fsid, sizeof(fsid)) != 0) {
		log_error(LOG_OSD, "%s belongs to another cluster (ceph_fsid differs from "
			  "the fsid in %s)", data, conf_path);
		goto out_base;
	}

	osd_config_default(&cfg);
	cfg.whoami = dd.whoami;
	cfg.osd_fsid = dd.osd_fsid;
	cfg.cluster_fsid = dd.cluster_fsid;
	cfg.osd_data = data;
	cfg.created_at = dd.created_at;
	cfg.mons = mons;
	cfg.nmons = nmons;
	cfg.nonce = (uint32_t)getpid();
	entity_addr_parse("127.0.0.1", ENTITY_ADDR_MSGR2, &lo);
	conf_addr(cc, ent, "public_addr", &lo, &cfg.public_ip);
	conf_addr(cc, ent, "cluster_addr", &cfg.public_ip, &cfg.cluster_ip);
	if (cephconf_get_raw(cc, ent, "ms_bind_port_min", NULL) ||
	    cephconf_get_raw(cc, ent, "ms_bind_port_max", NULL)) {
		cephconf_get_int(cc, ent, "ms_bind_port_min", 6800, &iv);
		cfg.bind_port_min = iv > 0 && iv < 65536 ? (uint16_t)iv : 6800;
		cephconf_get_int(cc, ent, "ms_bind_port_max", 7300, &iv);
		cfg.bind_port_max = iv >= cfg.bind_port_min && iv < 65536 ? (uint16_t)iv : 7300;
	}
	if (cephconf_get_int(cc, ent, "osd_beacon_report_interval", 300, &iv) == 0 && iv > 0)
		cfg.beacon_interval_s = (uint32_t)iv;
	if (cephconf_get_float(cc, ent, "osd_mon_shutdown_timeout", 3.0, &w) == 0 && w > 0)
		cfg.shutdown_timeout_ms = (uint32_t)(w < 3.0 ? w * 1000 : 3000);
	if (cephconf_get_bool(cc, ent, "osd_crush_update_on_start", true, &b) == 0)
		cfg.crush_update_on_start = b;
	if (cephconf_get_int(cc, ent, "rotating_keys_bootstrap_timeout", 30, &iv) == 0 &&
	    iv > 0 && iv <= 3600)
		cfg.rotating_wait_s = (uint32_t)iv;
	if (cephconf_get_int(cc, ent, "max_rotating_auth_attempts", 10, &iv) == 0 &&
	    iv > 0 && iv <= 1000)
		cfg.rotating_attempts_max = (uint32_t)iv;
	conf_heartbeat(cc, ent, &cfg.hb);
	/* CRUSH weight in TiB of the memstore, as OSD::update_crush_location */
	cephconf_get_float(cc, ent, "osd_crush_initial_weight", -1, &w);
	if (w < 0) {
		cephconf_get_size(cc, ent, "memstore_device_bytes", 1ULL << 30, &sz);
		w = (double)sz / (double)(1ULL << 40);
		if (w < 0.0001)
			w = 0.0001;
	}
	snprintf(cfg.crush_weight, sizeof(cfg.crush_weight), "%.4f", w);
	short_hostname(host, sizeof(host));
	cfg.hostname = host;
	/* cephx: policies from ceph.conf, our key from the data dir's keyring */
	if (osd_auth_load(cc, ent, data, ent, &oauth) < 0)
		goto out_base;
	cfg.auth = &oauth;

	if (osd_new(base, &cfg, &o) < 0)
		goto out_base;

	/* the object store (memstore_device_bytes caps it, as Ceph's memstore) and
	 * the client I/O path on top of it */
	memset(&msc, 0, sizeof(msc));
	cephconf_get_size(cc, ent, "memstore_device_bytes", 1ULL << 30, &sz);
	msc.max_bytes = sz;
	st = memstore_create(&msc);
	/* perf counters: the op path's "osd" collection, dumped by the admin socket */
	perf = perf_registry_new();
	conf_op_tracker(cc, ent, &tconf);
	{
		struct op_path_env env = {
			.whoami = dd.whoami,
			.st = st,
			.arg = o,
			.get_map = io_get_map,
			.want_map = io_want_map,
			.perf = perf,
			.track = &tconf,
			.base = base,
		};
		struct osd_hooks hooks = {
			.pg_create = io_pg_create,
			.client_dispatch = io_dispatch,
			.new_map = io_new_map,
			.conn_reset = io_conn_reset,
		};

		io = op_path_new(&env);
		hooks.arg = io;
		osd_set_hooks(o, &hooks);
	}
	cpol = op_path_client_policy();
	osd_set_client_policy(o, &cpol);

	/* the admin socket (ceph daemon osd.N ...): status, config, perf */
	{
		struct osd_asok_env aenv = {
			.base = base, .cc = cc, .entity = ent, .osd_data = data,
			.osd = o, .whoami = dd.whoami, .osd_fsid = dd.osd_fsid,
			.cluster_fsid = dd.cluster_fsid, .perf = perf,
			.num_pgs = io_num_pgs, .arg = io,
			.tracker = op_path_tracker(io),
		};

		osd_asok_open(&aenv, &oa);
	}

	/* the mgr session: perf counter reports and PG statistics (osd/mgrc.h) */
	{
		struct mgrc_env menv;
		double retry;

		mgrc_env_default(&menv);
		menv.base = base;
		menv.whoami = dd.whoami;
		menv.fsid = dd.cluster_fsid;
		menv.msgr = osd_public_msgr(o);
		menv.osd = o;
		menv.io = io;
		menv.st = st;
		menv.perf = perf;
		if (cephconf_get_float(cc, ent, "mgr_connect_retry_interval", 1.0, &retry) == 0 &&
		    retry > 0 && retry < 3600)
			menv.connect_retry_ms = (uint32_t)(retry * 1000);
		mgr = mgrc_new(&menv);
		osd_set_mgrc(o, mgr);
	}

	struct reload_ctx rctx = { &op, conf_path, ent };
	struct event *hup_ev = evsignal_new(base, SIGHUP, sighup_cb, &rctx);
	struct event *usr1_ev = evsignal_new(base, SIGUSR1, sigusr1_cb, NULL);

	evsignal_add(hup_ev, NULL);
	evsignal_add(usr1_ev, NULL);
	osd_start(o);
	event_base_dispatch(base);
	event_free(hup_ev);
	event_free(usr1_ev);
	rc = osd_state(o) == OSD_RUN_STOPPED && !osd_failed(o) ? 0 : 1;
	osd_set_mgrc(o, NULL);
	mgrc_free(mgr);
	osd_asok_close(oa);
	perf_registry_free(perf);
	op_path_free(io);
	osd_free(o);
	store_destroy(st);
out_base:
	osd_auth_release(&oauth);
	event_base_free(base);
	msg_pool_drain();
out_conf:
	free(mons);
	free(data);
	free(conf_path);
	free(op.extra);
	cephconf_free(cc);
	return rc;
}
