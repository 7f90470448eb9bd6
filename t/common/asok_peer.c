/*
 * asok_peer.c — a tiny daemon for t/integration/asok_test.sh: an event loop
 * with an admin socket at argv[1], an "osd" perf collection that a timer
 * keeps moving, and a "status" command, so the real ceph CLI and Python
 * clients can be pointed at it. Exits (unlinking the socket) on SIGTERM or
 * SIGINT; prints "ready" on stdout once the socket listens.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "common/asok.h"
#include "common/asok_cmds.h"
#include "common/log.h"
#include "common/perf.h"

enum { P_OP_WIP, P_OP, P_OP_IN_BYTES, P_OP_LAT, P_OP_HIST, P_LAST };

static const struct perf_def peer_defs[P_LAST] = {
	[P_OP_WIP] = PERF_DEF_GAUGE("op_wip", "wip", "Replication operations currently being processed"),
	[P_OP] = PERF_DEF_COUNTER("op", "ops", "Client operations"),
	[P_OP_IN_BYTES] = PERF_DEF_COUNTER_BYTES("op_in_bytes", "wr", "Client operations total write size"),
	[P_OP_LAT] = PERF_DEF_TIME_AVG("op_latency", "lat", "Latency of client operations"),
	[P_OP_HIST] = PERF_DEF_HIST("op_size_hist", "", "Sizes of client operations"),
};

static struct perf_coll *coll;
static unsigned ticks;

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	ticks++;
	perf_inc(coll, P_OP);
	perf_add(coll, P_OP_IN_BYTES, 4096);
	perf_tinc(coll, P_OP_LAT, 1500000);
	perf_hinc(coll, P_OP_HIST, 4096);
}

static void
stop_cb(evutil_socket_t sig, short what, void *arg)
{
	event_base_loopbreak(arg);
}

static int
cmd_status(void *arg, const struct asok_req *req, struct asok_out *out)
{
	asok_out_open_object(out, NULL);
	asok_out_string(out, "state", "active");
	asok_out_uint(out, "ticks", ticks);
	asok_out_close_object(out);
	return 0;
}

int
main(int argc, char **argv)
{
	struct event_base *base;
	struct perf_registry *reg;
	struct asok_cmds *cmds;
	struct asok *a;
	struct event *tick, *sterm, *sint;
	struct timeval tv = { 0, 100000 };
	int r;

	if (argc != 2) {
		fprintf(stderr, "usage: %s SOCKET_PATH\n", argv[0]);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	log_set_ident("asok_peer");
	base = event_base_new();
	reg = perf_registry_new();
	coll = perf_coll_create(reg, "osd", peer_defs, P_LAST);
	cmds = asok_cmds_new(reg);
	asok_cmds_register(cmds, "status", "high-level status of the test daemon", cmd_status, NULL);
	asok_cmds_conf_add(cmds, "name", "asok_peer", NULL, NULL);
	asok_cmds_conf_add(cmds, "admin_socket", argv[1], NULL, NULL);
	r = asok_open(base, argv[1], asok_cmds_execute, cmds, &a);
	if (r < 0) {
		fprintf(stderr, "asok_peer: %s: %s\n", argv[1], strerror(-r));
		return 1;
	}
	tick = event_new(base, -1, EV_PERSIST, tick_cb, NULL);
	event_add(tick, &tv);
	sterm = evsignal_new(base, SIGTERM, stop_cb, base);
	sint = evsignal_new(base, SIGINT, stop_cb, base);
	event_add(sterm, NULL);
	event_add(sint, NULL);
	printf("ready\n");
	fflush(stdout);
	event_base_dispatch(base);
	asok_close(a);
	event_free(tick);
	event_free(sterm);
	event_free(sint);
	asok_cmds_free(cmds);
	perf_registry_free(reg);
	event_base_free(base);
	return 0;
}
