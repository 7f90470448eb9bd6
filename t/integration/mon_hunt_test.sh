#!/bin/sh
# t/integration/mon_hunt_test.sh — osdfarm OSDs ride out the loss of the
# monitor they talk to, and a monmap change (mon/monc.c hunting).
#
# A lab of 3 monitors (tools/lab --mons 3), the supervisor with 2 osdfarm
# OSDs, a pool of size 1. Then, twice (SIGTERM, then SIGKILL of another mon):
# stop the monitor an OSD's session is on; every OSD that was on it must
# open a session with another monitor within HUNT_BOUND seconds; rados I/O
# goes on; and the OSDs stay up across more than twice the (shortened)
# beacon timeout, which only holds if their beacons reach the new quorum's
# leader. Last, `ceph mon remove` of the stopped monitor: every OSD logs the
# new monmap epoch, and in the hunts that follow (each remaining mon is
# restarted in turn) never dials the removed address again.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
. "$top_srcdir/t/integration/io_lib.sh"
set -euo pipefail
lab_require
command -v rados >/dev/null || fail "rados CLI missing (ceph-common)"

# Beacons every second; the leader marks an OSD down after REPORT_TIMEOUT s
# without one (OSDMonitor::handle_osd_timeouts, every mon tick, here 1 s).
# A new quorum's leader forgets every beacon (on_restart) and starts
# counting only REPORT_TIMEOUT after its election: an OSD whose beacons
# stopped is marked down at the latest 2 * REPORT_TIMEOUT + a tick after
# the quorum formed, so each round watches that long.
# The monitors' own stall when one of them dies (no paxos commit, so no
# beacon is recorded, until the survivors' election: lease-ack or accept
# timeout, 2 * mon_lease, plus mon_election_timeout) must stay below
# REPORT_TIMEOUT minus a beacon interval, or the leader would call our
# OSDs silent during it: mon_lease 2 s and mon_election_timeout 2 s make it
# 6 to 8 s as measured (Ceph's defaults, 5 s and 5 s, make it about 15 s).
BEACON=1
REPORT_TIMEOUT=14
WATCH=$((2 * REPORT_TIMEOUT + 3))
# Re-hunt bound. The lost session is seen at once (the mon's TCP socket is
# closed by its exit, TERM or KILL alike): monc waits the first backoff,
# 250 ms +-25 % (<= 0.32 s), and dials the next monitor, which is up. A
# monitor that does not finish the session within mon_client_hunt_interval
# (3 s) costs one more backoff (<= 0.63 s) and the next dial: 0.32 + 3 +
# 0.63 s + two handshakes is under 4.5 s; 6 s leaves room for a loaded box.
HUNT_BOUND=${MON_HUNT_BOUND:-6}

export OSDFARM_IO_FARM=1
lab_start --mons 3 --conf 'debug_monc = 1' \
	--conf "osd_beacon_report_interval = $BEACON" \
	--conf "mon_osd_report_timeout = $REPORT_TIMEOUT" \
	--conf 'mon_tick_interval = 1' --conf 'mon_lease = 2' \
	--conf 'mon_election_timeout = 2'
read -r -a MONS <<<"$LAB_MONS"
read -r -a PORTS <<<"$LAB_MON_PORTS"
[ ${#MONS[@]} = 3 ] || fail "LAB_MONS is '$LAB_MONS', wanted 3 mons"
status=$(bash "$LAB_TOOL" status "$LAB_DIR") || fail "tools/lab status: not all up"
grep -q '^quorum: a b c$' <<<"$status" || fail "tools/lab status shows no quorum a b c"
ok "3 monitors in quorum on ports $LAB_MON_PORTS"

io_start_osds 2
io_pool p 8
W=$LAB_DIR/work
mkdir -p "$W"
head -c 65536 /dev/urandom >"$W/obj"
R() { timeout -k 5 45 rados -p p "$@"; }
# rados_rw TAG: write an object and read it back through our OSDs.
rados_rw() {
	R put "hunt-$1" "$W/obj" || fail "rados put hunt-$1 failed ($2)"
	R get "hunt-$1" "$W/got" || fail "rados get hunt-$1 failed ($2)"
	cmp -s "$W/obj" "$W/got" || fail "hunt-$1 read back differs ($2)"
}
rados_rw 0 "at start"
ok "rados I/O through osdfarm OSDs ${IO_IDS[*]}"

# ---- helpers ----

# Name of the mon with v2 port $1.
mon_by_port() {
	local k
	for k in "${!PORTS[@]}"; do
		[ "${PORTS[k]}" = "$1" ] && { echo "${MONS[k]}"; return 0; }
	done
	return 1
}
port_of() {
	local k
	for k in "${!MONS[@]}"; do
		[ "${MONS[k]}" = "$1" ] && { echo "${PORTS[k]}"; return 0; }
	done
	return 1
}
# "session established with mon v2:127.0.0.1:PORT/0 (global_id N)"
sessions() { io_osd_log "$1" | grep "monc: session established with mon " || true; }
nsessions() { sessions "$1" | wc -l; }
# The mon osd.ID's latest session is on.
mon_of() {
	local port
	port=$(sessions "$1" | tail -n 1 | sed -n 's/.* with mon v2:127\.0\.0\.1:\([0-9]*\)\/.*/\1/p')
	[ -n "$port" ] || return 1
	mon_by_port "$port"
}
# Seconds since the epoch of a log line's timestamp (2026-11-25T02:40:19.123+0000 ...).
line_time() { date -d "${1%% *}" +%s.%N; }
now() { date +%s.%N; }
# The quorum as the monitors see it ("a b").
quorum() {
	lab_ceph quorum_status -f json 2>/dev/null |
		sed -n 's/.*"quorum_names":\[\([^]]*\)\].*/\1/p' | tr -d '"' | tr ',' ' '
}
# "ID UP_FROM" for each of our OSDs that is up.
up_from() {
	# "osd.0 up   in  weight 1 up_from 4 up_thru 0 down_at 0 ..."
	lab_ceph osd dump 2>/dev/null | awk '$1 ~ /^osd\./ && $2 == "up" {
		for (i = 3; i < NF; i++) if ($i == "up_from") {
			sub(/^osd\./, "", $1); print $1, $(i + 1) } }' | sort
}
UP0=$(up_from)
[ "$(wc -l <<<"$UP0")" = 2 ] || fail "not 2 OSDs up: $UP0"
echo "up_from at start: $(tr '\n' ' ' <<<"$UP0")"
# No OSD was marked down (nor rebooted) since the start.
check_still_up() {
	local now_up
	now_up=$(up_from)
	[ "$now_up" = "$UP0" ] || fail "OSDs went down or rebooted ($1): was '$UP0', now '$now_up'"
	if grep -E "osd\.[0-9]+ (marked down|marked itself down|failed)" \
		"$LAB_DIR"/log/ceph.cluster.log 2>/dev/null | grep -v "^$" >&2; then
		fail "the cluster log shows an OSD marked down ($1)"
	fi
	io_check_alive
}

# The mon most of our OSDs have their session on, other than mon.$1.
busiest_mon() {
	local id m
	for id in "${IO_IDS[@]}"; do
		m=$(mon_of "$id") || fail "no mon session logged for osd.$id"
		[ "$m" = "${1:-}" ] || echo "$m"
	done | sort | uniq -c | sort -k1,1nr -k2 | awk 'NR == 1 { print $2 }'
}

# hunt_round HOW [AVOID]: stop (HOW = "" TERM, --kill) the mon most OSDs
# are on (not mon.AVOID); every OSD on it must re-hunt within HUNT_BOUND.
STOPPED=""
hunt_round() {
	local how=$1 victim id t0 t1 dt line m before=() affected=()
	victim=$(busiest_mon "${2:-}")
	[ -n "$victim" ] || fail "every OSD's session is on mon.$2 (just restarted): none to stop"
	for id in "${IO_IDS[@]}"; do
		before[id]=$(nsessions "$id")
		[ "$(mon_of "$id")" = "$victim" ] && affected+=("$id")
	done
	echo "stopping mon.$victim ${how:-(SIGTERM)}: osd(s) ${affected[*]} on it"
	t0=$(now)
	bash "$LAB_TOOL" stop-mon "$LAB_DIR" "$victim" ${how:+"$how"} || fail "stop-mon $victim failed"
	for id in "${affected[@]}"; do
		wait_for "[ \$(nsessions $id) -gt ${before[id]} ]" $((HUNT_BOUND + 10)) ||
			fail "osd.$id: no new mon session $((HUNT_BOUND + 10)) s after mon.$victim stopped"
		line=$(sessions "$id" | sed -n "$((before[id] + 1))p")
		m=$(mon_of "$id")
		[ "$m" != "$victim" ] || fail "osd.$id: new session on the stopped mon.$victim?"
		t1=$(line_time "$line")
		dt=$(echo "$t1 - $t0" | bc)
		echo "osd.$id: session with mon.$m ${dt} s after mon.$victim was stopped"
		[ "$(echo "$dt <= $HUNT_BOUND" | bc)" = 1 ] ||
			fail "osd.$id took $dt s to re-hunt (bound $HUNT_BOUND s)"
	done
	ok "every OSD on mon.$victim hunted to another mon within $HUNT_BOUND s"
	rados_rw "$victim-during" "mon.$victim stopped"
	ok "rados I/O with mon.$victim stopped"
	# The two others form a quorum without it; from then on the leader
	# hears our beacons only through the new sessions.
	wait_for "q=\$(quorum); [ -n \"\$q\" ] && [ \"\${q/$victim/}\" = \"\$q\" ]" 40 ||
		fail "no quorum without mon.$victim after 40 s (quorum: $(quorum))"
	echo "quorum $(quorum) seen $(echo "$(now) - $t0" | bc) s after mon.$victim was stopped"
	# for the record: when the monitors say it formed (the cluster log may lag)
	line=$(grep -h " is new leader, mons " "$LAB_DIR"/log/ceph.cluster.log | sort | tail -n 1)
	dt=$(echo "$(line_time "$line") - $t0" | bc)
	[ "$(echo "$dt > 0" | bc)" = 0 ] || echo "(the cluster log says it was elected $dt s after)"
	sleep "$WATCH"
	check_still_up "mon.$victim stopped"
	rados_rw "$victim-after" "after mon.$victim stopped"
	ok "OSDs stayed up $WATCH s past the new quorum, rados I/O works"
	STOPPED=$victim
}

hunt_round ""
first=$STOPPED
bash "$LAB_TOOL" start-mon "$LAB_DIR" "$first" || fail "start-mon $first failed"
ok "mon.$first back in the quorum"
hunt_round --kill "$first"

# ---- a monmap change: remove the stopped mon ----
# (The survivors re-bootstrap on the new map and drop their client sessions:
# our OSDs hunt once more right away, some before the new map reaches them.)
gone=$STOPPED
gone_addr="v2:127.0.0.1:$(port_of "$gone")/"
lab_ceph mon remove "$gone" >/dev/null 2>&1 || fail "ceph mon remove $gone failed"
epoch=$(lab_ceph mon dump 2>/dev/null | sed -n 's/^epoch \([0-9]*\)$/\1/p')
[ -n "$epoch" ] || fail "no epoch in ceph mon dump"
for id in "${IO_IDS[@]}"; do
	wait_for "io_osd_log $id | grep -q 'monc: monmap e$epoch, 2 mons: '" 20 ||
		fail "osd.$id did not log monmap e$epoch"
	io_osd_log "$id" | grep 'monc: monmap e' | tail -n 1 | grep -q " e$epoch, " ||
		fail "osd.$id: its last monmap is not e$epoch"
done
ok "every OSD logged monmap e$epoch with 2 mons (mon.$gone removed)"

# Make every OSD hunt with the new map: restart each remaining mon in turn.
for m in "${MONS[@]}"; do
	[ "$m" = "$gone" ] && continue
	bash "$LAB_TOOL" stop-mon "$LAB_DIR" "$m" || fail "stop-mon $m failed"
	sleep 1
	bash "$LAB_TOOL" start-mon "$LAB_DIR" "$m" || fail "start-mon $m failed"
done
for id in "${IO_IDS[@]}"; do
	# what osd.$id logged from the moment it had the new map on
	after=$(io_osd_log "$id" | sed -n "/monc: monmap e$epoch, /,\$p")
	n=$(grep -c "monc: connecting to mon " <<<"$after" || true)
	[ "$n" -gt 0 ] || fail "osd.$id did not hunt after the monmap change"
	if grep "monc: connecting to mon $gone_addr" <<<"$after" >&2; then
		fail "osd.$id dialed the removed mon.$gone after monmap e$epoch"
	fi
	echo "osd.$id: $n dial(s) after monmap e$epoch, none to mon.$gone"
done
ok "no OSD dialed the removed mon.$gone again"
wait_for "[ -n \"\$(quorum)\" ]" 30 || fail "no quorum at the end"
rados_rw end "after the monmap change"
check_still_up "after the monmap change"
ok "OSDs still up and serving after the monmap change"
