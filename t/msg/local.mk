# t/msg: tests of the msgr2 wire layer and messenger.
check_PROGRAMS += t/msg/frame_test t/msg/frames_ctl_test t/msg/message_test
TESTS += t/msg/frame_test t/msg/frames_ctl_test t/msg/message_test
t_msg_frame_test_SOURCES = t/msg/frame_test.c t/msg/msg_test_util.c t/msg/msg_test_util.h
t_msg_frame_test_CFLAGS = $(TEST_CFLAGS)
t_msg_frame_test_LDADD = $(MSG_LIBS) $(TEST_LIBS)
t_msg_frames_ctl_test_SOURCES = t/msg/frames_ctl_test.c t/msg/msg_test_util.c t/msg/msg_test_util.h
t_msg_frames_ctl_test_CFLAGS = $(TEST_CFLAGS)
t_msg_frames_ctl_test_LDADD = $(MSG_LIBS) $(TEST_LIBS)
t_msg_message_test_SOURCES = t/msg/message_test.c t/msg/msg_test_util.c t/msg/msg_test_util.h
t_msg_message_test_CFLAGS = $(TEST_CFLAGS)
t_msg_message_test_LDADD = $(MSG_LIBS) $(TEST_LIBS)
EXTRA_DIST += t/vectors/msgr2/stream_c2m.bin t/vectors/msgr2/stream_m2c.bin
# msgconn: connection/messenger tests are appended below this line.
# msgr_peer: client/server peer driven by t/integration/msgr2_*_test.sh (not a test itself).
check_PROGRAMS += t/msg/msgr_peer
t_msg_msgr_peer_SOURCES = t/msg/msgr_peer.c
t_msg_msgr_peer_LDADD = $(MSG_LIBS)
check_PROGRAMS += t/msg/msgr_test
TESTS += t/msg/msgr_test
t_msg_msgr_test_SOURCES = t/msg/msgr_test.c
t_msg_msgr_test_CFLAGS = $(TEST_CFLAGS)
t_msg_msgr_test_LDADD = $(MSG_LIBS) $(TEST_LIBS)
# cephx: crypto primitives and the cephx auth method.
check_PROGRAMS += t/msg/cephx_crypto_test
TESTS += t/msg/cephx_crypto_test
t_msg_cephx_crypto_test_SOURCES = t/msg/cephx_crypto_test.c
t_msg_cephx_crypto_test_CFLAGS = $(TEST_CFLAGS)
t_msg_cephx_crypto_test_LDADD = $(MSG_LIBS) $(TEST_LIBS)
check_PROGRAMS += t/msg/auth_cephx_test
TESTS += t/msg/auth_cephx_test
t_msg_auth_cephx_test_SOURCES = t/msg/auth_cephx_test.c
t_msg_auth_cephx_test_CFLAGS = $(TEST_CFLAGS)
t_msg_auth_cephx_test_LDADD = $(MSG_LIBS) $(TEST_LIBS)
