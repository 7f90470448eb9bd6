/*
 * throttle.c — byte and message budgets (see throttle.h).
 */
#include "config.h"

#include <stddef.h>

#include "msg/throttle.h"

void
throttle_init(struct throttle *t, uint64_t max)
{
	t->max = max;
	t->cur = 0;
	t->waiters.prev = t->waiters.next = &t->waiters;
	t->waiters.wake = NULL;
}

int
throttle_would_block(const struct throttle *t, uint64_t n)
{
	if (t->max == 0 || t->cur == 0)
		return 0;
	return t->cur + n > t->max;
}

void
throttle_take(struct throttle *t, uint64_t n)
{
	t->cur += n;
}

static void
throttle_wake_all(struct throttle *t)
{
	struct throttle_waiter *w;

	/* Each waiter is unlinked before its callback, which may wait again. */
	while (t->waiters.next != &t->waiters) {
		if (t->max && t->cur >= t->max)
			break;
		w = t->waiters.next;
		throttle_cancel(w);
		w->wake(w);
	}
}

void
throttle_put(struct throttle *t, uint64_t n)
{
	t->cur = n > t->cur ? 0 : t->cur - n;
	throttle_wake_all(t);
}

void
throttle_set_max(struct throttle *t, uint64_t max)
{
	t->max = max;
	throttle_wake_all(t);
}

void
throttle_wait(struct throttle *t, struct throttle_waiter *w)
{
	if (w->next)
		return;
	w->prev = t->waiters.prev;
	w->next = &t->waiters;
	t->waiters.prev->next = w;
	t->waiters.prev = w;
}

void
throttle_cancel(struct throttle_waiter *w)
{
	if (!w->next)
		return;
	w->prev->next = w->next;
	w->next->prev = w->prev;
	w->prev = w->next = NULL;
}
