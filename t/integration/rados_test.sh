#!/usr/bin/env bash
# t/integration/rados_test.sh — the `rados` CLI through three osdfarm-osd
# processes (pool of size 1, 8 PGs spread over them): put/get/stat/rm/ls
# with content checks for 0-byte, 4 MiB and 64 MiB objects and for small
# objects on every OSD; xattrs (setxattr/getxattr/listxattr/rmxattr); omap
# (setomapval/getomapval/listomapvals/listomapkeys/rmomapkey, header);
# namespaces in `rados ls`; errors: a missing object (ENOENT), an object
# class call (`rados lock`: EPERM, no class here) — an error, no crash.
. "${top_srcdir:-$(dirname "$0")/../..}/t/integration/lib.sh"
. "$top_srcdir/t/integration/io_lib.sh"
set -euo pipefail

lab_require
command -v rados >/dev/null || fail "rados CLI missing (ceph-common)"
lab_start
io_start_osds 3
ok "3 osdfarm OSDs up: ${IO_IDS[*]}"
io_pool p 8

R() { timeout -k 5 60 rados -p p "$@"; }
W=$LAB_DIR/work
mkdir -p "$W"

# 1. sizes
: >"$W/zero"
head -c $((4 << 20)) /dev/urandom >"$W/4m"
head -c $((64 << 20)) /dev/urandom >"$W/64m"
for f in zero 4m 64m; do
	R put "obj-$f" "$W/$f" || fail "put obj-$f"
done
for f in zero 4m 64m; do
	R get "obj-$f" "$W/$f.out" || fail "get obj-$f"
	cmp -s "$W/$f" "$W/$f.out" || fail "obj-$f: content differs"
	size=$(R stat "obj-$f" | sed -n 's/.*, size \([0-9]*\)$/\1/p')
	[ "$size" = "$(stat -c %s "$W/$f")" ] || fail "obj-$f: stat size '$size'"
done
ok "put/get/stat: 0 B, 4 MiB, 64 MiB objects read back identical"

# overwrite with a shorter object: put is write_full, the size shrinks
echo short >"$W/short"
R put obj-4m "$W/short" || fail "put over obj-4m"
R get obj-4m "$W/short.out" && cmp -s "$W/short" "$W/short.out" || fail "overwrite not read back"
ok "put over an existing object replaces it"

# 2. small objects on every OSD
for i in $(seq 1 16); do
	echo "content of small-$i" >"$W/s$i"
	R put "small-$i" "$W/s$i" || fail "put small-$i"
done
for i in $(seq 1 16); do
	[ "$(R get "small-$i" -)" = "content of small-$i" ] || fail "small-$i read back wrong"
done
lab_ceph osd getmap -o "$W/osdmap" >/dev/null 2>&1 || fail "osd getmap"
poolid=$(lab_ceph osd pool ls detail | sed -n "s/^pool \([0-9]*\) 'p' .*/\1/p")
prim=$(for i in $(seq 1 16); do
	osdmaptool "$W/osdmap" --test-map-object "small-$i" --pool "$poolid" 2>/dev/null |
		sed -n 's/.* -> \[\([0-9]*\).*\]$/\1/p'
done | sort -u | tr '\n' ' ')
[ "$(wc -w <<<"$prim")" = 3 ] || fail "objects only on OSDs $prim (expected all 3)"
ok "16 small objects on OSDs $prim read back"

R ls | sort >"$W/ls"
{ printf 'obj-%s\n' zero 4m 64m; for i in $(seq 1 16); do echo "small-$i"; done; } | sort >"$W/ls.want"
cmp -s "$W/ls" "$W/ls.want" || { diff "$W/ls.want" "$W/ls" >&2 || true; fail "rados ls differs"; }
ok "rados ls lists exactly the 19 objects"

# namespaces: ls shows one namespace, --all shows all
R -N ns1 put nsobj "$W/s1" || fail "put in ns1"
[ "$(R -N ns1 ls)" = nsobj ] || fail "ls -N ns1: '$(R -N ns1 ls)'"
R ls | grep -qx nsobj && fail "nsobj listed in the default namespace"
R ls --all | grep -qP '^ns1\tnsobj$' || fail "ls --all lacks ns1/nsobj"
[ "$(R ls --all | wc -l)" = 20 ] || fail "ls --all: $(R ls --all | wc -l) entries"
[ "$(R -N ns1 get nsobj -)" = "content of small-1" ] || fail "get in ns1"
R get nsobj - >/dev/null 2>&1 && fail "nsobj readable outside ns1"
ok "namespaces: ls, ls --all, get scoped to the namespace"

# 3. xattrs
R setxattr small-1 user.a "value-a" || fail setxattr
printf 'bin\001\002' | R setxattr small-1 user.b || fail "setxattr from stdin"
[ "$(R getxattr small-1 user.a)" = value-a ] || fail getxattr
R getxattr small-1 user.b | cmp -s - <(printf 'bin\001\002') || fail "getxattr user.b"
[ "$(R listxattr small-1 | sort | tr '\n' ' ')" = "user.a user.b " ] ||
	fail "listxattr: $(R listxattr small-1)"
R rmxattr small-1 user.a || fail rmxattr
[ "$(R listxattr small-1)" = user.b ] || fail "after rmxattr: $(R listxattr small-1)"
R getxattr small-1 user.a >/dev/null 2>&1 && fail "getxattr of a removed xattr succeeded"
R getxattr nosuch user.a >/dev/null 2>&1 && fail "getxattr on a missing object succeeded"
ok "xattrs: set/get/list/rm, binary values, errors"

# 4. omap
R setomapval omapobj k1 v1 || fail setomapval
R setomapval omapobj k2 "value two" || fail setomapval
echo -n stdin-val | R setomapval omapobj k3 || fail "setomapval from stdin"
[ "$(R getomapval omapobj k2 | tail -n +2)" != "" ] || fail "getomapval k2 empty"
R getomapval omapobj k2 "$W/k2" && [ "$(cat "$W/k2")" = "value two" ] || fail "getomapval k2 to file"
R getomapval omapobj k3 "$W/k3" && [ "$(cat "$W/k3")" = stdin-val ] || fail "getomapval k3"
[ "$(R listomapkeys omapobj | tr '\n' ' ')" = "k1 k2 k3 " ] || fail "listomapkeys"
R listomapvals omapobj >"$W/vals"
grep -q '^k1$' "$W/vals" && grep -q '^k2$' "$W/vals" && grep -q 'value two' "$W/vals" ||
	{ cat "$W/vals" >&2; fail "listomapvals"; }
R rmomapkey omapobj k2 || fail rmomapkey
[ "$(R listomapkeys omapobj | tr '\n' ' ')" = "k1 k3 " ] || fail "keys after rmomapkey"
R setomapheader omapobj hdr-bytes || fail setomapheader
[ "$(R getomapheader omapobj "$W/hdr" >/dev/null && cat "$W/hdr")" = hdr-bytes ] || fail getomapheader
R clearomap omapobj || fail clearomap
[ -z "$(R listomapkeys omapobj)" ] || fail "keys after clearomap"
R getomapval omapobj k1 >/dev/null 2>&1 && fail "getomapval after clearomap succeeded"
ok "omap: set/get/list keys and vals/rm key/header/clear"

# 5. rm and errors
R rm obj-64m || fail "rm obj-64m"
R stat obj-64m 2>"$W/err" && fail "stat after rm succeeded"
grep -q "No such file or directory" "$W/err" || { cat "$W/err" >&2; fail "stat error is not ENOENT"; }
R get obj-64m "$W/x" 2>/dev/null && fail "get after rm succeeded"
R rm obj-64m 2>/dev/null && fail "rm twice succeeded"
R ls | grep -qx obj-64m && fail "removed object still listed"
# an object class call: classic answers EPERM when the class is not loadable
R lock get small-2 mylock 2>"$W/err" && fail "rados lock succeeded without object classes"
grep -Eq "Operation not permitted|\(1\)" "$W/err" || { cat "$W/err" >&2; fail "lock: not EPERM"; }
R stat small-2 >/dev/null || fail "OSD does not answer after the class call"
ok "rm; ENOENT after rm; a class call (rados lock) fails with EPERM and the OSD keeps serving"

io_check_alive
ok "all OSDs still running"
