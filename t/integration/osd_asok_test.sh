#!/usr/bin/env bash
# t/integration/osd_asok_test.sh — `ceph daemon osd.N ...` against a booted
# osdfarm-osd in a tools/lab cluster: the socket at the admin_socket path of
# ceph.conf, `status` in the classic OSD's shape (fsids, whoami, state, map
# epochs, num_pgs following a new pool), perf dump, config set/get applied,
# version, help, and the socket removed on SIGTERM.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
. "$top_srcdir/t/integration/io_lib.sh"
set -euo pipefail

PY=/usr/bin/python3
lab_start
io_start_osds 1
id=${IO_IDS[0]}
dir=$LAB_DIR/osdfarm-1
sock=$LAB_DIR/run/ceph-osd.$id.asok

daemon() {
	timeout -k 5 20 ceph daemon "osd.$id" "$@"
}
# py EXPR < json: evaluate EXPR on the parsed JSON (d)
py() {
	"$PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

wait_for "[ -S '$sock' ]" 20 || fail "no admin socket at $sock"
ok "admin socket at the admin_socket path ($sock)"

# status: the classic shape, and the state the monitor sees
st=$(daemon status) || fail "ceph daemon osd.$id status failed"
keys=$(py "','.join(d)" <<<"$st")
[ "$keys" = "cluster_fsid,osd_fsid,whoami,state,oldest_map,newest_map,num_pgs" ] ||
	fail "status keys: $keys"
[ "$(py "d['whoami']" <<<"$st")" = "$id" ] || fail "status whoami: $st"
[ "$(py "d['state']" <<<"$st")" = active ] || fail "status state: $st"
[ "$(py "d['cluster_fsid']" <<<"$st")" = "$LAB_FSID" ] || fail "status cluster_fsid: $st"
[ "$(py "d['osd_fsid']" <<<"$st")" = "$(cat "$dir/fsid")" ] || fail "status osd_fsid: $st"
epoch=$(lab_ceph osd dump -f json | py "d['epoch']")
[ "$(py "d['newest_map']" <<<"$st")" -le "$epoch" ] &&
	[ "$(py "d['newest_map']" <<<"$st")" -gt 0 ] || fail "status newest_map vs epoch $epoch: $st"
ok "status: $(tr -d '\n ' <<<"$st")"

# a pool of 8 PGs on this single OSD: status counts them and follows the map
io_pool p 8
epoch=$(lab_ceph osd dump -f json | py "d['epoch']")
wait_for "[ \"\$(daemon status -f json | py \"d['num_pgs']\")\" = 8 ]" 30 ||
	fail "status num_pgs did not reach 8: $(daemon status -f json)"
wait_for "[ \"\$(daemon status -f json | py \"d['newest_map']\")\" -ge $epoch ]" 30 ||
	fail "status newest_map did not reach $epoch"
ok "status follows the map (epoch $epoch) and counts the pool's 8 PGs"

# perf dump: JSON (collections appear as the layers register them)
daemon perf dump | py "type(d).__name__" | grep -qx dict || fail "perf dump is not a JSON object"
daemon perf schema | py "type(d).__name__" | grep -qx dict || fail "perf schema is not a JSON object"
ok "perf dump / perf schema"

# the op counters (classic's "osd" logger names) rise under load
pd0=$(daemon perf dump osd) || fail "perf dump osd"
sch=$(daemon perf schema) || fail "perf schema"
for k in op_wip op op_in_bytes op_out_bytes op_latency op_process_latency op_r \
	op_r_out_bytes op_r_latency op_w op_w_in_bytes op_w_latency op_rw op_rw_in_bytes \
	op_rw_out_bytes op_rw_latency; do
	py "d['osd']['$k']" <<<"$pd0" >/dev/null || fail "perf dump has no osd.$k: $pd0"
done
# types as classic's schema: op a counter (10 = u64|counter), op_latency a time average (5)
[ "$(py "d['osd']['op']['type'], d['osd']['op_latency']['type'], d['osd']['op']['nick']" \
	<<<"$sch")" = "10 5 ops" ] || fail "perf schema osd: $sch"
head -c 10000 /dev/urandom >"$LAB_DIR/obj"
timeout -k 5 30 rados -p p put counters-obj "$LAB_DIR/obj" || fail "rados put"
timeout -k 5 30 rados -p p get counters-obj "$LAB_DIR/obj.out" || fail "rados get"
timeout -k 5 60 rados -p p bench 3 write -b 4096 -t 4 --no-cleanup >"$LAB_DIR/bench.out" ||
	fail "rados bench write: $(tail -5 "$LAB_DIR/bench.out")"
pd1=$(daemon perf dump osd) || fail "perf dump osd after load"
"$PY" - "$pd0" "$pd1" <<'PYEOF' || fail "op counters did not rise: $pd1"
import json, sys
a = json.loads(sys.argv[1])["osd"]
b = json.loads(sys.argv[2])["osd"]
assert b["op"] > a["op"] and b["op_w"] > a["op_w"] and b["op_r"] > a["op_r"], (a, b)
assert b["op_w"] - a["op_w"] >= 2, (a, b)
assert b["op"] >= b["op_r"] + b["op_w"] + b["op_rw"], b
assert b["op_w_in_bytes"] - a["op_w_in_bytes"] >= 10000, (a, b)
assert b["op_in_bytes"] >= b["op_w_in_bytes"], b
assert b["op_r_out_bytes"] - a["op_r_out_bytes"] >= 10000, (a, b)
for k in ("op_latency", "op_process_latency", "op_w_latency", "op_r_latency"):
    assert b[k]["avgcount"] > a[k]["avgcount"] and b[k]["sum"] > 0, (k, b[k])
assert b["op_latency"]["avgcount"] == b["op"], b
assert b["op_wip"] == 0, b
PYEOF
ok "perf dump osd: op, op_r, op_w, bytes and latencies rise under rados put/get/bench"

# config set / get, applied live
daemon config set debug_osd 10 | grep -q '"success"' || fail "config set debug_osd 10"
[ "$(daemon config get debug_osd | py "d['debug_osd']")" = 10/10 ] ||
	fail "config get debug_osd after set: $(daemon config get debug_osd)"
[ "$(daemon config get name | py "d['name']")" = "osd.$id" ] || fail "config get name"
[ "$(daemon config get admin_socket | py "d['admin_socket']")" = "$sock" ] ||
	fail "config get admin_socket"
out=$(daemon config set no_such_option 1)
case "$out" in
"ERROR: (2) No such file or directory"*) ;;
*) fail "config set of an unknown option: $out" ;;
esac
ok "config set debug_osd 10 / config get, unknown option refused"

daemon version | py "d['version']" | grep -q '^16\.2\.15' || fail "version"
daemon help | py "d['status']" >/dev/null || fail "help has no status"
daemon dump_ops_in_flight | py "d['num_ops']" | grep -qx '[0-9]*' || fail "dump_ops_in_flight"
if daemon no_such_command >/dev/null 2>&1; then
	fail "an unknown command succeeded"
fi
ok "version, help, dump_ops_in_flight, unknown command refused"

# SIGTERM: a clean stop removes the socket
kill -TERM "${IO_PID[$id]}"
wait_for "! kill -0 ${IO_PID[$id]}" 20 || fail "osd.$id did not stop"
[ ! -e "$sock" ] || fail "socket $sock left after SIGTERM"
ok "socket removed at shutdown"
