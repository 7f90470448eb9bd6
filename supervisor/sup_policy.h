/*
 * sup_policy.h — when the supervisor respawns a child, and what to say
 * about an exit: the backoff arithmetic, the crash-loop limit and the
 * wait status in words. Pure functions: no processes, no clocks.
 */
#ifndef OSDFARM_SUPERVISOR_SUP_POLICY_H
#define OSDFARM_SUPERVISOR_SUP_POLICY_H

#include <stddef.h>
#include <stdint.h>

/* Exit status by which a child says "do not respawn me" (bad usage), as
 * osdfarm-osd's usage error and nginx's fatal worker code. */
#define SUP_EXIT_FATAL 2

struct sup_policy {
	unsigned backoff_min_ms;        /* delay after the first failure */
	unsigned backoff_max_ms;        /* doubling stops here */
	unsigned crash_limit;           /* exits within the window that ... */
	unsigned crash_window_s;        /* ... stop respawning; 0 limit = never */
};

/*
 * Delay before respawning after the n-th consecutive failure (n >= 1):
 * backoff_min_ms * 2^(n-1), at most backoff_max_ms. n == 0 gives 0.
 */
unsigned sup_backoff_ms(const struct sup_policy *p, unsigned n);

/*
 * Recent exit times of one slot, to spot a crash loop. Only the exits
 * inside the window are kept, and the caller gives up once there are
 * crash_limit of them, so the array never grows past crash_limit.
 */
struct sup_crashlog {
	uint64_t *t;            /* exit times, ms, oldest first */
	unsigned n, cap;
};

/*
 * Record an exit at now_ms. Returns 1 when that makes crash_limit exits
 * within crash_window_s (give up), 0 otherwise (also with crash_limit 0).
 */
int sup_crashlog_add(struct sup_crashlog *l, const struct sup_policy *p, uint64_t now_ms);
/* Exits recorded inside the window ending at now_ms. */
unsigned sup_crashlog_count(struct sup_crashlog *l, const struct sup_policy *p,
			    uint64_t now_ms);
void sup_crashlog_clear(struct sup_crashlog *l);

/*
 * A waitpid status in words: "exited with status 1", "killed by signal 11
 * (SIGSEGV), core dumped", "exited normally". Returns 1 when the status is
 * SUP_EXIT_FATAL (do not respawn), else 0.
 */
int sup_describe_exit(int status, char *buf, size_t sz);

#endif
