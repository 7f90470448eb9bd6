# fuzz/: libFuzzer targets, built only with ./configure --enable-fuzz CC=clang.
# The wire-layer sources are compiled into each target (not taken from the
# plain libraries) so that they carry the fuzzer's coverage instrumentation;
# anything else comes from the libraries. Run e.g.
#   ./fuzz/frame_fuzz -max_total_time=60 $(top_srcdir)/fuzz/corpus/frame_fuzz
if ENABLE_FUZZ
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer
FUZZ_WIRE_SOURCES = \
	common/buf.c common/enc.c common/crc32c.c common/types.c common/mem.c \
	msg/frame.c msg/frames_ctl.c msg/message.c msg/message_types.c \
	msg/auth.c msg/auth_none.c
noinst_PROGRAMS += fuzz/frame_fuzz fuzz/message_fuzz
fuzz_frame_fuzz_SOURCES = fuzz/frame_fuzz.c $(FUZZ_WIRE_SOURCES)
fuzz_frame_fuzz_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_frame_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_FLAGS)
fuzz_frame_fuzz_LDADD = $(MSG_LIBS)
fuzz_message_fuzz_SOURCES = fuzz/message_fuzz.c $(FUZZ_WIRE_SOURCES)
fuzz_message_fuzz_CFLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS)
fuzz_message_fuzz_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_FLAGS)
fuzz_message_fuzz_LDADD = $(MSG_LIBS)
endif
EXTRA_DIST += fuzz/corpus
