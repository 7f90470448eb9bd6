/*
 * asok_cmds.h — the admin-socket command table (what `ceph daemon X ...`
 * and, later, `ceph tell` dispatch into).
 *
 * Commands are registered with Ceph's descriptor syntax: the literal words
 * of the prefix, then one token per argument,
 *
 *	"perf dump name=logger,type=CephString,req=false name=counter,type=CephString,req=false"
 *	"config set name=var,type=CephString name=val,type=CephString,n=N"
 *
 * A request is a JSON command map ({"prefix": "perf dump", "logger": "osd"});
 * it is matched on its exact prefix, checked against the descriptor
 * (required arguments present, types right, CephChoices values allowed) and
 * handed to the command's handler. The replies, the error texts and the
 * get_command_descriptions JSON follow Ceph Pacific (src/common/admin_socket.cc,
 * src/common/cmdparse.cc), checked against a live 16.2.15 daemon.
 *
 * Built in: "0", "1", "2", version, git_version, help,
 * get_command_descriptions, perf dump / schema / histogram dump / reset,
 * perfcounters_dump, perfcounters_schema, config show / get / set,
 * dump_ops_in_flight, ops, dump_historic_ops (empty until the op layer
 * installs its handlers with asok_cmds_set_handler).
 */
#ifndef OSDFARM_COMMON_ASOK_CMDS_H
#define OSDFARM_COMMON_ASOK_CMDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/asok_json.h"

struct perf_registry;
struct asok_cmds;

/* A parsed, validated request. */
struct asok_req {
	struct asok_jmap map;
	const char *prefix;
	bool pretty;            /* format is not "json" */
};

/*
 * A command handler: write the reply into out (JSON with the asok_out_*
 * writers, or plain text with asok_out_text) and return 0; or set a message
 * with asok_out_error and return a negative errno.
 */
typedef int (*asok_cmd_fn)(void *arg, const struct asok_req *req, struct asok_out *out);

/* perf may be NULL (perf commands then dump "{}"). */
struct asok_cmds *asok_cmds_new(struct perf_registry *perf);
void asok_cmds_free(struct asok_cmds *t);

/*
 * Register a command. -EINVAL for a malformed descriptor (an argument
 * without name or type, a literal word after an argument, no prefix),
 * -EEXIST if the prefix is taken.
 */
int asok_cmds_register(struct asok_cmds *t, const char *desc, const char *help,
		       asok_cmd_fn fn, void *arg);
/* Remove a command; -ENOENT if absent. */
int asok_cmds_unregister(struct asok_cmds *t, const char *prefix);
/* Point a registered command at another handler; -ENOENT if absent. */
int asok_cmds_set_handler(struct asok_cmds *t, const char *prefix, asok_cmd_fn fn, void *arg);

/* What `version` and `git_version` report (copied). */
void asok_cmds_set_version(struct asok_cmds *t, const char *version, const char *git_version);

/*
 * A config variable shown by `config show` / `config get` (the table keeps a
 * copy of value). With set NULL the variable is read-only (`config set` gives
 * Ceph's EPERM error); otherwise set is called with the new value (the words
 * of `config set` joined by spaces) and, when it returns 0, becomes the value.
 * debug_<subsys> variables for every common/log.h subsystem are built in and
 * applied live. -EEXIST if name is taken.
 */
typedef int (*asok_conf_set_fn)(void *arg, const char *name, const char *value);
int asok_cmds_conf_add(struct asok_cmds *t, const char *name, const char *value,
		       asok_conf_set_fn set, void *arg);
/* Change the shown value of a variable added above; -ENOENT if absent. */
int asok_cmds_conf_update(struct asok_cmds *t, const char *name, const char *value);

/*
 * Run one request (JSON text, not NUL-terminated): the return value is the
 * handler's (or -EINVAL for bad JSON, an unknown prefix, a failed validation
 * with out->err saying which). On success out holds the reply, already
 * pretty-printed when the request asked for it. For `ceph tell` style callers.
 */
int asok_cmds_call(struct asok_cmds *t, const char *json, size_t len, struct asok_out *out);

/*
 * The admin socket reply payload for one request: the reply, or on failure
 * "ERROR: (22) Invalid argument\n<message>\n" as Pacific prepends it (the
 * wire has no status field). xmalloc'd; matches asok_dispatch_fn (asok.h)
 * with arg = the table.
 */
char *asok_cmds_execute(void *t, const char *req, size_t len, size_t *outlen);

/* ---- request accessors for handlers ---- */
/* A string argument; NULL if absent or not a string. */
const char *asok_req_str(const struct asok_req *r, const char *name);
/* An integer argument (a JSON integer or a string holding one); -ENOENT, -EINVAL. */
int asok_req_int(const struct asok_req *r, const char *name, int64_t *v);
/* An array-of-strings argument (n=N); count, 0 if absent. */
unsigned asok_req_strv(const struct asok_req *r, const char *name, char *const **items);

#endif
