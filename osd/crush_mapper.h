/*
 * crush_mapper.h — internal to osd/crush*.c: the mapping workspace that
 * crush_decode() allocates once per map and crush_do_rule() reuses.
 */
#ifndef OSDFARM_OSD_CRUSH_MAPPER_H
#define OSDFARM_OSD_CRUSH_MAPPER_H

#include "osd/crush.h"

/* Allocate the workspace for a fully decoded and validated map. */
struct crush_work *crush_work_new(const struct crush_map *m);
void crush_work_free(struct crush_work *w);

/* Sorted-array lookup of the choose_args entry with key id, or NULL. */
const struct crush_choose_arg_map *crush_find_choose_args(const struct crush_map *m,
							   int64_t id);

#endif
