/*
 * asok_json.c — command-map parser, reply writer and json-pretty
 * re-indenter for the admin socket (see asok_json.h).
 *
 * The parser follows RFC 8259 for the subset it accepts. It only ever
 * allocates in proportion to the input it was given, and refuses more than
 * ASOK_JSON_MAX_FIELDS members or ASOK_JSON_MAX_ITEMS array elements.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/asok_json.h"
#include "common/mem.h"

/* ---------------------------------------------------------------- parser */

struct jp {
	const char *p, *end;
	const char *why;        /* first error */
};

static int
jp_fail(struct jp *j, const char *why)
{
	if (j->why == NULL)
		j->why = why;
	return -EINVAL;
}

static void
jp_ws(struct jp *j)
{
	while (j->p < j->end &&
	       (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -EINVAL;
	}
	*out = v;
	return 0;
}

static size_t
put_utf8(char *d, unsigned cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | (cp >> 6));
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | (cp >> 12));
		d[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | (cp >> 18));
	d[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	d[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A string at j->p (on the opening quote); *out is xmalloc'd. */
static int
jp_string(struct jp *j, char **out)
{
	const char *s;
	char *d, *dst;

	if (j->p >= j->end || *j->p != '"')
		return jp_fail(j, "expected a string");
	s = ++j->p;
	/* The decoded text is never longer than the escaped text. */
	while (j->p < j->end && *j->p != '"') {
		if (*j->p == '\\')
			j->p++;
		j->p++;
	}
	if (j->p >= j->end)
		return jp_fail(j, "unterminated string");
	dst = d = xmalloc((size_t)(j->p - s) + 1);
	while (s < j->p) {
		unsigned char c = (unsigned char)*s++;
		unsigned cp, lo;

		if (c < 0x20)
			goto bad_ctl;
		if (c != '\\') {
			*d++ = (char)c;
			continue;
		}
		switch (*s++) {
		case '"': *d++ = '"'; break;
		case '\\': *d++ = '\\'; break;
		case '/': *d++ = '/'; break;
		case 'b': *d++ = '\b'; break;
		case 'f': *d++ = '\f'; break;
		case 'n': *d++ = '\n'; break;
		case 'r': *d++ = '\r'; break;
		case 't': *d++ = '\t'; break;
		case 'u':
			if (j->p - s < 4 || hex4(s, &cp) < 0)
				goto bad_esc;
			s += 4;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				goto bad_esc;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				/* a surrogate pair: \uD8xx\uDCxx */
				if (j->p - s < 6 || s[0] != '\\' || s[1] != 'u' ||
				    hex4(s + 2, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
					goto bad_esc;
				s += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			if (cp == 0)
				goto bad_esc;   /* C strings cannot hold NUL */
			d += put_utf8(d, cp);
			break;
		default:
			goto bad_esc;
		}
	}
	*d = '\0';
	j->p++;         /* closing quote */
	*out = dst;
	return 0;
bad_ctl:
	free(dst);
	return jp_fail(j, "control character in string");
bad_esc:
	free(dst);
	return jp_fail(j, "bad escape in string");
}

/* A number; its literal text in *text (xmalloc'd). */
static int
jp_number(struct jp *j, char **text, enum asok_jtype *type, int64_t *iv, double *dv)
{
	const char *s = j->p;
	int integral = 1;
	char *t, *end;

	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p >= j->end || *j->p < '0' || *j->p > '9')
		return jp_fail(j, "bad number");
	if (*j->p == '0')
		j->p++;
	else
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	if (j->p < j->end && *j->p == '.') {
		integral = 0;
		j->p++;
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return jp_fail(j, "bad number");
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		integral = 0;
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return jp_fail(j, "bad number");
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	t = xstrndup(s, (size_t)(j->p - s));
	*dv = strtod(t, NULL);
	*type = ASOK_J_FLOAT;
	if (integral) {
		long long v;

		errno = 0;
		v = strtoll(t, &end, 10);
		if (errno == 0 && *end == '\0') {
			*iv = v;
			*type = ASOK_J_INT;
		}
	}
	*text = t;
	return 0;
}

static int
jp_word(struct jp *j, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
		return -EINVAL;
	j->p += n;
	return 0;
}

static void
field_free(struct asok_jfield *f)
{
	unsigned i;

	free(f->key);
	free(f->str);
	for (i = 0; i < f->nitems; i++)
		free(f->items[i]);
	free(f->items);
}

static int
jp_array(struct jp *j, struct asok_jfield *f)
{
	unsigned cap = 0;
	int have_str = 0, have_int = 0, have_float = 0;

	j->p++;         /* '[' */
	f->type = ASOK_J_ARRAY;
	jp_ws(j);
	if (j->p < j->end && *j->p == ']') {
		j->p++;
		f->item_type = ASOK_J_STR;
		return 0;
	}
	for (;;) {
		char *it;

		jp_ws(j);
		if (f->nitems == ASOK_JSON_MAX_ITEMS)
			return jp_fail(j, "too many array elements");
		if (j->p < j->end && *j->p == '"') {
			if (jp_string(j, &it) < 0)
				return -EINVAL;
			have_str = 1;
		} else {
			enum asok_jtype t;
			int64_t iv;
			double dv;

			if (jp_number(j, &it, &t, &iv, &dv) < 0)
				return jp_fail(j, "arrays hold strings or numbers");
			if (t == ASOK_J_INT)
				have_int = 1;
			else
				have_float = 1;
		}
		if (f->nitems == cap) {
			cap = cap ? cap * 2 : 4;
			f->items = xreallocarray(f->items, cap, sizeof(*f->items));
		}
		f->items[f->nitems++] = it;
		if (have_str && (have_int || have_float))
			return jp_fail(j, "array mixes strings and numbers");
		jp_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == ']') {
			j->p++;
			break;
		}
		return jp_fail(j, "expected ',' or ']'");
	}
	f->item_type = have_str ? ASOK_J_STR : have_float ? ASOK_J_FLOAT : ASOK_J_INT;
	return 0;
}

static int
jp_value(struct jp *j, struct asok_jfield *f)
{
	if (j->p >= j->end)
		return jp_fail(j, "expected a value");
	switch (*j->p) {
	case '"':
		f->type = ASOK_J_STR;
		return jp_string(j, &f->str);
	case '[':
		return jp_array(j, f);
	case 't':
	case 'f':
		f->type = ASOK_J_BOOL;
		f->b = *j->p == 't';
		if (jp_word(j, f->b ? "true" : "false") < 0)
			return jp_fail(j, "bad literal");
		return 0;
	case '{':
		return jp_fail(j, "nested objects are not accepted");
	case 'n':
		return jp_fail(j, "null is not accepted");
	default:
		return jp_number(j, &f->str, &f->type, &f->i, &f->d);
	}
}

int
asok_jmap_parse(const char *text, size_t len, struct asok_jmap *m,
		char *err, size_t errsz)
{
	struct jp j = { text, text + len, NULL };
	unsigned cap = 0, i;
	int r = -EINVAL;

	m->f = NULL;
	m->n = 0;
	jp_ws(&j);
	if (j.p >= j.end || *j.p != '{') {
		jp_fail(&j, "expected an object");
		goto out;
	}
	j.p++;
	jp_ws(&j);
	if (j.p < j.end && *j.p == '}') {
		j.p++;
		goto tail;
	}
	for (;;) {
		struct asok_jfield *f;
		char *key;

		jp_ws(&j);
		if (jp_string(&j, &key) < 0)
			goto out;
		for (i = 0; i < m->n; i++) {
			if (strcmp(m->f[i].key, key) == 0) {
				free(key);
				jp_fail(&j, "duplicate key");
				goto out;
			}
		}
		if (m->n == ASOK_JSON_MAX_FIELDS) {
			free(key);
			jp_fail(&j, "too many members");
			goto out;
		}
		if (m->n == cap) {
			cap = cap ? cap * 2 : 8;
			m->f = xreallocarray(m->f, cap, sizeof(*m->f));
		}
		f = &m->f[m->n++];
		memset(f, 0, sizeof(*f));
		f->key = key;
		jp_ws(&j);
		if (j.p >= j.end || *j.p != ':') {
			jp_fail(&j, "expected ':'");
			goto out;
		}
		j.p++;
		jp_ws(&j);
		if (jp_value(&j, f) < 0)
			goto out;
		jp_ws(&j);
		if (j.p < j.end && *j.p == ',') {
			j.p++;
			continue;
		}
		if (j.p < j.end && *j.p == '}') {
			j.p++;
			break;
		}
		jp_fail(&j, "expected ',' or '}'");
		goto out;
	}
tail:
	jp_ws(&j);
	if (j.p != j.end) {
		jp_fail(&j, "trailing bytes after the object");
		goto out;
	}
	r = 0;
out:
	if (r < 0) {
		if (err && errsz)
			snprintf(err, errsz, "%s at byte %zu", j.why ? j.why : "invalid json",
				 (size_t)(j.p - text));
		asok_jmap_free(m);
	}
	return r;
}

void
asok_jmap_free(struct asok_jmap *m)
{
	unsigned i;

	for (i = 0; i < m->n; i++)
		field_free(&m->f[i]);
	free(m->f);
	m->f = NULL;
	m->n = 0;
}

const struct asok_jfield *
asok_jmap_get(const struct asok_jmap *m, const char *key)
{
	unsigned i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->f[i].key, key) == 0)
			return &m->f[i];
	return NULL;
}

/* ---------------------------------------------------------------- writer */

void
asok_out_init(struct asok_out *o)
{
	memset(o, 0, sizeof(*o));
}

void
asok_out_free(struct asok_out *o)
{
	free(o->buf);
	free(o->err);
	memset(o, 0, sizeof(*o));
}

void
asok_out_reset(struct asok_out *o)
{
	o->len = 0;
	if (o->buf)
		o->buf[0] = '\0';
	o->text = false;
	o->depth = 0;
	o->nonempty = 0;
}

void
asok_out_raw(struct asok_out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 256;

		while (o->len + n + 1 > cap)
			cap *= 2;
		o->buf = xrealloc(o->buf, cap);
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

void
json_quote(const char *s, void (*put)(void *ctx, const char *p, size_t n), void *ctx)
{
	static const char hex[] = "0123456789abcdef";
	const char *run;

	put(ctx, "\"", 1);
	for (run = s; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c != '"' && c != '\\' && c >= 0x20)
			continue;
		put(ctx, run, (size_t)(s - run));
		if (c < 0x20) {
			char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

			put(ctx, e, 6);
		} else {
			char e[2] = { '\\', (char)c };

			put(ctx, e, 2);
		}
		run = s + 1;
	}
	if (run && s)
		put(ctx, run, (size_t)(s - run));
	put(ctx, "\"", 1);
}

static void
put_asok(void *ctx, const char *p, size_t n)
{
	asok_out_raw(ctx, p, n);
}

void
asok_out_quoted(struct asok_out *o, const char *s)
{
	json_quote(s, put_asok, o);
}

/* Comma and "key": before a member or element. */
static void
member(struct asok_out *o, const char *key)
{
	uint64_t bit = (uint64_t)1 << o->depth;

	if (o->depth > 0 && (o->nonempty & bit))
		asok_out_raw(o, ",", 1);
	o->nonempty |= bit;
	if (key) {
		asok_out_quoted(o, key);
		asok_out_raw(o, ":", 1);
	}
}

static void
open_container(struct asok_out *o, const char *key, const char *brace)
{
	member(o, key);
	asok_out_raw(o, brace, 1);
	if (o->depth < ASOK_OUT_MAX_DEPTH)
		o->depth++;
	o->nonempty &= ~((uint64_t)1 << o->depth);
}

static void
close_container(struct asok_out *o, const char *brace)
{
	asok_out_raw(o, brace, 1);
	if (o->depth > 0)
		o->depth--;
}

void asok_out_open_object(struct asok_out *o, const char *key) { open_container(o, key, "{"); }
void asok_out_close_object(struct asok_out *o) { close_container(o, "}"); }
void asok_out_open_array(struct asok_out *o, const char *key) { open_container(o, key, "["); }
void asok_out_close_array(struct asok_out *o) { close_container(o, "]"); }

void
asok_out_string(struct asok_out *o, const char *key, const char *s)
{
	member(o, key);
	asok_out_quoted(o, s);
}

void
asok_out_int(struct asok_out *o, const char *key, int64_t v)
{
	char b[32];
	int n = snprintf(b, sizeof(b), "%" PRId64, v);

	member(o, key);
	asok_out_raw(o, b, (size_t)n);
}

void
asok_out_uint(struct asok_out *o, const char *key, uint64_t v)
{
	char b[32];
	int n = snprintf(b, sizeof(b), "%" PRIu64, v);

	member(o, key);
	asok_out_raw(o, b, (size_t)n);
}

void
asok_out_bool(struct asok_out *o, const char *key, bool v)
{
	member(o, key);
	asok_out_raw(o, v ? "true" : "false", v ? 4 : 5);
}

void
asok_out_json(struct asok_out *o, const char *key, const char *json, size_t len)
{
	member(o, key);
	asok_out_raw(o, json, len);
}

void
asok_out_text(struct asok_out *o, const char *s, size_t len)
{
	o->text = true;
	asok_out_raw(o, s, len);
}

void
asok_out_error(struct asok_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	free(o->err);
	o->err = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(o->err, (size_t)n + 1, fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------------------- pretty */

static void
newline_indent(struct asok_out *o, int depth)
{
	static const char spaces[] = "                                ";
	int i;

	asok_out_raw(o, "\n", 1);
	for (i = 0; i < depth; i++)
		asok_out_raw(o, spaces, 4);
}

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/*
 * Ceph's JSONFormatter in pretty mode puts every member and element on its
 * own line, four spaces per level, "key": value, empty containers as {} and
 * [], and ends the document with a newline (src/common/Formatter.cc).
 */
char *
asok_json_pretty(const char *json, size_t len, size_t *outlen)
{
	struct asok_out o;
	const char *p = json, *end = json + len;
	int depth = 0;

	asok_out_init(&o);
	asok_out_raw(&o, "", 0);
	while ((p = skip_ws(p, end)) < end) {
		char c = *p;

		if (c == '"') {
			const char *s = p++;

			while (p < end && *p != '"') {
				if (*p == '\\' && p + 1 < end)
					p++;
				p++;
			}
			if (p < end)
				p++;
			asok_out_raw(&o, s, (size_t)(p - s));
			continue;
		}
		p++;
		switch (c) {
		case '{':
		case '[': {
			const char *q = skip_ws(p, end);
			char close = c == '{' ? '}' : ']';

			asok_out_raw(&o, &c, 1);
			if (q < end && *q == close) {
				asok_out_raw(&o, &close, 1);
				p = q + 1;
				break;
			}
			depth++;
			newline_indent(&o, depth);
			break;
		}
		case '}':
		case ']':
			if (depth > 0)
				depth--;
			newline_indent(&o, depth);
			asok_out_raw(&o, &c, 1);
			break;
		case ',':
			asok_out_raw(&o, ",", 1);
			newline_indent(&o, depth);
			break;
		case ':':
			asok_out_raw(&o, ": ", 2);
			break;
		default:
			asok_out_raw(&o, &c, 1);
			break;
		}
	}
	asok_out_raw(&o, "\n", 1);
	free(o.err);
	*outlen = o.len;
	return o.buf;
}
