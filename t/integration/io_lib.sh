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

IO_OSD_BIN=$top_builddir/osdfarm-osd
IO_IDS=()
declare -A IO_PID

io_osd_log() {
	cat "$LAB_DIR/log/osdfarm.$1.log" 2>/dev/null
}

io_start_osds() {
	local n=$1 i dir id up
	[ -x "$IO_OSD_BIN" ] || fail "$IO_OSD_BIN not built"
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
	_io_all_up() {
		up=$(lab_ceph osd dump 2>/dev/null | grep -c '^osd\.[0-9]* up') || return 1
		[ "$up" = "$n" ]
	}
	wait_for _io_all_up 60 || { lab_ceph osd dump; fail "not all $n osdfarm OSDs are up"; }
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

io_check_alive() {
	local id
	for id in "${IO_IDS[@]}"; do
		kill -0 "${IO_PID[$id]}" 2>/dev/null || {
			io_osd_log "$id" | tail -20 >&2
			fail "osd.$id (pid ${IO_PID[$id]}) is gone"
		}
	done
}
