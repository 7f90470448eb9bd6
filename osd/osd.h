/*
 * osd.h — the OSD daemon: its identity, its four messengers (public,
 * cluster, heartbeat front and back), its mon session and the OSDMap it
 * follows, all on one libevent loop (docs/ceph-wire/02-mon-osdmap.md §2).
 *
 * Life of an osd:
 *   PREBOOT   session with a monitor; ask the newest osdmap epoch
 *             (MMonGetVersion), subscribe from our epoch + 1 (ONETIME,
 *             re-subscribed after each MOSDMap as the real OSD does),
 *             apply maps until we hold the newest.
 *   BOOTING   MOSDBoot sent with that epoch; wait for a map that shows
 *             us up at our public address.
 *   ACTIVE    MOSDBeacon at once and every osd_beacon_report_interval;
 *             MOSDAlive when up_thru is behind up_from; MOSDPGCreated for
 *             every PG of MOSDPGCreate2. A map saying we are down while we
 *             run sends us back to BOOTING (boot again, current epoch).
 *   STOPPING  SIGTERM/SIGINT: MOSDMarkMeDown(request_ack) and exit when the
 *             monitor acks, the map shows us down, or shutdown_timeout.
 * A new mon session (monitor restart) re-sends subscriptions and whatever
 * the state still waits for (boot, mark-me-down) and a beacon.
 */
#ifndef OSDFARM_OSD_OSD_H
#define OSDFARM_OSD_OSD_H

#include <stdint.h>

#include "common/types.h"
#include "osd/heartbeat.h"
#include "osd/osdmap.h"

struct event_base;
struct conn;
struct msg;
struct osd;
struct osd_auth;

/* How the daemon reports itself in `ceph osd metadata` / `ceph versions`:
 * Ceph's "ceph version X (sha1) name (stability)" shape, so parsers that
 * expect a Pacific version string keep working. */
#define OSD_CEPH_VERSION_SHORT "16.2.15-osdfarm-" PACKAGE_VERSION
#define OSD_CEPH_VERSION \
	"ceph version " OSD_CEPH_VERSION_SHORT " (osdfarm-" PACKAGE_VERSION ") pacific (stable)"

enum osd_run_state {
	OSD_RUN_PREBOOT,
	OSD_RUN_BOOTING,
	OSD_RUN_ACTIVE,
	OSD_RUN_STOPPING,
	OSD_RUN_STOPPED,
};

struct osd_config {
	int32_t whoami;
	struct uuid osd_fsid;
	struct uuid cluster_fsid;
	const char *osd_data;           /* for metadata */
	const char *created_at;         /* mkfs time, metadata */
	const struct entity_addrvec *mons;
	unsigned nmons;
	struct entity_addr public_ip;   /* address family + IP; port ignored */
	struct entity_addr cluster_ip;
	uint16_t bind_port_min, bind_port_max;  /* 0/0: kernel-chosen ports */
	uint32_t nonce;                 /* per process (the pid) */
	uint32_t beacon_interval_s;     /* osd_beacon_report_interval: 300 */
	uint32_t shutdown_timeout_ms;   /* bounded wait for the mark-down ack */
	uint32_t boot_retry_s;          /* re-send the boot if not up by then: 30 */
	/* cephx: wait this long for the rotating service keys before boot
	 * (rotating_keys_bootstrap_timeout: 30), at most this many times
	 * (max_rotating_auth_attempts: 10), then give up (exit status 1) */
	uint32_t rotating_wait_s;
	uint32_t rotating_attempts_max;
	int crush_update_on_start;      /* osd_crush_update_on_start: true */
	char crush_weight[32];          /* "%.4f" TiB, for create-or-move */
	const char *hostname;           /* short hostname (crush host=, metadata) */
	const char *device_class;       /* "hdd" (osd crush set-device-class), or NULL */
	/* heartbeat settings (osd_heartbeat_*; whoami, fsid, nonce are filled in) */
	struct hb_config hb;
	/* auth policies and cephx key (osd/osd_auth.h); NULL: auth none */
	const struct osd_auth *auth;
};
void osd_config_default(struct osd_config *cfg);

/*
 * Hooks for the layers above the boot machinery. pg_create: a PG this OSD
 * is primary for was created (MOSDPGCreate2); return 0 once it exists
 * locally and MOSDPGCreated is sent. client_dispatch: a message on the
 * public messenger that is not from the monitor (client ops); ownership
 * passes. Either may be NULL (PGs are acknowledged, messages dropped).
 */
struct osd_hooks {
	int (*pg_create)(void *arg, const struct spg *pgid, uint32_t created_epoch);
	void (*client_dispatch)(void *arg, struct conn *c, struct msg *m);
	/* a new osdmap epoch was applied (after the boot logic saw it) */
	void (*new_map)(void *arg, const struct osdmap *m);
	/* a connection on the public messenger was reset (may be NULL) */
	void (*conn_reset)(void *arg, struct conn *c);
	void *arg;
};

/* Binds the four messengers; -errno (logged) on failure. */
int osd_new(struct event_base *base, const struct osd_config *cfg, struct osd **out);
void osd_set_hooks(struct osd *o, const struct osd_hooks *h);
/* Start the mon session and the boot sequence. */
void osd_start(struct osd *o);
/* Begin a clean shutdown (what SIGTERM does); the loop breaks when done. */
void osd_shutdown(struct osd *o);
void osd_free(struct osd *o);

enum osd_run_state osd_state(const struct osd *o);
/* 1 when the OSD stopped because it could not start (no rotating keys). */
int osd_failed(const struct osd *o);
const char *osd_state_name(enum osd_run_state s);
const struct osdmap *osd_map(const struct osd *o);
const struct entity_addrvec *osd_public_addrs(const struct osd *o);
/* The public messenger (client and mgr sessions). */
struct msgr *osd_public_msgr(const struct osd *o);
/*
 * The mgr client to route MMgrMap (from the monitor) and the mgr session's
 * events to (osd/mgrc.h); NULL (default) drops MMgrMap. Not owned.
 */
struct mgrc;
void osd_set_mgrc(struct osd *o, struct mgrc *mc);
/* Ask the monitor for maps up to at least epoch (a client op carried it). */
void osd_want_map(struct osd *o, uint32_t epoch);
/* The messenger policy for client connections on the public messenger. */
struct msgr_policy;
void osd_set_client_policy(struct osd *o, const struct msgr_policy *p);
/* Ask the monitor for up_thru >= want (MOSDAlive) unless already asked. */
void osd_request_alive(struct osd *o, uint32_t want);
/*
 * "osdmap e12 pools: 1 [1 'p' size 1 min_size 1 pg_num 8 pgp_num 8 crush_rule 0 type replicated]"
 * (logged at level 0 whenever it changes; the integration test reads it).
 */
void osd_format_pools(const struct osdmap *m, char *out, size_t outsz);

#endif
