/*
 * asok.h — the admin socket server: what `ceph daemon osd.N ...`,
 * `ceph --admin-daemon PATH ...`, collectd and telegraf connect to.
 *
 * A PF_UNIX stream socket served from the process's libevent loop, never
 * blocking it: requests are read as they arrive, replies written as the
 * socket accepts them, several clients at once (Ceph's classic daemon
 * serves one at a time on a thread), each closed after ASOK_TIMEOUT_MS
 * without progress.
 *
 * Wire (src/common/admin_socket.cc, one request per connection):
 *   request  a first byte of 0: the legacy binary request, a 4-byte
 *            big-endian number (0 "0", 1 perfcounters_dump, 2
 *            perfcounters_schema, else the unknown "foo"), turned into
 *            {"prefix": "..."}; otherwise JSON text ending at the first
 *            '\0' or '\n', at most ASOK_REQ_MAX bytes with the terminator
 *            (a longer one is dropped: the connection is closed unanswered).
 *   reply    u32 big-endian length, then that many bytes; then close.
 *
 * The payload comes from a dispatch function, normally asok_cmds_execute
 * (asok_cmds.h). The socket file: a stale one (nobody accepting) is
 * replaced, a live one is -EEXIST; it is unlinked by asok_close if it is
 * still ours.
 */
#ifndef OSDFARM_COMMON_ASOK_H
#define OSDFARM_COMMON_ASOK_H

#include <stddef.h>

struct event_base;
struct asok;

#define ASOK_REQ_MAX 1024               /* as Ceph's request buffer */
#define ASOK_MAX_CLIENTS 16             /* more at once are closed on accept */
#define ASOK_TIMEOUT_MS 30000           /* a connection idle this long is closed */

/* The reply payload for one request (req: len bytes, NUL-terminated too); xmalloc'd. */
typedef char *(*asok_dispatch_fn)(void *arg, const char *req, size_t len, size_t *outlen);

/*
 * Bind and listen on path, serving requests on base. -ENAMETOOLONG for a
 * path longer than sun_path, -EEXIST when a live process (or a file that
 * is not a socket) holds the path, else -errno (logged).
 */
int asok_open(struct event_base *base, const char *path, asok_dispatch_fn fn, void *arg,
	      struct asok **out);
/* Stop serving: close every client and the socket, unlink the file if ours. */
void asok_close(struct asok *a);
const char *asok_path(const struct asok *a);
/* Change the per-connection timeout (tests). */
void asok_set_timeout(struct asok *a, unsigned ms);
/* Connections being served now. */
unsigned asok_nclients(const struct asok *a);

#endif
