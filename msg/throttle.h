/*
 * throttle.h — byte and message budgets that pause reading, never dropping.
 *
 * A throttle is a counter with a maximum. The messenger charges a received
 * message against its connection's and the messenger's throttles (one for
 * bytes, one for message count) before it reads the message, and releases the
 * charge when the upper layer frees the message. While a charge does not fit,
 * the connection stops reading its socket and waits on the throttle; a release
 * that makes room wakes every waiter, which retry (as Ceph's Throttle does, a
 * single charge larger than the maximum is let through when nothing is held,
 * so an oversized message cannot wedge a connection forever).
 *
 * Single-threaded: no locks. Waiters are intrusive list nodes owned by the
 * caller.
 */
#ifndef OSDFARM_MSG_THROTTLE_H
#define OSDFARM_MSG_THROTTLE_H

#include <stdint.h>

struct throttle_waiter {
	struct throttle_waiter *prev, *next;    /* NULL when not waiting */
	void (*wake)(struct throttle_waiter *w);
};

struct throttle {
	uint64_t max;                           /* 0: unlimited */
	uint64_t cur;
	struct throttle_waiter waiters;         /* list head */
};

void throttle_init(struct throttle *t, uint64_t max);
/* Change the maximum; wakes waiters if that makes room. */
void throttle_set_max(struct throttle *t, uint64_t max);
/* 1 if taking n now would go over the maximum. */
int throttle_would_block(const struct throttle *t, uint64_t n);
/* Take n unconditionally (callers check throttle_would_block first). */
void throttle_take(struct throttle *t, uint64_t n);
/* Give n back; wakes all waiters when there is room again. */
void throttle_put(struct throttle *t, uint64_t n);
/* Queue w to be woken by the next put that leaves room (no-op if queued). */
void throttle_wait(struct throttle *t, struct throttle_waiter *w);
/* Remove w from whatever throttle it waits on (no-op if it does not wait). */
void throttle_cancel(struct throttle_waiter *w);
static inline int throttle_waiting(const struct throttle_waiter *w) { return w->next != NULL; }

#endif
