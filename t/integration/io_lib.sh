# t/integration/io_lib.sh — sourced (after lib.sh) by the client I/O tests:
# start osdfarm-osd processes in the lab and a pool that maps onto them.
#
#	io_start_osds N		mkfs + start N osdfarm-osd (ids in IO_IDS), wait
#				until the monitor shows all of them up
#	io_pool NAME [PG]	create a replicated pool of size 1 (PG placement
#				groups, default 8), enable the rados application,
#				wait until every OSD has applied the epoch
#	io_osd_log ID		the log of osd.ID
#	io_check_alive		fail unless every started OSD still runs
#
# Set IO_DEBUG (e.g. "--debug-osd 10 --debug-ms 1") for more daemon logging.
#
# OSDFARM_IO_FARM=1: io_start_osds runs the osdfarm supervisor with --osds N
# instead (its per-slot --mkfs registers each OSD, with a cephx key in a
# cephx lab); IO_PID then holds the children the supervisor started, the
# OSDs' lines are in the supervisor's log, and io_check_alive also fails
# when the supervisor had to respawn a child. With a client mode set in
# the lab (OSDFARM_CLIENT_MODE), io_check_alive also checks from the OSDs'
# logs (debug_ms 1) that clients did reach them, and only in that mode.

IO_OSD_BIN=$top_builddir/osdfarm-osd
IO_IDS=()
declare -A IO_PID

IO_FARM_PID=""

io_osd_log() {
	if [ -n "$IO_FARM_PID" ]; then
		# "<time> osd.ID <subsys> <level> : ..." from the children
		grep "^[^ ]* osd\.$1 " "$LAB_DIR/log/osdfarm.log" 2>/dev/null
	else
		cat "$LAB_DIR/log/osdfarm.$1.log" 2>/dev/null
	fi
}

# The monitor shows N OSDs up.
_io_all_up() {
	local up
	up=$(lab_ceph osd dump 2>/dev/null | grep -c '^osd\.[0-9]* up') || return 1
	[ "$up" = "$1" ]
}

# io_start_osds N with the supervisor (OSDFARM_IO_FARM=1).
_io_start_farm() {
	local n=$1 p id
	local farm=$top_builddir/osdfarm
	[ -x "$farm" ] || fail "$farm not built"
	cat >"$LAB_DIR/osdfarm.conf" <<EOF
ceph_conf = "$CEPH_CONF";
run_dir = "$LAB_DIR/farm-run";
data_dir = "$LAB_DIR/farm";
log = { levels = { debug_ms = 1; }; };
EOF
	lab_spawn osdfarm "$farm" -f -c "$LAB_DIR/osdfarm.conf" --osd-bin "$IO_OSD_BIN" --osds "$n"
	IO_FARM_PID=$LAB_SPAWNED_PID
	wait_for "_io_all_up $n" 90 || {
		tail -30 "$LAB_DIR/log/osdfarm.log"
		lab_ceph osd dump
		fail "the supervisor did not bring $n osdfarm OSDs up"
	}
	for p in $(pgrep -P "$IO_FARM_PID"); do
		id=$(tr '\0' '\n' <"/proc/$p/cmdline" | awk 'x { print; exit } $0 == "-i" { x = 1 }')
		[ -n "$id" ] || continue
		IO_PID[$id]=$p
		IO_IDS+=("$id")
	done
	[ "${#IO_IDS[@]}" = "$n" ] || fail "expected $n supervised OSDs, found: ${IO_IDS[*]}"
	if [ "${LAB_AUTH:-none}" = cephx ]; then
		for id in "${IO_IDS[@]}"; do
			io_osd_log "$id" | grep -q "cephx: authenticating as osd\.$id" ||
				fail "osd.$id did not authenticate with cephx"
		done
	fi
}

io_start_osds() {
	local n=$1 i dir id
	[ -x "$IO_OSD_BIN" ] || fail "$IO_OSD_BIN not built"
	if [ "${OSDFARM_IO_FARM:-0}" = 1 ]; then
		_io_start_farm "$n"
		return
	fi
	for i in $(seq 1 "$n"); do
		dir=$LAB_DIR/osdfarm-$i
		"$IO_OSD_BIN" -c "$CEPH_CONF" --osd-data "$dir" --mkfs \
			>>"$LAB_DIR/log/osdfarm-mkfs.log" 2>&1 || fail "mkfs of $dir failed"
		id=$(cat "$dir/whoami")
		# shellcheck disable=SC2086
		lab_spawn "osdfarm.$id" "$IO_OSD_BIN" -c "$CEPH_CONF" -i "$id" --osd-data "$dir" \
			-f --debug-osd 1 ${IO_DEBUG:-}
		IO_PID[$id]=$LAB_SPAWNED_PID
		IO_IDS+=("$id")
	done
	wait_for "_io_all_up $n" 60 || { lab_ceph osd dump; fail "not all $n osdfarm OSDs are up"; }
}

io_pool() {
	local pool=$1 pgs=${2:-8} id
	lab_ceph osd pool create "$pool" "$pgs" "$pgs" replicated >/dev/null 2>&1 ||
		fail "pool create $pool failed"
	lab_ceph osd pool set "$pool" size 1 --yes-i-really-mean-it >/dev/null 2>&1 ||
		fail "pool $pool: size 1 refused"
	lab_ceph osd pool application enable "$pool" rados >/dev/null 2>&1 ||
		fail "pool $pool: application enable failed"
	# ops from a newer epoch would wait for the map anyway; waiting here
	# keeps the tests' timings about I/O ("osdmap eN pools: ..." is logged
	# at level 0 when the pools change)
	for id in "${IO_IDS[@]}"; do
		wait_for "io_osd_log $id | grep -q \"pools: .* '$pool' size \"" 20 ||
			fail "osd.$id did not see pool $pool"
	done
}

# Every client session our OSDs logged used the lab's auth and client mode,
# and there was at least one.
_io_check_client_mode() {
	local id want n=0 other
	want="authenticated with ${LAB_AUTH:-none}, $LAB_CLIENT_MODE mode"
	for id in "${IO_IDS[@]}"; do
		n=$((n + $(io_osd_log "$id" | grep -c " client\.[^ ]* $want" || true)))
		other=$(io_osd_log "$id" | grep " client\.[^ ]* authenticated with " |
			grep -v " $want" | head -n 1 || true)
		[ -z "$other" ] || fail "osd.$id: a client session not '$want': $other"
	done
	[ "$n" -gt 0 ] || fail "no client session '$want' in the OSDs' logs"
	ok "$n client sessions on our OSDs, all $want"
}

io_check_alive() {
	local id
	if [ -n "$IO_FARM_PID" ] && [ -n "${LAB_CLIENT_MODE:-}" ]; then
		_io_check_client_mode
	fi
	if [ -n "$IO_FARM_PID" ]; then
		kill -0 "$IO_FARM_PID" 2>/dev/null || fail "the osdfarm supervisor is gone"
		if grep -q "respawn" "$LAB_DIR/log/osdfarm.log"; then
			grep "respawn" "$LAB_DIR/log/osdfarm.log" | tail -5 >&2
			fail "the supervisor had to respawn an OSD"
		fi
	fi
	for id in "${IO_IDS[@]}"; do
		kill -0 "${IO_PID[$id]}" 2>/dev/null || {
			io_osd_log "$id" | tail -20 >&2
			fail "osd.$id (pid ${IO_PID[$id]}) is gone"
		}
	done
}
