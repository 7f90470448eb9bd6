/*
 * osdcap.c — parse and check OSD capabilities (see osdcap.h).
 *
 * The parser is a small lexer (words, quoted strings, '=', ';', ',')
 * under a recursive-descent reading of the grammar in osdcap.h.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/mem.h"
#include "common/types.h"
#include "msg/auth.h"
#include "msg/msgr.h"
#include "osd/mosdop.h"
#include "osd/osdcap.h"
#include "osd/osdmap.h"

#define OSDCAP_MAX_GRANTS 256
#define OSDCAP_TOKEN_MAX 256

/* ---- lexer ---- */

enum tok_kind { T_END, T_WORD, T_QUOTED, T_EQ, T_SEP };

struct lex {
	const char *s, *p;
	enum tok_kind kind;
	char text[OSDCAP_TOKEN_MAX];
	const char *start;              /* where the current token began */
	int err;
};

static int
word_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '/' || c == '-' || c == '*' ||
	       c == ':' || c == '[' || c == ']';
}

static void
lex_next(struct lex *l)
{
	size_t n = 0;

	while (*l->p && isspace((unsigned char)*l->p))
		l->p++;
	l->start = l->p;
	l->text[0] = 0;
	if (!*l->p) {
		l->kind = T_END;
		return;
	}
	if (*l->p == '=') {
		l->kind = T_EQ;
		l->p++;
		return;
	}
	if (*l->p == ';' || *l->p == ',') {
		l->kind = T_SEP;
		l->p++;
		return;
	}
	if (*l->p == '"' || *l->p == '\'') {
		char q = *l->p++;

		while (*l->p && *l->p != q) {
			if (n + 1 >= sizeof(l->text)) {
				l->err = 1;
				return;
			}
			l->text[n++] = *l->p++;
		}
		if (*l->p != q) {
			l->err = 1;
			return;
		}
		l->p++;
		l->text[n] = 0;
		l->kind = T_QUOTED;
		return;
	}
	while (*l->p && word_char((unsigned char)*l->p)) {
		if (n + 1 >= sizeof(l->text)) {
			l->err = 1;
			return;
		}
		l->text[n++] = *l->p++;
	}
	if (n == 0) {
		l->err = 1;             /* a character no rule accepts */
		return;
	}
	l->text[n] = 0;
	l->kind = T_WORD;
}

static int
is_word(const struct lex *l, const char *w)
{
	return l->kind == T_WORD && strcmp(l->text, w) == 0;
}

/* STR: a quoted (non-empty) string or a plain word without '*'. */
static int
take_str(struct lex *l, char **out, int allow_empty, int allow_star)
{
	if (l->err)
		return -EINVAL;
	if (l->kind == T_QUOTED) {
		if (!allow_empty && !l->text[0])
			return -EINVAL;
	} else if (l->kind == T_WORD) {
		const char *star = strchr(l->text, '*');

		if (star && (!allow_star || star[1] != 0))
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	*out = xstrdup(l->text);
	lex_next(l);
	return 0;
}

/* KEYWORD ['='] value (the '=' or a space separates them). */
static int
take_kv(struct lex *l, char **out, int allow_empty, int allow_star)
{
	lex_next(l);
	if (l->kind == T_EQ)
		lex_next(l);
	return take_str(l, out, allow_empty, allow_star);
}

/* ---- grants ---- */

static void
grant_clear(struct osdcap_grant *g)
{
	free(g->pool);
	free(g->nspace);
	free(g->object_prefix);
	free(g->class_name);
	free(g->method);
	memset(g, 0, sizeof(*g));
}

static struct osdcap_grant *
grant_add(struct osdcap *c)
{
	struct osdcap_grant *g;

	if (c->n >= OSDCAP_MAX_GRANTS)
		return NULL;
	c->g = xrealloc(c->g, (c->n + 1) * sizeof(*c->g));
	g = &c->g[c->n++];
	memset(g, 0, sizeof(*g));
	return g;
}

static void
set_nspace(struct osdcap_grant *g, char *ns)
{
	size_t n = strlen(ns);

	g->has_nspace = 1;
	if (n && ns[n - 1] == '*') {
		ns[n - 1] = 0;
		g->nspace_prefix = 1;
	}
	g->nspace = ns;
}

/* The spec words, if the current token starts one; 1 = parsed, 0 = none. */
static int
parse_spec(struct lex *l, struct osdcap_grant *g)
{
	const char *t = l->text;
	int any = 0;

	if (l->kind != T_WORD)
		return 0;
	if (strcmp(t, "*") == 0 || strcmp(t, "all") == 0) {
		g->allow = OSDCAP_ANY;
		lex_next(l);
		return 1;
	}
	if (strcmp(t, "class") == 0) {
		lex_next(l);
		if (take_str(l, &g->class_name, 0, 0) < 0)
			return -EINVAL;
		/* an optional method name: a word that is not the next keyword */
		if ((l->kind == T_WORD || l->kind == T_QUOTED) && !is_word(l, "pool") &&
		    !is_word(l, "namespace") && !is_word(l, "object_prefix") &&
		    !is_word(l, "tag") && !is_word(l, "network") &&
		    take_str(l, &g->method, 0, 0) < 0)
			return -EINVAL;
		return 1;
	}
	/* [r][w][x] in this order, at least one letter */
	{
		const char *p = t;
		uint8_t a = 0;

		if (*p == 'r')
			a |= OSDCAP_R, p++;
		if (*p == 'w')
			a |= OSDCAP_W, p++;
		if (*p == 'x')
			a |= OSDCAP_X, p++;
		if (a && *p == 0) {
			g->allow |= a;
			any = 1;
			lex_next(l);
		}
	}
	if (is_word(l, "class-read")) {
		g->allow |= OSDCAP_CLS_R;
		any = 1;
		lex_next(l);
	}
	if (is_word(l, "class-write")) {
		g->allow |= OSDCAP_CLS_W;
		any = 1;
		lex_next(l);
	}
	return any;
}

static int
parse_match(struct lex *l, struct osdcap_grant *g)
{
	char *s = NULL;

	if (is_word(l, "pool") && take_kv(l, &g->pool, 0, 0) < 0)
		return -EINVAL;
	if (is_word(l, "namespace")) {
		if (take_kv(l, &s, 1, 1) < 0)
			return -EINVAL;
		set_nspace(g, s);
	}
	if (is_word(l, "tag")) {
		/* tag APP KEY=VALUE: needs the pool's application metadata */
		char *a = NULL, *k = NULL, *v = NULL;
		int r;

		if (g->pool)
			return -EINVAL;
		lex_next(l);
		r = take_str(l, &a, 0, 0);
		if (r == 0)
			r = take_str(l, &k, 0, 1);
		if (r == 0 && l->kind != T_EQ)
			r = -EINVAL;
		if (r == 0) {
			lex_next(l);
			r = take_str(l, &v, 0, 1);
		}
		free(a);
		free(k);
		free(v);
		if (r < 0)
			return r;
		g->never = 1;
		return 0;
	}
	if (is_word(l, "object_prefix")) {
		lex_next(l);
		if (take_str(l, &g->object_prefix, 0, 0) < 0)
			return -EINVAL;
	}
	return 0;
}

static int
parse_network(struct lex *l, struct osdcap_grant *g)
{
	if (!is_word(l, "network"))
		return 0;
	lex_next(l);
	if (l->kind != T_WORD || l->err)
		return -EINVAL;
	g->never = 1;                   /* see osdcap.h */
	lex_next(l);
	return 0;
}

/* Grants of a profile (OSDCapGrant::expand_profile). */
static int
expand_profile(struct osdcap *c, const char *name, const char *pool, const char *ns,
	       int has_ns, int ns_prefix, int never)
{
	struct osdcap_grant *g;

#define ADD(a, pl, nsp, hasns, prefix, cls, meth)                                   \
	do {                                                                        \
		if ((g = grant_add(c)) == NULL)                                     \
			return -E2BIG;                                              \
		g->allow = (a);                                                     \
		g->never = never;                                                   \
		g->pool = (pl) && *(const char *)(pl) ? xstrdup(pl) : NULL;        \
		if (hasns) {                                                        \
			set_nspace(g, xstrdup((nsp) ? (nsp) : ""));                 \
			g->nspace_prefix = (nsp) == ns ? ns_prefix : 0;             \
		}                                                                   \
		g->object_prefix = (prefix) ? xstrdup(prefix) : NULL;              \
		g->class_name = (cls) ? xstrdup(cls) : NULL;                        \
		g->method = (meth) ? xstrdup(meth) : NULL;                          \
	} while (0)

	if (strcmp(name, "read-only") == 0) {
		ADD(OSDCAP_R, pool, ns, has_ns, NULL, NULL, NULL);
	} else if (strcmp(name, "read-write") == 0) {
		ADD(OSDCAP_R | OSDCAP_W, pool, ns, has_ns, NULL, NULL, NULL);
	} else if (strcmp(name, "rbd") == 0) {
		ADD(OSDCAP_R, NULL, NULL, 0, "rbd_info", NULL, NULL);
		ADD(OSDCAP_CLS_R, NULL, NULL, 0, "rbd_children", NULL, NULL);
		ADD(OSDCAP_CLS_R, NULL, NULL, 0, "rbd_mirroring", NULL, NULL);
		ADD(0, pool, "", 1, "rbd_info", "rbd", "metadata_list");
		ADD(OSDCAP_R | OSDCAP_W | OSDCAP_X, pool, ns, has_ns, NULL, NULL, NULL);
	} else if (strcmp(name, "rbd-read-only") == 0) {
		ADD(0, pool, "", 1, "rbd_info", "rbd", "metadata_list");
		ADD(OSDCAP_R | OSDCAP_CLS_R, pool, ns, has_ns, NULL, NULL, NULL);
		ADD(0, pool, ns, has_ns, "rbd_header.", "rbd", "child_attach");
		ADD(0, pool, ns, has_ns, "rbd_header.", "rbd", "child_detach");
	}
	/* any other profile parses and grants nothing */
#undef ADD
	return 0;
}

static int
parse_profile(struct lex *l, struct osdcap *c)
{
	struct osdcap_grant tmp;
	char *name = NULL;
	int r;

	memset(&tmp, 0, sizeof(tmp));
	r = take_kv(l, &name, 0, 0);
	if (r == 0 && is_word(l, "pool")) {
		r = take_kv(l, &tmp.pool, 0, 0);
		if (r == 0 && is_word(l, "namespace")) {
			char *s = NULL;

			if ((r = take_kv(l, &s, 1, 1)) == 0)
				set_nspace(&tmp, s);
		}
	}
	if (r == 0)
		r = parse_network(l, &tmp);
	if (r == 0)
		r = expand_profile(c, name, tmp.pool, tmp.nspace, tmp.has_nspace,
				   tmp.nspace_prefix, tmp.never);
	free(name);
	grant_clear(&tmp);
	return r;
}

static int
parse_grant(struct lex *l, struct osdcap *c)
{
	struct osdcap_grant g;
	int r;

	if (is_word(l, "profile"))
		return parse_profile(l, c);
	if (!is_word(l, "allow"))
		return -EINVAL;
	lex_next(l);
	memset(&g, 0, sizeof(g));
	r = parse_spec(l, &g);
	if (r == 1) {
		r = parse_match(l, &g);
	} else if (r == 0) {
		if ((r = parse_match(l, &g)) == 0)
			r = parse_spec(l, &g) == 1 ? 0 : -EINVAL;
	}
	if (r == 0)
		r = parse_network(l, &g);
	if (r == 0 && !l->err) {
		struct osdcap_grant *ng = grant_add(c);

		if (ng == NULL) {
			r = -E2BIG;
		} else {
			*ng = g;
			return 0;
		}
	}
	grant_clear(&g);
	return r < 0 ? r : -EINVAL;
}

int
osdcap_parse(const char *s, struct osdcap *c, char *err, size_t errsz)
{
	struct lex l;
	int r = 0;

	memset(c, 0, sizeof(*c));
	memset(&l, 0, sizeof(l));
	l.s = l.p = s ? s : "";
	lex_next(&l);
	for (;;) {
		if (l.err || (r = parse_grant(&l, c)) < 0)
			break;
		if (l.kind == T_END)
			return 0;
		if (l.kind != T_SEP) {
			r = -EINVAL;
			break;
		}
		lex_next(&l);
	}
	if (err && errsz)
		snprintf(err, errsz, "osd capability parse failed, stopped at '%.64s' of '%.128s'",
			 l.start ? l.start : "", l.s);
	osdcap_free(c);
	return -EINVAL;
}

void
osdcap_free(struct osdcap *c)
{
	for (unsigned i = 0; i < c->n; i++)
		grant_clear(&c->g[i]);
	free(c->g);
	memset(c, 0, sizeof(*c));
}

static int
grant_matches_all(const struct osdcap_grant *g)
{
	return !g->never && !g->pool && !g->has_nspace && !g->object_prefix;
}

int
osdcap_allow_all(const struct osdcap *c)
{
	for (unsigned i = 0; i < c->n; i++)
		if (grant_matches_all(&c->g[i]) && c->g[i].allow == OSDCAP_ANY)
			return 1;
	return 0;
}

static int
grant_match(const struct osdcap_grant *g, const char *pool, const char *ns, size_t nslen,
	    const char *obj, size_t objlen)
{
	if (g->never)
		return 0;
	if (g->pool && strcmp(g->pool, pool ? pool : "") != 0)
		return 0;
	if (g->has_nspace) {
		size_t n = strlen(g->nspace);

		if (g->nspace_prefix) {
			if (nslen < n || memcmp(ns, g->nspace, n) != 0)
				return 0;
		} else if (n != nslen || memcmp(ns, g->nspace, n) != 0) {
			return 0;
		}
	}
	if (g->object_prefix) {
		size_t n = strlen(g->object_prefix);

		if (objlen < n || memcmp(obj, g->object_prefix, n) != 0)
			return 0;
	}
	return 1;
}

int
osdcap_is_capable(const struct osdcap *c, const char *pool, const char *ns, size_t nslen,
		  const char *obj, size_t objlen, int may_read, int may_write)
{
	for (unsigned i = 0; i < c->n; i++) {
		const struct osdcap_grant *g = &c->g[i];

		if (!grant_match(g, pool, ns, nslen, obj, objlen))
			continue;
		if ((may_read && !(g->allow & OSDCAP_R)) || (may_write && !(g->allow & OSDCAP_W)))
			continue;
		return 1;
	}
	return 0;
}

/* ---- the op layer's check, with a small cache of parsed caps ---- */

#define CAPS_CACHE 8
static struct {
	char *text;
	struct osdcap caps;
	int bad;                        /* did not parse: deny everything */
	uint64_t used;
} cache[CAPS_CACHE];
static uint64_t cache_clock;

static int
caps_lookup(const char *text, const struct osdcap **out)
{
	char err[256];
	int victim = 0;

	for (int i = 0; i < CAPS_CACHE; i++) {
		if (cache[i].text && strcmp(cache[i].text, text) == 0) {
			cache[i].used = ++cache_clock;
			*out = &cache[i].caps;
			return cache[i].bad ? -EINVAL : 0;
		}
		if (cache[i].used < cache[victim].used)
			victim = i;
	}
	free(cache[victim].text);
	osdcap_free(&cache[victim].caps);
	cache[victim].text = xstrdup(text);
	cache[victim].used = ++cache_clock;
	cache[victim].bad = osdcap_parse(text, &cache[victim].caps, err, sizeof(err)) < 0;
	if (cache[victim].bad)
		log_error(LOG_OSD, "client caps: %s; every op is refused", err);
	*out = &cache[victim].caps;
	return cache[victim].bad ? -EINVAL : 0;
}

int
osdcap_check_conn(struct conn *c, const char *pool, const struct strview *ns,
		  const struct strview *obj, int may_read, int may_write)
{
	const struct osdcap *caps;
	const char *text;
	int all = 0;

	if (conn_auth_method(c) != AUTH_METHOD_CEPHX)
		return 0;
	text = conn_peer_caps(c, &all);
	if (all)
		return 0;
	if (text == NULL || caps_lookup(text, &caps) < 0)
		return -EPERM;
	if (osdcap_is_capable(caps, pool, ns->p, ns->len, obj->p, obj->len, may_read, may_write))
		return 0;
	return -EPERM;
}

int
osdcap_check_op(struct conn *c, const struct osdmap *map, const struct mosdop *req,
		int may_write)
{
	const char *pool;
	int may_read = 0, r;

	if (conn_auth_method(c) != AUTH_METHOD_CEPHX)
		return 0;               /* fast path: auth none */
	for (uint32_t i = 0; i < req->nops; i++)
		if (osd_op_is_read(req->ops[i].op))
			may_read = 1;
	pool = osdmap_pool_name(map, req->oloc.pool);
	r = osdcap_check_conn(c, pool ? pool : "", &req->oloc.nspace,
			      req->oloc.key.len ? &req->oloc.key : &req->oid, may_read, may_write);
	if (r < 0 && log_enabled(LOG_OSD, 5))
		log_emit(LOG_OSD, 5, "op on %s/%.*s refused by the client's caps (%s%s)",
			 pool ? pool : "?", (int)req->oid.len, req->oid.p, may_read ? "r" : "",
			 may_write ? "w" : "");
	return r;
}
