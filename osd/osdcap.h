/*
 * osdcap.h — OSD capabilities: the `osd` caps string a client's cephx
 * ticket carries ("allow rw pool=p1", "profile rbd pool=vms", "allow *"),
 * parsed once and checked for every op. An op they do not allow gets EPERM.
 *
 * Grammar (src/osd/OSDCap.cc, same words and order):
 *   caps    := grant { (';' | ',') grant }
 *   grant   := "allow" spec match [network] | "allow" match spec [network]
 *            | "profile" ['='] NAME [pool ['='] STR [namespace ['='] ESTR]] [network]
 *   spec    := '*' | "all" | [r][w][x] [class-read] [class-write]
 *            | "class" NAME [METHOD]
 *   match   := [pool ['='] STR] [namespace ['='] ESTR['*']] [object_prefix STR]
 *            | [namespace ['='] ESTR] tag APP KEY '=' VALUE
 *   network := "network" CIDR
 * STR: a quoted string or [A-Za-z0-9_./-]+; ESTR may be "" (the default
 * namespace); a trailing '*' on a namespace matches by prefix.
 *
 * Semantics as Ceph's OSDCapGrant::is_capable: an op is allowed when one
 * grant matches its pool, namespace and object (locator key if set, else
 * the name) and allows every kind of access the op needs (r for reads, w
 * for writes). x is class-read + class-write. Profiles expand to grants:
 * read-only, read-write, rbd, rbd-read-only; other names (e.g. "osd",
 * which is a mon profile) grant nothing, as in Ceph.
 * Not enforced here (such grants never match, which errs on refusing):
 * pool tags (`tag APP K=V`) and `network` restrictions.
 */
#ifndef OSDFARM_OSD_OSDCAP_H
#define OSDFARM_OSD_OSDCAP_H

#include <stddef.h>
#include <stdint.h>

#define OSDCAP_R 0x01
#define OSDCAP_W 0x02
#define OSDCAP_CLS_R 0x04
#define OSDCAP_CLS_W 0x08
#define OSDCAP_X (OSDCAP_CLS_R | OSDCAP_CLS_W)
#define OSDCAP_ANY 0xff

struct osdcap_grant {
	uint8_t allow;                  /* OSDCAP_* */
	uint8_t has_nspace;             /* nspace given (may be "") */
	uint8_t nspace_prefix;          /* nspace ended with '*' */
	uint8_t never;                  /* tag / network: not enforceable, never matches */
	char *pool;                     /* NULL: any pool */
	char *nspace;
	char *object_prefix;            /* NULL: any object */
	char *class_name, *method;      /* "class NAME [METHOD]" */
};

struct osdcap {
	unsigned n;
	struct osdcap_grant *g;
};

/* 0, or -EINVAL with a message in err ("... at 'xyz'"). On error *c is empty. */
int osdcap_parse(const char *s, struct osdcap *c, char *err, size_t errsz);
void osdcap_free(struct osdcap *c);
/* Some grant is `allow *` on everything. */
int osdcap_allow_all(const struct osdcap *c);
/*
 * Whether an op on pool/namespace/object (not NUL-terminated: lengths
 * given) that reads (may_read) and/or writes (may_write) is allowed.
 */
int osdcap_is_capable(const struct osdcap *c, const char *pool, const char *ns, size_t nslen,
		      const char *obj, size_t objlen, int may_read, int may_write);

/*
 * The op layer's check (osd/op_path.c): the caps of the connection's cephx
 * ticket (conn_peer_caps) against one op. Connections without cephx and
 * tickets with allow_all pass. Parsed caps are cached by their text.
 * Returns 0 or -EPERM.
 */
struct conn;
struct strview;
int osdcap_check_conn(struct conn *c, const char *pool, const struct strview *ns,
		      const struct strview *obj, int may_read, int may_write);
/* The same for a decoded MOSDOp: pool name from map, the object is the
 * locator key if set, else the name; reads/writes from the op codes. */
struct osdmap;
struct mosdop;
int osdcap_check_op(struct conn *c, const struct osdmap *map, const struct mosdop *req,
		    int may_write);

#endif
