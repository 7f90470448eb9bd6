#!/bin/sh
# t/supervisor/man_test.sh — every man page renders with groff's man macros
# and all warnings on (-ww) without a single warning, has the sections a
# page needs, and man -l can show it.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

command -v groff >/dev/null 2>&1 || { echo "SKIP: groff missing"; exit 77; }
export LC_ALL=C.UTF-8 MANWIDTH=80

for page in osdfarm.8 osdfarm-osd.8 osdfarm.conf.5; do
	f=$top_srcdir/man/$page
	[ -f "$f" ] || fail "$f missing"
	warn=$(groff -man -Tutf8 -ww -z "$f" 2>&1)
	[ -z "$warn" ] || fail "$page: groff warnings: $warn"
	# plain text: no SGR escapes, no overstriking
	text=$(groff -man -Tascii -P-c -P-b -P-u -P-o "$f" 2>/dev/null)
	for sec in NAME SYNOPSIS DESCRIPTION "SEE ALSO"; do
		printf '%s\n' "$text" | grep -q "^$sec" || fail "$page: no $sec section"
	done
	if command -v man >/dev/null 2>&1; then
		err=$(man -l "$f" 2>&1 >/dev/null) || fail "man -l $page: $err"
		[ -z "$err" ] || fail "man -l $page warned: $err"
	fi
	ok "$page renders cleanly"
done
