/*
 * types.h — Ceph's shared wire types, each with its encoder and decoder.
 *
 * Layouts follow src/msg/msg_types.h (entity_addr_t, entity_name_t),
 * src/include/utime.h, src/include/uuid.h, src/osd/osd_types.h (pg_t, spg_t,
 * eversion_t, object_locator_t, osd_reqid_t) and src/common/hobject.h.
 * Decoders return 0 or a negative errno (enc.h); strings are views into the
 * decoded buffer unless a field says otherwise.
 */
#ifndef OSDFARM_COMMON_TYPES_H
#define OSDFARM_COMMON_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "common/buf.h"
#include "common/enc.h"

/* CEPH_ENTITY_TYPE_* */
#define ENTITY_TYPE_MON    0x01
#define ENTITY_TYPE_MDS    0x02
#define ENTITY_TYPE_OSD    0x04
#define ENTITY_TYPE_CLIENT 0x08
#define ENTITY_TYPE_MGR    0x10
#define ENTITY_TYPE_AUTH   0x20
#define ENTITY_TYPE_ANY    0xFF

/* entity_addr_t::type */
#define ENTITY_ADDR_NONE   0
#define ENTITY_ADDR_LEGACY 1
#define ENTITY_ADDR_MSGR2  2
#define ENTITY_ADDR_ANY    3

/* entity_name_t: u8 type + s64 num ("osd.3", "client.4134"). */
struct entity_name {
	uint8_t type;
	int64_t num;
};
void entity_name_encode(struct buf *b, const struct entity_name *n);
int entity_name_decode(struct dec *d, struct entity_name *n);
/* "osd.3"; returns snprintf's result. */
int entity_name_format(const struct entity_name *n, char *out, size_t outsz);
const char *entity_type_name(uint8_t type);     /* "osd", "client", ... "unknown" */

/* entity_addr_t. The sockaddr keeps Linux's layout (family in host order). */
struct entity_addr {
	uint32_t type;
	uint32_t nonce;
	union {
		struct sockaddr sa;
		struct sockaddr_in in4;
		struct sockaddr_in6 in6;
	} u;
};
/* New (marker 1) form; the legacy form is accepted by the decoder. */
void entity_addr_encode(struct buf *b, const struct entity_addr *a);
int entity_addr_decode(struct dec *d, struct entity_addr *a);
/* "v2:127.0.0.1:6800/1234", "v1:[::1]:6789/0", "any:127.0.0.1:0/42", "-" for none. */
int entity_addr_format(const struct entity_addr *a, char *out, size_t outsz);
/* Parses what entity_addr_format prints (type prefix optional: default given). -EINVAL on bad input. */
int entity_addr_parse(const char *s, uint32_t default_type, struct entity_addr *a);
int entity_addr_equal(const struct entity_addr *a, const struct entity_addr *b);
uint16_t entity_addr_port(const struct entity_addr *a);
void entity_addr_set_port(struct entity_addr *a, uint16_t port);
socklen_t entity_addr_socklen(const struct entity_addr *a);

#define ENTITY_ADDRVEC_MAX 8
struct entity_addrvec {
	uint32_t n;
	struct entity_addr v[ENTITY_ADDRVEC_MAX];
};
/* Always marker 2 + count (msgr2 peers have MSG_ADDR2). */
void entity_addrvec_encode(struct buf *b, const struct entity_addrvec *v);
/* Accepts marker 2 (vector), or a bare address (marker 1 or legacy 0). -E2BIG above ENTITY_ADDRVEC_MAX. */
int entity_addrvec_decode(struct dec *d, struct entity_addrvec *v);
/* "[v2:127.0.0.1:6800/1,v1:127.0.0.1:6801/1]" */
int entity_addrvec_format(const struct entity_addrvec *v, char *out, size_t outsz);
/* 1 if both hold the same addresses in the same order. */
int entity_addrvec_equal(const struct entity_addrvec *a, const struct entity_addrvec *b);
/* First address of the given type, or NULL. */
const struct entity_addr *entity_addrvec_find(const struct entity_addrvec *v, uint32_t type);

/* utime_t / ceph_timespec: u32 sec + u32 nsec. */
struct utime {
	uint32_t sec;
	uint32_t nsec;
};
void utime_encode(struct buf *b, const struct utime *t);
int utime_decode(struct dec *d, struct utime *t);
struct utime utime_now(void);            /* CLOCK_REALTIME */

/* uuid_d: 16 raw bytes in textual order. */
struct uuid {
	uint8_t b[16];
};
void uuid_encode(struct buf *b, const struct uuid *u);
int uuid_decode(struct dec *d, struct uuid *u);
int uuid_parse(const char *s, struct uuid *u);  /* -EINVAL unless 8-4-4-4-12 hex */
void uuid_format(const struct uuid *u, char out[37]);
void uuid_generate(struct uuid *u);             /* random (v4) */
int uuid_is_zero(const struct uuid *u);

/* pg_t: u8 version (1) + u64 pool + u32 seed + s32 preferred (-1). */
struct pg {
	uint64_t pool;
	uint32_t seed;
};
void pg_encode(struct buf *b, const struct pg *pg);
int pg_decode(struct dec *d, struct pg *pg);
int pg_format(const struct pg *pg, char *out, size_t outsz);    /* "2.1f" */
int pg_parse(const char *s, struct pg *pg);

/* spg_t: versioned struct (v1) { pg_t, s8 shard }; shard -1 = none. */
struct spg {
	struct pg pgid;
	int8_t shard;
};
void spg_encode(struct buf *b, const struct spg *s);
int spg_decode(struct dec *d, struct spg *s);
int spg_format(const struct spg *s, char *out, size_t outsz);  /* "2.1f", "3.1s0" */

/* eversion_t: u64 version + u32 epoch (note the order on the wire). */
struct eversion {
	uint32_t epoch;
	uint64_t version;
};
void eversion_encode(struct buf *b, const struct eversion *v);
int eversion_decode(struct dec *d, struct eversion *v);
int eversion_format(const struct eversion *v, char *out, size_t outsz);  /* "51'1" */

/* A string field that is a view into the decoded bytes. */
struct strview {
	const char *p;
	uint32_t len;
};

/* object_locator_t: versioned (v6, compat 3). */
struct object_locator {
	int64_t pool;
	struct strview key;
	struct strview nspace;
	int64_t hash;           /* -1 unless set */
};
void object_locator_encode(struct buf *b, const struct object_locator *ol);
int object_locator_decode(struct dec *d, struct object_locator *ol);

/* osd_reqid_t: versioned (v2) { entity_name_t, u64 tid, s32 inc }. */
struct osd_reqid {
	struct entity_name name;
	uint64_t tid;
	int32_t inc;
};
void osd_reqid_encode(struct buf *b, const struct osd_reqid *r);
int osd_reqid_decode(struct dec *d, struct osd_reqid *r);

/* hobject_t: versioned (v4, compat 3). snap CEPH_NOSNAP = -2, CEPH_SNAPDIR = -1. */
#define CEPH_NOSNAP  ((uint64_t)-2)
#define CEPH_SNAPDIR ((uint64_t)-1)
struct hobject {
	struct strview key;
	struct strview oid;
	uint64_t snap;
	uint32_t hash;
	int max;
	struct strview nspace;
	int64_t pool;
};
void hobject_encode(struct buf *b, const struct hobject *h);
int hobject_decode(struct dec *d, struct hobject *h);

#endif
