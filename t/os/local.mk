# t/os: tests
