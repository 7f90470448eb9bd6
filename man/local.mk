# man: the manual pages, installed by make install.
dist_man_MANS += man/osdfarm.8 man/osdfarm-osd.8 man/osdfarm.conf.5
