# t/integration/cephx_io_lib.sh — sourced by the cephx I/O wrappers: run the
# client I/O tests (rados CLI, rados bench, python3-rados) unchanged in a
# cephx lab whose clients ask for one msgr2 mode only, against a farm that
# the osdfarm supervisor starts (each slot's --mkfs registers its cephx key).
#
#	cephx_io_run MODE	run the three tests with OSDFARM_LAB_AUTH=cephx,
#				OSDFARM_CLIENT_MODE=MODE, OSDFARM_IO_FARM=1;
#				exits 1 if one fails, 77 if one skipped, else 0
#
# Each test checks at its end (io_check_alive) that our OSDs logged client
# sessions authenticated with cephx in MODE, and none in another mode.

cephx_io_run() {
	local mode=$1 t rc skipped=""
	export OSDFARM_LAB_AUTH=cephx OSDFARM_CLIENT_MODE=$mode OSDFARM_IO_FARM=1
	for t in rados_test rados_bench_test python_rados_test; do
		echo "==== $t (cephx, $mode mode, supervised farm)"
		rc=0
		bash "$top_srcdir/t/integration/$t.sh" || rc=$?
		case $rc in
		0) ;;
		77) skipped="$skipped $t" ;;
		*) fail "$t failed in a cephx lab in $mode mode (exit $rc)" ;;
		esac
	done
	if [ -n "$skipped" ]; then
		echo "SKIP:$skipped"
		exit 77
	fi
	ok "rados CLI, rados bench and python3-rados pass with cephx in $mode mode"
	exit 0
}
