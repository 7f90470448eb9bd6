# bench: side-by-side benchmark (bench/compare: N osdfarm OSDs vs N classic
# ceph-osd) and bench/profile (top symbols of one OSD under load). Scripts,
# not built; shipped so the smoke test (t/integration/bench_smoke_test.sh)
# finds them in a distribution tree too.
dist_noinst_SCRIPTS += bench/compare bench/profile
EXTRA_DIST += bench/lib/bench.sh bench/lib/measure.py bench/lib/ready.py \
	bench/lib/report.py bench/lib/topsyms.py bench/README.md
