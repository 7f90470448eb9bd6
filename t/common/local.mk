# t/common: unit tests (Check) for common/.
COMMON_TEST_LDADD = $(COMMON_LIBS) $(TEST_LIBS)

# types (wire types: addresses, pg ids, hobjects, ...) — vectors from the live lab
check_PROGRAMS += t/common/types_test
TESTS += t/common/types_test
t_common_types_test_SOURCES = t/common/types_test.c
t_common_types_test_CFLAGS = $(TEST_CFLAGS)
t_common_types_test_LDADD = $(COMMON_TEST_LDADD)
EXTRA_DIST += t/vectors/README.md \
	t/vectors/types/entity_addr_t_0.bin \
	t/vectors/types/entity_addr_t_1.bin \
	t/vectors/types/entity_addr_t_2.bin \
	t/vectors/types/entity_addrvec_t_0.bin \
	t/vectors/types/entity_addrvec_t_1.bin \
	t/vectors/types/eversion_t_0.bin \
	t/vectors/types/eversion_t_1.bin \
	t/vectors/types/hobject_t_0.bin \
	t/vectors/types/index.json \
	t/vectors/types/object_locator_t_0.bin \
	t/vectors/types/object_locator_t_1.bin \
	t/vectors/types/osd_reqid_t_0.bin \
	t/vectors/types/osd_reqid_t_1.bin \
	t/vectors/types/osd_reqid_t_2.bin \
	t/vectors/types/pg_t_0.bin \
	t/vectors/types/pg_t_1.bin \
	t/vectors/types/spg_t_0.bin \
	t/vectors/types/spg_t_1.bin \
	t/vectors/types/spg_t_2.bin \
	t/vectors/types/utime_t_0.bin \
	t/vectors/types/utime_t_1.bin \
	t/vectors/types/utime_t_2.bin \
	t/vectors/types/utime_t_3.bin \
	t/vectors/types/utime_t_4.bin \
	t/vectors/types/uuid_d_0.bin

# core: crc32c, encode/decode cursor, buffers.
check_PROGRAMS += t/common/crc32c_test t/common/enc_test t/common/buf_test
TESTS += t/common/crc32c_test t/common/enc_test t/common/buf_test
t_common_crc32c_test_SOURCES = t/common/crc32c_test.c
t_common_crc32c_test_CFLAGS = $(TEST_CFLAGS)
t_common_crc32c_test_LDADD = $(COMMON_TEST_LDADD)
t_common_enc_test_SOURCES = t/common/enc_test.c
t_common_enc_test_CFLAGS = $(TEST_CFLAGS)
t_common_enc_test_LDADD = $(COMMON_TEST_LDADD)
t_common_buf_test_SOURCES = t/common/buf_test.c
t_common_buf_test_CFLAGS = $(TEST_CFLAGS)
t_common_buf_test_LDADD = $(COMMON_TEST_LDADD)

# runtime: log, osdfarm.conf, ceph.conf, perf counters.
check_PROGRAMS += t/common/log_test t/common/conf_test t/common/cephconf_test t/common/perf_test
TESTS += t/common/log_test t/common/conf_test t/common/cephconf_test t/common/perf_test
t_common_log_test_SOURCES = t/common/log_test.c
t_common_log_test_CFLAGS = $(TEST_CFLAGS)
t_common_log_test_LDADD = $(COMMON_TEST_LDADD)
t_common_conf_test_SOURCES = t/common/conf_test.c
t_common_conf_test_CFLAGS = $(TEST_CFLAGS)
t_common_conf_test_LDADD = $(COMMON_TEST_LDADD)
t_common_cephconf_test_SOURCES = t/common/cephconf_test.c
t_common_cephconf_test_CFLAGS = $(TEST_CFLAGS)
t_common_cephconf_test_LDADD = $(COMMON_TEST_LDADD)
t_common_perf_test_SOURCES = t/common/perf_test.c
t_common_perf_test_CFLAGS = $(TEST_CFLAGS)
t_common_perf_test_LDADD = $(COMMON_TEST_LDADD)

# admin socket: parser, command table, server (a second thread runs the loop).
check_PROGRAMS += t/common/asok_json_test t/common/asok_test
TESTS += t/common/asok_json_test t/common/asok_test
t_common_asok_json_test_SOURCES = t/common/asok_json_test.c
t_common_asok_json_test_CFLAGS = $(TEST_CFLAGS)
t_common_asok_json_test_LDADD = $(COMMON_TEST_LDADD)
t_common_asok_test_SOURCES = t/common/asok_test.c
t_common_asok_test_CFLAGS = $(TEST_CFLAGS) -pthread
t_common_asok_test_LDFLAGS = $(AM_LDFLAGS) -pthread
t_common_asok_test_LDADD = $(COMMON_TEST_LDADD)
# a tiny daemon with an admin socket for t/integration/asok_test.sh (not a test)
check_PROGRAMS += t/common/asok_peer
t_common_asok_peer_SOURCES = t/common/asok_peer.c
t_common_asok_peer_LDADD = $(COMMON_LIBS)
