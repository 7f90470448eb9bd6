/*
 * osd_int.h — inside the OSD daemon core (osd.c, osd_mapin.c,
 * osd_msgrs.c): the one struct osd they share and what each gives the
 * others. Nothing outside osd/osd*.c includes this; the rest of the tree
 * uses osd/osd.h.
 */
#ifndef OSDFARM_OSD_OSD_INT_H
#define OSDFARM_OSD_OSD_INT_H

#include <stdint.h>

#include "common/types.h"
#include "osd/osd.h"
#include "osd/osd_meta.h"
#include "osd/osdmap.h"

struct event;
struct event_base;
struct hb;
struct hb_ops;
struct mapshare;
struct mgrc;
struct monc;
struct msg;
struct msgr;
struct msgr_ops;

/* osd_map_message_max: the most epochs we ask for in one MMonGetOSDMap. */
#define OSD_MAP_FETCH_MAX 40

struct osd {
	struct event_base *base;
	struct osd_config cfg;
	char hostname[256];
	struct osd_hooks hooks;
	struct msgr *pub, *cluster, *hb_front, *hb_back;
	struct monc *monc;
	struct hb *hb;                  /* heartbeats on hb_front / hb_back */
	struct mapshare *share;         /* our map to peers behind us (cluster) */
	struct mgrc *mgrc;              /* mgr session (osd_set_mgrc), or NULL */
	enum osd_run_state state;

	struct osdmap map;              /* current map (epoch 0: none yet) */
	uint32_t oldest_map;            /* first epoch this process applied */
	uint32_t newest_known;          /* newest epoch the monitor has told us of */
	uint32_t full_requested;        /* epoch of an outstanding MMonGetOSDMap */
	uint32_t up_from;               /* epoch the map last showed us up */
	uint32_t boot_epoch;            /* sent in MOSDBoot: last epoch we were up */
	uint32_t alive_want;            /* last MOSDAlive want */
	uint64_t crush_tid;
	int crush_sent;
	struct utime start_stamp;       /* last_purged_snaps_scrub */
	char pools_line[2048];

	struct event *beacon_ev, *stop_ev, *boot_ev, *sigterm_ev, *sigint_ev;
	struct event *rotating_ev;      /* waiting for the rotating keys */
	uint32_t rotating_attempts;
	int failed;                     /* gave up: exit status 1 */

	struct osd_meta meta;           /* sent in MOSDBoot */
};

/* osd.c: a newer map was applied; run the boot/up/down logic. */
void osd_handle_new_map(struct osd *o);

/* osd_mapin.c */
void osd_subscribe_next(struct osd *o);
void osd_handle_osd_map(struct osd *o, struct msg *m);

/* osd_msgrs.c */
extern const struct msgr_ops osd_pub_ops;
extern const struct msgr_ops osd_cluster_ops;
extern const struct hb_ops osd_hb_ops;
/* A messenger of ours (type OSD, our id and nonce) with ops and o as arg. */
struct msgr *osd_new_msgr(struct osd *o, const struct msgr_ops *ops);
/* Bind m to ip at a port in ms_bind_port_min..max (or any); -errno, logged. */
int osd_bind_one(struct osd *o, struct msgr *m, const struct entity_addr *ip, const char *what);

#endif
