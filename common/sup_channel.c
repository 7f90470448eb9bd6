/*
 * sup_channel.c — the child side of the supervisor status channel and the
 * packet format both sides share (see sup_channel.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/sup_channel.h"

static const char *const state_names[SUP_CHAN_STATE_MAX] = {
	[SUP_CHAN_BOOTING] = "booting",
	[SUP_CHAN_UP] = "up",
	[SUP_CHAN_STOPPING] = "stopping",
	[SUP_CHAN_STOPPED] = "stopped",
};

const char *
sup_chan_state_name(enum sup_chan_state st)
{
	if ((unsigned)st >= SUP_CHAN_STATE_MAX)
		return "?";
	return state_names[st];
}

int
sup_channel_fd(void)
{
	static int cached = -2;
	const char *v;
	char *end;
	long n;
	int fl;

	if (cached != -2)
		return cached;
	cached = -1;
	v = getenv(SUP_CHANNEL_ENV);
	if (!v)
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < 0 || n > 65535)
		n = -1;
	unsetenv(SUP_CHANNEL_ENV);
	if (n < 0 || fcntl((int)n, F_SETFD, FD_CLOEXEC) == -1)
		return -1;
	fl = fcntl((int)n, F_GETFL);
	if (fl == -1 || fcntl((int)n, F_SETFL, fl | O_NONBLOCK) == -1)
		return -1;
	cached = (int)n;
	return cached;
}

int
sup_channel_format(char *buf, size_t sz, enum sup_chan_state st, uint32_t epoch)
{
	int n;

	if ((unsigned)st >= SUP_CHAN_STATE_MAX)
		return -EINVAL;
	n = snprintf(buf, sz, "%s %u", state_names[st], epoch);
	if (n < 0 || (size_t)n >= sz)
		return -ENOSPC;
	return n;
}

int
sup_channel_report(int fd, enum sup_chan_state st, uint32_t epoch)
{
	char buf[SUP_CHANNEL_MSG_MAX];
	int n;

	if (fd < 0)
		return 0;
	n = sup_channel_format(buf, sizeof(buf), st, epoch);
	if (n < 0)
		return n;
	/* MSG_NOSIGNAL: a dead supervisor must not kill us with SIGPIPE */
	if (send(fd, buf, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL) == -1)
		return -errno;
	return 0;
}

int
sup_channel_parse(const char *msg, size_t len, enum sup_chan_state *st, uint32_t *epoch)
{
	const char *sp;
	size_t wlen, i;
	uint64_t e = 0;
	int s;

	if (len > 0 && msg[len - 1] == '\n')
		len--;
	if (len == 0 || len >= SUP_CHANNEL_MSG_MAX)
		return -EINVAL;
	sp = memchr(msg, ' ', len);
	if (!sp)
		return -EINVAL;
	wlen = (size_t)(sp - msg);
	for (s = 0; s < SUP_CHAN_STATE_MAX; s++)
		if (strlen(state_names[s]) == wlen && memcmp(msg, state_names[s], wlen) == 0)
			break;
	if (s == SUP_CHAN_STATE_MAX)
		return -EINVAL;
	i = wlen + 1;
	if (i == len || (msg[i] == '0' && i + 1 < len))
		return -EINVAL;
	for (; i < len; i++) {
		if (msg[i] < '0' || msg[i] > '9')
			return -EINVAL;
		e = e * 10 + (uint64_t)(msg[i] - '0');
		if (e > UINT32_MAX)
			return -EINVAL;
	}
	*st = (enum sup_chan_state)s;
	*epoch = (uint32_t)e;
	return 0;
}
