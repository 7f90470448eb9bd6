#!/usr/bin/env bash
# cephx against a real ceph-mon (tools/lab up --cephx): t/msg/msgr_peer
# authenticates as client.admin with the lab keyring in crc mode and in
# secure mode (AES-128-GCM frames), must get its mon/osd/mgr/auth tickets,
# pass the mon's AUTH_SIGNATURE check and decode the MMonMap; then it opens
# a session to a classic ceph-osd with its cephx authorizer (challenge
# round, reply, signatures) in the same mode. A client with a wrong key
# must be refused during the handshake.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
set -euo pipefail

peer=$top_builddir/t/msg/msgr_peer
lab_require
[ -x "$peer" ] || fail "$peer not built (make check builds it)"
lab_start --cephx --ticket-ttl 60 --classic 1
osd_addr=$(lab_ceph osd dump | sed -n 's/^osd\.0 up .*\[\(v2:[0-9.:]*\/[0-9]*\),v1.*/\1/p' | head -n 1)
[ -n "$osd_addr" ] || fail "no address for osd.0"
[ "$LAB_AUTH" = cephx ] || fail "lab is not a cephx lab"

for mode in crc secure; do
	out=$("$peer" client --mon "v2:127.0.0.1:$LAB_MON_PORT" --timeout 15 -d 1 \
		--keyring "$LAB_DIR/keyring" --name client.admin --mode $mode \
		--osd "$osd_addr" 2>&1) ||
		{ echo "$out"; fail "msgr_peer cephx $mode failed"; }
	echo "$out"
	grep -q "^connected .* mode=$mode\$" <<<"$out" || fail "$mode: not connected in $mode mode"
	grep -q '^cephx tickets=mon,osd,mgr,auth$' <<<"$out" || fail "$mode: missing tickets"
	got=$(sed -n 's/^monmap epoch=[0-9]* fsid=\([0-9a-f-]*\) .*/\1/p' <<<"$out")
	[ "$got" = "$LAB_FSID" ] || fail "$mode: monmap fsid '$got' != lab fsid $LAB_FSID"
	grep -q '^keepalive_ack ' <<<"$out" || fail "$mode: no KEEPALIVE2_ACK"
	ok "cephx $mode: authenticated, tickets, signatures accepted, MMonMap decoded"
	grep -q "^osd connected mode=$mode\$" <<<"$out" || fail "$mode: no session to osd.0"
	grep -q '^osd keepalive_ack$' <<<"$out" || fail "$mode: no KEEPALIVE2_ACK from osd.0"
	ok "cephx $mode: authorizer accepted by ceph-osd, KEEPALIVE2 round trip"
done

# A key the mon does not know for client.admin: refused at the handshake.
ceph-authtool --create-keyring "$LAB_DIR/bad.keyring" --gen-key -n client.admin >/dev/null
if out=$("$peer" client --mon "v2:127.0.0.1:$LAB_MON_PORT" --timeout 10 -d 1 \
	--keyring "$LAB_DIR/bad.keyring" --mode secure 2>&1); then
	echo "$out"
	fail "a wrong key was accepted"
fi
echo "$out"
grep -q 'refused auth method 2' <<<"$out" || fail "wrong key: no refusal seen"
grep -q '^connected' <<<"$out" && fail "wrong key: the session became ready"
ok "wrong key refused during the handshake"
