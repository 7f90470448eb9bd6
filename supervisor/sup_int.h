/*
 * sup_int.h — the supervisor's state, shared by sup.c, sup_signal.c and
 * sup_notify.c only. Everything else uses sup.h.
 */
#ifndef OSDFARM_SUPERVISOR_SUP_INT_H
#define OSDFARM_SUPERVISOR_SUP_INT_H

#include "supervisor/sup.h"

#define SUP_MAX_SIGNALS 8

struct sup {
	struct event_base *base;
	struct conf_farm conf;
	struct sup_options opt;
	char *osd_bin;
	char *sysroot;
	struct sup_policy policy;
	struct sup_slot **slots;
	unsigned nslots;
	int *allowed;                   /* CPUs we may use (sup_affinity_allowed) */
	unsigned nallowed;
	int multi_node;                 /* more than one NUMA node */
	int stopping;
	int exit_code;
	int done;                       /* loopbreak already asked */
	struct event *stop_ev;          /* the SIGKILL deadline */
	struct event *sig_ev[SUP_MAX_SIGNALS];
	unsigned nsig_ev;

	/* sup_notify.c */
	int ready_sent;
	char last_status[128];
	struct event *watchdog_ev;
	int status_err;                 /* last sup_status_write error, logged once */
};

#endif
