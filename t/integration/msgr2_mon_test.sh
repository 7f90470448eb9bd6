#!/usr/bin/env bash
# msgr2 client side against a real ceph-mon: t/msg/msgr_peer connects with
# auth none (rev1, then rev0), sends MMonGetMap and a KEEPALIVE2, and must
# decode the MMonMap's fsid = the lab's fsid and get the KEEPALIVE2_ACK.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
set -euo pipefail

peer=$top_builddir/t/msg/msgr_peer
lab_require
[ -x "$peer" ] || fail "$peer not built (make check builds it)"
lab_start

for rev in rev1 rev0; do
	args=(client --mon "v2:127.0.0.1:$LAB_MON_PORT" --timeout 15 -d 1)
	[ $rev = rev0 ] && args+=(--rev0)
	out=$("$peer" "${args[@]}" 2>&1) || { echo "$out"; fail "msgr_peer client ($rev) failed"; }
	echo "$out"
	grep -q "ready (lossy, $rev," <<<"$out" || fail "$rev: no $rev handshake"
	got=$(sed -n 's/^monmap epoch=[0-9]* fsid=\([0-9a-f-]*\) .*/\1/p' <<<"$out")
	[ "$got" = "$LAB_FSID" ] || fail "$rev: monmap fsid '$got' != lab fsid $LAB_FSID"
	ok "$rev: MMonMap decoded, fsid $got"
	grep -q '^keepalive_ack ' <<<"$out" || fail "$rev: no KEEPALIVE2_ACK"
	ok "$rev: KEEPALIVE2 round trip"
done

# The v1 port speaks msgr v1: the banner check must refuse it cleanly.
if out=$("$peer" client --mon "v2:127.0.0.1:$((LAB_MON_PORT + 1))" --timeout 5 2>&1); then
	echo "$out"
	fail "connecting to the v1 port succeeded"
fi
grep -q 'bad banner' <<<"$out" || { echo "$out"; fail "v1 port: no 'bad banner' reason"; }
ok "msgr v1 banner refused with a logged reason"
