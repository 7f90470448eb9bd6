/*
 * main.c — osdfarm: the supervisor that runs one osdfarm-osd per core.
 *
 *   osdfarm [-c OSDFARM_CONF] [--ceph-conf FILE] [--osds N] [--run-dir DIR]
 *           [--data-dir DIR] [--osd-bin PATH] [--stop-timeout SEC] [-f]
 *   osdfarm status [-c OSDFARM_CONF] [--ceph-conf FILE] [--run-dir DIR]
 *           (the running supervisor's slots, sup_status.h)
 *
 * Command-line values override osdfarm.conf, also after a reload (SIGHUP).
 * The process never daemonizes (-f is accepted for symmetry with the OSD);
 * under systemd it is Type=notify (sup_notify.c). The pidfile
 * RUN_DIR/osdfarm.CLUSTER.pid keeps two supervisors off the same cluster.
 *
 * Exit status: 0 after a stop (SIGTERM/SIGINT), 1 on errors or when every
 * OSD slot failed, 2 on bad usage.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libutil.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/event.h>

#include "common/conf.h"
#include "common/log.h"
#include "common/mem.h"
#include "supervisor/sup.h"
#include "supervisor/sup_plan.h"
#include "supervisor/sup_status.h"

#ifndef SBINDIR
#define SBINDIR "/usr/sbin"
#endif

extern char **environ;

/* What the command line said; strings are our own copies (setproctitle
 * may reuse the memory argv points to). */
struct cli {
	char *conf;
	int conf_given;
	char *ceph_conf;
	char *run_dir;
	char *data_dir;
	char *osd_bin;
	unsigned osds;
	unsigned stop_timeout_s;
};

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: osdfarm [-c OSDFARM_CONF] [--ceph-conf FILE] [--osds N] [--run-dir DIR]\n"
		"               [--data-dir DIR] [--osd-bin PATH] [--stop-timeout SEC] [-f]\n"
		"       osdfarm status [-c OSDFARM_CONF] [--ceph-conf FILE] [--run-dir DIR]\n"
		"       osdfarm --version\n");
}

static int
parse_uint(const char *opt, const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi) {
		fprintf(stderr, "osdfarm: %s wants a number from %u to %u, not '%s'\n", opt, lo,
			hi, s);
		return -EINVAL;
	}
	*out = (unsigned)v;
	return 0;
}

static int
parse_cli(int argc, char **argv, struct cli *cli)
{
	enum { O_CEPH_CONF = 256, O_OSDS, O_RUN_DIR, O_DATA_DIR, O_OSD_BIN, O_STOP, O_VERSION };
	static const struct option longopts[] = {
		{ "conf", required_argument, NULL, 'c' },
		{ "ceph-conf", required_argument, NULL, O_CEPH_CONF },
		{ "osds", required_argument, NULL, O_OSDS },
		{ "run-dir", required_argument, NULL, O_RUN_DIR },
		{ "data-dir", required_argument, NULL, O_DATA_DIR },
		{ "osd-bin", required_argument, NULL, O_OSD_BIN },
		{ "stop-timeout", required_argument, NULL, O_STOP },
		{ "foreground", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(cli, 0, sizeof(*cli));
	while ((ch = getopt_long(argc, argv, "c:fh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			free(cli->conf);
			cli->conf = xstrdup(optarg);
			cli->conf_given = 1;
			break;
		case O_CEPH_CONF:
			free(cli->ceph_conf);
			cli->ceph_conf = xstrdup(optarg);
			break;
		case O_OSDS:
			if (parse_uint("--osds", optarg, 1, CONF_MAX_OSDS, &cli->osds) < 0)
				return 2;
			break;
		case O_RUN_DIR:
			free(cli->run_dir);
			cli->run_dir = xstrdup(optarg);
			break;
		case O_DATA_DIR:
			free(cli->data_dir);
			cli->data_dir = xstrdup(optarg);
			break;
		case O_OSD_BIN:
			free(cli->osd_bin);
			cli->osd_bin = xstrdup(optarg);
			break;
		case O_STOP:
			if (parse_uint("--stop-timeout", optarg, 1, 3600, &cli->stop_timeout_s) < 0)
				return 2;
			break;
		case 'f':
			break;          /* never daemonizes */
		case 'h':
			usage(stdout);
			exit(0);
		case O_VERSION:
			printf("osdfarm %s\n", PACKAGE_VERSION);
			exit(0);
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "osdfarm: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!cli->conf)
		cli->conf = xstrdup(CONF_DEFAULT_PATH);
	return 0;
}

static void
cli_free(struct cli *cli)
{
	free(cli->conf);
	free(cli->ceph_conf);
	free(cli->run_dir);
	free(cli->data_dir);
	free(cli->osd_bin);
}

static void
replace(char **dst, const char *src, const char *cluster)
{
	free(*dst);
	*dst = conf_expand_cluster(src, cluster);
}

/* osdfarm.conf (a missing default file means all defaults) + the command line. */
static int
load_conf(void *arg, struct conf_farm *c, char *err, size_t errsz)
{
	const struct cli *cli = arg;
	int r;

	conf_farm_defaults(c);
	r = conf_farm_load(c, cli->conf, err, errsz);
	if (r == -ENOENT && !cli->conf_given) {
		conf_farm_free(c);
		conf_farm_defaults(c);
		r = 0;
	}
	if (r < 0) {
		conf_farm_free(c);
		return r;
	}
	if (cli->ceph_conf)
		replace(&c->ceph_conf, cli->ceph_conf, c->cluster);
	if (cli->run_dir)
		replace(&c->run_dir, cli->run_dir, c->cluster);
	if (cli->data_dir)
		replace(&c->data_dir, cli->data_dir, c->cluster);
	if (cli->stop_timeout_s)
		c->respawn.stop_timeout_s = cli->stop_timeout_s;
	return 0;
}

/* --osd-bin, $OSDFARM_OSD_BIN, osdfarm-osd beside this program (a build
 * tree), or the installed one. */
static char *
find_osd_bin(const struct cli *cli)
{
	char self[PATH_MAX], *slash;
	ssize_t n;
	const char *env = getenv("OSDFARM_OSD_BIN");

	if (cli->osd_bin)
		return xstrdup(cli->osd_bin);
	if (env && env[0])
		return xstrdup(env);
	n = readlink("/proc/self/exe", self, sizeof(self) - 16);
	if (n > 0) {
		self[n] = 0;
		slash = strrchr(self, '/');
		if (slash) {
			strcpy(slash + 1, "osdfarm-osd");
			if (access(self, X_OK) == 0)
				return xstrdup(self);
		}
	}
	return xstrdup(SBINDIR "/osdfarm-osd");
}

/* The stdio fds must be open, or a channel could land on fd 0..2. */
static void
keep_stdio(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0 && fd <= 2)
		fcntl(fd, F_SETFD, 0);
	if (fd > 2)
		close(fd);
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct conf_farm conf;
	struct sup_options opt;
	struct sup *s = NULL;
	struct event_config *ec;
	struct event_base *base;
	struct pidfh *pfh = NULL;
	char err[512], pidpath[PATH_MAX], *osd_bin;
	pid_t other;
	int r, rc = 1;

	keep_stdio();
	if (argc > 1 && strcmp(argv[1], "status") == 0) {
		/* the same options as the supervisor (only the paths matter) */
		if ((r = parse_cli(argc - 1, argv + 1, &cli)) != 0) {
			cli_free(&cli);
			return r;
		}
		err[0] = 0;
		if (load_conf(&cli, &conf, err, sizeof(err)) < 0) {
			fprintf(stderr, "osdfarm: %s\n",
				err[0] ? err : "cannot read the configuration");
			cli_free(&cli);
			return 1;
		}
		rc = sup_status_cli(&conf, stdout);
		conf_farm_free(&conf);
		cli_free(&cli);
		return rc;
	}
	if ((r = parse_cli(argc, argv, &cli)) != 0) {
		cli_free(&cli);
		return r;
	}
	err[0] = 0;
	if (load_conf(&cli, &conf, err, sizeof(err)) < 0) {
		fprintf(stderr, "osdfarm: %s\n", err[0] ? err : "cannot read the configuration");
		cli_free(&cli);
		return 1;
	}
	log_set_ident("osdfarm");
	if (conf_farm_apply_log(&conf, "osdfarm") < 0)
		fprintf(stderr, "osdfarm: cannot open the log; using stderr\n");
	osd_bin = find_osd_bin(&cli);

	if ((r = sup_mkdir_p(conf.run_dir, 0755)) < 0) {
		log_error(LOG_SUP, "cannot create run_dir %s: %s", conf.run_dir, strerror(-r));
		goto out_conf;
	}
	snprintf(pidpath, sizeof(pidpath), "%s/osdfarm.%s.pid", conf.run_dir, conf.cluster);
	pfh = pidfile_open(pidpath, 0644, &other);
	if (!pfh) {
		if (errno == EEXIST)
			log_error(LOG_SUP, "another osdfarm (pid %d) already runs cluster %s "
				  "(pidfile %s)", (int)other, conf.cluster, pidpath);
		else
			log_error(LOG_SUP, "cannot open the pidfile %s: %s", pidpath,
				  strerror(errno));
		goto out_conf;
	}
	pidfile_write(pfh);

	/* "osdfarm: master"; the options were copied out of argv above */
	setproctitle_init(argc, argv, environ);
	setproctitle("%s", "master");

	ec = event_config_new();
	event_config_set_flag(ec, EVENT_BASE_FLAG_NOLOCK);
	base = event_base_new_with_config(ec);
	event_config_free(ec);
	if (!base) {
		log_error(LOG_SUP, "cannot create the event loop");
		goto out_pid;
	}

	memset(&opt, 0, sizeof(opt));
	opt.osd_bin = osd_bin;
	opt.osds = cli.osds;
	opt.status_file = 1;
	opt.reload = load_conf;
	opt.reload_arg = &cli;
	if (sup_new(base, &conf, &opt, &s, err, sizeof(err)) < 0) {
		log_error(LOG_SUP, "%s", err);
		goto out_base;
	}
	if (sup_start(s) == 0) {
		event_base_dispatch(base);
		rc = sup_exit_code(s);
	}
	sup_free(s);
	log_info(LOG_SUP, "exiting (%d)", rc);
out_base:
	event_base_free(base);
out_pid:
	pidfile_remove(pfh);
	free(osd_bin);
	cli_free(&cli);
	return rc;
out_conf:
	conf_farm_free(&conf);
	free(osd_bin);
	cli_free(&cli);
	return rc;
}
