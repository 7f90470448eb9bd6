/*
 * sock.c — non-blocking TCP socket helpers (see sock.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "msg/sock.h"

int
sock_set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl == -1 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1)
		return -errno;
	return 0;
}

int
sock_set_nodelay(int fd)
{
	int one = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == -1)
		return -errno;
	return 0;
}

static int
sock_family(const struct entity_addr *a)
{
	int fam = a->u.sa.sa_family;

	return fam == AF_INET6 ? AF_INET6 : fam == AF_INET ? AF_INET : -1;
}

int
sock_listen(const struct entity_addr *addr, int backlog)
{
	int fam = sock_family(addr), fd, one = 1, err;

	if (fam < 0)
		return -EAFNOSUPPORT;
	fd = socket(fam, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(fd, &addr->u.sa, entity_addr_socklen(addr)) == -1 ||
	    listen(fd, backlog) == -1) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

static void
sock_from_storage(const struct sockaddr_storage *ss, struct entity_addr *out)
{
	memset(out, 0, sizeof(*out));
	out->type = ENTITY_ADDR_MSGR2;
	if (ss->ss_family == AF_INET6)
		memcpy(&out->u.in6, ss, sizeof(out->u.in6));
	else
		memcpy(&out->u.in4, ss, sizeof(out->u.in4));
}

int
sock_accept(int lfd, struct entity_addr *peer)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int fd, err;

	for (;;) {
		fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd != -1)
			break;
		if (errno == EINTR)
			continue;
		if (errno == EWOULDBLOCK)
			return -EAGAIN;
		return -errno;
	}
	err = sock_set_nodelay(fd);
	if (err < 0 && err != -EOPNOTSUPP) {
		close(fd);
		return err;
	}
	if (peer)
		sock_from_storage(&ss, peer);
	return fd;
}

int
sock_connect(const struct entity_addr *addr)
{
	int fam = sock_family(addr), fd, err;

	if (fam < 0)
		return -EAFNOSUPPORT;
	fd = socket(fam, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -errno;
	sock_set_nodelay(fd);
	if (connect(fd, &addr->u.sa, entity_addr_socklen(addr)) == -1 &&
	    errno != EINPROGRESS) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int
sock_connect_result(int fd)
{
	int soerr = 0;
	socklen_t len = sizeof(soerr);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1)
		return -errno;
	return -soerr;
}

int
sock_local_addr(int fd, struct entity_addr *out)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return -errno;
	sock_from_storage(&ss, out);
	return 0;
}

int
sock_peer_addr(int fd, struct entity_addr *out)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getpeername(fd, (struct sockaddr *)&ss, &len) == -1)
		return -errno;
	sock_from_storage(&ss, out);
	return 0;
}
