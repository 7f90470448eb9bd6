/*
 * sup_affinity.c — CPU pinning and NUMA memory policy for OSD children
 * (see sup_affinity.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/mempolicy.h>

#include "supervisor/sup_affinity.h"

int
sup_affinity_allowed(int *cpus, unsigned max)
{
	cpu_set_t set;
	unsigned n = 0;
	int c;

	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof(set), &set) == -1)
		return -errno;
	for (c = 0; c < CPU_SETSIZE && n < max; c++)
		if (CPU_ISSET(c, &set))
			cpus[n++] = c;
	return (int)n;
}

/* "node17" -> 17; -1 for anything else. */
static int
node_number(const char *name)
{
	char *end;
	long v;

	if (strncmp(name, "node", 4) != 0 || name[4] < '0' || name[4] > '9')
		return -1;
	errno = 0;
	v = strtol(name + 4, &end, 10);
	if (errno || *end || v > INT_MAX)
		return -1;
	return (int)v;
}

int
sup_affinity_node_count(const char *sysroot)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "%s/devices/system/node", sysroot);
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (node_number(de->d_name) >= 0)
			n++;
	closedir(d);
	return n;
}

int
sup_affinity_cpu_node(const char *sysroot, int cpu)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int node = -1;

	if (cpu < 0)
		return -1;
	/* the kernel puts a nodeM link in each cpuN directory */
	snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d", sysroot, cpu);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d)) != NULL && node < 0)
		node = node_number(de->d_name);
	closedir(d);
	return node;
}

int
sup_affinity_pick(const int *list, unsigned n, unsigned slot)
{
	if (n == 0)
		return -1;
	return list[slot % n];
}

int
sup_affinity_apply(int cpu, int node)
{
	unsigned long mask[16];
	cpu_set_t set;
	int r = 0;

	if (cpu >= 0 && cpu < CPU_SETSIZE) {
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set) == -1)
			r = -errno;
	} else if (cpu >= 0) {
		r = -EINVAL;
	}
	if (node >= 0 && (size_t)node < sizeof(mask) * CHAR_BIT) {
		memset(mask, 0, sizeof(mask));
		mask[node / (sizeof(long) * CHAR_BIT)] |= 1UL << (node % (sizeof(long) * CHAR_BIT));
		/* maxnode counts bits; the kernel wants one more than the highest */
		if (syscall(SYS_set_mempolicy, MPOL_PREFERRED, mask,
			    (unsigned long)node + 2) == -1 && r == 0)
			r = -errno;
	}
	return r;
}
