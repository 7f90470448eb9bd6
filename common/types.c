/*
 * types.c — Ceph's small shared wire types: names, addresses, times, uuids,
 * placement-group ids, versions, object locators, request ids and hobjects.
 *
 * Each layout is described next to its code with the Ceph source it follows.
 * Decoders never trust a length or a count they read: every one is checked
 * against what remains (enc.h) or against a fixed bound before use.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/types.h"

/* ---------------------------------------------------------------- helpers */

static void
enc_view(struct buf *b, const struct strview *s)
{
	enc_string(b, s->len ? s->p : "", s->len);
}

static int
dec_view(struct dec *d, struct strview *s)
{
	const uint8_t *p = NULL;
	uint32_t len = 0;
	int r = dec_string(d, &p, &len);

	if (r < 0)
		return r;
	s->p = (const char *)p;
	s->len = len;
	return 0;
}

/* An snprintf-like accumulator: keeps counting after the buffer is full. */
struct fmt {
	char *out;
	size_t sz;
	size_t len;
};

static void fmt_add(struct fmt *f, const char *fmtstr, ...)
	__attribute__((format(printf, 2, 3)));

static void
fmt_add(struct fmt *f, const char *fmtstr, ...)
{
	va_list ap;
	char *dst = NULL;
	size_t room = 0;
	int n;

	if (f->len < f->sz) {
		dst = f->out + f->len;
		room = f->sz - f->len;
	}
	va_start(ap, fmtstr);
	n = vsnprintf(dst, room, fmtstr, ap);
	va_end(ap);
	if (n > 0)
		f->len += (size_t)n;
}

static int
fmt_done(struct fmt *f)
{
	if (f->sz > 0 && f->len < f->sz)
		f->out[f->len] = '\0';
	return f->len > INT32_MAX ? INT32_MAX : (int)f->len;
}

/* Decimal digits only, no sign, no overflow past max. */
static const char *
parse_udec(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return NULL;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned dig = (unsigned)(*p - '0');

		if (v > (max - dig) / 10)
			return NULL;
		v = v * 10 + dig;
	}
	*out = v;
	return p;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* ------------------------------------------------------------ entity_name */

/* src/msg/msg_types.h: entity_name_t is u8 type + s64 num. */
void
entity_name_encode(struct buf *b, const struct entity_name *n)
{
	enc_u8(b, n->type);
	enc_s64(b, n->num);
}

int
entity_name_decode(struct dec *d, struct entity_name *n)
{
	dec_u8(d, &n->type);
	return dec_s64(d, &n->num);
}

const char *
entity_type_name(uint8_t type)
{
	switch (type) {
	case ENTITY_TYPE_MON: return "mon";
	case ENTITY_TYPE_MDS: return "mds";
	case ENTITY_TYPE_OSD: return "osd";
	case ENTITY_TYPE_CLIENT: return "client";
	case ENTITY_TYPE_MGR: return "mgr";
	case ENTITY_TYPE_AUTH: return "auth";
	default: return "unknown";
	}
}

int
entity_name_format(const struct entity_name *n, char *out, size_t outsz)
{
	/* A negative num is a client without an id yet: Ceph prints "client.?". */
	if (n->num < 0)
		return snprintf(out, outsz, "%s.?", entity_type_name(n->type));
	return snprintf(out, outsz, "%s.%" PRId64, entity_type_name(n->type), n->num);
}

/* ------------------------------------------------------------ entity_addr */

/*
 * Bytes of sockaddr on the wire for a family. Anything but INET/INET6 uses
 * the size of the whole union, as Ceph does (entity_addr_t::get_sockaddr_len),
 * which is why a blank address travels as 28 zero bytes.
 */
static uint32_t
addr_wire_len(unsigned family)
{
	switch (family) {
	case AF_INET:
		return sizeof(struct sockaddr_in);
	case AF_INET6:
	default:
		return sizeof(struct sockaddr_in6);
	}
}

socklen_t
entity_addr_socklen(const struct entity_addr *a)
{
	return addr_wire_len(a->u.sa.sa_family);
}

/*
 * New form (src/msg/msg_types.h: entity_addr_t::encode with MSG_ADDR2):
 * u8 marker 1, struct header v1/c1, u32 type, u32 nonce, u32 sockaddr_len,
 * then the Linux sockaddr with its family as a little-endian u16 and the
 * rest (port, address) copied raw, i.e. in network order.
 */
void
entity_addr_encode(struct buf *b, const struct entity_addr *a)
{
	struct enc_struct s;
	unsigned family = a->u.sa.sa_family;
	uint32_t len = addr_wire_len(family);

	enc_u8(b, 1);
	enc_struct_start(b, 1, 1, &s);
	enc_u32(b, a->type);
	enc_u32(b, a->nonce);
	enc_u32(b, len);
	enc_u16(b, (uint16_t)family);
	enc_raw(b, (const uint8_t *)&a->u + sizeof(a->u.sa.sa_family),
		len - sizeof(a->u.sa.sa_family));
	enc_struct_end(b, &s);
}

/* Size of Linux's struct sockaddr_storage, which the legacy form carries. */
#define LEGACY_SS_LEN 128

/*
 * Legacy form, the marker byte already read: it was the low byte of a u32
 * type that is always 0 (decode_legacy_addr_after_marker in msg_types.h).
 * Then u32 nonce and a 128-byte sockaddr_storage whose family is big-endian.
 */
static int
addr_decode_legacy(struct dec *d, struct entity_addr *a)
{
	const uint8_t *ss;
	unsigned family;
	size_t len;

	dec_skip(d, 3);
	dec_u32(d, &a->nonce);
	if (dec_ptr(d, LEGACY_SS_LEN, &ss) < 0)
		return d->err;
	family = (unsigned)ss[0] << 8 | ss[1];
	memset(&a->u, 0, sizeof(a->u));
	switch (family) {
	case AF_UNSPEC:
		a->type = ENTITY_ADDR_NONE;
		return 0;
	case AF_INET:
	case AF_INET6:
		len = addr_wire_len(family);
		break;
	default:
		return dec_fail(d, -EPROTO);
	}
	a->type = ENTITY_ADDR_LEGACY;
	a->u.sa.sa_family = (sa_family_t)family;
	memcpy((uint8_t *)&a->u + sizeof(a->u.sa.sa_family), ss + 2, len - 2);
	return 0;
}

/* New form, marker already read. */
static int
addr_decode_new(struct dec *d, struct entity_addr *a)
{
	struct dec_struct s;
	uint32_t len = 0;
	uint16_t family = 0;
	int r;

	if ((r = dec_struct_start(d, 1, &s)) < 0)
		return r;
	dec_u32(d, &a->type);
	dec_u32(d, &a->nonce);
	dec_u32(d, &len);
	memset(&a->u, 0, sizeof(a->u));
	if (d->err == 0 && len != 0) {
		if (len != sizeof(struct sockaddr_in) && len != sizeof(struct sockaddr_in6))
			goto bad;
		if (dec_u16(d, &family) < 0)
			goto out;
		/*
		 * Ceph refuses more bytes than the family's sockaddr holds; a
		 * shorter sockaddr would leave part of the address unset, so
		 * we want the exact size (a blank family may use either).
		 */
		if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6)
			goto bad;
		if (family != AF_UNSPEC && len != addr_wire_len(family))
			goto bad;
		a->u.sa.sa_family = family;
		dec_raw(d, (uint8_t *)&a->u + sizeof(a->u.sa.sa_family),
			len - sizeof(family));
	}
	goto out;
bad:
	dec_fail(d, -EPROTO);
out:
	/* Also on error: restores the cursor's outer bounds. */
	return dec_struct_end(d, &s);
}

static int
addr_decode_after_marker(struct dec *d, uint8_t marker, struct entity_addr *a)
{
	if (marker == 0)
		return addr_decode_legacy(d, a);
	if (marker == 1)
		return addr_decode_new(d, a);
	return dec_fail(d, -EPROTO);
}

int
entity_addr_decode(struct dec *d, struct entity_addr *a)
{
	uint8_t marker;
	int r;

	if ((r = dec_u8(d, &marker)) < 0)
		return r;
	return addr_decode_after_marker(d, marker, a);
}

static const char *
addr_type_name(uint32_t type)
{
	switch (type) {
	case ENTITY_ADDR_NONE: return "none";
	case ENTITY_ADDR_LEGACY: return "v1";
	case ENTITY_ADDR_MSGR2: return "v2";
	case ENTITY_ADDR_ANY: return "any";
	default: return "???";
	}
}

static void
addr_fmt(struct fmt *f, const struct entity_addr *a)
{
	char ip[INET6_ADDRSTRLEN];

	if (a->type == ENTITY_ADDR_NONE) {
		fmt_add(f, "-");
		return;
	}
	/*
	 * Ceph leaves out "any:" (src/msg/msg_types.cc operator<<); we print
	 * it so that the text parses back to the same address.
	 */
	fmt_add(f, "%s:", addr_type_name(a->type));
	switch (a->u.sa.sa_family) {
	case AF_INET:
		inet_ntop(AF_INET, &a->u.in4.sin_addr, ip, sizeof(ip));
		fmt_add(f, "%s:%u", ip, ntohs(a->u.in4.sin_port));
		break;
	case AF_INET6:
		inet_ntop(AF_INET6, &a->u.in6.sin6_addr, ip, sizeof(ip));
		fmt_add(f, "[%s]:%u", ip, ntohs(a->u.in6.sin6_port));
		break;
	default:
		fmt_add(f, "(unrecognized address family %u)", a->u.sa.sa_family);
		break;
	}
	fmt_add(f, "/%" PRIu32, a->nonce);
}

int
entity_addr_format(const struct entity_addr *a, char *out, size_t outsz)
{
	struct fmt f = { out, outsz, 0 };

	addr_fmt(&f, a);
	return fmt_done(&f);
}

/*
 * [type:]ip[:port][/nonce], ip being a.b.c.d, [v6] or a bare v6 (which then
 * cannot carry a port: its colons would be read as part of the address, as
 * in Ceph's entity_addr_t::parse). "-" is the blank address.
 */
int
entity_addr_parse(const char *s, uint32_t default_type, struct entity_addr *a)
{
	static const char v4chars[] = "0123456789.";
	static const char v6chars[] = "0123456789abcdefABCDEF:.";
	char ip[64];
	const char *p = s;
	uint32_t type = default_type;
	uint64_t v;
	size_t n;
	int bracket = 0;

	memset(a, 0, sizeof(*a));
	if (strcmp(s, "-") == 0)
		return 0;
	if (strncmp(p, "v1:", 3) == 0) {
		type = ENTITY_ADDR_LEGACY;
		p += 3;
	} else if (strncmp(p, "v2:", 3) == 0) {
		type = ENTITY_ADDR_MSGR2;
		p += 3;
	} else if (strncmp(p, "any:", 4) == 0) {
		type = ENTITY_ADDR_ANY;
		p += 4;
	}
	if (*p == '[') {
		bracket = 1;
		p++;
	}

	n = strspn(p, v4chars);
	if (!bracket && n > 0 && n < sizeof(ip)) {
		memcpy(ip, p, n);
		ip[n] = '\0';
		if (inet_pton(AF_INET, ip, &a->u.in4.sin_addr) == 1) {
			a->u.sa.sa_family = AF_INET;
			p += n;
		}
	}
	if (a->u.sa.sa_family == AF_UNSPEC) {
		n = strspn(p, v6chars);
		if (n == 0 || n >= sizeof(ip))
			return -EINVAL;
		memcpy(ip, p, n);
		ip[n] = '\0';
		if (inet_pton(AF_INET6, ip, &a->u.in6.sin6_addr) != 1)
			return -EINVAL;
		a->u.sa.sa_family = AF_INET6;
		p += n;
		if (bracket) {
			if (*p != ']')
				return -EINVAL;
			p++;
		}
	}
	if (*p == ':') {
		if ((p = parse_udec(p + 1, 65535, &v)) == NULL)
			return -EINVAL;
		entity_addr_set_port(a, (uint16_t)v);
	}
	if (*p == '/') {
		if ((p = parse_udec(p + 1, UINT32_MAX, &v)) == NULL)
			return -EINVAL;
		a->nonce = (uint32_t)v;
	}
	if (*p != '\0')
		return -EINVAL;
	a->type = type;
	return 0;
}

/*
 * Same type, nonce, family, port and address (and IPv6 flow/scope). Ceph
 * compares the raw structs; comparing fields keeps unused padding (which a
 * caller may not have zeroed) out of it.
 */
int
entity_addr_equal(const struct entity_addr *a, const struct entity_addr *b)
{
	if (a->type != b->type || a->nonce != b->nonce ||
	    a->u.sa.sa_family != b->u.sa.sa_family)
		return 0;
	switch (a->u.sa.sa_family) {
	case AF_INET:
		return a->u.in4.sin_port == b->u.in4.sin_port &&
		       a->u.in4.sin_addr.s_addr == b->u.in4.sin_addr.s_addr;
	case AF_INET6:
		return a->u.in6.sin6_port == b->u.in6.sin6_port &&
		       a->u.in6.sin6_flowinfo == b->u.in6.sin6_flowinfo &&
		       a->u.in6.sin6_scope_id == b->u.in6.sin6_scope_id &&
		       memcmp(&a->u.in6.sin6_addr, &b->u.in6.sin6_addr,
			      sizeof(a->u.in6.sin6_addr)) == 0;
	default:
		return memcmp(&a->u, &b->u, sizeof(a->u)) == 0;
	}
}

uint16_t
entity_addr_port(const struct entity_addr *a)
{
	switch (a->u.sa.sa_family) {
	case AF_INET:
		return ntohs(a->u.in4.sin_port);
	case AF_INET6:
		return ntohs(a->u.in6.sin6_port);
	default:
		return 0;
	}
}

/* No-op on a blank address: it has no port field. */
void
entity_addr_set_port(struct entity_addr *a, uint16_t port)
{
	switch (a->u.sa.sa_family) {
	case AF_INET:
		a->u.in4.sin_port = htons(port);
		break;
	case AF_INET6:
		a->u.in6.sin6_port = htons(port);
		break;
	default:
		break;
	}
}

/* --------------------------------------------------------- entity_addrvec */

/* src/msg/msg_types.cc: entity_addrvec_t::encode, MSG_ADDR2 branch. */
void
entity_addrvec_encode(struct buf *b, const struct entity_addrvec *v)
{
	uint32_t i, n = v->n > ENTITY_ADDRVEC_MAX ? ENTITY_ADDRVEC_MAX : v->n;

	enc_u8(b, 2);
	enc_u32(b, n);
	for (i = 0; i < n; i++)
		entity_addr_encode(b, &v->v[i]);
}

/* Marker 2: u32 count + addresses; marker 0 or 1: one bare address. */
int
entity_addrvec_decode(struct dec *d, struct entity_addrvec *v)
{
	uint8_t marker;
	uint32_t i, count;
	int r;

	v->n = 0;
	if ((r = dec_u8(d, &marker)) < 0)
		return r;
	if (marker < 2) {
		if ((r = addr_decode_after_marker(d, marker, &v->v[0])) < 0)
			return r;
		v->n = 1;
		return 0;
	}
	if (marker != 2)
		return dec_fail(d, -EPROTO);
	if ((r = dec_u32(d, &count)) < 0)
		return r;
	if (count > ENTITY_ADDRVEC_MAX)
		return dec_fail(d, -E2BIG);
	for (i = 0; i < count; i++) {
		if ((r = entity_addr_decode(d, &v->v[i])) < 0) {
			v->n = 0;
			return r;
		}
	}
	v->n = count;
	return 0;
}

/* Like Ceph: one address prints bare, several as "[a,b]", none as "". */
int
entity_addrvec_format(const struct entity_addrvec *v, char *out, size_t outsz)
{
	struct fmt f = { out, outsz, 0 };
	uint32_t i, n = v->n > ENTITY_ADDRVEC_MAX ? ENTITY_ADDRVEC_MAX : v->n;

	if (n == 1) {
		addr_fmt(&f, &v->v[0]);
	} else if (n > 1) {
		fmt_add(&f, "[");
		for (i = 0; i < n; i++) {
			if (i)
				fmt_add(&f, ",");
			addr_fmt(&f, &v->v[i]);
		}
		fmt_add(&f, "]");
	}
	return fmt_done(&f);
}

int
entity_addrvec_equal(const struct entity_addrvec *a, const struct entity_addrvec *b)
{
	uint32_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (!entity_addr_equal(&a->v[i], &b->v[i]))
			return 0;
	return 1;
}

const struct entity_addr *
entity_addrvec_find(const struct entity_addrvec *v, uint32_t type)
{
	uint32_t i;

	for (i = 0; i < v->n && i < ENTITY_ADDRVEC_MAX; i++)
		if (v->v[i].type == type)
			return &v->v[i];
	return NULL;
}

/* ------------------------------------------------------------------ utime */

void
utime_encode(struct buf *b, const struct utime *t)
{
	enc_u32(b, t->sec);
	enc_u32(b, t->nsec);
}

int
utime_decode(struct dec *d, struct utime *t)
{
	dec_u32(d, &t->sec);
	return dec_u32(d, &t->nsec);
}

struct utime
utime_now(void)
{
	struct timespec ts;
	struct utime t;

	clock_gettime(CLOCK_REALTIME, &ts);
	t.sec = (uint32_t)ts.tv_sec;
	t.nsec = (uint32_t)ts.tv_nsec;
	return t;
}

/* ------------------------------------------------------------------- uuid */

void
uuid_encode(struct buf *b, const struct uuid *u)
{
	enc_raw(b, u->b, sizeof(u->b));
}

int
uuid_decode(struct dec *d, struct uuid *u)
{
	return dec_raw(d, u->b, sizeof(u->b));
}

int
uuid_parse(const char *s, struct uuid *u)
{
	struct uuid tmp;
	int i, hi, lo;

	for (i = 0; i < 16; i++) {
		/* Dashes come after bytes 4, 6, 8 and 10: 8-4-4-4-12. */
		if (i == 4 || i == 6 || i == 8 || i == 10) {
			if (*s != '-')
				return -EINVAL;
			s++;
		}
		if ((hi = hexval(s[0])) < 0 || (lo = hexval(s[1])) < 0)
			return -EINVAL;
		tmp.b[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	if (*s != '\0')
		return -EINVAL;
	*u = tmp;
	return 0;
}

void
uuid_format(const struct uuid *u, char out[37])
{
	static const char hex[] = "0123456789abcdef";
	char *o = out;
	int i;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*o++ = '-';
		*o++ = hex[u->b[i] >> 4];
		*o++ = hex[u->b[i] & 15];
	}
	*o = '\0';
}

void
uuid_generate(struct uuid *u)
{
	/* arc4random_buf (glibc 2.36, or libbsd's overlay) cannot fail. */
	arc4random_buf(u->b, sizeof(u->b));
	u->b[6] = (uint8_t)((u->b[6] & 0x0f) | 0x40);   /* version 4 */
	u->b[8] = (uint8_t)((u->b[8] & 0x3f) | 0x80);   /* RFC 4122 variant */
}

int
uuid_is_zero(const struct uuid *u)
{
	size_t i;

	for (i = 0; i < sizeof(u->b); i++)
		if (u->b[i])
			return 0;
	return 1;
}

/* ------------------------------------------------------------ pg_t, spg_t */

/*
 * src/osd/osd_types.h: pg_t::encode — a bare u8 version (1), not a struct
 * header; the trailing s32 is the long-gone "preferred" OSD, always -1.
 * Ceph's decoder checks neither the version nor preferred; neither do we.
 */
void
pg_encode(struct buf *b, const struct pg *pg)
{
	enc_u8(b, 1);
	enc_u64(b, pg->pool);
	enc_u32(b, pg->seed);
	enc_s32(b, -1);
}

int
pg_decode(struct dec *d, struct pg *pg)
{
	dec_skip(d, 1);
	dec_u64(d, &pg->pool);
	dec_u32(d, &pg->seed);
	return dec_skip(d, 4);
}

int
pg_format(const struct pg *pg, char *out, size_t outsz)
{
	return snprintf(out, outsz, "%" PRIu64 ".%" PRIx32, pg->pool, pg->seed);
}

/* "POOL.SEED": decimal pool, hexadecimal seed (1..8 digits), nothing else. */
int
pg_parse(const char *s, struct pg *pg)
{
	uint64_t pool;
	uint32_t seed = 0;
	const char *p;
	int digits = 0, h;

	if ((p = parse_udec(s, UINT64_MAX, &pool)) == NULL || *p != '.')
		return -EINVAL;
	for (p++; (h = hexval(*p)) >= 0; p++) {
		if (++digits > 8)
			return -EINVAL;
		seed = seed << 4 | (uint32_t)h;
	}
	if (digits == 0 || *p != '\0')
		return -EINVAL;
	pg->pool = pool;
	pg->seed = seed;
	return 0;
}

/* src/osd/osd_types.h: spg_t::encode, ENCODE_START(1, 1). */
void
spg_encode(struct buf *b, const struct spg *s)
{
	struct enc_struct st;

	enc_struct_start(b, 1, 1, &st);
	pg_encode(b, &s->pgid);
	enc_u8(b, (uint8_t)s->shard);
	enc_struct_end(b, &st);
}

int
spg_decode(struct dec *d, struct spg *s)
{
	struct dec_struct st;
	uint8_t shard = 0;
	int r;

	if ((r = dec_struct_start(d, 1, &st)) < 0)
		return r;
	pg_decode(d, &s->pgid);
	dec_u8(d, &shard);
	s->shard = (int8_t)shard;
	return dec_struct_end(d, &st);
}

/* "2.1f", or "3.1s0" with a shard (Ceph's spg_t operator<<). */
int
spg_format(const struct spg *s, char *out, size_t outsz)
{
	if (s->shard < 0)
		return pg_format(&s->pgid, out, outsz);
	return snprintf(out, outsz, "%" PRIu64 ".%" PRIx32 "s%d", s->pgid.pool,
			s->pgid.seed, s->shard);
}

/* ------------------------------------------------------------- eversion_t */

/* src/osd/osd_types.h: eversion_t is encoded as its raw struct: version, epoch. */
void
eversion_encode(struct buf *b, const struct eversion *v)
{
	enc_u64(b, v->version);
	enc_u32(b, v->epoch);
}

int
eversion_decode(struct dec *d, struct eversion *v)
{
	dec_u64(d, &v->version);
	return dec_u32(d, &v->epoch);
}

/* "51'1" */
int
eversion_format(const struct eversion *v, char *out, size_t outsz)
{
	return snprintf(out, outsz, "%" PRIu32 "'%" PRIu64, v->epoch, v->version);
}

/* ------------------------------------------------------- object_locator_t */

/*
 * src/osd/osd_types.cc: object_locator_t::encode. v6; compat 3, raised to
 * 6 when a hash is set (older decoders would ignore it). The s32 after the
 * pool is the retired "preferred" OSD, always -1. A locator never has both
 * a key and a hash (Ceph asserts it); we refuse such input.
 */
void
object_locator_encode(struct buf *b, const struct object_locator *ol)
{
	struct enc_struct s;

	enc_struct_start(b, 6, ol->hash != -1 ? 6 : 3, &s);
	enc_s64(b, ol->pool);
	enc_s32(b, -1);
	enc_view(b, &ol->key);
	enc_view(b, &ol->nspace);
	enc_s64(b, ol->hash);
	enc_struct_end(b, &s);
}

int
object_locator_decode(struct dec *d, struct object_locator *ol)
{
	struct dec_struct s;
	int r;

	if ((r = dec_struct_start(d, 6, &s)) < 0)
		return r;
	/* Before v3 the header had no compat/length (pre-Argonaut): not supported. */
	if (s.v < 3)
		dec_fail(d, -EOPNOTSUPP);
	ol->nspace.p = "";
	ol->nspace.len = 0;
	ol->hash = -1;
	dec_s64(d, &ol->pool);
	dec_skip(d, 4);
	dec_view(d, &ol->key);
	if (s.v >= 5)
		dec_view(d, &ol->nspace);
	if (s.v >= 6)
		dec_s64(d, &ol->hash);
	if (d->err == 0 && ol->hash != -1 && ol->key.len != 0)
		dec_fail(d, -EPROTO);
	return dec_struct_end(d, &s);
}

/* ------------------------------------------------------------ osd_reqid_t */

/* src/osd/osd_types.h: osd_reqid_t DENC, v2/c2. */
void
osd_reqid_encode(struct buf *b, const struct osd_reqid *r)
{
	struct enc_struct s;

	enc_struct_start(b, 2, 2, &s);
	entity_name_encode(b, &r->name);
	enc_u64(b, r->tid);
	enc_s32(b, r->inc);
	enc_struct_end(b, &s);
}

int
osd_reqid_decode(struct dec *d, struct osd_reqid *r)
{
	struct dec_struct s;
	int e;

	if ((e = dec_struct_start(d, 2, &s)) < 0)
		return e;
	entity_name_decode(d, &r->name);
	dec_u64(d, &r->tid);
	dec_s32(d, &r->inc);
	return dec_struct_end(d, &s);
}

/* -------------------------------------------------------------- hobject_t */

/* src/common/hobject.cc: hobject_t::encode, v4/c3. */
void
hobject_encode(struct buf *b, const struct hobject *h)
{
	struct enc_struct s;

	enc_struct_start(b, 4, 3, &s);
	enc_view(b, &h->key);
	enc_view(b, &h->oid);
	enc_u64(b, h->snap);
	enc_u32(b, h->hash);
	enc_bool(b, h->max);
	enc_view(b, &h->nspace);
	enc_s64(b, h->pool);
	enc_struct_end(b, &s);
}

int
hobject_decode(struct dec *d, struct hobject *h)
{
	static const struct strview empty = { "", 0 };
	struct dec_struct s;
	int r;

	if ((r = dec_struct_start(d, 4, &s)) < 0)
		return r;
	if (s.v < 3)
		dec_fail(d, -EOPNOTSUPP);
	h->nspace = empty;
	h->pool = INT64_MIN;
	dec_view(d, &h->key);
	dec_view(d, &h->oid);
	dec_u64(d, &h->snap);
	dec_u32(d, &h->hash);
	dec_bool(d, &h->max);
	if (s.v >= 4) {
		dec_view(d, &h->nspace);
		dec_s64(d, &h->pool);
	}
	if (d->err)
		return dec_struct_end(d, &s);
	/*
	 * Two fix-ups from hobject_t::decode: Hammer encoded the minimum
	 * object with pool -1 instead of INT64_MIN, and old encoders could
	 * send a max object with stray fields; both are made canonical.
	 */
	if (h->max) {
		h->key = h->oid = h->nspace = empty;
		h->snap = 0;
		h->hash = 0;
		h->max = 1;
		h->pool = INT64_MIN;
	} else if (s.v >= 4 && h->pool == -1 && h->snap == 0 && h->hash == 0 &&
		   h->oid.len == 0) {
		h->pool = INT64_MIN;
	}
	return dec_struct_end(d, &s);
}
