/*
 * tjson.h — a minimal JSON reader for tests that compare against golden
 * vectors (crushtool dumps, primitive tables). Not for production input:
 * it builds a small DOM, numbers are kept as int64 when integral (else as
 * double), strings are unescaped only for \" \\ \/ \n \t and \uXXXX < 0x80.
 */
#ifndef OSDFARM_T_OSD_TJSON_H
#define OSDFARM_T_OSD_TJSON_H

#include <stddef.h>
#include <stdint.h>

enum tj_type { TJ_NULL, TJ_BOOL, TJ_NUM, TJ_STR, TJ_ARR, TJ_OBJ };

struct tj {
	enum tj_type type;
	int64_t i;              /* TJ_NUM (integral) and TJ_BOOL */
	double d;               /* TJ_NUM */
	char *s;                /* TJ_STR */
	size_t n;               /* TJ_ARR / TJ_OBJ element count */
	struct tj **v;          /* elements */
	char **k;               /* TJ_OBJ keys */
};

/* NULL on a syntax error. */
struct tj *tj_parse(const char *text, size_t len);
void tj_free(struct tj *j);
/* Member of an object, or NULL. */
const struct tj *tj_get(const struct tj *o, const char *key);
/* Convenience: integer member (aborts the test via the caller's checks if absent). */
int64_t tj_int(const struct tj *o, const char *key, int64_t dflt);
const char *tj_str(const struct tj *o, const char *key);

/* Read a whole file into a NUL-terminated buffer; NULL if it cannot. */
char *tj_slurp(const char *path, size_t *len);

#endif
