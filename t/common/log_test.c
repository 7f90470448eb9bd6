/*
 * log_test.c — subsystem names and levels, the line format, that a disabled
 * level does not evaluate its arguments, and the file target with reopen
 * after rotation.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"

static char tmpdir[64];
static char path[128];

static void
setup(void)
{
	int i;

	strcpy(tmpdir, "/tmp/osdfarm-log-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(path, sizeof(path), "%s/test.log", tmpdir);
	for (i = 0; i < LOG_SUBSYS_MAX; i++)
		log_levels[i] = 0;
	log_set_ident("osd.3");
	ck_assert_int_eq(log_open(LOG_TO_FILE, path), 0);
}

static void
teardown(void)
{
	char p2[160];

	log_open(LOG_TO_STDERR, NULL);
	unlink(path);
	snprintf(p2, sizeof(p2), "%s.1", path);
	unlink(p2);
	rmdir(tmpdir);
}

/* The whole file as a string (caller frees). */
static char *
slurp(const char *p)
{
	FILE *f = fopen(p, "r");
	char *buf;
	long n;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

START_TEST(names)
{
	ck_assert_int_eq(log_subsys_by_name("ms"), LOG_MS);
	ck_assert_int_eq(log_subsys_by_name("osd"), LOG_OSD);
	ck_assert_int_eq(log_subsys_by_name("monc"), LOG_MON);
	ck_assert_int_eq(log_subsys_by_name("mon"), LOG_MON);
	ck_assert_int_eq(log_subsys_by_name("memstore"), LOG_OS);
	ck_assert_int_eq(log_subsys_by_name("nosuch"), -1);
	ck_assert_int_eq(log_subsys_by_name(""), -1);
	ck_assert_int_eq(log_subsys_by_name(NULL), -1);
	for (int i = 0; i < LOG_SUBSYS_MAX; i++)
		ck_assert_int_eq(log_subsys_by_name(log_subsys_name(i)), i);
	ck_assert_str_eq(log_subsys_name(LOG_SUBSYS_MAX), "?");
}
END_TEST

START_TEST(levels)
{
	ck_assert_int_eq(log_set_level("ms", 5), 0);
	ck_assert_int_eq(log_levels[LOG_MS], 5);
	ck_assert_int_eq(log_set_level("debug_osd", 20), 0);
	ck_assert_int_eq(log_levels[LOG_OSD], 20);
	ck_assert_int_eq(log_set_level("ms", 30), 0);
	ck_assert_int_eq(log_set_level("ms", 31), -EINVAL);
	ck_assert_int_eq(log_set_level("ms", -1), -EINVAL);
	ck_assert_int_eq(log_set_level("bogus", 1), -EINVAL);
	ck_assert_int_eq(log_levels[LOG_MS], 30);
	ck_assert(log_enabled(LOG_MS, 30));
	ck_assert(!log_enabled(LOG_OS, 1));
	ck_assert(log_enabled(LOG_OS, 0));
}
END_TEST

static int evaluated;

static int
side_effect(void)
{
	evaluated++;
	return 42;
}

START_TEST(disabled_not_evaluated)
{
	char *s;

	log_set_level("ms", 1);
	evaluated = 0;
	log_debug(LOG_MS, 2, "value %d", side_effect());
	log_at(LOG_MS, 5, "value %d", side_effect());
	ck_assert_int_eq(evaluated, 0);
	log_debug(LOG_MS, 1, "value %d", side_effect());
	ck_assert_int_eq(evaluated, 1);
	log_error(LOG_OS, "always %d", side_effect());
	ck_assert_int_eq(evaluated, 2);
	s = slurp(path);
	ck_assert_int_eq(count_lines(s), 2);
	ck_assert_ptr_nonnull(strstr(s, " osd.3 ms 1 : value 42\n"));
	ck_assert_ptr_nonnull(strstr(s, " osd.3 os -1 : always 42\n"));
	free(s);
}
END_TEST

START_TEST(line_format)
{
	regex_t re;
	char *s;

	log_info(LOG_OSD, "booted as %s", "osd.3");
	log_info(LOG_MS, "trailing newline is not doubled\n");
	log_emit(LOG_AUTHN, -1, "an error");
	s = slurp(path);
	ck_assert_int_eq(regcomp(&re,
		"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}\\+0000 "
		"osd\\.3 osd 0 : booted as osd\\.3\n"
		"[0-9T:.+-]+ osd\\.3 ms 0 : trailing newline is not doubled\n"
		"[0-9T:.+-]+ osd\\.3 auth -1 : an error\n$", REG_EXTENDED), 0);
	ck_assert_msg(regexec(&re, s, 0, NULL, 0) == 0, "got: %s", s);
	regfree(&re);
	free(s);
}
END_TEST

START_TEST(long_line)
{
	char *big = malloc(100000), *s;

	memset(big, 'x', 99999);
	big[99999] = '\0';
	log_info(LOG_OSD, "%s", big);
	log_info(LOG_OSD, "%.2000s", big);
	s = slurp(path);
	ck_assert_int_eq(count_lines(s), 2);
	/* Cut below 64 KiB, marked with "...". */
	ck_assert_ptr_nonnull(strstr(s, "xxx...\n"));
	ck_assert_uint_lt(strlen(s), 70000);
	ck_assert_ptr_nonnull(strstr(s, " : xxxx"));
	free(big);
	free(s);
}
END_TEST

START_TEST(reopen_after_rotation)
{
	char rotated[160], *s;

	log_info(LOG_OSD, "before");
	snprintf(rotated, sizeof(rotated), "%s.1", path);
	ck_assert_int_eq(rename(path, rotated), 0);
	log_info(LOG_OSD, "still old");
	ck_assert_int_eq(log_reopen(), 0);
	log_info(LOG_OSD, "after");

	s = slurp(rotated);
	ck_assert_ptr_nonnull(strstr(s, "before"));
	ck_assert_ptr_nonnull(strstr(s, "still old"));
	ck_assert_ptr_null(strstr(s, "after"));
	free(s);
	s = slurp(path);
	ck_assert_int_eq(count_lines(s), 1);
	ck_assert_ptr_nonnull(strstr(s, "after"));
	free(s);
}
END_TEST

START_TEST(open_errors)
{
	char bad[160], *s;

	ck_assert_int_eq(log_open(LOG_TO_FILE, NULL), -EINVAL);
	ck_assert_int_eq(log_open(LOG_TO_FILE, ""), -EINVAL);
	snprintf(bad, sizeof(bad), "%s/no/such/dir/x.log", tmpdir);
	ck_assert_int_eq(log_open(LOG_TO_FILE, bad), -ENOENT);
	ck_assert_int_eq(log_open((enum log_target)99, NULL), -EINVAL);
	/* A failed open keeps the current file. */
	log_info(LOG_OSD, "kept");
	s = slurp(path);
	ck_assert_ptr_nonnull(strstr(s, "kept"));
	free(s);
	/* Reopen fails (directory gone) and the old descriptor stays usable. */
	ck_assert_int_eq(chmod(tmpdir, 0500), 0);
	unlink(path);
	if (access(tmpdir, W_OK) != 0) {        /* not root */
		ck_assert_int_eq(log_reopen(), -EACCES);
		log_info(LOG_OSD, "no crash");
	}
	chmod(tmpdir, 0700);
}
END_TEST

START_TEST(stderr_target)
{
	/* Journal and stderr targets need no path; reopen is then a no-op. */
	ck_assert_int_eq(log_open(LOG_TO_JOURNAL, NULL), 0);
	ck_assert_int_eq(log_reopen(), 0);
	ck_assert_int_eq(log_open(LOG_TO_STDERR, NULL), 0);
	ck_assert_int_eq(log_reopen(), 0);
	log_set_ident(NULL);
	log_info(LOG_COMMON, "log_test: a line on stderr");
}
END_TEST

/*
 * Under systemd, JOURNAL_STREAM names stderr's dev:ino; only then does the
 * default target become journald. Needs a fresh process (Check's fork mode):
 * the target is chosen at the first line.
 */
static void
journal_detect(int matching)
{
	char p[160], env[64];
	struct stat st;
	char *s;
	int fd;

	if (getenv("CK_FORK") && strcmp(getenv("CK_FORK"), "no") == 0)
		return;
	snprintf(p, sizeof(p), "/tmp/osdfarm-log-stderr-%d", (int)getpid());
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	close(fd);
	ck_assert_int_eq(fstat(STDERR_FILENO, &st), 0);
	snprintf(env, sizeof(env), "%llu:%llu", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino + (matching ? 0 : 1));
	setenv("JOURNAL_STREAM", env, 1);
	log_info(LOG_SUP, "where does this go");
	s = slurp(p);
	unlink(p);
	if (matching)
		ck_assert_str_eq(s, "");        /* sent to journald instead */
	else
		ck_assert_ptr_nonnull(strstr(s, "sup 0 : where does this go\n"));
	free(s);
}

START_TEST(journal_stream_detected)
{
	journal_detect(1);
}
END_TEST

START_TEST(journal_stream_other_fd)
{
	journal_detect(0);
}
END_TEST

static Suite *
log_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("log");
	TCase *tj = tcase_create("journal");

	tcase_add_test(tj, journal_stream_detected);
	tcase_add_test(tj, journal_stream_other_fd);
	suite_add_tcase(s, tj);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, names);
	tcase_add_test(tc, levels);
	tcase_add_test(tc, disabled_not_evaluated);
	tcase_add_test(tc, line_format);
	tcase_add_test(tc, long_line);
	tcase_add_test(tc, reopen_after_rotation);
	tcase_add_test(tc, open_errors);
	tcase_add_test(tc, stderr_target);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(log_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
