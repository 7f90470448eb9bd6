# t/os: unit tests (Check) for os/.
OS_TEST_LDADD = $(OS_LIBS) $(TEST_LIBS)

# hobject sort order (bit-reversed hashes of real object names)
check_PROGRAMS += t/os/hobject_order_test
TESTS += t/os/hobject_order_test
t_os_hobject_order_test_SOURCES = t/os/hobject_order_test.c
t_os_hobject_order_test_CFLAGS = $(TEST_CFLAGS)
t_os_hobject_order_test_LDADD = $(OS_TEST_LDADD)

# transaction building
check_PROGRAMS += t/os/txn_test
TESTS += t/os/txn_test
t_os_txn_test_SOURCES = t/os/txn_test.c
t_os_txn_test_CFLAGS = $(TEST_CFLAGS)
t_os_txn_test_LDADD = $(OS_TEST_LDADD)

# memstore: every op and read, all-or-nothing apply, shared reads, ENOSPC
check_PROGRAMS += t/os/memstore_test
TESTS += t/os/memstore_test
t_os_memstore_test_SOURCES = t/os/memstore_test.c
t_os_memstore_test_CFLAGS = $(TEST_CFLAGS)
t_os_memstore_test_LDADD = $(OS_TEST_LDADD)
