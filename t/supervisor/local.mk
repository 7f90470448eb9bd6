# t/supervisor: tests
