/*
 * datadir.c — reading and writing the OSD data directory (see datadir.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "osd/datadir.h"

int
datadir_read(const char *path, const char *name, char *out, size_t sz)
{
	char fn[PATH_MAX];
	ssize_t n;
	int fd;

	if (snprintf(fn, sizeof(fn), "%s/%s", path, name) >= (int)sizeof(fn))
		return -ENAMETOOLONG;
	fd = open(fn, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, out, sz);
	close(fd);
	if (n < 0)
		return -errno;
	if ((size_t)n >= sz)
		return -E2BIG;
	out[n] = 0;
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' ' || out[n - 1] == '\r'))
		out[--n] = 0;
	return 0;
}

int
datadir_write(const char *path, const char *name, const char *value)
{
	char fn[PATH_MAX], tmp[PATH_MAX];
	size_t len = strlen(value);
	int fd, err = 0;

	if (snprintf(fn, sizeof(fn), "%s/%s", path, name) >= (int)sizeof(fn) ||
	    snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", path, name) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (write(fd, value, len) != (ssize_t)len || write(fd, "\n", 1) != 1 || fsync(fd) < 0)
		err = errno ? -errno : -EIO;
	if (close(fd) < 0 && !err)
		err = -errno;
	if (!err && rename(tmp, fn) < 0)
		err = -errno;
	if (err) {
		unlink(tmp);
		log_error(LOG_OSD, "datadir: cannot write %s: %s", fn, strerror(-err));
	}
	return err;
}

static int
read_uuid(const char *path, const char *name, struct uuid *u)
{
	char s[64];
	int err = datadir_read(path, name, s, sizeof(s));

	if (err)
		return err;
	if (uuid_parse(s, u) < 0) {
		log_error(LOG_OSD, "datadir: %s/%s: not a uuid: '%s'", path, name, s);
		return -EINVAL;
	}
	return 0;
}

int
datadir_read_osd_fsid(const char *path, struct uuid *u)
{
	return read_uuid(path, "fsid", u);
}

int
datadir_write_osd_fsid(const char *path, const struct uuid *u)
{
	char s[37];

	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		log_error(LOG_OSD, "datadir: cannot create %s: %s", path, strerror(errno));
		return -errno;
	}
	uuid_format(u, s);
	return datadir_write(path, "fsid", s);
}

int
datadir_load(const char *path, struct datadir *dd)
{
	char s[64], *end;
	long id;
	int err;

	memset(dd, 0, sizeof(*dd));
	if ((err = datadir_read(path, "ready", s, sizeof(s))) < 0)
		return err == -ENOENT ? -ENOENT : err;
	if ((err = read_uuid(path, "ceph_fsid", &dd->cluster_fsid)) < 0 ||
	    (err = read_uuid(path, "fsid", &dd->osd_fsid)) < 0)
		return err == -ENOENT ? -EINVAL : err;
	if ((err = datadir_read(path, "whoami", s, sizeof(s))) < 0)
		return err == -ENOENT ? -EINVAL : err;
	errno = 0;
	id = strtol(s, &end, 10);
	if (errno || end == s || *end || id < 0 || id > INT32_MAX) {
		log_error(LOG_OSD, "datadir: %s/whoami: bad id '%s'", path, s);
		return -EINVAL;
	}
	dd->whoami = (int32_t)id;
	if (datadir_read(path, "type", dd->type, sizeof(dd->type)) < 0)
		snprintf(dd->type, sizeof(dd->type), "%s", DATADIR_TYPE);
	if (datadir_read(path, "created_at", dd->created_at, sizeof(dd->created_at)) < 0)
		dd->created_at[0] = 0;
	return 0;
}

int
datadir_mkfs(const char *path, const struct datadir *dd)
{
	char s[64];
	struct timespec ts;
	struct tm tm;
	int err;

	if ((err = datadir_write_osd_fsid(path, &dd->osd_fsid)) < 0)
		return err;
	uuid_format(&dd->cluster_fsid, s);
	if ((err = datadir_write(path, "ceph_fsid", s)) < 0)
		return err;
	snprintf(s, sizeof(s), "%d", dd->whoami);
	if ((err = datadir_write(path, "whoami", s)) < 0)
		return err;
	if ((err = datadir_write(path, "type", dd->type[0] ? dd->type : DATADIR_TYPE)) < 0 ||
	    (err = datadir_write(path, "magic", DATADIR_MAGIC)) < 0)
		return err;
	if (dd->created_at[0]) {
		snprintf(s, sizeof(s), "%s", dd->created_at);
	} else {
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		snprintf(s, sizeof(s), "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			 ts.tv_nsec / 1000);
	}
	if ((err = datadir_write(path, "created_at", s)) < 0)
		return err;
	return datadir_write(path, "ready", "ready");
}
