/*
 * osd_test_util.c — vector loading, tiny JSON-line field extraction and crc
 * re-sealing for the osd tests (see osd_test_util.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/crc32c.h"
#include "common/enc.h"
#include "t/osd/osd_test_util.h"

uint8_t *
tu_read_vector(const char *rel, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	uint8_t *p;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/t/vectors/%s", top ? top : ".", rel);
	f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n + 1);
	if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	if (p) {
		p[n] = 0;
		*len = (size_t)n;
	}
	return p;
}

/* Pointer just past `"key": `, or NULL. */
static const char *
json_member(const char *line, const char *key)
{
	char pat[128];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(line, pat);
	if (p == NULL)
		return NULL;
	p += strlen(pat);
	while (*p == ' ')
		p++;
	return p;
}

static size_t
put_utf8(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	out[0] = (char)(0xe0 | cp >> 12);
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

int
tu_json_str(const char *line, const char *key, char *out, size_t outsz, size_t *outlen)
{
	const char *p = json_member(line, key);
	size_t n = 0;

	if (p == NULL || *p != '"')
		return -1;
	for (p++; *p && *p != '"' && n + 4 < outsz; p++) {
		if (*p != '\\') {
			out[n++] = *p;
			continue;
		}
		p++;
		switch (*p) {
		case 'n': out[n++] = '\n'; break;
		case 't': out[n++] = '\t'; break;
		case 'u': {
			char hex[5] = { 0 };

			memcpy(hex, p + 1, 4);
			n += put_utf8(out + n, (unsigned)strtoul(hex, NULL, 16));
			p += 4;
			break;
		}
		default: out[n++] = *p; break;
		}
	}
	out[n] = 0;
	*outlen = n;
	return 0;
}

int
tu_json_int(const char *line, const char *key, long long *v)
{
	const char *p = json_member(line, key);

	if (p == NULL)
		return -1;
	*v = strtoll(p, NULL, 10);
	return 0;
}

int
tu_json_int_array(const char *line, const char *key, int *out, int max)
{
	const char *p = json_member(line, key);
	int n = 0;

	if (p == NULL || *p != '[')
		return -1;
	p++;
	while (*p && *p != ']' && n < max) {
		char *end;
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		out[n++] = (int)v;
		p = end;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return n;
}

void
tu_fix_map_crc(uint8_t *p, size_t len)
{
	put_le32(p + len - 4, crc32c(0xffffffffu, p, len - 4));
}

void
tu_fix_inc_crc(uint8_t *p, size_t len)
{
	uint32_t c = crc32c(0xffffffffu, p, len - 8);

	c = crc32c(c, p + len - 4, 4);
	put_le32(p + len - 8, c);
}

long
tu_find(const uint8_t *hay, size_t haylen, const void *needle, size_t nlen)
{
	for (size_t i = 0; i + nlen <= haylen; i++)
		if (memcmp(hay + i, needle, nlen) == 0)
			return (long)i;
	return -1;
}
