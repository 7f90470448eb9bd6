# t/mon: tests
# mon_msgs: MonMap and mon-session messages against captured 16.2.15 fronts.
check_PROGRAMS += t/mon/mon_msgs_test
TESTS += t/mon/mon_msgs_test
t_mon_mon_msgs_test_SOURCES = t/mon/mon_msgs_test.c
t_mon_mon_msgs_test_CFLAGS = $(TEST_CFLAGS)
t_mon_mon_msgs_test_LDADD = $(MON_LIBS) $(TEST_LIBS)
EXTRA_DIST += \
	t/vectors/mon-session/osd0_first_boot/005_m2c_CEPH_MSG_MON_MAP_v1.front.bin \
	t/vectors/mon-session/osd0_first_boot/006_c2m_CEPH_MSG_MON_SUBSCRIBE_v3.front.bin \
	t/vectors/mon-session/osd0_first_boot/009_c2m_CEPH_MSG_MON_SUBSCRIBE_v3.front.bin \
	t/vectors/mon-session/osd0_first_boot/011_c2m_CEPH_MSG_MON_SUBSCRIBE_v3.front.bin \
	t/vectors/mon-session/osd0_first_boot/006_m2c_MSG_CONFIG_v1.front.bin \
	t/vectors/mon-session/osd0_first_boot/008_c2m_MSG_MON_COMMAND_v1.front.bin \
	t/vectors/mon-session/osd0_first_boot/008_m2c_MSG_MON_COMMAND_ACK_v1.front.bin \
	t/vectors/mon-session/osd0_first_boot/010_c2m_CEPH_MSG_MON_GET_VERSION_v1.front.bin \
	t/vectors/mon-session/osd0_first_boot/011_m2c_CEPH_MSG_MON_GET_VERSION_REPLY_v2.front.bin \
	t/vectors/mon-session/cli_osd_new/010_c2m_MSG_MON_COMMAND_v1.front.bin \
	t/vectors/mon-session/cli_osd_new/011_m2c_MSG_MON_COMMAND_ACK_v1.front.bin \
	t/vectors/mon-session/cli_osd_new/011_m2c_MSG_MON_COMMAND_ACK_v1.data.bin \
	t/vectors/mon-session/osd0_get_full_map/c2m_CEPH_MSG_MON_GET_OSDMAP_v1.front.bin

# cephx2: MAuth/MAuthReply and the cephx ticket / rotating-secret upkeep.
check_PROGRAMS += t/mon/monc_auth_test
TESTS += t/mon/monc_auth_test
t_mon_monc_auth_test_SOURCES = t/mon/monc_auth_test.c
t_mon_monc_auth_test_CFLAGS = $(TEST_CFLAGS)
t_mon_monc_auth_test_LDADD = $(MON_LIBS) $(TEST_LIBS)
