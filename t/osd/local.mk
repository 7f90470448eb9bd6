# t/osd: tests
