# bench/lib/bench.sh — shared bash for bench/compare and bench/profile.
#
# Sourced, not run. Starts and stops the two kinds of cluster on one box:
#   classic: tools/lab up DIR --classic N (ceph-mon + N ceph-osd, memstore)
#   farm:    tools/lab up DIR (ceph-mon only), then either the osdfarm
#            supervisor (`osdfarm --osds N ...`) or, while it is not built,
#            N osdfarm-osd processes started here (each pinned to a core, as
#            the supervisor would)
# and keeps track of every process it starts so that bench_cleanup (called
# from the caller's EXIT trap) leaves nothing behind.
#
# Every lab gets the auth the caller chose with bench_auth_setup (--cephx,
# --mode crc|secure): tools/lab's --cephx and --client-mode. The classic
# OSDs get their keys from tools/lab; the farm's mkfs (osdfarm-osd --mkfs or
# the supervisor's, per slot) registers its own with `osd new`.
#
# Needs: BENCH_TOP (repository root). Sets: OSD_PIDS (array), OSD_IDS
# (array), SIDE_MODE (text), SUP_PID, SUP_START (epoch s, supervisor mode).

BENCH_LAB=$BENCH_TOP/tools/lab
BENCH_LIB=$BENCH_TOP/bench/lib
PY=${BENCH_PY:-python3}		# stdlib-only scripts: any python3
SYSPY=/usr/bin/python3		# scripts that import rados: Debian's
CEPH_TIMEOUT=${BENCH_CEPH_TIMEOUT:-30}
FARM_UP_WAIT=${BENCH_FARM_UP_WAIT:-60}

_bench_labs=()			# lab dirs that may be running
_bench_farm_pids=()		# farm processes we started (direct mode)
SUP_PID=""
OSD_PIDS=()
OSD_IDS=()
SIDE_MODE=""
BENCH_CEPHX=0			# 1: cephx labs (--cephx)
BENCH_MODE=""			# crc | secure: the clients' only msgr2 mode (--mode)
LAB_AUTH_ARGS=()		# what lab_up adds to `tools/lab up`

say() { echo "bench: $*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

# bceph DIR ARGS: the ceph CLI against the lab in DIR, bounded in time.
bceph() {
	local dir=$1
	shift
	timeout -k 5 "$CEPH_TIMEOUT" ceph -c "$dir/ceph.conf" --connect-timeout 10 "$@"
}

# Where the farm binaries are: $BENCH_BUILD, then the harness's build dir,
# then the usual out-of-tree _build, then the source tree.
find_farm_bins() {
	local d
	FARM_SUP="" FARM_OSD=""
	for d in ${BENCH_BUILD:+"$BENCH_BUILD"} ${top_builddir:+"$top_builddir"} \
		"$BENCH_TOP/_build" "$BENCH_TOP"; do
		[ -z "$FARM_OSD" ] && [ -x "$d/osdfarm-osd" ] && FARM_OSD=$d/osdfarm-osd
		[ -z "$FARM_SUP" ] && [ -x "$d/osdfarm" ] && [ -f "$d/osdfarm" ] &&
			FARM_SUP=$d/osdfarm
	done
	return 0
}

# bench_auth_setup: check BENCH_CEPHX/BENCH_MODE (--mode secure implies
# --cephx) and set LAB_AUTH_ARGS.
bench_auth_setup() {
	case "$BENCH_MODE" in
	""|crc) ;;
	secure) BENCH_CEPHX=1 ;;
	*) die "--mode is crc or secure (got '$BENCH_MODE')" ;;
	esac
	LAB_AUTH_ARGS=()
	if [ "$BENCH_CEPHX" = 1 ]; then
		LAB_AUTH_ARGS+=(--cephx)
	fi
	if [ -n "$BENCH_MODE" ]; then
		LAB_AUTH_ARGS+=(--client-mode "$BENCH_MODE")
	fi
}

# lab_auth DIR: "AUTH<TAB>CLIENT_MODE" of the running lab in DIR, from the
# DIR/env tools/lab wrote (what the lab really uses, not what was asked).
# Without --client-mode the clients use the lab's [global] list: crc alone
# without cephx, "crc secure" (crc preferred) with it.
lab_auth() {
	local auth mode
	auth=$(sed -n 's/^export LAB_AUTH=//p' "$1/env" 2>/dev/null)
	mode=$(sed -n 's/^export LAB_CLIENT_MODE=//p' "$1/env" 2>/dev/null)
	[ -n "$auth" ] || auth="?"
	if [ -z "$mode" ]; then
		case "$auth" in
		cephx) mode="crc secure (crc preferred)" ;;
		none) mode=crc ;;
		*) mode="?" ;;
		esac
	fi
	printf '%s\t%s\n' "$auth" "$mode"
}

# lab_up DIR ARGS: tools/lab up DIR ARGS, with the chosen auth.
lab_up() {
	local dir=$1
	shift
	_bench_labs+=("$dir")
	bash "$BENCH_LAB" up "$dir" "$@" ${LAB_AUTH_ARGS[@]+"${LAB_AUTH_ARGS[@]}"} \
		>"$dir.lab-up.log" 2>&1 || {
		tail -n 20 "$dir.lab-up.log" >&2
		return 1
	}
}

lab_down() {
	local dir=$1
	[ -f "$dir/pids" ] || return 0
	bash "$BENCH_LAB" down "$dir" >/dev/null 2>&1 || say "tools/lab down $dir failed"
}

# classic_pids DIR: OSD_PIDS/OSD_IDS from the lab's record of its daemons.
classic_pids() {
	local dir=$1 pid name
	OSD_PIDS=() OSD_IDS=()
	while read -r pid name; do
		case "$name" in
		osd.*) OSD_PIDS+=("$pid"); OSD_IDS+=("${name#osd.}") ;;
		esac
	done <"$dir/pids"
}

num_up() {
	bceph "$1" osd stat -f json 2>/dev/null |
		sed -n 's/.*"num_up_osds":\([0-9][0-9]*\).*/\1/p'
}

# wait_up DIR N SECS: 0 once N OSDs are up in the monitor's map.
wait_up() {
	local dir=$1 n=$2 deadline=$((SECONDS + $3)) up=0
	while [ $SECONDS -lt $deadline ]; do
		up=$(num_up "$dir")
		[ "${up:-0}" -ge "$n" ] && return 0
		_farm_alive || return 1
		sleep 0.5
	done
	say "only ${up:-0} of $n OSDs up after $3 s"
	return 1
}

# Farm processes still running (supervisor mode: the supervisor).
_farm_alive() {
	local p
	if [ -n "$SUP_PID" ]; then
		kill -0 "$SUP_PID" 2>/dev/null
		return
	fi
	for p in "${_bench_farm_pids[@]}"; do
		kill -0 "$p" 2>/dev/null && return 0
	done
	[ ${#_bench_farm_pids[@]} -eq 0 ]
}

# children PID: the direct children of PID.
children() {
	local f=/proc/$1/task/$1/children p
	if [ -r "$f" ]; then
		cat "$f"
		return
	fi
	for p in /proc/[0-9]*/stat; do
		awk -v pp="$1" '{ sub(/.*\) /, ""); if ($2 == pp) print FILENAME }' "$p" \
			2>/dev/null | sed 's|/proc/\([0-9]*\)/stat|\1|'
	done
}

# farm_start DIR N: N farm OSDs against the lab in DIR.
farm_start() {
	local dir=$1 n=$2 i ncpu fd=$1/farm
	ncpu=$(nproc)
	mkdir -p "$fd/run" "$fd/data" "$fd/log"
	find_farm_bins
	[ -n "$FARM_OSD" ] || { say "no osdfarm-osd binary (build first, or --build DIR)"; return 1; }
	if [ -n "$FARM_SUP" ] && [ "${BENCH_NO_SUPERVISOR:-0}" != 1 ]; then
		SIDE_MODE="osdfarm supervisor ($FARM_SUP --osds $n)"
		cat >"$fd/osdfarm.conf" <<EOF
# Written by bench/compare for one benchmark run.
ceph_conf = "$dir/ceph.conf";
osds = $n;
run_dir = "$fd/run";
data_dir = "$fd/data";
memstore_size = "1G";
log = { target = "file"; file = "$fd/log/osdfarm.log"; };
EOF
		SUP_START=$(date +%s.%N)
		"$FARM_SUP" -f -c "$fd/osdfarm.conf" --osd-bin "$FARM_OSD" \
			--ceph-conf "$dir/ceph.conf" --osds "$n" --run-dir "$fd/run" \
			</dev/null >>"$fd/log/supervisor.stdio" 2>&1 &
		SUP_PID=$!
		_bench_farm_pids+=("$SUP_PID")
		wait_up "$dir" "$n" "$FARM_UP_WAIT" || return 1
		OSD_PIDS=()
		for i in $(children "$SUP_PID"); do
			OSD_PIDS+=("$i")
		done
	else
		SIDE_MODE="$n osdfarm-osd processes started by bench (no supervisor binary), each pinned to a core with taskset"
		[ "${BENCH_NO_SUPERVISOR:-0}" = 1 ] &&
			SIDE_MODE="$n osdfarm-osd processes started by bench (--no-supervisor), each pinned to a core with taskset"
		# mkfs first (not timed), as tools/lab does for classic OSDs.
		for ((i = 0; i < n; i++)); do
			timeout -k 5 60 "$FARM_OSD" -c "$dir/ceph.conf" --osd-data "$fd/data/osd.$i" \
				--mkfs >>"$fd/log/mkfs.log" 2>&1 ||
				{ say "osdfarm-osd --mkfs failed; see $fd/log/mkfs.log"; return 1; }
		done
		OSD_PIDS=()
		for ((i = 0; i < n; i++)); do
			# BENCH_OSD_WRAPPER: e.g. valgrind (bench/profile), word-split.
			taskset -c $((i % ncpu)) ${BENCH_OSD_WRAPPER:-} "$FARM_OSD" -f -c "$dir/ceph.conf" \
				-i "$(cat "$fd/data/osd.$i/whoami")" --osd-data "$fd/data/osd.$i" \
				</dev/null >>"$fd/log/osd.$i.stdio" 2>&1 &
			_bench_farm_pids+=("$!")
			OSD_PIDS+=("$!")
		done
		wait_up "$dir" "$n" "$FARM_UP_WAIT" || return 1
	fi
	OSD_IDS=()
	for i in $(bceph "$dir" osd ls); do
		OSD_IDS+=("$i")
	done
	[ ${#OSD_PIDS[@]} -eq "$n" ] ||
		{ say "expected $n farm OSD processes, found ${#OSD_PIDS[@]}"; return 1; }
}

# stop PIDS: TERM, up to 20 s, then KILL; reaps our children.
stop_pids() {
	local p i live
	[ $# -gt 0 ] || return 0
	kill -TERM "$@" 2>/dev/null || true
	for ((i = 0; i < 100; i++)); do
		live=0
		for p in "$@"; do
			kill -0 "$p" 2>/dev/null && live=1
		done
		[ $live = 0 ] && break
		sleep 0.2
	done
	[ $live = 0 ] || { say "killing $* after 20 s"; kill -KILL "$@" 2>/dev/null || true; }
	for p in "$@"; do
		wait "$p" 2>/dev/null || true
	done
}

farm_stop() {
	local kids=()
	if [ -n "$SUP_PID" ]; then
		# Remember its children: they must not outlive a killed supervisor.
		kids=($(children "$SUP_PID" 2>/dev/null || true))
		stop_pids "$SUP_PID"
		stop_pids "${kids[@]}"
	else
		stop_pids "${_bench_farm_pids[@]}"
	fi
	SUP_PID=""
	_bench_farm_pids=()
}

bench_cleanup() {
	local d
	farm_stop
	for d in "${_bench_labs[@]}"; do
		lab_down "$d"
	done
	_bench_labs=()
}

# pool_create DIR NAME PG: a replicated pool of size 1 with PG placement groups.
pool_create() {
	local dir=$1 name=$2 pg=$3
	bceph "$dir" osd pool create "$name" "$pg" "$pg" >/dev/null 2>&1 &&
		bceph "$dir" osd pool set "$name" size 1 --yes-i-really-mean-it >/dev/null 2>&1 &&
		bceph "$dir" osd pool set "$name" min_size 1 >/dev/null 2>&1
}

pool_delete() {
	bceph "$1" osd pool delete "$2" "$2" --yes-i-really-really-mean-it >/dev/null 2>&1 || true
}

# pool_ready DIR NAME SECS: every PG of the pool takes a write and a read.
pool_ready() {
	timeout -k 5 $(($3 + 30)) "$SYSPY" "$BENCH_LIB/ready.py" --conf "$1/ceph.conf" \
		--pool "$2" --timeout "$3"
}
