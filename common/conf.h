/*
 * conf.h — osdfarm's own configuration (/etc/osdfarm/osdfarm.conf, libconfig).
 *
 * This file says how the farm runs on this host: which cluster, how many OSD
 * processes on which CPUs, where they keep their sockets and data, how the
 * supervisor respawns them, and how they log. Everything Ceph itself needs
 * (fsid, mon_host, keyring …) is read from the cluster's ceph.conf instead
 * (cephconf.h). etc/osdfarm.conf is the commented sample with every default.
 *
 * Unknown keys and values of the wrong type or out of range are errors that
 * name the file and line, so a typo never silently falls back to a default.
 */
#ifndef OSDFARM_COMMON_CONF_H
#define OSDFARM_COMMON_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "common/log.h"

#define CONF_DEFAULT_PATH "/etc/osdfarm/osdfarm.conf"

/* Largest osds/cpus/osd_ids list accepted. */
#define CONF_MAX_OSDS 4096

/* log.target: where the processes log. */
enum conf_log_target {
	CONF_LOG_AUTO,          /* journald under systemd (JOURNAL_STREAM), else stderr */
	CONF_LOG_STDERR,
	CONF_LOG_JOURNAL,
	CONF_LOG_FILE,
};

struct conf_farm {
	char *cluster;          /* "ceph" */
	char *ceph_conf;        /* "/etc/ceph/$cluster.conf", $cluster expanded */
	unsigned osds;          /* process count; 0 = one per online CPU (or per cpus entry) */
	int *cpus;              /* explicit CPU list to pin to, or NULL */
	unsigned ncpus;
	char *run_dir;          /* "/run/osdfarm" */
	char *data_dir;         /* "/var/lib/osdfarm/$cluster", $cluster expanded */
	int *osd_ids;           /* explicit OSD ids, or NULL (allocated from the mons) */
	unsigned nosd_ids;
	uint64_t memstore_size; /* bytes of object data per OSD process */

	struct {
		unsigned backoff_min_ms;   /* first respawn delay */
		unsigned backoff_max_ms;   /* the delay doubles up to this */
		unsigned crash_limit;      /* this many crashes ... */
		unsigned crash_window_s;   /* ... within this window: stop respawning */
		unsigned stop_timeout_s;   /* SIGTERM to SIGKILL on stop (supervisor) */
	} respawn;

	struct {
		enum conf_log_target target;
		char *file;             /* for CONF_LOG_FILE; $cluster expanded */
		int levels[LOG_SUBSYS_MAX]; /* -1 = not set here */
	} log;
};

/* Fill in every default (what an empty file means). */
void conf_farm_defaults(struct conf_farm *c);
void conf_farm_free(struct conf_farm *c);
/*
 * Load path on top of the defaults. On error returns a negative errno and
 * writes "file:line: what" into err (-ENOENT when the file is missing, so the
 * caller may decide that an absent file means "all defaults").
 */
int conf_farm_load(struct conf_farm *c, const char *path, char *err, size_t errsz);
/* Same from memory; name stands for the file in messages. */
int conf_farm_load_string(struct conf_farm *c, const char *text, const char *name,
			  char *err, size_t errsz);
/* How many OSD processes to run: osd_ids, cpus, osds or the online CPU count. */
unsigned conf_farm_osd_count(const struct conf_farm *c);
/* Apply log.levels and open log.target (ident is e.g. "osd.3"). */
int conf_farm_apply_log(const struct conf_farm *c, const char *ident);

/*
 * A byte size: "4096", "64K", "512M", "1G", "1GiB", "2T" (powers of 1024;
 * optional "i" and "B"). -EINVAL on bad text, -ERANGE on overflow.
 */
int conf_parse_size(const char *s, uint64_t *out);
/*
 * Replace $cluster / ${cluster} in s with cluster; other text is copied.
 * Returns a new string (xmalloc).
 */
char *conf_expand_cluster(const char *s, const char *cluster);

#endif
