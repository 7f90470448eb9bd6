/*
 * asok_json.h — the small amount of JSON the admin socket needs.
 *
 * 1. A strict, bounded parser for command maps: a JSON object whose values
 *    are strings, numbers, booleans or flat arrays of strings or numbers
 *    (what the ceph CLI sends: {"prefix": "config set", "var": "debug_ms",
 *    "val": ["5"]}). Nested objects, null, duplicate keys and trailing
 *    bytes are rejected.
 * 2. A writer (struct asok_out) that command handlers fill with compact
 *    JSON, tracking commas itself; or with plain text; plus an error text.
 * 3. A re-indenter that turns compact JSON into the layout of Ceph's
 *    "json-pretty" formatter (4 spaces, "key": value, a final newline).
 */
#ifndef OSDFARM_COMMON_ASOK_JSON_H
#define OSDFARM_COMMON_ASOK_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parser bounds: more than this is "invalid json", never a big allocation. */
#define ASOK_JSON_MAX_FIELDS 64
#define ASOK_JSON_MAX_ITEMS  256

enum asok_jtype {
	ASOK_J_STR,
	ASOK_J_INT,     /* fits int64_t */
	ASOK_J_FLOAT,   /* any other number */
	ASOK_J_BOOL,
	ASOK_J_ARRAY,
};

struct asok_jfield {
	char *key;
	enum asok_jtype type;
	char *str;              /* STR: the value; INT/FLOAT: the literal text */
	int64_t i;              /* INT */
	double d;               /* INT and FLOAT */
	bool b;                 /* BOOL */
	/* ARRAY: the elements as text; item_type is STR, INT or FLOAT (an
	 * array mixing integers and other numbers is FLOAT; strings and
	 * numbers do not mix). */
	char **items;
	unsigned nitems;
	enum asok_jtype item_type;
};

struct asok_jmap {
	struct asok_jfield *f;
	unsigned n;
};

/*
 * Parse text[0..len) (need not be NUL-terminated). 0 or -EINVAL with a
 * short reason in err (if errsz > 0). On error *m is left empty.
 */
int asok_jmap_parse(const char *text, size_t len, struct asok_jmap *m,
		    char *err, size_t errsz);
void asok_jmap_free(struct asok_jmap *m);
const struct asok_jfield *asok_jmap_get(const struct asok_jmap *m, const char *key);

/* ---- writer ---- */

#define ASOK_OUT_MAX_DEPTH 32

struct asok_out {
	char *buf;              /* NUL-terminated */
	size_t len, cap;
	char *err;              /* asok_out_error text, or NULL */
	bool text;              /* buf is plain text (asok_out_text), not JSON */
	unsigned depth;
	uint64_t nonempty;      /* bit d: the container at depth d has a member */
};

void asok_out_init(struct asok_out *o);
void asok_out_free(struct asok_out *o);
/* Forget everything written so far (the buffer is kept). */
void asok_out_reset(struct asok_out *o);

/* key is the member name inside an object, NULL inside arrays and at the top. */
void asok_out_open_object(struct asok_out *o, const char *key);
void asok_out_close_object(struct asok_out *o);
void asok_out_open_array(struct asok_out *o, const char *key);
void asok_out_close_array(struct asok_out *o);
void asok_out_string(struct asok_out *o, const char *key, const char *s);
void asok_out_int(struct asok_out *o, const char *key, int64_t v);
void asok_out_uint(struct asok_out *o, const char *key, uint64_t v);
void asok_out_bool(struct asok_out *o, const char *key, bool v);
/* A value that is already JSON text (e.g. perf_dump's output). */
void asok_out_json(struct asok_out *o, const char *key, const char *json, size_t len);
/* Plain text payload; marks the reply as not JSON (no pretty printing). */
void asok_out_text(struct asok_out *o, const char *s, size_t len);
/* The error text shown after "ERROR: (N) ...\n"; the handler then returns -errno. */
void asok_out_error(struct asok_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Append s as a JSON string literal (quotes and escapes) to the buffer. */
/*
 * A C string as a JSON string with its quotes: '"' and '\\' escaped, control
 * characters as \u00XX, everything else as is. Written through put(ctx, p, n),
 * so that any output buffer can use it (perf.c's dump does too).
 */
void json_quote(const char *s, void (*put)(void *ctx, const char *p, size_t n), void *ctx);
void asok_out_quoted(struct asok_out *o, const char *s);
/* Raw bytes. */
void asok_out_raw(struct asok_out *o, const char *s, size_t n);

/*
 * Re-indent JSON text as Ceph's json-pretty: xmalloc'd, NUL-terminated,
 * length in *outlen. Strings are copied untouched; whitespace outside them
 * is dropped. Malformed input gives malformed but bounded output.
 */
char *asok_json_pretty(const char *json, size_t len, size_t *outlen);

#endif
