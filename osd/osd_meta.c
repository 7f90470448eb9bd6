/*
 * osd_meta.c — the MOSDBoot metadata of an OSD (osd/osd_meta.h): the keys
 * and value formats a 16.2.15 ceph-osd sends (OSD::_collect_metadata,
 * src/common/util.cc collect_sys_info), for a memstore OSD on this host.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "osd/osd.h"
#include "osd/osd_meta.h"

static void
meta_set(struct osd_meta *m, const char *k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
meta_set(struct osd_meta *m, const char *k, const char *fmt, ...)
{
	va_list ap;
	uint32_t i = m->n;

	if (i == OSD_BOOT_META_MAX)
		return;
	snprintf(m->buf[i][0], OSD_META_VAL, "%s", k);
	va_start(ap, fmt);
	vsnprintf(m->buf[i][1], OSD_META_VAL, fmt, ap);
	va_end(ap);
	m->kv[i].key = m->buf[i][0];
	m->kv[i].val = m->buf[i][1];
	m->n++;
}

/* An address vector as Ceph prints it, or "" */
static void
meta_addrs(struct osd_meta *m, const char *k, const struct entity_addrvec *v)
{
	char a[OSD_META_VAL];

	a[0] = 0;
	if (v)
		entity_addrvec_format(v, a, sizeof(a));
	meta_set(m, k, "%s", a);
}

/* A "KEY=value" line of /etc/os-release, unquoted, or "" */
static void
os_release(const char *key, char *out, size_t sz)
{
	char line[512];
	size_t kl = strlen(key), n;
	FILE *f = fopen("/etc/os-release", "r");
	char *v;

	out[0] = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, kl) || line[kl] != '=')
			continue;
		v = line + kl + 1;
		v[strcspn(v, "\n")] = 0;
		n = strlen(v);
		if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
			v[n - 1] = 0;
			v++;
		}
		snprintf(out, sz, "%s", v);
		break;
	}
	fclose(f);
}

static void
proc_field(const char *file, const char *key, char *out, size_t sz)
{
	char line[512], *v;
	size_t kl = strlen(key);
	FILE *f = fopen(file, "r");

	out[0] = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, kl))
			continue;
		v = line + kl;
		while (*v == ' ' || *v == '\t' || *v == ':')
			v++;
		v[strcspn(v, "\n")] = 0;
		snprintf(out, sz, "%s", v);
		break;
	}
	fclose(f);
}

void
osd_meta_build(struct osd_meta *m, const struct osd_meta_input *in)
{
	struct utsname u;
	char a[OSD_META_VAL], b[OSD_META_VAL];
	char *kb;

	m->n = 0;
	if (uname(&u) == 0) {
		meta_set(m, "arch", "%s", u.machine);
		meta_set(m, "kernel_version", "%s", u.release);
		meta_set(m, "kernel_description", "%s", u.version);
		meta_set(m, "os", "%s", u.sysname);
	}
	proc_field("/proc/cpuinfo", "model name", a, sizeof(a));
	meta_set(m, "cpu", "%s", a);
	proc_field("/proc/meminfo", "MemTotal", a, sizeof(a));
	kb = strtok(a, " ");
	meta_set(m, "mem_total_kb", "%s", kb ? kb : "0");
	proc_field("/proc/meminfo", "SwapTotal", b, sizeof(b));
	kb = strtok(b, " ");
	meta_set(m, "mem_swap_kb", "%s", kb ? kb : "0");
	os_release("ID", a, sizeof(a));
	meta_set(m, "distro", "%s", a);
	os_release("PRETTY_NAME", a, sizeof(a));
	meta_set(m, "distro_description", "%s", a);
	os_release("VERSION_ID", a, sizeof(a));
	meta_set(m, "distro_version", "%s", a);
	meta_set(m, "hostname", "%s", in->hostname ? in->hostname : "");
	meta_set(m, "ceph_release", "pacific");
	meta_set(m, "ceph_version", "%s", OSD_CEPH_VERSION);
	meta_set(m, "ceph_version_short", "%s", OSD_CEPH_VERSION_SHORT);
	meta_set(m, "ceph_version_when_created", "%s", OSD_CEPH_VERSION);
	meta_set(m, "created_at", "%s", in->created_at ? in->created_at : "");
	meta_set(m, "osd_data", "%s", in->osd_data ? in->osd_data : "");
	meta_set(m, "osd_objectstore", "memstore");
	meta_set(m, "default_device_class", "%s", in->device_class ? in->device_class : "hdd");
	meta_set(m, "rotational", "0");
	meta_set(m, "journal_rotational", "0");
	meta_set(m, "front_iface", "%s", "");
	meta_set(m, "back_iface", "%s", "");
	meta_set(m, "osdspec_affinity", "%s", "");
	meta_set(m, "device_ids", "%s", "");
	meta_set(m, "device_paths", "%s", "");
	meta_set(m, "devices", "%s", "");
	meta_set(m, "osdfarm", "%s", PACKAGE_VERSION);
	meta_addrs(m, "front_addr", in->front);
	meta_addrs(m, "back_addr", in->back);
	meta_addrs(m, "hb_front_addr", in->hb_front);
	meta_addrs(m, "hb_back_addr", in->hb_back);
}
