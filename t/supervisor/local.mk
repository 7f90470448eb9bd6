# t/supervisor: the supervisor's mechanics (no Ceph), the generated systemd
# units (systemd-analyze verify) and the man pages (groff warnings).
check_PROGRAMS += t/supervisor/sup_test
TESTS += t/supervisor/sup_test
t_supervisor_sup_test_SOURCES = t/supervisor/sup_test.c
t_supervisor_sup_test_CFLAGS = $(TEST_CFLAGS)
t_supervisor_sup_test_LDADD = $(SUP_LIBS) $(TEST_LIBS)
TESTS += t/supervisor/units_test.sh t/supervisor/man_test.sh
EXTRA_DIST += t/supervisor/units_test.sh t/supervisor/man_test.sh
# (units_test.sh reads the generated units: they are built by "all")
check_PROGRAMS += t/supervisor/sup_status_test
TESTS += t/supervisor/sup_status_test
t_supervisor_sup_status_test_SOURCES = t/supervisor/sup_status_test.c
t_supervisor_sup_status_test_CFLAGS = $(TEST_CFLAGS)
t_supervisor_sup_status_test_LDADD = $(SUP_LIBS) $(TEST_LIBS)
