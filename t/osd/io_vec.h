/*
 * io_vec.h — load a captured msgr2 MESSAGE frame (a .bin file of t/vectors/osd-ops)
 * and split it into header fields, front and data, for the I/O path tests.
 */
#ifndef OSDFARM_T_OSD_IO_VEC_H
#define OSDFARM_T_OSD_IO_VEC_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/enc.h"

struct io_vec {
	uint8_t *raw;
	size_t rawlen;
	uint64_t tid;
	uint16_t type, version, data_off;
	const uint8_t *front;
	uint32_t front_len;
	const uint8_t *data;
	uint32_t data_len;
};

/* preamble 32 | header2 41 | crc 4 | front | middle | data | epilogue */
static inline void
io_vec_load(const char *name, struct io_vec *v)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	FILE *f;
	long sz;
	const uint8_t *h;
	uint32_t seg[4] = { 0, 0, 0, 0 };

	snprintf(path, sizeof(path), "%s/t/vectors/osd-ops/%s", top ? top : ".", name);
	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "cannot open vector %s\n", path);
		abort();
	}
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	v->raw = malloc((size_t)sz);
	if (v->raw == NULL || fread(v->raw, 1, (size_t)sz, f) != (size_t)sz)
		abort();
	fclose(f);
	v->rawlen = (size_t)sz;
	for (int i = 0; i < v->raw[1] && i < 4; i++)
		seg[i] = get_le32(v->raw + 2 + 6 * i);
	h = v->raw + 32;
	v->tid = get_le64(h + 8);
	v->type = get_le16(h + 16);
	v->version = get_le16(h + 20);
	v->data_off = get_le16(h + 26);
	v->front = v->raw + 32 + 41 + 4;
	v->front_len = seg[1];
	v->data = v->front + seg[1] + seg[2];
	v->data_len = seg[3];
}

static inline void
io_vec_free(struct io_vec *v)
{
	free(v->raw);
	memset(v, 0, sizeof(*v));
}

#endif
