/*
 * asok_test.c — the admin socket: the command table (descriptors,
 * validation, Pacific's error texts, built-ins) and the server over a real
 * UNIX socket served by an event loop on a second thread (text and legacy
 * requests, too-long and bad requests, concurrent and stalled clients, big
 * replies, stale and live socket files, unlink at close). The JSON parts
 * are in asok_json_test.c.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/asok.h"
#include "common/asok_cmds.h"
#include "common/asok_json.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/perf.h"

/* ---------------------------------------------------------------- helpers */

/* Run one request through the table; the payload as a C string (caller frees). */
static char *
run(struct asok_cmds *t, const char *req)
{
	size_t n;
	char *p = asok_cmds_execute(t, req, strlen(req), &n);

	ck_assert_uint_eq(strlen(p), n);
	return p;
}

#define ck_run_eq(t, req, want)                                               \
	do {                                                                  \
		char *got_ = run((t), (req));                                 \
		ck_assert_str_eq(got_, (want));                               \
		free(got_);                                                   \
	} while (0)

#define ck_run_has(t, req, want)                                              \
	do {                                                                  \
		char *got_ = run((t), (req));                                 \
		ck_assert_msg(strstr(got_, (want)) != NULL, "'%s' not in '%s'", \
			      (want), got_);                                  \
		free(got_);                                                   \
	} while (0)

/* ---------------------------------------------------------------- table */

static int last_n;
static char last_s[64];

static int
cmd_echo(void *arg, const struct asok_req *req, struct asok_out *out)
{
	int64_t n = -1;
	const char *s = asok_req_str(req, "s");

	asok_req_int(req, "n", &n);
	last_n = (int)n;
	snprintf(last_s, sizeof(last_s), "%s", s ? s : "(none)");
	asok_out_open_object(out, NULL);
	asok_out_int(out, "n", n);
	asok_out_string(out, "s", last_s);
	asok_out_close_object(out);
	return 0;
}

static int
cmd_fail(void *arg, const struct asok_req *req, struct asok_out *out)
{
	asok_out_string(out, "partial", "output is dropped");
	asok_out_error(out, "it went wrong: %d", 42);
	return -EIO;
}

START_TEST(table_protocol_commands)
{
	struct asok_cmds *t = asok_cmds_new(NULL);
	char *p;

	ck_run_eq(t, "{\"prefix\":\"0\"}", "2");
	ck_run_eq(t, "{\"prefix\":\"0\",\"format\":\"json-pretty\"}", "2");
	asok_cmds_set_version(t, "16.2.15-test", "abc123");
	ck_run_eq(t, "{\"prefix\":\"version\",\"format\":\"json\"}",
		  "{\"version\":\"16.2.15-test\",\"release\":\"pacific\",\"release_type\":\"stable\"}");
	ck_run_eq(t, "{\"prefix\": \"version\"}",
		  "{\n    \"version\": \"16.2.15-test\",\n    \"release\": \"pacific\",\n"
		  "    \"release_type\": \"stable\"\n}\n");
	/* unknown formats fall back to json-pretty, as in Ceph */
	ck_run_eq(t, "{\"prefix\":\"git_version\",\"format\":\"xml\"}",
		  "{\n    \"git_version\": \"abc123\"\n}\n");
	ck_run_eq(t, "{\"prefix\":\"git_version\",\"format\":\"json\"}",
		  "{\"git_version\":\"abc123\"}");
	/* Pacific's error payloads, byte for byte */
	ck_run_eq(t, "{\"prefix\":\"nosuch\"}",
		  "ERROR: (22) Invalid argument\nunknown command prefix nosuch\n");
	ck_run_eq(t, "{\"prefix\":\"perf dump osd\"}",
		  "ERROR: (22) Invalid argument\nunknown command prefix perf dump osd\n");
	ck_run_eq(t, "{\"x\":\"version\"}",
		  "ERROR: (22) Invalid argument\nunknown command prefix \n");
	ck_run_eq(t, "{bad", "ERROR: (22) Invalid argument\ninvalid json\n");
	ck_run_eq(t, "hello", "ERROR: (22) Invalid argument\ninvalid json\n");
	ck_run_eq(t, "{\"prefix\":\"version\",\"x\":{\"a\":1}}",
		  "ERROR: (22) Invalid argument\ninvalid json\n");
	ck_run_eq(t, "", "ERROR: (22) Invalid argument\ninvalid json\n");
	/* help: prefix -> help, commands without help left out */
	p = run(t, "{\"prefix\":\"help\",\"format\":\"json\"}");
	ck_assert_ptr_nonnull(strstr(p, "\"perf dump\":\"dump perfcounters value\""));
	ck_assert_ptr_nonnull(strstr(p, "\"config set\":\"config set <field> <val> [<val> ...]: "
				     "set a config variable\""));
	ck_assert_ptr_null(strstr(p, "\"0\""));
	ck_assert_ptr_null(strstr(p, "perfcounters_dump"));
	free(p);
	asok_cmds_free(t);
}
END_TEST

START_TEST(table_descriptions)
{
	struct asok_cmds *t = asok_cmds_new(NULL);
	char *p;

	ck_assert_int_eq(asok_cmds_register(t, "zz pick name=what,type=CephChoices,strings=a|b "
					    "name=n,type=CephInt,req=false", "pick one",
					    cmd_echo, NULL), 0);
	p = run(t, "{\"prefix\":\"get_command_descriptions\",\"format\":\"json\"}");
	/* sorted by prefix, numbered from cmd000, arguments' keys sorted */
	ck_assert_ptr_nonnull(strstr(p, "{\"cmd000\":{\"sig\":[\"0\"],\"help\":\"\"},"
				     "\"cmd001\":{\"sig\":[\"1\"],\"help\":\"\"},"));
	ck_assert_ptr_nonnull(strstr(p, "{\"sig\":[\"perf\",\"dump\","
				     "{\"name\":\"logger\",\"req\":\"false\",\"type\":\"CephString\"},"
				     "{\"name\":\"counter\",\"req\":\"false\",\"type\":\"CephString\"}],"
				     "\"help\":\"dump perfcounters value\"}"));
	ck_assert_ptr_nonnull(strstr(p, "{\"sig\":[\"config\",\"set\","
				     "{\"name\":\"var\",\"type\":\"CephString\"},"
				     "{\"n\":\"N\",\"name\":\"val\",\"type\":\"CephString\"}],"));
	ck_assert_ptr_nonnull(strstr(p, "{\"sig\":[\"zz\",\"pick\",{\"name\":\"what\","
				     "\"strings\":\"a|b\",\"type\":\"CephChoices\"},{\"name\":\"n\","
				     "\"req\":\"false\",\"type\":\"CephInt\"}],\"help\":\"pick one\"}}"));
	ck_assert(strstr(p, "\"sig\":[\"version\"]") > strstr(p, "\"sig\":[\"help\"]"));
	free(p);
	/* what the CLI sends: no format, answered pretty */
	p = run(t, "{\"prefix\": \"get_command_descriptions\"}");
	ck_assert(strncmp(p, "{\n    \"cmd000\": {\n        \"sig\": [\n            \"0\"\n", 41) == 0);
	free(p);
	asok_cmds_free(t);
}
END_TEST

START_TEST(table_register_and_validate)
{
	struct asok_cmds *t = asok_cmds_new(NULL);

	/* malformed descriptors and duplicates */
	ck_assert_int_eq(asok_cmds_register(t, "", "", cmd_echo, NULL), -EINVAL);
	ck_assert_int_eq(asok_cmds_register(t, "name=x,type=CephString", "", cmd_echo, NULL), -EINVAL);
	ck_assert_int_eq(asok_cmds_register(t, "x name=a", "", cmd_echo, NULL), -EINVAL);
	ck_assert_int_eq(asok_cmds_register(t, "x type=CephInt", "", cmd_echo, NULL), -EINVAL);
	ck_assert_int_eq(asok_cmds_register(t, "x name=a,type=CephInt lit", "", cmd_echo, NULL), -EINVAL);
	ck_assert_int_eq(asok_cmds_register(t, "x name=a,name=b,type=CephInt", "", cmd_echo, NULL), -EINVAL);
	ck_assert_int_eq(asok_cmds_register(t, "x name=a,type", "", cmd_echo, NULL), -EINVAL);
	ck_assert_int_eq(asok_cmds_register(t, "version", "", cmd_echo, NULL), -EEXIST);
	ck_assert_int_eq(asok_cmds_register(t, "echo  it  name=n,type=CephInt "
					    "name=s,type=CephChoices,strings=red|green,req=false",
					    "echo", cmd_echo, NULL), 0);
	ck_assert_int_eq(asok_cmds_register(t, "fail", "fails", cmd_fail, NULL), 0);

	ck_run_eq(t, "{\"prefix\":\"echo it\",\"n\":7,\"s\":\"green\",\"format\":\"json\"}",
		  "{\"n\":7,\"s\":\"green\"}");
	ck_assert_int_eq(last_n, 7);
	/* integers as strings are accepted for CephInt (older CLIs send them) */
	ck_run_eq(t, "{\"prefix\":\"echo it\",\"n\":\"-4\",\"format\":\"json\"}",
		  "{\"n\":-4,\"s\":\"(none)\"}");
	/* missing required, wrong types, a value outside the choices */
	ck_run_eq(t, "{\"prefix\":\"echo it\"}", "ERROR: (22) Invalid argument\ninvalid command json\n");
	ck_run_eq(t, "{\"prefix\":\"echo it\",\"n\":\"x\"}",
		  "ERROR: (22) Invalid argument\ninvalid command json\n");
	ck_run_eq(t, "{\"prefix\":\"echo it\",\"n\":1.5}",
		  "ERROR: (22) Invalid argument\ninvalid command json\n");
	ck_run_eq(t, "{\"prefix\":\"echo it\",\"n\":[1]}",
		  "ERROR: (22) Invalid argument\ninvalid command json\n");
	ck_run_eq(t, "{\"prefix\":\"echo it\",\"n\":1,\"s\":\"blue\"}",
		  "ERROR: (22) Invalid argument\ninvalid command json\n");
	ck_run_eq(t, "{\"prefix\":\"config get\",\"var\":7}",
		  "ERROR: (22) Invalid argument\ninvalid command json\n");
	ck_run_eq(t, "{\"prefix\":\"config set\",\"var\":\"debug_ms\",\"val\":\"7\"}",
		  "ERROR: (22) Invalid argument\ninvalid command json\n");
	/* a failing handler: its output is dropped, its message shown */
	ck_run_eq(t, "{\"prefix\":\"fail\"}", "ERROR: (5) Input/output error\nit went wrong: 42\n");

	/* replace, unregister */
	ck_assert_int_eq(asok_cmds_set_handler(t, "fail", cmd_echo, NULL), 0);
	ck_run_eq(t, "{\"prefix\":\"fail\",\"format\":\"json\"}", "{\"n\":-1,\"s\":\"(none)\"}");
	ck_assert_int_eq(asok_cmds_set_handler(t, "nosuch", cmd_echo, NULL), -ENOENT);
	ck_assert_int_eq(asok_cmds_unregister(t, "fail"), 0);
	ck_assert_int_eq(asok_cmds_unregister(t, "fail"), -ENOENT);
	ck_run_eq(t, "{\"prefix\":\"fail\"}", "ERROR: (22) Invalid argument\nunknown command prefix fail\n");
	asok_cmds_free(t);
}
END_TEST

enum { T_OP, T_LAT, T_LAST };
static const struct perf_def test_defs[T_LAST] = {
	[T_OP] = PERF_DEF_COUNTER("op", "ops", "ops"),
	[T_LAT] = PERF_DEF_TIME_AVG("op_latency", "lat", "latency"),
};

START_TEST(table_perf_commands)
{
	struct perf_registry *reg = perf_registry_new();
	struct perf_coll *c = perf_coll_create(reg, "osd", test_defs, T_LAST);
	struct asok_cmds *t = asok_cmds_new(reg);
	struct asok_cmds *empty = asok_cmds_new(NULL);
	char *want;

	perf_add(c, T_OP, 3);
	perf_tinc(c, T_LAT, 500000000);
	ck_run_eq(t, "{\"prefix\":\"perf dump\",\"format\":\"json\"}",
		  "{\"osd\":{\"op\":3,\"op_latency\":{\"avgcount\":1,\"sum\":0.500000000,"
		  "\"avgtime\":0.500000000}}}");
	ck_run_eq(t, "{\"prefix\":\"perf dump\",\"logger\":\"osd\",\"counter\":\"op\"}",
		  "{\n    \"osd\": {\n        \"op\": 3\n    }\n}\n");
	ck_run_eq(t, "{\"prefix\":\"perf dump\",\"logger\":\"zzz\"}", "{}\n");
	/* the legacy spellings give the same */
	ck_run_eq(t, "{\"prefix\":\"1\",\"format\":\"json\"}",
		  "{\"osd\":{\"op\":3,\"op_latency\":{\"avgcount\":1,\"sum\":0.500000000,"
		  "\"avgtime\":0.500000000}}}");
	want = perf_dump(reg, PERF_DUMP_SCHEMA, NULL, NULL, NULL);
	ck_run_eq(t, "{\"prefix\":\"2\",\"format\":\"json\"}", want);
	ck_run_eq(t, "{\"prefix\":\"perfcounters_schema\",\"format\":\"json\"}", want);
	ck_run_eq(t, "{\"prefix\":\"perf schema\",\"format\":\"json\"}", want);
	free(want);
	ck_run_eq(t, "{\"prefix\":\"perf histogram dump\",\"format\":\"json\"}", "{\"osd\":{}}");
	/* reset: Pacific's texts, an unknown name is not an error */
	ck_run_eq(t, "{\"prefix\":\"perf reset\",\"var\":\"nope\"}",
		  "{\n    \"error\": \"Not find: nope\"\n}\n");
	ck_run_eq(t, "{\"prefix\":\"perf reset\",\"var\":\"all\",\"format\":\"json\"}",
		  "{\"success\":\"perf reset all\"}");
	ck_assert_uint_eq(perf_get(c, T_OP), 0);
	ck_run_eq(t, "{\"prefix\":\"perf reset\",\"var\":\"osd\",\"format\":\"json\"}",
		  "{\"success\":\"perf reset osd\"}");
	ck_run_eq(t, "{\"prefix\":\"perf reset\"}", "ERROR: (22) Invalid argument\ninvalid command json\n");
	ck_run_eq(empty, "{\"prefix\":\"perf dump\",\"format\":\"json\"}", "{}");
	asok_cmds_free(t);
	asok_cmds_free(empty);
	perf_registry_free(reg);
}
END_TEST

static char set_seen[64];

static int
set_var(void *arg, const char *name, const char *value)
{
	if (strcmp(value, "bad") == 0)
		return -EINVAL;
	snprintf(set_seen, sizeof(set_seen), "%s=%s", name, value);
	return 0;
}

START_TEST(table_config_commands)
{
	struct asok_cmds *t = asok_cmds_new(NULL);
	char *p;

	ck_assert_int_eq(asok_cmds_conf_add(t, "name", "osd.3", NULL, NULL), 0);
	ck_assert_int_eq(asok_cmds_conf_add(t, "osd_x", "1", set_var, NULL), 0);
	ck_assert_int_eq(asok_cmds_conf_add(t, "name", "again", NULL, NULL), -EEXIST);
	ck_assert_int_eq(asok_cmds_conf_add(t, "debug_ms", "1", NULL, NULL), -EEXIST);

	/* debug levels are applied live through log.h */
	log_set_level("ms", 0);
	ck_run_eq(t, "{\"prefix\":\"config set\",\"var\":\"debug_ms\",\"val\":[\"5\"]}",
		  "{\n    \"success\": \"\"\n}\n");
	ck_assert_uint_eq(log_levels[LOG_MS], 5);
	ck_run_eq(t, "{\"prefix\":\"config get\",\"var\":\"debug_ms\",\"format\":\"json\"}",
		  "{\"debug_ms\":\"5/5\"}");
	ck_run_eq(t, "{\"prefix\":\"config set\",\"var\":\"debug_osd\",\"val\":[\"3/20\"],"
		  "\"format\":\"json\"}", "{\"success\":\"\"}");
	ck_assert_uint_eq(log_levels[LOG_OSD], 3);
	/* Ceph's subsystem names that map onto ours */
	ck_run_eq(t, "{\"prefix\":\"config set\",\"var\":\"debug_mon\",\"val\":[\"2\"],"
		  "\"format\":\"json\"}", "{\"success\":\"\"}");
	ck_assert_uint_eq(log_levels[LOG_MON], 2);
	ck_run_eq(t, "{\"prefix\":\"config set\",\"var\":\"debug_ms\",\"val\":[\"abc\"]}",
		  "ERROR: (22) Invalid argument\nerror setting 'debug_ms' to 'abc': (22) Invalid argument\n");
	ck_run_eq(t, "{\"prefix\":\"config set\",\"var\":\"debug_ms\",\"val\":[\"5x\"]}",
		  "ERROR: (22) Invalid argument\nerror setting 'debug_ms' to '5x': (22) Invalid argument\n");
	ck_run_eq(t, "{\"prefix\":\"config set\",\"var\":\"debug_ms\",\"val\":[\"99\"]}",
		  "ERROR: (22) Invalid argument\nerror setting 'debug_ms' to '99': (22) Invalid argument\n");
	ck_assert_uint_eq(log_levels[LOG_MS], 5);
	ck_run_eq(t, "{\"prefix\":\"config set\",\"var\":\"nope\",\"val\":[\"1\"]}",
		  "ERROR: (2) No such file or directory\n"
		  "error setting 'nope' to '1': (2) No such file or directory\n");
	ck_run_eq(t, "{\"prefix\":\"config get\",\"var\":\"nope\"}",
		  "ERROR: (2) No such file or directory\n"
		  "error getting 'nope': (2) No such file or directory\n");
	ck_run_eq(t, "{\"prefix\":\"config get\",\"var\":\"debug-ms\"}",
		  "ERROR: (2) No such file or directory\n"
		  "error getting 'debug-ms': (2) No such file or directory\n");
	/* read-only and settable daemon variables; words are joined */
	ck_run_eq(t, "{\"prefix\":\"config set\",\"var\":\"name\",\"val\":[\"x\"]}",
		  "ERROR: (1) Operation not permitted\n"
		  "error setting 'name' to 'x': (1) Operation not permitted\n");
	ck_run_eq(t, "{\"prefix\":\"config set\",\"var\":\"osd_x\",\"val\":[\"a\",\"b\"],"
		  "\"format\":\"json\"}", "{\"success\":\"\"}");
	ck_assert_str_eq(set_seen, "osd_x=a b");
	ck_run_eq(t, "{\"prefix\":\"config get\",\"var\":\"osd_x\",\"format\":\"json\"}",
		  "{\"osd_x\":\"a b\"}");
	ck_run_has(t, "{\"prefix\":\"config set\",\"var\":\"osd_x\",\"val\":[\"bad\"]}",
		   "error setting 'osd_x' to 'bad'");
	ck_run_eq(t, "{\"prefix\":\"config get\",\"var\":\"osd_x\",\"format\":\"json\"}",
		  "{\"osd_x\":\"a b\"}");
	ck_assert_int_eq(asok_cmds_conf_update(t, "name", "osd.4"), 0);
	ck_assert_int_eq(asok_cmds_conf_update(t, "zz", "1"), -ENOENT);
	p = run(t, "{\"prefix\":\"config show\",\"format\":\"json\"}");
	ck_assert(strncmp(p, "{\"name\":\"osd.4\",\"osd_x\":\"a b\",", 30) == 0);
	ck_assert_ptr_nonnull(strstr(p, "\"debug_ms\":\"5/5\""));
	ck_assert_ptr_nonnull(strstr(p, "\"debug_asok\":"));
	free(p);
	asok_cmds_free(t);
}
END_TEST

static int
cmd_ops(void *arg, const struct asok_req *req, struct asok_out *out)
{
	asok_out_open_object(out, NULL);
	asok_out_open_array(out, "ops");
	asok_out_open_object(out, NULL);
	asok_out_string(out, "description", "osd_op(client.1 ...)");
	asok_out_close_object(out);
	asok_out_close_array(out);
	asok_out_uint(out, "num_ops", 1);
	asok_out_close_object(out);
	return 0;
}

START_TEST(table_ops_defaults)
{
	struct asok_cmds *t = asok_cmds_new(NULL);

	ck_run_eq(t, "{\"prefix\":\"dump_ops_in_flight\",\"format\":\"json\"}",
		  "{\"ops\":[],\"num_ops\":0}");
	ck_run_eq(t, "{\"prefix\":\"dump_ops_in_flight\"}",
		  "{\n    \"ops\": [],\n    \"num_ops\": 0\n}\n");
	ck_run_eq(t, "{\"prefix\":\"ops\",\"format\":\"json\"}", "{\"ops\":[],\"num_ops\":0}");
	ck_run_eq(t, "{\"prefix\":\"dump_historic_ops\",\"format\":\"json\"}",
		  "{\"size\":20,\"duration\":600,\"ops\":[]}");
	ck_assert_int_eq(asok_cmds_set_handler(t, "dump_ops_in_flight", cmd_ops, NULL), 0);
	ck_run_eq(t, "{\"prefix\":\"dump_ops_in_flight\",\"format\":\"json\"}",
		  "{\"ops\":[{\"description\":\"osd_op(client.1 ...)\"}],\"num_ops\":1}");
	asok_cmds_free(t);
}
END_TEST

/* ---------------------------------------------------------------- server */

struct srv {
	char dir[64], path[128];
	struct event_base *base;
	struct asok_cmds *cmds;
	struct asok *a;
	int stop[2];
	struct event *stop_ev;
	pthread_t thr;
};

static void
srv_stop_cb(evutil_socket_t fd, short what, void *arg)
{
	event_base_loopbreak(arg);
}

static void *
srv_loop(void *arg)
{
	struct srv *s = arg;

	event_base_dispatch(s->base);
	return NULL;
}

static int
cmd_big(void *arg, const struct asok_req *req, struct asok_out *out)
{
	static char chunk[4096];
	unsigned i;

	memset(chunk, 'x', sizeof(chunk));
	for (i = 0; i < 512; i++)       /* 2 MiB: far more than a socket buffer */
		asok_out_text(out, chunk, sizeof(chunk));
	return 0;
}

static void
srv_init(struct srv *s)
{
	memset(s, 0, sizeof(*s));
	signal(SIGPIPE, SIG_IGN);
	strcpy(s->dir, "/tmp/asok_test.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(s->dir));
	snprintf(s->path, sizeof(s->path), "%s/ceph-osd.0.asok", s->dir);
	s->base = event_base_new();
	s->cmds = asok_cmds_new(NULL);
	asok_cmds_register(s->cmds, "big", "2 MiB of x", cmd_big, NULL);
}

static void
srv_start(struct srv *s)
{
	ck_assert_int_eq(pipe(s->stop), 0);
	s->stop_ev = event_new(s->base, s->stop[0], EV_READ, srv_stop_cb, s->base);
	event_add(s->stop_ev, NULL);
	ck_assert_int_eq(pthread_create(&s->thr, NULL, srv_loop, s), 0);
}

static void
srv_open_start(struct srv *s)
{
	srv_init(s);
	ck_assert_int_eq(asok_open(s->base, s->path, asok_cmds_execute, s->cmds, &s->a), 0);
	srv_start(s);
}

static void
srv_done(struct srv *s)
{
	if (s->stop_ev) {
		ck_assert_int_eq(write(s->stop[1], "x", 1), 1);
		pthread_join(s->thr, NULL);
		event_free(s->stop_ev);
		close(s->stop[0]);
		close(s->stop[1]);
	}
	asok_close(s->a);
	/* closing unlinks the socket file */
	ck_assert_int_eq(access(s->path, F_OK), -1);
	asok_cmds_free(s->cmds);
	event_base_free(s->base);
	unlink(s->path);
	rmdir(s->dir);
}

static int
cli_connect(const char *path)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, path);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static void
cli_send(int fd, const void *p, size_t n)
{
	ck_assert_int_eq(send(fd, p, n, MSG_NOSIGNAL), (ssize_t)n);
}

/* Everything until EOF (5 s at most); *n bytes; NUL-terminated. */
static char *
cli_read_all(int fd, size_t *n)
{
	size_t cap = 4096, len = 0;
	char *b = xmalloc(cap);

	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		ssize_t r;

		ck_assert_msg(poll(&pfd, 1, 5000) == 1, "server did not answer or close");
		if (len + 1 == cap)
			b = xrealloc(b, cap *= 2);
		r = recv(fd, b + len, cap - len - 1, 0);
		if (r < 0 && errno == ECONNRESET)
			break;
		ck_assert_int_ge(r, 0);
		if (r == 0)
			break;
		len += (size_t)r;
	}
	b[len] = '\0';
	*n = len;
	return b;
}

/* One request, checked as a framed reply: the payload (caller frees). */
static char *
cli_request(const char *path, const void *req, size_t len, size_t *plen)
{
	int fd = cli_connect(path);
	size_t n;
	char *b;
	uint32_t l;

	cli_send(fd, req, len);
	b = cli_read_all(fd, &n);
	close(fd);
	ck_assert_uint_ge(n, 4);
	l = (uint32_t)(unsigned char)b[0] << 24 | (uint32_t)(unsigned char)b[1] << 16 |
	    (uint32_t)(unsigned char)b[2] << 8 | (unsigned char)b[3];
	ck_assert_uint_eq(l, n - 4);
	memmove(b, b + 4, n - 4 + 1);
	*plen = n - 4;
	return b;
}

#define ck_req_eq(s, lit, want)                                               \
	do {                                                                  \
		size_t n_;                                                    \
		char *p_ = cli_request((s)->path, (lit), sizeof(lit) - 1, &n_); \
		ck_assert_str_eq(p_, (want));                                 \
		free(p_);                                                     \
	} while (0)

START_TEST(server_requests)
{
	struct srv s;

	srv_open_start(&s);
	/* what the CLI sends, what collectd sends ('\n', spaces) */
	ck_req_eq(&s, "{\"prefix\": \"0\"}\0", "2");
	ck_req_eq(&s, "{ \"prefix\": \"0\" }\n", "2");
	ck_req_eq(&s, "{\"prefix\":\"git_version\",\"format\":\"json\"}\0trailing bytes ignored",
		  "{\"git_version\":\"osdfarm-" PACKAGE_VERSION "\"}");
	/* legacy binary requests */
	ck_req_eq(&s, "\0\0\0\0", "2");
	ck_req_eq(&s, "\0\0\0\x01", "{}\n");
	ck_req_eq(&s, "\0\0\0\x02", "{}\n");
	ck_req_eq(&s, "\0\0\0\x05", "ERROR: (22) Invalid argument\nunknown command prefix foo\n");
	ck_req_eq(&s, "\0\0\x01\0", "ERROR: (22) Invalid argument\nunknown command prefix foo\n");
	/* bad ones still get a framed error */
	ck_req_eq(&s, "{bad\0", "ERROR: (22) Invalid argument\ninvalid json\n");
	ck_req_eq(&s, "\n", "ERROR: (22) Invalid argument\ninvalid json\n");
	ck_req_eq(&s, "{\"prefix\":\"nosuch\"}\n",
		  "ERROR: (22) Invalid argument\nunknown command prefix nosuch\n");
	srv_done(&s);
}
END_TEST

START_TEST(server_split_and_long_requests)
{
	struct srv s;
	char req[ASOK_REQ_MAX + 8];
	size_t n, len;
	char *p;
	int fd;

	srv_open_start(&s);
	/* a request arriving a byte at a time */
	fd = cli_connect(s.path);
	for (const char *q = "{\"prefix\":\"0\"}"; *q; q++) {
		cli_send(fd, q, 1);
		usleep(1000);
	}
	cli_send(fd, "", 1);
	p = cli_read_all(fd, &n);
	close(fd);
	ck_assert_uint_eq(n, 5);
	ck_assert(memcmp(p, "\0\0\0\x01" "2", 5) == 0);
	free(p);
	/* a legacy request split in two */
	fd = cli_connect(s.path);
	cli_send(fd, "\0\0", 2);
	usleep(20000);
	cli_send(fd, "\0\0", 2);
	p = cli_read_all(fd, &n);
	close(fd);
	ck_assert_uint_eq(n, 5);
	free(p);

	/* the longest request: 1023 bytes and the terminator */
	len = ASOK_REQ_MAX - 1;
	memset(req, ' ', sizeof(req));
	memcpy(req, "{\"prefix\":\"0\",\"pad\":\"", 21);
	memcpy(req + len - 2, "\"}", 2);
	req[len] = '\0';
	p = cli_request(s.path, req, len + 1, &n);
	ck_assert_str_eq(p, "2");
	free(p);
	/* one more byte: dropped unanswered, as Ceph does */
	len = ASOK_REQ_MAX;
	memset(req, ' ', sizeof(req));
	memcpy(req, "{\"prefix\":\"0\",\"pad\":\"", 21);
	memcpy(req + len - 2, "\"}", 2);
	req[len] = '\0';
	fd = cli_connect(s.path);
	cli_send(fd, req, len + 1);
	p = cli_read_all(fd, &n);
	close(fd);
	ck_assert_uint_eq(n, 0);
	free(p);
	/* a client that closes early is simply dropped */
	fd = cli_connect(s.path);
	cli_send(fd, "{\"pre", 5);
	close(fd);
	fd = cli_connect(s.path);
	close(fd);
	/* and the server still answers */
	ck_req_eq(&s, "{\"prefix\":\"0\"}\0", "2");
	srv_done(&s);
}
END_TEST

START_TEST(server_concurrent_clients)
{
	struct srv s;
	int stalled[5], i;
	size_t n;
	char *p;

	srv_open_start(&s);
	/* five clients send half a request and stall ... */
	for (i = 0; i < 5; i++) {
		stalled[i] = cli_connect(s.path);
		cli_send(stalled[i], "{\"prefix\":", 10);
	}
	/* ... which blocks nobody else (the classic daemon would wait on them) */
	ck_req_eq(&s, "{\"prefix\":\"0\"}\0", "2");
	p = cli_request(s.path, "{\"prefix\":\"big\"}\0", 17, &n);
	ck_assert_uint_eq(n, 2u << 20);
	ck_assert(p[0] == 'x' && p[n - 1] == 'x');
	free(p);
	/* several big replies read at the same time, slowly */
	{
		int fds[3];
		size_t got[3] = { 0, 0, 0 };
		char buf[65536];
		int left = 3;

		for (i = 0; i < 3; i++) {
			fds[i] = cli_connect(s.path);
			cli_send(fds[i], "{\"prefix\":\"big\"}\n", 17);
		}
		while (left) {
			left = 0;
			for (i = 0; i < 3; i++) {
				ssize_t r;

				if (fds[i] < 0)
					continue;
				r = recv(fds[i], buf, sizeof(buf), 0);
				ck_assert_int_ge(r, 0);
				if (r == 0) {
					close(fds[i]);
					fds[i] = -1;
					continue;
				}
				got[i] += (size_t)r;
				left = 1;
			}
		}
		for (i = 0; i < 3; i++)
			ck_assert_uint_eq(got[i], (2u << 20) + 4);
	}
	/* the stalled ones finish and are answered */
	for (i = 0; i < 5; i++) {
		cli_send(stalled[i], "\"0\"}\n", 5);
		p = cli_read_all(stalled[i], &n);
		ck_assert_uint_eq(n, 5);
		ck_assert_int_eq(p[4], '2');
		free(p);
		close(stalled[i]);
	}
	srv_done(&s);
}
END_TEST

START_TEST(server_client_limit_and_timeout)
{
	struct srv s;
	int fds[ASOK_MAX_CLIENTS], fd, i;
	struct timespec t0, t1;
	size_t n;
	char *p;

	srv_init(&s);
	ck_assert_int_eq(asok_open(s.base, s.path, asok_cmds_execute, s.cmds, &s.a), 0);
	asok_set_timeout(s.a, 300);
	srv_start(&s);
	/* the slots fill with idle clients; one more is closed at once */
	for (i = 0; i < ASOK_MAX_CLIENTS; i++)
		fds[i] = cli_connect(s.path);
	fd = cli_connect(s.path);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	p = cli_read_all(fd, &n);
	ck_assert_uint_eq(n, 0);
	free(p);
	close(fd);
	/* idle clients are dropped after the timeout, freeing their slots */
	for (i = 0; i < ASOK_MAX_CLIENTS; i++) {
		p = cli_read_all(fds[i], &n);
		ck_assert_uint_eq(n, 0);
		free(p);
		close(fds[i]);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 4);
	ck_req_eq(&s, "{\"prefix\":\"0\"}\0", "2");
	srv_done(&s);
}
END_TEST

START_TEST(server_socket_files)
{
	struct srv s, s2;
	struct sockaddr_un sa;
	struct asok *a2;
	char longpath[200];
	int fd;

	srv_init(&s);
	/* a stale socket file (its process died): replaced */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, s.path);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
	ck_assert_int_eq(access(s.path, F_OK), 0);
	ck_assert_int_eq(asok_open(s.base, s.path, asok_cmds_execute, s.cmds, &s.a), 0);
	ck_assert_str_eq(asok_path(s.a), s.path);
	srv_start(&s);
	ck_req_eq(&s, "{\"prefix\":\"0\"}\0", "2");
	/* a live one: -EEXIST, and the live server keeps its file */
	ck_assert_int_eq(asok_open(s.base, s.path, asok_cmds_execute, s.cmds, &a2), -EEXIST);
	ck_assert_ptr_null(a2);
	ck_req_eq(&s, "{\"prefix\":\"0\"}\0", "2");
	srv_done(&s);

	/* something that is not a socket is never removed */
	srv_init(&s2);
	fd = open(s2.path, O_CREAT | O_WRONLY, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(asok_open(s2.base, s2.path, asok_cmds_execute, s2.cmds, &a2), -EEXIST);
	ck_assert_int_eq(access(s2.path, F_OK), 0);
	unlink(s2.path);
	/* a path that does not fit in sun_path, a missing directory */
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	ck_assert_int_eq(asok_open(s2.base, longpath, asok_cmds_execute, s2.cmds, &a2),
			 -ENAMETOOLONG);
	ck_assert_int_eq(asok_open(s2.base, "", asok_cmds_execute, s2.cmds, &a2), -EINVAL);
	ck_assert_int_eq(asok_open(s2.base, "/nonexistent-dir/x.asok", asok_cmds_execute,
				   s2.cmds, &a2), -ENOENT);
	/* if someone else took the path over, close leaves their file alone */
	ck_assert_int_eq(asok_open(s2.base, s2.path, asok_cmds_execute, s2.cmds, &s2.a), 0);
	unlink(s2.path);
	fd = open(s2.path, O_CREAT | O_WRONLY, 0600);
	close(fd);
	asok_close(s2.a);
	ck_assert_int_eq(access(s2.path, F_OK), 0);
	unlink(s2.path);
	asok_cmds_free(s2.cmds);
	event_base_free(s2.base);
	rmdir(s2.dir);
}
END_TEST

static Suite *
asok_suite(void)
{
	Suite *s = suite_create("asok");
	TCase *tc = tcase_create("table");
	tcase_add_test(tc, table_protocol_commands);
	tcase_add_test(tc, table_descriptions);
	tcase_add_test(tc, table_register_and_validate);
	tcase_add_test(tc, table_perf_commands);
	tcase_add_test(tc, table_config_commands);
	tcase_add_test(tc, table_ops_defaults);
	suite_add_tcase(s, tc);
	tc = tcase_create("server");
	tcase_add_test(tc, server_requests);
	tcase_add_test(tc, server_split_and_long_requests);
	tcase_add_test(tc, server_concurrent_clients);
	tcase_add_test(tc, server_client_limit_and_timeout);
	tcase_add_test(tc, server_socket_files);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(asok_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
