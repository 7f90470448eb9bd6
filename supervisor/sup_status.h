/*
 * sup_status.h — `osdfarm status`: what the running supervisor shows of
 * its slots, and the tool that prints it.
 *
 * The supervisor rewrites RUN_DIR/osdfarm.CLUSTER.status (atomically, by
 * rename) whenever a slot changes; `osdfarm status` reads that file, asks
 * each running OSD's admin socket for its "osd" op counter twice, one
 * second apart, and prints one line per slot. The file is text:
 *
 *	osdfarm-status 1 SUPERVISOR_PID
 *	slot INDEX OSD_ID PID CPU PHASE STATE START_UNIX_S RESTARTS
 *	...
 *
 * OSD_ID, PID and CPU are -1 when unknown / none / not pinned; PHASE is
 * sup_slot_phase_name(), STATE the last status channel report.
 */
#ifndef OSDFARM_SUPERVISOR_SUP_STATUS_H
#define OSDFARM_SUPERVISOR_SUP_STATUS_H

#include <stdint.h>
#include <stdio.h>

struct sup;
struct conf_farm;

/* RUN_DIR/osdfarm.CLUSTER.status into buf; -ENAMETOOLONG when it does not fit. */
int sup_status_path(const char *run_dir, const char *cluster, char *buf, size_t sz);
/* Write the status file of s; 0 or -errno (not logged: the caller decides). */
int sup_status_write(const struct sup *s);
/* Remove it (at exit). */
void sup_status_remove(const struct sup *s);

struct sup_status_slot {
	unsigned index;
	int32_t osd_id;
	int pid;
	int cpu;
	char phase[16];
	char state[16];
	int64_t start;          /* unix seconds the child started */
	unsigned restarts;
};

struct sup_status {
	int sup_pid;
	unsigned n;
	struct sup_status_slot *slots;  /* xmalloc'd */
};

/* Parse a status file's text; -EINVAL for anything malformed. */
int sup_status_parse(const char *text, size_t len, struct sup_status *st);
/* Read and parse the file at path; -errno or -EINVAL. */
int sup_status_read(const char *path, struct sup_status *st);
void sup_status_release(struct sup_status *st);

/*
 * Ask the admin socket at path for `perf dump LOGGER COUNTER` and return
 * the counter's value; waits at most timeout_ms for each step. -errno
 * (-ENOENT when the reply does not have it, -EPROTO for a bad reply).
 */
int sup_asok_counter(const char *path, const char *logger, const char *counter,
		     unsigned timeout_ms, uint64_t *out);

/* `osdfarm status`: print the table for the farm conf describes to f; the exit code. */
int sup_status_cli(const struct conf_farm *conf, FILE *f);

#endif
