/*
 * sup_plan.c — configuration to slots, and the slot's data directory
 * identity (see sup_plan.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/conf.h"
#include "common/mem.h"
#include "supervisor/sup_affinity.h"
#include "supervisor/sup_plan.h"

int
sup_plan(const struct conf_farm *c, unsigned count, const int *allowed, unsigned nallowed,
	 struct sup_slot_plan **out, char *err, size_t errsz)
{
	const int *cpus = c->ncpus ? c->cpus : allowed;
	unsigned ncpus = c->ncpus ? c->ncpus : nallowed;
	struct sup_slot_plan *p;
	unsigned i, n;
	size_t len;

	if (count)
		n = count;
	else if (c->nosd_ids)
		n = c->nosd_ids;
	else if (c->ncpus)
		n = c->ncpus;
	else if (c->osds)
		n = c->osds;
	else
		n = nallowed ? nallowed : 1;
	if (n > CONF_MAX_OSDS) {
		snprintf(err, errsz, "%u OSD processes is more than the %u supported", n,
			 CONF_MAX_OSDS);
		return -EINVAL;
	}
	if (c->nosd_ids && c->nosd_ids != n) {
		snprintf(err, errsz, "osd_ids lists %u ids but %u OSD processes are asked for",
			 c->nosd_ids, n);
		return -EINVAL;
	}
	if (!c->data_dir || !c->data_dir[0]) {
		snprintf(err, errsz, "data_dir is empty");
		return -EINVAL;
	}
	p = xcalloc(n, sizeof(*p));
	len = strlen(c->data_dir) + 24;
	for (i = 0; i < n; i++) {
		p[i].cpu = sup_affinity_pick(cpus, ncpus, i);
		p[i].want_id = c->nosd_ids ? c->osd_ids[i] : -1;
		p[i].data_dir = xmalloc(len);
		snprintf(p[i].data_dir, len, "%s/slot.%u", c->data_dir, i);
	}
	*out = p;
	return (int)n;
}

void
sup_plan_free(struct sup_slot_plan *p, unsigned n)
{
	unsigned i;

	if (!p)
		return;
	for (i = 0; i < n; i++)
		free(p[i].data_dir);
	free(p);
}

int
sup_read_whoami(const char *dir, int32_t *id)
{
	char path[PATH_MAX], buf[32], *end;
	ssize_t n;
	long v;
	int fd;

	snprintf(path, sizeof(path), "%s/ready", dir);
	if (access(path, F_OK) == -1)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/whoami", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return errno == ENOENT ? -ENOENT : -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0 || n == (ssize_t)sizeof(buf) - 1)
		return -EINVAL;
	buf[n] = 0;
	if (buf[n - 1] == '\n')
		buf[--n] = 0;
	if (buf[0] < '0' || buf[0] > '9')
		return -EINVAL;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || *end || v > INT32_MAX - 1)
		return -EINVAL;
	*id = (int32_t)v;
	return 0;
}

int
sup_mkdir_p(const char *path, unsigned mode)
{
	char *p = xstrdup(path), *s, c;
	int r = 0;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != 0)
			continue;
		c = *s;
		*s = 0;
		if (mkdir(p, mode) == -1 && errno != EEXIST) {
			r = -errno;
			break;
		}
		*s = c;
		if (c == 0)
			break;
	}
	free(p);
	return r;
}
