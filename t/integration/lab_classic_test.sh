#!/usr/bin/env bash
# Integration test of tools/lab with two classic (memstore) OSDs and a mgr:
# both OSDs are up in the tree and a rados put/get round trip through them
# returns the bytes we wrote.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
set -euo pipefail

lab_start --classic 2 --mgr

tree=$(lab_ceph osd tree) || fail "ceph osd tree failed"
echo "$tree"
nup=$(grep -Ec '^ *[0-9]+ .* osd\.[0-9]+ +up ' <<<"$tree" || true)
[ "$nup" = 2 ] || fail "expected 2 OSDs up in the tree, saw $nup"
ok "two classic OSDs up"

lab_ceph mgr stat | grep -q '"available": *true' || fail "no active mgr"
ok "mgr active"

lab_ceph osd pool create labtest 8 8 >/dev/null || fail "pool create failed"
lab_ceph osd pool set labtest size 1 --yes-i-really-mean-it >/dev/null ||
	fail "pool set size 1 failed"
# "N pgs: N active+clean;" — every PG (the mgr adds a pool too) is clean.
wait_for "lab_ceph pg stat | grep -Eq '^([0-9]+) pgs: \\1 active\\+clean;'" 60 ||
	fail "pool labtest PGs not active+clean: $(lab_ceph pg stat)"
ok "pool labtest active+clean"

work=$LAB_DIR/work
mkdir -p "$work"
head -c 200000 /dev/urandom >"$work/in"
for i in 1 2 3 4; do
	timeout 60 rados -p labtest put "obj$i" "$work/in" || fail "rados put obj$i failed"
done
for i in 1 2 3 4; do
	rm -f "$work/out"
	timeout 60 rados -p labtest get "obj$i" "$work/out" || fail "rados get obj$i failed"
	cmp "$work/in" "$work/out" || fail "obj$i came back different"
done
n=$(timeout 60 rados -p labtest ls | grep -c '^obj[1-4]$' || true)
[ "$n" = 4 ] || fail "rados ls shows $n of 4 objects"
ok "rados put/get round trip of 4 x 200000 bytes"

# The objects were spread over both OSDs (each stores at least one PG).
pool=$(lab_ceph osd pool ls detail | sed -n "s/^pool \([0-9]*\) 'labtest'.*/\1/p")
[ -n "$pool" ] || fail "no pool id for labtest"
for id in 0 1; do
	lab_ceph pg ls-by-osd "$id" 2>/dev/null | grep -q "^$pool\." ||
		fail "osd.$id holds no PG of pool labtest"
done
ok "both OSDs hold PGs of the pool"
