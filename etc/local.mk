# etc: the sample osdfarm.conf, installed as $(sysconfdir)/osdfarm/osdfarm.conf.sample
# (never over a live osdfarm.conf). The .sample is a copy made at build time.
osdfarmconfdir = $(sysconfdir)/osdfarm
osdfarmconf_DATA = etc/osdfarm.conf.sample
EXTRA_DIST += etc/osdfarm.conf
CLEANFILES += etc/osdfarm.conf.sample
etc/osdfarm.conf.sample: $(top_srcdir)/etc/osdfarm.conf
	$(AM_V_GEN)$(MKDIR_P) etc && cp $(top_srcdir)/etc/osdfarm.conf $@

# sup: systemd units. The two services get @sbindir@/@sysconfdir@ filled in at
# build time (Makefile is a prerequisite: a new prefix regenerates them) and go
# to $(systemdsystemunitdir), which configure sets under $(prefix).
dist_systemdsystemunit_DATA = etc/osdfarm.target
nodist_systemdsystemunit_DATA = etc/osdfarm@.service etc/osdfarm-osd@.service
EXTRA_DIST += etc/osdfarm@.service.in etc/osdfarm-osd@.service.in
CLEANFILES += etc/osdfarm@.service etc/osdfarm-osd@.service
SUP_UNIT_SED = sed -e 's|@sbindir[@]|$(sbindir)|g' -e 's|@sysconfdir[@]|$(sysconfdir)|g'
etc/osdfarm@.service: $(top_srcdir)/etc/osdfarm@.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) etc && $(SUP_UNIT_SED) $(top_srcdir)/etc/osdfarm@.service.in >$@.tmp && mv $@.tmp $@
etc/osdfarm-osd@.service: $(top_srcdir)/etc/osdfarm-osd@.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) etc && $(SUP_UNIT_SED) $(top_srcdir)/etc/osdfarm-osd@.service.in >$@.tmp && mv $@.tmp $@
