# etc: the sample osdfarm.conf, installed as $(sysconfdir)/osdfarm/osdfarm.conf.sample
# (never over a live osdfarm.conf). The .sample is a copy made at build time.
osdfarmconfdir = $(sysconfdir)/osdfarm
osdfarmconf_DATA = etc/osdfarm.conf.sample
EXTRA_DIST += etc/osdfarm.conf
CLEANFILES += etc/osdfarm.conf.sample
etc/osdfarm.conf.sample: $(top_srcdir)/etc/osdfarm.conf
	$(AM_V_GEN)$(MKDIR_P) etc && cp $(top_srcdir)/etc/osdfarm.conf $@
