/*
 * asok_builtin.c — the admin-socket commands every daemon gets: perf
 * counters (common/perf.h), config show/get/set (debug_* applied live
 * through common/log.h, plus variables the daemon adds) and empty op
 * tracker dumps the op layer replaces (see asok_cmds.h).
 *
 * Texts and shapes are those of a Pacific 16.2.15 daemon's admin socket
 * (src/common/ceph_context.cc, src/common/TrackedOp.cc).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/asok_cmds.h"
#include "common/asok_cmds_int.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/perf.h"

/* ---------------------------------------------------------------- perf */

static void
perf_json(struct asok_cmds *t, enum perf_dump_kind kind, const char *logger,
	  const char *counter, struct asok_out *out)
{
	size_t n;
	char *p;

	if (t->perf == NULL) {
		asok_out_json(out, NULL, "{}", 2);
		return;
	}
	p = perf_dump(t->perf, kind, logger, counter, &n);
	asok_out_json(out, NULL, p, n);
	free(p);
}

/* perf dump [logger] [counter], and the legacy "1" / perfcounters_dump. */
static int
cmd_perf_dump(void *arg, const struct asok_req *req, struct asok_out *out)
{
	perf_json(arg, PERF_DUMP_VALUES, asok_req_str(req, "logger"),
		  asok_req_str(req, "counter"), out);
	return 0;
}

/* perf schema, and the legacy "2" / perfcounters_schema. */
static int
cmd_perf_schema(void *arg, const struct asok_req *req, struct asok_out *out)
{
	perf_json(arg, PERF_DUMP_SCHEMA, NULL, NULL, out);
	return 0;
}

static int
cmd_perf_histogram_dump(void *arg, const struct asok_req *req, struct asok_out *out)
{
	perf_json(arg, PERF_DUMP_HISTOGRAMS, asok_req_str(req, "logger"),
		  asok_req_str(req, "counter"), out);
	return 0;
}

/* An unknown name is not an error in Pacific: rval 0 and {"error": ...}. */
static int
cmd_perf_reset(void *arg, const struct asok_req *req, struct asok_out *out)
{
	struct asok_cmds *t = arg;
	const char *var = asok_req_str(req, "var");
	int r = t->perf ? perf_reset(t->perf, var) : -ENOENT;
	char *msg;

	asok_out_open_object(out, NULL);
	if (r == 0) {
		msg = xmalloc(strlen(var) + 16);
		sprintf(msg, "perf reset %s", var);
		asok_out_string(out, "success", msg);
	} else {
		msg = xmalloc(strlen(var) + 16);
		sprintf(msg, "Not find: %s", var);
		asok_out_string(out, "error", msg);
	}
	free(msg);
	asok_out_close_object(out);
	return 0;
}

/* ---------------------------------------------------------------- config */

static struct asok_conf_var *
conf_find(struct asok_cmds *t, const char *name)
{
	unsigned i;

	for (i = 0; i < t->nconf; i++)
		if (strcmp(t->conf[i].name, name) == 0)
			return &t->conf[i];
	return NULL;
}

/* debug_ms, debug_osd ... (and log.h's aliases): the subsystem, or -1. */
static int
debug_subsys(const char *name)
{
	if (strncmp(name, "debug_", 6) != 0)
		return -1;
	return log_subsys_by_name(name + 6);
}

int
asok_cmds_conf_add(struct asok_cmds *t, const char *name, const char *value,
		   asok_conf_set_fn set, void *arg)
{
	struct asok_conf_var *v;

	if (conf_find(t, name) || debug_subsys(name) >= 0)
		return -EEXIST;
	t->conf = xreallocarray(t->conf, t->nconf + 1, sizeof(*t->conf));
	v = &t->conf[t->nconf++];
	v->name = xstrdup(name);
	v->value = xstrdup(value ? value : "");
	v->set = set;
	v->arg = arg;
	return 0;
}

int
asok_cmds_conf_update(struct asok_cmds *t, const char *name, const char *value)
{
	struct asok_conf_var *v = conf_find(t, name);

	if (v == NULL)
		return -ENOENT;
	free(v->value);
	v->value = xstrdup(value ? value : "");
	return 0;
}

/* Ceph shows "log/gather"; osdfarm has one level per subsystem. */
static void
debug_value(int subsys, char *buf, size_t n)
{
	snprintf(buf, n, "%u/%u", log_levels[subsys], log_levels[subsys]);
}

/* "5" or Ceph's "5/20" (the second number, the in-memory level, is ignored). */
static int
debug_set(const char *name, const char *value)
{
	char *end;
	long lvl;

	errno = 0;
	lvl = strtol(value, &end, 10);
	if (errno || end == value || (*end != '\0' && *end != '/'))
		return -EINVAL;
	if (*end == '/') {
		char *end2;

		(void)strtol(end + 1, &end2, 10);
		if (end2 == end + 1 || *end2 != '\0')
			return -EINVAL;
	}
	if (lvl < 0 || lvl > 30)
		return -EINVAL;
	return log_set_level(name, (int)lvl);
}

static int
cmd_config_show(void *arg, const struct asok_req *req, struct asok_out *out)
{
	struct asok_cmds *t = arg;
	unsigned i;
	char key[64], val[32];

	asok_out_open_object(out, NULL);
	for (i = 0; i < t->nconf; i++)
		asok_out_string(out, t->conf[i].name, t->conf[i].value);
	for (i = 0; i < LOG_SUBSYS_MAX; i++) {
		snprintf(key, sizeof(key), "debug_%s", log_subsys_name((enum log_subsys)i));
		debug_value((int)i, val, sizeof(val));
		asok_out_string(out, key, val);
	}
	asok_out_close_object(out);
	return 0;
}

static int
cmd_config_get(void *arg, const struct asok_req *req, struct asok_out *out)
{
	struct asok_cmds *t = arg;
	const char *var = asok_req_str(req, "var");
	struct asok_conf_var *v = conf_find(t, var);
	int s = debug_subsys(var);
	char val[32];

	if (v == NULL && s < 0) {
		asok_out_error(out, "error getting '%s': (%d) %s", var, ENOENT, strerror(ENOENT));
		return -ENOENT;
	}
	asok_out_open_object(out, NULL);
	if (v) {
		asok_out_string(out, var, v->value);
	} else {
		debug_value(s, val, sizeof(val));
		asok_out_string(out, var, val);
	}
	asok_out_close_object(out);
	return 0;
}

static int
cmd_config_set(void *arg, const struct asok_req *req, struct asok_out *out)
{
	struct asok_cmds *t = arg;
	const char *var = asok_req_str(req, "var");
	struct asok_conf_var *v = conf_find(t, var);
	char *const *vals;
	unsigned n = asok_req_strv(req, "val", &vals), i;
	size_t len = 1;
	char *value;
	int r;

	/* Ceph joins the words: `config set x a b` sets "a b". */
	for (i = 0; i < n; i++)
		len += strlen(vals[i]) + 1;
	value = xmalloc(len);
	value[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(value, " ");
		strcat(value, vals[i]);
	}
	if (v)
		r = v->set ? v->set(v->arg, var, value) : -EPERM;
	else if (debug_subsys(var) >= 0)
		r = debug_set(var, value);
	else
		r = -ENOENT;
	if (r < 0) {
		asok_out_error(out, "error setting '%s' to '%s': (%d) %s", var, value, -r,
			       strerror(-r));
		free(value);
		return r;
	}
	if (v) {
		free(v->value);
		v->value = value;
	} else {
		free(value);
	}
	log_info(LOG_ASOK, "asok: config set %s", var);
	asok_out_open_object(out, NULL);
	asok_out_string(out, "success", "");
	asok_out_close_object(out);
	return 0;
}

/* ---------------------------------------------------------------- ops */

/* OpTracker::dump_ops_in_flight with nothing in flight. */
static int
cmd_ops_in_flight(void *arg, const struct asok_req *req, struct asok_out *out)
{
	asok_out_open_object(out, NULL);
	asok_out_open_array(out, "ops");
	asok_out_close_array(out);
	asok_out_uint(out, "num_ops", 0);
	asok_out_close_object(out);
	return 0;
}

/* OpHistory::dump_ops with an empty history (osd_op_history_size / _duration defaults). */
static int
cmd_historic_ops(void *arg, const struct asok_req *req, struct asok_out *out)
{
	asok_out_open_object(out, NULL);
	asok_out_uint(out, "size", 20);
	asok_out_uint(out, "duration", 600);
	asok_out_open_array(out, "ops");
	asok_out_close_array(out);
	asok_out_close_object(out);
	return 0;
}

/* ---------------------------------------------------------------- table */

#define PERF_FILTER_ARGS \
	" name=logger,type=CephString,req=false name=counter,type=CephString,req=false"

void
asok_builtin_register(struct asok_cmds *t)
{
	static const struct {
		const char *desc, *help;
		asok_cmd_fn fn;
	} cmds[] = {
		/* legacy requests (collectd): "1" dump, "2" schema */
		{ "1", "", cmd_perf_dump },
		{ "2", "", cmd_perf_schema },
		{ "perfcounters_dump", "", cmd_perf_dump },
		{ "perfcounters_schema", "", cmd_perf_schema },
		{ "perf dump" PERF_FILTER_ARGS, "dump perfcounters value", cmd_perf_dump },
		{ "perf schema", "dump perfcounters schema", cmd_perf_schema },
		{ "perf histogram dump" PERF_FILTER_ARGS, "dump perf histogram values",
		  cmd_perf_histogram_dump },
		{ "perf reset name=var,type=CephString",
		  "perf reset <name>: perf reset all or one perfcounter name", cmd_perf_reset },
		{ "config show", "dump current config settings", cmd_config_show },
		{ "config get name=var,type=CephString",
		  "config get <field>: get the config value", cmd_config_get },
		{ "config set name=var,type=CephString name=val,type=CephString,n=N",
		  "config set <field> <val> [<val> ...]: set a config variable", cmd_config_set },
		{ "dump_ops_in_flight", "show the ops currently in flight", cmd_ops_in_flight },
		{ "ops", "show the ops currently in flight", cmd_ops_in_flight },
		{ "dump_historic_ops", "show recent ops", cmd_historic_ops },
	};
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		asok_cmds_register(t, cmds[i].desc, cmds[i].help, cmds[i].fn, t);
}
