/*
 * conf.c — reading osdfarm.conf (libconfig) into struct conf_farm.
 *
 * The file is walked key by key against a table of what is allowed, so an
 * unknown or misspelt key is reported with its file and line rather than
 * ignored. libconfig reports syntax errors with file and line itself.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/conf.h"
#include "common/mem.h"

#define DEF_CLUSTER "ceph"
#define DEF_CEPH_CONF "/etc/ceph/$cluster.conf"
#define DEF_RUN_DIR "/run/osdfarm"
#define DEF_DATA_DIR "/var/lib/osdfarm/$cluster"
#define DEF_LOG_FILE "/var/log/osdfarm/$cluster.log"
#define DEF_MEMSTORE_SIZE (1ULL << 30)

/* Parse state: where messages go and which name stands for the file. */
struct conf_ctx {
	struct conf_farm *c;
	const char *name;
	char *err;
	size_t errsz;
};

static int __attribute__((format(printf, 3, 4)))
fail(struct conf_ctx *x, const config_setting_t *s, const char *fmt, ...)
{
	const char *file = s ? config_setting_source_file(s) : NULL;
	int line = s ? (int)config_setting_source_line(s) : 0;
	size_t n;
	va_list ap;

	if (x->err == NULL || x->errsz == 0)
		return -EINVAL;
	n = (size_t)snprintf(x->err, x->errsz, "%s:%d: ", file ? file : x->name, line);
	if (n < x->errsz) {
		va_start(ap, fmt);
		vsnprintf(x->err + n, x->errsz - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* "respawn.backoff_min_ms" for messages. */
static const char *
path_of(const config_setting_t *s, char *out, size_t outsz)
{
	const config_setting_t *p = config_setting_parent(s);

	if (p != NULL && !config_setting_is_root(p) && config_setting_name(p) != NULL) {
		char up[128];

		snprintf(out, outsz, "%s.%s", path_of(p, up, sizeof(up)),
			 config_setting_name(s) ? config_setting_name(s) : "?");
	} else {
		snprintf(out, outsz, "%s", config_setting_name(s) ? config_setting_name(s) : "?");
	}
	return out;
}

static int
get_string(struct conf_ctx *x, const config_setting_t *s, char **out)
{
	char path[160];
	const char *v;

	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return fail(x, s, "%s: expected a string", path_of(s, path, sizeof(path)));
	v = config_setting_get_string(s);
	if (v == NULL || *v == '\0')
		return fail(x, s, "%s: must not be empty", path_of(s, path, sizeof(path)));
	free(*out);
	*out = xstrdup(v);
	return 0;
}

static int
get_uint_range(struct conf_ctx *x, const config_setting_t *s, long long min,
	       long long max, unsigned *out)
{
	char path[160];
	long long v;

	if (config_setting_type(s) != CONFIG_TYPE_INT &&
	    config_setting_type(s) != CONFIG_TYPE_INT64)
		return fail(x, s, "%s: expected an integer", path_of(s, path, sizeof(path)));
	v = config_setting_get_int64(s);
	if (v < min || v > max)
		return fail(x, s, "%s: %lld is out of range [%lld, %lld]",
			    path_of(s, path, sizeof(path)), v, min, max);
	*out = (unsigned)v;
	return 0;
}

/* A list or array of distinct non-negative integers. */
static int
get_int_list(struct conf_ctx *x, const config_setting_t *s, int max_value,
	     int **out, unsigned *nout)
{
	char path[160];
	int n = config_setting_length(s), i, j, *v;

	if (config_setting_type(s) != CONFIG_TYPE_ARRAY &&
	    config_setting_type(s) != CONFIG_TYPE_LIST)
		return fail(x, s, "%s: expected a list of integers like [0, 1, 2]",
			    path_of(s, path, sizeof(path)));
	if (n == 0)
		return fail(x, s, "%s: empty list", path_of(s, path, sizeof(path)));
	if (n > CONF_MAX_OSDS)
		return fail(x, s, "%s: more than %d entries", path_of(s, path, sizeof(path)),
			    CONF_MAX_OSDS);
	v = xcalloc((size_t)n, sizeof(*v));
	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		long long val;

		if (config_setting_type(e) != CONFIG_TYPE_INT &&
		    config_setting_type(e) != CONFIG_TYPE_INT64) {
			free(v);
			return fail(x, e, "%s[%d]: expected an integer",
				    path_of(s, path, sizeof(path)), i);
		}
		val = config_setting_get_int64(e);
		if (val < 0 || val > max_value) {
			free(v);
			return fail(x, e, "%s[%d]: %lld is out of range [0, %d]",
				    path_of(s, path, sizeof(path)), i, val, max_value);
		}
		for (j = 0; j < i; j++) {
			if (v[j] == (int)val) {
				free(v);
				return fail(x, e, "%s[%d]: %lld is listed twice",
					    path_of(s, path, sizeof(path)), i, val);
			}
		}
		v[i] = (int)val;
	}
	free(*out);
	*out = v;
	*nout = (unsigned)n;
	return 0;
}

int
conf_parse_size(const char *s, uint64_t *out)
{
	static const char units[] = "KMGTPE";
	unsigned long long v;
	const char *u;
	char *end;
	int shift = 0;

	if (s == NULL)
		return -EINVAL;
	while (isspace((unsigned char)*s))
		s++;
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0' && *end != 'B' && *end != 'b') {
		u = strchr(units, toupper((unsigned char)*end));
		if (u == NULL)
			return -EINVAL;
		shift = 10 * (int)(u - units + 1);
		end++;
		if (*end == 'i')
			end++;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0')
		return -EINVAL;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = (uint64_t)v << shift;
	return 0;
}

char *
conf_expand_cluster(const char *s, const char *cluster)
{
	size_t cl = strlen(cluster), n = 0, cap = strlen(s) + 1;
	char *out = xmalloc(cap);

	while (*s) {
		size_t skip = 0;

		if (strncmp(s, "$cluster", 8) == 0 &&
		    !(isalnum((unsigned char)s[8]) || s[8] == '_'))
			skip = 8;
		else if (strncmp(s, "${cluster}", 10) == 0)
			skip = 10;
		if (skip) {
			cap += cl;
			out = xrealloc(out, cap);
			memcpy(out + n, cluster, cl);
			n += cl;
			s += skip;
		} else {
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
	return out;
}

/*
 * Expand $cluster in a path just read. A path still at its default, expanded
 * for the previous cluster name, follows a change of cluster name.
 */
static void
rebase_path(char **path, const char *def, const char *old_cluster,
	    const char *cluster)
{
	char *old_def = conf_expand_cluster(def, old_cluster);
	char *v;

	if (strcmp(*path, old_def) == 0)
		v = conf_expand_cluster(def, cluster);
	else
		v = conf_expand_cluster(*path, cluster);
	free(old_def);
	free(*path);
	*path = v;
}

void
conf_farm_defaults(struct conf_farm *c)
{
	int i;

	memset(c, 0, sizeof(*c));
	c->cluster = xstrdup(DEF_CLUSTER);
	c->ceph_conf = conf_expand_cluster(DEF_CEPH_CONF, DEF_CLUSTER);
	c->run_dir = conf_expand_cluster(DEF_RUN_DIR, DEF_CLUSTER);
	c->data_dir = conf_expand_cluster(DEF_DATA_DIR, DEF_CLUSTER);
	c->memstore_size = DEF_MEMSTORE_SIZE;
	c->respawn.backoff_min_ms = 1000;
	c->respawn.backoff_max_ms = 60000;
	c->respawn.crash_limit = 5;
	c->respawn.crash_window_s = 300;
	c->respawn.stop_timeout_s = 10;
	c->log.target = CONF_LOG_AUTO;
	c->log.file = conf_expand_cluster(DEF_LOG_FILE, DEF_CLUSTER);
	for (i = 0; i < LOG_SUBSYS_MAX; i++)
		c->log.levels[i] = -1;
}

void
conf_farm_free(struct conf_farm *c)
{
	free(c->cluster);
	free(c->ceph_conf);
	free(c->cpus);
	free(c->run_dir);
	free(c->data_dir);
	free(c->osd_ids);
	free(c->log.file);
	memset(c, 0, sizeof(*c));
}

static int
load_levels(struct conf_ctx *x, const config_setting_t *g)
{
	char path[160];
	int i, n;

	if (!config_setting_is_group(g))
		return fail(x, g, "log.levels: expected a group like { debug_ms = 1; }");
	n = config_setting_length(g);
	for (i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		unsigned lvl;
		int sub, r;

		if (strncmp(name, "debug_", 6) == 0)
			name += 6;
		sub = log_subsys_by_name(name);
		if (sub < 0)
			return fail(x, s, "%s: unknown log subsystem",
				    path_of(s, path, sizeof(path)));
		r = get_uint_range(x, s, 0, 30, &lvl);
		if (r < 0)
			return r;
		x->c->log.levels[sub] = (int)lvl;
	}
	return 0;
}

static int
load_log(struct conf_ctx *x, const config_setting_t *g)
{
	char path[160], *target = NULL;
	int i, n, r;

	if (!config_setting_is_group(g))
		return fail(x, g, "log: expected a group { ... }");
	n = config_setting_length(g);
	for (i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);

		if (strcmp(name, "target") == 0) {
			r = get_string(x, s, &target);
			if (r < 0)
				return r;
			if (strcmp(target, "auto") == 0)
				x->c->log.target = CONF_LOG_AUTO;
			else if (strcmp(target, "stderr") == 0)
				x->c->log.target = CONF_LOG_STDERR;
			else if (strcmp(target, "journal") == 0 || strcmp(target, "journald") == 0)
				x->c->log.target = CONF_LOG_JOURNAL;
			else if (strcmp(target, "file") == 0)
				x->c->log.target = CONF_LOG_FILE;
			else
				r = fail(x, s, "log.target: \"%s\" is not one of "
					 "auto, stderr, journal, file", target);
			free(target);
			target = NULL;
		} else if (strcmp(name, "file") == 0) {
			r = get_string(x, s, &x->c->log.file);
		} else if (strcmp(name, "levels") == 0) {
			r = load_levels(x, s);
		} else {
			r = fail(x, s, "%s: unknown key", path_of(s, path, sizeof(path)));
		}
		if (r < 0)
			return r;
	}
	return 0;
}

static int
load_respawn(struct conf_ctx *x, const config_setting_t *g)
{
	struct conf_farm *c = x->c;
	char path[160];
	int i, n, r;

	if (!config_setting_is_group(g))
		return fail(x, g, "respawn: expected a group { ... }");
	n = config_setting_length(g);
	for (i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);

		if (strcmp(name, "backoff_min_ms") == 0)
			r = get_uint_range(x, s, 1, 3600000, &c->respawn.backoff_min_ms);
		else if (strcmp(name, "backoff_max_ms") == 0)
			r = get_uint_range(x, s, 1, 86400000, &c->respawn.backoff_max_ms);
		else if (strcmp(name, "crash_limit") == 0)
			r = get_uint_range(x, s, 0, 1000000, &c->respawn.crash_limit);
		else if (strcmp(name, "crash_window_s") == 0)
			r = get_uint_range(x, s, 1, 86400 * 7, &c->respawn.crash_window_s);
		else if (strcmp(name, "stop_timeout_s") == 0)
			r = get_uint_range(x, s, 1, 3600, &c->respawn.stop_timeout_s);
		else
			r = fail(x, s, "%s: unknown key", path_of(s, path, sizeof(path)));
		if (r < 0)
			return r;
	}
	if (c->respawn.backoff_min_ms > c->respawn.backoff_max_ms)
		return fail(x, g, "respawn: backoff_min_ms (%u) is above backoff_max_ms (%u)",
			    c->respawn.backoff_min_ms, c->respawn.backoff_max_ms);
	return 0;
}

static int
load_memstore_size(struct conf_ctx *x, const config_setting_t *s)
{
	uint64_t v;
	int r;

	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		if (config_setting_get_int64(s) <= 0)
			return fail(x, s, "memstore_size: must be positive");
		v = (uint64_t)config_setting_get_int64(s);
		break;
	case CONFIG_TYPE_STRING:
		r = conf_parse_size(config_setting_get_string(s), &v);
		if (r == -ERANGE)
			return fail(x, s, "memstore_size: \"%s\" is too large",
				    config_setting_get_string(s));
		if (r < 0)
			return fail(x, s, "memstore_size: \"%s\" is not a size "
				    "(bytes, or with K, M, G, T suffix)",
				    config_setting_get_string(s));
		if (v == 0)
			return fail(x, s, "memstore_size: must be positive");
		break;
	default:
		return fail(x, s, "memstore_size: expected a size like \"1G\" or bytes");
	}
	x->c->memstore_size = v;
	return 0;
}

/* Checks across keys, reported at the later of the two keys' lines. */
static int
cross_check(struct conf_ctx *x, const config_setting_t *root)
{
	struct conf_farm *c = x->c;
	const config_setting_t *osds = config_setting_get_member(root, "osds");
	const config_setting_t *cpus = config_setting_get_member(root, "cpus");
	const config_setting_t *ids = config_setting_get_member(root, "osd_ids");

	if (osds && cpus && c->osds != 0 && c->osds != c->ncpus)
		return fail(x, cpus, "cpus lists %u CPUs but osds = %u; set one of them",
			    c->ncpus, c->osds);
	if (ids && cpus && c->nosd_ids != c->ncpus)
		return fail(x, ids, "osd_ids lists %u ids but cpus lists %u CPUs",
			    c->nosd_ids, c->ncpus);
	if (ids && osds && c->osds != 0 && c->nosd_ids != c->osds)
		return fail(x, ids, "osd_ids lists %u ids but osds = %u",
			    c->nosd_ids, c->osds);
	return 0;
}

static int
load_root(struct conf_ctx *x, config_t *cfg)
{
	const config_setting_t *root = config_root_setting(cfg);
	struct conf_farm *c = x->c;
	char *old_cluster = xstrdup(c->cluster);
	int i, n, r;

	n = config_setting_length(root);
	for (i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
		const char *name = config_setting_name(s);

		if (strcmp(name, "cluster") == 0) {
			r = get_string(x, s, &c->cluster);
			if (r == 0 && (strchr(c->cluster, '/') || strchr(c->cluster, '$')))
				r = fail(x, s, "cluster: \"%s\" must be a plain name", c->cluster);
		} else if (strcmp(name, "ceph_conf") == 0) {
			r = get_string(x, s, &c->ceph_conf);
		} else if (strcmp(name, "osds") == 0) {
			r = get_uint_range(x, s, 0, CONF_MAX_OSDS, &c->osds);
		} else if (strcmp(name, "cpus") == 0) {
			r = get_int_list(x, s, 65535, &c->cpus, &c->ncpus);
		} else if (strcmp(name, "run_dir") == 0) {
			r = get_string(x, s, &c->run_dir);
		} else if (strcmp(name, "data_dir") == 0) {
			r = get_string(x, s, &c->data_dir);
		} else if (strcmp(name, "osd_ids") == 0) {
			r = get_int_list(x, s, 0x7fffffff, &c->osd_ids, &c->nosd_ids);
		} else if (strcmp(name, "memstore_size") == 0) {
			r = load_memstore_size(x, s);
		} else if (strcmp(name, "respawn") == 0) {
			r = load_respawn(x, s);
		} else if (strcmp(name, "log") == 0) {
			r = load_log(x, s);
		} else {
			r = fail(x, s, "%s: unknown key", name);
		}
		if (r < 0)
			goto out;
	}
	r = cross_check(x, root);
	if (r < 0)
		goto out;

	/* $cluster in paths, now that the cluster name is final. */
	rebase_path(&c->ceph_conf, DEF_CEPH_CONF, old_cluster, c->cluster);
	rebase_path(&c->data_dir, DEF_DATA_DIR, old_cluster, c->cluster);
	rebase_path(&c->run_dir, DEF_RUN_DIR, old_cluster, c->cluster);
	rebase_path(&c->log.file, DEF_LOG_FILE, old_cluster, c->cluster);
out:
	free(old_cluster);
	return r;
}

static int
finish(struct conf_ctx *x, config_t *cfg, int ok)
{
	int r;

	if (!ok) {
		const char *file = config_error_file(cfg);

		if (x->err && x->errsz)
			snprintf(x->err, x->errsz, "%s:%d: %s", file ? file : x->name,
				 config_error_line(cfg), config_error_text(cfg));
		r = -EINVAL;
	} else {
		r = load_root(x, cfg);
	}
	config_destroy(cfg);
	return r;
}

int
conf_farm_load(struct conf_farm *c, const char *path, char *err, size_t errsz)
{
	struct conf_ctx x = { c, path, err, errsz };
	config_t cfg;
	char *dir, *slash;
	FILE *f;
	int ok;

	f = fopen(path, "r");
	if (f == NULL) {
		int e = errno;

		if (err && errsz)
			snprintf(err, errsz, "%s: %s", path, strerror(e));
		return -e;
	}
	config_init(&cfg);
	/* @include paths are relative to the file, not to our cwd. */
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		config_set_include_dir(&cfg, *dir ? dir : "/");
	}
	free(dir);
	/* Opened first only for the errno: libconfig reports any open failure
	 * as a generic "file I/O error". */
	fclose(f);
	ok = config_read_file(&cfg, path) == CONFIG_TRUE;
	return finish(&x, &cfg, ok);
}

int
conf_farm_load_string(struct conf_farm *c, const char *text, const char *name,
		      char *err, size_t errsz)
{
	struct conf_ctx x = { c, name ? name : "(string)", err, errsz };
	config_t cfg;

	config_init(&cfg);
	return finish(&x, &cfg, config_read_string(&cfg, text) == CONFIG_TRUE);
}

unsigned
conf_farm_osd_count(const struct conf_farm *c)
{
	long n;

	if (c->nosd_ids)
		return c->nosd_ids;
	if (c->ncpus)
		return c->ncpus;
	if (c->osds)
		return c->osds;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

int
conf_farm_apply_log(const struct conf_farm *c, const char *ident)
{
	int i;

	for (i = 0; i < LOG_SUBSYS_MAX; i++)
		if (c->log.levels[i] >= 0)
			log_levels[i] = (uint8_t)c->log.levels[i];
	if (ident)
		log_set_ident(ident);
	switch (c->log.target) {
	case CONF_LOG_STDERR:
		return log_open(LOG_TO_STDERR, NULL);
	case CONF_LOG_JOURNAL:
		return log_open(LOG_TO_JOURNAL, NULL);
	case CONF_LOG_FILE:
		return log_open(LOG_TO_FILE, c->log.file);
	case CONF_LOG_AUTO:
	default:
		return 0;       /* log.c picks journald or stderr itself */
	}
}
