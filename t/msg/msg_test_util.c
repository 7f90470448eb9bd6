/*
 * msg_test_util.c — helpers shared by the t/msg unit tests.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/mem.h"
#include "msg/frame.h"
#include "t/msg/msg_test_util.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

uint8_t *
hex_bytes(const char *hex, size_t *len)
{
	uint8_t *out = xmalloc(strlen(hex) / 2 + 1);
	size_t n = 0;
	int hi = -1;

	for (const char *s = hex; *s; s++) {
		int v;

		if (isspace((unsigned char)*s))
			continue;
		v = hexval((unsigned char)*s);
		if (v < 0) {
			fprintf(stderr, "bad hex digit '%c'\n", *s);
			abort();
		}
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0)
		abort();
	*len = n;
	return out;
}

uint8_t *
buf_flat(const struct buf *b)
{
	uint8_t *p = xmalloc(b->len + 1);

	if (b->len && buf_copy_out(b, 0, b->len, p) != 0)
		abort();
	return p;
}

int
buf_is_hex(const struct buf *b, const char *hex)
{
	size_t n;
	uint8_t *want = hex_bytes(hex, &n);
	uint8_t *got = buf_flat(b);
	int eq = n == b->len && memcmp(want, got, n) == 0;

	if (!eq) {
		fprintf(stderr, "got  %zu bytes:", b->len);
		for (size_t i = 0; i < b->len; i++)
			fprintf(stderr, "%02x", got[i]);
		fprintf(stderr, "\nwant %zu bytes:", n);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "%02x", want[i]);
		fprintf(stderr, "\n");
	}
	free(want);
	free(got);
	return eq;
}

void
buf_add_chunked(struct buf *b, const void *p, size_t len, size_t chunk)
{
	const uint8_t *s = p;

	while (len > 0) {
		size_t n = len < chunk ? len : chunk;
		struct buf_seg *seg = buf_seg_new(n);

		memcpy(seg->data, s, n);
		seg->used = (uint32_t)n;
		buf_append_ref(b, seg, 0, (uint32_t)n);
		buf_seg_put(seg);
		s += n;
		len -= n;
	}
}

uint8_t *
load_vector(const char *rel, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	FILE *f;
	long sz;
	uint8_t *p;

	snprintf(path, sizeof(path), "%s/%s", top ? top : ".", rel);
	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "cannot open vector %s\n", path);
		abort();
	}
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = xmalloc((size_t)sz + 1);
	if (fread(p, 1, (size_t)sz, f) != (size_t)sz)
		abort();
	fclose(f);
	*len = (size_t)sz;
	return p;
}

int
walk_stream(const uint8_t *p, size_t len, frame_visit_fn fn, void *arg, size_t *bad_off)
{
	size_t off = FRAME_BANNER_LEN;
	int frames = 0;

	if (len < FRAME_BANNER_LEN)
		return -EBADMSG;
	while (off < len) {
		struct frame_preamble pr;
		struct buf body = BUF_INIT;
		struct buf segs[FRAME_MAX_SEGMENTS] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
		size_t blen;
		int r;

		*bad_off = off;
		if (len - off < FRAME_PREAMBLE_LEN)
			return -EBADMSG;
		r = frame_preamble_parse(p + off, &pr);
		if (r < 0)
			return r;
		blen = frame_body_len(&pr, 1);
		if (len - off - FRAME_PREAMBLE_LEN < blen)
			return -EBADMSG;
		/* Several pieces, to exercise lists that are not contiguous. */
		buf_add_chunked(&body, p + off + FRAME_PREAMBLE_LEN, blen, 1000);
		r = frame_check(&pr, &body, 1, segs);
		buf_free(&body);
		if (r < 0)
			return r;
		if (fn)
			fn(&pr, segs, arg);
		for (int i = 0; i < FRAME_MAX_SEGMENTS; i++)
			buf_free(&segs[i]);
		off += FRAME_PREAMBLE_LEN + blen;
		frames++;
	}
	return frames;
}
