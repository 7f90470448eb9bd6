# osd: sources (filled in as the subsystem lands)
noinst_LIBRARIES += osd/libosd.a
osd_libosd_a_SOURCES =

# osdmap: full and incremental OSDMap, pools, object -> PG -> OSD placement.
osd_libosd_a_SOURCES += \
	osd/str_hash.c osd/str_hash.h \
	osd/osdmap_types.c osd/osdmap_types.h osd/osdmap_pgmaps.c \
	osd/pg_pool.c osd/pg_pool.h \
	osd/osdmap.c osd/osdmap.h \
	osd/osdmap_enc.c osd/osdmap_features.c \
	osd/osdmap_inc.c osd/osdmap_inc.h osd/osdmap_apply.c \
	osd/placement.c osd/placement.h

# crush: CRUSH map decode and the mapper (src/crush/ semantics).
osd_libosd_a_SOURCES += \
	osd/crush.c osd/crush.h osd/crush_enc.c \
	osd/crush_mapper.c osd/crush_mapper.h \
	osd/crush_hash.c osd/crush_hash.h \
	osd/crush_ln.c osd/crush_ln.h

# boot: the OSD daemon's monitor-facing messages, data dir and main loop.
osd_libosd_a_SOURCES += \
	osd/osd_msgs.c osd/osd_msgs.h \
	osd/datadir.c osd/datadir.h \
	osd/osd.c osd/osd.h osd/osd_int.h osd/osd_mapin.c osd/osd_msgrs.c osd/osd_meta.c osd/osd_meta.h osd/mapshare.c osd/mapshare.h

# osdfarm-osd: the daemon (links every layer below it).
sbin_PROGRAMS += osdfarm-osd
osdfarm_osd_SOURCES = osd/main.c
osdfarm_osd_LDADD = osd/libosd.a os/libos.a $(MON_LIBS)

# io: client I/O path (MOSDOp -> store -> MOSDOpReply).
osd_libosd_a_SOURCES += \
	osd/mosdop.c osd/mosdop.h \
	osd/op_exec.c osd/op_exec.h \
	osd/pg.c osd/pg.h \
	osd/pgls.c osd/pgls.h \
	osd/op_path.c osd/op_path.h

# optrack: client ops in flight and their history (dump_ops_in_flight, dump_historic_ops).
osd_libosd_a_SOURCES += \
	osd/op_tracker.c osd/op_tracker.h osd/op_tracker_int.h osd/op_tracker_dump.c

# hb: heartbeats (MOSDPing) and failure reports (MOSDFailure).
osd_libosd_a_SOURCES += \
	osd/mosdping.c osd/mosdping.h \
	osd/mosdfailure.c osd/mosdfailure.h \
	osd/heartbeat.c osd/heartbeat_peers.c osd/heartbeat.h

# admin socket of the daemon: status, config, perf (common/asok*.c underneath).
osd_libosd_a_SOURCES += osd/osd_asok.c osd/osd_asok.h

# mgr: the mgr session (MMgrOpen/Configure/Report) and PG statistics (MPGStats).
osd_libosd_a_SOURCES += \
	osd/mgr_msgs.c osd/mgr_msgs.h \
	osd/mgrc.c osd/mgrc.h

# cephx: the OSD's auth settings, keys, mkfs keyring and OSD caps.
osd_libosd_a_SOURCES += \
	osd/osd_auth.c osd/osd_auth.h \
	osd/osdcap.c osd/osdcap.h
