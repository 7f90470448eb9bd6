/*
 * asok_cmds.c — the admin-socket command table: descriptors, validation,
 * dispatch, Pacific's error payloads and the commands every daemon has
 * (see asok_cmds.h; perf/config/ops commands are in asok_builtin.c).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/asok_cmds.h"
#include "common/asok_cmds_int.h"
#include "common/log.h"
#include "common/mem.h"

/* One "k=v,k=v" token of a descriptor. */
struct cmd_arg {
	char *name, *type;
	char *choices;          /* CephChoices: "a|b|c" */
	bool req;               /* req=false makes it optional */
	bool multi;             /* n=N: an array */
	unsigned nkv;
	char **k, **v;          /* every key=value, sorted by key (for the sig) */
};

struct cmd {
	char *prefix;           /* the literal words, one space apart */
	char *help;
	struct cmd_arg *args;
	unsigned nargs;
	asok_cmd_fn fn;
	void *arg;
};

/* ---------------------------------------------------------------- descriptors */

static void
arg_free(struct cmd_arg *a)
{
	unsigned i;

	for (i = 0; i < a->nkv; i++) {
		free(a->k[i]);
		free(a->v[i]);
	}
	free(a->k);
	free(a->v);
}

static void
cmd_free(struct cmd *c)
{
	unsigned i;

	for (i = 0; i < c->nargs; i++)
		arg_free(&c->args[i]);
	free(c->args);
	free(c->prefix);
	free(c->help);
}

static const char *
kv_get(const struct cmd_arg *a, const char *k)
{
	unsigned i;

	for (i = 0; i < a->nkv; i++)
		if (strcmp(a->k[i], k) == 0)
			return a->v[i];
	return NULL;
}

/* "name=val,type=CephString,n=N" -> a; keys kept sorted like Ceph's std::map. */
static int
parse_arg(const char *tok, size_t len, struct cmd_arg *a)
{
	const char *p = tok, *end = tok + len;
	const char *req, *n;

	memset(a, 0, sizeof(*a));
	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *eq;
		char *k, *v;
		unsigned i;

		if (comma == NULL)
			comma = end;
		eq = memchr(p, '=', (size_t)(comma - p));
		if (eq == NULL || eq == p)
			return -EINVAL;
		k = xstrndup(p, (size_t)(eq - p));
		v = xstrndup(eq + 1, (size_t)(comma - eq - 1));
		for (i = 0; i < a->nkv && strcmp(a->k[i], k) < 0; i++)
			;
		if (i < a->nkv && strcmp(a->k[i], k) == 0) {
			free(k);
			free(v);
			return -EINVAL;
		}
		a->k = xreallocarray(a->k, a->nkv + 1, sizeof(char *));
		a->v = xreallocarray(a->v, a->nkv + 1, sizeof(char *));
		memmove(&a->k[i + 1], &a->k[i], (a->nkv - i) * sizeof(char *));
		memmove(&a->v[i + 1], &a->v[i], (a->nkv - i) * sizeof(char *));
		a->k[i] = k;
		a->v[i] = v;
		a->nkv++;
		p = comma + 1;
	}
	a->name = (char *)kv_get(a, "name");
	a->type = (char *)kv_get(a, "type");
	a->choices = (char *)kv_get(a, "strings");
	if (a->name == NULL || a->type == NULL || a->name[0] == '\0')
		return -EINVAL;
	req = kv_get(a, "req");
	a->req = req == NULL || strcmp(req, "false") != 0;
	n = kv_get(a, "n");
	a->multi = n != NULL && strcmp(n, "1") != 0;
	return 0;
}

static int
parse_desc(const char *desc, struct cmd *c)
{
	const char *p = desc;
	size_t plen = 0;
	char *prefix = xmalloc(strlen(desc) + 1);

	memset(c, 0, sizeof(*c));
	for (;;) {
		const char *s;
		size_t n;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		s = p;
		while (*p && *p != ' ')
			p++;
		n = (size_t)(p - s);
		if (memchr(s, '=', n) == NULL) {
			if (c->nargs > 0)
				goto bad;       /* literal words only before arguments */
			if (plen)
				prefix[plen++] = ' ';
			memcpy(prefix + plen, s, n);
			plen += n;
			continue;
		}
		c->args = xreallocarray(c->args, c->nargs + 1, sizeof(*c->args));
		if (parse_arg(s, n, &c->args[c->nargs]) < 0) {
			arg_free(&c->args[c->nargs]);
			goto bad;
		}
		c->nargs++;
	}
	if (plen == 0)
		goto bad;
	prefix[plen] = '\0';
	c->prefix = prefix;
	return 0;
bad:
	free(prefix);
	cmd_free(c);
	memset(c, 0, sizeof(*c));
	return -EINVAL;
}

/* ---------------------------------------------------------------- table */

/* Index of the first command whose prefix is >= prefix (std::map order). */
static unsigned
lower_bound(const struct asok_cmds *t, const char *prefix)
{
	unsigned lo = 0, hi = t->n;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (strcmp(t->cmds[mid].prefix, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct cmd *
find_cmd(const struct asok_cmds *t, const char *prefix)
{
	unsigned i = lower_bound(t, prefix);

	return i < t->n && strcmp(t->cmds[i].prefix, prefix) == 0 ? &t->cmds[i] : NULL;
}

int
asok_cmds_register(struct asok_cmds *t, const char *desc, const char *help,
		   asok_cmd_fn fn, void *arg)
{
	struct cmd c;
	unsigned i;

	if (desc == NULL || fn == NULL || parse_desc(desc, &c) < 0) {
		log_error(LOG_ASOK, "asok: bad command descriptor '%s'", desc ? desc : "(null)");
		return -EINVAL;
	}
	i = lower_bound(t, c.prefix);
	if (i < t->n && strcmp(t->cmds[i].prefix, c.prefix) == 0) {
		log_debug(LOG_ASOK, 5, "asok: command '%s' already registered", c.prefix);
		cmd_free(&c);
		return -EEXIST;
	}
	c.help = xstrdup(help ? help : "");
	c.fn = fn;
	c.arg = arg;
	t->cmds = xreallocarray(t->cmds, t->n + 1, sizeof(*t->cmds));
	memmove(&t->cmds[i + 1], &t->cmds[i], (t->n - i) * sizeof(*t->cmds));
	t->cmds[i] = c;
	t->n++;
	return 0;
}

int
asok_cmds_unregister(struct asok_cmds *t, const char *prefix)
{
	struct cmd *c = find_cmd(t, prefix);
	unsigned i;

	if (c == NULL)
		return -ENOENT;
	i = (unsigned)(c - t->cmds);
	cmd_free(c);
	memmove(&t->cmds[i], &t->cmds[i + 1], (t->n - i - 1) * sizeof(*t->cmds));
	t->n--;
	return 0;
}

int
asok_cmds_set_handler(struct asok_cmds *t, const char *prefix, asok_cmd_fn fn, void *arg)
{
	struct cmd *c = find_cmd(t, prefix);

	if (c == NULL || fn == NULL)
		return -ENOENT;
	c->fn = fn;
	c->arg = arg;
	return 0;
}

void
asok_cmds_set_version(struct asok_cmds *t, const char *version, const char *git_version)
{
	if (version) {
		free(t->version);
		t->version = xstrdup(version);
	}
	if (git_version) {
		free(t->git_version);
		t->git_version = xstrdup(git_version);
	}
}

/* ---------------------------------------------------------------- validation */

static bool
str_is_int(const char *s)
{
	char *end;

	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	(void)strtoll(s, &end, 10);
	return errno == 0 && *end == '\0';
}

static bool
str_is_float(const char *s)
{
	char *end;

	if (s == NULL || *s == '\0')
		return false;
	(void)strtod(s, &end);
	return *end == '\0';
}

static bool
in_choices(const char *choices, const char *v)
{
	size_t n = strlen(v);
	const char *p = choices;

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len == n && memcmp(p, v, n) == 0)
			return true;
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

/* One scalar against its type (cmdparse.cc: validate_cmd / the CLI's types). */
static bool
scalar_ok(const struct cmd_arg *a, enum asok_jtype jt, const char *text)
{
	if (strcmp(a->type, "CephInt") == 0)
		return jt == ASOK_J_INT || (jt == ASOK_J_STR && str_is_int(text));
	if (strcmp(a->type, "CephFloat") == 0)
		return jt == ASOK_J_INT || jt == ASOK_J_FLOAT ||
		       (jt == ASOK_J_STR && str_is_float(text));
	if (strcmp(a->type, "CephBool") == 0)
		return jt == ASOK_J_BOOL ||
		       (jt == ASOK_J_STR && (strcmp(text, "true") == 0 ||
					     strcmp(text, "false") == 0));
	if (jt != ASOK_J_STR)
		return false;
	if (strcmp(a->type, "CephChoices") == 0)
		return a->choices && in_choices(a->choices, text);
	return true;
}

static bool
validate(const struct cmd *c, const struct asok_jmap *m, char *why, size_t whysz)
{
	unsigned i, k;

	for (i = 0; i < c->nargs; i++) {
		const struct cmd_arg *a = &c->args[i];
		const struct asok_jfield *f = asok_jmap_get(m, a->name);

		if (f == NULL) {
			if (!a->req)
				continue;
			snprintf(why, whysz, "missing argument '%s'", a->name);
			return false;
		}
		if (a->multi) {
			if (f->type != ASOK_J_ARRAY)
				goto bad;
			for (k = 0; k < f->nitems; k++)
				if (!scalar_ok(a, f->item_type, f->items[k]))
					goto bad;
			continue;
		}
		if (f->type == ASOK_J_ARRAY || !scalar_ok(a, f->type, f->str))
			goto bad;
		continue;
bad:
		snprintf(why, whysz, "argument '%s' is not a valid %s%s", a->name,
			 a->type, a->multi ? " list" : "");
		return false;
	}
	return true;
}

/* ---------------------------------------------------------------- dispatch */

int
asok_cmds_call(struct asok_cmds *t, const char *json, size_t len, struct asok_out *out)
{
	struct asok_req req;
	const struct asok_jfield *f;
	const struct cmd *c;
	char why[160];
	int r;

	asok_out_reset(out);
	free(out->err);
	out->err = NULL;
	memset(&req, 0, sizeof(req));
	if (asok_jmap_parse(json, len, &req.map, why, sizeof(why)) < 0) {
		log_debug(LOG_ASOK, 1, "asok: invalid json: %s", why);
		asok_out_error(out, "invalid json");
		return -EINVAL;
	}
	f = asok_jmap_get(&req.map, "prefix");
	req.prefix = f && f->type == ASOK_J_STR ? f->str : "";
	f = asok_jmap_get(&req.map, "format");
	/* Ceph falls back to json-pretty for any format it does not know. */
	req.pretty = !(f && f->type == ASOK_J_STR && strcmp(f->str, "json") == 0);
	c = find_cmd(t, req.prefix);
	if (c == NULL) {
		log_debug(LOG_ASOK, 1, "asok: unknown command prefix '%s'", req.prefix);
		asok_out_error(out, "unknown command prefix %s", req.prefix);
		r = -EINVAL;
		goto done;
	}
	if (!validate(c, &req.map, why, sizeof(why))) {
		log_debug(LOG_ASOK, 1, "asok: '%s': %s", req.prefix, why);
		asok_out_error(out, "invalid command json");
		r = -EINVAL;
		goto done;
	}
	log_debug(LOG_ASOK, 5, "asok: request '%s'", req.prefix);
	r = c->fn(c->arg, &req, out);
	if (r < 0) {
		asok_out_reset(out);
		if (out->err == NULL)
			asok_out_error(out, "%s", "");
	} else if (!out->text && req.pretty) {
		size_t n;
		char *p = asok_json_pretty(out->buf ? out->buf : "", out->len, &n);

		free(out->buf);
		out->buf = p;
		out->len = n;
		out->cap = n + 1;
	}
done:
	asok_jmap_free(&req.map);
	return r;
}

char *
asok_cmds_execute(void *arg, const char *req, size_t len, size_t *outlen)
{
	struct asok_cmds *t = arg;
	struct asok_out o;
	char *p;
	int r;

	asok_out_init(&o);
	r = asok_cmds_call(t, req, len, &o);
	if (r < 0) {
		/* The asok wire has no status: Pacific prepends it to the text. */
		char head[128];
		int n = snprintf(head, sizeof(head), "ERROR: (%d) %s\n", -r, strerror(-r));

		asok_out_reset(&o);
		asok_out_raw(&o, head, (size_t)n);
		asok_out_raw(&o, o.err, strlen(o.err));
		asok_out_raw(&o, "\n", 1);
	}
	asok_out_raw(&o, "", 0);        /* a buffer even for an empty reply */
	p = o.buf;
	*outlen = o.len;
	o.buf = NULL;
	asok_out_free(&o);
	return p;
}

/* ---------------------------------------------------------------- requests */

const char *
asok_req_str(const struct asok_req *r, const char *name)
{
	const struct asok_jfield *f = asok_jmap_get(&r->map, name);

	return f && f->type == ASOK_J_STR ? f->str : NULL;
}

int
asok_req_int(const struct asok_req *r, const char *name, int64_t *v)
{
	const struct asok_jfield *f = asok_jmap_get(&r->map, name);

	if (f == NULL)
		return -ENOENT;
	if (f->type == ASOK_J_INT) {
		*v = f->i;
		return 0;
	}
	if (f->type == ASOK_J_STR && str_is_int(f->str)) {
		*v = strtoll(f->str, NULL, 10);
		return 0;
	}
	return -EINVAL;
}

unsigned
asok_req_strv(const struct asok_req *r, const char *name, char *const **items)
{
	const struct asok_jfield *f = asok_jmap_get(&r->map, name);

	if (f == NULL || f->type != ASOK_J_ARRAY) {
		*items = NULL;
		return 0;
	}
	*items = f->items;
	return f->nitems;
}

/* ---------------------------------------------------------------- built-ins */

/* "0": the asok protocol version, one byte; collectd checks the length is 1. */
static int
cmd_sock_version(void *arg, const struct asok_req *req, struct asok_out *out)
{
	asok_out_text(out, "2", 1);
	return 0;
}

static int
cmd_version(void *arg, const struct asok_req *req, struct asok_out *out)
{
	struct asok_cmds *t = arg;

	asok_out_open_object(out, NULL);
	if (strcmp(req->prefix, "git_version") == 0) {
		asok_out_string(out, "git_version", t->git_version);
	} else {
		asok_out_string(out, "version", t->version);
		asok_out_string(out, "release", "pacific");
		asok_out_string(out, "release_type", "stable");
	}
	asok_out_close_object(out);
	return 0;
}

static int
cmd_help(void *arg, const struct asok_req *req, struct asok_out *out)
{
	struct asok_cmds *t = arg;
	unsigned i;

	asok_out_open_object(out, NULL);
	for (i = 0; i < t->n; i++)
		if (t->cmds[i].help[0])
			asok_out_string(out, t->cmds[i].prefix, t->cmds[i].help);
	asok_out_close_object(out);
	return 0;
}

/*
 * {"cmd000": {"sig": ["perf", "dump", {"name": "logger", "req": "false",
 * "type": "CephString"}, ...], "help": "..."}, ...} in prefix order: what
 * ceph_argparse.parse_json_funcsigs reads (src/common/cmdparse.cc:
 * dump_cmd_and_help_to_json). Pretty unless the request says "json", as
 * Pacific answers the CLI's format-less request.
 */
static int
cmd_descriptions(void *arg, const struct asok_req *req, struct asok_out *out)
{
	struct asok_cmds *t = arg;
	unsigned i, j, k;

	asok_out_open_object(out, NULL);
	for (i = 0; i < t->n; i++) {
		const struct cmd *c = &t->cmds[i];
		const char *w = c->prefix;
		char key[16];

		snprintf(key, sizeof(key), "cmd%03u", i);
		asok_out_open_object(out, key);
		asok_out_open_array(out, "sig");
		while (*w) {
			const char *sp = strchr(w, ' ');
			size_t n = sp ? (size_t)(sp - w) : strlen(w);
			char *word = xstrndup(w, n);

			asok_out_string(out, NULL, word);
			free(word);
			w += n;
			if (*w == ' ')
				w++;
		}
		for (j = 0; j < c->nargs; j++) {
			asok_out_open_object(out, NULL);
			for (k = 0; k < c->args[j].nkv; k++)
				asok_out_string(out, c->args[j].k[k], c->args[j].v[k]);
			asok_out_close_object(out);
		}
		asok_out_close_array(out);
		asok_out_string(out, "help", c->help);
		asok_out_close_object(out);
	}
	asok_out_close_object(out);
	return 0;
}

struct asok_cmds *
asok_cmds_new(struct perf_registry *perf)
{
	struct asok_cmds *t = xcalloc(1, sizeof(*t));

	t->perf = perf;
	t->version = xstrdup("16.2.15-osdfarm-" PACKAGE_VERSION);
	t->git_version = xstrdup("osdfarm-" PACKAGE_VERSION);
	asok_cmds_register(t, "0", "", cmd_sock_version, t);
	asok_cmds_register(t, "version", "get ceph version", cmd_version, t);
	asok_cmds_register(t, "git_version", "get git sha1", cmd_version, t);
	asok_cmds_register(t, "help", "list available commands", cmd_help, t);
	asok_cmds_register(t, "get_command_descriptions", "list available commands",
			   cmd_descriptions, t);
	asok_builtin_register(t);
	return t;
}

void
asok_cmds_free(struct asok_cmds *t)
{
	unsigned i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		cmd_free(&t->cmds[i]);
	free(t->cmds);
	for (i = 0; i < t->nconf; i++) {
		free(t->conf[i].name);
		free(t->conf[i].value);
	}
	free(t->conf);
	free(t->version);
	free(t->git_version);
	free(t);
}
