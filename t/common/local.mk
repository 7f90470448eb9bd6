# t/common: unit tests (Check) for common/.
COMMON_TEST_LDADD = $(COMMON_LIBS) $(TEST_LIBS)
