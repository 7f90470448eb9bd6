/*
 * buf.h — byte buffers: refcounted segments chained into lists.
 *
 * A struct buf_seg is one block of memory with a reference count. A struct buf
 * is an ordered list of (segment, offset, length) references: Ceph's
 * bufferlist in plain C. Appending another list, slicing a range out of one or
 * handing the whole list to writev() never copies the bytes; only
 * buf_append() (small encoded fields) copies, into spare room at the tail.
 *
 * Single-threaded by design (one process per core): reference counts are
 * plain integers. A struct buf owns one reference on each segment it lists.
 *
 * Fields are read-only outside buf.c; use the functions.
 */
#ifndef OSDFARM_COMMON_BUF_H
#define OSDFARM_COMMON_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

struct buf_seg;
typedef void (*buf_seg_release_fn)(struct buf_seg *seg);

struct buf_seg {
	uint32_t refs;
	uint32_t size;          /* usable bytes at data */
	uint32_t used;          /* bytes handed out so far (tail appends go past it) */
	uint8_t *data;
	/*
	 * NULL: the segment and data are one malloc. Otherwise called at the
	 * last put to give data back to its owner; buf.c frees the header.
	 */
	buf_seg_release_fn release;
	void *owner;            /* for release: e.g. the pool or object it came from */
};

struct buf_ref {
	struct buf_seg *seg;
	uint32_t off;
	uint32_t len;
};

struct buf {
	struct buf_ref *refs;
	uint32_t nrefs;
	uint32_t cap;
	size_t len;             /* total bytes */
};

#define BUF_INIT { NULL, 0, 0, 0 }
/* Default size of a segment allocated for small appends. */
#define BUF_SEG_DEFAULT 4096

/* Segments */
struct buf_seg *buf_seg_new(size_t size);        /* refs = 1, used = 0 */
struct buf_seg *buf_seg_wrap(void *data, size_t size, buf_seg_release_fn release,
			     void *owner);        /* refs = 1, used = size */
static inline void buf_seg_get(struct buf_seg *seg) { seg->refs++; }
void buf_seg_put(struct buf_seg *seg);            /* frees at zero */

/* Lists */
void buf_init(struct buf *b);
void buf_clear(struct buf *b);          /* drop every reference, keep the ref array */
void buf_free(struct buf *b);           /* drop everything; b is empty and reusable */

/* Copy len bytes to the end (into the tail segment's spare room when it is ours). */
void buf_append(struct buf *b, const void *p, size_t len);
/*
 * buf_append, but a segment it has to start gets max(remaining bytes,
 * seg_min) bytes instead of at least BUF_SEG_DEFAULT: 0 for an exact fit,
 * more for a list expected to keep growing.
 */
void buf_append_min(struct buf *b, const void *p, size_t len, size_t seg_min);
/*
 * Append len contiguous bytes and return where to write them (e.g. a length
 * filled in later). The pointer stays valid while b still holds those bytes.
 */
void *buf_reserve(struct buf *b, size_t len);
/* Append a reference to seg[off, off+len); takes a new reference on seg. */
void buf_append_ref(struct buf *b, struct buf_seg *seg, uint32_t off, uint32_t len);
/* Move every reference of src to the end of dst; src becomes empty. */
void buf_claim(struct buf *dst, struct buf *src);
/* Append to dst references to b[off, off+len) (shared, not copied). -ERANGE if out of range. */
int buf_slice(const struct buf *b, size_t off, size_t len, struct buf *dst);
/* Remove b[off, off+len); if dst is not NULL the removed range is appended to it. */
int buf_splice(struct buf *b, size_t off, size_t len, struct buf *dst);
/* Drop len bytes from the front (e.g. after a partial writev); all of them if len >= b->len. */
void buf_consume(struct buf *b, size_t len);
/* Copy b[off, off+len) out. -ERANGE if out of range. */
int buf_copy_out(const struct buf *b, size_t off, size_t len, void *out);
/*
 * A pointer to b[off, off+len) as contiguous memory. When the range spans
 * segments the list is rebuilt so that it does not (one copy); NULL if out
 * of range.
 */
const uint8_t *buf_contig(struct buf *b, size_t off, size_t len);
/* Fill up to max iovecs with b's bytes from off on; returns how many were filled. */
int buf_to_iov(const struct buf *b, size_t off, struct iovec *iov, int max);
/* ceph_crc32c over the whole list, starting from seed. */
uint32_t buf_crc32c(const struct buf *b, uint32_t seed);
/* 1 if the two lists hold the same bytes. */
int buf_equal(const struct buf *a, const struct buf *b);

/* A read cursor over a list; reads never pass the end. */
struct buf_cursor {
	const struct buf *b;
	uint32_t ref;           /* current ref index */
	uint32_t off;           /* offset inside that ref */
	size_t remaining;
};
void buf_cursor_init(struct buf_cursor *c, const struct buf *b);
/* Copy len bytes out and advance; -EBADMSG (nothing consumed) if fewer remain. */
int buf_cursor_copy(struct buf_cursor *c, void *out, size_t len);
int buf_cursor_skip(struct buf_cursor *c, size_t len);
/* Move the next len bytes into dst as shared references; -EBADMSG if short. */
int buf_cursor_slice(struct buf_cursor *c, size_t len, struct buf *dst);

#endif
