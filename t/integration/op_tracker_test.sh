#!/usr/bin/env bash
# t/integration/op_tracker_test.sh — the op tracker of osdfarm-osd through
# the real `ceph daemon osd.N ...` in a tools/lab cluster, with real `rados`
# clients:
#   - after puts, gets, stats and xattr ops, dump_historic_ops lists them in
#     the classic shape (description osd_op(...), initiated_at, age,
#     duration, type_data {flag_point, client_info, events}) with sane
#     durations; by_duration is sorted; a filterstr keeps matching ops;
#   - an op really held: while the OSD is stopped the monitor restarts (the
#     OSD's session is gone) and a pool is created, a rados put to it is
#     started, then the monitor is stopped and the OSD resumed: the put
#     (a newer epoch) waits for a map that cannot come. dump_ops_in_flight
#     shows it ("op must wait for map"),
#     dump_blocked_ops lists it once past osd_op_complaint_time (set live to
#     1 s) and the log has its "slow request"; the monitor resumes, the put
#     completes and the op moves to the history with its wait in its events.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
. "$top_srcdir/t/integration/io_lib.sh"
set -euo pipefail

PY=/usr/bin/python3
lab_start
io_start_osds 1
id=${IO_IDS[0]}
osd_pid=${IO_PID[$id]}
sock=$LAB_DIR/run/ceph-osd.$id.asok
wait_for "[ -S '$sock' ]" 20 || fail "no admin socket at $sock"

daemon() {
	timeout -k 5 20 ceph daemon "osd.$id" "$@"
}
# check NAME PYTHON < json: run the Python checks on the parsed JSON (d)
check() {
	local name=$1
	"$PY" -c "import json, sys
d = json.load(sys.stdin)
$2" || fail "$name"
}
# Every op of a dump in 16.2.15's shape (TrackedOp::dump + OpRequest::_dump).
SHAPE='
def op_shape(o, done):
    assert list(o) == ["description", "initiated_at", "age", "duration", "type_data"], list(o)
    assert o["description"].startswith("osd_op(client.") and o["description"].endswith(")"), o
    assert isinstance(o["age"], float) and isinstance(o["duration"], float), o
    assert 0 <= o["duration"] <= o["age"] + 1e-6, o
    td = o["type_data"]
    assert list(td) == ["flag_point", "client_info", "events"], list(td)
    ci = td["client_info"]
    assert list(ci) == ["client", "client_addr", "tid"], ci
    assert ci["client"].startswith("client.") and isinstance(ci["tid"], int), ci
    ev = td["events"]
    assert ev and ev[0]["event"] == "initiated", ev
    assert ev[0]["time"] == o["initiated_at"], (ev[0], o)
    for e in ev:
        assert list(e) == ["event", "time", "duration"], e
        assert e["duration"] >= 0, e
    if done:
        assert ev[-1]["event"] == "done", ev
        assert abs(ev[-1]["duration"] - o["duration"]) < 1e-6, (ev[-1], o)
'

io_pool p 8
head -c 5000 /dev/urandom >"$LAB_DIR/obj"
R="timeout -k 5 30 rados -p p"
$R put obj1 "$LAB_DIR/obj" || fail "rados put"
$R get obj1 "$LAB_DIR/obj.out" || fail "rados get"
cmp -s "$LAB_DIR/obj" "$LAB_DIR/obj.out" || fail "rados get returned other bytes"
$R stat obj1 >/dev/null || fail "rados stat"
$R setxattr obj1 myattr val123 || fail "rados setxattr"
$R -N ns1 put nsobj "$LAB_DIR/obj" || fail "rados put in a namespace"

hist=$(daemon dump_historic_ops) || fail "dump_historic_ops"
check "dump_historic_ops: shape and contents: $hist" "$SHAPE
assert list(d) == ['size', 'duration', 'ops'], list(d)
assert d['size'] == 20 and d['duration'] == 600, d
ops = d['ops']
for o in ops:
    op_shape(o, True)
    assert o['duration'] < 10, o
descs = [o['description'] for o in ops]
def one(sub):
    m = [o for o in ops if sub in o['description']]
    assert len(m) == 1, (sub, descs)
    return m[0]
w = one(':::obj1:head [writefull 0~5000] snapc 0=[] ondisk+write+known_if_redirected e')
r = one(':::obj1:head [read 0~5000]')      # as answered, like classic
s = one(':::obj1:head [stat]')
x = one(':::obj1:head [setxattr myattr (6) in=')
n = one(':ns1::nsobj:head [writefull 0~5000]')
for o in (w, x, n):
    assert o['type_data']['flag_point'] == 'commit sent; apply or cleanup', o
    assert [e['event'] for e in o['type_data']['events']] == \
        ['initiated', 'started', 'commit_sent', 'done'], o
for o in (r, s):
    assert o['type_data']['flag_point'] == 'started', o
    assert [e['event'] for e in o['type_data']['events']] == ['initiated', 'started', 'done'], o
# arrival order, and the client address as classic prints it (ip:port/nonce)
t = [o['initiated_at'] for o in ops]
assert t == sorted(t), t
assert w['type_data']['client_info']['client_addr'].startswith('127.0.0.1:'), w
" <<<"$hist"
ok "dump_historic_ops: $(grep -c '"description"' <<<"$hist") ops in the classic shape," \
	"events and flag points"

check "by duration" "$SHAPE
d2 = d
assert list(d2) == ['size', 'duration', 'ops'], list(d2)
durs = [o['duration'] for o in d2['ops']]
assert durs == sorted(durs, reverse=True) and len(durs) >= 5, durs
" < <(daemon dump_historic_ops_by_duration)
check "filterstr" "
descs = [o['description'] for o in d['ops']]
assert len(descs) == 2 and all('writefull' in x for x in descs), descs
" < <(daemon dump_historic_ops writefull)
check "slow ops history (none)" "
assert d == {'num to keep': 20, 'threshold to keep': 10, 'Ops': []}, d
" < <(daemon dump_historic_slow_ops)
check "nothing in flight" "
assert d == {'ops': [], 'num_ops': 0}, d
" < <(daemon dump_ops_in_flight)
check "nothing blocked" "
assert d == {'ops': [], 'complaint_time': 30, 'num_blocked_ops': 0}, d
" < <(daemon dump_blocked_ops)
ok "dump_historic_ops_by_duration sorted, filterstr, empty slow / in-flight / blocked dumps"

# ---- an op held in flight: waiting for a map the monitor cannot send ----
port=$(lab_ceph osd dump | awk -v o="osd.$id" '$1 == o' | grep -o 'v2:127.0.0.1:[0-9]*' |
	head -n 1 | cut -d: -f3)
[ -n "$port" ] || fail "no public port for osd.$id"
estab() {
	ss -Htn state established "( dport = :$port )" 2>/dev/null | wc -l
}
resume() {
	kill -CONT $mon_pid "$osd_pid" 2>/dev/null || true
}
held_fail() {
	resume
	fail "$@"
}
daemon config set osd_op_complaint_time 1 | grep -q success || fail "config set complaint time"
before=$(estab)
e0=$(lab_ceph osd dump -f json | "$PY" -c "import json,sys; print(json.load(sys.stdin)['epoch'])")
mon_pid=""
kill -STOP "$osd_pid"
# a new monitor process: the paused OSD has no session with it, so it is
# not sent the epochs that follow
bash "$top_srcdir/tools/lab" restart-mon "$LAB_DIR" >/dev/null || held_fail "restart-mon"
mon_pid=$(awk '$2 == "mon.a" { print $1 }' "$LAB_DIR/pids")
[ -n "$mon_pid" ] || held_fail "no mon.a pid in $LAB_DIR/pids"
lab_ceph osd pool create q 8 8 replicated >/dev/null 2>&1 || held_fail "pool create q"
lab_ceph osd pool set q size 1 --yes-i-really-mean-it >/dev/null 2>&1 || held_fail "pool q size"
lab_ceph osd pool application enable q rados >/dev/null 2>&1 || held_fail "pool q application"
lab_spawn held-put timeout -k 5 120 rados -p q put heldobj "$LAB_DIR/obj"
put_pid=$LAB_SPAWNED_PID
if command -v ss >/dev/null 2>&1; then
	wait_for "[ \$(estab) -gt $before ]" 30 || held_fail "rados never connected to osd.$id"
else
	sleep 3         # no ss(8): give rados the time to get its map and connect
fi
kill -STOP "$mon_pid"
kill -CONT "$osd_pid"
num_in_flight() {
	daemon dump_ops_in_flight | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["num_ops"])'
}
wait_for '[ "$(num_in_flight)" = 1 ]' 20 ||
	held_fail "the held put is not in flight: $(daemon dump_ops_in_flight)"
sleep 2
check "in flight: $(daemon dump_ops_in_flight)" "$SHAPE
assert list(d) == ['ops', 'num_ops'] and d['num_ops'] == 1, d
o = d['ops'][0]
op_shape(o, False)
assert ':::heldobj:head [writefull 0~5000]' in o['description'], o
assert o['type_data']['flag_point'] == 'op must wait for map', o
assert [e['event'] for e in o['type_data']['events']] == ['initiated', 'op must wait for map'], o
assert o['age'] >= 1.5 and o['duration'] >= 1.5, o
" < <(daemon dump_ops_in_flight) || held_fail "in flight"
kill -0 "$put_pid" 2>/dev/null || held_fail "the held put finished while the monitor was stopped"
check "blocked: $(daemon dump_blocked_ops)" "
assert list(d) == ['ops', 'complaint_time', 'num_blocked_ops'], list(d)
assert d['complaint_time'] == 1 and d['num_blocked_ops'] == 1, d
assert 'heldobj' in d['ops'][0]['description'], d
" < <(daemon dump_blocked_ops) || held_fail "blocked"
daemon ops heldobj | grep -q '"num_ops": 1' || held_fail "ops heldobj (filter)"
daemon ops nosuchobj | grep -q '"num_ops": 0' || held_fail "ops nosuchobj (filter)"
wait_for "io_osd_log $id | grep -q 'slow request .*heldobj.* currently op must wait for map'" 10 ||
	held_fail "no slow request logged: $(io_osd_log "$id" | tail -5)"
ok "a put waiting for a map: in flight, blocked past osd_op_complaint_time, slow request logged"

kill -CONT "$mon_pid"
wait_for "! kill -0 $put_pid" 60 || fail "the held put did not finish after the monitor resumed"
wait "$put_pid" || fail "the held put failed"
check "after: in flight $(daemon dump_ops_in_flight)" "
assert d['num_ops'] == 0, d
" < <(daemon dump_ops_in_flight)
check "after: history" "$SHAPE
m = [o for o in d['ops'] if ':::heldobj:head' in o['description']]
assert len(m) == 1, d
o = m[0]
op_shape(o, True)
ev = [e['event'] for e in o['type_data']['events']]
assert ev[:2] == ['initiated', 'op must wait for map'] and 'reached_pg' in ev, ev
assert ev[-3:] == ['started', 'commit_sent', 'done'], ev
assert o['duration'] >= 2, o
assert o['type_data']['flag_point'] == 'commit sent; apply or cleanup', o
# it waited for the map: that event lasted most of the op
wait = o['type_data']['events'][1]['duration']
assert wait >= 1.5 and wait <= o['duration'], o
" < <(daemon dump_historic_ops)
[ "$(daemon dump_historic_ops_by_duration | "$PY" -c \
	"import json,sys; print(json.load(sys.stdin)['ops'][0]['description'])")" != "" ] ||
	fail "by duration after the held op"
daemon dump_historic_ops_by_duration | "$PY" -c "import json,sys
d = json.load(sys.stdin)
assert 'heldobj' in d['ops'][0]['description'], d" || fail "the held op is not the longest"
ok "the put completed after the monitor resumed and moved to the history with its wait"

io_check_alive
e1=$(lab_ceph osd dump -f json | "$PY" -c "import json,sys; print(json.load(sys.stdin)['epoch'])")
[ "$e1" -gt "$e0" ] || fail "epoch did not move ($e0 -> $e1)"
ok "osd.$id alive"
