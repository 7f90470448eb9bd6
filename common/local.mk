# common/: the runtime every other layer stands on.
noinst_LIBRARIES += common/libcommon.a
common_libcommon_a_SOURCES = \
	common/mem.c common/mem.h \
	common/thp.c common/thp.h \
	common/buf.c common/buf.h \
	common/enc.c common/enc.h \
	common/crc32c.c common/crc32c.h \
	common/types.c common/types.h \
	common/log.c common/log.h \
	common/conf.c common/conf.h \
	common/cephconf.c common/cephconf.h \
	common/perf.c common/perf.h
# supervisor status channel, child side (osd/ links it; see sup_channel.h)
common_libcommon_a_SOURCES += common/sup_channel.c common/sup_channel.h
# admin socket: server, command table, JSON for it (see asok.h, asok_cmds.h)
common_libcommon_a_SOURCES += common/asok.c common/asok.h \
	common/asok_cmds.c common/asok_cmds.h common/asok_cmds_int.h \
	common/asok_builtin.c common/asok_json.c common/asok_json.h
