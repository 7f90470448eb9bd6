/*
 * sup_status.c — the supervisor's status file and `osdfarm status`
 * (see sup_status.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "common/cephconf.h"
#include "common/conf.h"
#include "common/mem.h"
#include "common/sup_channel.h"
#include "supervisor/sup_int.h"
#include "supervisor/sup_status.h"

#define STATUS_MAGIC "osdfarm-status 1"
/* A status file is a few lines per slot; anything bigger is not ours. */
#define STATUS_MAX_BYTES (64 * 1024)
/* A `perf dump osd op` reply is tiny; refuse big ones. */
#define ASOK_REPLY_MAX (1 << 20)

int
sup_status_path(const char *run_dir, const char *cluster, char *buf, size_t sz)
{
	int n = snprintf(buf, sz, "%s/osdfarm.%s.status", run_dir, cluster);

	return n < 0 || (size_t)n >= sz ? -ENAMETOOLONG : 0;
}

/* ---- writer (the supervisor) ---- */

int
sup_status_write(const struct sup *s)
{
	char path[4096], tmp[4096 + 8];
	struct timespec mono, wall;
	FILE *f;
	int r;

	if ((r = sup_status_path(s->conf.run_dir, s->conf.cluster, path, sizeof(path))) < 0)
		return r;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "we");
	if (f == NULL)
		return -errno;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &wall);
	fprintf(f, STATUS_MAGIC " %d\n", (int)getpid());
	for (unsigned i = 0; i < s->nslots; i++) {
		const struct sup_slot *sl = s->slots[i];
		uint64_t now_ms = (uint64_t)mono.tv_sec * 1000 + (uint64_t)mono.tv_nsec / 1000000;
		/* started_ms is monotonic: shown as the wall-clock time it stands for */
		int64_t start = sl->pid > 0 ?
			(int64_t)wall.tv_sec - (int64_t)((now_ms - sl->started_ms) / 1000) : 0;
		unsigned restarts = sl->osd_spawns > 0 ? sl->osd_spawns - 1 : 0;

		if (sl->phase == SUP_SLOT_RETIRED)
			continue;
		fprintf(f, "slot %u %d %d %d %s %s %" PRId64 " %u\n", sl->index, (int)sl->osd_id,
			sl->pid > 0 ? (int)sl->pid : -1, sl->cpu, sup_slot_phase_name(sl->phase),
			sup_chan_state_name(sl->state), start, restarts);
	}
	if (fflush(f) != 0 || ferror(f)) {
		r = -errno;
		fclose(f);
		unlink(tmp);
		return r ? r : -EIO;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		r = -errno;
		unlink(tmp);
		return r;
	}
	return 0;
}

void
sup_status_remove(const struct sup *s)
{
	char path[4096];

	if (sup_status_path(s->conf.run_dir, s->conf.cluster, path, sizeof(path)) == 0)
		unlink(path);
}

/* ---- reader ---- */

static int
word_ok(const char *w)
{
	for (; *w; w++)
		if ((*w < 'a' || *w > 'z') && *w != '?')
			return 0;
	return 1;
}

int
sup_status_parse(const char *text, size_t len, struct sup_status *st)
{
	char *copy, *line, *save = NULL;
	unsigned cap = 0;
	int first = 1, r = 0;

	memset(st, 0, sizeof(*st));
	if (len > STATUS_MAX_BYTES || memchr(text, 0, len))
		return -EINVAL;
	copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = 0;
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct sup_status_slot sl;
		long long start;
		int n = 0;

		if (first) {
			if (sscanf(line, STATUS_MAGIC " %d%n", &st->sup_pid, &n) != 1 ||
			    line[n] != 0 || st->sup_pid <= 0) {
				r = -EINVAL;
				break;
			}
			first = 0;
			continue;
		}
		memset(&sl, 0, sizeof(sl));
		if (sscanf(line, "slot %u %" SCNd32 " %d %d %15s %15s %lld %u%n", &sl.index,
			   &sl.osd_id, &sl.pid, &sl.cpu, sl.phase, sl.state, &start, &sl.restarts,
			   &n) != 8 || line[n] != 0 || sl.osd_id < -1 || sl.pid < -1 || sl.cpu < -1 ||
		    !word_ok(sl.phase) || !word_ok(sl.state) || start < 0 ||
		    st->n >= CONF_MAX_OSDS) {
			r = -EINVAL;
			break;
		}
		sl.start = start;
		if (st->n == cap) {
			cap = cap ? cap * 2 : 8;
			st->slots = xreallocarray(st->slots, cap, sizeof(*st->slots));
		}
		st->slots[st->n++] = sl;
	}
	if (first)
		r = -EINVAL;
	free(copy);
	if (r < 0)
		sup_status_release(st);
	return r;
}

int
sup_status_read(const char *path, struct sup_status *st)
{
	char buf[STATUS_MAX_BYTES + 1];
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), r;

	memset(st, 0, sizeof(*st));
	if (fd < 0)
		return -errno;
	while (len < sizeof(buf) && (n = read(fd, buf + len, sizeof(buf) - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			close(fd);
			return r;
		}
		len += (size_t)n;
	}
	close(fd);
	return sup_status_parse(buf, len, st);
}

void
sup_status_release(struct sup_status *st)
{
	free(st->slots);
	memset(st, 0, sizeof(*st));
}

/* ---- the admin socket client ---- */

/* Wait for fd to be ready for ev; -ETIMEDOUT after ms. */
static int
wait_fd(int fd, short ev, unsigned ms)
{
	struct pollfd pfd = { .fd = fd, .events = ev };
	int n;

	while ((n = poll(&pfd, 1, (int)ms)) < 0 && errno == EINTR)
		;
	if (n < 0)
		return -errno;
	return n == 0 ? -ETIMEDOUT : 0;
}

static int
io_all(int fd, void *p, size_t len, int wr, unsigned ms)
{
	size_t done = 0;
	ssize_t n;
	int r;

	while (done < len) {
		if ((r = wait_fd(fd, wr ? POLLOUT : POLLIN, ms)) < 0)
			return r;
		n = wr ? send(fd, (char *)p + done, len - done, MSG_NOSIGNAL) :
			 recv(fd, (char *)p + done, len - done, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EPROTO;         /* closed early */
		done += (size_t)n;
	}
	return 0;
}

/* The number after "counter": inside the object of "logger": in a perf dump reply. */
static int
find_counter(const char *json, const char *logger, const char *counter, uint64_t *out)
{
	char key[128];
	const char *p;
	char *end;
	unsigned long long v;

	snprintf(key, sizeof(key), "\"%s\"", logger);
	if ((p = strstr(json, key)) == NULL)
		return -ENOENT;
	snprintf(key, sizeof(key), "\"%s\"", counter);
	if ((p = strstr(p + 1, key)) == NULL)
		return -ENOENT;
	p += strlen(key);
	while (*p == ' ' || *p == ':' || *p == '\n' || *p == '\t')
		p++;
	if (*p < '0' || *p > '9')
		return -EPROTO;
	errno = 0;
	v = strtoull(p, &end, 10);
	if (errno || end == p)
		return -EPROTO;
	*out = v;
	return 0;
}

int
sup_asok_counter(const char *path, const char *logger, const char *counter,
		 unsigned timeout_ms, uint64_t *out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char req[256];
	uint8_t lenb[4];
	uint32_t len;
	char *reply;
	int fd, r, n;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	n = snprintf(req, sizeof(req), "{\"prefix\": \"perf dump\", \"logger\": \"%s\", "
		     "\"counter\": \"%s\"}", logger, counter);
	if (n < 0 || (size_t)n >= sizeof(req))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 && errno != EINPROGRESS) {
		r = -errno;
		goto out;
	}
	/* the request ends at its NUL (common/asok.h) */
	if ((r = io_all(fd, req, (size_t)n + 1, 1, timeout_ms)) < 0 ||
	    (r = io_all(fd, lenb, 4, 0, timeout_ms)) < 0)
		goto out;
	len = (uint32_t)lenb[0] << 24 | (uint32_t)lenb[1] << 16 | (uint32_t)lenb[2] << 8 | lenb[3];
	if (len > ASOK_REPLY_MAX) {
		r = -EPROTO;
		goto out;
	}
	reply = xmalloc((size_t)len + 1);
	if ((r = io_all(fd, reply, len, 0, timeout_ms)) == 0) {
		reply[len] = 0;
		r = find_counter(reply, logger, counter, out);
	}
	free(reply);
out:
	close(fd);
	return r;
}

/* ---- osdfarm status ---- */

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
fmt_uptime(int64_t secs, char *buf, size_t sz)
{
	if (secs < 0)
		secs = 0;
	if (secs >= 86400)
		snprintf(buf, sz, "%" PRId64 "d%02" PRId64 "h", secs / 86400, secs % 86400 / 3600);
	else if (secs >= 3600)
		snprintf(buf, sz, "%" PRId64 "h%02" PRId64 "m", secs / 3600, secs % 3600 / 60);
	else if (secs >= 60)
		snprintf(buf, sz, "%" PRId64 "m%02" PRId64 "s", secs / 60, secs % 60);
	else
		snprintf(buf, sz, "%" PRId64 "s", secs);
}

/* The admin socket path the OSD uses: ceph.conf's admin_socket for osd.N. */
static char *
asok_path_for(const struct cephconf *cc, int32_t id)
{
	char ent[32], *path = NULL;

	snprintf(ent, sizeof(ent), "osd.%d", (int)id);
	if (cephconf_get(cc, ent, "admin_socket", &path) < 0 || path == NULL || !path[0]) {
		free(path);
		return NULL;
	}
	return path;
}

int
sup_status_cli(const struct conf_farm *conf, FILE *f)
{
	struct sup_status st;
	struct cephconf *cc;
	char path[4096], err[256], up[32], ops[32];
	char **socks;
	uint64_t *c0, c1, *t0, t1;
	int *have;
	struct timespec now;
	int r;

	if (sup_status_path(conf->run_dir, conf->cluster, path, sizeof(path)) < 0) {
		fprintf(stderr, "osdfarm: run_dir too long\n");
		return 1;
	}
	if ((r = sup_status_read(path, &st)) < 0) {
		if (r == -ENOENT)
			fprintf(stderr, "osdfarm: no supervisor status at %s (is osdfarm running "
				"with this run_dir?)\n", path);
		else
			fprintf(stderr, "osdfarm: cannot read %s: %s\n", path, strerror(-r));
		return 1;
	}
	if (kill(st.sup_pid, 0) < 0 && errno == ESRCH) {
		fprintf(stderr, "osdfarm: the supervisor (pid %d) of %s is not running\n",
			st.sup_pid, path);
		sup_status_release(&st);
		return 1;
	}
	cc = cephconf_new(conf->cluster);
	err[0] = 0;
	if (cephconf_load_file(cc, conf->ceph_conf, err, sizeof(err)) < 0)
		fprintf(stderr, "osdfarm: %s (admin sockets at their defaults)\n",
			err[0] ? err : conf->ceph_conf);

	/* the op counter of every running OSD, twice, a second apart */
	socks = xcalloc(st.n + 1, sizeof(*socks));
	c0 = xcalloc(st.n + 1, sizeof(*c0));
	t0 = xcalloc(st.n + 1, sizeof(*t0));
	have = xcalloc(st.n + 1, sizeof(*have));
	for (unsigned i = 0; i < st.n; i++) {
		const struct sup_status_slot *sl = &st.slots[i];

		if (sl->pid <= 0 || sl->osd_id < 0 || strcmp(sl->phase, "running") != 0)
			continue;
		socks[i] = asok_path_for(cc, sl->osd_id);
		if (socks[i] && sup_asok_counter(socks[i], "osd", "op", 2000, &c0[i]) == 0) {
			have[i] = 1;
			t0[i] = mono_ms();
		}
	}
	for (unsigned i = 0; i < st.n; i++) {
		if (have[i]) {
			sleep(1);
			break;
		}
	}

	clock_gettime(CLOCK_REALTIME, &now);
	fprintf(f, "%-5s %-6s %-8s %-4s %-9s %-8s %-8s %s\n", "SLOT", "OSD", "PID", "CPU",
		"STATE", "UPTIME", "RESTARTS", "OPS/S");
	for (unsigned i = 0; i < st.n; i++) {
		const struct sup_status_slot *sl = &st.slots[i];
		char id[16], pid[16], cpu[16];
		/* a running OSD shows its channel state; otherwise the slot's phase */
		const char *state = strcmp(sl->phase, "running") == 0 ? sl->state : sl->phase;

		snprintf(id, sizeof(id), sl->osd_id >= 0 ? "osd.%d" : "-", (int)sl->osd_id);
		snprintf(pid, sizeof(pid), sl->pid > 0 ? "%d" : "-", sl->pid);
		snprintf(cpu, sizeof(cpu), sl->cpu >= 0 ? "%d" : "-", sl->cpu);
		if (sl->pid > 0)
			fmt_uptime((int64_t)now.tv_sec - sl->start, up, sizeof(up));
		else
			snprintf(up, sizeof(up), "-");
		if (have[i] && sup_asok_counter(socks[i], "osd", "op", 2000, &c1) == 0 &&
		    (t1 = mono_ms()) > t0[i])
			/* a restarted OSD counts from 0 again */
			snprintf(ops, sizeof(ops), "%.1f",
				 c1 >= c0[i] ? (double)(c1 - c0[i]) * 1000.0 / (double)(t1 - t0[i]) :
				 0.0);
		else
			snprintf(ops, sizeof(ops), "-");
		fprintf(f, "%-5u %-6s %-8s %-4s %-9s %-8s %-8u %s\n", sl->index, id, pid, cpu,
			state, up, sl->restarts, ops);
	}
	for (unsigned i = 0; i < st.n; i++)
		free(socks[i]);
	free(socks);
	free(c0);
	free(t0);
	free(have);
	cephconf_free(cc);
	sup_status_release(&st);
	return 0;
}
