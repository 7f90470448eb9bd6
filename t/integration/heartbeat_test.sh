#!/usr/bin/env bash
# Heartbeats in a mixed cluster: 2 classic ceph-osd (memstore) and 2
# osdfarm-osd in one lab, osd_heartbeat_grace 6 s, osd_heartbeat_interval 1 s.
# mon_osd_min_down_reporters = 1 so that a single failure report (a false one
# included) is enough to mark an OSD down: the steady state then proves that
# every OSD accepts every other's pings and replies.
#   1. all 4 stay up for more than 3x the grace, no failure reported;
#   2. SIGKILL of a classic OSD: marked down within grace + 4 s;
#   3. SIGKILL of an osdfarm OSD (no supervisor): the same bound;
#   4. SIGSTOP of the last classic OSD: the osdfarm OSD's timeout report
#      (not a refused connection) gets it marked down; SIGCONT: it boots again;
#   5. SIGSTOP of the osdfarm OSD: the classic one reports it; SIGCONT: it
#      finds itself marked down while alive and boots again by itself;
#   6. `ceph osd down N` on the osdfarm OSD: it comes back up by itself.
# With OSDFARM_LAB_AUTH=cephx (cephx_heartbeat_test.sh) the lab runs cephx:
# step 1 then also checks that our OSDs accepted each classic peer's
# heartbeat sessions with a cephx authorizer.
LAB_TEST_TIMEOUT=${LAB_TEST_TIMEOUT:-420}
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
set -euo pipefail

GRACE=6
osd_bin=$top_builddir/osdfarm-osd
lab_require
[ -x "$osd_bin" ] || fail "$osd_bin not built"
PY=python3

# A stopped daemon would hold up the clean-up: continue it before failing.
stopped=()
lib_fail() {
	echo "FAIL: $*" >&2
	exit 1
}
fail() {
	local p
	for p in "${stopped[@]}"; do
		kill -CONT "$p" 2>/dev/null || true
	done
	lib_fail "$@"
}

lab_start --classic 2 \
	--conf "osd_heartbeat_grace = $GRACE" \
	--conf 'osd_heartbeat_interval = 1' \
	--conf 'mon_osd_min_down_reporters = 1' \
	--conf 'mon_osd_adjust_heartbeat_grace = false'

jq_py() {
	local expr=$1
	shift
	lab_ceph "$@" -f json 2>/dev/null | "$PY" -c "import json,sys; d=json.load(sys.stdin); print($expr)"
}
is_up() {
	[ "$(jq_py "[o['up'] for o in d['osds'] if o['osd'] == $1][0]" osd dump)" = 1 ]
}
n_up() {
	jq_py "sum(1 for o in d['osds'] if o['up'] == 1)" osd dump
}
classic_pid() {
	awk -v n="osd.$1" '$2 == n { print $1 }' "$LAB_DIR/pids"
}
clog() {
	cat "$LAB_DIR/log/ceph.cluster.log" 2>/dev/null || true
}
# wait_down ID BOUND T0: poll until osd ID is down (at most BOUND + 30 s
# after T0); prints the seconds it took as the CLI saw it.
wait_down() {
	local id=$1 bound=$2 t0=$3
	while is_up "$id"; do
		[ "$(secs_since "$t0")" -le $((bound + 30)) ] || break
		sleep 0.3
	done
	secs_since "$t0"
}
secs_since() {
	"$PY" -c "import sys, time; print(int(time.time() - float(sys.argv[1]) + 0.5))" "$1"
}
# mon_failed ID T0: seconds from T0 to the monitor's "osd.ID failed (...)"
# cluster-log line (its decision to mark it down), or "none".
mon_failed() {
	clog | "$PY" -c '
import sys, datetime
osd, t0 = sys.argv[1], float(sys.argv[2])
for l in sys.stdin:
    if " osd.%s failed (" % osd not in l:
        continue
    t = datetime.datetime.strptime(l.split()[0][:26], "%Y-%m-%dT%H:%M:%S.%f")
    t = t.replace(tzinfo=datetime.timezone.utc).timestamp()
    if t >= t0:
        print(round(t - t0, 1))
        break
else:
    print("none")' "$1" "$2"
}
# check_down ID T0 BOUND WHAT: down, the monitor decided within BOUND s
check_down() {
	local id=$1 t0=$2 bound=$3 what=$4 took at
	took=$(wait_down "$id" "$bound" "$t0")
	is_up "$id" && fail "$what osd.$id still up ${took}s later"
	at=$(mon_failed "$id" "$t0")
	[ "$at" != none ] || fail "$what osd.$id: no 'failed' line in the cluster log"
	"$PY" -c "import sys; sys.exit(0 if $at <= $bound else 1)" ||
		fail "$what osd.$id: the monitor marked it down only after ${at}s (bound ${bound}s)"
	echo "down ${at}s after it (${took}s by CLI polling; bound ${bound}s)"
}

classic=(0 1)
for id in "${classic[@]}"; do
	[ -n "$(classic_pid "$id")" ] || fail "no pid recorded for classic osd.$id"
done

# osdfarm OSDs: mkfs, then start in the foreground under lab_spawn
declare -A pid_of
farm=()
for n in a b; do
	dir=$LAB_DIR/osdfarm-$n
	"$osd_bin" -c "$CEPH_CONF" --osd-data "$dir" --mkfs >>"$LAB_DIR/log/osdfarm-mkfs.log" 2>&1 ||
		fail "mkfs of $dir failed"
	id=$(cat "$dir/whoami")
	lab_spawn "osdfarm.$id" "$osd_bin" -c "$CEPH_CONF" --osd-data "$dir" -i "$id" -f \
		--debug-osd 10 --debug-ms 1
	pid_of[$id]=$LAB_SPAWNED_PID
	farm+=("$id")
done
flog() { cat "$LAB_DIR/log/osdfarm.$1.log" 2>/dev/null || true; }
wait_for '[ "$(n_up)" = 4 ]' 60 || { lab_ceph osd dump; fail "not all 4 OSDs up"; }
ok "up: classic osd.${classic[0]} osd.${classic[1]}, osdfarm osd.${farm[0]} osd.${farm[1]}"

# 1. steady state for more than 3x the grace
sleep $((3 * GRACE + 3))
[ "$(n_up)" = 4 ] || { lab_ceph osd dump; fail "an OSD went down in the steady state"; }
if clog | grep -E "reported (immediately )?failed|failed \(" >&2; then
	fail "failures were reported in the steady state"
fi
for id in "${farm[@]}"; do
	flog "$id" | grep -q "heartbeat: 3 peers" || fail "osd.$id never had 3 heartbeat peers"
	! flog "$id" | grep -q "reporting it failed" || fail "osd.$id reported a failure"
done
ok "all 4 up for $((3 * GRACE + 3))s (> 3 x grace) with no failure report"
if [ "$LAB_AUTH" = cephx ]; then
	for id in "${farm[@]}"; do
		for c in "${classic[@]}"; do
			flog "$id" | grep -q " osd\.$c authenticated with cephx, " ||
				fail "osd.$id has no cephx session from classic osd.$c"
		done
	done
	ok "cephx: our OSDs verified the classic peers' authorizers (heartbeat sessions)"
fi

# 2. SIGKILL of a classic OSD
victim=${classic[1]}
t0=$(date +%s.%N)
kill -KILL "$(classic_pid "$victim")"
r=$(check_down "$victim" "$t0" $((GRACE + 4)) "SIGKILLed classic") || fail "(see above)"
ok "SIGKILL classic osd.$victim: $r"

# 3. SIGKILL of an osdfarm OSD
victim=${farm[1]}
t0=$(date +%s.%N)
kill -KILL "${pid_of[$victim]}"
r=$(check_down "$victim" "$t0" $((GRACE + 4)) "SIGKILLed osdfarm") || fail "(see above)"
ok "SIGKILL osdfarm osd.$victim: $r"
for id in "${classic[0]}" "${farm[0]}"; do
	is_up "$id" || fail "osd.$id went down with the victims"
done

# 4. a hung classic OSD: only the osdfarm OSD can tell (no refused connection)
c=${classic[0]}
f=${farm[0]}
cpid=$(classic_pid "$c")
t0=$(date +%s.%N)
kill -STOP "$cpid"
stopped=("$cpid")
# grace, then our next check (1 s) and the ping that was due (interval)
r=$(check_down "$c" "$t0" $((GRACE + 5)) "hung classic") || fail "(see above)"
clog | grep -q "osd.$c reported failed by osd.$f" ||
	fail "the monitor did not get osd.$f's failure report about osd.$c"
ok "SIGSTOP classic osd.$c: reported by osdfarm osd.$f, $r"
kill -CONT "$cpid"
stopped=()
wait_for "is_up $c" 60 || fail "classic osd.$c did not come back after SIGCONT"
ok "classic osd.$c booted again after SIGCONT"
sleep 2
is_up "$f" || fail "osdfarm osd.$f went down when osd.$c came back"

# 5. a hung osdfarm OSD: the classic one reports it; it boots again itself
t0=$(date +%s.%N)
kill -STOP "${pid_of[$f]}"
stopped=("${pid_of[$f]}")
# classic sends its failures every osd_mon_report_interval (5 s)
r=$(check_down "$f" "$t0" $((GRACE + 5 + 5)) "hung osdfarm") || fail "(see above)"
clog | grep -q "osd.$f reported failed by osd.$c" ||
	fail "the monitor did not get osd.$c's failure report about osd.$f"
ok "SIGSTOP osdfarm osd.$f: reported by classic osd.$c, $r"
kill -CONT "${pid_of[$f]}"
stopped=()
wait_for "is_up $f" 60 || fail "osdfarm osd.$f did not boot again after SIGCONT"
flog "$f" | grep -q "marks us down while we run" || fail "osd.$f did not notice it was down"
ok "osdfarm osd.$f booted again by itself after being marked down while alive"

# 6. ceph osd down on the osdfarm OSD
sleep 2
is_up "$c" || fail "classic osd.$c is down before the last step"
t0=$(date +%s.%N)
lab_ceph osd down "$f" >/dev/null 2>&1 || fail "ceph osd down $f failed"
wait_for "is_up $f" 60 || fail "osdfarm osd.$f did not come back after 'ceph osd down'"
ok "ceph osd down $f: up again $(secs_since "$t0")s later"
sleep 2
is_up "$c" && is_up "$f" || fail "an OSD went down after the last step"
ok "heartbeats: mixed cluster done"
