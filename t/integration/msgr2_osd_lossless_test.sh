#!/usr/bin/env bash
# msgr2 lossless session against a real classic ceph-osd: t/msg/msgr_peer
# opens a session to osd.0's cluster address as an OSD peer, cuts the TCP
# connection, and must resume the session with SESSION_RECONNECT (answered
# SESSION_RECONNECT_OK, not a reset), then complete a KEEPALIVE2 round trip.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
set -euo pipefail

peer=$top_builddir/t/msg/msgr_peer
lab_require
[ -x "$peer" ] || fail "$peer not built (make check builds it)"
lab_start --classic 1

line=$(lab_ceph osd dump 2>/dev/null | grep '^osd\.0 ') || fail "no osd.0 in osd dump"
# osd.0 ... [public addrs] [cluster addrs] ...: the v2 entry of the second vector.
cluster=$(sed -n 's/^[^[]*\[[^]]*\] \[\(v2:[^,]*\),.*/\1/p' <<<"$line")
[ -n "$cluster" ] || fail "cannot find osd.0's cluster address in: $line"
echo "osd.0 cluster address: $cluster"

out=$("$peer" osdpeer --addr "$cluster" --timeout 20 -d 20 2>&1) ||
	{ echo "$out" | tail -40; fail "msgr_peer osdpeer failed"; }
grep -E '^(connected|cutting|reconnected|keepalive_ack)' <<<"$out"
grep -q '^connected to osd\.0 ' <<<"$out" || fail "no session with osd.0"
grep -q 'got SESSION_RECONNECT_OK' <<<"$out" || fail "the session was not resumed"
grep -q '^reconnected' <<<"$out" || fail "not ready after the reconnect"
grep -q '^keepalive_ack' <<<"$out" || fail "no KEEPALIVE2_ACK after the reconnect"
! grep -q 'peer reset the session' <<<"$out" || fail "the OSD reset the session"
ok "lossless session to a real ceph-osd resumed with SESSION_RECONNECT_OK"
