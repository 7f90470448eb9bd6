# t/mon: tests
# mon_msgs: MonMap and mon-session messages against captured 16.2.15 fronts.
check_PROGRAMS += t/mon/mon_msgs_test
TESTS += t/mon/mon_msgs_test
t_mon_mon_msgs_test_SOURCES = t/mon/mon_msgs_test.c
t_mon_mon_msgs_test_CFLAGS = $(TEST_CFLAGS)
t_mon_mon_msgs_test_LDADD = $(MON_LIBS) $(TEST_LIBS)

# cephx2: MAuth/MAuthReply and the cephx ticket / rotating-secret upkeep.
check_PROGRAMS += t/mon/monc_auth_test
TESTS += t/mon/monc_auth_test
t_mon_monc_auth_test_SOURCES = t/mon/monc_auth_test.c
t_mon_monc_auth_test_CFLAGS = $(TEST_CFLAGS)
t_mon_monc_auth_test_LDADD = $(MON_LIBS) $(TEST_LIBS)
# captured 16.2.15 mon-session fronts (shared with t/osd tests)
EXTRA_DIST += t/vectors/mon-session
