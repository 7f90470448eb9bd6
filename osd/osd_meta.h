/*
 * osd_meta.h — the metadata an OSD sends in MOSDBoot, what `ceph osd
 * metadata N` shows: host (uname, /proc, os-release), version, store and
 * addresses, with the keys a 16.2.15 ceph-osd on memstore uses.
 */
#ifndef OSDFARM_OSD_OSD_META_H
#define OSDFARM_OSD_OSD_META_H

#include <stdint.h>

#include "common/types.h"
#include "osd/osd_msgs.h"

#define OSD_META_VAL 256        /* longest key or value kept, with the NUL */

struct osd_meta {
	uint32_t n;
	struct osd_meta_kv kv[OSD_BOOT_META_MAX];       /* point into buf */
	char buf[OSD_BOOT_META_MAX][2][OSD_META_VAL];
};

struct osd_meta_input {
	const char *hostname;
	const char *created_at;         /* mkfs time, or NULL */
	const char *osd_data;           /* or NULL */
	const char *device_class;       /* or NULL: "hdd" */
	const struct entity_addrvec *front, *back, *hb_front, *hb_back;
};

/* Fill m (replacing what it held); values longer than OSD_META_VAL are cut. */
void osd_meta_build(struct osd_meta *m, const struct osd_meta_input *in);

#endif
