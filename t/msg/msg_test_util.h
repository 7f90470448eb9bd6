/*
 * msg_test_util.h — helpers shared by the t/msg unit tests: hex vectors,
 * flattening buffer lists, loading vector files, walking captured streams.
 */
#ifndef OSDFARM_T_MSG_TEST_UTIL_H
#define OSDFARM_T_MSG_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "msg/frame.h"

/* Decode hex (spaces ignored) into a malloc'd array; *len gets its size. */
uint8_t *hex_bytes(const char *hex, size_t *len);
/* A malloc'd copy of a list's bytes (never NULL). */
uint8_t *buf_flat(const struct buf *b);
/* 1 if b holds exactly the bytes spelled by hex. */
int buf_is_hex(const struct buf *b, const char *hex);
/* Append p[0..len) to b in pieces of at most chunk bytes, each its own segment. */
void buf_add_chunked(struct buf *b, const void *p, size_t len, size_t chunk);
/* Load $top_srcdir/rel (or ./rel); aborts the test if missing. */
uint8_t *load_vector(const char *rel, size_t *len);

/*
 * Walk a captured msgr2 stream (26-byte banner then rev1 crc frames): for
 * each frame call fn with its preamble and checked segments. Returns the
 * number of frames, or a negative errno from the first bad frame
 * (*bad_off = its offset).
 */
typedef void (*frame_visit_fn)(const struct frame_preamble *pr,
			       struct buf segs[FRAME_MAX_SEGMENTS], void *arg);
int walk_stream(const uint8_t *p, size_t len, frame_visit_fn fn, void *arg, size_t *bad_off);

#endif
