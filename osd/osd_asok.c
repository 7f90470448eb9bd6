/*
 * osd_asok.c — the OSD daemon's admin socket and its `status` command
 * (see osd_asok.h).
 */
#include "config.h"

#include <errno.h>
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
