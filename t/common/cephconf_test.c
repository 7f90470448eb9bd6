/*
 * cephconf_test.c — ceph.conf as Ceph reads it: the INI grammar (comments,
 * quotes, escapes, continuations), key normalisation, section precedence,
 * metavariables, typed values, command-line overrides, every mon_host form,
 * and errors that name the file and line.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/cephconf.h"
#include "common/log.h"

static struct cephconf *cc;
static char err[512];

static void
setup(void)
{
	cc = cephconf_new(NULL);
	err[0] = '\0';
	/* Errors logged by typed getters go to stderr; keep them quiet but present. */
	log_open(LOG_TO_STDERR, NULL);
}

static void
teardown(void)
{
	cephconf_free(cc);
}

static void
load_ok(const char *text)
{
	int r = cephconf_load_string(cc, text, "ceph.conf", err, sizeof(err));

	ck_assert_msg(r == 0, "load failed: %s", err);
}

/* The expanded value, as a static string ("(unset)" if not set). */
static const char *
get(const char *entity, const char *key)
{
	static char out[1024];
	char *v;
	int r = cephconf_get(cc, entity, key, &v);

	if (r == -ENOENT)
		return "(unset)";
	ck_assert_int_eq(r, 0);
	snprintf(out, sizeof(out), "%s", v);
	free(v);
	return out;
}

static const char *sample =
	"# a cluster\n"
	"; another comment style\n"
	"[global]\n"
	"\tfsid = 6f9e4a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b\n"
	"\tmon host = 127.0.0.1:6789 ; trailing comment\n"
	"   auth-cluster-required = cephx   # another\n"
	"osd pool default size = 1\n"
	"debug ms = 1/5\n"
	"log_file = /var/log/ceph/$cluster-$name.log\n"
	"\n"
	"[osd]\n"
	"osd data = /srv/$cluster/$type-$id\n"
	"debug_osd = 10\n"
	"osd pool default size = 2\n"
	"\n"
	"[osd.3]\n"
	"debug osd = 20\n"
	"[client]\n"
	"keyring = /etc/ceph/client.keyring\n";

START_TEST(grammar_and_precedence)
{
	load_ok(sample);
	ck_assert_str_eq(get("osd.3", "fsid"), "6f9e4a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b");
	ck_assert_str_eq(get("osd.3", "mon_host"), "127.0.0.1:6789");
	ck_assert_str_eq(get("osd.3", "auth_cluster_required"), "cephx");
	/* [osd.3] > [osd] > [global] */
	ck_assert_str_eq(get("osd.3", "debug_osd"), "20");
	ck_assert_str_eq(get("osd.4", "debug_osd"), "10");
	ck_assert_str_eq(get("client.admin", "debug_osd"), "(unset)");
	ck_assert_str_eq(get("osd.4", "osd_pool_default_size"), "2");
	ck_assert_str_eq(get("client.admin", "osd_pool_default_size"), "1");
	ck_assert_str_eq(get(NULL, "osd_pool_default_size"), "1");
	ck_assert_str_eq(get("client.admin", "keyring"), "/etc/ceph/client.keyring");
	ck_assert_str_eq(get("osd.3", "nosuch"), "(unset)");
	cephconf_load_string(cc, "[ osd.3 ]\nnever = 1\n", "more.conf", err, sizeof(err));
	ck_assert_str_eq(get("osd.3", "never"), "(unset)");   /* Ceph does not trim headings */
	/* line numbers of where a value came from */
	int line = -1;

	ck_assert_str_eq(cephconf_get_raw(cc, "osd.3", "debug osd", &line), "20");
	ck_assert_int_eq(line, 17);
	ck_assert_str_eq(cephconf_get_raw(cc, "osd.9", "mon-host", &line), "127.0.0.1:6789");
	ck_assert_int_eq(line, 5);
	ck_assert_ptr_null(cephconf_get_raw(cc, "osd.9", "missing", &line));
}
END_TEST

START_TEST(key_normalisation)
{
	char k[64];

	load_ok("[global]\nmon host = a\n  ms-bind  \t msgr2 = false\nk__2 = v\n");
	ck_assert_str_eq(get("osd.0", "mon_host"), "a");
	ck_assert_str_eq(get("osd.0", "mon-host"), "a");
	ck_assert_str_eq(get("osd.0", "mon host"), "a");
	ck_assert_str_eq(get("osd.0", " mon  host "), "a");
	ck_assert_str_eq(get("osd.0", "ms_bind_msgr2"), "false");
	/* Underscore runs are not collapsed (as in Ceph): k__2 is not k_2. */
	ck_assert_str_eq(get("osd.0", "k__2"), "v");
	ck_assert_str_eq(get("osd.0", "k_2"), "(unset)");
	strcpy(k, "  a - b__c  d ");
	cephconf_normalize_key(k);
	ck_assert_str_eq(k, "a___b__c_d");
	strcpy(k, "debug-ms");
	cephconf_normalize_key(k);
	ck_assert_str_eq(k, "debug_ms");
	/* Later lines win, also across spellings. */
	cephconf_free(cc);
	cc = cephconf_new(NULL);
	load_ok("[global]\nmon_host = one\nmon-host = two\n");
	ck_assert_str_eq(get("osd.0", "mon host"), "two");
}
END_TEST

START_TEST(values)
{
	load_ok("[global]\n"
		"a = \"quoted \\; not a comment \\# here\"   ; comment\n"
		"b = 'single'\n"
		"c = with\\;escaped\\#chars\n"
		"d = continued \\\n"
		"  over lines\n"
		"e =\n"
		"f = trailing spaces   \n"
		"g = esc\\ \n"
		"h = a=b=c\n"
		"i = \"\"\n"
		"j = tab\tinside\r\n"
		"k = after continuation\n");
	ck_assert_str_eq(get(NULL, "a"), "quoted ; not a comment # here");
	ck_assert_str_eq(get(NULL, "b"), "single");
	ck_assert_str_eq(get(NULL, "c"), "with;escaped#chars");
	ck_assert_str_eq(get(NULL, "d"), "continued   over lines");
	ck_assert_str_eq(get(NULL, "e"), "");
	ck_assert_str_eq(get(NULL, "f"), "trailing spaces");
	ck_assert_str_eq(get(NULL, "g"), "esc");        /* Ceph trims even this */
	ck_assert_str_eq(get(NULL, "h"), "a=b=c");
	ck_assert_str_eq(get(NULL, "i"), "");
	ck_assert_str_eq(get(NULL, "j"), "tab\tinside");
	ck_assert_str_eq(get(NULL, "k"), "after continuation");
	int line;

	cephconf_get_raw(cc, NULL, "k", &line);
	ck_assert_int_eq(line, 13);
}
END_TEST

START_TEST(metavariables)
{
	char host[256], want[512], *dot;

	load_ok("[global]\n"
		"run dir = /run/$cluster\n"
		"admin socket = $run_dir/$cluster-$name.asok\n"
		"x = ${type}:${id}:$num $host\n"
		"unknown = $nosuch and ${nosuch} and $ and ${open\n"
		"loop = a$loop\n"
		"ping = $pong\n"
		"pong = $ping\n"
		"big1 = $big2$big2$big2$big2$big2$big2$big2$big2\n"
		"big2 = $big3$big3$big3$big3$big3$big3$big3$big3\n"
		"big3 = $big4$big4$big4$big4$big4$big4$big4$big4\n"
		"big4 = $big5$big5$big5$big5$big5$big5$big5$big5\n"
		"big5 = 0123456789012345678901234567890123456789\n"
		"[osd]\n"
		"run dir = /run/osds-$cluster\n");
	ck_assert_str_eq(get("osd.3", "admin_socket"), "/run/osds-ceph/ceph-osd.3.asok");
	ck_assert_str_eq(get("client.admin", "admin_socket"), "/run/ceph/ceph-client.admin.asok");
	gethostname(host, sizeof(host));
	host[sizeof(host) - 1] = '\0';
	if ((dot = strchr(host, '.')) != NULL)
		*dot = '\0';
	snprintf(want, sizeof(want), "osd:3:3 %s", host);
	ck_assert_str_eq(get("osd.3", "x"), want);
	ck_assert_str_eq(get("osd.3", "unknown"), "$nosuch and ${nosuch} and $ and ${open");

	char *v = (char *)1;

	ck_assert_int_eq(cephconf_get(cc, "osd.3", "loop", &v), -ELOOP);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(cephconf_get(cc, "osd.3", "ping", &v), -ELOOP);
	ck_assert_int_eq(cephconf_get(cc, "osd.3", "big1", &v), -E2BIG);
	ck_assert_int_eq(cephconf_expand(cc, "mon.a", "$cluster/$name/$type/$id", &v), 0);
	ck_assert_str_eq(v, "ceph/mon.a/mon/a");
	free(v);

	/* Another cluster name. */
	cephconf_free(cc);
	cc = cephconf_new("prod");
	ck_assert_str_eq(cephconf_cluster(cc), "prod");
	load_ok("[global]\nfoo = bar\n");
	ck_assert_str_eq(get("osd.1", "keyring"),
			 "/etc/ceph/prod.osd.1.keyring,/etc/ceph/prod.keyring,"
			 "/etc/ceph/keyring,/etc/ceph/keyring.bin");
}
END_TEST

START_TEST(defaults)
{
	load_ok("[global]\n");
	ck_assert_str_eq(get("osd.7", "admin_socket"), "/var/run/ceph/ceph-osd.7.asok");
	ck_assert_str_eq(get("osd.7", "osd_data"), "/var/lib/ceph/osd/ceph-7");
	ck_assert_str_eq(get("osd.7", "auth_client_required"), "cephx, none");
	ck_assert_str_eq(get("osd.7", "mon_host"), "(unset)");
}
END_TEST

START_TEST(typed)
{
	int64_t i;
	bool b;
	uint64_t sz;
	double d;

	load_ok("[global]\n"
		"int = 42\nneg = -7\nhex = 0x1F\nbadint = 12abc\n"
		"t1 = true\nt2 = Yes\nt3 = 1\nf1 = false\nf2 = off\nbadbool = maybe\n"
		"size = 4G\nbadsize = 4X\n"
		"flt = 0.25\nbadflt = 1.5x\n"
		"fsid = 6f9e4a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b\n"
		"[osd]\nint = $neg\n");
	ck_assert_int_eq(cephconf_get_int(cc, "client.x", "int", 0, &i), 0);
	ck_assert_int_eq(i, 42);
	ck_assert_int_eq(cephconf_get_int(cc, "osd.1", "int", 0, &i), 0);
	ck_assert_int_eq(i, -7);
	ck_assert_int_eq(cephconf_get_int(cc, NULL, "hex", 0, &i), 0);
	ck_assert_int_eq(i, 31);
	ck_assert_int_eq(cephconf_get_int(cc, NULL, "unset", 99, &i), 0);
	ck_assert_int_eq(i, 99);
	ck_assert_int_eq(cephconf_get_int(cc, NULL, "badint", 5, &i), -EINVAL);

	ck_assert_int_eq(cephconf_get_bool(cc, NULL, "t1", false, &b), 0);
	ck_assert(b);
	ck_assert_int_eq(cephconf_get_bool(cc, NULL, "t2", false, &b), 0);
	ck_assert(b);
	ck_assert_int_eq(cephconf_get_bool(cc, NULL, "t3", false, &b), 0);
	ck_assert(b);
	ck_assert_int_eq(cephconf_get_bool(cc, NULL, "f1", true, &b), 0);
	ck_assert(!b);
	ck_assert_int_eq(cephconf_get_bool(cc, NULL, "f2", true, &b), 0);
	ck_assert(!b);
	ck_assert_int_eq(cephconf_get_bool(cc, NULL, "unset", true, &b), 0);
	ck_assert(b);
	ck_assert_int_eq(cephconf_get_bool(cc, NULL, "badbool", true, &b), -EINVAL);

	ck_assert_int_eq(cephconf_get_size(cc, NULL, "size", 0, &sz), 0);
	ck_assert_uint_eq(sz, 4ULL << 30);
	ck_assert_int_eq(cephconf_get_size(cc, NULL, "badsize", 0, &sz), -EINVAL);
	ck_assert_int_eq(cephconf_get_size(cc, NULL, "unset", 77, &sz), 0);
	ck_assert_uint_eq(sz, 77);

	ck_assert_int_eq(cephconf_get_float(cc, NULL, "flt", 0, &d), 0);
	ck_assert(d == 0.25);
	ck_assert_int_eq(cephconf_get_float(cc, NULL, "badflt", 0, &d), -EINVAL);
	ck_assert_int_eq(cephconf_get_float(cc, NULL, "unset", 1.5, &d), 0);
	ck_assert(d == 1.5);

	struct uuid u;

	ck_assert_int_eq(cephconf_get_fsid(cc, NULL, &u), 0);
	ck_assert_uint_eq(u.b[0], 0x6f);
	ck_assert_uint_eq(u.b[15], 0x5b);
	cephconf_set_override(cc, "fsid", "not-a-uuid");
	ck_assert_int_eq(cephconf_get_fsid(cc, NULL, &u), -EINVAL);
	cephconf_free(cc);
	cc = cephconf_new(NULL);
	ck_assert_int_eq(cephconf_get_fsid(cc, NULL, &u), -ENOENT);
}
END_TEST

START_TEST(overrides)
{
	char *argv[] = { "--debug-ms", "5", "--mon_host=10.0.0.1", "--x=", "--y=a=b" };
	char *bad1[] = { "--lonely" };
	char *bad2[] = { "positional" };
	char *bad3[] = { "--" };
	char *bad4[] = { "--=v" };

	load_ok("[global]\ndebug ms = 1\nmon host = 1.2.3.4\n[osd.1]\ndebug ms = 2\n");
	ck_assert_int_eq(cephconf_apply_args(cc, 5, argv, err, sizeof(err)), 0);
	/* Overrides beat even the most specific section. */
	ck_assert_str_eq(get("osd.1", "debug_ms"), "5");
	ck_assert_str_eq(get("osd.1", "mon host"), "10.0.0.1");
	ck_assert_str_eq(get("osd.1", "x"), "");
	ck_assert_str_eq(get("osd.1", "y"), "a=b");
	int line = -1;

	cephconf_get_raw(cc, "osd.1", "debug_ms", &line);
	ck_assert_int_eq(line, 0);
	ck_assert_int_eq(cephconf_apply_args(cc, 1, bad1, err, sizeof(err)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "--lonely needs a value"));
	ck_assert_int_eq(cephconf_apply_args(cc, 1, bad2, err, sizeof(err)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "positional"));
	ck_assert_int_eq(cephconf_apply_args(cc, 1, bad3, err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(cephconf_apply_args(cc, 1, bad4, err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(cephconf_apply_args(cc, 0, NULL, err, sizeof(err)), 0);
}
END_TEST

/* Each bad text: "ceph.conf:<line>: <what>". */
static const struct bad_case {
	const char *text;
	int line;
	const char *what;
} bad_cases[] = {
	{ "[global]\nmon host\n", 2, "expected 'key = value'" },
	{ "[global]\n\n\n= value\n", 4, "empty key" },
	{ "[global\nx = 1\n", 1, "without closing ']'" },
	{ "[]\n", 1, "empty section name" },
	{ "[global]\na = \"x # y\"\n", 2, "'#' inside quotes must be escaped" },
	{ "[global]\na = 'x ; y'\n", 2, "';' inside quotes must be escaped" },
	{ "[global] junk\n", 1, "after the section heading" },
	{ "x = 1\n", 1, "outside of any [section]" },
	{ "[global]\na = \"unterminated\n", 2, "unterminated quoted value" },
	{ "[global]\na = \"q\" junk\n", 2, "after the quoted value" },
	{ "[global]\nkey [x] = 1\n", 2, "expected 'key = value'" },
	/* A continued line is reported at the line where it starts. */
	{ "[global]\na = 1\n\\\n\\\nnot a pair\n", 3, "expected 'key = value'" },
};

START_TEST(errors_name_line)
{
	const struct bad_case *bc = &bad_cases[_i];
	char want[64];
	int r = cephconf_load_string(cc, bc->text, "ceph.conf", err, sizeof(err));

	ck_assert_msg(r == -EINVAL, "case %d: r=%d", _i, r);
	snprintf(want, sizeof(want), "ceph.conf:%d: ", bc->line);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "case %d: want '%s' got '%s'",
		      _i, want, err);
	ck_assert_msg(strstr(err, bc->what) != NULL, "case %d: want '%s' in '%s'",
		      _i, bc->what, err);
}
END_TEST

START_TEST(files)
{
	char dir[] = "/tmp/osdfarm-cephconf-XXXXXX", p[128];
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/ceph.conf", dir);
	f = fopen(p, "w");
	fputs("[global]\r\nmon host = 10.1.2.3\r\n[osd]\r\n\r\nbad line\r\n", f);
	fclose(f);
	ck_assert_int_eq(cephconf_load_file(cc, p, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "/ceph.conf:5: ") != NULL, "%s", err);

	f = fopen(p, "w");
	fputs("[global]\r\nmon host = 10.1.2.3\r\n", f);
	fclose(f);
	ck_assert_int_eq(cephconf_load_file(cc, p, err, sizeof(err)), 0);
	ck_assert_str_eq(get("osd.0", "mon_host"), "10.1.2.3");

	/* NUL bytes are refused, at their line. */
	f = fopen(p, "w");
	fwrite("[global]\nx = a\0b\n", 1, 17, f);
	fclose(f);
	ck_assert_int_eq(cephconf_load_file(cc, p, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "ceph.conf:2: NUL") != NULL, "%s", err);
	unlink(p);

	ck_assert_int_eq(cephconf_load_file(cc, p, err, sizeof(err)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
	ck_assert_int_eq(cephconf_load_file(cc, dir, err, sizeof(err)), -EINVAL);
	ck_assert_int_eq(cephconf_load_file(cc, "/dev/null", err, sizeof(err)), 0);
	rmdir(dir);
}
END_TEST

/* mon_host text -> the monitors as "vec vec ..." */
static const struct mon_case {
	const char *in;
	const char *out;        /* NULL: must fail */
} mon_cases[] = {
	{ "127.0.0.1", "[v2:127.0.0.1:3300/0,v1:127.0.0.1:6789/0]" },
	{ "127.0.0.1:6789", "v1:127.0.0.1:6789/0" },
	{ "127.0.0.1:3300", "v2:127.0.0.1:3300/0" },
	{ "127.0.0.1:7000", "[v2:127.0.0.1:7000/0,v1:127.0.0.1:7000/0]" },
	{ "v2:127.0.0.1:3300", "v2:127.0.0.1:3300/0" },
	{ "v1:127.0.0.1", "v1:127.0.0.1:6789/0" },
	{ "v2:127.0.0.1", "v2:127.0.0.1:3300/0" },
	{ "v1:127.0.0.1:3300", "v1:127.0.0.1:3300/0" },
	{ "[v2:127.0.0.1:3300,v1:127.0.0.1:6789]",
	  "[v2:127.0.0.1:3300/0,v1:127.0.0.1:6789/0]" },
	{ "[v2:127.0.0.1:3300/0,v1:127.0.0.1:6789/0]",
	  "[v2:127.0.0.1:3300/0,v1:127.0.0.1:6789/0]" },
	{ "[v2:10.0.0.1:3300,v1:10.0.0.1:6789],[v2:10.0.0.2:3300,v1:10.0.0.2:6789]",
	  "[v2:10.0.0.1:3300/0,v1:10.0.0.1:6789/0] [v2:10.0.0.2:3300/0,v1:10.0.0.2:6789/0]" },
	{ "[v2:10.0.0.1:3300,v1:10.0.0.1:6789] [v2:10.0.0.2:3300,v1:10.0.0.2:6789]",
	  "[v2:10.0.0.1:3300/0,v1:10.0.0.1:6789/0] [v2:10.0.0.2:3300/0,v1:10.0.0.2:6789/0]" },
	{ "10.0.0.1,10.0.0.2:6789, 10.0.0.3:3300;10.0.0.4",
	  "[v2:10.0.0.1:3300/0,v1:10.0.0.1:6789/0] v1:10.0.0.2:6789/0 v2:10.0.0.3:3300/0 "
	  "[v2:10.0.0.4:3300/0,v1:10.0.0.4:6789/0]" },
	{ "  10.0.0.1  ", "[v2:10.0.0.1:3300/0,v1:10.0.0.1:6789/0]" },
	{ "[::1]:3300", "v2:[::1]:3300/0" },
	{ "[::1]:6789", "v1:[::1]:6789/0" },
	{ "[::1]", "[v2:[::1]:3300/0,v1:[::1]:6789/0]" },
	{ "::1", "[v2:[::1]:3300/0,v1:[::1]:6789/0]" },
	{ "[v2:[::1]:3300,v1:[::1]:6789]", "[v2:[::1]:3300/0,v1:[::1]:6789/0]" },
	{ "[v2:[fd00::1]:3300,v1:[fd00::1]:6789],[::2]:3300",
	  "[v2:[fd00::1]:3300/0,v1:[fd00::1]:6789/0] v2:[::2]:3300/0" },
	{ "[v2:127.0.0.1,v1:127.0.0.1]", "[v2:127.0.0.1:3300/0,v1:127.0.0.1:6789/0]" },
	/* the same monitor twice counts once */
	{ "10.0.0.1:6789 10.0.0.1:6789", "v1:10.0.0.1:6789/0" },
	{ "", NULL },
	{ " , ; ", NULL },
	{ "mon1.example.com", NULL },
	{ "127.0.0.1:99999", NULL },
	{ "127.0.0.1:", NULL },
	{ "300.0.0.1", NULL },
	{ "[v2:127.0.0.1:3300,v1:127.0.0.1:6789", NULL },
	{ "[]", NULL },
	{ "[v2:127.0.0.1:3300,]", NULL },
	{ "[v2:127.0.0.1:3300,,v1:127.0.0.1:6789]", NULL },
	{ "[v2:1.1.1.1,v2:1.1.1.2,v2:1.1.1.3,v2:1.1.1.4,v2:1.1.1.5,v2:1.1.1.6,"
	  "v2:1.1.1.7,v2:1.1.1.8,v2:1.1.1.9]", NULL },
	{ "v3:127.0.0.1", NULL },
	{ "[[::1]]", "v2:[::1]:3300/0" },     /* a vector of one bracketed v6 */
	{ "[[::1]", NULL },
	{ "127.0.0.1 garbage", NULL },
};

START_TEST(mon_host_forms)
{
	const struct mon_case *mc = &mon_cases[_i];
	struct entity_addrvec *mons = NULL;
	unsigned n = 0, i;
	char out[1024] = "", one[256];
	int r = cephconf_parse_mon_host(mc->in, &mons, &n);

	if (mc->out == NULL) {
		ck_assert_msg(r < 0, "'%s' should fail, gave %u mons", mc->in, n);
		ck_assert_ptr_null(mons);
		ck_assert_uint_eq(n, 0);
		return;
	}
	ck_assert_msg(r == 0, "'%s': r=%d", mc->in, r);
	for (i = 0; i < n; i++) {
		entity_addrvec_format(&mons[i], one, sizeof(one));
		if (i)
			strcat(out, " ");
		strcat(out, one);
	}
	ck_assert_msg(strcmp(out, mc->out) == 0, "'%s': got '%s' want '%s'", mc->in, out,
		      mc->out);
	free(mons);
}
END_TEST

START_TEST(mon_addrs_from_conf)
{
	struct entity_addrvec *mons;
	unsigned n;
	char one[256];

	load_ok("[global]\nmon_host = $ip:6789\nip = 10.9.8.7\n");
	ck_assert_int_eq(cephconf_mon_addrs(cc, "osd.0", &mons, &n), 0);
	ck_assert_uint_eq(n, 1);
	entity_addrvec_format(&mons[0], one, sizeof(one));
	ck_assert_str_eq(one, "v1:10.9.8.7:6789/0");
	free(mons);

	/* No mon_host: the [mon.X] sections' mon addr, legacy by default. */
	cephconf_free(cc);
	cc = cephconf_new(NULL);
	load_ok("[global]\nfsid = x\n[mon.a]\nmon addr = 10.0.0.1\n"
		"[mon.b]\nmon addr = 10.0.0.2:6790\n[mon.c]\nhost = c\n");
	ck_assert_int_eq(cephconf_mon_addrs(cc, "osd.0", &mons, &n), 0);
	ck_assert_uint_eq(n, 2);
	entity_addrvec_format(&mons[0], one, sizeof(one));
	ck_assert_str_eq(one, "v1:10.0.0.1:6789/0");
	entity_addrvec_format(&mons[1], one, sizeof(one));
	ck_assert_str_eq(one, "v1:10.0.0.2:6790/0");
	free(mons);

	cephconf_free(cc);
	cc = cephconf_new(NULL);
	load_ok("[global]\nfsid = x\n");
	ck_assert_int_eq(cephconf_mon_addrs(cc, "osd.0", &mons, &n), -ENOENT);
	ck_assert_ptr_null(mons);

	cephconf_free(cc);
	cc = cephconf_new(NULL);
	load_ok("[global]\nmon host = not an address\n");
	ck_assert_int_eq(cephconf_mon_addrs(cc, "osd.0", &mons, &n), -EINVAL);
	ck_assert_ptr_null(mons);
}
END_TEST

START_TEST(debug_levels)
{
	for (int i = 0; i < LOG_SUBSYS_MAX; i++)
		log_levels[i] = 0;
	load_ok("[global]\ndebug ms = 1/5\ndebug_rgw = 20\ndebug monc = 7\n"
		"[osd]\ndebug osd = 10\ndebug memstore = 3\n[osd.2]\ndebug_osd = 0/20\n");
	ck_assert_int_eq(cephconf_apply_debug(cc, "osd.1"), 0);
	ck_assert_int_eq(log_levels[LOG_MS], 1);
	ck_assert_int_eq(log_levels[LOG_OSD], 10);
	ck_assert_int_eq(log_levels[LOG_MON], 7);
	ck_assert_int_eq(log_levels[LOG_OS], 3);
	ck_assert_int_eq(cephconf_apply_debug(cc, "osd.2"), 0);
	ck_assert_int_eq(log_levels[LOG_OSD], 0);
	cephconf_set_override(cc, "debug_ms", "lots");
	ck_assert_int_eq(cephconf_apply_debug(cc, "osd.2"), -EINVAL);
	cephconf_set_override(cc, "debug_ms", "31");
	ck_assert_int_eq(cephconf_apply_debug(cc, "osd.2"), -EINVAL);
	ck_assert_int_eq(log_levels[LOG_MS], 1);
}
END_TEST

/* Every prefix of a tricky file, and random bytes: an answer, never a crash. */
START_TEST(garbage_never_crashes)
{
	static const char tricky[] =
		"[global]\n a = \"q\\\"x\" ; c\n b = 'y' # c\n c = d\\\n e\\\n"
		"[osd.1] ; c\n mon host = [v2:[::1]:3300,v1:[::1]:6789]\n x = $y\n";
	static const char alphabet[] = "[]=;#\\\"' \n\tab$:.,v12{}";
	char buf[sizeof(tricky)], rnd[256];
	uint64_t st = 0x1234567;
	size_t i, j;

	for (i = 0; i < sizeof(tricky); i++) {
		struct cephconf *c2 = cephconf_new(NULL);

		memcpy(buf, tricky, i);
		buf[i] = '\0';
		cephconf_load_string(c2, buf, "p", err, sizeof(err));
		cephconf_free(c2);
	}
	for (i = 0; i < 2000; i++) {
		struct cephconf *c2 = cephconf_new(NULL);
		struct entity_addrvec *mons;
		unsigned n;
		char *v;

		for (j = 0; j < sizeof(rnd) - 1; j++) {
			st ^= st << 13;
			st ^= st >> 7;
			st ^= st << 17;
			rnd[j] = alphabet[(st >> 20) % (sizeof(alphabet) - 1)];
		}
		rnd[sizeof(rnd) - 1] = '\0';
		if (cephconf_load_string(c2, rnd, "r", err, sizeof(err)) == 0) {
			if (cephconf_get(c2, "osd.1", "a", &v) == 0)
				free(v);
		}
		if (cephconf_parse_mon_host(rnd, &mons, &n) == 0)
			free(mons);
		cephconf_free(c2);
	}
}
END_TEST

static Suite *
cephconf_suite(void)
{
	Suite *s = suite_create("cephconf");
	TCase *tc = tcase_create("cephconf");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, grammar_and_precedence);
	tcase_add_test(tc, key_normalisation);
	tcase_add_test(tc, values);
	tcase_add_test(tc, metavariables);
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, typed);
	tcase_add_test(tc, overrides);
	tcase_add_loop_test(tc, errors_name_line, 0, sizeof(bad_cases) / sizeof(bad_cases[0]));
	tcase_add_test(tc, files);
	tcase_add_loop_test(tc, mon_host_forms, 0, sizeof(mon_cases) / sizeof(mon_cases[0]));
	tcase_add_test(tc, mon_addrs_from_conf);
	tcase_add_test(tc, debug_levels);
	tcase_add_test(tc, garbage_never_crashes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(cephconf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
