/*
 * sup_test.c — the supervisor's mechanics without Ceph: backoff arithmetic,
 * the crash-loop limit, exit descriptions, CPU/NUMA choices, config to
 * slots, the status channel protocol, and the real spawn/reap/respawn/stop
 * code running a small shell script in place of osdfarm-osd.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/conf.h"
#include "common/sup_channel.h"
#include "supervisor/sup.h"
#include "supervisor/sup_affinity.h"
#include "supervisor/sup_plan.h"
#include "supervisor/sup_policy.h"

static char tmpdir[64];

static void
setup(void)
{
	strcpy(tmpdir, "/tmp/osdfarm-sup-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static void
write_file(const char *rel, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", tmpdir, rel);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void
make_dir(const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", tmpdir, rel);
	ck_assert_int_eq(sup_mkdir_p(p, 0755), 0);
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- policy ---- */

START_TEST(backoff_doubles_to_the_cap)
{
	struct sup_policy p = { .backoff_min_ms = 100, .backoff_max_ms = 1000 };

	ck_assert_uint_eq(sup_backoff_ms(&p, 0), 0);
	ck_assert_uint_eq(sup_backoff_ms(&p, 1), 100);
	ck_assert_uint_eq(sup_backoff_ms(&p, 2), 200);
	ck_assert_uint_eq(sup_backoff_ms(&p, 3), 400);
	ck_assert_uint_eq(sup_backoff_ms(&p, 4), 800);
	ck_assert_uint_eq(sup_backoff_ms(&p, 5), 1000);
	ck_assert_uint_eq(sup_backoff_ms(&p, 1000000), 1000);
	/* the largest configurable values: no overflow on the way */
	p.backoff_min_ms = 3600000;
	p.backoff_max_ms = 86400000;
	ck_assert_uint_eq(sup_backoff_ms(&p, 5), 57600000);
	ck_assert_uint_eq(sup_backoff_ms(&p, 6), 86400000);
	ck_assert_uint_eq(sup_backoff_ms(&p, 4000000000u), 86400000);
	p.backoff_min_ms = p.backoff_max_ms = 7;
	ck_assert_uint_eq(sup_backoff_ms(&p, 9), 7);
}
END_TEST

START_TEST(crash_loop_limit_and_window)
{
	struct sup_policy p = { .crash_limit = 3, .crash_window_s = 60 };
	struct sup_crashlog l = { 0 };
	unsigned i;

	ck_assert_int_eq(sup_crashlog_add(&l, &p, 1000), 0);
	ck_assert_int_eq(sup_crashlog_add(&l, &p, 2000), 0);
	ck_assert_int_eq(sup_crashlog_add(&l, &p, 3000), 1);
	sup_crashlog_clear(&l);

	/* spread out: the oldest leaves the window before the third */
	ck_assert_int_eq(sup_crashlog_add(&l, &p, 1000), 0);
	ck_assert_int_eq(sup_crashlog_add(&l, &p, 30000), 0);
	ck_assert_int_eq(sup_crashlog_add(&l, &p, 61000), 0);
	ck_assert_uint_eq(sup_crashlog_count(&l, &p, 61000), 2);
	ck_assert_uint_eq(sup_crashlog_count(&l, &p, 200000), 0);
	ck_assert_int_eq(sup_crashlog_add(&l, &p, 200000), 0);
	sup_crashlog_clear(&l);

	/* limit 0: never give up, and keep nothing */
	p.crash_limit = 0;
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(sup_crashlog_add(&l, &p, i), 0);
	ck_assert_uint_eq(l.n, 0);
	sup_crashlog_clear(&l);

	/* a big limit grows the log past its first allocation */
	p.crash_limit = 20;
	for (i = 0; i < 19; i++)
		ck_assert_int_eq(sup_crashlog_add(&l, &p, i), 0);
	ck_assert_int_eq(sup_crashlog_add(&l, &p, 19), 1);
	sup_crashlog_clear(&l);
}
END_TEST

START_TEST(exit_descriptions)
{
	char b[96];

	ck_assert_int_eq(sup_describe_exit(0, b, sizeof(b)), 0);
	ck_assert_str_eq(b, "exited normally");
	ck_assert_int_eq(sup_describe_exit(1 << 8, b, sizeof(b)), 0);
	ck_assert_str_eq(b, "exited with status 1");
	ck_assert_int_eq(sup_describe_exit(SUP_EXIT_FATAL << 8, b, sizeof(b)), 1);
	ck_assert_str_eq(b, "exited with status 2 (fatal)");
	ck_assert_int_eq(sup_describe_exit(SIGKILL, b, sizeof(b)), 0);
	ck_assert_str_eq(b, "killed by signal 9 (SIGKILL)");
	ck_assert_int_eq(sup_describe_exit(SIGSEGV | 0x80, b, sizeof(b)), 0);
	ck_assert_str_eq(b, "killed by signal 11 (SIGSEGV), core dumped");
	/* a tiny buffer truncates, never overflows */
	sup_describe_exit(SIGSEGV | 0x80, b, 8);
	ck_assert_str_eq(b, "killed ");
}
END_TEST

/* ---- affinity ---- */

START_TEST(affinity_pick_and_sysfs)
{
	static const int list[] = { 4, 5, 9 };
	char root[128];

	ck_assert_int_eq(sup_affinity_pick(list, 3, 0), 4);
	ck_assert_int_eq(sup_affinity_pick(list, 3, 2), 9);
	ck_assert_int_eq(sup_affinity_pick(list, 3, 3), 4);
	ck_assert_int_eq(sup_affinity_pick(list, 0, 1), -1);

	/* a fake sysfs: two nodes, cpu1 on node1, cpu2 without a node link */
	make_dir("devices/system/node/node0");
	make_dir("devices/system/node/node1");
	make_dir("devices/system/node/power");
	write_file("devices/system/node/has_cpu", "0-1\n");
	make_dir("devices/system/cpu/cpu0/node0");
	make_dir("devices/system/cpu/cpu1/node1");
	make_dir("devices/system/cpu/cpu2/cache");
	make_dir("devices/system/cpu/cpu3/nodex");
	snprintf(root, sizeof(root), "%s", tmpdir);
	ck_assert_int_eq(sup_affinity_node_count(root), 2);
	ck_assert_int_eq(sup_affinity_cpu_node(root, 0), 0);
	ck_assert_int_eq(sup_affinity_cpu_node(root, 1), 1);
	ck_assert_int_eq(sup_affinity_cpu_node(root, 2), -1);
	ck_assert_int_eq(sup_affinity_cpu_node(root, 3), -1);
	ck_assert_int_eq(sup_affinity_cpu_node(root, 7), -1);
	ck_assert_int_eq(sup_affinity_cpu_node(root, -1), -1);
	snprintf(root, sizeof(root), "%s/nothing", tmpdir);
	ck_assert_int_eq(sup_affinity_node_count(root), 0);
}
END_TEST

START_TEST(affinity_apply_pins)
{
	int cpus[CPU_SETSIZE], n, last;
	cpu_set_t set;

	n = sup_affinity_allowed(cpus, CPU_SETSIZE);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(sched_getaffinity(0, sizeof(set), &set), 0);
	ck_assert_int_eq(n, CPU_COUNT(&set));
	last = cpus[n - 1];
	/* node 0 exists everywhere; the policy call must be accepted */
	ck_assert_int_eq(sup_affinity_apply(last, 0), 0);
	ck_assert_int_eq(sched_getaffinity(0, sizeof(set), &set), 0);
	ck_assert_int_eq(CPU_COUNT(&set), 1);
	ck_assert(CPU_ISSET(last, &set));
	ck_assert_int_eq(sup_affinity_apply(CPU_SETSIZE + 5, -1), -EINVAL);
	ck_assert_int_eq(sup_affinity_apply(-1, -1), 0);
}
END_TEST

/* ---- config to slots ---- */

START_TEST(plan_from_config)
{
	static const int allowed[] = { 0, 1 };
	static int cpus[] = { 6, 7, 8 };
	static int ids[] = { 10, 11, 12 };
	struct sup_slot_plan *p = NULL;
	struct conf_farm c;
	char err[256];
	int n;

	conf_farm_defaults(&c);
	free(c.data_dir);
	c.data_dir = strdup("/var/lib/osdfarm/ceph");

	/* defaults: one per allowed CPU */
	n = sup_plan(&c, 0, allowed, 2, &p, err, sizeof(err));
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(p[1].cpu, 1);
	ck_assert_int_eq(p[1].want_id, -1);
	ck_assert_str_eq(p[1].data_dir, "/var/lib/osdfarm/ceph/slot.1");
	sup_plan_free(p, (unsigned)n);

	/* --osds 3 on 2 CPUs: the third shares the first CPU */
	n = sup_plan(&c, 3, allowed, 2, &p, err, sizeof(err));
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(p[2].cpu, 0);
	ck_assert_str_eq(p[2].data_dir, "/var/lib/osdfarm/ceph/slot.2");
	sup_plan_free(p, (unsigned)n);

	/* osds = 5 in the file */
	c.osds = 5;
	n = sup_plan(&c, 0, allowed, 2, &p, err, sizeof(err));
	ck_assert_int_eq(n, 5);
	sup_plan_free(p, (unsigned)n);

	/* an explicit cpu list replaces the allowed CPUs and sets the count */
	c.cpus = cpus;
	c.ncpus = 3;
	n = sup_plan(&c, 0, allowed, 2, &p, err, sizeof(err));
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(p[0].cpu, 6);
	ck_assert_int_eq(p[2].cpu, 8);
	sup_plan_free(p, (unsigned)n);

	/* osd ids go to the slots in order */
	c.osd_ids = ids;
	c.nosd_ids = 3;
	n = sup_plan(&c, 0, allowed, 2, &p, err, sizeof(err));
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(p[0].want_id, 10);
	ck_assert_int_eq(p[2].want_id, 12);
	sup_plan_free(p, (unsigned)n);

	/* ... and must match an explicit count */
	err[0] = 0;
	ck_assert_int_eq(sup_plan(&c, 2, allowed, 2, &p, err, sizeof(err)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "osd_ids lists 3 ids"));
	c.osd_ids = NULL;
	c.nosd_ids = 0;
	c.cpus = NULL;
	c.ncpus = 0;

	ck_assert_int_eq(sup_plan(&c, CONF_MAX_OSDS + 1, allowed, 2, &p, err, sizeof(err)),
			 -EINVAL);
	/* no allowed CPUs known: one slot, not pinned */
	c.osds = 0;
	n = sup_plan(&c, 0, NULL, 0, &p, err, sizeof(err));
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(p[0].cpu, -1);
	sup_plan_free(p, (unsigned)n);
	free(c.data_dir);
	c.data_dir = strdup("");
	ck_assert_int_eq(sup_plan(&c, 1, allowed, 2, &p, err, sizeof(err)), -EINVAL);
	conf_farm_free(&c);
}
END_TEST

START_TEST(whoami_from_data_dir)
{
	char dir[128];
	int32_t id = -5;

	snprintf(dir, sizeof(dir), "%s/d", tmpdir);
	ck_assert_int_eq(sup_read_whoami(dir, &id), -ENOENT);
	make_dir("d");
	write_file("d/whoami", "7\n");
	/* no "ready": mkfs did not finish */
	ck_assert_int_eq(sup_read_whoami(dir, &id), -ENOENT);
	write_file("d/ready", "ready\n");
	ck_assert_int_eq(sup_read_whoami(dir, &id), 0);
	ck_assert_int_eq(id, 7);
	write_file("d/whoami", "12");
	ck_assert_int_eq(sup_read_whoami(dir, &id), 0);
	ck_assert_int_eq(id, 12);
	write_file("d/whoami", "-1\n");
	ck_assert_int_eq(sup_read_whoami(dir, &id), -EINVAL);
	write_file("d/whoami", "seven\n");
	ck_assert_int_eq(sup_read_whoami(dir, &id), -EINVAL);
	write_file("d/whoami", "7 8\n");
	ck_assert_int_eq(sup_read_whoami(dir, &id), -EINVAL);
	write_file("d/whoami", "");
	ck_assert_int_eq(sup_read_whoami(dir, &id), -EINVAL);
	write_file("d/whoami", "99999999999\n");
	ck_assert_int_eq(sup_read_whoami(dir, &id), -EINVAL);
	write_file("d/whoami", "1234567890123456789012345678901234567890\n");
	ck_assert_int_eq(sup_read_whoami(dir, &id), -EINVAL);
	ck_assert_int_eq(id, 12);
}
END_TEST

/* ---- the status channel ---- */

START_TEST(channel_format_and_parse)
{
	enum sup_chan_state st;
	uint32_t ep;
	char b[SUP_CHANNEL_MSG_MAX], big[100];
	int s, n;

	for (s = 0; s < SUP_CHAN_STATE_MAX; s++) {
		n = sup_channel_format(b, sizeof(b), (enum sup_chan_state)s, 4294967295u);
		ck_assert_int_gt(n, 0);
		ck_assert_int_eq(sup_channel_parse(b, (size_t)n, &st, &ep), 0);
		ck_assert_int_eq(st, s);
		ck_assert_uint_eq(ep, 4294967295u);
	}
	ck_assert_int_eq(sup_channel_format(b, sizeof(b), SUP_CHAN_UP, 42), 5);
	ck_assert_str_eq(b, "up 42");
	ck_assert_int_eq(sup_channel_format(b, 4, SUP_CHAN_UP, 42), -ENOSPC);
	ck_assert_int_eq(sup_channel_format(b, sizeof(b), SUP_CHAN_STATE_MAX, 1), -EINVAL);
	ck_assert_str_eq(sup_chan_state_name(SUP_CHAN_STOPPING), "stopping");
	ck_assert_str_eq(sup_chan_state_name(SUP_CHAN_STATE_MAX), "?");

	ck_assert_int_eq(sup_channel_parse("up 0", 4, &st, &ep), 0);
	ck_assert_uint_eq(ep, 0);
	ck_assert_int_eq(sup_channel_parse("booting 7\n", 10, &st, &ep), 0);
	ck_assert_int_eq(st, SUP_CHAN_BOOTING);
	ck_assert_uint_eq(ep, 7);
	/* not NUL-terminated: only len bytes count */
	ck_assert_int_eq(sup_channel_parse("up 123456", 4, &st, &ep), 0);
	ck_assert_uint_eq(ep, 1);

	static const char *const bad[] = {
		"", "\n", "up", "up ", "up  4", " up 4", "up 04", "up -1", "up +1", "up 4294967296",
		"up 99999999999999999999", "down 3", "UP 3", "up 3x", "up 3 ", "up\t3", "up 3\n\n",
		"upp 3", "u 3", "stoppedx 1",
	};
	for (s = 0; s < (int)(sizeof(bad) / sizeof(bad[0])); s++)
		ck_assert_msg(sup_channel_parse(bad[s], strlen(bad[s]), &st, &ep) == -EINVAL,
			      "accepted '%s'", bad[s]);
	memset(big, '1', sizeof(big));
	memcpy(big, "up ", 3);
	ck_assert_int_eq(sup_channel_parse(big, sizeof(big), &st, &ep), -EINVAL);
}
END_TEST

START_TEST(channel_child_side)
{
	char env[16], b[SUP_CHANNEL_MSG_MAX];
	int sv[2], fd;
	ssize_t n;

	/* no supervisor: a no-op */
	ck_assert_int_eq(sup_channel_report(-1, SUP_CHAN_UP, 3), 0);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	snprintf(env, sizeof(env), "%d", sv[1]);
	setenv(SUP_CHANNEL_ENV, env, 1);
	fd = sup_channel_fd();
	ck_assert_int_eq(fd, sv[1]);
	ck_assert_ptr_null(getenv(SUP_CHANNEL_ENV));    /* not inherited further */
	ck_assert_int_eq(sup_channel_fd(), fd);         /* cached */
	ck_assert(fcntl(fd, F_GETFL) & O_NONBLOCK);
	ck_assert(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	ck_assert_int_eq(sup_channel_report(fd, SUP_CHAN_UP, 42), 0);
	ck_assert_int_eq(sup_channel_report(fd, SUP_CHAN_STOPPING, 43), 0);
	n = recv(sv[0], b, sizeof(b), 0);
	ck_assert_int_eq(n, 5);
	ck_assert(memcmp(b, "up 42", 5) == 0);
	n = recv(sv[0], b, sizeof(b), 0);
	ck_assert_int_eq(n, 11);
	ck_assert(memcmp(b, "stopping 43", 11) == 0);
	/* the supervisor is gone: an error, not SIGPIPE */
	close(sv[0]);
	ck_assert_int_eq(sup_channel_report(fd, SUP_CHAN_UP, 44), -EPIPE);
	close(sv[1]);
}
END_TEST

START_TEST(channel_fd_rejects_bad_env)
{
	setenv(SUP_CHANNEL_ENV, "3x", 1);
	ck_assert_int_eq(sup_channel_fd(), -1);
	ck_assert_ptr_null(getenv(SUP_CHANNEL_ENV));
}
END_TEST

START_TEST(channel_fd_rejects_closed_fd)
{
	setenv(SUP_CHANNEL_ENV, "1000", 1);
	ck_assert_int_eq(sup_channel_fd(), -1);
}
END_TEST

START_TEST(status_lines)
{
	struct sup_counts c = { .total = 4, .up = 3, .failed = 0, .running = 4 };
	char b[64];

	sup_status_format(&c, 0, b, sizeof(b));
	ck_assert_str_eq(b, "3/4 osds up");
	c.failed = 1;
	sup_status_format(&c, 0, b, sizeof(b));
	ck_assert_str_eq(b, "3/4 osds up, 1 failed");
	c.running = 2;
	sup_status_format(&c, 1, b, sizeof(b));
	ck_assert_str_eq(b, "stopping, 2 osds left");
}
END_TEST

/* ---- the real supervisor with a shell script for an OSD ---- */

/*
 * Stands in for osdfarm-osd: --mkfs writes whoami 7 and ready; a run
 * behaves as FAKE_MODE says. It records its environment and CPU list.
 */
static const char fake_osd[] =
	"#!/bin/sh\n"
	"mkfs=0; data=; id=\n"
	"while [ $# -gt 0 ]; do\n"
	"  case $1 in --mkfs) mkfs=1 ;; --osd-data) data=$2; shift ;; -i) id=$2; shift ;; esac\n"
	"  shift\n"
	"done\n"
	"if [ $mkfs = 1 ]; then\n"
	"  [ \"$FAKE_MODE\" = badmkfs ] && exit 0\n"
	"  mkdir -p \"$data\" && echo 7 >\"$data/whoami\" && echo ready >\"$data/ready\"\n"
	"  exit 0\n"
	"fi\n"
	"[ \"$id\" = 7 ] || exit 3\n"
	"env >\"$data/env\"\n"
	"grep Cpus_allowed_list /proc/self/status >\"$data/cpus\"\n"
	"case $FAKE_MODE in\n"
	"up) echo 'up 5' >&3; exec sleep 60 ;;\n"
	"fail) exit 1 ;;\n"
	"fatal) exit 2 ;;\n"
	"stubborn) trap '' TERM; echo 'up 5' >&3; while :; do sleep 0.1; done ;;\n"
	"crashonce)\n"
	"  if [ ! -e \"$data/crashed\" ]; then : >\"$data/crashed\"; echo 'up 5' >&3; kill -9 $$; fi\n"
	"  echo 'junk' >&3; echo 'up 6' >&3; exec sleep 60 ;;\n"
	"esac\n"
	"exit 4\n";

struct fixture {
	struct event_base *base;
	struct sup *s;
	struct event *poll, *deadline;
	int (*cond)(struct sup *s);
	int met, timed_out;
};

static unsigned reload_osds;
static char reload_data_dir[128];

static int
test_reload(void *arg, struct conf_farm *c, char *err, size_t errsz)
{
	conf_farm_defaults(c);
	c->osds = reload_osds;
	free(c->data_dir);
	c->data_dir = strdup(reload_data_dir);
	c->respawn.backoff_min_ms = 10;
	c->respawn.backoff_max_ms = 40;
	return 0;
}

static void
fx_start(struct fixture *fx, const char *mode, unsigned osds, unsigned stop_ms)
{
	struct sup_options opt;
	struct conf_farm c;
	char bin[160], err[256];

	write_file("fake-osd", fake_osd);
	snprintf(bin, sizeof(bin), "%s/fake-osd", tmpdir);
	ck_assert_int_eq(chmod(bin, 0755), 0);
	setenv("FAKE_MODE", mode, 1);
	setenv("NOTIFY_SOCKET", "/nonexistent/notify", 1);      /* must not reach the kids */

	conf_farm_defaults(&c);
	free(c.data_dir);
	snprintf(reload_data_dir, sizeof(reload_data_dir), "%s/farm", tmpdir);
	c.data_dir = strdup(reload_data_dir);
	c.osds = osds;
	c.respawn.backoff_min_ms = 10;
	c.respawn.backoff_max_ms = 40;
	c.respawn.crash_limit = 3;
	c.respawn.crash_window_s = 60;
	memset(&opt, 0, sizeof(opt));
	opt.osd_bin = bin;
	opt.stop_timeout_ms = stop_ms;
	opt.reload = test_reload;
	memset(fx, 0, sizeof(*fx));
	fx->base = event_base_new();
	ck_assert_int_eq(sup_new(fx->base, &c, &opt, &fx->s, err, sizeof(err)), 0);
	ck_assert_uint_eq(sup_slot_count(fx->s), osds);
	ck_assert_int_eq(sup_start(fx->s), 0);
}

static void
poll_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fixture *fx = arg;

	if (fx->cond && fx->cond(fx->s)) {
		fx->met = 1;
		event_base_loopbreak(fx->base);
	}
}

static void
deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fixture *fx = arg;

	fx->timed_out = 1;
	event_base_loopbreak(fx->base);
}

/* Run the loop until cond holds (cond NULL: until the supervisor ends it). */
static void
fx_run(struct fixture *fx, int (*cond)(struct sup *s), unsigned secs)
{
	struct timeval p = { 0, 10000 }, d = { secs, 0 };

	fx->cond = cond;
	fx->met = fx->timed_out = 0;
	fx->poll = event_new(fx->base, -1, EV_PERSIST, poll_cb, fx);
	fx->deadline = evtimer_new(fx->base, deadline_cb, fx);
	event_add(fx->poll, &p);
	evtimer_add(fx->deadline, &d);
	event_base_dispatch(fx->base);
	event_free(fx->poll);
	event_free(fx->deadline);
	ck_assert_msg(!fx->timed_out, "timed out after %u s", secs);
}

static void
fx_end(struct fixture *fx)
{
	sup_free(fx->s);
	event_base_free(fx->base);
}

static int
is_ready(struct sup *s)
{
	return sup_notify_ready(s);
}

static int
no_child(struct sup *s)
{
	unsigned i;

	for (i = 0; i < sup_slot_count(s); i++)
		if (sup_slot_at(s, i)->pid)
			return 0;
	return 1;
}

static void
read_rel(const char *rel, char *buf, size_t sz)
{
	char p[256];
	FILE *f;
	size_t n;

	snprintf(p, sizeof(p), "%s/%s", tmpdir, rel);
	f = fopen(p, "r");
	ck_assert_msg(f != NULL, "%s missing", p);
	n = fread(buf, 1, sz - 1, f);
	buf[n] = 0;
	fclose(f);
}

START_TEST(spawn_mkfs_up_and_stop)
{
	struct fixture fx;
	struct sup_slot *sl;
	char buf[8192], want[64];
	unsigned i;
	pid_t pids[2];

	fx_start(&fx, "up", 2, 2000);
	fx_run(&fx, is_ready, 20);
	for (i = 0; i < 2; i++) {
		sl = sup_slot_at(fx.s, i);
		ck_assert_int_eq(sl->phase, SUP_SLOT_RUN);
		ck_assert_int_eq(sl->osd_id, 7);
		ck_assert_int_eq(sl->state, SUP_CHAN_UP);
		ck_assert_uint_eq(sl->epoch, 5);
		ck_assert_uint_eq(sl->spawns, 2);      /* mkfs, then the OSD */
		ck_assert_int_gt(sl->pid, 0);
		pids[i] = sl->pid;
	}
	/* what the child saw: fd 3, its slot, no systemd socket, its cpu */
	read_rel("farm/slot.1/env", buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "OSDFARM_SUP_FD=3\n"));
	ck_assert_ptr_nonnull(strstr(buf, "OSDFARM_SLOT=1\n"));
	ck_assert_ptr_null(strstr(buf, "NOTIFY_SOCKET"));
	sl = sup_slot_at(fx.s, 1);
	if (sl->cpu >= 0) {
		read_rel("farm/slot.1/cpus", buf, sizeof(buf));
		snprintf(want, sizeof(want), "Cpus_allowed_list:\t%d\n", sl->cpu);
		ck_assert_str_eq(buf, want);
	}

	sup_stop(fx.s);
	ck_assert(sup_is_stopping(fx.s));
	fx_run(&fx, NULL, 10);
	ck_assert(no_child(fx.s));
	ck_assert_int_eq(sup_exit_code(fx.s), 0);
	for (i = 0; i < 2; i++)
		ck_assert_int_eq(kill(pids[i], 0), -1);
	fx_end(&fx);
}
END_TEST

START_TEST(crash_loop_gives_up)
{
	struct fixture fx;
	struct sup_slot *sl;
	uint64_t t0 = now_ms();

	fx_start(&fx, "fail", 1, 1000);
	fx_run(&fx, NULL, 20);          /* ends itself: every slot failed */
	sl = sup_slot_at(fx.s, 0);
	ck_assert_int_eq(sl->phase, SUP_SLOT_FAILED);
	ck_assert_uint_eq(sl->spawns, 4);      /* mkfs + crash_limit runs */
	ck_assert_uint_eq(sl->fails, 3);
	/* two backoffs in between: 10 ms then 20 ms */
	ck_assert_uint_ge(now_ms() - t0, 25);
	ck_assert_int_eq(sup_exit_code(fx.s), 1);
	fx_end(&fx);
}
END_TEST

START_TEST(fatal_exit_is_not_respawned)
{
	struct fixture fx;
	struct sup_slot *sl;

	fx_start(&fx, "fatal", 1, 1000);
	fx_run(&fx, NULL, 20);
	sl = sup_slot_at(fx.s, 0);
	ck_assert_int_eq(sl->phase, SUP_SLOT_FAILED);
	ck_assert_uint_eq(sl->spawns, 2);
	ck_assert_int_eq(sup_exit_code(fx.s), 1);
	fx_end(&fx);
}
END_TEST

START_TEST(mkfs_without_whoami_is_a_failure)
{
	struct fixture fx;
	struct sup_slot *sl;

	fx_start(&fx, "badmkfs", 1, 1000);
	fx_run(&fx, NULL, 20);
	sl = sup_slot_at(fx.s, 0);
	ck_assert_int_eq(sl->phase, SUP_SLOT_FAILED);
	ck_assert_int_eq(sl->osd_id, -1);
	ck_assert_uint_eq(sl->spawns, 3);      /* only mkfs, crash_limit times */
	fx_end(&fx);
}
END_TEST

static int
up_again(struct sup *s)
{
	struct sup_slot *sl = sup_slot_at(s, 0);

	return sl->phase == SUP_SLOT_RUN && sl->state == SUP_CHAN_UP && sl->epoch == 6;
}

START_TEST(killed_child_is_respawned)
{
	struct fixture fx;
	struct sup_slot *sl;

	fx_start(&fx, "crashonce", 1, 1000);
	fx_run(&fx, up_again, 20);
	sl = sup_slot_at(fx.s, 0);
	ck_assert_uint_eq(sl->spawns, 3);      /* mkfs, killed, respawned */
	ck_assert_uint_eq(sl->fails, 1);
	ck_assert_uint_eq(sl->crashes.n, 1);
	sup_stop(fx.s);
	fx_run(&fx, NULL, 10);
	ck_assert_int_eq(sup_exit_code(fx.s), 0);
	fx_end(&fx);
}
END_TEST

START_TEST(stop_escalates_to_sigkill)
{
	struct fixture fx;
	uint64_t t0;

	fx_start(&fx, "stubborn", 1, 300);
	fx_run(&fx, is_ready, 20);
	t0 = now_ms();
	sup_stop(fx.s);
	fx_run(&fx, NULL, 10);
	ck_assert_uint_ge(now_ms() - t0, 250);   /* libevent may round down a little */
	ck_assert(no_child(fx.s));
	ck_assert_int_eq(sup_exit_code(fx.s), 0);
	fx_end(&fx);
}
END_TEST

static int
two_slots_ready(struct sup *s)
{
	return sup_slot_count(s) == 2 && sup_slot_at(s, 1)->state == SUP_CHAN_UP &&
	       sup_slot_at(s, 1)->phase == SUP_SLOT_RUN;
}

static int
one_slot(struct sup *s)
{
	return sup_slot_count(s) == 1;
}

START_TEST(reload_changes_the_count)
{
	struct fixture fx;
	pid_t p0;

	fx_start(&fx, "up", 1, 2000);
	fx_run(&fx, is_ready, 20);
	p0 = sup_slot_at(fx.s, 0)->pid;
	reload_osds = 2;
	sup_reload(fx.s);
	fx_run(&fx, two_slots_ready, 20);
	ck_assert_int_eq(sup_slot_at(fx.s, 0)->pid, p0);        /* untouched */
	reload_osds = 1;
	sup_reload(fx.s);
	ck_assert_int_eq(sup_slot_at(fx.s, 1)->phase, SUP_SLOT_RETIRED);
	fx_run(&fx, one_slot, 20);
	ck_assert_int_eq(sup_slot_at(fx.s, 0)->pid, p0);
	ck_assert_int_eq(sup_conf(fx.s)->osds, 1);
	sup_stop(fx.s);
	fx_run(&fx, NULL, 10);
	fx_end(&fx);
}
END_TEST

static Suite *
sup_suite(void)
{
	Suite *s = suite_create("supervisor");
	TCase *t = tcase_create("mechanics");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, backoff_doubles_to_the_cap);
	tcase_add_test(t, crash_loop_limit_and_window);
	tcase_add_test(t, exit_descriptions);
	tcase_add_test(t, affinity_pick_and_sysfs);
	tcase_add_test(t, affinity_apply_pins);
	tcase_add_test(t, plan_from_config);
	tcase_add_test(t, whoami_from_data_dir);
	tcase_add_test(t, channel_format_and_parse);
	tcase_add_test(t, channel_child_side);
	tcase_add_test(t, channel_fd_rejects_bad_env);
	tcase_add_test(t, channel_fd_rejects_closed_fd);
	tcase_add_test(t, status_lines);
	suite_add_tcase(s, t);

	t = tcase_create("children");
	tcase_set_timeout(t, 60);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, spawn_mkfs_up_and_stop);
	tcase_add_test(t, crash_loop_gives_up);
	tcase_add_test(t, fatal_exit_is_not_respawned);
	tcase_add_test(t, mkfs_without_whoami_is_a_failure);
	tcase_add_test(t, killed_child_is_respawned);
	tcase_add_test(t, stop_escalates_to_sigkill);
	tcase_add_test(t, reload_changes_the_count);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	SRunner *r = srunner_create(sup_suite());
	int failed;

	srunner_run_all(r, CK_ENV);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
