/*
 * sup_signal.c — the supervisor's signals, nginx-style: nothing happens in
 * a signal handler. libevent's evsignal handler only records the signal
 * (it writes to a socketpair); the callbacks below run from the loop.
 *
 *   SIGCHLD          reap, respawn
 *   SIGTERM, SIGINT  graceful stop (a second one kills the OSDs)
 *   SIGHUP           reload osdfarm.conf, forward to the OSDs
 *   SIGUSR1          reopen the log file, forward to the OSDs
 *   SIGPIPE          ignored
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include <event2/event.h>

#include "common/log.h"
#include "supervisor/sup_int.h"

const int sup_signals[] = { SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGPIPE };
const unsigned sup_nsignals = sizeof(sup_signals) / sizeof(sup_signals[0]);

static void
signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct sup *s = arg;

	switch (sig) {
	case SIGCHLD:
		sup_reap(s);
		break;
	case SIGTERM:
	case SIGINT:
		log_info(LOG_SUP, "SIG%s: stopping", sigabbrev_np((int)sig));
		sup_stop(s);
		break;
	case SIGHUP:
		sup_reload(s);
		break;
	case SIGUSR1:
		log_info(LOG_SUP, "SIGUSR1: reopening logs");
		log_reopen();
		sup_forward_signal(s, SIGUSR1);
		break;
	default:
		break;
	}
}

int
sup_signal_init(struct sup *s)
{
	static const int handled[] = { SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGUSR1 };
	unsigned i;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < sizeof(handled) / sizeof(handled[0]); i++) {
		s->sig_ev[i] = evsignal_new(s->base, handled[i], signal_cb, s);
		if (!s->sig_ev[i] || evsignal_add(s->sig_ev[i], NULL) < 0) {
			log_error(LOG_SUP, "cannot watch SIG%s", sigabbrev_np(handled[i]));
			return -ENOMEM;
		}
		s->nsig_ev = i + 1;
	}
	/* a child may have exited before SIGCHLD was watched */
	sup_reap(s);
	return 0;
}

void
sup_signal_free(struct sup *s)
{
	unsigned i;

	for (i = 0; i < s->nsig_ev; i++)
		event_free(s->sig_ev[i]);
	s->nsig_ev = 0;
}
