/*
 * osd_asok.c — the OSD daemon's admin socket: its `status` command, the
 * op tracker's dumps and settings (see osd_asok.h).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/asok.h"
#include "common/asok_cmds.h"
#include "common/cephconf.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/types.h"
#include "osd/op_tracker.h"
#include "osd/osd.h"
#include "osd/osd_asok.h"

struct osd_asok {
	struct osd_asok_env env;
	struct asok_cmds *cmds;
	struct asok *a;         /* NULL when the socket could not be opened */
	char *path;
};

/*
 * Ceph's OSD state names (OSD::get_state_name); osdfarm's STOPPED is the
 * moment before exit, still "stopping" to an observer.
 */
static const char *
state_name(enum osd_run_state s)
{
	switch (s) {
	case OSD_RUN_PREBOOT: return "preboot";
	case OSD_RUN_BOOTING: return "booting";
	case OSD_RUN_ACTIVE: return "active";
	case OSD_RUN_STOPPING:
	case OSD_RUN_STOPPED: return "stopping";
	}
	return "initializing";
}

static int
cmd_status(void *arg, const struct asok_req *req, struct asok_out *out)
{
	struct osd_asok *oa = arg;
	const struct osdmap *m = osd_map(oa->env.osd);
	uint32_t epoch = m ? m->epoch : 0;
	char u[37];

	asok_out_open_object(out, NULL);
	uuid_format(&oa->env.cluster_fsid, u);
	asok_out_string(out, "cluster_fsid", u);
	uuid_format(&oa->env.osd_fsid, u);
	asok_out_string(out, "osd_fsid", u);
	asok_out_int(out, "whoami", oa->env.whoami);
	asok_out_string(out, "state", state_name(osd_state(oa->env.osd)));
	/* Only the current map is kept (no map store): oldest == newest. */
	asok_out_uint(out, "oldest_map", epoch);
	asok_out_uint(out, "newest_map", epoch);
	asok_out_uint(out, "num_pgs", oa->env.num_pgs ? oa->env.num_pgs(oa->env.arg) : 0);
	asok_out_close_object(out);
	return 0;
}

/* ---- the op tracker (src/osd/OSD.cc asok_command: the optracker dumps) ---- */

static int
cmd_ops_in_flight(void *arg, const struct asok_req *req, struct asok_out *out)
{
	struct osd_asok *oa = arg;
	char *const *f;
	unsigned n = asok_req_strv(req, "filterstr", &f);

	op_tracker_dump_in_flight(oa->env.tracker, out, false, f, n, op_tracker_now());
	return 0;
}

static int
cmd_blocked_ops(void *arg, const struct asok_req *req, struct asok_out *out)
{
	struct osd_asok *oa = arg;
	char *const *f;
	unsigned n = asok_req_strv(req, "filterstr", &f);

	op_tracker_dump_in_flight(oa->env.tracker, out, true, f, n, op_tracker_now());
	return 0;
}

static int
cmd_historic_ops(void *arg, const struct asok_req *req, struct asok_out *out)
{
	struct osd_asok *oa = arg;
	char *const *f;
	unsigned n = asok_req_strv(req, "filterstr", &f);

	op_tracker_dump_historic(oa->env.tracker, out, false, f, n, op_tracker_now());
	return 0;
}

static int
cmd_historic_by_duration(void *arg, const struct asok_req *req, struct asok_out *out)
{
	struct osd_asok *oa = arg;
	char *const *f;
	unsigned n = asok_req_strv(req, "filterstr", &f);

	op_tracker_dump_historic(oa->env.tracker, out, true, f, n, op_tracker_now());
	return 0;
}

static int
cmd_historic_slow_ops(void *arg, const struct asok_req *req, struct asok_out *out)
{
	struct osd_asok *oa = arg;
	char *const *f;
	unsigned n = asok_req_strv(req, "filterstr", &f);

	op_tracker_dump_slow(oa->env.tracker, out, f, n, op_tracker_now());
	return 0;
}

/* Whole-string numbers for config set; -EINVAL otherwise. */
static int
parse_u32(const char *v, uint32_t *out)
{
	char *end;
	unsigned long long x;

	errno = 0;
	x = strtoull(v, &end, 10);
	if (errno || end == v || *end || v[0] == '-' || x > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)x;
	return 0;
}

static int
parse_secs(const char *v, double *out)
{
	char *end;
	double x;

	errno = 0;
	x = strtod(v, &end);
	if (errno || end == v || *end || !isfinite(x) || x < 0)
		return -EINVAL;
	*out = x;
	return 0;
}

/* config set of an op tracker setting: applied at once. */
static int
track_conf_set(void *arg, const char *name, const char *value)
{
	struct osd_asok *oa = arg;
	struct op_tracker_conf c = *op_tracker_conf(oa->env.tracker);
	int r = -ENOENT;

	if (strcmp(name, "osd_op_history_size") == 0)
		r = parse_u32(value, &c.history_size);
	else if (strcmp(name, "osd_op_history_duration") == 0)
		r = parse_u32(value, &c.history_duration);
	else if (strcmp(name, "osd_op_history_slow_op_size") == 0)
		r = parse_u32(value, &c.slow_size);
	else if (strcmp(name, "osd_op_history_slow_op_threshold") == 0)
		r = parse_secs(value, &c.slow_threshold);
	else if (strcmp(name, "osd_op_complaint_time") == 0)
		r = parse_secs(value, &c.complaint_time);
	else if (strcmp(name, "osd_enable_op_tracker") == 0) {
		r = 0;
		if (strcmp(value, "true") == 0 || strcmp(value, "1") == 0)
			c.enabled = true;
		else if (strcmp(value, "false") == 0 || strcmp(value, "0") == 0)
			c.enabled = false;
		else
			r = -EINVAL;
	}
	if (r < 0)
		return r;
	return op_tracker_set_conf(oa->env.tracker, &c);
}

#define FILTER_ARG " name=filterstr,type=CephString,n=N,req=false"

/* The OSD's op dumps replace the built-in empty ones. */
static void
register_tracker(struct osd_asok *oa)
{
	static const struct {
		const char *prefix, *help;
		asok_cmd_fn fn;
	} cmds[] = {
		{ "dump_ops_in_flight", "show the ops currently in flight", cmd_ops_in_flight },
		{ "ops", "show the ops currently in flight", cmd_ops_in_flight },
		{ "dump_blocked_ops", "show the blocked ops currently in flight", cmd_blocked_ops },
		{ "dump_historic_ops", "show recent ops", cmd_historic_ops },
		{ "dump_historic_slow_ops", "show slowest recent ops", cmd_historic_slow_ops },
		{ "dump_historic_ops_by_duration", "show slowest recent ops, sorted by duration",
		  cmd_historic_by_duration },
	};
	const struct op_tracker_conf *c = op_tracker_conf(oa->env.tracker);
	char desc[128], v[32];

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		asok_cmds_unregister(oa->cmds, cmds[i].prefix);
		snprintf(desc, sizeof(desc), "%s" FILTER_ARG, cmds[i].prefix);
		asok_cmds_register(oa->cmds, desc, cmds[i].help, cmds[i].fn, oa);
	}
	asok_cmds_conf_add(oa->cmds, "osd_enable_op_tracker", c->enabled ? "true" : "false",
			   track_conf_set, oa);
	snprintf(v, sizeof(v), "%u", c->history_size);
	asok_cmds_conf_add(oa->cmds, "osd_op_history_size", v, track_conf_set, oa);
	snprintf(v, sizeof(v), "%u", c->history_duration);
	asok_cmds_conf_add(oa->cmds, "osd_op_history_duration", v, track_conf_set, oa);
	snprintf(v, sizeof(v), "%u", c->slow_size);
	asok_cmds_conf_add(oa->cmds, "osd_op_history_slow_op_size", v, track_conf_set, oa);
	snprintf(v, sizeof(v), "%g", c->slow_threshold);
	asok_cmds_conf_add(oa->cmds, "osd_op_history_slow_op_threshold", v, track_conf_set, oa);
	snprintf(v, sizeof(v), "%g", c->complaint_time);
	asok_cmds_conf_add(oa->cmds, "osd_op_complaint_time", v, track_conf_set, oa);
}

static void
add_conf(struct osd_asok *oa, const char *key)
{
	char *v = NULL;

	if (cephconf_get(oa->env.cc, oa->env.entity, key, &v) == 0)
		asok_cmds_conf_add(oa->cmds, key, v, NULL, NULL);
	free(v);
}

/* Ceph creates run_dir at start; do the same for the socket's directory. */
static void
make_parent_dir(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');

	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			log_debug(LOG_ASOK, 1, "asok: mkdir %s: %s", dir, strerror(errno));
	}
	free(dir);
}

int
osd_asok_open(const struct osd_asok_env *env, struct osd_asok **out)
{
	struct osd_asok *oa;
	char *path = NULL;
	int r;

	*out = NULL;
	r = cephconf_get(env->cc, env->entity, "admin_socket", &path);
	if (r < 0 && r != -ENOENT) {
		log_error(LOG_ASOK, "admin_socket for %s: %s", env->entity, strerror(-r));
		return r;
	}
	oa = xcalloc(1, sizeof(*oa));
	oa->env = *env;
	oa->cmds = asok_cmds_new(env->perf);
	asok_cmds_set_version(oa->cmds, OSD_CEPH_VERSION_SHORT, "osdfarm-" PACKAGE_VERSION);
	asok_cmds_register(oa->cmds, "status", "high-level status of OSD", cmd_status, oa);
	asok_cmds_conf_add(oa->cmds, "name", env->entity, NULL, NULL);
	asok_cmds_conf_add(oa->cmds, "cluster", cephconf_cluster(env->cc), NULL, NULL);
	add_conf(oa, "fsid");
	asok_cmds_conf_add(oa->cmds, "admin_socket", path ? path : "", NULL, NULL);
	if (env->osd_data)
		asok_cmds_conf_add(oa->cmds, "osd_data", env->osd_data, NULL, NULL);
	add_conf(oa, "run_dir");
	if (env->tracker)
		register_tracker(oa);
	*out = oa;
	if (path == NULL || path[0] == '\0') {
		log_info(LOG_ASOK, "admin socket disabled (admin_socket is empty)");
		free(path);
		return 0;
	}
	make_parent_dir(path);
	r = asok_open(env->base, path, asok_cmds_execute, oa->cmds, &oa->a);
	if (r < 0) {
		log_error(LOG_ASOK, "cannot open the admin socket %s: %s; running without it",
			  path, strerror(-r));
		free(path);
		return 0;
	}
	oa->path = path;
	log_info(LOG_ASOK, "admin socket at %s", path);
	return 0;
}

struct asok_cmds *
osd_asok_cmds(struct osd_asok *oa)
{
	return oa->cmds;
}

const char *
osd_asok_path(const struct osd_asok *oa)
{
	return oa && oa->a ? oa->path : NULL;
}

void
osd_asok_close(struct osd_asok *oa)
{
	if (oa == NULL)
		return;
	asok_close(oa->a);
	asok_cmds_free(oa->cmds);
	free(oa->path);
	free(oa);
}
