/*
 * sup_plan.h — from osdfarm.conf to slots: how many OSD processes, which
 * CPU each is pinned to, which OSD id it wants and which data directory it
 * owns. A slot keeps its index, CPU and directory for the supervisor's
 * life, so a respawned OSD comes back as the same OSD on the same core.
 *
 * Slot k's data directory is DATA_DIR/slot.k. Its first start runs
 * osdfarm-osd --mkfs there (which allocates an OSD id from the monitors,
 * or registers the one osd_ids names); from then on the id is read back
 * from the directory's whoami file.
 */
#ifndef OSDFARM_SUPERVISOR_SUP_PLAN_H
#define OSDFARM_SUPERVISOR_SUP_PLAN_H

#include <stddef.h>
#include <stdint.h>

struct conf_farm;

struct sup_slot_plan {
	int cpu;                /* -1: not pinned */
	int32_t want_id;        /* from osd_ids, or -1 (allocated by mkfs) */
	char *data_dir;         /* xmalloc'd */
};

/*
 * Plan the slots. count overrides the configuration's count when > 0
 * (--osds); otherwise osd_ids, cpus, osds, or one per allowed CPU. allowed
 * lists the CPUs the supervisor may use (sup_affinity_allowed); the cpus
 * list, when configured, replaces it. Returns the number of slots and sets
 * *out (free with sup_plan_free), or -EINVAL with a message in err.
 */
int sup_plan(const struct conf_farm *c, unsigned count, const int *allowed,
	     unsigned nallowed, struct sup_slot_plan **out, char *err, size_t errsz);
void sup_plan_free(struct sup_slot_plan *p, unsigned n);

/*
 * The OSD id of a finished data directory: its "ready" file exists and
 * "whoami" holds a decimal id. -ENOENT when mkfs has not finished there,
 * -EINVAL when whoami is malformed.
 */
int sup_read_whoami(const char *dir, int32_t *id);

/* mkdir -p with mode for the directories it creates; 0 or -errno. */
int sup_mkdir_p(const char *path, unsigned mode);

#endif
