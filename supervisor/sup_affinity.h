/*
 * sup_affinity.h — which CPU each OSD process runs on, and the NUMA node
 * its memory should come from.
 *
 * One OSD per core: slot k is pinned to one CPU with sched_setaffinity in
 * the child before exec. On a host with more than one NUMA node the child
 * also asks the kernel to prefer that CPU's node for its memory
 * (set_mempolicy(MPOL_PREFERRED), the raw syscall: no libnuma). PREFERRED,
 * not BIND: an OSD that outgrows its node should slow down, not be killed.
 *
 * The sysfs readers take the sysfs root ("/sys") so tests can point them
 * at a fake tree.
 */
#ifndef OSDFARM_SUPERVISOR_SUP_AFFINITY_H
#define OSDFARM_SUPERVISOR_SUP_AFFINITY_H

#define SUP_SYSFS_ROOT "/sys"

/*
 * The CPUs this process may run on (sched_getaffinity: honours taskset,
 * cpusets and systemd's CPUAffinity=), ascending, at most max of them.
 * Returns how many, or a negative errno.
 */
int sup_affinity_allowed(int *cpus, unsigned max);

/* NUMA nodes under sysroot/devices/system/node (node0, node1, ...); 0 if none. */
int sup_affinity_node_count(const char *sysroot);

/* The node of cpu (sysroot/devices/system/cpu/cpuN/nodeM), or -1 if unknown. */
int sup_affinity_cpu_node(const char *sysroot, int cpu);

/*
 * Slot k's CPU: list[k % n] (n > 0), or -1 when n == 0 (no pinning).
 * Several slots share CPUs only when there are more slots than CPUs.
 */
int sup_affinity_pick(const int *list, unsigned n, unsigned slot);

/*
 * In the child: pin the calling process to cpu (cpu < 0: leave it), and
 * prefer memory from node when node >= 0. Returns 0 or the first negative
 * errno (both are still attempted).
 */
int sup_affinity_apply(int cpu, int node);

#endif
