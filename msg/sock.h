/*
 * sock.h — non-blocking TCP socket helpers for the messenger.
 *
 * Thin wrappers over the BSD socket calls in the spirit of Redis' anet.c:
 * every socket they return is non-blocking and close-on-exec, with
 * TCP_NODELAY set (msgr2 sends small control frames that must not wait for
 * Nagle). Addresses are struct entity_addr (common/types.h) so callers never
 * touch sockaddr lengths. Functions return a file descriptor or 0 on success,
 * a negative errno on failure; they do not log.
 */
#ifndef OSDFARM_MSG_SOCK_H
#define OSDFARM_MSG_SOCK_H

#include "common/types.h"

/* Bind and listen on addr's IP and port (port 0: the kernel picks one). */
int sock_listen(const struct entity_addr *addr, int backlog);
/*
 * Accept one pending connection; -EAGAIN when none is pending. peer (may be
 * NULL) receives the remote address with type MSGR2 and nonce 0.
 */
int sock_accept(int lfd, struct entity_addr *peer);
/* Start a connection; the result is known when the fd turns writable. */
int sock_connect(const struct entity_addr *addr);
/* After the fd became writable: 0 if connected, else the negative errno. */
int sock_connect_result(int fd);
int sock_set_nonblock(int fd);
int sock_set_nodelay(int fd);
/* getsockname()/getpeername() as MSGR2 addresses with nonce 0. */
int sock_local_addr(int fd, struct entity_addr *out);
int sock_peer_addr(int fd, struct entity_addr *out);

#endif
