#!/bin/sh
# t/integration/supervisor_test.sh — the osdfarm supervisor against a real
# ceph-mon (tools/lab): `osdfarm --osds $(nproc)` starts nproc osdfarm-osd
# processes that all come up in the monitor, each pinned to its own core;
# systemd's notify socket (a Python datagram listener here) hears STATUS and
# READY=1; a second supervisor for the same cluster is refused (pidfile); a
# child killed with SIGKILL is respawned in its slot and comes up again; SIGTERM
# marks every OSD down in the monitor and the supervisor exits 0.
# `osdfarm status` shows every slot (osd id, pid, cpu, state, uptime,
# restarts, ops/s from the admin socket) and follows the respawn.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"

OSDFARM=$top_builddir/osdfarm
OSD=$top_builddir/osdfarm-osd
PY=/usr/bin/python3
lab_require
[ -x "$OSDFARM" ] || fail "$OSDFARM not built"
[ -x "$OSD" ] || fail "$OSD not built"
[ -x "$PY" ] || fail "$PY missing"
lab_start

N=$(nproc)
NOTIFY=$LAB_DIR/notify.sock
NLOG=$LAB_DIR/notify.log
cat >"$LAB_DIR/osdfarm.conf" <<EOF
ceph_conf = "$CEPH_CONF";
run_dir = "$LAB_DIR/farm-run";
data_dir = "$LAB_DIR/farm";
respawn = { backoff_min_ms = 200; backoff_max_ms = 2000; stop_timeout_s = 10; };
EOF

# What systemd would receive: one line per datagram field.
lab_spawn notify "$PY" -u -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a") as f:
    while True:
        f.write(s.recv(4096).decode() + "\n")
        f.flush()
' "$NOTIFY" "$NLOG"
wait_for "[ -S '$NOTIFY' ]" 10 || fail "notify listener did not start"

NOTIFY_SOCKET=$NOTIFY lab_spawn osdfarm "$OSDFARM" -f -c "$LAB_DIR/osdfarm.conf" \
	--osd-bin "$OSD" --osds "$N"
SUP=$LAB_SPAWNED_PID
SUPLOG=$LAB_DIR/log/osdfarm.log

# "ID UP NONCE" for every osd in the map.
osd_table() {
	lab_ceph osd dump -f json | "$PY" -c '
import json, sys
for o in json.load(sys.stdin)["osds"]:
    v = o["public_addrs"]["addrvec"]
    print(o["osd"], o["up"], v[0]["nonce"] if v else 0)
'
}
# The -i argument of a running osdfarm-osd.
osd_id_of() {
	tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null | awk 'p { print; exit } $0 == "-i" { p = 1 }'
}
count_up() {
	osd_table | awk '$2 == 1' | wc -l
}

wait_for "grep -qx 'READY=1' '$NLOG'" 120 || fail "no READY=1 (log: $(tail -5 "$SUPLOG"))"
ok "READY=1 sent"
[ "$(count_up)" -eq "$N" ] || fail "READY=1 but $(count_up)/$N osds up in the monitor"
ok "$N osds up in the monitor"
grep -qx "STATUS=$N/$N osds up" "$NLOG" || fail "no 'STATUS=$N/$N osds up' in: $(cat "$NLOG")"
ok "STATUS=$N/$N osds up"

# One child per slot, each pinned to its own CPU.
kids=$(pgrep -P "$SUP" | sort -n)
[ "$(echo "$kids" | wc -w)" -eq "$N" ] || fail "expected $N children, got: $kids"
cpus=""
for p in $kids; do
	c=$(awk '/^Cpus_allowed_list:/ { print $2 }' "/proc/$p/status")
	case "$c" in
	*[,-]*|"") fail "child $p is not pinned to one cpu: '$c'" ;;
	esac
	cpus="$cpus $c"
done
[ "$(echo $cpus | tr ' ' '\n' | sort -u | wc -l)" -eq "$N" ] ||
	fail "children share cpus: $cpus"
ok "children pinned 1:1 to cpus:$cpus"

# osdfarm status: one line per slot, pid a child of ours, pinned, up, ops/s
# read from the OSD's admin socket (a number, not "-")
status() {
	timeout -k 5 20 "$OSDFARM" status -c "$LAB_DIR/osdfarm.conf"
}
st=$(status) || fail "osdfarm status failed: $st"
echo "$st"
[ "$(echo "$st" | head -1 | awk '{ print $1, $2, $3, $4, $5, $6, $7, $8 }')" = \
	"SLOT OSD PID CPU STATE UPTIME RESTARTS OPS/S" ] || fail "status header: $st"
[ "$(echo "$st" | tail -n +2 | wc -l)" -eq "$N" ] || fail "status has not $N slots: $st"
echo "$st" | tail -n +2 | while read -r slot osd pid cpu state up restarts ops; do
	echo "$kids" | grep -qx "$pid" || fail "status pid $pid is not a child: $st"
	[ "osd.$(osd_id_of "$pid")" = "$osd" ] || fail "status osd $osd for pid $pid"
	c=$(awk '/^Cpus_allowed_list:/ { print $2 }' "/proc/$pid/status")
	[ "$cpu" = "$c" ] || fail "status cpu $cpu for pid $pid pinned to $c"
	[ "$state" = up ] && [ "$restarts" = 0 ] || fail "status state/restarts: $st"
	case "$up" in [0-9]*[smhd]) ;; *) fail "status uptime '$up'" ;; esac
	case "$ops" in [0-9]*.[0-9]) ;; *) fail "status ops/s '$ops' (admin socket?)" ;; esac
done || exit 1
ok "osdfarm status: $N slots, pids, cpus, up, 0 restarts, ops/s from the admin sockets"

# The pidfile keeps a second supervisor off this cluster.
if "$OSDFARM" -f -c "$LAB_DIR/osdfarm.conf" --osd-bin "$OSD" >"$LAB_DIR/second.log" 2>&1; then
	fail "a second osdfarm started"
fi
grep -q "already runs" "$LAB_DIR/second.log" || fail "second osdfarm: $(cat "$LAB_DIR/second.log")"
ok "second supervisor refused: $(head -1 "$LAB_DIR/second.log")"

# kill -9 one OSD: respawned in its slot and up again at a new address
# (the nonce is the pid).
victim=$(echo "$kids" | head -1)
vid=$(osd_id_of "$victim")
[ -n "$vid" ] || fail "no -i in the cmdline of $victim"
kill -KILL "$victim"
wait_for "grep -q 'osd.$vid (slot [0-9]*) (pid $victim) killed by signal 9 (SIGKILL)' '$SUPLOG'" 10 ||
	fail "the supervisor did not log the SIGKILL: $(tail -5 "$SUPLOG")"
newpid=""
findnew() {
	local p
	for p in $(pgrep -P "$SUP"); do
		if [ "$p" != "$victim" ] && [ "$(osd_id_of "$p")" = "$vid" ]; then
			newpid=$p
			return 0
		fi
	done
	return 1
}
wait_for findnew 15 || fail "osd.$vid was not respawned"
findnew
ok "osd.$vid respawned as pid $newpid"
wait_for "osd_table | awk -v id=$vid -v n=$newpid '\$1 == id && \$2 == 1 && \$3 == n' | grep -q ." 60 ||
	fail "respawned osd.$vid not up at nonce $newpid: $(osd_table)"
ok "osd.$vid up again in the monitor (nonce $newpid)"
[ "$(count_up)" -eq "$N" ] || fail "$(count_up)/$N up after the respawn"
st=$(status) || fail "osdfarm status failed after the respawn: $st"
echo "$st" | awk -v id="osd.$vid" -v p="$newpid" '$2 == id && $3 == p && $5 == "up" && $7 == 1' |
	grep -q . || fail "status does not show $vid as pid $newpid, up, 1 restart: $st"
ok "osdfarm status follows the respawn (osd.$vid pid $newpid, 1 restart)"

# SIGTERM: every OSD marked down, exit 0.
kill -TERM "$SUP"
rc=0
wait "$SUP" || rc=$?
[ "$rc" -eq 0 ] || fail "osdfarm exited $rc after SIGTERM: $(tail -5 "$SUPLOG")"
ok "osdfarm exited 0 on SIGTERM"
[ -z "$(pgrep -P "$SUP" 2>/dev/null)" ] || fail "children left behind"
[ "$(count_up)" -eq 0 ] || fail "$(count_up) osds still up after the stop: $(osd_table)"
ok "every osd down in the monitor"
grep -qx 'STOPPING=1' "$NLOG" || fail "no STOPPING=1"
ok "STOPPING=1 sent"
[ ! -e "$LAB_DIR/farm-run/osdfarm.ceph.pid" ] || fail "pidfile left behind"
ok "pidfile removed"
[ ! -e "$LAB_DIR/farm-run/osdfarm.ceph.status" ] || fail "status file left behind"
if out=$(status 2>&1); then
	fail "osdfarm status succeeded with no supervisor: $out"
fi
ok "status file removed; osdfarm status without a supervisor: $out"
