/*
 * memstore_test.c — the in-memory store through the store.h interface:
 * collections; write/read/truncate/zero/append with holes and edge offsets
 * (0 bytes, at EOF, past EOF, 64 MiB objects, the size limit); reads that
 * share the store's extents (pointer identity) and stay unchanged after
 * later writes; the keep-or-copy rule for write data; xattrs; omap order,
 * pagination, prefixes and ranges; metadata; clone; listing in hobject
 * order across namespaces with cursors; all-or-nothing transactions (state
 * digests before and after a failing one); ENOSPC; commit callbacks.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/crc32c.h"
#include "os/hobject_order.h"
#include "os/memstore.h"

static struct store *st;
static struct txn T;
static const struct spg C1 = { { 1, 2 }, -1 };
static const struct spg C2 = { { 1, 3 }, -1 };

/* ---- helpers ---- */

static struct hobject
oidn(const char *ns, const char *name, uint32_t hash, uint64_t snap)
{
	struct hobject h;

	memset(&h, 0, sizeof(h));
	h.nspace.p = ns;
	h.nspace.len = (uint32_t)strlen(ns);
	h.oid.p = name;
	h.oid.len = (uint32_t)strlen(name);
	h.key.p = "";
	h.snap = snap;
	h.hash = hash;
	h.pool = 1;
	return h;
}

static struct hobject
O(const char *name)
{
	return oidn("", name, 0x1000 + (uint32_t)name[0], CEPH_NOSNAP);
}

static int
apply(void)
{
	int r = store_apply(st, &T, NULL, NULL);

	txn_reset(&T);
	return r;
}

static void
apply_ok(void)
{
	ck_assert_int_eq(apply(), 0);
}

static void
setup(void)
{
	st = memstore_create(NULL);
	txn_init(&T);
	txn_create_collection(&T, &C1);
	apply_ok();
}

static void
teardown(void)
{
	txn_free(&T);
	store_destroy(st);
	st = NULL;
}

/* A wrapped segment of size bytes, byte i = (i * mul + seed), released with free. */
static void
free_release(struct buf_seg *seg)
{
	free(seg->data);
}

static struct buf_seg *
pattern_seg(size_t size, unsigned mul, unsigned seed)
{
	uint8_t *p = malloc(size ? size : 1);

	ck_assert_ptr_nonnull(p);
	for (size_t i = 0; i < size; i++)
		p[i] = (uint8_t)(i * mul + seed);
	return buf_seg_wrap(p, size, free_release, NULL);
}

static void
write_bytes(const struct hobject *o, uint64_t off, const void *p, size_t len)
{
	struct buf b = BUF_INIT;

	buf_append(&b, p, len);
	txn_write(&T, &C1, o, off, len, &b, 0);
	apply_ok();
	buf_free(&b);
}

static void
write_seg(const struct hobject *o, uint64_t off, struct buf_seg *seg, uint32_t soff,
	  uint32_t len)
{
	struct buf b = BUF_INIT;

	buf_append_ref(&b, seg, soff, len);
	txn_write(&T, &C1, o, off, len, &b, 0);
	apply_ok();
	buf_free(&b);
}

static uint64_t
size_of(const struct hobject *o)
{
	struct store_objstat s;

	ck_assert_int_eq(store_stat(st, &C1, o, &s), 0);
	return s.size;
}

static int
exists(const struct hobject *o)
{
	struct store_objstat s;

	return store_stat(st, &C1, o, &s) == 0;
}

/* The whole object equals want[0, len). */
static void
expect_data(const struct hobject *o, const void *want, size_t len)
{
	struct buf b = BUF_INIT;
	uint8_t *got = malloc(len ? len : 1);

	ck_assert_uint_eq(size_of(o), len);
	ck_assert_int_eq(store_read(st, &C1, o, 0, 0, &b), 0);
	ck_assert_uint_eq(b.len, len);
	ck_assert_int_eq(buf_copy_out(&b, 0, len, got), 0);
	ck_assert(memcmp(got, want, len) == 0);
	free(got);
	buf_free(&b);
}

static int
all_zero(const struct buf *b)
{
	for (uint32_t i = 0; i < b->nrefs; i++)
		for (uint32_t j = 0; j < b->refs[i].len; j++)
			if (b->refs[i].seg->data[b->refs[i].off + j] != 0)
				return 0;
	return 1;
}

/* Collects visited entries. */
struct kvlist {
	int n;
	int stop_at;            /* return STORE_ITER_STOP at this entry (-1: never) */
	char key[64][40];
	char val[64][40];
	uint32_t vlen[64];
};

static int
collect(void *arg, const uint8_t *key, uint32_t klen, const struct buf *val)
{
	struct kvlist *l = arg;

	ck_assert_int_lt(l->n, 64);
	ck_assert_uint_lt(klen, 40);
	ck_assert_uint_lt(val->len, 40);
	memcpy(l->key[l->n], key, klen);
	l->key[l->n][klen] = 0;
	buf_copy_out(val, 0, val->len, l->val[l->n]);
	l->val[l->n][val->len] = 0;
	l->vlen[l->n] = (uint32_t)val->len;
	return l->n++ == l->stop_at ? STORE_ITER_STOP : 0;
}

static void
kvlist_init(struct kvlist *l)
{
	memset(l, 0, sizeof(*l));
	l->stop_at = -1;
}

/* ---- state digest (for all-or-nothing checks) ---- */

static int
digest_kv(void *arg, const uint8_t *key, uint32_t klen, const struct buf *val)
{
	uint32_t *crc = arg;

	*crc = crc32c(*crc, key, klen);
	*crc = crc32c(*crc, &klen, sizeof(klen));
	*crc = buf_crc32c(val, *crc);
	return 0;
}

static uint32_t
digest_coll(const struct spg *cid, uint32_t crc)
{
	struct hobject start, next, out[64];
	uint32_t n;

	if (!store_collection_exists(st, cid))
		return crc32c(crc, "-", 1);
	hobject_set_min(&start);
	ck_assert_int_eq(store_collection_list(st, cid, &start, NULL, NULL, 0, out, 64, &n,
					       &next), 0);
	ck_assert(hobject_is_max(&next));
	for (uint32_t i = 0; i < n; i++) {
		struct store_objstat s;
		struct buf b = BUF_INIT;

		crc = crc32c(crc, out[i].oid.p, out[i].oid.len);
		crc = crc32c(crc, out[i].nspace.p, out[i].nspace.len);
		ck_assert_int_eq(store_stat(st, cid, &out[i], &s), 0);
		crc = crc32c(crc, &s.size, sizeof(s.size));
		crc = crc32c(crc, &s.meta.version.version, sizeof(s.meta.version.version));
		crc = crc32c(crc, &s.meta.version.epoch, sizeof(s.meta.version.epoch));
		crc = crc32c(crc, &s.meta.user_version, sizeof(s.meta.user_version));
		crc = crc32c(crc, &s.meta.mtime, sizeof(s.meta.mtime));
		crc = crc32c(crc, &s.hint.expected_object_size, sizeof(uint64_t));
		crc = crc32c(crc, &s.hint.expected_write_size, sizeof(uint64_t));
		crc = crc32c(crc, &s.hint.flags, sizeof(uint32_t));
		crc = crc32c(crc, &s.nxattrs, sizeof(s.nxattrs));
		crc = crc32c(crc, &s.nomap, sizeof(s.nomap));
		crc = crc32c(crc, &s.omap_header_len, sizeof(s.omap_header_len));
		ck_assert_int_eq(store_read(st, cid, &out[i], 0, 0, &b), 0);
		crc = buf_crc32c(&b, crc);
		buf_clear(&b);
		ck_assert_int_eq(store_omap_get_header(st, cid, &out[i], &b), 0);
		crc = buf_crc32c(&b, crc ^ 0x55);
		buf_free(&b);
		ck_assert_int_eq(store_getattrs(st, cid, &out[i], digest_kv, &crc), 0);
		crc ^= 0xaa;
		ck_assert_int_eq(store_omap_get_vals(st, cid, &out[i], NULL, NULL, 1000,
						     digest_kv, &crc, NULL), 0);
	}
	return crc;
}

static uint32_t
digest(void)
{
	struct store_statfs sf;
	uint32_t crc;

	store_statfs(st, &sf);
	crc = crc32c(0, &sf, sizeof(sf));
	crc = digest_coll(&C1, crc);
	return digest_coll(&C2, crc);
}

/* ---- collections ---- */

static int
count_colls(void *arg, const struct spg *cid)
{
	(*(int *)arg)++;
	return 0;
}

START_TEST(test_collections)
{
	struct hobject o = O("x");
	struct store_statfs sf;
	uint64_t n;
	int seen = 0;

	ck_assert(store_collection_exists(st, &C1));
	ck_assert(!store_collection_exists(st, &C2));
	txn_create_collection(&T, &C1);
	ck_assert_int_eq(apply(), -EEXIST);
	txn_remove_collection(&T, &C2);
	ck_assert_int_eq(apply(), -ENOENT);
	ck_assert_int_eq(store_collection_count(st, &C2, &n), -ENOENT);

	/* Many collections: the table grows, every one stays findable. */
	for (uint32_t i = 0; i < 300; i++) {
		struct spg c = { { 7, i }, (int8_t)(i % 3 - 1) };

		txn_create_collection(&T, &c);
	}
	apply_ok();
	for (uint32_t i = 0; i < 300; i++) {
		struct spg c = { { 7, i }, (int8_t)(i % 3 - 1) }, d = c;

		ck_assert(store_collection_exists(st, &c));
		d.shard = (int8_t)(d.shard + 5);
		ck_assert(!store_collection_exists(st, &d));
	}
	ck_assert_int_eq(store_collections(st, count_colls, &seen), 0);
	ck_assert_int_eq(seen, 301);

	/* ops on a missing collection */
	txn_touch(&T, &C2, &o);
	ck_assert_int_eq(apply(), -ENOENT);
	ck_assert_int_eq(store_stat(st, &C2, &o, &(struct store_objstat){ 0 }), -ENOENT);

	/* create + use in one txn; not empty -> ENOTEMPTY; empty -> removed */
	txn_create_collection(&T, &C2);
	txn_touch(&T, &C2, &o);
	apply_ok();
	ck_assert_int_eq(store_collection_count(st, &C2, &n), 0);
	ck_assert_uint_eq(n, 1);
	txn_remove_collection(&T, &C2);
	ck_assert_int_eq(apply(), -ENOTEMPTY);
	ck_assert(store_collection_exists(st, &C2));
	txn_remove(&T, &C2, &o);
	txn_remove_collection(&T, &C2);
	apply_ok();
	ck_assert(!store_collection_exists(st, &C2));
	store_statfs(st, &sf);
	ck_assert_uint_eq(sf.collections, 301);
	ck_assert_uint_eq(sf.objects, 0);
}
END_TEST

/* ---- data ---- */

START_TEST(test_write_read_basic)
{
	struct hobject o = O("obj");
	struct buf b = BUF_INIT;
	char want[32];

	ck_assert_int_eq(store_read(st, &C1, &o, 0, 0, &b), -ENOENT);
	write_bytes(&o, 0, "hello world", 11);
	expect_data(&o, "hello world", 11);
	/* partial, to-end (len 0), clamped, at EOF, past EOF */
	ck_assert_int_eq(store_read(st, &C1, &o, 6, 3, &b), 0);
	ck_assert_uint_eq(b.len, 3);
	ck_assert(buf_copy_out(&b, 0, 3, want) == 0 && memcmp(want, "wor", 3) == 0);
	buf_clear(&b);
	ck_assert_int_eq(store_read(st, &C1, &o, 6, 0, &b), 0);
	ck_assert_uint_eq(b.len, 5);
	buf_clear(&b);
	ck_assert_int_eq(store_read(st, &C1, &o, 6, 1000, &b), 0);
	ck_assert_uint_eq(b.len, 5);
	buf_clear(&b);
	ck_assert_int_eq(store_read(st, &C1, &o, 11, 0, &b), 0);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_int_eq(store_read(st, &C1, &o, 1000, 10, &b), 0);
	ck_assert_uint_eq(b.len, 0);
	/* overwrite in the middle, overlapping the end, appending */
	write_bytes(&o, 2, "LL", 2);
	expect_data(&o, "heLLo world", 11);
	write_bytes(&o, 9, "LDXX", 4);
	expect_data(&o, "heLLo worLDXX", 13);
	write_bytes(&o, 13, "!", 1);
	expect_data(&o, "heLLo worLDXX!", 14);
	write_bytes(&o, 0, "H", 1);
	expect_data(&o, "HeLLo worLDXX!", 14);
	/* reading on a missing object of an existing collection */
	ck_assert_int_eq(store_read(st, &C1, &(struct hobject){ .oid = { "nope", 4 } }, 0, 0,
				    &b), -ENOENT);
	buf_free(&b);
}
END_TEST

START_TEST(test_write_zero_length)
{
	struct hobject o = O("z"), p = O("p");
	struct buf empty = BUF_INIT, b = BUF_INIT;

	/* write 0~0 creates an empty object */
	txn_write(&T, &C1, &o, 0, 0, &empty, 0);
	apply_ok();
	ck_assert_uint_eq(size_of(&o), 0);
	/* a 0-byte write past the end extends the size (holes) */
	txn_write(&T, &C1, &p, 100, 0, &empty, 0);
	apply_ok();
	ck_assert_uint_eq(size_of(&p), 100);
	ck_assert_int_eq(store_read(st, &C1, &p, 0, 0, &b), 0);
	ck_assert_uint_eq(b.len, 100);
	ck_assert(all_zero(&b));
	/* ... and inside changes nothing */
	txn_write(&T, &C1, &p, 50, 0, &empty, 0);
	apply_ok();
	ck_assert_uint_eq(size_of(&p), 100);
	buf_free(&b);
}
END_TEST

START_TEST(test_holes_read_zero_and_share)
{
	struct hobject a = O("a"), c = O("c");
	struct buf ra = BUF_INIT, rc = BUF_INIT;
	uint64_t off = (3u << 20) + 5;
	uint8_t tail[10];

	write_bytes(&a, off, "0123456789", 10);
	write_bytes(&c, 7, "x", 1);
	ck_assert_uint_eq(size_of(&a), off + 10);
	ck_assert_int_eq(store_read(st, &C1, &a, 0, off, &ra), 0);
	ck_assert_uint_eq(ra.len, off);
	ck_assert(all_zero(&ra));
	ck_assert_int_eq(store_read(st, &C1, &c, 0, 7, &rc), 0);
	ck_assert(all_zero(&rc));
	/* Both holes are references to the one zero segment: no memory spent. */
	ck_assert_ptr_eq(ra.refs[0].seg, rc.refs[0].seg);
	ck_assert_uint_le(ra.nrefs, 4);
	buf_clear(&ra);
	ck_assert_int_eq(store_read(st, &C1, &a, off, 0, &ra), 0);
	ck_assert_int_eq(buf_copy_out(&ra, 0, 10, tail), 0);
	ck_assert(memcmp(tail, "0123456789", 10) == 0);
	/* a hole straddling written bytes */
	write_bytes(&c, 20, "y", 1);
	{
		char want[21] = { 0 };

		want[7] = 'x';
		want[20] = 'y';
		expect_data(&c, want, 21);
	}
	buf_free(&ra);
	buf_free(&rc);
}
END_TEST

START_TEST(test_truncate)
{
	struct hobject o = O("t"), m = O("missing");
	struct buf b = BUF_INIT;
	char want[40];

	write_bytes(&o, 0, "abcdefghij", 10);
	/* shrink */
	txn_truncate(&T, &C1, &o, 4);
	apply_ok();
	expect_data(&o, "abcd", 4);
	/* at EOF: nothing */
	txn_truncate(&T, &C1, &o, 4);
	apply_ok();
	expect_data(&o, "abcd", 4);
	/* extend: zeros, and the old bytes past 4 do not come back */
	txn_truncate(&T, &C1, &o, 30);
	apply_ok();
	memset(want, 0, sizeof(want));
	memcpy(want, "abcd", 4);
	expect_data(&o, want, 30);
	/* to 0 */
	txn_truncate(&T, &C1, &o, 0);
	apply_ok();
	ck_assert_uint_eq(size_of(&o), 0);
	ck_assert_int_eq(store_read(st, &C1, &o, 0, 0, &b), 0);
	ck_assert_uint_eq(b.len, 0);
	/* a missing object: success, nothing created (03-osd-ops §3.4) */
	txn_truncate(&T, &C1, &m, 100);
	apply_ok();
	ck_assert(!exists(&m));
	/* the store's limit */
	txn_truncate(&T, &C1, &o, MEMSTORE_DEFAULT_MAX_OBJECT_SIZE + 1);
	ck_assert_int_eq(apply(), -EFBIG);
	ck_assert_uint_eq(size_of(&o), 0);
	buf_free(&b);
}
END_TEST

START_TEST(test_zero)
{
	struct hobject o = O("z"), m = O("missing");
	char want[10];

	write_bytes(&o, 0, "0123456789", 10);
	/* inside: zeros, size kept */
	txn_zero(&T, &C1, &o, 2, 3);
	apply_ok();
	memcpy(want, "01\0\0\0" "56789", 10);
	expect_data(&o, want, 10);
	/* length 0, and entirely past EOF: no-ops that never extend */
	txn_zero(&T, &C1, &o, 4, 0);
	txn_zero(&T, &C1, &o, 10, 5);
	txn_zero(&T, &C1, &o, 100, 5);
	apply_ok();
	expect_data(&o, want, 10);
	/* reaching EOF (or beyond): becomes truncate(off) */
	txn_zero(&T, &C1, &o, 8, 2);
	apply_ok();
	expect_data(&o, want, 8);
	txn_zero(&T, &C1, &o, 6, 1000);
	apply_ok();
	expect_data(&o, want, 6);
	/* a missing object: success, not created */
	txn_zero(&T, &C1, &m, 0, 10);
	apply_ok();
	ck_assert(!exists(&m));
}
END_TEST

START_TEST(test_reads_share_and_stay)
{
	struct hobject o = O("s");
	struct buf_seg *big = pattern_seg(65536, 7, 1);
	struct buf r1 = BUF_INIT, r2 = BUF_INIT, r3 = BUF_INIT;
	uint8_t *before = malloc(8192), *now = malloc(8192);
	uint32_t refs;

	/* 64 KiB covering its whole segment: kept by reference */
	write_seg(&o, 0, big, 0, 65536);
	ck_assert_int_eq(store_read(st, &C1, &o, 100, 8192, &r1), 0);
	ck_assert_uint_eq(r1.nrefs, 1);
	ck_assert_ptr_eq(r1.refs[0].seg, big);
	ck_assert_ptr_eq(r1.refs[0].seg->data + r1.refs[0].off, big->data + 100);
	/* A read takes a reference: count goes up by one per read. */
	refs = big->refs;
	ck_assert_int_eq(store_read(st, &C1, &o, 100, 8192, &r2), 0);
	ck_assert_uint_eq(big->refs, refs + 1);
	buf_free(&r2);
	ck_assert_uint_eq(big->refs, refs);
	buf_copy_out(&r1, 0, 8192, before);

	/* Overwrite the range read: the earlier read still sees the old bytes. */
	{
		uint8_t *fresh = malloc(20000);

		memset(fresh, 0xAB, 20000);
		write_bytes(&o, 0, fresh, 20000);
		free(fresh);
	}
	buf_copy_out(&r1, 0, 8192, now);
	ck_assert(memcmp(before, now, 8192) == 0);
	ck_assert_int_eq(store_read(st, &C1, &o, 100, 8192, &r2), 0);
	buf_copy_out(&r2, 0, 8192, now);
	for (int i = 0; i < 8192; i++)
		ck_assert_uint_eq(now[i], 0xAB);
	/* Two reads of the same range share the same store memory. */
	ck_assert_int_eq(store_read(st, &C1, &o, 100, 8192, &r3), 0);
	ck_assert_uint_eq(r2.nrefs, r3.nrefs);
	ck_assert_ptr_eq(r2.refs[0].seg, r3.refs[0].seg);
	ck_assert_uint_eq(r2.refs[0].off, r3.refs[0].off);
	/* Remove the object: the reads stay valid (the sanitizer build checks). */
	txn_remove(&T, &C1, &o);
	apply_ok();
	buf_copy_out(&r1, 0, 8192, now);
	ck_assert(memcmp(before, now, 8192) == 0);
	buf_free(&r1);
	buf_free(&r2);
	buf_free(&r3);
	/* Only our own reference is left. */
	ck_assert_uint_eq(big->refs, 1);
	buf_seg_put(big);
	free(before);
	free(now);
}
END_TEST

START_TEST(test_read_outlives_store)
{
	struct hobject o = O("o");
	struct buf r = BUF_INIT;
	uint8_t got[5];

	write_bytes(&o, 10, "abcde", 5);
	ck_assert_int_eq(store_read(st, &C1, &o, 0, 0, &r), 0);
	txn_free(&T);
	store_destroy(st);
	/* hole (shared zero segment) and data both still readable */
	ck_assert_uint_eq(r.len, 15);
	ck_assert_int_eq(buf_copy_out(&r, 10, 5, got), 0);
	ck_assert(memcmp(got, "abcde", 5) == 0);
	buf_free(&r);
	/* a fresh store for the teardown */
	st = memstore_create(NULL);
	txn_init(&T);
}
END_TEST

START_TEST(test_keep_or_copy)
{
	struct hobject a = O("a"), b = O("b"), c = O("c");
	struct buf_seg *rx = pattern_seg(65536, 3, 9);
	struct buf r = BUF_INIT;

	/* 4 KiB out of a 64 KiB receive block: copied (would pin 16x) */
	write_seg(&a, 0, rx, 1000, 4096);
	ck_assert_int_eq(store_read(st, &C1, &a, 0, 0, &r), 0);
	ck_assert_ptr_ne(r.refs[0].seg, rx);
	ck_assert(memcmp(r.refs[0].seg->data + r.refs[0].off, rx->data + 1000, 4096) == 0);
	buf_clear(&r);
	/* 40 KiB of it: kept by reference (pins at most 2x) */
	write_seg(&b, 0, rx, 20000, 40000);
	ck_assert_int_eq(store_read(st, &C1, &b, 0, 0, &r), 0);
	ck_assert_uint_eq(r.nrefs, 1);
	ck_assert_ptr_eq(r.refs[0].seg, rx);
	ck_assert_uint_eq(r.refs[0].off, 20000);
	buf_clear(&r);
	/* small (under MEMSTORE_ADOPT_MIN) even when it is the whole segment: copied */
	{
		struct buf_seg *small = pattern_seg(100, 1, 0);

		write_seg(&c, 0, small, 0, 100);
		ck_assert_int_eq(store_read(st, &C1, &c, 0, 0, &r), 0);
		ck_assert_ptr_ne(r.refs[0].seg, small);
		ck_assert_uint_eq(small->refs, 1);
		buf_seg_put(small);
		buf_clear(&r);
	}
	/* the store never writes into a segment it keeps */
	write_bytes(&b, 40000, "tail", 4);
	ck_assert(memcmp(rx->data + 60000, "tail", 4) != 0);
	buf_free(&r);
	buf_seg_put(rx);
}
END_TEST

START_TEST(test_appends_pack)
{
	struct hobject o = O("log");
	struct buf_seg *rx = pattern_seg(65536, 5, 3);
	uint8_t *want = malloc(256 * 4096);
	struct buf r = BUF_INIT;

	/* 256 copied 4 KiB appends: they fill growing segments, not 256 of them */
	for (int i = 0; i < 256; i++) {
		uint32_t soff = (uint32_t)(i * 97) % 60000;

		write_seg(&o, (uint64_t)i * 4096, rx, soff, 4096);
		memcpy(want + (size_t)i * 4096, rx->data + soff, 4096);
	}
	expect_data(&o, want, 256 * 4096);
	ck_assert_int_eq(store_read(st, &C1, &o, 0, 0, &r), 0);
	ck_assert_uint_le(r.nrefs, 16);
	/* every appended byte was copied: the receive block is not pinned */
	ck_assert_uint_eq(rx->refs, 1);
	buf_free(&r);
	buf_seg_put(rx);
	free(want);
}
END_TEST

START_TEST(test_large_object)
{
	const size_t big = 64u << 20;
	struct hobject o = O("huge"), h = O("hole");
	struct buf_seg *seg = pattern_seg(big, 13, 1);
	struct buf r = BUF_INIT;
	struct store_statfs sf;
	uint8_t got[4096];

	write_seg(&o, 0, seg, 0, (uint32_t)big);
	ck_assert_uint_eq(size_of(&o), big);
	/* reads anywhere, including across the end */
	ck_assert_int_eq(store_read(st, &C1, &o, big - 100, 4096, &r), 0);
	ck_assert_uint_eq(r.len, 100);
	ck_assert_int_eq(buf_copy_out(&r, 0, 100, got), 0);
	ck_assert(memcmp(got, seg->data + big - 100, 100) == 0);
	buf_clear(&r);
	/* overwrite 4 KiB in the middle */
	memset(got, 0x5A, sizeof(got));
	write_bytes(&o, 32u << 20, got, sizeof(got));
	ck_assert_int_eq(store_read(st, &C1, &o, (32u << 20) - 1, 4098, &r), 0);
	{
		uint8_t chk[4098];

		buf_copy_out(&r, 0, 4098, chk);
		ck_assert_uint_eq(chk[0], seg->data[(32u << 20) - 1]);
		ck_assert_uint_eq(chk[1], 0x5A);
		ck_assert_uint_eq(chk[4096], 0x5A);
		ck_assert_uint_eq(chk[4097], seg->data[(32u << 20) + 4096]);
	}
	buf_clear(&r);
	/* append one byte at 64 MiB, zero a range, truncate */
	write_bytes(&o, big, "!", 1);
	ck_assert_uint_eq(size_of(&o), big + 1);
	txn_zero(&T, &C1, &o, 1u << 20, 16u << 20);
	apply_ok();
	ck_assert_int_eq(store_read(st, &C1, &o, 1u << 20, 16u << 20, &r), 0);
	ck_assert(all_zero(&r));
	buf_clear(&r);
	txn_truncate(&T, &C1, &o, 1000);
	apply_ok();
	ck_assert_int_eq(store_read(st, &C1, &o, 0, 0, &r), 0);
	ck_assert_uint_eq(r.len, 1000);
	ck_assert_int_eq(buf_copy_out(&r, 0, 1000, got), 0);
	ck_assert(memcmp(got, seg->data, 1000) == 0);
	buf_clear(&r);
	/* a 128 MiB object made of a hole: allowed up to the limit, free of memory */
	txn_truncate(&T, &C1, &h, MEMSTORE_DEFAULT_MAX_OBJECT_SIZE);
	txn_touch(&T, &C1, &h);
	apply_ok();
	txn_truncate(&T, &C1, &h, MEMSTORE_DEFAULT_MAX_OBJECT_SIZE);
	apply_ok();
	ck_assert_uint_eq(size_of(&h), MEMSTORE_DEFAULT_MAX_OBJECT_SIZE);
	/* beyond the limit: EFBIG, nothing done */
	write_bytes(&h, 0, "a", 1);
	{
		struct buf one = BUF_INIT;

		buf_append(&one, "x", 1);
		txn_write(&T, &C1, &h, MEMSTORE_DEFAULT_MAX_OBJECT_SIZE, 1, &one, 0);
		ck_assert_int_eq(apply(), -EFBIG);
		buf_free(&one);
	}
	store_statfs(st, &sf);
	ck_assert_uint_eq(sf.data_bytes, 1000 + MEMSTORE_DEFAULT_MAX_OBJECT_SIZE);
	buf_free(&r);
	buf_seg_put(seg);
}
END_TEST

/* ---- xattrs ---- */

START_TEST(test_xattrs)
{
	struct hobject o = O("x"), m = O("missing");
	struct buf b = BUF_INIT;
	struct kvlist l;
	struct store_objstat s;

	/* setattr creates the object */
	txn_setattr(&T, &C1, &o, "user.b", 6, "2", 1);
	txn_setattr(&T, &C1, &o, "user.a", 6, "1", 1);
	txn_setattr(&T, &C1, &o, "_", 1, "", 0);
	apply_ok();
	ck_assert_uint_eq(size_of(&o), 0);
	ck_assert_int_eq(store_getattr(st, &C1, &o, "user.a", 6, &b), 0);
	ck_assert_uint_eq(b.len, 1);
	buf_clear(&b);
	/* empty value is a value */
	ck_assert_int_eq(store_getattr(st, &C1, &o, "_", 1, &b), 0);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_int_eq(store_getattr(st, &C1, &o, "user.c", 6, &b), -ENODATA);
	ck_assert_int_eq(store_getattr(st, &C1, &m, "user.c", 6, &b), -ENOENT);
	/* overwrite */
	txn_setattr(&T, &C1, &o, "user.a", 6, "one", 3);
	apply_ok();
	kvlist_init(&l);
	ck_assert_int_eq(store_getattrs(st, &C1, &o, collect, &l), 0);
	ck_assert_int_eq(l.n, 3);
	/* name order */
	ck_assert_str_eq(l.key[0], "_");
	ck_assert_str_eq(l.key[1], "user.a");
	ck_assert_str_eq(l.val[1], "one");
	ck_assert_str_eq(l.key[2], "user.b");
	ck_assert_int_eq(store_stat(st, &C1, &o, &s), 0);
	ck_assert_uint_eq(s.nxattrs, 3);
	/* stop early */
	kvlist_init(&l);
	l.stop_at = 0;
	ck_assert_int_eq(store_getattrs(st, &C1, &o, collect, &l), 0);
	ck_assert_int_eq(l.n, 1);
	/* rmattr: missing attribute fine, missing object ENOENT */
	txn_rmattr(&T, &C1, &o, "user.a", 6);
	txn_rmattr(&T, &C1, &o, "user.zz", 7);
	apply_ok();
	ck_assert_int_eq(store_getattr(st, &C1, &o, "user.a", 6, &b), -ENODATA);
	txn_rmattr(&T, &C1, &m, "user.a", 6);
	ck_assert_int_eq(apply(), -ENOENT);
	ck_assert(!exists(&m));
	/* the value handed out survives removal of the attribute */
	ck_assert_int_eq(store_getattr(st, &C1, &o, "user.b", 6, &b), 0);
	txn_rmattrs(&T, &C1, &o);
	apply_ok();
	ck_assert_uint_eq(b.len, 1);
	ck_assert_uint_eq(b.refs[0].seg->data[b.refs[0].off], '2');
	kvlist_init(&l);
	ck_assert_int_eq(store_getattrs(st, &C1, &o, collect, &l), 0);
	ck_assert_int_eq(l.n, 0);
	txn_rmattrs(&T, &C1, &m);
	ck_assert_int_eq(apply(), -ENOENT);
	buf_free(&b);
}
END_TEST

/* ---- omap ---- */

static void
omap_fill(const struct hobject *o)
{
	static const char *keys[] = { "b", "a", "ab", "abc", "b\xff", "c", "\x01", "ba", "bb" };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char v[8];

		snprintf(v, sizeof(v), "v%zu", i);
		txn_omap_setkey(&T, &C1, o, keys[i], strlen(keys[i]), v, strlen(v));
	}
	apply_ok();
}

START_TEST(test_omap_order_and_pages)
{
	struct hobject o = O("om"), m = O("missing");
	static const char *order[] = { "\x01", "a", "ab", "abc", "b", "ba", "bb", "b\xff", "c" };
	struct strview sa;
	struct kvlist l;
	int more;

	omap_fill(&o);
	/* all keys, byte order (0x01 first, 0xff after letters, prefixes first) */
	kvlist_init(&l);
	ck_assert_int_eq(store_omap_get_keys(st, &C1, &o, NULL, 100, collect, &l, &more), 0);
	ck_assert_int_eq(l.n, 9);
	ck_assert_int_eq(more, 0);
	for (int i = 0; i < 9; i++)
		ck_assert_str_eq(l.key[i], order[i]);
	/* pages of 4: strictly after the last key returned */
	kvlist_init(&l);
	ck_assert_int_eq(store_omap_get_keys(st, &C1, &o, NULL, 4, collect, &l, &more), 0);
	ck_assert_int_eq(l.n, 4);
	ck_assert_int_eq(more, 1);
	sa.p = "abc";
	sa.len = 3;
	kvlist_init(&l);
	ck_assert_int_eq(store_omap_get_keys(st, &C1, &o, &sa, 4, collect, &l, &more), 0);
	ck_assert_int_eq(l.n, 4);
	ck_assert_str_eq(l.key[0], "b");
	ck_assert_str_eq(l.key[3], "b\xff");
	ck_assert_int_eq(more, 1);
	sa.p = "b\xff";
	sa.len = 2;
	kvlist_init(&l);
	ck_assert_int_eq(store_omap_get_keys(st, &C1, &o, &sa, 4, collect, &l, &more), 0);
	ck_assert_int_eq(l.n, 1);
	ck_assert_str_eq(l.key[0], "c");
	ck_assert_int_eq(more, 0);
	/* start_after that is not a key */
	sa.p = "bab";
	sa.len = 3;
	kvlist_init(&l);
	ck_assert_int_eq(store_omap_get_keys(st, &C1, &o, &sa, 1, collect, &l, &more), 0);
	ck_assert_str_eq(l.key[0], "bb");
	ck_assert_int_eq(more, 1);
	/* max 0: nothing, but more tells there is something */
	kvlist_init(&l);
	ck_assert_int_eq(store_omap_get_keys(st, &C1, &o, NULL, 0, collect, &l, &more), 0);
	ck_assert_int_eq(l.n, 0);
	ck_assert_int_eq(more, 1);
	/* visitor stops early: more reflects what is left */
	kvlist_init(&l);
	l.stop_at = 1;
	ck_assert_int_eq(store_omap_get_keys(st, &C1, &o, NULL, 100, collect, &l, &more), 0);
	ck_assert_int_eq(l.n, 2);
	ck_assert_int_eq(more, 1);
	/* missing object */
	ck_assert_int_eq(store_omap_get_keys(st, &C1, &m, NULL, 10, collect, &l, &more), -ENOENT);
}
END_TEST

START_TEST(test_omap_prefix_and_lookups)
{
	struct hobject o = O("om"), e = O("empty");
	struct strview pfx, sa, keys[4];
	struct kvlist l;
	struct buf b = BUF_INIT;
	int more;

	omap_fill(&o);
	/* prefix "b": b, ba, bb, b\xff — and values come along */
	pfx.p = "b";
	pfx.len = 1;
	kvlist_init(&l);
	ck_assert_int_eq(store_omap_get_vals(st, &C1, &o, NULL, &pfx, 100, collect, &l, &more), 0);
	ck_assert_int_eq(l.n, 4);
	ck_assert_str_eq(l.key[0], "b");
	ck_assert_str_eq(l.val[0], "v0");
	ck_assert_str_eq(l.key[3], "b\xff");
	ck_assert_int_eq(more, 0);
	/* prefix sorting after start_after: starts at the prefix itself (inclusive) */
	sa.p = "a";
	sa.len = 1;
	kvlist_init(&l);
	ck_assert_int_eq(store_omap_get_vals(st, &C1, &o, &sa, &pfx, 2, collect, &l, &more), 0);
	ck_assert_int_eq(l.n, 2);
	ck_assert_str_eq(l.key[0], "b");
	ck_assert_str_eq(l.key[1], "ba");
	ck_assert_int_eq(more, 1);
	/* start_after inside the prefix range: strictly after it */
	sa.p = "ba";
	sa.len = 2;
	kvlist_init(&l);
	ck_assert_int_eq(store_omap_get_vals(st, &C1, &o, &sa, &pfx, 10, collect, &l, &more), 0);
	ck_assert_int_eq(l.n, 2);
	ck_assert_str_eq(l.key[0], "bb");
	/* a prefix nothing has */
	pfx.p = "zz";
	pfx.len = 2;
	kvlist_init(&l);
	ck_assert_int_eq(store_omap_get_vals(st, &C1, &o, NULL, &pfx, 10, collect, &l, &more), 0);
	ck_assert_int_eq(l.n, 0);
	ck_assert_int_eq(more, 0);
	/* by keys: in the order asked, absent ones skipped */
	keys[0] = (struct strview){ "c", 1 };
	keys[1] = (struct strview){ "nope", 4 };
	keys[2] = (struct strview){ "a", 1 };
	keys[3] = (struct strview){ "", 0 };
	kvlist_init(&l);
	ck_assert_int_eq(store_omap_get_vals_by_keys(st, &C1, &o, keys, 4, collect, &l), 0);
	ck_assert_int_eq(l.n, 2);
	ck_assert_str_eq(l.key[0], "c");
	ck_assert_str_eq(l.val[0], "v5");
	ck_assert_str_eq(l.key[1], "a");
	/* single get */
	ck_assert_int_eq(store_omap_get(st, &C1, &o, "abc", 3, &b), 0);
	ck_assert_uint_eq(b.len, 2);
	ck_assert_int_eq(store_omap_get(st, &C1, &o, "abcd", 4, &b), -ENODATA);
	buf_free(&b);
	/* an object without omap: empty answers, not errors */
	txn_touch(&T, &C1, &e);
	apply_ok();
	kvlist_init(&l);
	ck_assert_int_eq(store_omap_get_vals(st, &C1, &e, NULL, NULL, 10, collect, &l, &more), 0);
	ck_assert_int_eq(l.n, 0);
	ck_assert_int_eq(more, 0);
	ck_assert_int_eq(store_omap_get_header(st, &C1, &e, &b), 0);
	ck_assert_uint_eq(b.len, 0);
}
END_TEST

START_TEST(test_omap_remove_and_header)
{
	struct hobject o = O("om"), m = O("missing");
	struct strview rm[2] = { { "a", 1 }, { "nope", 4 } };
	struct buf hdr = BUF_INIT, b = BUF_INIT;
	struct kvlist l;
	struct store_objstat s;
	struct store_statfs sf;

	omap_fill(&o);
	/* rmkeys: absent keys ignored */
	txn_omap_rmkeys(&T, &C1, &o, rm, 2);
	apply_ok();
	ck_assert_int_eq(store_omap_get(st, &C1, &o, "a", 1, &b), -ENODATA);
	/* rmkeyrange [ab, b): removes ab, abc; keeps b */
	txn_omap_rmkeyrange(&T, &C1, &o, "ab", 2, "b", 1);
	apply_ok();
	kvlist_init(&l);
	ck_assert_int_eq(store_omap_get_keys(st, &C1, &o, NULL, 100, collect, &l, NULL), 0);
	ck_assert_int_eq(l.n, 6);
	ck_assert_str_eq(l.key[0], "\x01");
	ck_assert_str_eq(l.key[1], "b");
	/* header: set, replace, read */
	buf_append(&hdr, "HEADER", 6);
	txn_omap_setheader(&T, &C1, &o, &hdr);
	apply_ok();
	buf_clear(&hdr);
	buf_append(&hdr, "H2", 2);
	txn_omap_setheader(&T, &C1, &o, &hdr);
	apply_ok();
	ck_assert_int_eq(store_omap_get_header(st, &C1, &o, &b), 0);
	ck_assert_uint_eq(b.len, 2);
	buf_clear(&b);
	ck_assert_int_eq(store_stat(st, &C1, &o, &s), 0);
	ck_assert_uint_eq(s.nomap, 6);
	ck_assert_uint_eq(s.omap_header_len, 2);
	/* clear: keys and header go */
	txn_omap_clear(&T, &C1, &o);
	apply_ok();
	ck_assert_int_eq(store_stat(st, &C1, &o, &s), 0);
	ck_assert_uint_eq(s.nomap, 0);
	ck_assert_uint_eq(s.omap_header_len, 0);
	store_statfs(st, &sf);
	ck_assert_uint_eq(sf.meta_bytes, 0);
	/* removers need the object; setters create it */
	txn_omap_rmkey(&T, &C1, &m, "a", 1);
	ck_assert_int_eq(apply(), -ENOENT);
	txn_omap_rmkeyrange(&T, &C1, &m, "a", 1, "b", 1);
	ck_assert_int_eq(apply(), -ENOENT);
	txn_omap_clear(&T, &C1, &m);
	ck_assert_int_eq(apply(), -ENOENT);
	txn_omap_setheader(&T, &C1, &m, &hdr);
	apply_ok();
	ck_assert(exists(&m));
	buf_free(&hdr);
	buf_free(&b);
}
END_TEST

/* ---- metadata, remove, clone ---- */

START_TEST(test_meta_and_hint)
{
	struct hobject o = O("m");
	struct store_objmeta meta = { { 9, 806 }, 805, { 1700000000, 123 } };
	struct store_alloc_hint hint = { 4 << 20, 4 << 20, 0 };
	struct store_objstat s;

	txn_set_meta(&T, &C1, &o, &meta);
	apply_ok();
	ck_assert_int_eq(store_stat(st, &C1, &o, &s), 0);
	ck_assert_uint_eq(s.size, 0);
	ck_assert_uint_eq(s.meta.version.epoch, 9);
	ck_assert_uint_eq(s.meta.version.version, 806);
	ck_assert_uint_eq(s.meta.user_version, 805);
	ck_assert_uint_eq(s.meta.mtime.sec, 1700000000);
	ck_assert_uint_eq(s.meta.mtime.nsec, 123);
	ck_assert_uint_eq(s.hint.expected_object_size, 0);
	txn_set_alloc_hint(&T, &C1, &o, &hint);
	apply_ok();
	ck_assert_int_eq(store_stat(st, &C1, &o, &s), 0);
	ck_assert_uint_eq(s.hint.expected_object_size, 4 << 20);
	ck_assert_uint_eq(s.meta.user_version, 805);
}
END_TEST

START_TEST(test_remove)
{
	struct hobject o = O("r");
	struct store_statfs sf;

	write_bytes(&o, 0, "data", 4);
	txn_setattr(&T, &C1, &o, "a", 1, "b", 1);
	txn_omap_setkey(&T, &C1, &o, "k", 1, "v", 1);
	apply_ok();
	store_statfs(st, &sf);
	ck_assert_uint_eq(sf.objects, 1);
	ck_assert_uint_eq(sf.used, 4 + 2 + 2);
	txn_remove(&T, &C1, &o);
	apply_ok();
	ck_assert(!exists(&o));
	store_statfs(st, &sf);
	ck_assert_uint_eq(sf.objects, 0);
	ck_assert_uint_eq(sf.used, 0);
	txn_remove(&T, &C1, &o);
	ck_assert_int_eq(apply(), -ENOENT);
	/* recreated: starts empty */
	txn_touch(&T, &C1, &o);
	apply_ok();
	ck_assert_uint_eq(size_of(&o), 0);
	ck_assert_int_eq(store_getattr(st, &C1, &o, "a", 1, &(struct buf)BUF_INIT), -ENODATA);
}
END_TEST

/*
 * Exact lookups go through a per-collection hash table: many objects
 * (growing and shrinking it), names that differ only by hash, snap or
 * namespace, and a locator key equal to the name, which names the same
 * object as no key (hobject_t order).
 */
#define MANY 3000
static char many_names[MANY][24];

static struct hobject
many_oid(int i, uint64_t snap)
{
	/* Few distinct hashes: equal hashes must not make names equal. */
	return oidn(i % 5 ? "" : "ns", many_names[i], (uint32_t)(i % 7), snap);
}

START_TEST(test_many_objects_index)
{
	struct hobject o, k;
	uint64_t n;

	for (int i = 0; i < MANY; i++) {
		snprintf(many_names[i], sizeof(many_names[i]), "obj.%d", i);
		o = many_oid(i, CEPH_NOSNAP);
		txn_touch(&T, &C1, &o);
		if (i % 100 == 0) {
			o = many_oid(i, 4);
			txn_touch(&T, &C1, &o);
		}
		if (i % 64 == 63)
			apply_ok();
	}
	apply_ok();
	ck_assert_int_eq(store_collection_count(st, &C1, &n), 0);
	ck_assert_uint_eq(n, MANY + MANY / 100);
	for (int i = 0; i < MANY; i++) {
		o = many_oid(i, CEPH_NOSNAP);
		ck_assert(exists(&o));
		o.snap = 4;
		ck_assert_int_eq(exists(&o), i % 100 == 0);
		o = many_oid(i, CEPH_NOSNAP);
		o.hash += 7;
		ck_assert(!exists(&o));
		o = many_oid(i, CEPH_NOSNAP);
		o.nspace.p = i % 5 ? "ns" : "";
		o.nspace.len = i % 5 ? 2 : 0;
		ck_assert(!exists(&o));
		o = many_oid(i, CEPH_NOSNAP);
		o.pool = 2;
		ck_assert(!exists(&o));
	}
	/* key == name: the same object as the keyless one */
	k = many_oid(100, 4);
	k.key = k.oid;
	ck_assert(exists(&k));
	k.key.p = "other";
	k.key.len = 5;
	ck_assert(!exists(&k));
	/* another collection does not see them */
	txn_create_collection(&T, &C2);
	apply_ok();
	o = many_oid(1, CEPH_NOSNAP);
	ck_assert_int_eq(store_stat(st, &C2, &o, &(struct store_objstat){ 0 }), -ENOENT);

	/* remove all but every 97th: the table shrinks, survivors stay found */
	for (int i = 0; i < MANY; i++) {
		if (i % 97 == 0)
			continue;
		o = many_oid(i, CEPH_NOSNAP);
		txn_remove(&T, &C1, &o);
		if (i % 64 == 63)
			apply_ok();
	}
	apply_ok();
	for (int i = 0; i < MANY; i++) {
		o = many_oid(i, CEPH_NOSNAP);
		ck_assert_int_eq(exists(&o), i % 97 == 0);
		o.snap = 4;
		ck_assert_int_eq(exists(&o), i % 100 == 0);
	}
	/* a failed transaction puts removed objects back where lookups find them */
	o = many_oid(97, CEPH_NOSNAP);
	txn_remove(&T, &C1, &o);
	o = many_oid(1, CEPH_NOSNAP);
	txn_remove(&T, &C1, &o);
	ck_assert_int_eq(apply(), -ENOENT);
	o = many_oid(97, CEPH_NOSNAP);
	ck_assert(exists(&o));
}
END_TEST

START_TEST(test_clone)
{
	struct hobject src = O("src"), dst = oidn("", "src", 0x1000 + 's', 4), m = O("missing");
	struct buf_seg *seg = pattern_seg(8192, 3, 3);
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct kvlist l;
	struct store_statfs sf;

	write_seg(&src, 0, seg, 0, 8192);
	txn_setattr(&T, &C1, &src, "x", 1, "1", 1);
	txn_omap_setkey(&T, &C1, &src, "k", 1, "v", 1);
	apply_ok();
	txn_clone(&T, &C1, &src, &dst);
	apply_ok();
	/* data shared, not copied */
	ck_assert_int_eq(store_read(st, &C1, &src, 0, 0, &a), 0);
	ck_assert_int_eq(store_read(st, &C1, &dst, 0, 0, &b), 0);
	ck_assert_ptr_eq(a.refs[0].seg, b.refs[0].seg);
	ck_assert(buf_equal(&a, &b));
	buf_clear(&a);
	buf_clear(&b);
	/* independent afterwards */
	write_bytes(&src, 0, "changed", 7);
	txn_setattr(&T, &C1, &src, "x", 1, "2", 1);
	txn_omap_rmkey(&T, &C1, &src, "k", 1);
	apply_ok();
	ck_assert_int_eq(store_read(st, &C1, &dst, 0, 7, &b), 0);
	ck_assert(memcmp(b.refs[0].seg->data + b.refs[0].off, seg->data, 7) == 0);
	ck_assert_int_eq(store_getattr(st, &C1, &dst, "x", 1, &a), 0);
	ck_assert_uint_eq(a.refs[0].seg->data[a.refs[0].off], '1');
	kvlist_init(&l);
	ck_assert_int_eq(store_omap_get_keys(st, &C1, &dst, NULL, 10, collect, &l, NULL), 0);
	ck_assert_int_eq(l.n, 1);
	store_statfs(st, &sf);
	ck_assert_uint_eq(sf.objects, 2);
	ck_assert_uint_eq(sf.data_bytes, 2 * 8192);
	/* clone over an existing object replaces it */
	txn_clone(&T, &C1, &src, &dst);
	apply_ok();
	ck_assert_int_eq(store_getattr(st, &C1, &dst, "x", 1, &a), 0);
	ck_assert_uint_eq(a.refs[1].seg->data[a.refs[1].off], '2');
	/* errors */
	txn_clone(&T, &C1, &m, &dst);
	ck_assert_int_eq(apply(), -ENOENT);
	txn_clone(&T, &C1, &src, &src);
	ck_assert_int_eq(apply(), -EINVAL);
	buf_free(&a);
	buf_free(&b);
	buf_seg_put(seg);
}
END_TEST

/* ---- listing ---- */

/* Real names and their rjenkins hashes (pool 1, from the live lab's `ceph osd map`). */
static void
list_fill(void)
{
	struct hobject objs[] = {
		oidn("", "obj1", 0x6cf8deff, CEPH_NOSNAP),
		oidn("", "obj2", 0x3f1ee208, CEPH_NOSNAP),
		oidn("", "a", 0x29eec818, CEPH_NOSNAP),
		oidn("", "b", 0x54aca597, CEPH_NOSNAP),
		oidn("", "foo", 0x7fc1f406, CEPH_NOSNAP),
		oidn("", "foo", 0x7fc1f406, 3),                 /* a clone of foo */
		oidn("", "bar", 0xefe6384b, CEPH_NOSNAP),
		oidn("", "rbd_data.1", 0x8bc8228e, CEPH_NOSNAP),
		oidn("", "zzz", 0xc25beecc, CEPH_NOSNAP),
		oidn("ns1", "obj1", 0xf490d39d, CEPH_NOSNAP),   /* hash of "ns1\037obj1" */
		oidn("ns1", "a", 0x29eec818, CEPH_NOSNAP),      /* same hash as a, other ns */
	};

	for (size_t i = 0; i < sizeof(objs) / sizeof(objs[0]); i++)
		txn_touch(&T, &C1, &objs[i]);
	apply_ok();
}

/* "ns/name@snap" of each listed object, comma-separated. */
static void
list_names(const struct hobject *h, uint32_t n, char *out, size_t outsz)
{
	size_t pos = 0;

	out[0] = 0;
	for (uint32_t i = 0; i < n; i++) {
		int w = snprintf(out + pos, outsz - pos, "%s%.*s%s%.*s", i ? "," : "",
				 (int)h[i].nspace.len, h[i].nspace.p, h[i].nspace.len ? "/" : "",
				 (int)h[i].oid.len, h[i].oid.p);

		pos += (size_t)w;
		if (h[i].snap != CEPH_NOSNAP)
			pos += (size_t)snprintf(out + pos, outsz - pos, "@%llu",
						(unsigned long long)h[i].snap);
	}
}

START_TEST(test_list_order_and_cursors)
{
	struct hobject start, next, out[32];
	struct strview def = { "", 0 }, ns1 = { "ns1", 3 };
	char names[512];
	uint32_t n;

	list_fill();
	hobject_set_min(&start);
	/* every namespace (rados ls --all): hobject order, clone before head */
	ck_assert_int_eq(store_collection_list(st, &C1, &start, NULL, NULL, 0, out, 32, &n,
					       &next), 0);
	list_names(out, n, names, sizeof(names));
	ck_assert_str_eq(names, "obj2,a,ns1/a,zzz,foo@3,foo,rbd_data.1,ns1/obj1,bar,b,obj1");
	ck_assert(hobject_is_max(&next));
	/* default namespace, heads only */
	ck_assert_int_eq(store_collection_list(st, &C1, &start, NULL, &def,
					       STORE_LIST_HEAD_ONLY, out, 32, &n, &next), 0);
	list_names(out, n, names, sizeof(names));
	ck_assert_str_eq(names, "obj2,a,zzz,foo,rbd_data.1,bar,b,obj1");
	/* one namespace */
	ck_assert_int_eq(store_collection_list(st, &C1, &start, NULL, &ns1, 0, out, 32, &n,
					       &next), 0);
	list_names(out, n, names, sizeof(names));
	ck_assert_str_eq(names, "ns1/a,ns1/obj1");
	ck_assert(hobject_is_max(&next));

	/* pages of 4: next is the first object not returned, and starts the next page */
	ck_assert_int_eq(store_collection_list(st, &C1, &start, NULL, NULL, 0, out, 4, &n,
					       &next), 0);
	list_names(out, n, names, sizeof(names));
	ck_assert_str_eq(names, "obj2,a,ns1/a,zzz");
	ck_assert(!hobject_is_max(&next));
	ck_assert_uint_eq(next.snap, 3);
	start = next;
	ck_assert_int_eq(store_collection_list(st, &C1, &start, NULL, NULL, 0, out, 4, &n,
					       &next), 0);
	list_names(out, n, names, sizeof(names));
	ck_assert_str_eq(names, "foo@3,foo,rbd_data.1,ns1/obj1");
	start = next;
	ck_assert_int_eq(store_collection_list(st, &C1, &start, NULL, NULL, 0, out, 4, &n,
					       &next), 0);
	list_names(out, n, names, sizeof(names));
	ck_assert_str_eq(names, "bar,b,obj1");
	ck_assert(hobject_is_max(&next));
	/* exactly max left: next is MAX, not a phantom */
	start = out[0];
	ck_assert_int_eq(store_collection_list(st, &C1, &start, NULL, NULL, 0, out, 3, &n,
					       &next), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert(hobject_is_max(&next));

	/* a cursor that is not an object: starts at the next one; an end bound stops */
	{
		struct hobject cur = oidn("", "", 0x00000006, CEPH_NOSNAP);  /* reversed 0x60000000 */
		struct hobject end = oidn("", "", 0x00000001, CEPH_NOSNAP);  /* reversed 0x80000000 */

		ck_assert_int_eq(store_collection_list(st, &C1, &cur, &end, NULL, 0, out, 32,
						       &n, &next), 0);
		list_names(out, n, names, sizeof(names));
		ck_assert_str_eq(names, "foo@3,foo,rbd_data.1");
		ck_assert(hobject_is_max(&next));
		/* with a page limit inside the bound */
		ck_assert_int_eq(store_collection_list(st, &C1, &cur, &end, NULL, 0, out, 1,
						       &n, &next), 0);
		ck_assert_uint_eq(n, 1);
		ck_assert_uint_eq(next.snap, CEPH_NOSNAP);
		ck_assert(next.oid.len == 3 && memcmp(next.oid.p, "foo", 3) == 0);
	}
	/* a namespace filter that skips to the end: next is MAX */
	start = oidn("", "b", 0x54aca597, CEPH_NOSNAP);
	ck_assert_int_eq(store_collection_list(st, &C1, &start, NULL, &ns1, 0, out, 32, &n,
					       &next), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert(hobject_is_max(&next));
	/* max 0 */
	hobject_set_min(&start);
	ck_assert_int_eq(store_collection_list(st, &C1, &start, NULL, NULL, 0, out, 0, &n,
					       &next), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert(next.oid.len == 4 && memcmp(next.oid.p, "obj2", 4) == 0);
	/* missing collection; empty collection */
	ck_assert_int_eq(store_collection_list(st, &C2, &start, NULL, NULL, 0, out, 32, &n,
					       &next), -ENOENT);
	txn_create_collection(&T, &C2);
	apply_ok();
	ck_assert_int_eq(store_collection_list(st, &C2, &start, NULL, NULL, 0, out, 32, &n,
					       &next), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert(hobject_is_max(&next));
}
END_TEST

/* ---- transactions ---- */

static int commits, commit_result;

static void
on_commit(void *arg, int result)
{
	commits += *(int *)arg;
	commit_result = result;
}

START_TEST(test_commit_callback)
{
	struct hobject o = O("c"), m = O("missing");
	int weight = 1;

	commits = 0;
	commit_result = -1;
	txn_touch(&T, &C1, &o);
	ck_assert_int_eq(store_apply(st, &T, on_commit, &weight), 0);
	ck_assert_int_eq(commits, 1);
	ck_assert_int_eq(commit_result, 0);
	txn_reset(&T);
	txn_remove(&T, &C1, &m);
	ck_assert_int_eq(store_apply(st, &T, on_commit, &weight), -ENOENT);
	ck_assert_int_eq(commits, 1);
	txn_reset(&T);
	/* an empty transaction commits */
	ck_assert_int_eq(store_apply(st, &T, on_commit, &weight), 0);
	ck_assert_int_eq(commits, 2);
}
END_TEST

/* A populated store for the all-or-nothing tests. */
static void
aon_fill(void)
{
	struct hobject a = O("a"), b = O("b"), c = O("c");
	struct buf_seg *seg = pattern_seg(65536, 11, 2);
	struct buf hdr = BUF_INIT;

	write_seg(&a, 0, seg, 0, 65536);
	write_bytes(&b, 100, "bbbb", 4);
	txn_setattr(&T, &C1, &a, "x", 1, "1", 1);
	txn_setattr(&T, &C1, &a, "y", 1, "2", 1);
	txn_omap_setkey(&T, &C1, &b, "k1", 2, "v1", 2);
	txn_omap_setkey(&T, &C1, &b, "k2", 2, "v2", 2);
	txn_omap_setkey(&T, &C1, &b, "k3", 2, "v3", 2);
	buf_append(&hdr, "hdr", 3);
	txn_omap_setheader(&T, &C1, &b, &hdr);
	txn_touch(&T, &C1, &c);
	apply_ok();
	buf_free(&hdr);
	buf_seg_put(seg);
}

/* Every kind of op on existing and new objects, before the failing one. */
static void
aon_ops(void)
{
	struct hobject a = O("a"), b = O("b"), c = O("c"), n = O("new");
	struct store_objmeta meta = { { 1, 2 }, 3, { 4, 5 } };
	struct store_alloc_hint hint = { 1, 2, 3 };
	struct buf data = BUF_INIT, hdr = BUF_INIT;
	uint8_t junk[10000];

	memset(junk, 0x77, sizeof(junk));
	buf_append(&data, junk, sizeof(junk));
	buf_append(&hdr, "newhdr", 6);
	txn_create_collection(&T, &C2);
	txn_touch(&T, &C2, &n);
	txn_write(&T, &C1, &a, 100, 5000, &data, 0);            /* overwrite inside */
	txn_write(&T, &C1, &a, 60000, 10000, &data, 0);         /* across the end */
	txn_write(&T, &C1, &b, 1 << 20, 10, &data, 0);          /* past the end: hole */
	txn_zero(&T, &C1, &a, 10, 20);
	txn_truncate(&T, &C1, &b, 50);
	txn_truncate(&T, &C1, &b, 5000);
	txn_setattr(&T, &C1, &a, "x", 1, "changed", 7);
	txn_setattr(&T, &C1, &a, "z", 1, "new", 3);
	txn_rmattr(&T, &C1, &a, "y", 1);
	txn_rmattrs(&T, &C1, &a);
	txn_setattr(&T, &C1, &a, "after", 5, "rmattrs", 7);
	txn_omap_setkey(&T, &C1, &b, "k1", 2, "changed", 7);
	txn_omap_rmkey(&T, &C1, &b, "k2", 2);
	txn_omap_rmkeyrange(&T, &C1, &b, "k", 1, "k3", 2);
	txn_omap_setheader(&T, &C1, &b, &hdr);
	txn_omap_clear(&T, &C1, &b);
	txn_omap_setkey(&T, &C1, &b, "fresh", 5, "", 0);
	txn_set_meta(&T, &C1, &b, &meta);
	txn_set_alloc_hint(&T, &C1, &b, &hint);
	txn_clone(&T, &C1, &a, &n);
	txn_clone(&T, &C1, &b, &c);                             /* over an existing object */
	txn_remove(&T, &C1, &a);
	txn_touch(&T, &C1, &a);                                 /* recreated, same name */
	txn_write(&T, &C1, &a, 0, 3, &data, 0);
	buf_free(&data);
	buf_free(&hdr);
}

START_TEST(test_all_or_nothing)
{
	struct hobject m = O("missing");
	struct hobject s = O("a");
	uint32_t before, failing;

	aon_fill();
	before = digest();
	/* ops succeed up to the last one: remove of a missing object */
	aon_ops();
	txn_remove(&T, &C1, &m);
	ck_assert_int_eq(apply(), -ENOENT);
	ck_assert_uint_eq(digest(), before);
	ck_assert(!store_collection_exists(st, &C2));

	/* the same with other failures at the end */
	aon_ops();
	txn_create_collection(&T, &C1);                          /* EEXIST */
	ck_assert_int_eq(apply(), -EEXIST);
	ck_assert_uint_eq(digest(), before);
	aon_ops();
	txn_remove_collection(&T, &C1);                          /* ENOTEMPTY */
	ck_assert_int_eq(apply(), -ENOTEMPTY);
	ck_assert_uint_eq(digest(), before);
	aon_ops();
	txn_clone(&T, &C1, &m, &s);                              /* ENOENT (clone source) */
	ck_assert_int_eq(apply(), -ENOENT);
	ck_assert_uint_eq(digest(), before);
	/* failures found before anything runs: missing collection, EFBIG */
	aon_ops();
	txn_touch(&T, &(struct spg){ { 9, 9 }, -1 }, &s);
	ck_assert_int_eq(apply(), -ENOENT);
	ck_assert_uint_eq(digest(), before);
	aon_ops();
	txn_truncate(&T, &C1, &s, 1ULL << 40);
	ck_assert_int_eq(apply(), -EFBIG);
	ck_assert_uint_eq(digest(), before);

	/* and without the failing op, the txn goes through and changes things */
	aon_ops();
	apply_ok();
	failing = digest();
	ck_assert_uint_ne(failing, before);
	ck_assert(store_collection_exists(st, &C2));
	ck_assert_uint_eq(size_of(&s), 3);
}
END_TEST

START_TEST(test_enospc)
{
	struct memstore_conf conf = { 1 << 20, 0 };
	struct hobject a = O("a"), b = O("b");
	struct buf_seg *seg = pattern_seg(1 << 20, 1, 1);
	struct store_statfs sf;
	uint32_t before;

	txn_free(&T);
	store_destroy(st);
	st = memstore_create(&conf);
	txn_init(&T);
	txn_create_collection(&T, &C1);
	apply_ok();

	write_seg(&a, 0, seg, 0, 600000);
	store_statfs(st, &sf);
	ck_assert_uint_eq(sf.total, 1 << 20);
	ck_assert_uint_eq(sf.used, 600000);
	ck_assert_uint_eq(sf.available, (1 << 20) - 600000);
	before = digest();
	/* would exceed: refused, nothing changed */
	{
		struct buf d = BUF_INIT;

		buf_append_ref(&d, seg, 0, 500000);
		txn_write(&T, &C1, &b, 0, 500000, &d, 0);
		ck_assert_int_eq(apply(), -ENOSPC);
		ck_assert_uint_eq(digest(), before);
		ck_assert(!exists(&b));
		/* a hole counts as well */
		txn_truncate(&T, &C1, &a, 2 << 20);
		ck_assert_int_eq(apply(), -ENOSPC);
		ck_assert_uint_eq(digest(), before);
		/* so do xattrs and omap */
		{
			char *v = malloc(500000);

			memset(v, 1, 500000);
			txn_setattr(&T, &C1, &a, "big", 3, v, 500000);
			ck_assert_int_eq(apply(), -ENOSPC);
			txn_omap_setkey(&T, &C1, &a, "big", 3, v, 500000);
			ck_assert_int_eq(apply(), -ENOSPC);
			ck_assert_uint_eq(digest(), before);
			free(v);
		}
		/* overwriting in place does not grow: fine */
		txn_write(&T, &C1, &a, 0, 500000, &d, 0);
		apply_ok();
		/* growing past the limit and back within one txn: fine */
		txn_write(&T, &C1, &b, 0, 500000, &d, 0);
		txn_truncate(&T, &C1, &b, 10);
		apply_ok();
		/* removing frees space */
		txn_remove(&T, &C1, &a);
		apply_ok();
		txn_write(&T, &C1, &b, 0, 500000, &d, 0);
		apply_ok();
		buf_free(&d);
	}
	store_statfs(st, &sf);
	ck_assert_uint_eq(sf.used, 500000);
	buf_seg_put(seg);
}
END_TEST

START_TEST(test_invalid_objects)
{
	struct hobject mx;

	hobject_set_max(&mx);
	txn_touch(&T, &C1, &mx);
	ck_assert_int_eq(apply(), -EINVAL);
	hobject_set_min(&mx);
	mx.max = 1;
	txn_setattr(&T, &C1, &mx, "a", 1, "b", 1);
	ck_assert_int_eq(apply(), -EINVAL);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("memstore");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_collections);
	tcase_add_test(tc, test_write_read_basic);
	tcase_add_test(tc, test_write_zero_length);
	tcase_add_test(tc, test_holes_read_zero_and_share);
	tcase_add_test(tc, test_truncate);
	tcase_add_test(tc, test_zero);
	tcase_add_test(tc, test_reads_share_and_stay);
	tcase_add_test(tc, test_read_outlives_store);
	tcase_add_test(tc, test_keep_or_copy);
	tcase_add_test(tc, test_appends_pack);
	tcase_add_test(tc, test_large_object);
	tcase_add_test(tc, test_xattrs);
	tcase_add_test(tc, test_omap_order_and_pages);
	tcase_add_test(tc, test_omap_prefix_and_lookups);
	tcase_add_test(tc, test_omap_remove_and_header);
	tcase_add_test(tc, test_meta_and_hint);
	tcase_add_test(tc, test_remove);
	tcase_add_test(tc, test_clone);
	tcase_add_test(tc, test_many_objects_index);
	tcase_add_test(tc, test_list_order_and_cursors);
	tcase_add_test(tc, test_commit_callback);
	tcase_add_test(tc, test_all_or_nothing);
	tcase_add_test(tc, test_enospc);
	tcase_add_test(tc, test_invalid_objects);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
