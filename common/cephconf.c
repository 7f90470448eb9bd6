/*
 * cephconf.c — parsing ceph.conf and looking values up as a Ceph daemon does.
 *
 * The grammar follows src/common/ConfUtils.cc (IniGrammer): headings in
 * brackets, `key = value`, ';' or '#' start a comment anywhere outside
 * quotes, a backslash escapes the next character and a backslash at the end
 * of a line joins the next one, values may be quoted with " or '. Lookup
 * precedence and metavariables follow src/common/config.cc
 * (get_my_sections, _expand_meta). Tokens of mon_host follow
 * src/common/ceph_argparse.cc (parse_ip_port_vec) and src/mon/MonMap.cc.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cephconf.h"
#include "common/conf.h"
#include "common/log.h"
#include "common/mem.h"

/* Larger is not a config file (Ceph's own limit is far higher, but nobody needs it). */
#define CEPHCONF_FILE_MAX (16u << 20)
#define EXPAND_DEPTH_MAX 10
#define EXPAND_LEN_MAX 65536
#define MON_MAX 256

struct cc_entry {
	char *key;              /* normalised */
	char *val;              /* unquoted, unescaped, trimmed */
	const char *file;       /* owned by cephconf.files */
	int line;               /* 0: override or default */
};

struct cc_section {
	char *name;
	struct cc_entry *e;
	unsigned n, cap;
};

struct cephconf {
	char *cluster;
	struct cc_section *sec;
	unsigned nsec, capsec;
	struct cc_section over; /* command-line overrides */
	char **files;
	unsigned nfiles;
};

/* Ceph's defaults for the keys osdfarm looks up (src/common/options.cc). */
static const struct {
	const char *key;
	const char *val;
} defaults[] = {
	{ "run_dir", "/var/run/ceph" },
	{ "admin_socket", "$run_dir/$cluster-$name.asok" },
	{ "keyring", "/etc/ceph/$cluster.$name.keyring,/etc/ceph/$cluster.keyring,"
		     "/etc/ceph/keyring,/etc/ceph/keyring.bin" },
	{ "osd_data", "/var/lib/ceph/osd/$cluster-$id" },
	{ "log_file", "/var/log/ceph/$cluster-$name.log" },
	{ "auth_cluster_required", "cephx" },
	{ "auth_service_required", "cephx" },
	{ "auth_client_required", "cephx, none" },
	{ "ms_bind_msgr2", "true" },
	{ "ms_bind_msgr1", "true" },
};

/* ------------------------------------------------------------ structure */

struct cephconf *
cephconf_new(const char *cluster)
{
	struct cephconf *cc = xcalloc(1, sizeof(*cc));

	cc->cluster = xstrdup(cluster ? cluster : "ceph");
	return cc;
}

static void
section_free(struct cc_section *s)
{
	unsigned i;

	for (i = 0; i < s->n; i++) {
		free(s->e[i].key);
		free(s->e[i].val);
	}
	free(s->e);
	free(s->name);
}

void
cephconf_free(struct cephconf *cc)
{
	unsigned i;

	if (cc == NULL)
		return;
	for (i = 0; i < cc->nsec; i++)
		section_free(&cc->sec[i]);
	free(cc->sec);
	section_free(&cc->over);
	for (i = 0; i < cc->nfiles; i++)
		free(cc->files[i]);
	free(cc->files);
	free(cc->cluster);
	free(cc);
}

const char *
cephconf_cluster(const struct cephconf *cc)
{
	return cc->cluster;
}

/*
 * src/common/ConfUtils.cc normalize_key_name: trimmed, each run of blanks
 * becomes one '_'. Dashes are taken as underscores too (Ceph does that for
 * command-line options; in files Pacific only matches the '_' spelling).
 */
void
cephconf_normalize_key(char *key)
{
	char *r = key, *w = key, *end;
	int blank = 0;

	while (*r == ' ' || *r == '\t')
		r++;
	end = r + strlen(r);
	while (end > r && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	for (; r < end; r++) {
		if (*r == ' ' || *r == '\t') {
			blank = 1;
			continue;
		}
		if (blank)
			*w++ = '_';
		blank = 0;
		*w++ = *r == '-' ? '_' : *r;
	}
	*w = '\0';
}

static struct cc_section *
section_find(const struct cephconf *cc, const char *name)
{
	unsigned i;

	for (i = 0; i < cc->nsec; i++)
		if (strcmp(cc->sec[i].name, name) == 0)
			return &cc->sec[i];
	return NULL;
}

static struct cc_section *
section_get(struct cephconf *cc, const char *name)
{
	struct cc_section *s = section_find(cc, name);

	if (s != NULL)
		return s;
	if (cc->nsec == cc->capsec) {
		cc->capsec = cc->capsec ? cc->capsec * 2 : 8;
		cc->sec = xreallocarray(cc->sec, cc->capsec, sizeof(*cc->sec));
	}
	s = &cc->sec[cc->nsec++];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	return s;
}

static const struct cc_entry *
entry_find(const struct cc_section *s, const char *key)
{
	unsigned i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->e[i].key, key) == 0)
			return &s->e[i];
	return NULL;
}

/* Set key (already normalised) in s; a later line for the same key wins, as in Ceph. */
static void
entry_set(struct cc_section *s, const char *key, const char *val,
	  const char *file, int line)
{
	struct cc_entry *e = (struct cc_entry *)entry_find(s, key);

	if (e == NULL) {
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 8;
			s->e = xreallocarray(s->e, s->cap, sizeof(*s->e));
		}
		e = &s->e[s->n++];
		e->key = xstrdup(key);
	} else {
		free(e->val);
	}
	e->val = xstrdup(val);
	e->file = file;
	e->line = line;
}

void
cephconf_set_override(struct cephconf *cc, const char *key, const char *value)
{
	char *k = xstrdup(key);

	cephconf_normalize_key(k);
	entry_set(&cc->over, k, value, "command line", 0);
	free(k);
}

int
cephconf_apply_args(struct cephconf *cc, int argc, char *const argv[],
		    char *err, size_t errsz)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *eq;
		char *key;

		if (strncmp(a, "--", 2) != 0 || a[2] == '\0' || a[2] == '=') {
			snprintf(err, errsz, "unexpected argument '%s' (expected --key value)", a);
			return -EINVAL;
		}
		a += 2;
		eq = strchr(a, '=');
		if (eq != NULL) {
			key = xstrndup(a, (size_t)(eq - a));
			cephconf_set_override(cc, key, eq + 1);
		} else {
			if (i + 1 >= argc) {
				snprintf(err, errsz, "--%s needs a value", a);
				return -EINVAL;
			}
			key = xstrdup(a);
			cephconf_set_override(cc, key, argv[++i]);
		}
		free(key);
	}
	return 0;
}

/* ------------------------------------------------------------ parsing */

struct parser {
	struct cephconf *cc;
	const char *name;       /* file name for messages (owned by cc->files) */
	const char *p, *end;
	int line;               /* line of the character at p */
	char *err;
	size_t errsz;
	char *tok;              /* scratch for the logical line being read */
	size_t toklen, tokcap;
};

static int __attribute__((format(printf, 3, 4)))
perr(struct parser *ps, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->err == NULL || ps->errsz == 0)
		return -EINVAL;
	n = snprintf(ps->err, ps->errsz, "%s:%d: ", ps->name, line);
	if (n >= 0 && (size_t)n < ps->errsz) {
		va_start(ap, fmt);
		vsnprintf(ps->err + n, ps->errsz - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static void
tok_put(struct parser *ps, char c)
{
	if (ps->toklen + 1 >= ps->tokcap) {
		ps->tokcap = ps->tokcap ? ps->tokcap * 2 : 256;
		ps->tok = xrealloc(ps->tok, ps->tokcap);
	}
	ps->tok[ps->toklen++] = c;
	ps->tok[ps->toklen] = '\0';
}

static int
at_eol(const struct parser *ps)
{
	return ps->p >= ps->end || *ps->p == '\n' ||
	       (*ps->p == '\r' && ps->p + 1 < ps->end && ps->p[1] == '\n');
}

static void
skip_eol(struct parser *ps)
{
	if (ps->p < ps->end && *ps->p == '\r')
		ps->p++;
	if (ps->p < ps->end && *ps->p == '\n') {
		ps->p++;
		ps->line++;
	}
}

/*
 * The next character of the logical line: a backslash-newline pair is
 * skipped (continuation), a backslash before any other character yields it
 * literally (*escaped = 1). Returns -1 at the end of the logical line.
 */
static int
next_char(struct parser *ps, int *escaped)
{
	*escaped = 0;
	for (;;) {
		if (at_eol(ps))
			return -1;
		if (*ps->p == '\\') {
			ps->p++;
			if (at_eol(ps)) {
				if (ps->p >= ps->end)
					return -1;
				skip_eol(ps);
				continue;
			}
			*escaped = 1;
		}
		return (unsigned char)*ps->p++;
	}
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* After a comment start: the comment ends with its physical line (no continuation). */
static void
skip_comment(struct parser *ps)
{
	while (!at_eol(ps))
		ps->p++;
	skip_eol(ps);
}

/* Skip the rest of the line, which must be blanks or a comment. */
static int
finish_line(struct parser *ps, int c, int esc, int line, const char *after)
{
	while (c >= 0 && !esc && is_blank(c))
		c = next_char(ps, &esc);
	if (c >= 0 && (esc || (c != '#' && c != ';')))
		return perr(ps, line, "unexpected '%c' after %s", c, after);
	skip_comment(ps);
	return 0;
}

static void
trim_tok(struct parser *ps)
{
	while (ps->toklen > 0 && is_blank(ps->tok[ps->toklen - 1]))
		ps->tok[--ps->toklen] = '\0';
}

static int
parse_heading(struct parser *ps, struct cc_section **cur, int line)
{
	int c, esc;

	ps->toklen = 0;
	tok_put(ps, '\0');
	ps->toklen = 0;
	while ((c = next_char(ps, &esc)) >= 0 && !(c == ']' && !esc)) {
		if (!esc && (c == '#' || c == ';'))
			break;
		tok_put(ps, (char)c);
	}
	if (c != ']')
		return perr(ps, line, "section heading without closing ']'");
	/* Not trimmed: "[ osd ]" is a section Ceph never matches, as here. */
	if (ps->toklen == 0)
		return perr(ps, line, "empty section name");
	*cur = section_get(ps->cc, ps->tok);
	c = next_char(ps, &esc);
	return finish_line(ps, c, esc, line, "the section heading");
}

static int
parse_key_value(struct parser *ps, struct cc_section *cur, int c, int esc, int line)
{
	char *key;
	int quote, r;

	/* Key: up to '=' (Ceph's key may hold blanks between words, not '['). */
	ps->toklen = 0;
	tok_put(ps, '\0');
	ps->toklen = 0;
	while (c >= 0 && !(c == '=' && !esc)) {
		if (!esc && (c == '#' || c == ';' || c == '['))
			break;
		tok_put(ps, (char)c);
		c = next_char(ps, &esc);
	}
	if (c != '=' || esc)
		return perr(ps, line, "expected 'key = value'");
	trim_tok(ps);
	key = xstrdup(ps->tok);
	cephconf_normalize_key(key);
	if (*key == '\0') {
		free(key);
		return perr(ps, line, "empty key before '='");
	}
	if (cur == NULL) {
		r = perr(ps, line, "'%s' is outside of any [section]", key);
		free(key);
		return r;
	}

	/* Value */
	ps->toklen = 0;
	tok_put(ps, '\0');
	ps->toklen = 0;
	do
		c = next_char(ps, &esc);
	while (c >= 0 && !esc && is_blank(c));
	quote = (!esc && (c == '"' || c == '\'')) ? c : 0;
	if (quote) {
		while ((c = next_char(ps, &esc)) >= 0 && !(c == quote && !esc)) {
			/* Ceph's grammar has no comment characters inside quotes either. */
			if (!esc && (c == '#' || c == ';'))
				break;
			tok_put(ps, (char)c);
		}
		if (c != quote) {
			free(key);
			if (c >= 0)
				return perr(ps, line, "'%c' inside quotes must be escaped "
					    "('\\%c')", c, c);
			return perr(ps, line, "unterminated quoted value");
		}
		c = next_char(ps, &esc);
		r = finish_line(ps, c, esc, line, "the quoted value");
		if (r < 0) {
			free(key);
			return r;
		}
	} else {
		while (c >= 0 && !(!esc && (c == '#' || c == ';'))) {
			tok_put(ps, (char)c);
			c = next_char(ps, &esc);
		}
		skip_comment(ps);
		trim_tok(ps);        /* even escaped blanks, as Ceph's conf_line_t */
	}
	entry_set(cur, key, ps->tok, ps->name, line);
	free(key);
	return 0;
}

static int
parse_text(struct cephconf *cc, const char *text, size_t len, const char *name,
	   char *err, size_t errsz)
{
	struct parser ps = { .cc = cc, .p = text, .end = text + len, .line = 1,
			     .err = err, .errsz = errsz };
	struct cc_section *cur = NULL;
	int r = 0;

	if (memchr(text, '\0', len) != NULL) {
		int line = 1;
		const char *q;

		for (q = text; *q; q++)
			line += *q == '\n';
		cc->files = xreallocarray(cc->files, cc->nfiles + 1, sizeof(*cc->files));
		ps.name = cc->files[cc->nfiles++] = xstrdup(name);
		return perr(&ps, line, "NUL byte in the file");
	}
	cc->files = xreallocarray(cc->files, cc->nfiles + 1, sizeof(*cc->files));
	ps.name = cc->files[cc->nfiles++] = xstrdup(name);

	while (ps.p < ps.end && r == 0) {
		int line = ps.line, c, esc;

		do
			c = next_char(&ps, &esc);
		while (c >= 0 && !esc && is_blank(c));
		if (c < 0) {
			skip_eol(&ps);          /* empty line */
		} else if (!esc && (c == '#' || c == ';')) {
			r = finish_line(&ps, c, esc, line, "");
		} else if (!esc && c == '[') {
			r = parse_heading(&ps, &cur, line);
		} else {
			r = parse_key_value(&ps, cur, c, esc, line);
		}
	}
	free(ps.tok);
	return r;
}

int
cephconf_load_string(struct cephconf *cc, const char *text, const char *name,
		     char *err, size_t errsz)
{
	return parse_text(cc, text, strlen(text), name ? name : "(string)", err, errsz);
}

int
cephconf_load_file(struct cephconf *cc, const char *path, char *err, size_t errsz)
{
	struct stat st;
	char *text;
	size_t got = 0;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		r = -errno;
		snprintf(err, errsz, "%s: %s", path, strerror(-r));
		if (fd >= 0)
			close(fd);
		return r;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		if (S_ISCHR(st.st_mode))
			return 0;       /* /dev/null: an empty configuration, as in Ceph */
		snprintf(err, errsz, "%s: not a regular file", path);
		return -EINVAL;
	}
	if ((uint64_t)st.st_size > CEPHCONF_FILE_MAX) {
		close(fd);
		snprintf(err, errsz, "%s: %lld bytes, larger than the %u allowed", path,
			 (long long)st.st_size, CEPHCONF_FILE_MAX);
		return -EFBIG;
	}
	text = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, text + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	text[got] = '\0';
	r = parse_text(cc, text, got, path, err, errsz);
	free(text);
	return r;
}

/* ------------------------------------------------------------ lookup */

/* "osd.3" -> type "osd", id "3"; "osd" -> type "osd", id "". */
static void
split_entity(const char *entity, char *type, size_t tsz, const char **id)
{
	const char *dot = entity ? strchr(entity, '.') : NULL;
	size_t n;

	if (entity == NULL) {
		*type = '\0';
		*id = "";
		return;
	}
	n = dot ? (size_t)(dot - entity) : strlen(entity);
	if (n >= tsz)
		n = tsz - 1;
	memcpy(type, entity, n);
	type[n] = '\0';
	*id = dot ? dot + 1 : "";
}

static const struct cc_entry *
lookup(const struct cephconf *cc, const char *entity, const char *key)
{
	static struct cc_entry dflt;    /* single-threaded: one per process */
	const struct cc_entry *e;
	char *k = xstrdup(key), type[64];
	const char *id;
	size_t i;

	cephconf_normalize_key(k);
	split_entity(entity, type, sizeof(type), &id);
	e = entry_find(&cc->over, k);
	if (e == NULL && entity != NULL && *id != '\0')
		e = entry_find(section_find(cc, entity), k);
	if (e == NULL && *type != '\0')
		e = entry_find(section_find(cc, type), k);
	if (e == NULL)
		e = entry_find(section_find(cc, "global"), k);
	for (i = 0; e == NULL && i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		if (strcmp(defaults[i].key, k) == 0) {
			dflt.key = (char *)defaults[i].key;
			dflt.val = (char *)defaults[i].val;
			dflt.file = "default";
			dflt.line = 0;
			e = &dflt;
		}
	}
	free(k);
	return e;
}

const char *
cephconf_get_raw(const struct cephconf *cc, const char *entity, const char *key,
		 int *line)
{
	const struct cc_entry *e = lookup(cc, entity, key);

	if (line)
		*line = e ? e->line : 0;
	return e ? e->val : NULL;
}

struct sbuf {
	char *p;
	size_t len, cap;
};

static int
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > EXPAND_LEN_MAX)
		return -E2BIG;
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static void
short_hostname(char *out, size_t outsz)
{
	char *dot;

	if (gethostname(out, outsz) < 0)
		snprintf(out, outsz, "localhost");
	out[outsz - 1] = '\0';
	dot = strchr(out, '.');
	if (dot)
		*dot = '\0';
}

static int
expand(const struct cephconf *cc, const char *entity, const char *v,
       struct sbuf *out, int depth)
{
	char type[64], var[128], host[256], pid[24];
	const char *id;
	int r;

	if (depth > EXPAND_DEPTH_MAX)
		return -ELOOP;
	split_entity(entity, type, sizeof(type), &id);
	while (*v) {
		const char *start = v, *val = NULL;
		const struct cc_entry *e;
		size_t n = 0;
		int braces = 0;

		if (*v != '$') {
			n = strcspn(v, "$");
			if ((r = sb_add(out, v, n)) < 0)
				return r;
			v += n;
			continue;
		}
		v++;
		if (*v == '{') {
			braces = 1;
			v++;
		}
		while ((isalnum((unsigned char)v[n]) || v[n] == '_') && n < sizeof(var) - 1)
			n++;
		if (n == 0 || (braces && v[n] != '}')) {
			/* Not a variable: keep the '$' literally. */
			if ((r = sb_add(out, "$", 1)) < 0)
				return r;
			v = start + 1;
			continue;
		}
		memcpy(var, v, n);
		var[n] = '\0';
		v += n + (size_t)braces;

		if (strcmp(var, "cluster") == 0) {
			val = cc->cluster;
		} else if (strcmp(var, "type") == 0) {
			val = type;
		} else if (strcmp(var, "id") == 0 || strcmp(var, "num") == 0) {
			val = id;
		} else if (strcmp(var, "name") == 0) {
			val = entity ? entity : "";
		} else if (strcmp(var, "host") == 0) {
			short_hostname(host, sizeof(host));
			val = host;
		} else if (strcmp(var, "pid") == 0) {
			snprintf(pid, sizeof(pid), "%d", (int)getpid());
			val = pid;
		} else if ((e = lookup(cc, entity, var)) != NULL) {
			/* Another option's value, itself expanded ($run_dir). */
			if ((r = expand(cc, entity, e->val, out, depth + 1)) < 0)
				return r;
			continue;
		}
		if (val == NULL)        /* unknown: left as written, as Ceph does */
			r = sb_add(out, start, (size_t)(v - start));
		else
			r = sb_add(out, val, strlen(val));
		if (r < 0)
			return r;
	}
	return 0;
}

int
cephconf_expand(const struct cephconf *cc, const char *entity, const char *value,
		char **out)
{
	struct sbuf b = { NULL, 0, 0 };
	int r;

	sb_add(&b, "", 0);
	r = expand(cc, entity, value, &b, 0);
	if (r < 0) {
		free(b.p);
		*out = NULL;
		return r;
	}
	*out = b.p;
	return 0;
}

/* "ceph.conf:12", or "command line" / "default" for values without a line. */
static const char *
origin(const struct cc_entry *e, char *out, size_t outsz)
{
	if (e->line > 0)
		snprintf(out, outsz, "%s:%d", e->file, e->line);
	else
		snprintf(out, outsz, "%s", e->file);
	return out;
}

int
cephconf_get(const struct cephconf *cc, const char *entity, const char *key, char **out)
{
	const struct cc_entry *e = lookup(cc, entity, key);
	char at[256];
	int r;

	*out = NULL;
	if (e == NULL)
		return -ENOENT;
	r = cephconf_expand(cc, entity, e->val, out);
	if (r == -ELOOP)
		log_error(LOG_CONF, "%s: %s: metavariables nest too deep (a loop?)",
			  origin(e, at, sizeof(at)), key);
	else if (r == -E2BIG)
		log_error(LOG_CONF, "%s: %s: expands to more than %d bytes",
			  origin(e, at, sizeof(at)), key, EXPAND_LEN_MAX);
	return r;
}

/* The expanded value, or NULL with *r = 0 (unset) or an error. */
static char *
get_typed(const struct cephconf *cc, const char *entity, const char *key,
	  const struct cc_entry **ep, int *r)
{
	char *v;

	*ep = lookup(cc, entity, key);
	*r = cephconf_get(cc, entity, key, &v);
	if (*r == -ENOENT)
		*r = 0;
	return v;
}

static int
bad_value(const struct cc_entry *e, const char *key, const char *v, const char *what)
{
	char at[256];

	log_error(LOG_CONF, "%s: %s = \"%s\": not %s", origin(e, at, sizeof(at)), key, v,
		  what);
	return -EINVAL;
}

static int
parse_int64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0')
		return -EINVAL;
	errno = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		v = strtoll(s, &end, 16);
	else
		v = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	while (isspace((unsigned char)*end))
		end++;
	if (end == s || *end != '\0')
		return -EINVAL;
	*out = v;
	return 0;
}

int
cephconf_get_int(const struct cephconf *cc, const char *entity, const char *key,
		 int64_t def, int64_t *out)
{
	const struct cc_entry *e;
	char *v = get_typed(cc, entity, key, &e, &(int){ 0 });
	int r = 0;

	if (v == NULL) {
		*out = def;
		return e ? -EINVAL : 0;
	}
	if (parse_int64(v, out) < 0)
		r = bad_value(e, key, v, "an integer");
	free(v);
	return r;
}

int
cephconf_get_bool(const struct cephconf *cc, const char *entity, const char *key,
		  bool def, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	const struct cc_entry *e;
	char *v = get_typed(cc, entity, key, &e, &(int){ 0 });
	size_t i;
	int r = -EINVAL;

	if (v == NULL) {
		*out = def;
		return e ? -EINVAL : 0;
	}
	for (i = 0; i < 4 && r < 0; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			r = 0;
		} else if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			r = 0;
		}
	}
	if (r < 0)
		r = bad_value(e, key, v, "a boolean (true/false)");
	free(v);
	return r;
}

int
cephconf_get_size(const struct cephconf *cc, const char *entity, const char *key,
		  uint64_t def, uint64_t *out)
{
	const struct cc_entry *e;
	char *v = get_typed(cc, entity, key, &e, &(int){ 0 });
	int r = 0;

	if (v == NULL) {
		*out = def;
		return e ? -EINVAL : 0;
	}
	if (conf_parse_size(v, out) < 0)
		r = bad_value(e, key, v, "a size (bytes, K, M, G, T)");
	free(v);
	return r;
}

int
cephconf_get_float(const struct cephconf *cc, const char *entity, const char *key,
		   double def, double *out)
{
	const struct cc_entry *e;
	char *v = get_typed(cc, entity, key, &e, &(int){ 0 });
	char *end;
	int r = 0;

	if (v == NULL) {
		*out = def;
		return e ? -EINVAL : 0;
	}
	errno = 0;
	*out = strtod(v, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (end == v || *end != '\0' || errno == ERANGE)
		r = bad_value(e, key, v, "a number");
	free(v);
	return r;
}

int
cephconf_get_fsid(const struct cephconf *cc, const char *entity, struct uuid *fsid)
{
	const struct cc_entry *e;
	int r;
	char *v = get_typed(cc, entity, "fsid", &e, &r);

	if (v == NULL)
		return e ? -EINVAL : -ENOENT;
	r = uuid_parse(v, fsid);
	if (r < 0)
		r = bad_value(e, "fsid", v, "a uuid");
	free(v);
	return r;
}

/* ------------------------------------------------------------ mon_host */

static uint16_t
default_mon_port(uint32_t type)
{
	return type == ENTITY_ADDR_LEGACY ? CEPH_MON_PORT_LEGACY : CEPH_MON_PORT_MSGR2;
}

/*
 * One address given without a vector: src/mon/MonMap.cc _add_ambiguous_addr
 * (the non-mkfs case, which a daemon uses), with Ceph's separate "-legacy"
 * monmap entry folded into the same vector.
 */
static void
ambiguous_addr(struct entity_addr a, struct entity_addrvec *v)
{
	uint16_t port = entity_addr_port(&a);

	v->n = 0;
	if (a.type == ENTITY_ADDR_LEGACY || a.type == ENTITY_ADDR_MSGR2) {
		if (port == 0)
			entity_addr_set_port(&a, default_mon_port(a.type));
		v->v[v->n++] = a;
		return;
	}
	if (port == CEPH_MON_PORT_LEGACY) {
		a.type = ENTITY_ADDR_LEGACY;
		v->v[v->n++] = a;
	} else if (port == CEPH_MON_PORT_MSGR2) {
		a.type = ENTITY_ADDR_MSGR2;
		v->v[v->n++] = a;
	} else if (port == 0) {
		a.type = ENTITY_ADDR_MSGR2;
		entity_addr_set_port(&a, CEPH_MON_PORT_MSGR2);
		v->v[v->n++] = a;
		a.type = ENTITY_ADDR_LEGACY;
		entity_addr_set_port(&a, CEPH_MON_PORT_LEGACY);
		v->v[v->n++] = a;
	} else {
		/* Unknown port: it may speak either protocol, try both. */
		a.type = ENTITY_ADDR_MSGR2;
		v->v[v->n++] = a;
		a.type = ENTITY_ADDR_LEGACY;
		v->v[v->n++] = a;
	}
}

/* Length of the next ','-separated piece, brackets nesting ("[::1]:3300", "[v2:..,v1:..]"). */
static size_t
piece_len(const char *s, size_t len)
{
	size_t i;
	int depth = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '[')
			depth++;
		else if (s[i] == ']')
			depth--;
		else if (s[i] == ',' && depth == 0)
			break;
	}
	return i;
}

/* "[v2:1.2.3.4:3300,v1:1.2.3.4:6789]": the inner list, typed as written. */
static int
parse_vector(const char *s, size_t len, struct entity_addrvec *v)
{
	char tmp[128];
	size_t off = 0, n;

	v->n = 0;
	if (len < 2)
		return -EINVAL;
	s++;
	len -= 2;
	while (off < len) {
		struct entity_addr a;

		n = piece_len(s + off, len - off);
		if (n == 0 || n >= sizeof(tmp) || v->n == ENTITY_ADDRVEC_MAX)
			return -EINVAL;
		memcpy(tmp, s + off, n);
		tmp[n] = '\0';
		if (entity_addr_parse(tmp, ENTITY_ADDR_MSGR2, &a) < 0 ||
		    a.u.sa.sa_family == AF_UNSPEC)
			return -EINVAL;
		if (a.type == ENTITY_ADDR_ANY)
			a.type = ENTITY_ADDR_MSGR2;
		if (entity_addr_port(&a) == 0)
			entity_addr_set_port(&a, default_mon_port(a.type));
		v->v[v->n++] = a;
		off += n;
		if (off < len) {
			off++;          /* the ',' */
			if (off == len)
				return -EINVAL;
		}
	}
	return v->n ? 0 : -EINVAL;
}

static int
add_mon(struct entity_addrvec **mons, unsigned *n, const struct entity_addrvec *v)
{
	unsigned i;

	for (i = 0; i < *n; i++)
		if (entity_addrvec_equal(&(*mons)[i], v))
			return 0;       /* listed twice: once is enough */
	if (*n >= MON_MAX)
		return -E2BIG;
	*mons = xreallocarray(*mons, *n + 1, sizeof(**mons));
	(*mons)[(*n)++] = *v;
	return 0;
}

int
cephconf_parse_mon_host(const char *text, struct entity_addrvec **mons, unsigned *n)
{
	const char *p = text;
	char tmp[128];
	int r = 0;

	*mons = NULL;
	*n = 0;
	while (*p && r == 0) {
		/* Items are separated by blanks or ';'; ',' works inside an item. */
		size_t ilen, off = 0;

		p += strspn(p, " \t;,");
		ilen = strcspn(p, " \t;");
		while (off < ilen && r == 0) {
			struct entity_addrvec v;
			struct entity_addr a;
			size_t len = piece_len(p + off, ilen - off);

			if (len == 0) {
				off++;          /* ",," */
				continue;
			}
			if (len >= sizeof(tmp)) {
				r = -EINVAL;
				break;
			}
			memcpy(tmp, p + off, len);
			tmp[len] = '\0';
			/* As Ceph: an address first ("[::1]:3300"), then a vector. */
			if (entity_addr_parse(tmp, ENTITY_ADDR_ANY, &a) == 0 &&
			    a.u.sa.sa_family != AF_UNSPEC) {
				ambiguous_addr(a, &v);
			} else if (tmp[0] == '[' && tmp[len - 1] == ']') {
				r = parse_vector(tmp, len, &v);
			} else {
				r = -EINVAL;
			}
			if (r == 0)
				r = add_mon(mons, n, &v);
			off += len;
		}
		p += ilen;
	}
	if (r == 0 && *n == 0)
		r = -ENOENT;
	if (r < 0) {
		free(*mons);
		*mons = NULL;
		*n = 0;
	}
	return r;
}

/* No mon_host: each [mon.X] section's "mon addr" (src/mon/MonMap.cc init_with_config_file). */
static int
mon_addrs_from_sections(const struct cephconf *cc, struct entity_addrvec **mons,
			unsigned *n)
{
	unsigned i;
	int r;

	for (i = 0; i < cc->nsec; i++) {
		const char *name = cc->sec[i].name;
		const struct cc_entry *e;
		struct entity_addrvec v;
		char *val;

		if (strncmp(name, "mon.", 4) != 0 || name[4] == '\0')
			continue;
		e = lookup(cc, name, "mon_addr");
		if (e == NULL)
			continue;
		r = cephconf_get(cc, name, "mon_addr", &val);
		if (r < 0)
			return r;
		/* A legacy setting: untyped means v1. */
		v.n = 1;
		if (entity_addr_parse(val, ENTITY_ADDR_LEGACY, &v.v[0]) < 0 ||
		    v.v[0].u.sa.sa_family == AF_UNSPEC) {
			r = bad_value(e, "mon addr", val, "an address");
			free(val);
			return r;
		}
		free(val);
		if (v.v[0].type == ENTITY_ADDR_ANY)
			v.v[0].type = ENTITY_ADDR_LEGACY;
		if (entity_addr_port(&v.v[0]) == 0)
			entity_addr_set_port(&v.v[0], default_mon_port(v.v[0].type));
		if ((r = add_mon(mons, n, &v)) < 0)
			return r;
	}
	return 0;
}

int
cephconf_mon_addrs(const struct cephconf *cc, const char *entity,
		   struct entity_addrvec **mons, unsigned *n)
{
	const struct cc_entry *e = lookup(cc, entity, "mon_host");
	char *val, at[256];
	int r;

	*mons = NULL;
	*n = 0;
	if (e != NULL && *e->val != '\0') {
		r = cephconf_get(cc, entity, "mon_host", &val);
		if (r < 0)
			return r;
		r = cephconf_parse_mon_host(val, mons, n);
		if (r < 0)
			log_error(LOG_CONF, "%s: mon_host = \"%s\": %s",
				  origin(e, at, sizeof(at)), val, r == -ENOENT ? "no addresses" :
				  r == -E2BIG ? "too many monitors" : "cannot parse");
		free(val);
		return r;
	}
	r = mon_addrs_from_sections(cc, mons, n);
	if (r == 0 && *n == 0)
		r = -ENOENT;
	if (r < 0) {
		free(*mons);
		*mons = NULL;
		*n = 0;
	}
	return r;
}

/* ------------------------------------------------------------ debug levels */

int
cephconf_apply_debug(const struct cephconf *cc, const char *entity)
{
	/* osdfarm's subsystem names and Ceph's names for the same things. */
	static const char *const names[] = {
		"context", "common", "ms", "monc", "osd", "memstore", "os",
		"crush", "auth", "sup", "conf", "asok",
	};
	char key[64];
	size_t i;
	int ret = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct cc_entry *e;
		int64_t lvl;
		char *v, *slash;

		snprintf(key, sizeof(key), "debug_%s", names[i]);
		e = lookup(cc, entity, key);
		if (e == NULL)
			continue;
		if (cephconf_get(cc, entity, key, &v) < 0) {
			ret = -EINVAL;
			continue;
		}
		/* "1/5": log level / in-memory gather level; we only have the first. */
		slash = strchr(v, '/');
		if (slash)
			*slash = '\0';
		if (parse_int64(v, &lvl) < 0 || lvl < 0 || lvl > 30 ||
		    log_set_level(names[i], (int)lvl) < 0)
			ret = bad_value(e, key, e->val, "a debug level 0..30");
		free(v);
	}
	return ret;
}
