/*
 * datadir.h — the OSD data directory (--osd-data, ceph.conf osd_data).
 *
 * Like ceph-osd's, it holds one small text file per fact, each written
 * atomically (temporary file, fsync, rename), one value per file with a
 * trailing newline:
 *
 *   ceph_fsid    the cluster fsid (UUID). An OSD refuses to start in a
 *                cluster with another fsid.
 *   fsid         this OSD's own uuid (what `osd new <uuid>` registered and
 *                MOSDBoot's superblock osd_fsid carries). Written first
 *                during mkfs, so a repeated mkfs reuses it and `osd new`
 *                hands back the same id.
 *   whoami       the OSD id (decimal).
 *   type         object store: "memstore".
 *   magic        "osdfarm osd volume v1".
 *   created_at   mkfs time, ISO 8601 UTC (metadata created_at).
 *   ready        "ready": mkfs finished; without it the directory is not
 *                an OSD yet.
 *
 * Object data are not kept here (memstore lives in RAM).
 */
#ifndef OSDFARM_OSD_DATADIR_H
#define OSDFARM_OSD_DATADIR_H

#include <stddef.h>
#include <stdint.h>

#include "common/types.h"

#define DATADIR_MAGIC "osdfarm osd volume v1"
#define DATADIR_TYPE "memstore"

struct datadir {
	struct uuid cluster_fsid;
	struct uuid osd_fsid;
	int32_t whoami;
	char type[32];
	char created_at[64];
};

/*
 * Read a finished data dir. -ENOENT when it is not one (no "ready"),
 * -EINVAL (logged) when a file is malformed.
 */
int datadir_load(const char *path, struct datadir *dd);
/* Write every file of dd (creating path if needed), "ready" last. */
int datadir_mkfs(const char *path, const struct datadir *dd);
/*
 * The uuid in "fsid" if a previous (maybe unfinished) mkfs left one;
 * -ENOENT otherwise.
 */
int datadir_read_osd_fsid(const char *path, struct uuid *u);
int datadir_write_osd_fsid(const char *path, const struct uuid *u);

/* One file: value without the trailing newline; -ENOENT, -E2BIG if >= sz. */
int datadir_read(const char *path, const char *name, char *out, size_t sz);
int datadir_write(const char *path, const char *name, const char *value);

#endif
