/*
 * cephconf.h — the cluster's ceph.conf, read the way Ceph reads it.
 *
 * An INI file: [section] headings, `key = value` lines, comments after ';'
 * or '#' (also at the end of a value; inside quotes they must be escaped,
 * "\;", as in Ceph), values optionally in quotes, '\' at the end of a line
 * continues it. Keys are normalised: trimmed, a run of blanks is one '_',
 * and '-' is '_' ("mon host" == "mon-host" == "mon_host"; Pacific itself
 * takes the dash spelling only on the command line).
 *
 * A lookup is made for one entity ("osd.3"): command-line overrides win over
 * [osd.3], which wins over [osd], which wins over [global]. Values may hold
 * metavariables ($cluster, $type, $id, $name, $host, or any other key such
 * as $run_dir), expanded on lookup. A few keys have Ceph's defaults when no
 * section sets them (run_dir, admin_socket, keyring, osd_data, ...).
 *
 * Errors name the file and line ("ceph.conf:12: ...").
 */
#ifndef OSDFARM_COMMON_CEPHCONF_H
#define OSDFARM_COMMON_CEPHCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/types.h"

/* Ceph's monitor ports (src/include/msgr.h: CEPH_MON_PORT_IANA / _LEGACY). */
#define CEPH_MON_PORT_MSGR2  3300
#define CEPH_MON_PORT_LEGACY 6789

struct cephconf;

/* cluster: "ceph" if NULL. */
struct cephconf *cephconf_new(const char *cluster);
void cephconf_free(struct cephconf *cc);
const char *cephconf_cluster(const struct cephconf *cc);

/*
 * Parse a file (or text standing for file name) into cc. Sections of a later
 * load are merged over earlier ones. On error: -errno (-EINVAL for syntax),
 * "name:line: what" in err.
 */
int cephconf_load_file(struct cephconf *cc, const char *path, char *err, size_t errsz);
int cephconf_load_string(struct cephconf *cc, const char *text, const char *name,
			 char *err, size_t errsz);

/* An override above every section (like "--debug-ms 1" on Ceph's command line). */
void cephconf_set_override(struct cephconf *cc, const char *key, const char *value);
/*
 * Apply "--key value" and "--key=value" pairs (argv[0..argc), no program name).
 * -EINVAL with a message for anything else (a word not starting with "--", a
 * key without a value).
 */
int cephconf_apply_args(struct cephconf *cc, int argc, char *const argv[],
			char *err, size_t errsz);

/*
 * The raw (unexpanded) value of key for entity ("osd.3", "client.admin"),
 * with precedence and built-in defaults; NULL when unset. line (if not NULL)
 * gets the line it came from, 0 for an override or default.
 */
const char *cephconf_get_raw(const struct cephconf *cc, const char *entity,
			     const char *key, int *line);
/*
 * The value with metavariables expanded: *out is xmalloc'd (caller frees).
 * -ENOENT when unset, -ELOOP when expansion recurses too deep, -E2BIG when it
 * grows past 64 KiB.
 */
int cephconf_get(const struct cephconf *cc, const char *entity, const char *key,
		 char **out);
/*
 * Typed values. When the key is unset *out = def and 0 is returned; a value
 * that does not parse is -EINVAL (logged once with file and line).
 *   int:   decimal, 0x hex, leading '-'
 *   bool:  true/false, yes/no, on/off, 1/0 (case-insensitive)
 *   size:  bytes with an optional K/M/G/T/P/E suffix, as conf_parse_size
 *   float: strtod
 */
int cephconf_get_int(const struct cephconf *cc, const char *entity, const char *key,
		     int64_t def, int64_t *out);
int cephconf_get_bool(const struct cephconf *cc, const char *entity, const char *key,
		      bool def, bool *out);
int cephconf_get_size(const struct cephconf *cc, const char *entity, const char *key,
		      uint64_t def, uint64_t *out);
int cephconf_get_float(const struct cephconf *cc, const char *entity, const char *key,
		       double def, double *out);
/* fsid: -ENOENT if unset, -EINVAL if not a uuid. */
int cephconf_get_fsid(const struct cephconf *cc, const char *entity, struct uuid *fsid);

/* Expand metavariables of value for entity into *out (xmalloc'd). Errors as cephconf_get. */
int cephconf_expand(const struct cephconf *cc, const char *entity, const char *value,
		    char **out);

/*
 * The monitors to contact, one address vector per monitor, following
 * src/mon/MonMap.cc (init_with_ips, _add_ambiguous_addr):
 *   "1.2.3.4"            -> [v2:1.2.3.4:3300, v1:1.2.3.4:6789]
 *   "1.2.3.4:6789"       -> [v1:1.2.3.4:6789]
 *   "1.2.3.4:3300"       -> [v2:1.2.3.4:3300]
 *   "1.2.3.4:7000"       -> [v2:1.2.3.4:7000, v1:1.2.3.4:7000]  (type unknown: try both)
 *   "v1:1.2.3.4"         -> [v1:1.2.3.4:6789]   (typed; port 0 = that type's default)
 *   "[v2:a:3300,v1:a:6789]" -> as written
 * Entries are separated by ',', ' ' or ';'. IPv6 in brackets: "[::1]:3300".
 * Ceph makes two monmap entries ("noname-a" and "noname-a-legacy") where we
 * return one vector holding both addresses; a msgr2-only client picks v2.
 * *mons is xmalloc'd; *n >= 1 on success. -EINVAL on bad text, -ENOENT if empty.
 */
int cephconf_parse_mon_host(const char *text, struct entity_addrvec **mons, unsigned *n);
/*
 * mon_host for entity, or failing that the "mon addr" of each [mon.X]
 * section (v1, port 6789 by default), as Ceph's MonMap::build_initial.
 * Errors are logged with file and line.
 */
int cephconf_mon_addrs(const struct cephconf *cc, const char *entity,
		       struct entity_addrvec **mons, unsigned *n);

/*
 * Set log levels from every debug_<subsys> this entity sees ("5" or Ceph's
 * "5/20": the first number is the log level). Subsystems osdfarm does not
 * have are ignored; a bad level is -EINVAL (logged).
 */
int cephconf_apply_debug(const struct cephconf *cc, const char *entity);

/* Normalise a key in place: trim, a run of blanks -> one '_', '-' -> '_'. */
void cephconf_normalize_key(char *key);

#endif
