# t/integration/lib.sh — sourced by every integration test (bash).
#
# Integration tests talk to real Ceph Pacific daemons started by tools/lab in
# a throwaway directory. Typical use:
#
#	. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
#	lab_start --classic 1		# skips (77) when Ceph is not installed
#	lab_ceph -s >/dev/null || fail "mon does not answer"
#	ok "mon answers"
#
# Functions:
#	lab_require		exit 77 (skip) without ceph-mon; exit 1 instead
#				when OSDFARM_REQUIRE_CEPH=1 (CI); exit 77 when
#				OSDFARM_UNIT_ONLY=1 (deliberate unit-only runs)
#	lab_start [ARGS]	tools/lab up in a fresh temp dir (ARGS as for
#				tools/lab up); sets LAB_DIR, sources $LAB_DIR/env
#				(CEPH_CONF, LAB_MON_PORT, LAB_MON_HOST, LAB_FSID,
#				 LAB_AUTH, LAB_MONS, LAB_MON_PORTS);
#				on exit: stops everything, removes the dir unless
#				OSDFARM_KEEP_LAB=1, shows daemon logs on failure
#	lab_stop		tools/lab down now (safe to repeat)
#	lab_other NAME [ARGS]	a second, independent lab in $LAB_DIR/NAME
#				(ARGS as for tools/lab up), stopped with the
#				first; its dir in LAB_OTHER_DIR
#	lab_ceph ARGS		the ceph CLI, bounded by LAB_CEPH_TIMEOUT (30 s)
#	lab_spawn NAME CMD...	run CMD in the background, output to
#				$LAB_DIR/log/NAME.log; killed at exit; pid in
#				LAB_SPAWNED_PID
#	(lab_start also arms a watchdog: after LAB_TEST_TIMEOUT seconds,
#	 default 300, the test gets SIGTERM, cleans up and fails)
#	(OSDFARM_LAB_AUTH=cephx makes lab_start add --cephx, and
#	 OSDFARM_CLIENT_MODE=crc|secure --client-mode: how the cephx
#	 wrappers run the I/O tests unchanged in a cephx cluster)
#	wait_for 'CMD' SECS	retry the shell command CMD (eval'd) every
#				0.5 s until it succeeds; 1 on timeout
#	fail MSG / ok MSG	report; fail exits 1
#
# The harness exports top_srcdir and top_builddir; by hand they default to
# this checkout (and its _build/ when there is one).
#
# The harness runs tests with $(SHELL) (often dash): sourcing this file from a
# non-bash shell re-executes the test under bash before any bash syntax is read.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi

if [ -z "${top_srcdir:-}" ]; then
	top_srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fi
if [ -z "${top_builddir:-}" ]; then
	if [ -f "$top_srcdir/_build/Makefile" ]; then
		top_builddir=$top_srcdir/_build
	else
		top_builddir=$top_srcdir
	fi
fi
export top_srcdir top_builddir

LAB_TOOL=$top_srcdir/tools/lab
LAB_DIR=${LAB_DIR:-}
LAB_CEPH_TIMEOUT=${LAB_CEPH_TIMEOUT:-30}
LAB_TEST_TIMEOUT=${LAB_TEST_TIMEOUT:-300}
_lab_spawned=()
_lab_watchdog=""

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

ok() {
	echo "ok: $*"
}

lab_require() {
	if [ "${OSDFARM_UNIT_ONLY:-0}" = 1 ]; then
		echo "SKIP: OSDFARM_UNIT_ONLY=1 (unit tests only)"
		exit 77
	fi
	if ! command -v ceph-mon >/dev/null 2>&1; then
		if [ "${OSDFARM_REQUIRE_CEPH:-0}" = 1 ]; then
			echo "FAIL: ceph-mon not installed and OSDFARM_REQUIRE_CEPH=1" \
				"(run tools/install-deps)" >&2
			exit 1
		fi
		echo "SKIP: ceph-mon not installed" \
			"(apt-get install -y ceph-mon ceph-osd ceph-common python3-rados fio)"
		exit 77
	fi
}

wait_for() {
	local cmd=$1 secs=${2:-30} deadline
	deadline=$((SECONDS + secs))
	while ! eval "$cmd" >/dev/null 2>&1; do
		[ $SECONDS -lt $deadline ] || return 1
		sleep 0.5
	done
	return 0
}

lab_ceph() {
	timeout -k 5 "$LAB_CEPH_TIMEOUT" ceph --connect-timeout 10 "$@"
}

lab_spawn() {
	local name=$1
	shift
	[ -n "$LAB_DIR" ] || fail "lab_spawn before lab_start"
	"$@" </dev/null >>"$LAB_DIR/log/$name.log" 2>&1 &
	LAB_SPAWNED_PID=$!
	_lab_spawned+=("$LAB_SPAWNED_PID")
}

# Stop what lab_spawn started: TERM, up to 10 s, then KILL.
_lab_kill_spawned() {
	local p i live
	[ ${#_lab_spawned[@]} -gt 0 ] || return 0
	kill -TERM "${_lab_spawned[@]}" 2>/dev/null || true
	for i in $(seq 1 50); do
		live=0
		for p in "${_lab_spawned[@]}"; do
			kill -0 "$p" 2>/dev/null && live=1
		done
		[ $live = 0 ] && break
		sleep 0.2
	done
	kill -KILL "${_lab_spawned[@]}" 2>/dev/null || true
	for p in "${_lab_spawned[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	LAB_TEST_TIMEOUT=${LAB_TEST_TIMEOUT:-300}
_lab_spawned=()
_lab_watchdog=""
}

_lab_others=()

lab_stop() {
	local d
	_lab_kill_spawned
	for d in "${_lab_others[@]}"; do
		bash "$LAB_TOOL" down "$d" || true
	done
	_lab_others=()
	[ -n "$LAB_DIR" ] || return 0
	bash "$LAB_TOOL" down "$LAB_DIR"
}

lab_other() {
	[ -n "$LAB_DIR" ] || fail "lab_other before lab_start"
	LAB_OTHER_DIR=$LAB_DIR/$1
	shift
	_lab_others+=("$LAB_OTHER_DIR")
	bash "$LAB_TOOL" up "$LAB_OTHER_DIR" "$@" >/dev/null ||
		fail "tools/lab up $LAB_OTHER_DIR $* failed"
}

_lab_show_logs() {
	local f
	for f in "$LAB_DIR"/log/*; do
		[ -s "$f" ] || continue
		case "$f" in */ceph.audit.log|*/client.log|*/mkfs.log) continue ;; esac
		echo "---- last lines of $f" >&2
		tail -n 15 "$f" >&2
	done
}

_lab_exit() {
	local rc=$?
	trap - EXIT INT TERM
	if [ -n "$_lab_watchdog" ]; then
		kill "$_lab_watchdog" 2>/dev/null || true
		wait "$_lab_watchdog" 2>/dev/null || true
	fi
	if [ -n "$LAB_DIR" ]; then
		lab_stop || rc=1
		# 77 = skip: nothing to show.
		if [ $rc -ne 0 ] && [ $rc -ne 77 ]; then
			_lab_show_logs
		fi
		if [ "${OSDFARM_KEEP_LAB:-0}" = 1 ]; then
			echo "keeping the lab in $LAB_DIR (OSDFARM_KEEP_LAB=1)" >&2
		else
			rm -rf "$LAB_DIR"
		fi
	fi
	exit $rc
}

lab_start() {
	lab_require
	[ -z "$LAB_DIR" ] || fail "lab_start called twice"
	LAB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/osdfarm-lab.XXXXXX") ||
		fail "mktemp failed"
	trap _lab_exit EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	# Watchdog: short sleeps, so that killing it (TERM, default action in
	# a subshell) can never let it fire and leaves at most a 1 s sleep.
	(
		end=$((SECONDS + LAB_TEST_TIMEOUT))
		while [ $SECONDS -lt $end ]; do
			sleep 1
		done
		echo "FAIL: test still running after ${LAB_TEST_TIMEOUT}s (LAB_TEST_TIMEOUT)" >&2
		# The shell runs its TERM trap only once its foreground
		# command ends: end that too (the test's own children).
		kill -TERM $$
		pkill -TERM -P $$
	) &
	_lab_watchdog=$!
	case "${OSDFARM_LAB_AUTH:-none}" in
	none) ;;
	cephx) set -- "$@" --cephx ;;
	*) fail "OSDFARM_LAB_AUTH wants none or cephx" ;;
	esac
	[ -z "${OSDFARM_CLIENT_MODE:-}" ] || set -- "$@" --client-mode "$OSDFARM_CLIENT_MODE"
	bash "$LAB_TOOL" up "$LAB_DIR" "$@" || fail "tools/lab up $* failed"
	# shellcheck source=/dev/null
	. "$LAB_DIR/env"
}
