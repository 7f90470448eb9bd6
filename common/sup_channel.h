/*
 * sup_channel.h — how an OSD process tells the osdfarm supervisor its state.
 *
 * The supervisor gives each child one end of a socketpair(AF_UNIX,
 * SOCK_SEQPACKET) as file descriptor OSDFARM_SUP_FD (an environment
 * variable holding the fd number). The child sends one packet per state
 * change; the supervisor uses them for readiness (sd_notify READY=1 once
 * every OSD is up in the monitor's map) and for STATUS.
 *
 * A packet is short ASCII text, "<state> <epoch>", e.g. "up 42" when the
 * child sees itself up in osdmap epoch 42. A trailing '\n' is allowed (so
 * `echo up 42 >&$OSDFARM_SUP_FD` works from a shell). Nothing else is
 * accepted: no extra blanks, no sign, no leading zeros, epoch < 2^32.
 *
 *   booting N    not (or no longer) up in the map; N = newest epoch held
 *   up N         up at our address in epoch N
 *   stopping N   asked the monitor to mark us down (SIGTERM)
 *   stopped N    leaving
 *
 * The child side never blocks and never fails loudly: with no supervisor
 * (OSDFARM_SUP_FD unset) every call is a no-op, and a full or closed
 * channel only loses the report.
 */
#ifndef OSDFARM_COMMON_SUP_CHANNEL_H
#define OSDFARM_COMMON_SUP_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#define SUP_CHANNEL_ENV "OSDFARM_SUP_FD"
/* Largest packet either side sends or accepts. */
#define SUP_CHANNEL_MSG_MAX 64

enum sup_chan_state {
	SUP_CHAN_BOOTING,
	SUP_CHAN_UP,
	SUP_CHAN_STOPPING,
	SUP_CHAN_STOPPED,
	SUP_CHAN_STATE_MAX
};

/* "booting", "up", ...; "?" for a value out of range. */
const char *sup_chan_state_name(enum sup_chan_state st);

/*
 * The channel fd from OSDFARM_SUP_FD, or -1 when there is none (unset, not
 * a number, or not an open fd). The first call reads the variable, removes
 * it from the environment (so programs this process runs do not inherit
 * it), and marks the fd close-on-exec and non-blocking; later calls return
 * the cached answer.
 */
int sup_channel_fd(void);

/*
 * Send "<state> <epoch>" on fd. fd < 0 is a no-op returning 0, so callers
 * may write sup_channel_report(sup_channel_fd(), ...). Returns 0 or a
 * negative errno (-EAGAIN when the supervisor is not reading, -EPIPE when
 * it is gone).
 */
int sup_channel_report(int fd, enum sup_chan_state st, uint32_t epoch);

/* Format a packet into buf (no newline); its length, or -ENOSPC / -EINVAL. */
int sup_channel_format(char *buf, size_t sz, enum sup_chan_state st, uint32_t epoch);

/* Parse one packet of len bytes (not NUL-terminated); 0 or -EINVAL. */
int sup_channel_parse(const char *msg, size_t len, enum sup_chan_state *st,
		      uint32_t *epoch);

#endif
