# fuzz/: libFuzzer targets, built only with ./configure --enable-fuzz CC=clang.
# The wire-layer sources are compiled into each target (not taken from the
# plain libraries) so that they carry the fuzzer's coverage instrumentation;
# anything else comes from the libraries. Run e.g.
#   ./fuzz/frame_fuzz -max_total_time=60 $(top_srcdir)/fuzz/corpus/frame_fuzz
if ENABLE_FUZZ
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer
FUZZ_WIRE_SOURCES = \
	common/buf.c common/enc.c common/crc32c.c common/types.c common/mem.c \
	msg/frame.c msg/frames_ctl.c msg/message.c msg/message_types.c \
	msg/auth.c msg/auth_none.c
noinst_PROGRAMS += fuzz/frame_fuzz fuzz/message_fuzz
fuzz_frame_fuzz_SOURCES = fuzz/frame_fuzz.c $(FUZZ_WIRE_SOURCES)
fuzz_frame_fuzz_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_frame_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_FLAGS)
fuzz_frame_fuzz_LDADD = $(MSG_LIBS)
fuzz_message_fuzz_SOURCES = fuzz/message_fuzz.c $(FUZZ_WIRE_SOURCES)
fuzz_message_fuzz_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_message_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_FLAGS)
fuzz_message_fuzz_LDADD = $(MSG_LIBS)
endif
EXTRA_DIST += fuzz/corpus

# Decoders of the maps and messages an OSD receives (fuzz2): OSDMap full and
# incremental + apply, CRUSH decode + mapping, MOSDOp decode + execution on
# memstore, monitor/mgr/heartbeat message fronts.
if ENABLE_FUZZ
FUZZ_BASE_SOURCES = \
	common/buf.c common/enc.c common/crc32c.c common/types.c common/mem.c
FUZZ_CRUSH_SOURCES = \
	osd/crush.c osd/crush_enc.c osd/crush_mapper.c osd/crush_hash.c osd/crush_ln.c
FUZZ_OSDMAP_SOURCES = \
	osd/str_hash.c osd/osdmap_types.c osd/osdmap_pgmaps.c osd/pg_pool.c \
	osd/osdmap.c osd/osdmap_enc.c osd/osdmap_features.c osd/osdmap_inc.c \
	osd/osdmap_apply.c osd/placement.c
noinst_PROGRAMS += fuzz/osdmap_fuzz fuzz/crush_fuzz fuzz/mosdop_fuzz fuzz/monmsg_fuzz
fuzz_osdmap_fuzz_SOURCES = fuzz/osdmap_fuzz.c $(FUZZ_BASE_SOURCES) \
	$(FUZZ_OSDMAP_SOURCES) $(FUZZ_CRUSH_SOURCES)
fuzz_osdmap_fuzz_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_osdmap_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_FLAGS)
fuzz_osdmap_fuzz_LDADD = $(COMMON_LIBS)
fuzz_crush_fuzz_SOURCES = fuzz/crush_fuzz.c $(FUZZ_BASE_SOURCES) $(FUZZ_CRUSH_SOURCES)
fuzz_crush_fuzz_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_crush_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_FLAGS)
fuzz_crush_fuzz_LDADD = $(COMMON_LIBS)
fuzz_mosdop_fuzz_SOURCES = fuzz/mosdop_fuzz.c $(FUZZ_BASE_SOURCES) \
	osd/mosdop.c osd/op_exec.c osd/pgls.c \
	os/txn.c os/hobject_order.c os/memstore.c os/memstore_txn.c \
	os/memstore_obj.c os/memstore_read.c
fuzz_mosdop_fuzz_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_mosdop_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_FLAGS)
fuzz_mosdop_fuzz_LDADD = $(MSG_LIBS)
fuzz_monmsg_fuzz_SOURCES = fuzz/monmsg_fuzz.c $(FUZZ_BASE_SOURCES) \
	mon/mon_msgs.c mon/monmap.c osd/osd_msgs.c osd/mosdping.c \
	osd/mosdfailure.c osd/mgr_msgs.c
fuzz_monmsg_fuzz_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_monmsg_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_FLAGS)
fuzz_monmsg_fuzz_LDADD = $(MSG_LIBS)
endif
