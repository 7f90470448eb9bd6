/*
 * sup.c — slots and their children: spawn (fork, pin, exec), reap, respawn
 * with backoff, the crash-loop limit, graceful stop and reload (sup.h).
 *
 * The child between fork and exec runs only simple system calls on memory
 * prepared by the parent (argv, envp), as the supervisor is single-threaded.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/log.h"
#include "common/mem.h"
#include "supervisor/sup_affinity.h"
#include "supervisor/sup_int.h"
#include "supervisor/sup_plan.h"
#include "supervisor/sup_status.h"

extern char **environ;

static void slot_start(struct sup_slot *sl);

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
arm_ms(struct event *ev, unsigned ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	evtimer_add(ev, &tv);
}

static const char *const phase_names[] = {
	[SUP_SLOT_IDLE] = "idle",
	[SUP_SLOT_MKFS] = "mkfs",
	[SUP_SLOT_RUN] = "running",
	[SUP_SLOT_BACKOFF] = "backoff",
	[SUP_SLOT_FAILED] = "failed",
	[SUP_SLOT_RETIRED] = "retired",
};

const char *
sup_slot_phase_name(enum sup_slot_phase p)
{
	if ((unsigned)p >= sizeof(phase_names) / sizeof(phase_names[0]))
		return "?";
	return phase_names[p];
}

/* "osd.3 (slot 2)" or "slot 2" while the id is unknown. */
static const char *
slot_name(const struct sup_slot *sl, char *buf, size_t sz)
{
	if (sl->osd_id >= 0)
		snprintf(buf, sz, "osd.%d (slot %u)", sl->osd_id, sl->index);
	else
		snprintf(buf, sz, "slot %u", sl->index);
	return buf;
}

static void
finish(struct sup *s)
{
	if (s->done)
		return;
	s->done = 1;
	event_base_loopbreak(s->base);
}

/* ---- building the child's command line and environment ---- */

struct strv {
	char **v;
	unsigned n, cap;
};

static void
strv_add(struct strv *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
strv_add(struct strv *a, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	if (a->n + 2 > a->cap) {
		a->cap = a->cap ? a->cap * 2 : 16;
		a->v = xreallocarray(a->v, a->cap, sizeof(char *));
	}
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	a->v[a->n++] = p;
	a->v[a->n] = NULL;
}

static void
strv_free(struct strv *a)
{
	unsigned i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/*
 * mkfs:  osdfarm-osd --mkfs [-i ID] -c CEPH_CONF --cluster NAME --osd-data DIR
 * run:   osdfarm-osd -f -i ID -c CEPH_CONF --cluster NAME --osd-data DIR
 * plus the debug levels osdfarm.conf sets and the memstore size, as
 * ceph.conf-style overrides (--debug-ms 5).
 */
static void
child_argv(struct sup *s, struct sup_slot *sl, int mkfs, struct strv *a)
{
	const struct conf_farm *c = &s->conf;
	int i;

	strv_add(a, "%s", s->osd_bin);
	if (mkfs) {
		strv_add(a, "--mkfs");
		if (sl->want_id >= 0) {
			strv_add(a, "-i");
			strv_add(a, "%d", sl->want_id);
		}
	} else {
		strv_add(a, "-f");
		strv_add(a, "-i");
		strv_add(a, "%d", sl->osd_id);
	}
	strv_add(a, "-c");
	strv_add(a, "%s", c->ceph_conf);
	strv_add(a, "--cluster");
	strv_add(a, "%s", c->cluster);
	strv_add(a, "--osd-data");
	strv_add(a, "%s", sl->data_dir);
	for (i = 0; i < LOG_SUBSYS_MAX; i++) {
		if (c->log.levels[i] < 0)
			continue;
		strv_add(a, "--debug-%s", log_subsys_name((enum log_subsys)i));
		strv_add(a, "%d", c->log.levels[i]);
	}
	strv_add(a, "--memstore-device-bytes");
	strv_add(a, "%llu", (unsigned long long)c->memstore_size);
}

/* Our environment minus what belongs to us (systemd's notify socket and
 * watchdog, socket activation), plus the status channel and slot. */
static void
child_envp(struct sup_slot *sl, struct strv *a)
{
	static const char *const drop[] = {
		"NOTIFY_SOCKET=", "WATCHDOG_USEC=", "WATCHDOG_PID=", "LISTEN_FDS=",
		"LISTEN_PID=", "LISTEN_FDNAMES=", SUP_CHANNEL_ENV "=", "OSDFARM_SLOT=",
	};
	char **e;
	unsigned i;

	for (e = environ; e && *e; e++) {
		for (i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
			if (strncmp(*e, drop[i], strlen(drop[i])) == 0)
				break;
		if (i == sizeof(drop) / sizeof(drop[0]))
			strv_add(a, "%s", *e);
	}
	strv_add(a, "%s=%d", SUP_CHANNEL_ENV, SUP_CHILD_FD);
	strv_add(a, "OSDFARM_SLOT=%u", sl->index);
}

static void
child_msg(const char *what, int err)
{
	char buf[256];
	int n = snprintf(buf, sizeof(buf), "osdfarm: child %d: %s: %s\n", (int)getpid(),
			 what, strerror(err));

	if (n > 0 && write(2, buf, (size_t)n) < 0)
		return;
}

/* In the child: detach from the supervisor's signal handling, pin, wire
 * fd 3 to the channel, exec. Never returns. */
static void __attribute__((noreturn))
child_exec(struct sup *s, struct sup_slot *sl, int chan, pid_t parent, char **argv,
	   char **envp)
{
	sigset_t none;
	unsigned i;
	int r;

	for (i = 0; i < sup_nsignals; i++)
		signal(sup_signals[i], SIG_DFL);
	/* reload and log-reopen are forwarded: an OSD that does not handle
	 * them must survive them (an ignored signal stays ignored over exec;
	 * a handler the OSD installs replaces this) */
	signal(SIGHUP, SIG_IGN);
	signal(SIGUSR1, SIG_IGN);
	/* never outlive the supervisor; it may have died before prctl */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 || getppid() != parent)
		_exit(1);
	r = sup_affinity_apply(sl->cpu, s->multi_node ? sl->node : -1);
	if (r < 0)
		child_msg("cpu affinity / memory policy", -r);
	if (chan == SUP_CHILD_FD) {
		if (fcntl(chan, F_SETFD, 0) == -1)
			_exit(1);
	} else if (dup2(chan, SUP_CHILD_FD) == -1) {
		child_msg("dup2", errno);
		_exit(1);
	}
	/* the other children's channels, the event base, the pidfile ... */
	if (close_range(SUP_CHILD_FD + 1, ~0U, 0) == -1) {
		long fd, max = sysconf(_SC_OPEN_MAX);

		for (fd = SUP_CHILD_FD + 1; fd < (max > 0 && max < 65536 ? max : 65536); fd++)
			close((int)fd);
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve(argv[0], argv, envp);
	child_msg(argv[0], errno);
	_exit(127);
}

/* ---- the status channel ---- */

static void
close_chan(struct sup_slot *sl)
{
	if (sl->chan_ev) {
		event_free(sl->chan_ev);
		sl->chan_ev = NULL;
	}
	if (sl->chan_fd >= 0) {
		close(sl->chan_fd);
		sl->chan_fd = -1;
	}
}

static void
chan_cb(evutil_socket_t fd, short what, void *arg)
{
	struct sup_slot *sl = arg;
	char buf[SUP_CHANNEL_MSG_MAX + 1], name[48];
	enum sup_chan_state st;
	uint32_t ep;
	ssize_t n;

	for (;;) {
		/* MSG_TRUNC: the real length, so an oversized packet is refused
		 * rather than parsed truncated */
		n = recv(fd, buf, sizeof(buf), MSG_TRUNC);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				close_chan(sl);
			break;
		}
		if (n == 0) {
			close_chan(sl);         /* the child is gone; reaping follows */
			break;
		}
		if ((size_t)n > sizeof(buf) ||
		    sup_channel_parse(buf, (size_t)n, &st, &ep) < 0) {
			log_debug(LOG_SUP, 1, "%s: bad status packet (%zd bytes) ignored",
				  slot_name(sl, name, sizeof(name)), n);
			continue;
		}
		if (sl->phase != SUP_SLOT_RUN)
			continue;               /* mkfs has nothing to say */
		if (st != sl->state)
			log_info(LOG_SUP, "%s: %s in osdmap e%u", slot_name(sl, name, sizeof(name)),
				 sup_chan_state_name(st), ep);
		sl->state = st;
		sl->epoch = ep;
	}
	sup_notify_update(sl->sup);
}

/* ---- spawn ---- */

/* Start the slot's child: mkfs when the data dir is not an OSD yet. */
static int
slot_spawn(struct sup_slot *sl)
{
	struct sup *s = sl->sup;
	struct strv argv = { 0 }, envp = { 0 };
	sigset_t all, old;
	char name[48];
	int sv[2], mkfs, r, saved;
	int32_t id;
	pid_t pid, self = getpid();

	r = sup_read_whoami(sl->data_dir, &id);
	if (r == 0) {
		if (sl->want_id >= 0 && id != sl->want_id) {
			log_error(LOG_SUP, "slot %u: %s holds osd.%d but osd_ids wants osd.%d",
				  sl->index, sl->data_dir, id, sl->want_id);
			return -EINVAL;
		}
		sl->osd_id = id;
		mkfs = 0;
	} else if (r == -ENOENT) {
		mkfs = 1;
	} else {
		log_error(LOG_SUP, "slot %u: cannot read the OSD id in %s: %s", sl->index,
			  sl->data_dir, strerror(-r));
		return r;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv) == -1) {
		r = -errno;
		log_error(LOG_SUP, "slot %u: socketpair: %s", sl->index, strerror(errno));
		return r;
	}
	child_argv(s, sl, mkfs, &argv);
	child_envp(sl, &envp);

	/* no signal handler of ours may run in the child before exec */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pid = fork();
	if (pid == 0)
		child_exec(s, sl, sv[1], self, argv.v, envp.v);
	saved = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	strv_free(&argv);
	strv_free(&envp);
	close(sv[1]);
	if (pid == -1) {
		close(sv[0]);
		log_error(LOG_SUP, "slot %u: fork: %s", sl->index, strerror(saved));
		return -saved;
	}
	sl->pid = pid;
	sl->phase = mkfs ? SUP_SLOT_MKFS : SUP_SLOT_RUN;
	sl->started_ms = now_ms();
	sl->state = SUP_CHAN_BOOTING;
	sl->epoch = 0;
	sl->spawns++;
	if (!mkfs)
		sl->osd_spawns++;
	sl->chan_fd = sv[0];
	sl->chan_ev = event_new(s->base, sv[0], EV_READ | EV_PERSIST, chan_cb, sl);
	event_add(sl->chan_ev, NULL);
	log_info(LOG_SUP, "%s: started %s%s (pid %d, cpu %d)", slot_name(sl, name, sizeof(name)),
		 s->osd_bin, mkfs ? " --mkfs" : "", (int)pid, sl->cpu);
	return 0;
}

/* Everything but a stop ends here: respawn later, or give the slot up. */
static void
slot_failure(struct sup_slot *sl, int fatal, uint64_t ran_ms)
{
	struct sup *s = sl->sup;
	struct sup_counts c;
	char name[48];
	unsigned delay;

	slot_name(sl, name, sizeof(name));
	if (ran_ms >= (uint64_t)s->policy.crash_window_s * 1000)
		sl->fails = 0;          /* it ran fine for a while: start over */
	sl->fails++;
	if (fatal) {
		log_error(LOG_SUP, "%s: fatal exit; not respawning it", name);
		sl->phase = SUP_SLOT_FAILED;
	} else if (sup_crashlog_add(&sl->crashes, &s->policy, now_ms())) {
		log_error(LOG_SUP, "%s: crash loop (%u exits within %u s); not respawning it",
			  name, s->policy.crash_limit, s->policy.crash_window_s);
		sl->phase = SUP_SLOT_FAILED;
	} else {
		delay = sup_backoff_ms(&s->policy, sl->fails);
		log_info(LOG_SUP, "%s: respawning in %u ms", name, delay);
		sl->phase = SUP_SLOT_BACKOFF;
		arm_ms(sl->respawn_ev, delay);
	}
	sup_notify_update(s);
	sup_count(s, &c);
	if (c.total && c.failed == c.total) {
		log_error(LOG_SUP, "every OSD slot failed; giving up");
		s->exit_code = 1;
		finish(s);
	}
}

static void
slot_start(struct sup_slot *sl)
{
	if (sl->sup->stopping)
		return;
	if (slot_spawn(sl) < 0)
		slot_failure(sl, 0, 0);
	else
		sup_notify_update(sl->sup);
}

static void
respawn_cb(evutil_socket_t fd, short what, void *arg)
{
	struct sup_slot *sl = arg;

	if (sl->phase == SUP_SLOT_BACKOFF)
		slot_start(sl);
}

static struct sup_slot *
slot_new(struct sup *s, unsigned index, const struct sup_slot_plan *p)
{
	struct sup_slot *sl = xcalloc(1, sizeof(*sl));

	sl->sup = s;
	sl->index = index;
	sl->cpu = p->cpu;
	sl->node = s->multi_node ? sup_affinity_cpu_node(s->sysroot, p->cpu) : -1;
	sl->want_id = p->want_id;
	sl->osd_id = -1;
	sl->data_dir = xstrdup(p->data_dir);
	sl->chan_fd = -1;
	sl->respawn_ev = evtimer_new(s->base, respawn_cb, sl);
	return sl;
}

static void
slot_free(struct sup_slot *sl)
{
	close_chan(sl);
	event_free(sl->respawn_ev);
	sup_crashlog_clear(&sl->crashes);
	free(sl->data_dir);
	free(sl);
}

/* ---- reaping ---- */

static void
slot_exited(struct sup_slot *sl, int status)
{
	struct sup *s = sl->sup;
	enum sup_slot_phase was = sl->phase;
	uint64_t ran = now_ms() - sl->started_ms;
	pid_t pid = sl->pid;
	char why[96], name[48];
	int fatal;
	int32_t id;

	fatal = sup_describe_exit(status, why, sizeof(why));
	slot_name(sl, name, sizeof(name));
	/* a last report may still sit in the channel; it no longer matters */
	close_chan(sl);
	sl->pid = 0;
	sl->state = SUP_CHAN_STOPPED;
	if (was == SUP_SLOT_RETIRED) {
		log_info(LOG_SUP, "%s %s (removed by reload)", name, why);
		while (s->nslots && s->slots[s->nslots - 1]->phase == SUP_SLOT_RETIRED &&
		       !s->slots[s->nslots - 1]->pid)
			slot_free(s->slots[--s->nslots]);
		return;
	}
	if (s->stopping) {
		log_info(LOG_SUP, "%s %s", name, why);
		sl->phase = SUP_SLOT_IDLE;
		return;
	}
	if (was == SUP_SLOT_MKFS && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		if (sup_read_whoami(sl->data_dir, &id) == 0) {
			sl->osd_id = id;
			log_info(LOG_SUP, "slot %u: mkfs made osd.%d in %s", sl->index, id,
				 sl->data_dir);
			sl->phase = SUP_SLOT_IDLE;
			slot_start(sl);
			return;
		}
		snprintf(why, sizeof(why), "finished mkfs without a whoami in the data dir");
	}
	log_error(LOG_SUP, "%s%s (pid %d) %s after %llu ms", name,
		  was == SUP_SLOT_MKFS ? " mkfs" : "", (int)pid, why, (unsigned long long)ran);
	slot_failure(sl, fatal, ran);
}

void
sup_reap(struct sup *s)
{
	struct sup_counts c;
	unsigned i;
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < s->nslots; i++)
			if (s->slots[i]->pid == pid)
				break;
		if (i == s->nslots) {
			log_debug(LOG_SUP, 1, "reaped unknown child %d", (int)pid);
			continue;
		}
		slot_exited(s->slots[i], status);
	}
	sup_notify_update(s);
	sup_count(s, &c);
	if (s->stopping && c.running == 0) {
		if (s->stop_ev)
			evtimer_del(s->stop_ev);
		log_info(LOG_SUP, "every OSD stopped");
		finish(s);
	}
}

/* ---- stop, reload, signals ---- */

void
sup_forward_signal(struct sup *s, int sig)
{
	unsigned i;

	for (i = 0; i < s->nslots; i++)
		if (s->slots[i]->pid > 0 && kill(s->slots[i]->pid, sig) == -1 && errno != ESRCH)
			log_error(LOG_SUP, "kill(%d, %d): %s", (int)s->slots[i]->pid, sig,
				  strerror(errno));
}

static void
stop_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct sup *s = arg;
	char name[48];
	unsigned i;

	for (i = 0; i < s->nslots; i++)
		if (s->slots[i]->pid > 0)
			log_error(LOG_SUP, "%s (pid %d) did not stop within %u ms; killing it",
				  slot_name(s->slots[i], name, sizeof(name)),
				  (int)s->slots[i]->pid, s->opt.stop_timeout_ms);
	sup_forward_signal(s, SIGKILL);
}

void
sup_stop(struct sup *s)
{
	struct sup_counts c;
	unsigned i;

	if (s->stopping) {
		log_info(LOG_SUP, "second stop request: killing the OSDs");
		sup_forward_signal(s, SIGKILL);
		return;
	}
	s->stopping = 1;
	sup_notify_stopping(s);
	for (i = 0; i < s->nslots; i++) {
		evtimer_del(s->slots[i]->respawn_ev);
		if (s->slots[i]->phase == SUP_SLOT_BACKOFF)
			s->slots[i]->phase = SUP_SLOT_IDLE;
	}
	sup_count(s, &c);
	log_info(LOG_SUP, "stopping %u OSD process%s", c.running, c.running == 1 ? "" : "es");
	if (c.running == 0) {
		finish(s);
		return;
	}
	sup_forward_signal(s, SIGTERM);
	arm_ms(s->stop_ev, s->opt.stop_timeout_ms);
	sup_notify_update(s);
}

/* Grow or shrink to n slots (SIGHUP with a new count). */
static void
resize(struct sup *s, const struct sup_slot_plan *plan, unsigned n)
{
	struct sup_slot *sl;
	unsigned i, old = s->nslots;
	char name[48];

	for (i = 0; i < s->nslots; i++)
		if (s->slots[i]->phase == SUP_SLOT_RETIRED) {
			log_error(LOG_SUP, "reload: slots removed by the last reload are still "
				  "stopping; the count stays %u", i);
			return;
		}
	if (n > old) {
		s->slots = xreallocarray(s->slots, n, sizeof(*s->slots));
		for (i = old; i < n; i++)
			s->slots[i] = slot_new(s, i, &plan[i]);
		s->nslots = n;
		log_info(LOG_SUP, "reload: %u -> %u OSD processes", old, n);
		for (i = old; i < n; i++)
			slot_start(s->slots[i]);
		return;
	}
	log_info(LOG_SUP, "reload: %u -> %u OSD processes", old, n);
	for (i = old; i-- > n;) {
		sl = s->slots[i];
		evtimer_del(sl->respawn_ev);
		if (sl->pid > 0) {
			log_info(LOG_SUP, "%s: stopping (removed)", slot_name(sl, name, sizeof(name)));
			sl->phase = SUP_SLOT_RETIRED;
			kill(sl->pid, SIGTERM);
		} else {
			slot_free(sl);
			s->nslots--;
		}
	}
}

void
sup_reload(struct sup *s)
{
	struct conf_farm nc;
	struct sup_slot_plan *plan = NULL;
	char err[512];
	int i, n;

	if (s->stopping || !s->opt.reload)
		return;
	sup_notify_reloading(s, 0);
	log_info(LOG_SUP, "SIGHUP: reloading the configuration");
	memset(&nc, 0, sizeof(nc));
	err[0] = 0;
	if (s->opt.reload(s->opt.reload_arg, &nc, err, sizeof(err)) < 0) {
		log_error(LOG_SUP, "reload failed, keeping the running configuration: %s", err);
		goto out;
	}
	n = sup_plan(&nc, s->opt.osds, s->allowed, s->nallowed, &plan, err, sizeof(err));
	if (n < 0) {
		log_error(LOG_SUP, "reload failed, keeping the running configuration: %s", err);
		conf_farm_free(&nc);
		goto out;
	}
	for (i = 0; i < LOG_SUBSYS_MAX; i++)
		log_levels[i] = 0;
	conf_farm_apply_log(&nc, NULL);
	s->policy.backoff_min_ms = nc.respawn.backoff_min_ms;
	s->policy.backoff_max_ms = nc.respawn.backoff_max_ms;
	s->policy.crash_limit = nc.respawn.crash_limit;
	s->policy.crash_window_s = nc.respawn.crash_window_s;
	if (nc.respawn.stop_timeout_s)
		s->opt.stop_timeout_ms = nc.respawn.stop_timeout_s * 1000;
	if (strcmp(nc.data_dir, s->conf.data_dir) || strcmp(nc.ceph_conf, s->conf.ceph_conf) ||
	    strcmp(nc.cluster, s->conf.cluster))
		log_error(LOG_SUP, "reload: cluster, ceph_conf and data_dir changes need a "
			  "restart; the running OSDs keep theirs");
	/* the running slots keep their paths; new ones follow the new file */
	free(nc.data_dir);
	nc.data_dir = xstrdup(s->conf.data_dir);
	free(nc.ceph_conf);
	nc.ceph_conf = xstrdup(s->conf.ceph_conf);
	free(nc.cluster);
	nc.cluster = xstrdup(s->conf.cluster);
	conf_farm_free(&s->conf);
	s->conf = nc;
	if ((unsigned)n != s->nslots)
		resize(s, plan, (unsigned)n);
	sup_plan_free(plan, (unsigned)n);
out:
	/* the OSDs re-read their own log levels */
	sup_forward_signal(s, SIGHUP);
	sup_notify_reloading(s, 1);
}

/* ---- life cycle ---- */

int
sup_new(struct event_base *base, struct conf_farm *conf, const struct sup_options *opt,
	struct sup **out, char *err, size_t errsz)
{
	struct sup_slot_plan *plan = NULL;
	struct sup *s;
	int n, i;

	s = xcalloc(1, sizeof(*s));
	s->base = base;
	s->conf = *conf;
	memset(conf, 0, sizeof(*conf));
	s->opt = *opt;
	s->osd_bin = xstrdup(opt->osd_bin);
	s->sysroot = xstrdup(opt->sysroot ? opt->sysroot : SUP_SYSFS_ROOT);
	s->opt.osd_bin = s->osd_bin;
	s->opt.sysroot = s->sysroot;
	if (!s->opt.stop_timeout_ms)
		s->opt.stop_timeout_ms = s->conf.respawn.stop_timeout_s ?
					 s->conf.respawn.stop_timeout_s * 1000 : 10000;
	s->policy.backoff_min_ms = s->conf.respawn.backoff_min_ms;
	s->policy.backoff_max_ms = s->conf.respawn.backoff_max_ms;
	s->policy.crash_limit = s->conf.respawn.crash_limit;
	s->policy.crash_window_s = s->conf.respawn.crash_window_s;
	s->allowed = xcalloc(CPU_SETSIZE, sizeof(int));
	n = sup_affinity_allowed(s->allowed, CPU_SETSIZE);
	s->nallowed = n > 0 ? (unsigned)n : 0;
	s->multi_node = sup_affinity_node_count(s->sysroot) > 1;
	s->stop_ev = evtimer_new(base, stop_timeout_cb, s);

	n = sup_plan(&s->conf, opt->osds, s->allowed, s->nallowed, &plan, err, errsz);
	if (n < 0) {
		sup_free(s);
		return n;
	}
	s->slots = xcalloc((size_t)n, sizeof(*s->slots));
	for (i = 0; i < n; i++)
		s->slots[i] = slot_new(s, (unsigned)i, &plan[i]);
	s->nslots = (unsigned)n;
	sup_plan_free(plan, (unsigned)n);
	*out = s;
	return 0;
}

int
sup_start(struct sup *s)
{
	unsigned i;
	int r;

	if ((r = sup_mkdir_p(s->conf.data_dir, 0750)) < 0) {
		log_error(LOG_SUP, "cannot create data_dir %s: %s", s->conf.data_dir, strerror(-r));
		return r;
	}
	if ((r = sup_signal_init(s)) < 0)
		return r;
	if ((r = sup_notify_init(s)) < 0)
		return r;
	log_info(LOG_SUP, "starting %u OSD process%s (%s)", s->nslots, s->nslots == 1 ? "" : "es",
		 s->osd_bin);
	for (i = 0; i < s->nslots; i++)
		slot_start(s->slots[i]);
	sup_notify_update(s);
	return 0;
}

int
sup_exit_code(const struct sup *s)
{
	return s->exit_code;
}

void
sup_free(struct sup *s)
{
	unsigned i;
	int status;

	if (!s)
		return;
	for (i = 0; i < s->nslots; i++) {
		if (s->slots[i]->pid > 0) {
			kill(s->slots[i]->pid, SIGKILL);
			while (waitpid(s->slots[i]->pid, &status, 0) == -1 && errno == EINTR)
				;
		}
		slot_free(s->slots[i]);
	}
	free(s->slots);
	sup_signal_free(s);
	sup_notify_free(s);
	if (s->opt.status_file)
		sup_status_remove(s);
	if (s->stop_ev)
		event_free(s->stop_ev);
	conf_farm_free(&s->conf);
	free(s->allowed);
	free(s->osd_bin);
	free(s->sysroot);
	free(s);
}

unsigned
sup_slot_count(const struct sup *s)
{
	return s->nslots;
}

struct sup_slot *
sup_slot_at(const struct sup *s, unsigned i)
{
	return i < s->nslots ? s->slots[i] : NULL;
}

struct event_base *
sup_base(const struct sup *s)
{
	return s->base;
}

int
sup_is_stopping(const struct sup *s)
{
	return s->stopping;
}

const struct conf_farm *
sup_conf(const struct sup *s)
{
	return &s->conf;
}
