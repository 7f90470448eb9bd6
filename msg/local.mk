# msg/: the msgr2 messenger. Wire layer (frames, control payloads, messages,
# auth interface) first; the connection state machine and messenger after it.
noinst_LIBRARIES += msg/libmsg.a
msg_libmsg_a_SOURCES = \
	msg/frame.c msg/frame.h \
	msg/frame_secure.c \
	msg/frames_ctl.c msg/frames_ctl.h \
	msg/message.c msg/message.h msg/message_types.c msg/message_types.h \
	msg/auth.c msg/auth.h msg/auth_none.c \
	msg/cephx_crypto.c msg/cephx_crypto.h \
	msg/auth_cephx.c msg/auth_cephx.h \
	msg/features.h
# msgconn: connection/messenger sources are appended below this line.
msg_libmsg_a_SOURCES += \
	msg/sock.c msg/sock.h \
	msg/throttle.c msg/throttle.h \
	msg/conn.c msg/conn.h msg/conn_recv.c msg/conn_handshake.c \
	msg/msgr.c msg/msgr.h
