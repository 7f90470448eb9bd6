/*
 * sup.h — the osdfarm supervisor: one OSD process per slot, kept running.
 *
 * A slot is a place for one OSD: an index, a CPU, a data directory and,
 * once known, an OSD id (sup_plan.h). The supervisor forks one child per
 * slot, pinned to the slot's CPU before exec, with a status channel
 * (common/sup_channel.h) as fd 3. A slot whose data directory was never
 * made first runs "osdfarm-osd --mkfs"; when that exits 0 the id is read
 * from whoami and the OSD proper starts.
 *
 * A child that exits or dies is respawned in the same slot after an
 * exponential backoff; crash_limit exits within crash_window_s, or one
 * exit with status 2 (bad usage), make the slot "failed": it is left alone
 * (and shown in STATUS). When every slot has failed the supervisor gives
 * up and its loop ends with exit code 1.
 *
 * Everything runs on one libevent loop: signals arrive as evsignal events
 * (sup_signal.c), child status on the channels, respawns and the stop
 * deadline as timers. The loop ends (event_base_loopbreak) after a stop
 * once every child is reaped, or when all slots failed; sup_exit_code()
 * says how.
 */
#ifndef OSDFARM_SUPERVISOR_SUP_H
#define OSDFARM_SUPERVISOR_SUP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/conf.h"
#include "common/sup_channel.h"
#include "supervisor/sup_policy.h"

struct event_base;
struct event;
struct sup;

/* The fd number a child finds its status channel on. */
#define SUP_CHILD_FD 3

enum sup_slot_phase {
	SUP_SLOT_IDLE,          /* not started (or stopped) */
	SUP_SLOT_MKFS,          /* osdfarm-osd --mkfs is running */
	SUP_SLOT_RUN,           /* the OSD is running */
	SUP_SLOT_BACKOFF,       /* waiting to respawn */
	SUP_SLOT_FAILED,        /* gave up: crash loop or fatal exit */
	SUP_SLOT_RETIRED,       /* removed by a reload; freed once reaped */
};

struct sup_slot {
	struct sup *sup;
	unsigned index;
	int cpu;                /* -1: not pinned */
	int node;               /* NUMA node to prefer, -1: none */
	int32_t want_id;        /* osd_ids entry, or -1 */
	int32_t osd_id;         /* from whoami, -1 until known */
	char *data_dir;
	enum sup_slot_phase phase;
	pid_t pid;              /* 0: no child */
	uint64_t started_ms;
	int chan_fd;            /* our end of the status channel, -1 */
	struct event *chan_ev;
	enum sup_chan_state state;      /* last report of the running OSD */
	uint32_t epoch;
	unsigned fails;         /* consecutive failures, for the backoff */
	unsigned spawns;        /* children started in this slot */
	unsigned osd_spawns;    /* of which OSDs proper (not mkfs): restarts + 1 */
	struct sup_crashlog crashes;
	struct event *respawn_ev;
};

/* What the supervisor was told on its command line (main.c). */
struct sup_options {
	const char *osd_bin;            /* the OSD program */
	unsigned osds;                  /* --osds; 0 = from the configuration */
	unsigned stop_timeout_ms;       /* SIGTERM -> SIGKILL */
	const char *sysroot;            /* sysfs root for NUMA ("/sys") */
	/* Keep RUN_DIR/osdfarm.CLUSTER.status for `osdfarm status` (sup_status.h). */
	int status_file;
	/* Re-read the configuration for SIGHUP (main.c applies the command
	 * line overrides); 0 or a negative errno, with a message in err. */
	int (*reload)(void *arg, struct conf_farm *out, char *err, size_t errsz);
	void *reload_arg;
};

/*
 * Create the supervisor; conf is moved into it (do not free it). Plans the
 * slots (-EINVAL with a message in err when the configuration cannot be
 * run) but starts nothing.
 */
int sup_new(struct event_base *base, struct conf_farm *conf, const struct sup_options *opt,
	    struct sup **out, char *err, size_t errsz);
/* Install the signal events and start every slot. */
int sup_start(struct sup *s);
/* Graceful stop (SIGTERM/SIGINT): TERM the children, KILL them after the
 * stop timeout; a second call kills at once. */
void sup_stop(struct sup *s);
/* SIGHUP: reload the configuration and forward the signal. */
void sup_reload(struct sup *s);
/* Send sig to every running child. */
void sup_forward_signal(struct sup *s, int sig);
/* Collect exited children (SIGCHLD) and act on each exit. */
void sup_reap(struct sup *s);
/* The loop's end: 0 after a stop, 1 when every slot failed. */
int sup_exit_code(const struct sup *s);
/* Kill (SIGKILL) and reap any child still running, then free. */
void sup_free(struct sup *s);

/* For sup_notify.c, sup_signal.c and tests. */
unsigned sup_slot_count(const struct sup *s);
struct sup_slot *sup_slot_at(const struct sup *s, unsigned i);
struct event_base *sup_base(const struct sup *s);
int sup_is_stopping(const struct sup *s);
const struct conf_farm *sup_conf(const struct sup *s);
const char *sup_slot_phase_name(enum sup_slot_phase p);

/* sup_signal.c: evsignal events for CHLD, TERM, INT, HUP, USR1; SIGPIPE ignored. */
int sup_signal_init(struct sup *s);
void sup_signal_free(struct sup *s);
/* The signals a child must not inherit handlers or a blocked mask for. */
extern const int sup_signals[];
extern const unsigned sup_nsignals;

/* sup_notify.c: systemd readiness, status and watchdog. */
struct sup_counts {
	unsigned total;         /* slots, retired ones excepted */
	unsigned up;            /* running and up in the map */
	unsigned failed;        /* given up */
	unsigned running;       /* with a live child */
};
void sup_count(const struct sup *s, struct sup_counts *c);
/* "2/4 osds up", "3/4 osds up, 1 failed", "stopping, 2 osds left". */
void sup_status_format(const struct sup_counts *c, int stopping, char *buf, size_t sz);
int sup_notify_init(struct sup *s);
/* Recount: STATUS= when it changed, READY=1 the first time every slot that
 * has not failed is up. */
void sup_notify_update(struct sup *s);
/* 1 once READY=1 was sent. */
int sup_notify_ready(const struct sup *s);
void sup_notify_stopping(struct sup *s);
void sup_notify_reloading(struct sup *s, int done);
void sup_notify_free(struct sup *s);

#endif
