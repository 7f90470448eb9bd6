/*
 * sup_policy.c — respawn backoff, crash-loop detection and exit
 * descriptions (see sup_policy.h).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "common/mem.h"
#include "supervisor/sup_policy.h"

unsigned
sup_backoff_ms(const struct sup_policy *p, unsigned n)
{
	uint64_t d;

	if (n == 0)
		return 0;
	d = p->backoff_min_ms;
	/* double n-1 times, stopping at the cap so the shift cannot overflow */
	while (--n > 0 && d < p->backoff_max_ms)
		d *= 2;
	if (d > p->backoff_max_ms)
		d = p->backoff_max_ms;
	return (unsigned)d;
}

/* Drop exits older than the window. */
static void
prune(struct sup_crashlog *l, const struct sup_policy *p, uint64_t now_ms)
{
	uint64_t window = (uint64_t)p->crash_window_s * 1000;
	unsigned i = 0;

	while (i < l->n && now_ms - l->t[i] >= window)
		i++;
	if (i) {
		memmove(l->t, l->t + i, (l->n - i) * sizeof(*l->t));
		l->n -= i;
	}
}

unsigned
sup_crashlog_count(struct sup_crashlog *l, const struct sup_policy *p, uint64_t now_ms)
{
	prune(l, p, now_ms);
	return l->n;
}

int
sup_crashlog_add(struct sup_crashlog *l, const struct sup_policy *p, uint64_t now_ms)
{
	if (p->crash_limit == 0)
		return 0;
	prune(l, p, now_ms);
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->t = xreallocarray(l->t, l->cap, sizeof(*l->t));
	}
	l->t[l->n++] = now_ms;
	return l->n >= p->crash_limit;
}

void
sup_crashlog_clear(struct sup_crashlog *l)
{
	free(l->t);
	l->t = NULL;
	l->n = l->cap = 0;
}

int
sup_describe_exit(int status, char *buf, size_t sz)
{
	const char *abbrev;

	if (WIFEXITED(status)) {
		if (WEXITSTATUS(status) == 0)
			snprintf(buf, sz, "exited normally");
		else
			snprintf(buf, sz, "exited with status %d%s", WEXITSTATUS(status),
				 WEXITSTATUS(status) == SUP_EXIT_FATAL ? " (fatal)" : "");
		return WEXITSTATUS(status) == SUP_EXIT_FATAL;
	}
	if (WIFSIGNALED(status)) {
		abbrev = sigabbrev_np(WTERMSIG(status));
		snprintf(buf, sz, "killed by signal %d (SIG%s)%s", WTERMSIG(status),
			 abbrev ? abbrev : "?", WCOREDUMP(status) ? ", core dumped" : "");
		return 0;
	}
	snprintf(buf, sz, "wait status 0x%x", (unsigned)status);
	return 0;
}
