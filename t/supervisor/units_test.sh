#!/bin/sh
# t/supervisor/units_test.sh — the generated systemd units pass
# `systemd-analyze verify` with no complaint at all (it only warns about
# unknown keys or bad values, so any output is a failure), their paths were
# substituted, and a broken copy is caught (the check can fail).
# Without systemd-analyze (package "systemd") the test skips, unless
# OSDFARM_REQUIRE_CEPH=1 (CI), where it fails.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

if ! command -v systemd-analyze >/dev/null 2>&1; then
	[ "${OSDFARM_REQUIRE_CEPH:-0}" = 1 ] &&
		fail "systemd-analyze missing (apt-get install systemd)"
	echo "SKIP: systemd-analyze missing (apt-get install systemd)"
	exit 77
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/osdfarm-units.XXXXXX") || fail "mktemp"
trap 'rm -rf "$T"' EXIT

for u in osdfarm@.service osdfarm-osd@.service; do
	f=$top_builddir/etc/$u
	[ -f "$f" ] || fail "$f was not generated"
	! grep -q '@[a-z]*@' "$f" || fail "$u: unsubstituted: $(grep '@[a-z]*@' "$f")"
	grep -Eq '^ExecStart=/[^ ]*/osdfarm(-osd)? ' "$f" || fail "$u: no absolute ExecStart"
	# verify wants the programs to exist: point ExecStart= at the build tree
	sed -E "s#^(Exec[A-Za-z]*=[-@+!:]*)/[^ ]*/(osdfarm[^ /]*)#\\1$top_builddir/\\2#" \
		"$f" >"$T/$u"
done
cp "$top_srcdir/etc/osdfarm.target" "$T/"
grep -q '^Type=notify$' "$T/osdfarm@.service" || fail "osdfarm@.service is not Type=notify"
grep -q '^KillMode=mixed$' "$T/osdfarm@.service" || fail "osdfarm@.service: KillMode"
ln -s osdfarm@.service "$T/osdfarm@ceph.service"
ln -s osdfarm-osd@.service "$T/osdfarm-osd@0.service"

out=$(systemd-analyze verify --man=no "$T/osdfarm@ceph.service" "$T/osdfarm-osd@0.service" \
	"$T/osdfarm.target" 2>&1) || fail "systemd-analyze verify failed: $out"
[ -z "$out" ] || fail "systemd-analyze verify complained: $out"
ok "systemd-analyze verify: osdfarm@ceph.service osdfarm-osd@0.service osdfarm.target"

# the same check on a broken copy must complain
sed 's/^KillMode=mixed$/KillMode=sometimes/' "$T/osdfarm@.service" >"$T/broken@.service"
ln -s broken@.service "$T/broken@ceph.service"
out=$(systemd-analyze verify --man=no "$T/broken@ceph.service" 2>&1)
[ -n "$out" ] || fail "a broken unit passed verify"
ok "a broken unit is caught"
