#!/usr/bin/env bash
# osdfarm-osd with cephx end to end (tools/lab up --cephx, no classic OSD):
#   - --mkfs runs `osd new` with a cephx secret (as client.admin, the lab's
#     keyring) and writes $osd_data/keyring; the OSD authenticates as osd.N,
#     fetches its rotating secrets (MAuth) and boots;
#   - the real rados CLI puts and gets through our OSD in crc and in secure
#     mode (our OSD verifies the authorizer with the rotating secret, answers
#     the challenge; the log shows the mode and the ticket's caps);
#   - t/msg/msgr_peer's authorizer is accepted by our OSD in both modes;
#   - a client with a wrong key is refused;
#   - caps: `allow r pool=p1` gets EPERM writing to p1 and reading p2 but
#     reads p1; `allow rw pool=p1 namespace=n1` writes in n1 only;
#   - short ticket lifetimes (service 20 s, auth 30 s): across > 1 ttl the
#     OSD renews its AUTH ticket and service tickets and refreshes its
#     rotating secrets; new clients (tickets under the new rotating secret)
#     still get through.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
set -euo pipefail

osd_bin=$top_builddir/osdfarm-osd
peer=$top_builddir/t/msg/msgr_peer
lab_require
[ -x "$osd_bin" ] || fail "$osd_bin not built"
TTL=20
lab_start --cephx --ticket-ttl $TTL --conf 'auth_mon_ticket_ttl = 30'
[ "$LAB_AUTH" = cephx ] || fail "lab is not a cephx lab"

dir=$LAB_DIR/osdfarm-1
"$osd_bin" -c "$CEPH_CONF" --osd-data "$dir" --mkfs >>"$LAB_DIR/log/osdfarm-mkfs.log" 2>&1 ||
	{ cat "$LAB_DIR/log/osdfarm-mkfs.log"; fail "mkfs failed"; }
id=$(cat "$dir/whoami")
[ -s "$dir/keyring" ] || fail "mkfs wrote no keyring"
grep -q "^\[osd\.$id\]" "$dir/keyring" || fail "keyring is not for osd.$id"
[ "$(stat -c %a "$dir/keyring")" = 600 ] || fail "keyring is not mode 0600"
mine=$(sed -n 's/^[[:space:]]*key = //p' "$dir/keyring")
theirs=$(lab_ceph auth get-key "osd.$id")
[ "$mine" = "$theirs" ] || fail "the mon has another key for osd.$id"
ok "mkfs: osd.$id registered with its cephx secret, keyring written"

lab_spawn "osdfarm.$id" "$osd_bin" -c "$CEPH_CONF" -i "$id" --osd-data "$dir" -f \
	--debug-osd 5 --debug-monc 5 --debug-ms 1 --debug-auth 20
pid=$LAB_SPAWNED_PID
log=$LAB_DIR/log/osdfarm.$id.log
up() { lab_ceph osd dump 2>/dev/null | grep -q "^osd\.$id up"; }
wait_for up 60 || { cat "$log"; fail "osd.$id did not come up with cephx"; }
grep -q "cephx: authenticating as osd.$id" "$log" || fail "no cephx identity in the log"
grep -q "rotating secrets for the osd service" "$log" || fail "no rotating secrets fetched"
# the boot waits for them (authorizers of clients and peers need them)
rot_line=$(grep -n -m1 "rotating secrets for the osd service" "$log" | cut -d: -f1)
boot_line=$(grep -n -m1 "sending boot" "$log" | cut -d: -f1)
[ "$rot_line" -lt "$boot_line" ] || fail "osd.$id sent its boot before it had the rotating secrets"
ok "osd.$id authenticated with cephx, got its rotating secrets, up"

for p in p1 p2; do
	lab_ceph osd pool create $p 8 8 >/dev/null 2>&1 || fail "pool create $p"
	lab_ceph osd pool set $p size 1 --yes-i-really-mean-it >/dev/null 2>&1 || fail "size $p"
	lab_ceph osd pool application enable $p rados >/dev/null 2>&1 || true
	wait_for "grep -q \"pools: .* '$p' size \" '$log'" 20 || fail "osd.$id did not see $p"
done

rados_() { timeout -k 5 30 rados "$@"; }
head -c 4096 /dev/urandom >"$LAB_DIR/obj.in"
for mode in crc secure; do
	n0=$(grep -c "client.admin authenticated with cephx, $mode mode" "$log" || true)
	rados_ -p p1 --ms_client_mode $mode put "obj-$mode" "$LAB_DIR/obj.in" ||
		fail "$mode: rados put failed"
	rados_ -p p1 --ms_client_mode $mode get "obj-$mode" "$LAB_DIR/obj.$mode" ||
		fail "$mode: rados get failed"
	cmp -s "$LAB_DIR/obj.in" "$LAB_DIR/obj.$mode" || fail "$mode: data differs"
	n1=$(grep -c "client.admin authenticated with cephx, $mode mode" "$log" || true)
	[ "$n1" -gt "$n0" ] || fail "$mode: our OSD did not see a cephx $mode session"
	ok "rados put/get through osd.$id with cephx in $mode mode"
done
grep -q "client.admin authenticated .*osd caps: allow \*" "$log" || fail "caps not from ticket"

osd_addr=$(lab_ceph osd dump | sed -n "s/^osd\.$id up .* \(v2:[0-9.:]*\/[0-9]*\) v2:.*/\1/p" | head -n 1)
if [ -x "$peer" ] && [ -n "$osd_addr" ]; then
	for mode in crc secure; do
		out=$("$peer" client --mon "v2:127.0.0.1:$LAB_MON_PORT" --timeout 15 -d 1 \
			--keyring "$LAB_DIR/keyring" --name client.admin --mode $mode \
			--osd "$osd_addr" 2>&1) || { echo "$out"; fail "msgr_peer $mode to osd.$id"; }
		grep -q "^osd connected mode=$mode\$" <<<"$out" || { echo "$out"; fail "$mode: no session"; }
		grep -q '^osd keepalive_ack$' <<<"$out" || fail "$mode: no KEEPALIVE2_ACK from osd.$id"
	done
	ok "msgr_peer's cephx authorizer accepted by osd.$id (crc, secure)"
fi

# a key the cluster does not know
ceph-authtool --create-keyring "$LAB_DIR/bad.keyring" --gen-key -n client.admin >/dev/null
if rados_ --keyring "$LAB_DIR/bad.keyring" -p p1 get obj-crc "$LAB_DIR/bad.out" 2>"$LAB_DIR/bad.err"; then
	fail "a wrong key was accepted"
fi
ok "a client with a wrong key is refused"

# a ticket sealed with another cluster's rotating secret: refused by our
# OSD itself, at the msgr2 handshake (AUTH_REQUEST), not by the monitor
if [ -x "$peer" ] && [ -n "$osd_addr" ]; then
	lab_other other --cephx
	other_port=$(. "$LAB_OTHER_DIR/env" && echo "$LAB_MON_PORT")
	n0=$(grep -c "authentication refused" "$log" || true)
	if out=$("$peer" client --mon "v2:127.0.0.1:$other_port" --timeout 10 \
		--keyring "$LAB_OTHER_DIR/keyring" --name client.admin --mode crc \
		--osd "$osd_addr" 2>&1); then
		echo "$out"
		fail "osd.$id accepted a ticket from another cluster"
	fi
	grep -q "^cephx tickets=.*osd" <<<"$out" || { echo "$out"; fail "no osd ticket from the other lab"; }
	! grep -q "^osd connected" <<<"$out" || fail "a session with a foreign ticket came up"
	wait_for "[ \$(grep -c 'authentication refused' '$log') -gt $n0 ]" 10 ||
		fail "osd.$id did not log the refused authorizer"
	bash "$LAB_TOOL" down "$LAB_OTHER_DIR" >/dev/null
	ok "a ticket from another cluster's keys is refused by osd.$id at the handshake"
fi

# caps: allow r on p1 only
lab_ceph auth get-or-create client.ro mon 'allow r' osd 'allow r pool=p1' \
	-o "$LAB_DIR/ro.keyring" >/dev/null || fail "cannot create client.ro"
rados_ -p p2 put x "$LAB_DIR/obj.in" || fail "admin put on p2"
ro() { rados_ --name client.ro --keyring "$LAB_DIR/ro.keyring" "$@"; }
ro -p p1 get obj-crc "$LAB_DIR/ro.out" || fail "client.ro cannot read p1"
cmp -s "$LAB_DIR/obj.in" "$LAB_DIR/ro.out" || fail "client.ro read wrong data"
out=$(ro -p p1 put y "$LAB_DIR/obj.in" 2>&1) && fail "client.ro wrote to p1"
grep -q "Operation not permitted" <<<"$out" || { echo "$out"; fail "write to p1: not EPERM"; }
out=$(ro -p p2 get x "$LAB_DIR/ro.out2" 2>&1) && fail "client.ro read p2"
grep -q "Operation not permitted" <<<"$out" || { echo "$out"; fail "read of p2: not EPERM"; }
ok "allow r pool=p1: reads p1, EPERM writing p1 and reading p2"

lab_ceph auth get-or-create client.ns mon 'allow r' osd 'allow rw pool=p1 namespace=n1' \
	-o "$LAB_DIR/ns.keyring" >/dev/null || fail "cannot create client.ns"
ns() { rados_ --name client.ns --keyring "$LAB_DIR/ns.keyring" "$@"; }
ns -p p1 -N n1 put z "$LAB_DIR/obj.in" || fail "client.ns cannot write in n1"
out=$(ns -p p1 put z "$LAB_DIR/obj.in" 2>&1) && fail "client.ns wrote outside n1"
grep -q "Operation not permitted" <<<"$out" || { echo "$out"; fail "default ns: not EPERM"; }
ok "allow rw pool=p1 namespace=n1: writes in n1, EPERM elsewhere"

# renewal across more than one ticket lifetime
start=$SECONDS
rot0=$(grep -c "rotating secrets for the osd service" "$log" || true)
while [ $((SECONDS - start)) -lt $((TTL * 2 + 10)) ]; do
	sleep 5
	kill -0 "$pid" 2>/dev/null || fail "osd.$id died"
done
rot1=$(grep -c "rotating secrets for the osd service" "$log" || true)
[ "$rot1" -gt "$rot0" ] || fail "rotating secrets were not refreshed"
grep -q "cephx tickets renewed (request 0x0100)" "$log" || fail "AUTH ticket not renewed"
grep -q "cephx tickets renewed (request 0x0200)" "$log" || fail "service tickets not renewed"
bad='cephx request .* refused\|cannot use the cephx reply\|no rotating secret'
grep -q "$bad" "$log" && { grep "$bad" "$log"; fail "a cephx request failed"; }
up || fail "osd.$id is no longer up after renewals"
for mode in crc secure; do
	rados_ -p p1 --ms_client_mode $mode get "obj-$mode" "$LAB_DIR/late.$mode" ||
		fail "$mode: rados get after renewal failed"
	cmp -s "$LAB_DIR/obj.in" "$LAB_DIR/late.$mode" || fail "$mode: data differs after renewal"
done
ok "tickets and rotating secrets renewed across $((SECONDS - start)) s (ttl $TTL s); clients still served"

kill -TERM "$pid"
wait_for "! kill -0 $pid" 15 || fail "osd.$id did not stop"
ok "osd.$id stopped"

# secrets never reach the logs (debug_auth 20 included): neither our key
# nor the admin key, in base64 or as hex
admin=$(sed -n 's/^[[:space:]]*key = //p' "$LAB_DIR/keyring" | head -n 1)
for k in "$mine" "$admin"; do
	hex=$(base64 -d <<<"$k" | od -An -tx1 | tr -d ' \n')
	raw=${hex:24}           # the 16-byte AES key after the 12-byte header
	for f in "$LAB_DIR"/log/osdfarm*; do
		if grep -qiF -e "$k" -e "$raw" "$f"; then
			fail "a secret appears in $(basename "$f")"
		fi
	done
done
ok "no secret in our logs"
