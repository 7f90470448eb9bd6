/*
 * asok.c — the admin socket server on the libevent loop (see asok.h).
 *
 * Each client is a small state machine: READ (collect bytes until the
 * request is complete), then WRITE (the length-prefixed reply, as much as
 * the socket takes each time it is writable), then closed. Nothing blocks:
 * a client that stalls in either phase only holds its own slot until the
 * timeout.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/asok.h"
#include "common/log.h"
#include "common/mem.h"

struct asok_client {
	struct asok *a;
	int fd;
	struct event *ev;
	char req[ASOK_REQ_MAX + 1];
	size_t rlen;
	char *reply;            /* length prefix + payload */
	size_t reply_len, sent;
	struct asok_client *next;
};

struct asok {
	struct event_base *base;
	char *path;
	int fd;
	dev_t dev;              /* the socket file we created */
	ino_t ino;
	struct event *lev;
	struct event *retry_ev; /* re-arm accept after EMFILE */
	asok_dispatch_fn fn;
	void *arg;
	struct timeval timeout;
	struct asok_client *clients;
	unsigned nclients;
};

static void client_read_cb(evutil_socket_t fd, short what, void *arg);
static void client_write_cb(evutil_socket_t fd, short what, void *arg);

static void
client_free(struct asok_client *c)
{
	struct asok *a = c->a;
	struct asok_client **pp;

	for (pp = &a->clients; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	a->nclients--;
	event_free(c->ev);
	close(c->fd);
	free(c->reply);
	free(c);
}

/* The request is complete: get the reply and start sending it. */
static void
client_dispatch(struct asok_client *c, const char *req, size_t len)
{
	struct asok *a = c->a;
	size_t plen = 0;
	char *payload = a->fn(a->arg, req, len, &plen);
	uint32_t n;

	if (plen > UINT32_MAX - 4) {
		log_error(LOG_ASOK, "asok: reply of %zu bytes is too large", plen);
		free(payload);
		client_free(c);
		return;
	}
	c->reply = xmalloc(plen + 4);
	n = (uint32_t)plen;
	c->reply[0] = (char)(n >> 24);
	c->reply[1] = (char)(n >> 16);
	c->reply[2] = (char)(n >> 8);
	c->reply[3] = (char)n;
	memcpy(c->reply + 4, payload, plen);
	free(payload);
	c->reply_len = plen + 4;
	event_free(c->ev);
	c->ev = event_new(a->base, c->fd, EV_WRITE | EV_PERSIST, client_write_cb, c);
	/* Most replies fit in the socket buffer: try at once. */
	client_write_cb(c->fd, EV_WRITE, c);
}

static void
client_write_cb(evutil_socket_t fd, short what, void *arg)
{
	struct asok_client *c = arg;

	if (what & EV_TIMEOUT) {
		log_debug(LOG_ASOK, 1, "asok: client timed out while we were replying");
		client_free(c);
		return;
	}
	while (c->sent < c->reply_len) {
		ssize_t w = send(fd, c->reply + c->sent, c->reply_len - c->sent, MSG_NOSIGNAL);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				if (!event_pending(c->ev, EV_WRITE, NULL))
					event_add(c->ev, &c->a->timeout);
				return;
			}
			log_debug(LOG_ASOK, 1, "asok: write: %s", strerror(errno));
			break;
		}
		c->sent += (size_t)w;
	}
	client_free(c);
}

/* Ceph's legacy requests: 0 → "0", 1 → perfcounters_dump, 2 → perfcounters_schema. */
static void
client_legacy(struct asok_client *c)
{
	const unsigned char *b = (const unsigned char *)c->req;
	uint32_t v = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	const char *json;

	switch (v) {
	case 0: json = "{\"prefix\":\"0\"}"; break;
	case 1: json = "{\"prefix\":\"perfcounters_dump\"}"; break;
	case 2: json = "{\"prefix\":\"perfcounters_schema\"}"; break;
	default: json = "{\"prefix\":\"foo\"}"; break;    /* answered "unknown command" */
	}
	client_dispatch(c, json, strlen(json));
}

static void
client_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct asok_client *c = arg;
	size_t old;
	ssize_t r;
	char *end;

	if (what & EV_TIMEOUT) {
		log_debug(LOG_ASOK, 1, "asok: client sent no complete request in time");
		client_free(c);
		return;
	}
	r = recv(fd, c->req + c->rlen, ASOK_REQ_MAX - c->rlen, 0);
	if (r < 0) {
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return;
		log_debug(LOG_ASOK, 1, "asok: read: %s", strerror(errno));
		client_free(c);
		return;
	}
	if (r == 0) {
		log_debug(LOG_ASOK, 5, "asok: client closed before a complete request");
		client_free(c);
		return;
	}
	old = c->rlen;
	c->rlen += (size_t)r;
	if (c->req[0] == '\0') {
		if (c->rlen >= 4)
			client_legacy(c);
		return;
	}
	/* Text: up to the first '\0' or '\n'; bytes after it are ignored. */
	for (end = c->req + old; end < c->req + c->rlen; end++) {
		if (*end == '\0' || *end == '\n') {
			*end = '\0';
			client_dispatch(c, c->req, (size_t)(end - c->req));
			return;
		}
	}
	if (c->rlen >= ASOK_REQ_MAX) {
		log_error(LOG_ASOK, "asok: request too long, dropped");
		client_free(c);
	}
}

static void
accept_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct asok *a = arg;

	event_add(a->lev, NULL);
}

static void
accept_cb(evutil_socket_t lfd, short what, void *arg)
{
	struct asok *a = arg;

	for (;;) {
		struct asok_client *c;
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			/* Out of descriptors: pause instead of spinning on a readable socket. */
			log_error(LOG_ASOK, "asok: accept: %s", strerror(errno));
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			    errno == ENOMEM) {
				struct timeval tv = { 0, 100000 };

				event_del(a->lev);
				evtimer_add(a->retry_ev, &tv);
			}
			return;
		}
		if (a->nclients >= ASOK_MAX_CLIENTS) {
			log_debug(LOG_ASOK, 1, "asok: %u clients already, closing a new one",
				  a->nclients);
			close(fd);
			continue;
		}
		c = xcalloc(1, sizeof(*c));
		c->a = a;
		c->fd = fd;
		c->ev = event_new(a->base, fd, EV_READ | EV_PERSIST, client_read_cb, c);
		c->next = a->clients;
		a->clients = c;
		a->nclients++;
		event_add(c->ev, &a->timeout);
	}
}

/*
 * bind() said EADDRINUSE: is anyone accepting there? A non-blocking
 * connect to a UNIX socket completes (or fails with EAGAIN, backlog full)
 * only when a listener exists; a stale file gives ECONNREFUSED. Ceph pings
 * with a request instead (AdminSocketClient::ping); a connect is enough to
 * know and cannot hang on a stuck daemon.
 */
static bool
someone_listens(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	bool alive;

	if (fd < 0)
		return true;    /* cannot tell: do not remove it */
	alive = connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0 ||
		errno == EAGAIN || errno == EINPROGRESS;
	close(fd);
	return alive;
}

static int
bind_path(int fd, const char *path, const struct sockaddr_un *sa)
{
	struct stat st;

	if (bind(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0)
		return 0;
	if (errno != EADDRINUSE)
		return -errno;
	if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
		log_error(LOG_ASOK, "asok: %s exists and is not a socket", path);
		return -EEXIST;
	}
	if (someone_listens(sa)) {
		log_error(LOG_ASOK, "asok: %s is in use by a running process", path);
		return -EEXIST;
	}
	log_info(LOG_ASOK, "asok: removing stale socket %s", path);
	if (unlink(path) < 0 && errno != ENOENT)
		return -errno;
	if (bind(fd, (const struct sockaddr *)sa, sizeof(*sa)) < 0)
		return -errno;
	return 0;
}

int
asok_open(struct event_base *base, const char *path, asok_dispatch_fn fn, void *arg,
	  struct asok **out)
{
	struct sockaddr_un sa;
	struct asok *a;
	struct stat st;
	int fd, r;

	*out = NULL;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (path == NULL || path[0] == '\0' || strlen(path) >= sizeof(sa.sun_path)) {
		log_error(LOG_ASOK, "asok: socket path '%s' is empty or longer than %zu bytes",
			  path ? path : "", sizeof(sa.sun_path) - 1);
		return path && path[0] ? -ENAMETOOLONG : -EINVAL;
	}
	memcpy(sa.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		r = -errno;
		log_error(LOG_ASOK, "asok: socket: %s", strerror(-r));
		return r;
	}
	r = bind_path(fd, path, &sa);
	if (r < 0) {
		if (r != -EEXIST)
			log_error(LOG_ASOK, "asok: cannot bind %s: %s", path, strerror(-r));
		close(fd);
		return r;
	}
	if (listen(fd, 16) < 0 || stat(path, &st) < 0) {
		r = -errno;
		log_error(LOG_ASOK, "asok: listen on %s: %s", path, strerror(-r));
		close(fd);
		unlink(path);
		return r;
	}
	a = xcalloc(1, sizeof(*a));
	a->base = base;
	a->path = xstrdup(path);
	a->fd = fd;
	a->dev = st.st_dev;
	a->ino = st.st_ino;
	a->fn = fn;
	a->arg = arg;
	a->timeout.tv_sec = ASOK_TIMEOUT_MS / 1000;
	a->timeout.tv_usec = (ASOK_TIMEOUT_MS % 1000) * 1000;
	a->lev = event_new(base, fd, EV_READ | EV_PERSIST, accept_cb, a);
	a->retry_ev = evtimer_new(base, accept_retry_cb, a);
	event_add(a->lev, NULL);
	log_debug(LOG_ASOK, 1, "asok: listening on %s", path);
	*out = a;
	return 0;
}

void
asok_close(struct asok *a)
{
	struct stat st;

	if (a == NULL)
		return;
	while (a->clients)
		client_free(a->clients);
	event_free(a->lev);
	event_free(a->retry_ev);
	close(a->fd);
	/* Another process may have taken the path over since (stale check). */
	if (stat(a->path, &st) == 0 && st.st_dev == a->dev && st.st_ino == a->ino)
		unlink(a->path);
	free(a->path);
	free(a);
}

const char *
asok_path(const struct asok *a)
{
	return a->path;
}

void
asok_set_timeout(struct asok *a, unsigned ms)
{
	a->timeout.tv_sec = ms / 1000;
	a->timeout.tv_usec = (ms % 1000) * 1000;
}

unsigned
asok_nclients(const struct asok *a)
{
	return a->nclients;
}
