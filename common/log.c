/*
 * log.c — per-subsystem logging to stderr, journald or a file (see log.h).
 *
 * One line per call, written with a single write() so that lines from the
 * several OSD processes sharing a file or a terminal do not interleave:
 *
 *   2026-11-25T02:40:19.123+0000 osd.3 ms 1 : text
 *
 * Level -1 is accepted too and means "error" (Ceph's derr prints -1): it is
 * always printed and goes to journald with priority LOG_ERR.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-journal.h>

#include "common/log.h"
#include "common/mem.h"

uint8_t log_levels[LOG_SUBSYS_MAX];

/* Longest line we format; longer messages are cut and end in "...". */
#define LOG_LINE_MAX 65536
#define LOG_LEVEL_MAX 30

static const char *const subsys_names[LOG_SUBSYS_MAX] = {
	[LOG_COMMON] = "common",
	[LOG_MS] = "ms",
	[LOG_MON] = "monc",
	[LOG_OSD] = "osd",
	[LOG_OS] = "os",
	[LOG_CRUSH] = "crush",
	[LOG_AUTHN] = "auth",
	[LOG_SUP] = "sup",
	[LOG_CONF] = "conf",
	[LOG_ASOK] = "asok",
};

/* Other spellings accepted on input: Ceph's debug_<subsys> names for the same thing. */
static const struct {
	const char *name;
	enum log_subsys subsys;
} subsys_aliases[] = {
	{ "context", LOG_COMMON },
	{ "mon", LOG_MON },
	{ "memstore", LOG_OS },
	{ "objectstore", LOG_OS },
	{ "supervisor", LOG_SUP },
	{ "config", LOG_CONF },
};

static struct {
	int initialised;        /* target chosen (explicitly or from the environment) */
	enum log_target target;
	int fd;                 /* LOG_TO_FILE: our file; otherwise unused */
	char *path;
	char ident[64];
} lg = { .fd = -1 };

int
log_subsys_by_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < LOG_SUBSYS_MAX; i++)
		if (strcmp(name, subsys_names[i]) == 0)
			return (int)i;
	for (i = 0; i < sizeof(subsys_aliases) / sizeof(subsys_aliases[0]); i++)
		if (strcmp(name, subsys_aliases[i].name) == 0)
			return (int)subsys_aliases[i].subsys;
	return -1;
}

const char *
log_subsys_name(enum log_subsys subsys)
{
	if ((unsigned)subsys >= LOG_SUBSYS_MAX)
		return "?";
	return subsys_names[subsys];
}

int
log_set_level(const char *subsys_name, int level)
{
	int s;

	if (subsys_name != NULL && strncmp(subsys_name, "debug_", 6) == 0)
		subsys_name += 6;
	s = log_subsys_by_name(subsys_name);
	if (s < 0 || level < 0 || level > LOG_LEVEL_MAX)
		return -EINVAL;
	log_levels[s] = (uint8_t)level;
	return 0;
}

void
log_set_ident(const char *ident)
{
	strlcpy(lg.ident, ident ? ident : "", sizeof(lg.ident));
}

/*
 * systemd sets JOURNAL_STREAM to "dev:ino" of the stream it connected to our
 * stderr; only when stderr is still that stream are we talking to journald
 * (a child whose stderr was redirected inherits the variable but not the
 * stream). See systemd.exec(5).
 */
static int
stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2)
		return 0;
	if (fstat(STDERR_FILENO, &st) < 0)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	       (unsigned long long)st.st_ino == ino;
}

static void
log_init_default(void)
{
	if (lg.initialised)
		return;
	lg.initialised = 1;
	lg.target = stderr_is_journal() ? LOG_TO_JOURNAL : LOG_TO_STDERR;
}

static int
open_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);

	return fd < 0 ? -errno : fd;
}

int
log_open(enum log_target target, const char *path)
{
	int fd;

	switch (target) {
	case LOG_TO_STDERR:
	case LOG_TO_JOURNAL:
		break;
	case LOG_TO_FILE:
		if (path == NULL || *path == '\0')
			return -EINVAL;
		fd = open_file(path);
		if (fd < 0)
			return fd;
		if (lg.fd >= 0)
			close(lg.fd);
		free(lg.path);
		lg.fd = fd;
		lg.path = xstrdup(path);
		break;
	default:
		return -EINVAL;
	}
	if (target != LOG_TO_FILE && lg.fd >= 0) {
		close(lg.fd);
		lg.fd = -1;
		free(lg.path);
		lg.path = NULL;
	}
	lg.target = target;
	lg.initialised = 1;
	return 0;
}

/*
 * Reopen the file after logrotate moved it (the daemon calls this from its
 * SIGUSR1 event, outside the signal handler). If the new open fails the old
 * descriptor stays, so logging goes on into the rotated file.
 */
int
log_reopen(void)
{
	int fd;

	if (lg.target != LOG_TO_FILE || lg.path == NULL)
		return 0;
	fd = open_file(lg.path);
	if (fd < 0)
		return fd;
	close(lg.fd);
	lg.fd = fd;
	return 0;
}

/* "2026-11-25T02:40:19.123+0000" */
static size_t
format_stamp(char *out, size_t outsz)
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(out, outsz, "%Y-%m-%dT%H:%M:%S", &tm);
	n += (size_t)snprintf(out + n, outsz - n, ".%03ld+0000",
			      ts.tv_nsec / 1000000);
	return n < outsz ? n : outsz - 1;
}

static const char *
ident(void)
{
	if (lg.ident[0] != '\0')
		return lg.ident;
	return program_invocation_short_name;
}

static void
write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return; /* nowhere left to report it */
		}
		p += n;
		len -= (size_t)n;
	}
}

static void
emit_journal(enum log_subsys subsys, int level, const char *msg)
{
	int prio = level < 0 ? LOG_ERR : level == 0 ? LOG_NOTICE : LOG_DEBUG;

	sd_journal_send("MESSAGE=%s", msg, "PRIORITY=%d", prio,
			"SYSLOG_IDENTIFIER=%s", ident(),
			"OSDFARM_SUBSYS=%s", log_subsys_name(subsys),
			"OSDFARM_LEVEL=%d", level, NULL);
}

void
log_emit(enum log_subsys subsys, int level, const char *fmt, ...)
{
	char stack[1024], *msg = stack, head[160];
	size_t hlen;
	va_list ap;
	int n;

	log_init_default();

	va_start(ap, fmt);
	n = vsnprintf(stack, sizeof(stack), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(stack)) {
		size_t sz = (size_t)n + 1 > LOG_LINE_MAX ? LOG_LINE_MAX : (size_t)n + 1;

		msg = xmalloc(sz);
		va_start(ap, fmt);
		vsnprintf(msg, sz, fmt, ap);
		va_end(ap);
		if ((size_t)n >= sz)
			memcpy(msg + sz - 4, "...", 4);
	}
	/* One trailing newline is ours to add; drop the caller's. */
	n = (int)strlen(msg);
	if (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';

	if (lg.target == LOG_TO_JOURNAL) {
		emit_journal(subsys, level, msg);
	} else {
		char *line;
		size_t len;

		hlen = format_stamp(head, sizeof(head));
		hlen += (size_t)snprintf(head + hlen, sizeof(head) - hlen,
					 " %s %s %d : ", ident(),
					 log_subsys_name(subsys), level);
		if (hlen >= sizeof(head))
			hlen = sizeof(head) - 1;
		/* Assemble the line: one write() keeps it whole under O_APPEND. */
		len = hlen + (size_t)n + 1;
		line = xmalloc(len);
		memcpy(line, head, hlen);
		memcpy(line + hlen, msg, (size_t)n);
		line[len - 1] = '\n';
		write_all(lg.target == LOG_TO_FILE && lg.fd >= 0 ? lg.fd : STDERR_FILENO,
			  line, len);
		free(line);
	}
	if (msg != stack)
		free(msg);
}
