/*
 * asok_cmds_int.h — the command table's insides, shared by asok_cmds.c
 * (table, dispatch, protocol commands) and asok_builtin.c (perf, config
 * and ops commands). Not for other callers: use asok_cmds.h.
 */
#ifndef OSDFARM_COMMON_ASOK_CMDS_INT_H
#define OSDFARM_COMMON_ASOK_CMDS_INT_H

#include "common/asok_cmds.h"

struct cmd;

struct asok_conf_var {
	char *name;
	char *value;
	asok_conf_set_fn set;   /* NULL: read-only */
	void *arg;
};

struct asok_cmds {
	struct cmd *cmds;       /* sorted by prefix (strcmp), as Ceph's std::map */
	unsigned n;
	struct perf_registry *perf;
	char *version, *git_version;
	struct asok_conf_var *conf;     /* in registration order */
	unsigned nconf;
};

/* Register the perf, config and ops commands (asok_builtin.c). */
void asok_builtin_register(struct asok_cmds *t);

#endif
