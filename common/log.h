/*
 * log.h — per-subsystem logging, like Ceph's debug_<subsys> = N.
 *
 * Level -1 (log_error) and 0 (log_info) always print: errors and the state
 * changes an operator needs; errors go to journald with priority LOG_ERR.
 * 1..20 are debug detail, printed when the subsystem's level is at least that.
 * A disabled level costs one compare: the format and its arguments are not
 * evaluated. Output goes to stderr, or to journald when running under systemd
 * (JOURNAL_STREAM set, or log_open(LOG_TO_JOURNAL)).
 */
#ifndef OSDFARM_COMMON_LOG_H
#define OSDFARM_COMMON_LOG_H

#include <stdint.h>

enum log_subsys {
	LOG_COMMON,
	LOG_MS,         /* messenger */
	LOG_MON,        /* mon client */
	LOG_OSD,
	LOG_OS,         /* object store */
	LOG_CRUSH,
	LOG_AUTHN,      /* authentication (LOG_AUTH would clash with syslog.h) */
	LOG_SUP,        /* supervisor */
	LOG_CONF,
	LOG_ASOK,
	LOG_SUBSYS_MAX
};

enum log_target { LOG_TO_STDERR, LOG_TO_JOURNAL, LOG_TO_FILE };

extern uint8_t log_levels[LOG_SUBSYS_MAX];

#define log_enabled(subsys, lvl) ((uint8_t)(lvl) <= log_levels[(subsys)])
#define log_at(subsys, lvl, ...)                                              \
	do {                                                                  \
		if (__builtin_expect(log_enabled(subsys, lvl), 0))            \
			log_emit((subsys), (lvl), __VA_ARGS__);               \
	} while (0)
/* Always printed. */
#define log_error(subsys, ...) log_emit((subsys), -1, __VA_ARGS__)
#define log_info(subsys, ...) log_emit((subsys), 0, __VA_ARGS__)
#define log_debug(subsys, lvl, ...) log_at(subsys, lvl, __VA_ARGS__)

void log_emit(enum log_subsys subsys, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "ms" -> LOG_MS; -1 if unknown. */
int log_subsys_by_name(const char *name);
const char *log_subsys_name(enum log_subsys subsys);
/* Set "debug_ms"-style levels; returns -EINVAL for an unknown name or level > 30. */
int log_set_level(const char *subsys_name, int level);
/* A prefix printed on each line, e.g. "osd.3". */
void log_set_ident(const char *ident);
/* LOG_TO_FILE needs a path; reopen after rotation with log_reopen(). */
int log_open(enum log_target target, const char *path);
int log_reopen(void);

#endif
