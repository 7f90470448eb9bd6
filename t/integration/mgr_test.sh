#!/usr/bin/env bash
# t/integration/mgr_test.sh — what operators see through a real ceph-mgr
# with osdfarm OSDs: two osdfarm-osd processes open mgr sessions (MMgrOpen,
# MMgrReport, MPGStats); `ceph -s` reaches all PGs active+clean with the
# exact object count after `rados put` of K objects and a short `rados bench
# write`; `ceph df` shows the pool's stored bytes (the sum of the object
# sizes); `ceph osd df` and `ceph pg dump` show each OSD's memstore size,
# usage and PG count; after the mgr restarts (`ceph mgr fail`) the OSDs
# reconnect and the PG map is rebuilt from their reports.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
. "$top_srcdir/t/integration/io_lib.sh"
set -euo pipefail

lab_require
command -v rados >/dev/null || fail "rados CLI missing (ceph-common)"
lab_start --mgr
io_start_osds 2
ok "2 osdfarm OSDs up: ${IO_IDS[*]}"
io_pool p 8

PY=/usr/bin/python3
W=$LAB_DIR/work
mkdir -p "$W"
R() { timeout -k 5 60 rados -p p "$@"; }

# A field of `ceph -s -f json`'s pgmap, or of a JSON document on stdin.
pgmap() {
	lab_ceph -s -f json 2>/dev/null | $PY -c '
import json, sys
m = json.load(sys.stdin)["pgmap"]
k = sys.argv[1]
if k == "active_clean":
    print(sum(s["count"] for s in m.get("pgs_by_state", [])
              if s["state_name"] == "active+clean"))
else:
    print(m.get(k, 0))' "$1"
}

# every PG active+clean and the cluster-wide object count as expected
all_clean_with() {
	local want=$1 pgs clean objs
	pgs=$(pgmap num_pgs) clean=$(pgmap active_clean) objs=$(pgmap num_objects)
	[ "$pgs" -gt 0 ] && [ "$pgs" = "$clean" ] && [ "$objs" = "$want" ]
}

# 1. the mgr hears from both OSDs before any data exists
wait_for 'all_clean_with 0' 60 || {
	lab_ceph -s >&2
	fail "PGs not all active+clean with 0 objects: $(pgmap num_pgs) pgs, $(pgmap active_clean) clean"
}
ok "ceph -s: all $(pgmap num_pgs) PGs active+clean (reported by osdfarm OSDs)"
for id in "${IO_IDS[@]}"; do
	io_osd_log "$id" | grep -q "mgr session with mgr\..*: stats_period=" ||
		fail "osd.$id never got MMgrConfigure"
done

# 2. K objects of known sizes
K=24
total=0
for i in $(seq 1 $K); do
	head -c $((i * 1500)) /dev/urandom >"$W/o$i"
	R put "obj-$i" "$W/o$i" || fail "put obj-$i"
	total=$((total + i * 1500))
done
wait_for "all_clean_with $K" 30 || {
	lab_ceph -s >&2
	fail "ceph -s: want $K objects active+clean, have $(pgmap num_objects) objects"
}
ok "ceph -s: $K objects, all PGs active+clean"

stored() {
	lab_ceph df -f json 2>/dev/null | $PY -c '
import json, sys
for p in json.load(sys.stdin)["pools"]:
    if p["name"] == "p":
        s = p["stats"]
        print(s["stored"], s["objects"], s["bytes_used"])' 
}
wait_for '[ "$(stored | cut -d" " -f1)" = "$total" ]' 20 ||
	fail "ceph df: pool p stored '$(stored)', want $total bytes"
read -r st ob used <<<"$(stored)"
[ "$ob" = "$K" ] || fail "ceph df: pool p has $ob objects, want $K"
[ "$used" = "$total" ] || fail "ceph df: pool p used $used, want $total (size 1)"
ok "ceph df: pool p stores $st bytes in $ob objects"

# 3. ceph osd df: memstore size, usage, PGs per OSD
lab_ceph osd df -f json >"$W/osd_df.json" || fail "ceph osd df failed"
$PY - "$W/osd_df.json" "$total" "${#IO_IDS[@]}" <<'EOF' || fail "ceph osd df does not show our usage"
import json, sys
d = json.load(open(sys.argv[1]))
total, n = int(sys.argv[2]), int(sys.argv[3])
nodes = d["nodes"]
assert len(nodes) == n, nodes
used = 0
for o in nodes:
    # memstore_device_bytes (1 GiB in the lab) is the size
    assert o["kb"] == 1 << 20, o
    assert 0 <= o["kb"] - (o["kb_avail"] + o["kb_used"]) <= 1, o   # KiB rounding
    assert o["pgs"] > 0, o
    used += o["kb_used_data"]
# each OSD rounds down to whole KiB
assert total // 1024 - n <= used <= total // 1024 + n, (used, total)
assert d["summary"]["total_kb"] == n << 20, d["summary"]
EOF
ok "ceph osd df: 1 GiB per OSD, $((total / 1024)) KiB used in all"

# 4. ceph pg dump: per-PG objects and bytes sum up; the primary reports
lab_ceph pg dump -f json >"$W/pg_dump.json" 2>/dev/null || fail "ceph pg dump failed"
$PY - "$W/pg_dump.json" "$K" "$total" <<'EOF' || fail "ceph pg dump disagrees"
import json, sys
d = json.load(open(sys.argv[1]))["pg_map"]
k, total = int(sys.argv[2]), int(sys.argv[3])
pgs = [p for p in d["pg_stats"] if p["pgid"].startswith("2.")]
assert len(pgs) == 8, len(pgs)
assert sum(p["stat_sum"]["num_objects"] for p in pgs) == k
assert sum(p["stat_sum"]["num_bytes"] for p in pgs) == total
for p in pgs:
    assert p["state"] == "active+clean", p["state"]
    assert p["acting"] == [p["acting_primary"]], p
    if p["stat_sum"]["num_objects"]:
        assert p["log_size"] > 0 and p["version"] != "0'0", p
osds = {o["osd"]: o for o in d["osd_stats"]}
assert len(osds) >= 2, osds.keys()
for o in osds.values():
    assert o["statfs"]["total"] == 1 << 30, o
    assert o["up_from"] > 0 and o["seq"] >> 32 == o["up_from"], o
EOF
ok "ceph pg dump: per-PG counts add up to $K objects / $total bytes"

# 5. rados bench write: whatever it leaves is what ceph -s counts
timeout -k 5 60 rados -p p bench 3 write -b 65536 -t 4 --no-cleanup >"$W/bench.log" 2>&1 ||
	{ cat "$W/bench.log" >&2; fail "rados bench write failed"; }
n=$(R ls | wc -l)
[ "$n" -gt "$K" ] || fail "rados bench wrote nothing ($n objects listed)"
wait_for "all_clean_with $n" 30 ||
	fail "after rados bench: rados ls has $n objects, ceph -s $(pgmap num_objects)"
ok "after rados bench write: ceph -s counts the $n objects rados ls lists, all active+clean"

# 6. a new mgr: the OSDs reconnect and report again
lab_ceph mgr fail x >/dev/null 2>&1 || fail "ceph mgr fail x refused"
_mgr_back() { lab_ceph mgr stat 2>/dev/null | grep -q '"available": *true'; }
wait_for _mgr_back 90 || fail "the mgr did not come back"
wait_for "all_clean_with $n" 60 || {
	lab_ceph -s >&2
	fail "after the mgr restart: $(pgmap num_objects) objects, $(pgmap active_clean)/$(pgmap num_pgs) clean"
}
for id in "${IO_IDS[@]}"; do
	[ "$(io_osd_log "$id" | grep -c 'mgr session with mgr\..*: stats_period=')" -ge 2 ] ||
		fail "osd.$id did not open a second mgr session"
done
ok "after ceph mgr fail: OSDs reconnected, $n objects, all PGs active+clean"
io_check_alive
