/*
 * tjson.c — minimal JSON DOM for tests (see tjson.h).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "t/osd/tjson.h"

struct tp {
	const char *p, *end;
	int depth;
};

static void
ws(struct tp *t)
{
	while (t->p < t->end && isspace((unsigned char)*t->p))
		t->p++;
}

static struct tj *value(struct tp *t);

static char *
string(struct tp *t)
{
	size_t cap = 16, n = 0;
	char *s;

	if (t->p >= t->end || *t->p != '"')
		return NULL;
	t->p++;
	s = xmalloc(cap);
	while (t->p < t->end && *t->p != '"') {
		char c = *t->p++;

		if (c == '\\') {
			if (t->p >= t->end)
				break;
			c = *t->p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'u': {
				unsigned v = 0;

				if (t->end - t->p < 4)
					goto bad;
				for (int i = 0; i < 4; i++) {
					char h = *t->p++;

					v = v * 16 + (unsigned)(isdigit((unsigned char)h) ? h - '0' :
						(tolower((unsigned char)h) - 'a' + 10));
				}
				c = v < 0x80 ? (char)v : '?';
				break;
			}
			default: break;    /* \" \\ \/ */
			}
		}
		if (n + 1 >= cap)
			s = xrealloc(s, cap *= 2);
		s[n++] = c;
	}
	if (t->p >= t->end)
		goto bad;
	t->p++;
	s[n] = '\0';
	return s;
bad:
	free(s);
	return NULL;
}

static struct tj *
container(struct tp *t, int obj)
{
	struct tj *j = xcalloc(1, sizeof(*j));
	char close = obj ? '}' : ']';

	j->type = obj ? TJ_OBJ : TJ_ARR;
	t->p++;
	ws(t);
	if (t->p < t->end && *t->p == close) {
		t->p++;
		return j;
	}
	for (;;) {
		char *key = NULL;
		struct tj *v;

		ws(t);
		if (obj) {
			if ((key = string(t)) == NULL)
				goto bad;
			ws(t);
			if (t->p >= t->end || *t->p != ':') {
				free(key);
				goto bad;
			}
			t->p++;
		}
		if ((v = value(t)) == NULL) {
			free(key);
			goto bad;
		}
		j->v = xreallocarray(j->v, j->n + 1, sizeof(*j->v));
		j->k = xreallocarray(j->k, j->n + 1, sizeof(*j->k));
		j->v[j->n] = v;
		j->k[j->n] = key;
		j->n++;
		ws(t);
		if (t->p < t->end && *t->p == ',') {
			t->p++;
			continue;
		}
		if (t->p < t->end && *t->p == close) {
			t->p++;
			return j;
		}
		goto bad;
	}
bad:
	tj_free(j);
	return NULL;
}

static struct tj *
value(struct tp *t)
{
	struct tj *j;

	ws(t);
	if (t->p >= t->end || ++t->depth > 64)
		return NULL;
	switch (*t->p) {
	case '{':
	case '[':
		j = container(t, *t->p == '{');
		break;
	case '"':
		j = xcalloc(1, sizeof(*j));
		j->type = TJ_STR;
		if ((j->s = string(t)) == NULL) {
			free(j);
			j = NULL;
		}
		break;
	default: {
		size_t rest = (size_t)(t->end - t->p);

		j = xcalloc(1, sizeof(*j));
		if (rest >= 4 && memcmp(t->p, "null", 4) == 0) {
			t->p += 4;
		} else if (rest >= 4 && memcmp(t->p, "true", 4) == 0) {
			j->type = TJ_BOOL;
			j->i = 1;
			t->p += 4;
		} else if (rest >= 5 && memcmp(t->p, "false", 5) == 0) {
			j->type = TJ_BOOL;
			t->p += 5;
		} else {
			char buf[64], *e;
			size_t n = 0;

			while (n < rest && n < sizeof(buf) - 1 &&
			       strchr("+-0123456789.eE", t->p[n]))
				n++;
			memcpy(buf, t->p, n);
			buf[n] = '\0';
			j->type = TJ_NUM;
			j->d = strtod(buf, &e);
			if (n == 0 || *e) {
				free(j);
				return NULL;
			}
			j->i = strpbrk(buf, ".eE") ? (int64_t)j->d : strtoll(buf, NULL, 10);
			t->p += n;
		}
	}
	}
	t->depth--;
	return j;
}

struct tj *
tj_parse(const char *text, size_t len)
{
	struct tp t = { text, text + len, 0 };
	struct tj *j = value(&t);

	ws(&t);
	if (j && t.p != t.end) {
		tj_free(j);
		return NULL;
	}
	return j;
}

void
tj_free(struct tj *j)
{
	if (j == NULL)
		return;
	for (size_t i = 0; i < j->n; i++) {
		tj_free(j->v[i]);
		if (j->k)
			free(j->k[i]);
	}
	free(j->v);
	free(j->k);
	free(j->s);
	free(j);
}

const struct tj *
tj_get(const struct tj *o, const char *key)
{
	if (o == NULL || o->type != TJ_OBJ)
		return NULL;
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->k[i], key) == 0)
			return o->v[i];
	return NULL;
}

int64_t
tj_int(const struct tj *o, const char *key, int64_t dflt)
{
	const struct tj *v = tj_get(o, key);

	return v && (v->type == TJ_NUM || v->type == TJ_BOOL) ? v->i : dflt;
}

const char *
tj_str(const struct tj *o, const char *key)
{
	const struct tj *v = tj_get(o, key);

	return v && v->type == TJ_STR ? v->s : NULL;
}

char *
tj_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		size_t got;

		if (cap - n < 4096)
			buf = xrealloc(buf, cap = cap ? cap * 2 : 65536);
		got = fread(buf + n, 1, cap - n - 1, f);
		if (got == 0)
			break;
		n += got;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}
