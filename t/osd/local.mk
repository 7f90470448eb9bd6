# t/osd: tests
OSD_TEST_LDADD = osd/libosd.a $(COMMON_LIBS) $(TEST_LIBS)

# osdmap: full map decode/encode, incrementals, placement.
check_PROGRAMS += t/osd/osdmap_test t/osd/osdmap_inc_test t/osd/placement_test
TESTS += t/osd/osdmap_test t/osd/osdmap_inc_test t/osd/placement_test
t_osd_osdmap_test_SOURCES = t/osd/osdmap_test.c t/osd/osd_test_util.c t/osd/osd_test_util.h
t_osd_osdmap_test_CFLAGS = $(TEST_CFLAGS)
t_osd_osdmap_test_LDADD = $(OSD_TEST_LDADD)
t_osd_osdmap_inc_test_SOURCES = t/osd/osdmap_inc_test.c t/osd/osd_test_util.c t/osd/osd_test_util.h
t_osd_osdmap_inc_test_CFLAGS = $(TEST_CFLAGS)
t_osd_osdmap_inc_test_LDADD = $(OSD_TEST_LDADD)
t_osd_placement_test_SOURCES = t/osd/placement_test.c t/osd/osd_test_util.c t/osd/osd_test_util.h
t_osd_placement_test_CFLAGS = $(TEST_CFLAGS)
t_osd_placement_test_LDADD = $(OSD_TEST_LDADD)
# Whole vector folders: osdmap_e40.bin, full/full_e{1..52}.bin, inc/inc_e{1..52}.bin,
# and the `ceph osd map` / osdmaptool mapping dumps.
EXTRA_DIST += t/vectors/osdmap t/vectors/mappings

# crush: primitives, decode vs crushtool dumps, crushtool --test replay, hostile maps.
check_PROGRAMS += t/osd/crush_test
TESTS += t/osd/crush_test
t_osd_crush_test_SOURCES = t/osd/crush_test.c t/osd/tjson.c t/osd/tjson.h
t_osd_crush_test_CFLAGS = $(TEST_CFLAGS)
t_osd_crush_test_LDADD = $(OSD_TEST_LDADD)
EXTRA_DIST += $(CRUSH_VECTORS)
CRUSH_VECTORS = \
	t/vectors/crush/primitives.json \
	t/vectors/crush/crushmap_e40.bin \
	t/vectors/crush/crushmap_e40.crushtool_dump.json \
	t/vectors/crush/offline/legacy.bin \
	t/vectors/crush/offline/legacy.crushtool_dump.json \
	t/vectors/crush/offline/legacy.mappings.txt \
	t/vectors/crush/offline/modern.bin \
	t/vectors/crush/offline/modern.crushtool_dump.json \
	t/vectors/crush/offline/modern.mappings.txt \
	t/vectors/crush/offline/tree.bin \
	t/vectors/crush/offline/tree.crushtool_dump.json \
	t/vectors/crush/offline/tree.mappings.txt \
	t/vectors/crush/choose_args_fallback.txt \
	t/vectors/crush/choose_args_fallback.bin \
	t/vectors/crush/choose_args_fallback.mappings.txt \
	t/vectors/crush/choose_args_pool0.txt \
	t/vectors/crush/choose_args_pool0.bin \
	t/vectors/crush/choose_args_pool0.mappings.txt

# io: MOSDOp/MOSDOpReply codec, op execution on memstore, PGNLS.
IO_TEST_LDADD = osd/libosd.a os/libos.a msg/libmsg.a $(COMMON_LIBS) $(TEST_LIBS)
check_PROGRAMS += t/osd/mosdop_test t/osd/op_exec_test t/osd/pgls_test
TESTS += t/osd/mosdop_test t/osd/op_exec_test t/osd/pgls_test
t_osd_mosdop_test_SOURCES = t/osd/mosdop_test.c t/osd/io_vec.h
t_osd_mosdop_test_CFLAGS = $(TEST_CFLAGS)
t_osd_mosdop_test_LDADD = $(IO_TEST_LDADD)
t_osd_op_exec_test_SOURCES = t/osd/op_exec_test.c t/osd/io_vec.h
t_osd_op_exec_test_CFLAGS = $(TEST_CFLAGS)
t_osd_op_exec_test_LDADD = $(IO_TEST_LDADD)
t_osd_pgls_test_SOURCES = t/osd/pgls_test.c
t_osd_pgls_test_CFLAGS = $(TEST_CFLAGS)
t_osd_pgls_test_LDADD = $(IO_TEST_LDADD)
EXTRA_DIST += t/vectors/osd-ops
# op_path: crafted MOSDOps over loopback through op_path (maps from t/vectors/osdmap/full).
check_PROGRAMS += t/osd/op_path_test
TESTS += t/osd/op_path_test
t_osd_op_path_test_SOURCES = t/osd/op_path_test.c t/osd/osd_test_util.c t/osd/osd_test_util.h
t_osd_op_path_test_CFLAGS = $(TEST_CFLAGS)
t_osd_op_path_test_LDADD = $(OSD_LIBS) $(TEST_LIBS)

# boot: OSD <-> monitor messages against captured 16.2.15 fronts, data dir.
check_PROGRAMS += t/osd/boot_msgs_test
TESTS += t/osd/boot_msgs_test
t_osd_boot_msgs_test_SOURCES = t/osd/boot_msgs_test.c t/osd/osd_test_util.c t/osd/osd_test_util.h
t_osd_boot_msgs_test_CFLAGS = $(TEST_CFLAGS)
t_osd_boot_msgs_test_LDADD = osd/libosd.a os/libos.a $(MON_LIBS) $(TEST_LIBS)

# hb: MOSDPing/MOSDFailure codecs (classic captures), peer choice, live heartbeats on loopback.
check_PROGRAMS += t/osd/mosdping_test t/osd/heartbeat_test
TESTS += t/osd/mosdping_test t/osd/heartbeat_test
t_osd_mosdping_test_SOURCES = t/osd/mosdping_test.c t/osd/osd_test_util.c t/osd/osd_test_util.h
t_osd_mosdping_test_CFLAGS = $(TEST_CFLAGS)
t_osd_mosdping_test_LDADD = $(OSD_LIBS) $(TEST_LIBS)
t_osd_heartbeat_test_SOURCES = t/osd/heartbeat_test.c t/osd/osd_test_util.c t/osd/osd_test_util.h
t_osd_heartbeat_test_CFLAGS = $(TEST_CFLAGS)
t_osd_heartbeat_test_LDADD = $(OSD_LIBS) $(TEST_LIBS)
EXTRA_DIST += t/vectors/hb

# mgr: MMgrMap/MMgrOpen/MMgrConfigure/MMgrReport/MPGStats codecs vs 16.2.15 captures;
# the mgr client against a mock mgr on loopback.
check_PROGRAMS += t/osd/mgr_msgs_test t/osd/mgrc_test
TESTS += t/osd/mgr_msgs_test t/osd/mgrc_test
t_osd_mgrc_test_SOURCES = t/osd/mgrc_test.c
t_osd_mgrc_test_CFLAGS = $(TEST_CFLAGS)
t_osd_mgrc_test_LDADD = $(OSD_LIBS) $(TEST_LIBS)
t_osd_mgr_msgs_test_SOURCES = t/osd/mgr_msgs_test.c t/osd/osd_test_util.c t/osd/osd_test_util.h
t_osd_mgr_msgs_test_CFLAGS = $(TEST_CFLAGS)
t_osd_mgr_msgs_test_LDADD = $(OSD_LIBS) $(TEST_LIBS)
EXTRA_DIST += \
	t/vectors/mgr/mon_MMgrMap_active_v1.front.bin \
	t/vectors/mgr/mon_MMgrMap_nomgr_v1.front.bin \
	t/vectors/mgr/classic_MPGStats_v2.front.bin \
	t/vectors/mgr/classic_MMgrReport_first_v9.front.bin \
	t/vectors/mgr/classic_MMgrReport_v9.front.bin

# cephx2: OSD caps grammar and checks.
check_PROGRAMS += t/osd/osdcap_test
TESTS += t/osd/osdcap_test
t_osd_osdcap_test_SOURCES = t/osd/osdcap_test.c
t_osd_osdcap_test_CFLAGS = $(TEST_CFLAGS)
t_osd_osdcap_test_LDADD = $(OSD_LIBS) $(TEST_LIBS)
# mapshare: our map to OSD peers behind us, over two real messengers.
check_PROGRAMS += t/osd/mapshare_test
TESTS += t/osd/mapshare_test
t_osd_mapshare_test_SOURCES = t/osd/mapshare_test.c t/osd/osd_test_util.c t/osd/osd_test_util.h
t_osd_mapshare_test_CFLAGS = $(TEST_CFLAGS)
t_osd_mapshare_test_LDADD = $(OSD_LIBS) $(TEST_LIBS)

# optrack: the op tracker alone (descriptions, dumps, history, slow ops, pool) and under the op path.
check_PROGRAMS += t/osd/op_tracker_test
TESTS += t/osd/op_tracker_test
t_osd_op_tracker_test_SOURCES = t/osd/op_tracker_test.c t/osd/osd_test_util.c \
	t/osd/osd_test_util.h t/osd/tjson.c t/osd/tjson.h
t_osd_op_tracker_test_CFLAGS = $(TEST_CFLAGS)
t_osd_op_tracker_test_LDADD = $(OSD_LIBS) $(TEST_LIBS)
