/*
 * sup_notify.c — what systemd hears from the supervisor (sd_notify(3)).
 *
 * With Type=notify and NotifyAccess=main only the supervisor talks to
 * systemd: the children's environment has no NOTIFY_SOCKET. It sends
 *   READY=1       once, when every slot that has not failed runs an OSD
 *                 that is up in the monitor's map (its status channel said
 *                 "up"), and again after each reload;
 *   STATUS=...    "N/M osds up" whenever that changes;
 *   WATCHDOG=1    every WATCHDOG_USEC/2 when systemd set a watchdog;
 *   STOPPING=1    on stop; RELOADING=1 while a SIGHUP is handled.
 * Without NOTIFY_SOCKET sd_notify does nothing, so none of this needs
 * systemd to run.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <systemd/sd-daemon.h>

#include "common/log.h"
#include "supervisor/sup_int.h"
#include "supervisor/sup_status.h"

void
sup_count(const struct sup *s, struct sup_counts *c)
{
	const struct sup_slot *sl;
	unsigned i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < s->nslots; i++) {
		sl = s->slots[i];
		if (sl->pid > 0)
			c->running++;
		if (sl->phase == SUP_SLOT_RETIRED)
			continue;
		c->total++;
		if (sl->phase == SUP_SLOT_FAILED)
			c->failed++;
		else if (sl->phase == SUP_SLOT_RUN && sl->pid > 0 && sl->state == SUP_CHAN_UP)
			c->up++;
	}
}

void
sup_status_format(const struct sup_counts *c, int stopping, char *buf, size_t sz)
{
	if (stopping)
		snprintf(buf, sz, "stopping, %u osds left", c->running);
	else if (c->failed)
		snprintf(buf, sz, "%u/%u osds up, %u failed", c->up, c->total, c->failed);
	else
		snprintf(buf, sz, "%u/%u osds up", c->up, c->total);
}

static void
watchdog_cb(evutil_socket_t fd, short what, void *arg)
{
	sd_notify(0, "WATCHDOG=1");
}

int
sup_notify_init(struct sup *s)
{
	uint64_t usec = 0;
	struct timeval tv;

	if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
		usec /= 2;
		tv.tv_sec = (time_t)(usec / 1000000);
		tv.tv_usec = (suseconds_t)(usec % 1000000);
		s->watchdog_ev = event_new(s->base, -1, EV_PERSIST, watchdog_cb, s);
		event_add(s->watchdog_ev, &tv);
		log_debug(LOG_SUP, 1, "watchdog ping every %llu us", (unsigned long long)usec);
		sd_notify(0, "WATCHDOG=1");
	}
	return 0;
}

void
sup_notify_update(struct sup *s)
{
	struct sup_counts c;
	char status[sizeof(s->last_status)], msg[sizeof(status) + 16];

	/* every change of a slot passes here: `osdfarm status` reads the file */
	if (s->opt.status_file) {
		int r = sup_status_write(s);

		if (r < 0 && r != s->status_err)
			log_error(LOG_SUP, "cannot write the status file in %s: %s",
				  s->conf.run_dir, strerror(-r));
		s->status_err = r < 0 ? r : 0;
	}
	sup_count(s, &c);
	sup_status_format(&c, s->stopping, status, sizeof(status));
	if (strcmp(status, s->last_status) != 0) {
		snprintf(s->last_status, sizeof(s->last_status), "%s", status);
		snprintf(msg, sizeof(msg), "STATUS=%s", status);
		sd_notify(0, msg);
		log_debug(LOG_SUP, 1, "status: %s", status);
	}
	if (!s->ready_sent && !s->stopping && c.up > 0 && c.up + c.failed == c.total) {
		s->ready_sent = 1;
		log_info(LOG_SUP, "ready: %s", status);
		sd_notify(0, "READY=1");
	}
}

int
sup_notify_ready(const struct sup *s)
{
	return s->ready_sent;
}

void
sup_notify_stopping(struct sup *s)
{
	sd_notify(0, "STOPPING=1");
}

void
sup_notify_reloading(struct sup *s, int done)
{
	struct timespec ts;
	char msg[64];

	if (!done) {
		/* MONOTONIC_USEC: what Type=notify-reload (systemd 253) wants */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		snprintf(msg, sizeof(msg), "RELOADING=1\nMONOTONIC_USEC=%llu",
			 (unsigned long long)ts.tv_sec * 1000000 +
			 (unsigned long long)ts.tv_nsec / 1000);
		sd_notify(0, msg);
		return;
	}
	if (s->ready_sent)
		sd_notify(0, "READY=1");
	s->last_status[0] = 0;          /* re-send STATUS after the reload */
	sup_notify_update(s);
}

void
sup_notify_free(struct sup *s)
{
	if (s->watchdog_ev) {
		event_free(s->watchdog_ev);
		s->watchdog_ev = NULL;
	}
}
