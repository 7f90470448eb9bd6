# tools: developer and CI scripts (bash), shipped in the tarball.
#   lab          throwaway local Ceph cluster (used by t/integration)
#   install-deps Debian packages for build and tests
#   test-all     the whole suite (what .ci/run and the README run)
#   run-fuzz     run built libFuzzer targets for a bounded time
#   demo         build, start a lab, show the cluster
dist_noinst_SCRIPTS += tools/lab tools/install-deps tools/test-all \
	tools/run-fuzz tools/demo
EXTRA_DIST += .ci/run

