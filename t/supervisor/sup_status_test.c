/*
 * sup_status_test.c — `osdfarm status` pieces without Ceph: the status
 * file's parser (good and malformed files) and the admin socket client
 * against a fake socket that answers with prepared replies.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "supervisor/sup_status.h"

START_TEST(parse_good_file)
{
	static const char text[] =
		"osdfarm-status 1 4242\n"
		"slot 0 3 1001 0 running up 1700000000 2\n"
		"slot 1 -1 -1 -1 backoff booting 0 0\n";
	struct sup_status st;

	ck_assert_int_eq(sup_status_parse(text, strlen(text), &st), 0);
	ck_assert_int_eq(st.sup_pid, 4242);
	ck_assert_uint_eq(st.n, 2);
	ck_assert_uint_eq(st.slots[0].index, 0);
	ck_assert_int_eq(st.slots[0].osd_id, 3);
	ck_assert_int_eq(st.slots[0].pid, 1001);
	ck_assert_int_eq(st.slots[0].cpu, 0);
	ck_assert_str_eq(st.slots[0].phase, "running");
	ck_assert_str_eq(st.slots[0].state, "up");
	ck_assert_int_eq(st.slots[0].start, 1700000000);
	ck_assert_uint_eq(st.slots[0].restarts, 2);
	ck_assert_int_eq(st.slots[1].osd_id, -1);
	ck_assert_str_eq(st.slots[1].phase, "backoff");
	sup_status_release(&st);

	/* a supervisor with no slots (yet) */
	ck_assert_int_eq(sup_status_parse("osdfarm-status 1 7\n", 19, &st), 0);
	ck_assert_uint_eq(st.n, 0);
	sup_status_release(&st);
}
END_TEST

START_TEST(parse_malformed_files)
{
	static const char *const bad[] = {
		"",
		"\n",
		"osdfarm-status 2 4242\n",                      /* another version */
		"osdfarm-status 1 0\n",                         /* no pid */
		"osdfarm-status 1 12x\n",
		"slot 0 3 1001 0 running up 1 0\n",             /* no header */
		"osdfarm-status 1 1\nslot 0 3 1001 0 running up 1\n",   /* short */
		"osdfarm-status 1 1\nslot 0 3 1001 0 running up 1 0 9\n", /* long */
		"osdfarm-status 1 1\nslot 0 -2 1001 0 running up 1 0\n",
		"osdfarm-status 1 1\nslot 0 3 1001 0 RUN up 1 0\n",
		"osdfarm-status 1 1\nslot 0 3 1001 0 running up -5 0\n",
		"osdfarm-status 1 1\nslot 0 3 1001 0 runningrunningrunning up 1 0\n",
		"osdfarm-status 1 1\nbogus\n",
	};
	struct sup_status st;
	char big[70000];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(sup_status_parse(bad[i], strlen(bad[i]), &st) == -EINVAL,
			      "accepted: %s", bad[i]);
		ck_assert_ptr_null(st.slots);
	}
	/* an embedded NUL, and a file far bigger than any status */
	ck_assert_int_eq(sup_status_parse("osdfarm-status 1 1\n\0", 20, &st), -EINVAL);
	memset(big, 'a', sizeof(big));
	ck_assert_int_eq(sup_status_parse(big, sizeof(big), &st), -EINVAL);
	ck_assert_int_eq(sup_status_read("/nonexistent/osdfarm.ceph.status", &st), -ENOENT);
}
END_TEST

/*
 * A one-shot admin socket in a child: reads the request up to its NUL,
 * checks it asks for perf dump, writes `len` as the reply's length and
 * then body.
 */
static pid_t
fake_asok(const char *path, uint32_t len, const char *body)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	pid_t pid;

	ck_assert_int_ge(lfd, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	unlink(path);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(lfd, 1), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char req[512];
		size_t n = 0;
		uint8_t hdr[4] = { len >> 24, len >> 16, len >> 8, len };
		int fd = accept(lfd, NULL, NULL);

		while (fd >= 0 && n < sizeof(req) && read(fd, req + n, 1) == 1 && req[n])
			n++;
		if (fd < 0 || n == sizeof(req) || !strstr(req, "\"perf dump\""))
			_exit(1);
		if (write(fd, hdr, 4) != 4 || write(fd, body, strlen(body)) < 0)
			_exit(1);
		close(fd);
		_exit(0);
	}
	close(lfd);
	return pid;
}

static void
reap(pid_t pid)
{
	int status;

	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
}

START_TEST(asok_counter_replies)
{
	char path[64];
	static const char good[] = "{\n    \"osd\": {\n        \"op\": 12345\n    }\n}";
	uint64_t v = 0;
	pid_t pid;

	snprintf(path, sizeof(path), "/tmp/osdfarm-status-test-%d.asok", (int)getpid());

	pid = fake_asok(path, sizeof(good) - 1, good);
	ck_assert_int_eq(sup_asok_counter(path, "osd", "op", 2000, &v), 0);
	ck_assert_uint_eq(v, 12345);
	reap(pid);

	/* an empty object: the OSD has no such counter */
	pid = fake_asok(path, 2, "{}");
	ck_assert_int_eq(sup_asok_counter(path, "osd", "op", 2000, &v), -ENOENT);
	reap(pid);

	/* not a number */
	pid = fake_asok(path, 18, "{\"osd\":{\"op\":\"x\"}}");
	ck_assert_int_eq(sup_asok_counter(path, "osd", "op", 2000, &v), -EPROTO);
	reap(pid);

	/* a length far beyond any perf dump: refused before allocating */
	pid = fake_asok(path, 0xfffffff0u, "");
	ck_assert_int_eq(sup_asok_counter(path, "osd", "op", 2000, &v), -EPROTO);
	reap(pid);

	/* a reply shorter than its length: the close is an error, not a hang */
	pid = fake_asok(path, 100, "{\"osd\":");
	ck_assert_int_eq(sup_asok_counter(path, "osd", "op", 2000, &v), -EPROTO);
	reap(pid);

	/* nobody listening */
	unlink(path);
	ck_assert_int_lt(sup_asok_counter(path, "osd", "op", 2000, &v), 0);
}
END_TEST

static Suite *
status_suite(void)
{
	Suite *s = suite_create("sup_status");
	TCase *t = tcase_create("status");

	tcase_add_test(t, parse_good_file);
	tcase_add_test(t, parse_malformed_files);
	tcase_add_test(t, asok_counter_replies);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	SRunner *r = srunner_create(status_suite());
	int failed;

	srunner_run_all(r, CK_ENV);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
